//! Measures frameworks over HTTP: browsing, drafting, tailoring, importing, publishing, and who
//! may do what.

use app::journeys::frameworks::paths::{
    ADD_MEASURE, ADD_THEME, COPY_OF, DETAILS, DRAFT, EXPORT_CSV, EXPORT_XLSX, IMPORT, MEASURE, NEW_DRAFT, PUBLISH,
    REMOVE_MEASURE, REMOVE_THEME, SELECTION, THEME,
};
use db::{framework_measure, framework_theme, framework_version};
use domain::frameworks::{FrameworkStatus, Measure};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::demo;
use services::framework_files::read_measures;

use crate::helpers::{
    council_admin, council_officer, location, other_council_admin, published_version_id, seeded, signed_in, text_of,
    unescape, Backend, TestApp, SUPPLIER_A,
};
use crate::on_both_databases;

fn draft_form(label: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", "Demo framework".into()),
        ("version-label", label.into()),
        ("effective-date-day", "1".into()),
        ("effective-date-month", "4".into()),
        ("effective-date-year", "2027".into()),
        ("local-definition", "Within the county boundary".into()),
        ("local-postcode-districts", "CM1, CM2".into()),
    ]
}

/// Creates a draft through the form, as a copy of `copy_of` if given; returns its id.
async fn create_draft(app: &TestApp, admin: &reqwest::Client, label: &str, copy_of: Option<i64>) -> i64 {
    let mut form = draft_form(label);
    if let Some(id) = copy_of {
        form.push((COPY_OF, id.to_string()));
    }
    let response = admin.post(app.url(NEW_DRAFT.pattern())).form(&form).send().await.unwrap();
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let to = location(&response);
    to.trim_start_matches("/manage/frameworks/").trim_end_matches("?saved").parse().expect("the draft's page")
}

async fn measures_of(app: &TestApp, version_id: i64) -> Vec<Measure> {
    let csv = app.get(&EXPORT_CSV.id(version_id)).await;
    read_measures(&csv.bytes().await.unwrap()).unwrap()
}

async fn upload(
    app: &TestApp,
    browser: &reqwest::Client,
    version_id: i64,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    browser.post(app.url(&IMPORT.id(version_id))).multipart(form).send().await.unwrap()
}

fn measure_form(code: &str, proxy: &str) -> Vec<(&'static str, String)> {
    vec![
        ("code", code.into()),
        ("theme", "Jobs".into()),
        ("outcome", "More local people in work".into()),
        ("description", "Local people employed on the contract".into()),
        ("kind", "monetised".into()),
        ("unit", "FTE years".into()),
        ("proxy-value", proxy.into()),
        ("allows-fraction", "yes".into()),
        ("applies", "yes".into()),
    ]
}

async fn anyone_can_browse_and_search_the_published_framework(backend: Backend) {
    let app = seeded(backend).await;
    let id = published_version_id(&app).await;
    let (status, list) = app.get_html("/frameworks").await;
    assert_eq!(status, 200);
    assert!(list.contains(demo::DEMO_FRAMEWORK_NAME) && list.contains("Illustrative"), "{list}");

    let (status, page) = app.get_html(&format!("/frameworks/{id}")).await;
    assert_eq!(status, 200);
    // Measures are listed with their code in bold (the page also carries its data for hydration).
    let listed = |html: &str, code: &str| html.contains(&format!("<strong>{code}</strong>"));
    for expected in
        ["<h2 class=\"govuk-heading-m\">Jobs", "Growth", "Social", "Environment", "Innovation", "£25,000.00 per unit"]
    {
        assert!(page.contains(expected), "{expected} on the page");
    }
    assert!(text_of(&page).contains("Illustrative framework: written for this demo"), "the illustrative notice");
    assert!(listed(&page, "JOB-1") && !listed(&page, "GRO-6"), "a measure that does not apply is not listed");

    let (_, found) = app.get_html(&format!("/frameworks/{id}?q=carbon")).await;
    assert!(listed(&found, "ENV-1") && !listed(&found, "JOB-1"), "search by words");
    let (_, by_code) = app.get_html(&format!("/frameworks/{id}?q=soc-1")).await;
    assert!(listed(&by_code, "SOC-1") && by_code.contains("1 of 28 measures match"), "search by code");
}

async fn published_versions_never_change(backend: Backend) {
    let app = seeded(backend).await;
    let admin = council_admin(&app).await;
    let id = published_version_id(&app).await;
    let before = measures_of(&app, id).await;
    let measure_id = framework_measure::Entity::find()
        .filter(framework_measure::Column::VersionId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;

    let attempts = [
        admin.post(app.url(&MEASURE.with(&[&id, &measure_id]))).form(&measure_form("JOB-1", "1")),
        admin.post(app.url(&ADD_MEASURE.id(id))).form(&measure_form("NEW-1", "1")),
        admin.post(app.url(&REMOVE_MEASURE.with(&[&id, &measure_id]))),
        admin.post(app.url(&SELECTION.id(id))).form(&[("applies", measure_id.to_string())]),
        admin.post(app.url(&ADD_THEME.id(id))).form(&[("theme-name", "Extra")]),
        admin.post(app.url(&DETAILS.id(id))).form(&draft_form("changed")),
        admin.post(app.url(&PUBLISH.id(id))),
    ];
    for attempt in attempts {
        let response = attempt.send().await.unwrap();
        let path = response.url().path().to_owned();
        assert_eq!(response.status(), 409, "{path}");
        assert!(response.text().await.unwrap().contains("cannot be changed"), "{path}");
    }
    let refused_import = upload(&app, &admin, id, "demo.csv", demo::DEMO_FRAMEWORK_CSV.as_bytes().to_vec()).await;
    assert_eq!(refused_import.status(), 409);
    assert_eq!(measures_of(&app, id).await, before, "nothing changed");
    let version = framework_version::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(version.status, "published");
}

async fn a_new_version_is_a_copy_whose_changes_are_checked_before_publishing(backend: Backend) {
    let app = seeded(backend).await;
    let admin = council_admin(&app).await;
    let old = published_version_id(&app).await;
    let draft = create_draft(&app, &admin, "2027-28", Some(old)).await;
    assert_eq!(measures_of_draft(&app, &admin, draft).await, measures_of(&app, old).await, "a full copy");

    // A local proxy value for JOB-1, and one measure fewer.
    let job_1 = measure_id(&app, draft, "JOB-1").await;
    let changed = admin
        .post(app.url(&MEASURE.with(&[&draft, &job_1])))
        .form(&{
            let mut form = measure_form("JOB-1", "26,000");
            form.retain(|(name, _)| *name != "outcome");
            form.push(("outcome", "More local people in good work".into()));
            form
        })
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 303, "{}", changed.text().await.unwrap());
    let inn_4 = measure_id(&app, draft, "INN-4").await;
    let removed = admin.post(app.url(&REMOVE_MEASURE.with(&[&draft, &inn_4]))).send().await.unwrap();
    assert_eq!(location(&removed), format!("/manage/frameworks/{draft}?removed"));

    let review = admin.get(app.url(&PUBLISH.id(draft))).send().await.unwrap();
    assert_eq!(review.status(), 200);
    let html = review.text().await.unwrap();
    assert!(html.contains("Check the changes before publishing"));
    assert!(html.contains("0 added, 1 changed, 1 removed"), "{html}");
    assert!(html.contains("proxy value (£): 25000 → 26000"), "the changed value is shown");
    assert!(html.contains("Removed:"));

    let published = admin.post(app.url(&PUBLISH.id(draft))).send().await.unwrap();
    assert_eq!(location(&published), format!("/frameworks/{draft}?published"));
    let db = app.db.clone();
    let status = |id| {
        let db = db.clone();
        async move { framework_version::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().status }
    };
    assert_eq!(status(draft).await, "published");
    assert_eq!(status(old).await, "retired", "the version it replaces is retired");
    let old_job_1 = measures_of(&app, old).await.into_iter().find(|m| m.code == "JOB-1").unwrap();
    assert_eq!(old_job_1.proxy_value.unwrap().to_plain(), "25000", "the old version keeps its values");
    let new_job_1 = measures_of(&app, draft).await.into_iter().find(|m| m.code == "JOB-1").unwrap();
    assert_eq!(new_job_1.proxy_value.unwrap().to_plain(), "26000");
}

async fn measures_of_draft(app: &TestApp, admin: &reqwest::Client, id: i64) -> Vec<Measure> {
    let csv = admin.get(app.url(&EXPORT_CSV.id(id))).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    read_measures(&csv.bytes().await.unwrap()).unwrap()
}

async fn measure_id(app: &TestApp, version_id: i64, code: &str) -> i64 {
    framework_measure::Entity::find()
        .filter(framework_measure::Column::VersionId.eq(version_id))
        .filter(framework_measure::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn publishing_needs_a_measure_and_unique_codes(backend: Backend) {
    let app = seeded(backend).await;
    let admin = council_admin(&app).await;
    let draft = create_draft(&app, &admin, "empty", None).await;

    let empty = admin.post(app.url(&PUBLISH.id(draft))).send().await.unwrap();
    assert_eq!(empty.status(), 200);
    assert!(empty.text().await.unwrap().contains("Add at least one measure that applies before publishing"));

    // A measure needs a theme of the draft.
    let no_theme = admin.post(app.url(&ADD_MEASURE.id(draft))).form(&measure_form("JOB-1", "10")).send().await.unwrap();
    assert!(no_theme
        .text()
        .await
        .unwrap()
        .contains("Choose a theme from the list, or add the theme to the draft first"));
    admin.post(app.url(&ADD_THEME.id(draft))).form(&[("theme-name", "Jobs")]).send().await.unwrap();
    let first = admin.post(app.url(&ADD_MEASURE.id(draft))).form(&measure_form("JOB-1", "10")).send().await.unwrap();
    assert_eq!(first.status(), 303);
    let twice = admin.post(app.url(&ADD_MEASURE.id(draft))).form(&measure_form("job-1", "12.5")).send().await.unwrap();
    assert_eq!(twice.status(), 200);
    let html = twice.text().await.unwrap();
    assert!(html.contains("The code job-1 is already used by another measure"), "{html}");
    assert!(html.contains("value=\"12.5\""), "the typed answers are kept");
    let bad = admin.post(app.url(&ADD_MEASURE.id(draft))).form(&measure_form("JOB-2", "-4")).send().await.unwrap();
    assert!(bad.text().await.unwrap().contains("Enter a proxy value greater than £0"));
    assert_eq!(
        framework_measure::Entity::find()
            .filter(framework_measure::Column::VersionId.eq(draft))
            .count(&app.db)
            .await
            .unwrap(),
        1
    );

    // Tailoring away every measure stops publishing; choosing it again allows it.
    let no_boxes_ticked: [(&str, &str); 0] = [];
    let untick = admin.post(app.url(&SELECTION.id(draft))).form(&no_boxes_ticked).send().await.unwrap();
    assert_eq!(untick.status(), 303);
    let none_apply = admin.post(app.url(&PUBLISH.id(draft))).send().await.unwrap();
    assert!(none_apply.text().await.unwrap().contains("Add at least one measure that applies"));
    let job_1 = measure_id(&app, draft, "JOB-1").await;
    admin.post(app.url(&SELECTION.id(draft))).form(&[("applies", job_1.to_string())]).send().await.unwrap();
    let published = admin.post(app.url(&PUBLISH.id(draft))).send().await.unwrap();
    assert_eq!(published.status(), 303);
}

/// A file with ten different faults: ten precise messages, and nothing imported.
async fn importing_a_faulty_file_reports_every_fault_and_imports_nothing(backend: Backend) {
    let app = seeded(backend).await;
    let admin = council_admin(&app).await;
    let draft = create_draft(&app, &admin, "import", Some(published_version_id(&app).await)).await;
    let before = measures_of_draft(&app, &admin, draft).await;
    let file = "\
code,theme,outcome,description,unit,fractions allowed,kind,proxy value (£),first year only,adds to
OK-1,Jobs,Local work,A good row,FTE years,yes,monetised,100,no,
,Jobs,Local work,No code,FTE years,yes,monetised,100,no,
OK-1,Jobs,Local work,Same code again,FTE years,yes,monetised,100,no,
OK-3,Jobs,Local work,Unknown kind,FTE years,yes,monetized,100,no,
OK-4,Jobs,Local work,Words for money,FTE years,yes,monetised,lots,no,
OK-5,Jobs,Local work,Free money,FTE years,yes,monetised,0,no,
OK-6,Jobs,Local work,Record with value,people,no,record only,5,no,
OK-7,Jobs,Local work,Maybe fractions,hours,maybe,monetised,5,no,
OK-8,Jobs,Local work,Adds to nothing,hours,no,monetised,5,no,NOPE-1
OK-9,,Local work,No theme,hours,no,monetised,5,no,
OK-10,Jobs,Local work,Too many decimals,hours,no,monetised,1.23456,no,
";
    let response = upload(&app, &admin, draft, "faulty.csv", file.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("The file has 10 problems. Nothing was imported"), "{html}");
    let expected = [
        ("3", "code", "Enter the measure's code"),
        ("4", "code", "The code OK-1 is already used by another measure"),
        ("5", "kind", "\"monetized\" is not a kind of measure"),
        ("6", "proxy value (£)", "Enter the proxy value as an amount in pounds, like 12.50"),
        ("7", "proxy value (£)", "Enter a proxy value greater than £0"),
        ("8", "proxy value (£)", "Leave the proxy value empty: a record only measure adds no £"),
        ("9", "fractions allowed", "Write yes or no, not \"maybe\""),
        ("10", "adds to", "There is no measure with the code NOPE-1 to add to"),
        ("11", "theme", "Enter the theme"),
        ("12", "proxy value (£)", "Enter a proxy value with no more than 4 decimal places"),
    ];
    let rows: Vec<&str> = html.split("<tr class=\"govuk-table__row\">").skip(1).collect();
    for (line, column, message) in expected {
        let row = rows
            .iter()
            .find(|r| r.contains(&format!("<td class=\"govuk-table__cell\">{line}</td>")))
            .unwrap_or_else(|| panic!("a row for line {line}"));
        assert!(row.contains(&format!("<td class=\"govuk-table__cell\">{column}</td>")), "line {line}: {row}");
        assert!(row.contains(message), "line {line}: {row}");
    }
    assert_eq!(measures_of_draft(&app, &admin, draft).await, before, "nothing was imported");
}

/// A workbook that would unpack to 150 MB is refused before it is read, and nothing imported.
async fn importing_a_decompression_bomb_imports_nothing(backend: Backend) {
    let app = seeded(backend).await;
    let admin = council_admin(&app).await;
    let draft = create_draft(&app, &admin, "bomb", Some(published_version_id(&app).await)).await;
    let before = measures_of_draft(&app, &admin, draft).await;
    let response = upload(&app, &admin, draft, "framework.xlsx", crate::returns::xlsx_bomb()).await;
    assert_eq!(response.status(), 200);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("The file cannot be imported because it would unpack to more than 100 MB"), "{html}");
    assert_eq!(measures_of_draft(&app, &admin, draft).await, before, "nothing was imported");
}

/// Export then import gives identical measures, through CSV and through XLSX.
async fn exported_files_import_to_identical_data(backend: Backend) {
    let app = seeded(backend).await;
    let admin = council_admin(&app).await;
    let published = published_version_id(&app).await;
    let original = measures_of(&app, published).await;
    assert_eq!(original.len(), 30);
    for (name, path) in [("framework.csv", EXPORT_CSV), ("framework.xlsx", EXPORT_XLSX)] {
        let exported = app.get(&path.id(published)).await;
        assert_eq!(exported.status(), 200);
        let disposition = exported.headers().get("content-disposition").unwrap().to_str().unwrap().to_owned();
        assert!(
            disposition.starts_with("attachment; filename=\"pledgebook-demo-framework-illustrative-2026-27."),
            "{disposition}"
        );
        let bytes = exported.bytes().await.unwrap().to_vec();
        let draft = create_draft(&app, &admin, name, None).await;
        let imported = upload(&app, &admin, draft, name, bytes).await;
        assert_eq!(location(&imported), format!("/manage/frameworks/{draft}?imported"), "{name}");
        assert_eq!(measures_of_draft(&app, &admin, draft).await, original, "{name} round trip");
        let xlsx_again = admin.get(app.url(&EXPORT_XLSX.id(draft))).send().await.unwrap();
        assert_eq!(read_measures(&xlsx_again.bytes().await.unwrap()).unwrap(), original, "{name}, exported again");
    }
}

/// Everyone but the council's administrators gets nothing from the editing pages and routes:
/// anonymous → sign in; supplier or council officer → 403; another council's admin → 404.
async fn only_the_councils_administrators_edit_its_frameworks(backend: Backend) {
    let app = seeded(backend).await;
    let admin = council_admin(&app).await;
    let draft = create_draft(&app, &admin, "secret draft", Some(published_version_id(&app).await)).await;
    let measure = measure_id(&app, draft, "JOB-1").await;
    let theme = framework_theme::Entity::find()
        .filter(framework_theme::Column::VersionId.eq(draft))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;

    let visitors = [
        ("anonymous", app.browser(), &[303u16][..]),
        ("supplier admin", signed_in(&app, SUPPLIER_A).await, &[403u16][..]),
        ("council officer", council_officer(&app).await, &[403][..]),
        ("another council's admin", other_council_admin(&app).await, &[404][..]),
    ];
    let pages = [
        "/manage/frameworks".to_owned(),
        DRAFT.id(draft),
        DETAILS.id(draft),
        ADD_MEASURE.id(draft),
        MEASURE.with(&[&draft, &measure]),
        PUBLISH.id(draft),
    ];
    let forms = [
        DETAILS.id(draft),
        ADD_THEME.id(draft),
        THEME.with(&[&draft, &theme]),
        REMOVE_THEME.with(&[&draft, &theme]),
        ADD_MEASURE.id(draft),
        MEASURE.with(&[&draft, &measure]),
        REMOVE_MEASURE.with(&[&draft, &measure]),
        SELECTION.id(draft),
        PUBLISH.id(draft),
    ];
    for (who, browser, allowed) in &visitors {
        for page in &pages {
            let response = browser.get(app.url(page)).send().await.unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            // The list page is the viewer's own council's: another council's admin sees an empty list.
            if *who == "another council's admin" && page == "/manage/frameworks" {
                assert!(!body.contains("secret draft"), "{who} GET {page}");
                continue;
            }
            assert!(allowed.contains(&status), "{who} GET {page} answered {status}");
            assert!(!body.contains("secret draft"), "{who} GET {page} leaked the draft");
        }
        for path in &forms {
            let response = browser.post(app.url(path)).form(&measure_form("JOB-1", "1")).send().await.unwrap();
            let status = response.status().as_u16();
            let expected: &[u16] = if *who == "anonymous" { &[303] } else { allowed };
            assert!(expected.contains(&status), "{who} POST {path} answered {status}");
        }
        let import = upload(&app, browser, draft, "x.csv", demo::DEMO_FRAMEWORK_CSV.as_bytes().to_vec()).await;
        assert!(allowed.contains(&import.status().as_u16()), "{who} import answered {}", import.status());
        let creating = browser.post(app.url(NEW_DRAFT.pattern())).form(&draft_form("mine")).send().await.unwrap();
        if *who != "another council's admin" {
            assert!(allowed.contains(&creating.status().as_u16()), "{who} creating answered {}", creating.status());
        }
        // A draft is not public: it does not exist for anyone outside its council.
        if *who != "council officer" {
            for path in [format!("/frameworks/{draft}"), EXPORT_CSV.id(draft), EXPORT_XLSX.id(draft)] {
                let response = browser.get(app.url(&path)).send().await.unwrap();
                assert_eq!(response.status(), 404, "{who} GET {path}");
            }
        }
    }
    let draft_version = framework_version::Entity::find_by_id(draft).one(&app.db).await.unwrap().unwrap();
    assert_eq!(draft_version.status, FrameworkStatus::Draft.as_str());
    assert_eq!(measures_of_draft(&app, &admin, draft).await.len(), 30, "nothing changed");
}

on_both_databases!(
    anyone_can_browse_and_search_the_published_framework,
    published_versions_never_change,
    a_new_version_is_a_copy_whose_changes_are_checked_before_publishing,
    publishing_needs_a_measure_and_unique_codes,
    importing_a_faulty_file_reports_every_fault_and_imports_nothing,
    importing_a_decompression_bomb_imports_nothing,
    exported_files_import_to_identical_data,
    only_the_councils_administrators_edit_its_frameworks,
);
