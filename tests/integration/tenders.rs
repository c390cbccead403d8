//! Tenders and the live offer builder over HTTP: the deadline, figures the server recomputes,
//! suppliers kept apart, resubmission history, invalid quantities kept and explained, and the
//! council staff's tender pages.

use app::domain::tenders::SubmittedOffer;
use app::server::db::{
    app_user, audit_log, framework_measure, framework_version, offer, offer_item, offer_submission, tender,
    tender_measure,
};
use app::server::services::demo::{self, DEMO_ACCOUNTS, DEMO_COUNCIL_NAME, DEMO_TENDER_REFERENCE};
use app::server::services::{accounts, audit};
use chrono::{Datelike, Duration, Timelike, Utc};
use sea_orm::prelude::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

use crate::helpers::{spawn_app, Backend, TestApp};
use crate::on_both_databases;

const PASSWORD: &str = demo::DEFAULT_DEMO_PASSWORD;
const COUNCIL_ADMIN: &str = DEMO_ACCOUNTS[0].0;
const SUPPLIER_A: &str = DEMO_ACCOUNTS[1].0;
const SUPPLIER_B: &str = DEMO_ACCOUNTS[2].0;

type Fields = Vec<(String, String)>;

async fn seeded(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    demo::seed(&app.db, PASSWORD).await.unwrap();
    app
}

/// A browser signed in as `email`.
async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let browser = app.browser();
    let response =
        browser.post(app.url("/sign-in")).form(&[("email", email), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(response.status(), 303, "{email} signs in");
    browser
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn unescape(html: &str) -> String {
    html.replace("&quot;", "\"").replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&")
}

fn fields(pairs: &[(&str, &str)]) -> Fields {
    pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

/// A new supplier organisation, registered through the form; the browser is signed in.
async fn registered_supplier(app: &TestApp, organisation: &str, email: &str) -> reqwest::Client {
    let browser = app.browser();
    let response = browser
        .post(app.url("/register"))
        .form(&[
            ("organisation-name", organisation),
            ("companies-house-number", "07654321"),
            ("postcode", "CM3 4AB"),
            ("is-sme", "yes"),
            ("full-name", "Third Bidder"),
            ("email", email),
            ("password", "a perfectly long passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{organisation} registers");
    browser
}

/// Another council with its own administrator, `otto@other.example`.
async fn other_council_admin(app: &TestApp) -> reqwest::Client {
    accounts::create_council_admin(&app.db, "Other Borough Council", "Otto Other", "otto@other.example", PASSWORD)
        .await
        .unwrap();
    signed_in(app, "otto@other.example").await
}

async fn demo_tender(app: &TestApp) -> tender::Model {
    tender::Entity::find()
        .filter(tender::Column::Reference.eq(DEMO_TENDER_REFERENCE))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo tender")
}

async fn reload_tender(app: &TestApp, id: i64) -> tender::Model {
    tender::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

async fn published_version_id(app: &TestApp) -> i64 {
    framework_version::Entity::find()
        .filter(framework_version::Column::Status.eq("published"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo framework is published")
        .id
}

/// The measure with `code` in the tender's framework version.
async fn measure(app: &TestApp, tender: &tender::Model, code: &str) -> framework_measure::Model {
    framework_measure::Entity::find()
        .filter(framework_measure::Column::VersionId.eq(tender.framework_version_id))
        .filter(framework_measure::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("measure {code}"))
}

async fn chosen_measure_ids(app: &TestApp, tender_id: i64) -> Vec<i64> {
    let mut ids: Vec<i64> = tender_measure::Entity::find()
        .filter(tender_measure::Column::TenderId.eq(tender_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.measure_id)
        .collect();
    ids.sort();
    ids
}

/// The measure, checked to be chosen for the tender (or not), so a test's premise is explicit.
async fn measure_in(app: &TestApp, tender: &tender::Model, code: &str, chosen: bool) -> framework_measure::Model {
    let found = measure(app, tender, code).await;
    assert_eq!(
        chosen_measure_ids(app, tender.id).await.contains(&found.id),
        chosen,
        "{code} chosen for {}: expected {chosen}",
        tender.reference
    );
    found
}

fn proxy_of(measure: &framework_measure::Model) -> Decimal {
    measure.proxy_value.as_deref().expect("a monetised measure").parse().unwrap()
}

/// quantity × proxy value, rounded to £0.01 midpoint away from zero (all amounts here are ≥ 0),
/// worked out here independently of the app's calculation code.
fn line_value(quantity: &str, proxy: Decimal) -> Decimal {
    let hundred = Decimal::from(100);
    let exact = quantity.parse::<Decimal>().unwrap() * proxy;
    let mut rounded = (exact * hundred + Decimal::new(5, 1)).floor() / hundred;
    rounded.rescale(2);
    rounded
}

/// "£185,550.24"
fn gbp(amount: Decimal) -> String {
    let plain = format!("{amount:.2}");
    let (whole, pence) = plain.split_once('.').unwrap();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("£{grouped}.{pence}")
}

/// Starts (or finds) the signed-in supplier's offer for a tender; returns its id.
async fn start_offer(app: &TestApp, browser: &reqwest::Client, tender_id: i64) -> i64 {
    let response = browser.post(app.url(&format!("/tenders/{tender_id}/offer"))).send().await.unwrap();
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let to = location(&response);
    to.strip_prefix("/offers/").and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("an offer's page: {to}"))
}

async fn save(app: &TestApp, browser: &reqwest::Client, offer_id: i64, form: &Fields) -> reqwest::Response {
    let mut form = form.clone();
    form.push(("action".into(), "save".into()));
    browser.post(app.url(&format!("/offers/{offer_id}"))).form(&form).send().await.unwrap()
}

async fn save_ok(app: &TestApp, browser: &reqwest::Client, offer_id: i64, form: &Fields) {
    let response = save(app, browser, offer_id, form).await;
    assert_eq!(response.status(), 303, "saved: {}", response.text().await.unwrap());
    assert_eq!(location(&response), format!("/offers/{offer_id}?saved"));
}

async fn submit(app: &TestApp, browser: &reqwest::Client, offer_id: i64) -> reqwest::Response {
    browser.post(app.url(&format!("/offers/{offer_id}/submit"))).form(&[("attestation", "yes")]).send().await.unwrap()
}

/// Submits with the attestation; returns the submission's id from the receipt's address.
async fn submit_ok(app: &TestApp, browser: &reqwest::Client, offer_id: i64) -> i64 {
    let response = submit(app, browser, offer_id).await;
    assert_eq!(response.status(), 303, "submitted: {}", response.text().await.unwrap());
    let to = location(&response);
    to.strip_prefix(&format!("/offers/{offer_id}/submissions/"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("the receipt: {to}"))
}

async fn items_of(app: &TestApp, offer_id: i64) -> Vec<offer_item::Model> {
    offer_item::Entity::find()
        .filter(offer_item::Column::OfferId.eq(offer_id))
        .order_by_asc(offer_item::Column::MeasureId)
        .all(&app.db)
        .await
        .unwrap()
}

async fn submissions_of(app: &TestApp, offer_id: i64) -> Vec<offer_submission::Model> {
    offer_submission::Entity::find()
        .filter(offer_submission::Column::OfferId.eq(offer_id))
        .order_by_asc(offer_submission::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn offer_row(app: &TestApp, offer_id: i64) -> offer::Model {
    offer::Entity::find_by_id(offer_id).one(&app.db).await.unwrap().unwrap()
}

async fn page(app: &TestApp, browser: &reqwest::Client, path: &str) -> (u16, String) {
    let response = browser.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, unescape(&response.text().await.unwrap()))
}

/// Text without tags or comments, spaces collapsed.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `value` attribute of the `<input>` whose id is `field`.
fn input_value(html: &str, field: &str) -> Option<String> {
    let id = format!("id=\"{field}\"");
    html.split("<input").skip(1).map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())]).find_map(|tag| {
        if !tag.contains(&id) {
            return None;
        }
        let start = tag.find(" value=\"")? + " value=\"".len();
        Some(tag[start..start + tag[start..].find('"')?].to_owned())
    })
}

/// The text of the error message shown beside `field` (its `{field}-error` paragraph).
fn error_beside(html: &str, field: &str) -> Option<String> {
    let start = html.find(&format!("id=\"{field}-error\""))?;
    let rest = &html[start..];
    let body = &rest[rest.find('>')? + 1..];
    Some(text_of(&body[..body.find("</p>")?]))
}

/// The text of the element that follows the first occurrence of `marker` (a class or id).
fn text_after(html: &str, marker: &str, closing: &str) -> String {
    let start = html.find(marker).unwrap_or_else(|| panic!("{marker} on the page"));
    let rest = &html[start..];
    let body = &rest[rest.find('>').unwrap() + 1..];
    text_of(&body[..body.find(closing).unwrap()])
}

// ---- 1. The deadline ------------------------------------------------------------------------

/// Once the deadline passes, nothing about an offer can change: saving, submitting and
/// withdrawing answer 409 and change nothing; no new offer can start; the tender leaves the list.
async fn after_the_deadline_offers_are_locked_and_the_tender_is_unlisted(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;

    // Supplier A keeps a draft; supplier B submits.
    let a = signed_in(&app, SUPPLIER_A).await;
    let a_offer = start_offer(&app, &a, tender.id).await;
    let draft: Fields =
        vec![(format!("q-{}-1", job_1.id), "2".into()), (format!("plan-{}", job_1.id), "Two local hires".into())];
    save_ok(&app, &a, a_offer, &draft).await;
    let b = signed_in(&app, SUPPLIER_B).await;
    let b_offer = start_offer(&app, &b, tender.id).await;
    assert_ne!(a_offer, b_offer, "one offer per supplier");
    save_ok(
        &app,
        &b,
        b_offer,
        &vec![(format!("q-{}-1", job_1.id), "1".into()), (format!("plan-{}", job_1.id), "One hire".into())],
    )
    .await;
    submit_ok(&app, &b, b_offer).await;

    let (_, listed) = page(&app, &app.browser(), "/tenders").await;
    assert!(listed.contains(DEMO_TENDER_REFERENCE), "listed while open");

    // The deadline passes.
    tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(tender.id),
        deadline: Set(Utc::now() - Duration::minutes(1)),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();

    let a_items = items_of(&app, a_offer).await;
    let a_row = offer_row(&app, a_offer).await;
    let b_submissions = submissions_of(&app, b_offer).await;
    let b_row = offer_row(&app, b_offer).await;
    assert_eq!(a_items.len(), 1);
    assert_eq!(b_submissions.len(), 1);

    let changed: Fields =
        vec![(format!("q-{}-1", job_1.id), "9".into()), (format!("plan-{}", job_1.id), "Changed too late".into())];
    let refused_save = save(&app, &a, a_offer, &changed).await;
    assert_eq!(refused_save.status(), 409);
    let html = unescape(&refused_save.text().await.unwrap());
    assert!(html.contains("The deadline for this tender has passed"), "{html}");
    let to_check = a
        .post(app.url(&format!("/offers/{a_offer}")))
        .form(&[(format!("q-{}-1", job_1.id), "9".to_owned()), ("action".into(), "check".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(to_check.status(), 409, "save and continue to check");
    let autosave = a
        .post(app.url("/api/offers/autosave"))
        .form(&[
            ("id", a_offer.to_string()),
            ("fields[0][0]", format!("q-{}-1", job_1.id)),
            ("fields[0][1]", "9".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(autosave.status(), 409, "autosave after the deadline");
    let refused_submit = submit(&app, &a, a_offer).await;
    assert_eq!(refused_submit.status(), 409);
    assert!(unescape(&refused_submit.text().await.unwrap()).contains("The deadline for this tender has passed"));
    let refused_withdraw = b.post(app.url(&format!("/offers/{b_offer}/withdraw"))).send().await.unwrap();
    assert_eq!(refused_withdraw.status(), 409);
    let b_save = save(&app, &b, b_offer, &changed).await;
    assert_eq!(b_save.status(), 409, "a submitted offer cannot be saved either");

    assert_eq!(items_of(&app, a_offer).await, a_items, "A's draft is unchanged");
    assert_eq!(offer_row(&app, a_offer).await, a_row);
    assert!(submissions_of(&app, a_offer).await.is_empty(), "A submitted nothing");
    assert_eq!(submissions_of(&app, b_offer).await, b_submissions, "B's submission is not withdrawn");
    assert_eq!(offer_row(&app, b_offer).await, b_row);
    assert_eq!(b_row.status, "submitted");

    // A third supplier cannot start an offer now.
    let c = registered_supplier(&app, "Latecomer Ltd", "late@latecomer.example").await;
    let late = c.post(app.url(&format!("/tenders/{}/offer", tender.id))).send().await.unwrap();
    assert_eq!(late.status(), 409);
    assert_eq!(offer::Entity::find().filter(offer::Column::TenderId.eq(tender.id)).count(&app.db).await.unwrap(), 2);

    // The pages say so.
    let (status, a_page) = page(&app, &a, &format!("/offers/{a_offer}")).await;
    assert_eq!(status, 200);
    assert!(a_page.contains("The deadline has passed. This offer was not submitted and can no longer change."));
    let (status, tender_page) = page(&app, &c, &format!("/tenders/{}", tender.id)).await;
    assert_eq!(status, 200);
    assert!(tender_page.contains(">Closed<") && !tender_page.contains("Start your offer"), "{tender_page}");
    let (_, list) = page(&app, &app.browser(), "/tenders").await;
    assert!(!list.contains(DEMO_TENDER_REFERENCE), "a closed tender is not listed");
    assert!(list.contains("No open tenders match"));

    // The refused changes left no lock behind: the council can still cancel the tender.
    let admin = signed_in(&app, COUNCIL_ADMIN).await;
    let cancelled = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        admin.post(app.url(&format!("/manage/tenders/{}/cancel", tender.id))).send(),
    )
    .await
    .expect("cancelling is not blocked by a refused change's lock")
    .unwrap();
    assert_eq!(location(&cancelled), format!("/manage/tenders/{}?cancelled", tender.id));
    assert_eq!(reload_tender(&app, tender.id).await.status, "cancelled");
}

// ---- 2. Figures the browser sends are ignored -----------------------------------------------

/// Extra fields (values, totals, proxy values, a measure outside the tender, a year beyond the
/// contract) change nothing: the server stores only the tender's quantities and computes every
/// figure from the framework's proxy values.
async fn tampered_figures_are_ignored_and_the_server_computes_every_value(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let contract_value: Decimal = tender.contract_value.parse().unwrap();
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let gro_1 = measure_in(&app, &tender, "GRO-1", true).await;
    let env_2 = measure_in(&app, &tender, "ENV-2", true).await;
    let env_3 = measure_in(&app, &tender, "ENV-3", true).await;
    let inn_2 = measure_in(&app, &tender, "INN-2", true).await;
    let job_7 = measure_in(&app, &tender, "JOB-7", false).await;
    let gro_6 = measure_in(&app, &tender, "GRO-6", false).await;

    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    let (j, g, e2, e3, i, j7, g6) = (job_1.id, gro_1.id, env_2.id, env_3.id, inn_2.id, job_7.id, gro_6.id);
    let honest = [
        (format!("q-{j}-1"), "2.5"),
        (format!("q-{j}-2"), "3"),
        (format!("plan-{j}"), "Local hires through the job centre"),
        (format!("q-{g}-1"), "250000.5"),
        (format!("plan-{g}"), "Local SME subcontracts"),
        // 3 × £0.045 = £0.135 unrounded; the rule gives 3 × £0.05 = £0.15.
        (format!("q-{e3}-1"), "1"),
        (format!("q-{e3}-2"), "1"),
        (format!("q-{e3}-3"), "1"),
        (format!("plan-{e3}"), "Electric vans"),
        (format!("q-{i}-2"), "10"),
        (format!("plan-{i}"), "Refurbished laptops"),
        (format!("response-{e2}"), "A baseline in the first quarter"),
    ];
    let tampering = [
        (format!("value-{j}-1"), "999999999"),
        (format!("value-{j}"), "999999999"),
        ("total".to_owned(), "999999999"),
        ("ratio".to_owned(), "5"),
        ("score".to_owned(), "100"),
        (format!("proxy-{j}"), "1000000"),
        (format!("proxy-value-{j}"), "1000000"),
        (format!("proxy_value-{g}"), "1000000"),
        (format!("subtotal-{e3}"), "1000000"),
        (format!("q-{j7}-1"), "500"),
        (format!("plan-{j7}"), "Not a measure of this tender"),
        (format!("q-{g6}-1"), "7"),
        (format!("response-{g6}"), "Not chosen either"),
        ("q-999999-1".to_owned(), "1000"),
        (format!("q-{j}-9"), "4"),
    ];
    let form: Fields = honest.iter().chain(tampering.iter()).map(|(n, v)| (n.clone(), (*v).to_owned())).collect();
    save_ok(&app, &a, offer_id, &form).await;

    let items = items_of(&app, offer_id).await;
    let stored: Vec<i64> = items.iter().map(|item| item.measure_id).collect();
    let mut expected_ids = vec![j, g, e2, e3, i];
    expected_ids.sort();
    assert_eq!(stored, expected_ids, "only the tender's measures are stored");
    for item in &items {
        let framework = [&job_1, &gro_1, &env_2, &env_3, &inn_2].into_iter().find(|m| m.id == item.measure_id).unwrap();
        let stored_proxy = item.proxy_value.as_deref().map(|p| p.parse::<Decimal>().unwrap());
        let framework_proxy = framework.proxy_value.as_deref().map(|p| p.parse::<Decimal>().unwrap());
        assert_eq!(stored_proxy, framework_proxy, "{}: the framework's proxy value", framework.code);
    }
    let job_item = items.iter().find(|item| item.measure_id == j).unwrap();
    let quantities: serde_json::Value = serde_json::from_str(&job_item.quantities).unwrap();
    assert_eq!(quantities["9"], "4", "the year beyond the contract is kept as typed: {quantities}");

    // The year beyond the contract stops submission, named.
    let refused = submit(&app, &a, offer_id).await;
    assert_eq!(refused.status(), 200);
    let html = unescape(&refused.text().await.unwrap());
    assert!(html.contains("There is a problem"));
    assert!(html.contains("The contract runs for 3 years: year 9 is beyond it"), "{html}");
    assert!(submissions_of(&app, offer_id).await.is_empty());
    assert_eq!(offer_row(&app, offer_id).await.status, "draft");

    // Emptied (as the builder sends the box), the same tampered form submits.
    let form: Fields =
        form.into_iter().map(|(n, v)| if n == format!("q-{j}-9") { (n, String::new()) } else { (n, v) }).collect();
    save_ok(&app, &a, offer_id, &form).await;
    let submission_id = submit_ok(&app, &a, offer_id).await;

    let (pj, pg, pe3, pi) = (proxy_of(&job_1), proxy_of(&gro_1), proxy_of(&env_3), proxy_of(&inn_2));
    let expected_lines: Vec<(i64, u32, Decimal)> = vec![
        (j, 1, line_value("2.5", pj)),
        (j, 2, line_value("3", pj)),
        (g, 1, line_value("250000.5", pg)),
        (e3, 1, line_value("1", pe3)),
        (e3, 2, line_value("1", pe3)),
        (e3, 3, line_value("1", pe3)),
        (i, 2, line_value("10", pi)),
    ];
    let total: Decimal = expected_lines.iter().map(|(_, _, v)| *v).sum();
    assert_eq!(total, "185550.24".parse::<Decimal>().unwrap(), "the hand-worked total, from the demo's proxy values");

    let rows = submissions_of(&app, offer_id).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.id, submission_id);
    assert_eq!(row.total.parse::<Decimal>().unwrap(), total, "the stored total");
    assert_eq!(row.ratio.as_deref().unwrap().parse::<Decimal>().unwrap(), total / contract_value, "the stored ratio");
    let snapshot: SubmittedOffer = serde_json::from_str(&row.snapshot).unwrap();
    assert_eq!(snapshot.total.pounds(), total);
    assert_eq!(snapshot.ratio.unwrap().value(), total / contract_value);
    let mut lines: Vec<(i64, u32, Decimal)> =
        snapshot.lines.iter().map(|l| (l.measure_id, l.year, l.value.pounds())).collect();
    lines.sort();
    let mut expected_sorted = expected_lines.clone();
    expected_sorted.sort();
    assert_eq!(lines, expected_sorted, "every line, and only the valid ones, with its own value");
    for line in &snapshot.lines {
        let framework = [&job_1, &gro_1, &env_3, &inn_2].into_iter().find(|m| m.id == line.measure_id).unwrap();
        assert_eq!(line.proxy_value.unwrap().per_unit(), proxy_of(framework), "{}", line.code);
        assert_eq!(line.code, framework.code);
    }
    let by_year = |year: u32| expected_lines.iter().filter(|(_, y, _)| *y == year).map(|(_, _, v)| *v).sum::<Decimal>();
    for year in 1..=3 {
        assert_eq!(snapshot.by_year.get(&year).map(|m| m.pounds()), Some(by_year(year)), "year {year}");
    }
    assert!(!snapshot.by_year.contains_key(&9));
    assert_eq!(snapshot.by_theme["Jobs"].pounds(), line_value("2.5", pj) + line_value("3", pj));
    assert_eq!(snapshot.by_theme["Environment"].pounds(), line_value("1", pe3) * Decimal::from(3));
    assert_eq!(snapshot.responses.len(), 1, "the written response");
    assert_eq!(snapshot.responses[0].measure_id, e2);

    // The receipt shows the server's figures.
    let (status, receipt) = page(&app, &a, &format!("/offers/{offer_id}/submissions/{submission_id}")).await;
    assert_eq!(status, 200);
    assert!(receipt.contains("Offer submitted") && receipt.contains(&row.reference));
    assert!(receipt.contains(&format!("Total social value {}", gbp(total))), "{receipt}");
    assert!(!receipt.contains("£999,999,999"));
}

// ---- 3. Suppliers kept apart ----------------------------------------------------------------

/// Another supplier's people get 404 on everything about an offer that is not theirs; council
/// staff get 403 on offer pages; anonymous visitors are sent to sign in. Nothing changes.
async fn one_supplier_can_neither_see_nor_change_anothers_offer(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    assert_eq!(start_offer(&app, &a, tender.id).await, offer_id, "starting again finds the same offer");
    let secret = "Secret plan of Example Facilities";
    save_ok(
        &app,
        &a,
        offer_id,
        &vec![(format!("q-{}-1", job_1.id), "2".into()), (format!("plan-{}", job_1.id), "Draft".into())],
    )
    .await;

    // The owner's server functions answer (a positive control for the refusals below).
    let autosaved = a
        .post(app.url("/api/offers/autosave"))
        .form(&[
            ("id", offer_id.to_string()),
            ("fields[0][0]", format!("q-{}-1", job_1.id)),
            ("fields[0][1]", "2".into()),
            ("fields[1][0]", format!("plan-{}", job_1.id)),
            ("fields[1][1]", secret.into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(autosaved.status(), 200, "{}", autosaved.text().await.unwrap());
    let items = items_of(&app, offer_id).await;
    assert_eq!((items.len(), items[0].plan.as_str()), (1, secret), "the owner's autosave is stored");
    let own = a.post(app.url("/api/offers/offer")).form(&[("id", offer_id.to_string())]).send().await.unwrap();
    assert_eq!(own.status(), 200);
    assert!(own.text().await.unwrap().contains(secret));

    let b = signed_in(&app, SUPPLIER_B).await;
    let b_offer = start_offer(&app, &b, tender.id).await;
    assert_ne!(b_offer, offer_id, "B gets its own offer");
    let council = signed_in(&app, COUNCIL_ADMIN).await;
    let anonymous = app.browser();

    let takeover: Fields = vec![
        (format!("q-{}-1", job_1.id), "0".into()),
        (format!("plan-{}", job_1.id), "Taken over".into()),
        ("attestation".into(), "yes".into()),
    ];
    let items_before = items_of(&app, offer_id).await;
    let offer_before = offer_row(&app, offer_id).await;

    // While A's offer is a draft that could be submitted.
    let draft_attempts = |browser: &reqwest::Client| {
        vec![
            ("GET offer", browser.get(app.url(&format!("/offers/{offer_id}")))),
            ("GET check", browser.get(app.url(&format!("/offers/{offer_id}/check")))),
            ("POST save", browser.post(app.url(&format!("/offers/{offer_id}"))).form(&takeover)),
            (
                "POST check",
                browser.post(app.url(&format!("/offers/{offer_id}"))).form(&{
                    let mut form = takeover.clone();
                    form.push(("action".into(), "check".into()));
                    form
                }),
            ),
            ("POST submit", browser.post(app.url(&format!("/offers/{offer_id}/submit"))).form(&takeover)),
            ("POST withdraw", browser.post(app.url(&format!("/offers/{offer_id}/withdraw")))),
            ("api offer", browser.post(app.url("/api/offers/offer")).form(&[("id", offer_id.to_string())])),
            ("api review", browser.post(app.url("/api/offers/review")).form(&[("id", offer_id.to_string())])),
            (
                "api autosave",
                browser.post(app.url("/api/offers/autosave")).form(&[
                    ("id", offer_id.to_string()),
                    ("fields[0][0]", format!("plan-{}", job_1.id)),
                    ("fields[0][1]", "Taken over".into()),
                ]),
            ),
        ]
    };
    for (what, request) in draft_attempts(&b) {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 404, "supplier B {what} answered {status}: {body}");
        assert!(!body.contains(secret), "supplier B {what} leaked A's plan");
    }
    for (what, request) in draft_attempts(&council) {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 403, "council admin {what} answered {status}");
        assert!(!body.contains(secret), "council admin {what} leaked A's plan");
    }
    for (what, request) in draft_attempts(&anonymous) {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        if what.starts_with("api") {
            assert_eq!(status, 401, "anonymous {what}");
        } else {
            assert_eq!(status, 303, "anonymous {what}");
            assert_eq!(location(&response), "/sign-in", "anonymous {what}");
        }
    }
    assert_eq!(items_of(&app, offer_id).await, items_before, "A's answers are unchanged");
    assert_eq!(offer_row(&app, offer_id).await, offer_before);
    assert!(submissions_of(&app, offer_id).await.is_empty(), "nobody else submitted A's offer");

    // Once A has submitted: the receipt and withdrawing.
    let submission_id = submit_ok(&app, &a, offer_id).await;
    let submitted = submissions_of(&app, offer_id).await;
    let receipt = format!("/offers/{offer_id}/submissions/{submission_id}");
    let (status, own_receipt) = page(&app, &a, &receipt).await;
    assert_eq!(status, 200);
    assert!(own_receipt.contains(&submitted[0].reference));
    for (who, browser, expected) in [("supplier B", &b, 404u16), ("council admin", &council, 403)] {
        for (what, request) in [
            ("GET receipt", browser.get(app.url(&receipt))),
            ("POST withdraw", browser.post(app.url(&format!("/offers/{offer_id}/withdraw")))),
            (
                "api receipt",
                browser
                    .post(app.url("/api/offers/receipt"))
                    .form(&[("id", offer_id.to_string()), ("submission_id", submission_id.to_string())]),
            ),
        ] {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert_eq!(status, expected, "{who} {what} answered {status}");
            assert!(!body.contains(&submitted[0].reference) && !body.contains(secret), "{who} {what} leaked");
        }
    }
    // B's own offer does not reach A's submission either.
    let (status, _) = page(&app, &b, &format!("/offers/{b_offer}/submissions/{submission_id}")).await;
    assert_eq!(status, 404, "a submission read through another offer");
    assert_eq!(submissions_of(&app, offer_id).await, submitted, "still submitted, not withdrawn");
    assert_eq!(offer_row(&app, offer_id).await.status, "submitted");
    assert_eq!(items_of(&app, offer_id).await, items_before);
}

// ---- 4. Resubmission ------------------------------------------------------------------------

/// Withdrawing and submitting again keeps every submission: the first marked withdrawn, the
/// latest current, each with its own total; the audit trail records it all.
async fn resubmitting_keeps_the_history_of_every_submission(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let proxy = proxy_of(&job_1);
    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    let answers = |quantity: &str| -> Fields {
        vec![
            (format!("q-{}-1", job_1.id), quantity.into()),
            (format!("plan-{}", job_1.id), "Local hires <script>alert(1)</script>".into()),
        ]
    };

    save_ok(&app, &a, offer_id, &answers("1")).await;
    let first_id = submit_ok(&app, &a, offer_id).await;
    let r1 = submissions_of(&app, offer_id).await[0].reference.clone();
    let (status, receipt) = page(&app, &a, &format!("/offers/{offer_id}/submissions/{first_id}")).await;
    assert_eq!(status, 200);
    assert!(receipt.contains("Offer submitted") && receipt.contains(&format!("<strong>{r1}</strong>")), "{receipt}");

    // A submitted offer is locked until withdrawn.
    let locked = save(&app, &a, offer_id, &answers("5")).await;
    assert_eq!(locked.status(), 409);
    assert!(
        unescape(&locked.text().await.unwrap()).contains("This offer has been submitted. Withdraw it to change it.")
    );
    let twice = submit(&app, &a, offer_id).await;
    assert_eq!(twice.status(), 409, "submitting twice");

    let withdrawn = a.post(app.url(&format!("/offers/{offer_id}/withdraw"))).send().await.unwrap();
    assert_eq!(withdrawn.status(), 303);
    assert_eq!(location(&withdrawn), format!("/offers/{offer_id}?withdrawn"));
    assert_eq!(offer_row(&app, offer_id).await.status, "draft");
    let again = a.post(app.url(&format!("/offers/{offer_id}/withdraw"))).send().await.unwrap();
    assert_eq!(again.status(), 409, "withdrawing a draft");

    save_ok(&app, &a, offer_id, &answers("2")).await;
    let second_id = submit_ok(&app, &a, offer_id).await;
    assert_ne!(first_id, second_id);

    let rows = submissions_of(&app, offer_id).await;
    assert_eq!(rows.len(), 2);
    let (first, second) = (&rows[0], &rows[1]);
    assert_eq!((first.id, second.id), (first_id, second_id));
    assert!(first.withdrawn_at.is_some() && first.withdrawn_by_user_id.is_some(), "the first is withdrawn");
    assert!(second.withdrawn_at.is_none(), "the second is current");
    let r2 = second.reference.clone();
    assert_ne!(r1, r2);
    for reference in [&r1, &r2] {
        let parts: Vec<&str> = reference.split('-').collect();
        assert!(parts.len() == 3 && parts[0] == "SV" && parts[1].len() == 4 && parts[2].len() == 4, "{reference}");
    }
    assert_eq!(first.total.parse::<Decimal>().unwrap(), line_value("1", proxy));
    assert_eq!(second.total.parse::<Decimal>().unwrap(), line_value("2", proxy));
    let first_snapshot: SubmittedOffer = serde_json::from_str(&first.snapshot).unwrap();
    assert_eq!(first_snapshot.lines.len(), 1);
    assert_eq!(first_snapshot.lines[0].quantity.value(), Decimal::from(1), "the first keeps its own quantity");
    assert_eq!(offer_row(&app, offer_id).await.status, "submitted");

    let (status, offer_page) = page(&app, &a, &format!("/offers/{offer_id}")).await;
    assert_eq!(status, 200);
    let history = &offer_page[offer_page.find(">Submissions<").expect("the submission history")..];
    let row_of = |reference: &str| {
        let start = history.find(reference).unwrap_or_else(|| panic!("{reference} listed"));
        text_of(&history[start..start + history[start..].find("</tr>").unwrap()])
    };
    let (first_row, second_row) = (row_of(&r1), row_of(&r2));
    assert!(first_row.contains("Withdrawn") && first_row.contains(&gbp(line_value("1", proxy))), "{first_row}");
    assert!(second_row.contains("Current") && second_row.contains(&gbp(line_value("2", proxy))), "{second_row}");
    assert!(history.find(&r2).unwrap() < history.find(&r1).unwrap(), "the newest first");

    assert!(
        !offer_page.contains("<script>alert(1)</script>") && !receipt.contains("<script>alert(1)</script>"),
        "plans are escaped"
    );
    let (_, old_receipt) = page(&app, &a, &format!("/offers/{offer_id}/submissions/{first_id}")).await;
    assert!(old_receipt.contains(&format!("Submission {r1}")) && old_receipt.contains("This submission was withdrawn"));

    let report = audit::verify_chain(&app.db).await.expect("the audit chain verifies");
    assert!(report.entries > 0);
    let count = |action: &'static str| {
        let db = app.db.clone();
        async move {
            audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq(action))
                .filter(audit_log::Column::EntityType.eq("offer"))
                .filter(audit_log::Column::EntityId.eq(offer_id.to_string()))
                .count(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(count("offer.submit").await, 2);
    assert_eq!(count("offer.withdraw").await, 1);
}

// ---- 5. Invalid quantities ------------------------------------------------------------------

/// Invalid quantities are saved as typed, shown again with a message beside each box, and left
/// out of the figures; they stop submission.
async fn invalid_quantities_are_kept_explained_and_left_out_of_the_figures(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let soc_1 = measure_in(&app, &tender, "SOC-1", true).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let inn_2 = measure_in(&app, &tender, "INN-2", true).await;
    let gro_3 = measure_in(&app, &tender, "GRO-3", true).await;
    assert!(soc_1.allows_fraction && job_1.allows_fraction, "fractional measures");
    assert!(!inn_2.allows_fraction, "INN-2 counts whole devices");
    assert!(gro_3.first_year_only, "GRO-3 counts in year 1 only");

    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    let invalid = [
        (format!("q-{}-1", soc_1.id), "-2", "Enter a quantity of 0 or more"),
        (format!("q-{}-1", job_1.id), "1.234", "Enter a quantity with no more than 2 decimal places"),
        (format!("q-{}-1", inn_2.id), "2.5", "Enter a whole number: this unit cannot be split"),
        (format!("q-{}-2", gro_3.id), "1", "This measure counts in year 1 only: leave year 2 empty"),
    ];
    let valid = [(format!("q-{}-2", job_1.id), "1"), (format!("q-{}-2", inn_2.id), "3")];
    let mut form: Fields = invalid.iter().map(|(n, v, _)| (n.clone(), (*v).to_owned())).collect();
    form.extend(valid.iter().map(|(n, v)| (n.clone(), (*v).to_owned())));
    for m in [&soc_1, &job_1, &inn_2, &gro_3] {
        form.push((format!("plan-{}", m.id), format!("Plan for {}", m.code)));
    }
    save_ok(&app, &a, offer_id, &form).await;

    // Stored as typed.
    let items = items_of(&app, offer_id).await;
    for (field, typed, _) in &invalid {
        let mut parts = field.split('-').skip(1);
        let (id, year): (i64, &str) = (parts.next().unwrap().parse().unwrap(), parts.next().unwrap());
        let item = items.iter().find(|i| i.measure_id == id).unwrap_or_else(|| panic!("{field} stored"));
        let quantities: serde_json::Value = serde_json::from_str(&item.quantities).unwrap();
        assert_eq!(quantities[year], *typed, "{field} kept as typed");
    }

    let (status, html) = page(&app, &a, &format!("/offers/{offer_id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("There is a problem"), "the error summary");
    for (field, typed, message) in &invalid {
        assert_eq!(input_value(&html, field).as_deref(), Some(*typed), "{field} shows what was typed");
        let shown = error_beside(&html, field).unwrap_or_else(|| panic!("an error beside {field}"));
        assert!(shown.contains(message), "{field}: {shown}");
        assert!(html.contains(&format!("href=\"#{field}\"")), "the summary links to {field}");
    }
    for (field, typed) in &valid {
        assert_eq!(input_value(&html, field).as_deref(), Some(*typed));
        assert_eq!(error_beside(&html, field), None, "no error beside the valid {field}");
    }
    let expected = line_value("1", proxy_of(&job_1)) + line_value("3", proxy_of(&inn_2));
    assert_eq!(text_after(&html, "pb-figures__total", "</td>"), gbp(expected), "the figures leave out invalid lines");

    // The check page lists the problems, with the same figures; submitting is refused.
    let (status, check) = page(&app, &a, &format!("/offers/{offer_id}/check")).await;
    assert_eq!(status, 200);
    for (field, _, message) in &invalid {
        assert!(
            check.contains(&format!("href=\"/offers/{offer_id}#{field}\">{message}")),
            "{message} on the check page"
        );
    }
    assert!(
        check.contains(&gbp(expected)) && !check.contains("Submit offer"),
        "no submit button while there are problems"
    );
    let refused = submit(&app, &a, offer_id).await;
    assert_eq!(refused.status(), 200);
    let refused = unescape(&refused.text().await.unwrap());
    for (_, _, message) in &invalid {
        assert!(refused.contains(message), "{message} when submitting");
    }
    assert!(submissions_of(&app, offer_id).await.is_empty());
}

// ---- 6. Tender management -------------------------------------------------------------------

fn tender_form(reference: &str, title: &str, version_id: i64) -> Fields {
    let deadline = (Utc::now() + Duration::days(60)).date_naive();
    fields(&[
        ("reference", reference),
        ("title", title),
        ("description", "Cleaning and caretaking of the county's libraries"),
        ("contract-value", "750,000"),
        ("duration-years", "2"),
        ("start-date-day", "1"),
        ("start-date-month", "4"),
        ("start-date-year", &(deadline.year() + 1).to_string()),
        ("deadline-day", &deadline.day().to_string()),
        ("deadline-month", &deadline.month().to_string()),
        ("deadline-year", &deadline.year().to_string()),
        ("deadline-time", "5pm"),
        ("framework-version", &version_id.to_string()),
        ("target-ratio", "0.3"),
        ("sv-weighting", "15"),
        ("quantitative-share", "60"),
        ("scoring-method", "best_relative"),
    ])
}

fn with(form: &Fields, name: &str, value: &str) -> Fields {
    form.iter().map(|(n, v)| (n.clone(), if n == name { value.to_owned() } else { v.clone() })).collect()
}

/// Creates a tender through the form; returns its id.
async fn create_tender(app: &TestApp, browser: &reqwest::Client, form: &Fields) -> i64 {
    let response = browser.post(app.url("/manage/new-tender")).form(form).send().await.unwrap();
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let to = location(&response);
    to.strip_prefix("/manage/tenders/")
        .and_then(|rest| rest.strip_suffix("?created"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("the tender's page: {to}"))
}

/// The measure ids the manage page shows (its hidden `shown` fields), as a browser would send.
fn shown_ids(html: &str) -> Vec<i64> {
    html.split("name=\"shown\" value=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap()).collect()
}

async fn choose(
    app: &TestApp,
    browser: &reqwest::Client,
    tender_id: i64,
    shown: &[i64],
    chosen: &[i64],
) -> reqwest::Response {
    let mut form: Fields = shown.iter().map(|id| ("shown".to_owned(), id.to_string())).collect();
    form.extend(chosen.iter().map(|id| ("chosen".to_owned(), id.to_string())));
    browser.post(app.url(&format!("/manage/tenders/{tender_id}/measures"))).form(&form).send().await.unwrap()
}

/// Titles of the tenders the open list shows for a query.
async fn listed(app: &TestApp, query: &str) -> String {
    let (status, html) = page(app, &app.browser(), &format!("/tenders{query}")).await;
    assert_eq!(status, 200, "/tenders{query}");
    html
}

/// A council officer creates a tender through the form (a mistake first), chooses its measures
/// with a search, and opens it; then it is listed and filtered, and its terms are locked.
async fn council_staff_create_choose_measures_and_open_a_tender(backend: Backend) {
    let app = seeded(backend).await;
    let version_id = published_version_id(&app).await;
    accounts::create_council_admin(&app.db, DEMO_COUNCIL_NAME, "Olive Officer", "olive@demo-council.example", PASSWORD)
        .await
        .unwrap();
    let olive_id = app_user::Entity::find()
        .filter(app_user::Column::Email.eq("olive@demo-council.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    app_user::ActiveModel { id: Set(olive_id), role: Set("council_officer".into()), ..Default::default() }
        .update(&app.db)
        .await
        .unwrap();
    let olive = signed_in(&app, "olive@demo-council.example").await;
    let title = "Library cleaning and caretaking";
    let form = tender_form("DCC-2027-777", title, version_id);

    let (status, blank) = page(&app, &olive, "/manage/new-tender").await;
    assert_eq!(status, 200);
    assert!(
        blank.contains("Create a tender") && blank.contains(&format!("value=\"{version_id}\"")),
        "the framework to choose"
    );

    // A mistake first: shown with the answers kept, nothing created.
    let bad = with(&with(&form, "contract-value", "lots of money"), "deadline-time", "25:00");
    let response = olive.post(app.url("/manage/new-tender")).form(&bad).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("There is a problem"));
    assert!(html.contains("Enter the contract value in pounds, like 1,200,000"), "{html}");
    assert!(html.contains("Enter the time, like 17:00 or 5pm"));
    assert!(html.contains("href=\"#contract-value\"") && html.contains("href=\"#deadline-time\""));
    assert_eq!(input_value(&html, "title").as_deref(), Some(title), "typed answers are kept");
    assert_eq!(input_value(&html, "contract-value").as_deref(), Some("lots of money"));
    assert_eq!(input_value(&html, "reference").as_deref(), Some("DCC-2027-777"));
    assert_eq!(tender::Entity::find().count(&app.db).await.unwrap(), 1, "only the demo tender");

    let id = create_tender(&app, &olive, &form).await;
    let created = reload_tender(&app, id).await;
    assert_eq!(created.status, "draft");
    assert_eq!(created.contract_value.parse::<Decimal>().unwrap(), Decimal::from(750_000));
    assert_eq!((created.duration_years, created.scoring_method.as_str()), (2, "best_relative"));
    assert_eq!(created.target_ratio.parse::<Decimal>().unwrap(), "0.3".parse::<Decimal>().unwrap());
    let deadline_day = (Utc::now() + Duration::days(60)).date_naive();
    assert_eq!(created.deadline.date_naive(), deadline_day);
    assert!([16, 17].contains(&created.deadline.hour()) && created.deadline.minute() == 0, "5pm UK time");
    let same_reference = olive.post(app.url("/manage/new-tender")).form(&form).send().await.unwrap();
    assert_eq!(same_reference.status(), 200);
    assert!(same_reference.text().await.unwrap().contains("Your council already has a tender with this reference"));

    // A draft's terms can change: the form shows them as saved.
    let (status, details) = page(&app, &olive, &format!("/manage/tenders/{id}/details")).await;
    assert_eq!(status, 200);
    assert_eq!(input_value(&details, "reference").as_deref(), Some("DCC-2027-777"));
    assert_eq!(input_value(&details, "deadline-time").as_deref(), Some("17:00"), "5pm, as UK time");
    assert_eq!(input_value(&details, "deadline").as_deref(), Some(deadline_day.day().to_string().as_str()));
    let renamed = olive
        .post(app.url(&format!("/manage/tenders/{id}/details")))
        .form(&with(&form, "title", &format!("{title} (draft)")))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&renamed), format!("/manage/tenders/{id}?saved"));
    assert_eq!(reload_tender(&app, id).await.title, format!("{title} (draft)"));
    let refused = olive
        .post(app.url(&format!("/manage/tenders/{id}/details")))
        .form(&with(&form, "sv-weighting", "0"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 200);
    let refused = unescape(&refused.text().await.unwrap());
    assert!(refused.contains("Enter social value's weighting as a percentage from 1 to 100, like 10"), "{refused}");
    assert_eq!(reload_tender(&app, id).await.sv_weighting, "15", "a refused change changes nothing");
    olive.post(app.url(&format!("/manage/tenders/{id}/details"))).form(&form).send().await.unwrap();
    assert_eq!(reload_tender(&app, id).await.title, title);

    // A draft is for its council's staff only.
    assert_eq!(page(&app, &olive, &format!("/tenders/{id}")).await.0, 200);
    assert_eq!(page(&app, &app.browser(), &format!("/tenders/{id}")).await.0, 404);
    assert_eq!(page(&app, &signed_in(&app, SUPPLIER_A).await, &format!("/tenders/{id}")).await.0, 404);
    assert!(!listed(&app, "").await.contains(title), "a draft is not listed");

    // Opening needs a measure.
    let empty = olive.post(app.url(&format!("/manage/tenders/{id}/open"))).send().await.unwrap();
    assert_eq!(empty.status(), 200);
    assert!(empty.text().await.unwrap().contains("Choose at least one measure for bidders to offer"));
    assert_eq!(reload_tender(&app, id).await.status, "draft");

    // Choose measures; a search shows some, and the choice of the others is kept.
    let created = reload_tender(&app, id).await;
    let mut ids = Vec::new();
    for code in ["JOB-1", "INN-2", "SOC-1", "ENV-1"] {
        ids.push(measure(&app, &created, code).await.id);
    }
    let (job_1, inn_2, soc_1, env_1) = (ids[0], ids[1], ids[2], ids[3]);
    let (_, all) = page(&app, &olive, &format!("/manage/tenders/{id}")).await;
    let every = shown_ids(&all);
    assert_eq!(every.len(), 28, "every measure that applies is shown");
    let saved = choose(&app, &olive, id, &every, &[job_1, inn_2, soc_1]).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), format!("/manage/tenders/{id}?saved#measures"));
    let mut expected = vec![job_1, inn_2, soc_1];
    expected.sort();
    assert_eq!(chosen_measure_ids(&app, id).await, expected);

    let (_, volunteering) = page(&app, &olive, &format!("/manage/tenders/{id}?words=volunteer")).await;
    let shown = shown_ids(&volunteering);
    assert!(shown.contains(&soc_1) && !shown.contains(&job_1) && !shown.contains(&inn_2), "{shown:?}");
    assert!(volunteering.contains(&format!("{} measures match “volunteer”", shown.len())));
    assert_eq!(choose(&app, &olive, id, &shown, &[]).await.status(), 303, "untick SOC-1");
    let (_, carbon) = page(&app, &olive, &format!("/manage/tenders/{id}?words=carbon")).await;
    let shown = shown_ids(&carbon);
    assert!(shown.contains(&env_1) && !shown.contains(&job_1), "{shown:?}");
    assert_eq!(choose(&app, &olive, id, &shown, &[env_1]).await.status(), 303);
    let mut expected = vec![job_1, inn_2, env_1];
    expected.sort();
    assert_eq!(chosen_measure_ids(&app, id).await, expected, "measures not shown keep their choice");

    // Opening needs a deadline in the future too.
    let chosen_deadline = reload_tender(&app, id).await.deadline;
    let set_deadline = |deadline| tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id),
        deadline: Set(deadline),
        ..Default::default()
    };
    set_deadline(Utc::now() - Duration::hours(1)).update(&app.db).await.unwrap();
    let too_late = olive.post(app.url(&format!("/manage/tenders/{id}/open"))).send().await.unwrap();
    assert_eq!(too_late.status(), 200);
    assert!(unescape(&too_late.text().await.unwrap())
        .contains("The deadline has passed: change it to a time in the future"));
    assert_eq!(reload_tender(&app, id).await.status, "draft");
    set_deadline(chosen_deadline).update(&app.db).await.unwrap();

    // Open it.
    let opened = olive.post(app.url(&format!("/manage/tenders/{id}/open"))).send().await.unwrap();
    assert_eq!(opened.status(), 303);
    assert_eq!(location(&opened), format!("/manage/tenders/{id}?opened"));
    let open = reload_tender(&app, id).await;
    assert_eq!(open.status, "open");
    assert!(open.opened_at.is_some());
    let (status, public) = page(&app, &app.browser(), &format!("/tenders/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        public.contains(title) && public.contains("£750,000.00") && public.contains("Measures for this tender (3)")
    );

    // Listed, and filtered.
    let demo_title = demo_tender(&app).await.title;
    let both = listed(&app, "").await;
    assert!(both.contains(title) && both.contains(&demo_title) && both.contains("2 open tenders"));
    for (query, mine, demo) in [
        ("?words=caretaking", true, false),
        ("?words=CARETAKING+libraries", true, false),
        ("?words=gritting", false, true),
        ("?words=DCC-2027-777", true, false),
        ("?value=0-500000", false, false),
        ("?value=500000-2000000", true, true),
        ("?value=2000000-10000000", false, true),
        ("?value=10000000-", false, false),
        ("?theme=Social", false, true),
        ("?theme=Innovation", true, true),
        ("?theme=environment", true, true),
        ("?closing=7", false, false),
        ("?closing=90", true, true),
        ("?words=caretaking&theme=Social", false, false),
        ("?value=500000-2000000&theme=Jobs&closing=90", true, true),
    ] {
        let html = listed(&app, query).await;
        assert_eq!(html.contains(title), mine, "{query}: the new tender");
        assert_eq!(html.contains(&demo_title), demo, "{query}: the demo tender");
    }

    // Its terms are locked now.
    let before = reload_tender(&app, id).await;
    let measures_before = chosen_measure_ids(&app, id).await;
    for (what, response) in [
        (
            "details",
            olive
                .post(app.url(&format!("/manage/tenders/{id}/details")))
                .form(&with(&form, "title", "Changed"))
                .send()
                .await
                .unwrap(),
        ),
        ("measures", choose(&app, &olive, id, &every, &[job_1]).await),
        ("open", olive.post(app.url(&format!("/manage/tenders/{id}/open"))).send().await.unwrap()),
    ] {
        assert_eq!(response.status(), 409, "changing the {what} of an open tender");
    }
    assert_eq!(reload_tender(&app, id).await, before);
    assert_eq!(chosen_measure_ids(&app, id).await, measures_before);

    // The staff's list shows it; cancelling takes it off the public list.
    let (_, mine) = page(&app, &olive, "/manage/tenders").await;
    assert!(mine.contains(title) && mine.contains(&demo_title));
    let cancelled = olive.post(app.url(&format!("/manage/tenders/{id}/cancel"))).send().await.unwrap();
    assert_eq!(location(&cancelled), format!("/manage/tenders/{id}?cancelled"));
    assert_eq!(reload_tender(&app, id).await.status, "cancelled");
    assert!(!listed(&app, "").await.contains(title));
    assert!(audit::verify_chain(&app.db).await.is_ok());
}

/// Everyone but the council's staff gets nothing from the tender management pages and forms:
/// anonymous → sign in; a supplier → 403; another council's staff → 404. Nothing changes.
async fn only_the_councils_staff_manage_its_tenders(backend: Backend) {
    let app = seeded(backend).await;
    let version_id = published_version_id(&app).await;
    let admin = signed_in(&app, COUNCIL_ADMIN).await;
    let title = "Secret draft tender for parks";
    let form = tender_form("DCC-SECRET-1", title, version_id);
    let draft = create_tender(&app, &admin, &form).await;
    let job_1 = measure(&app, &reload_tender(&app, draft).await, "JOB-1").await.id;
    assert_eq!(choose(&app, &admin, draft, &[job_1], &[job_1]).await.status(), 303);
    let open = demo_tender(&app).await;
    let draft_before = reload_tender(&app, draft).await;
    let measures_before = chosen_measure_ids(&app, draft).await;
    let tenders_before = tender::Entity::find().count(&app.db).await.unwrap();

    let visitors = [
        ("anonymous", app.browser(), 303u16),
        ("supplier", signed_in(&app, SUPPLIER_A).await, 403),
        ("another council's admin", other_council_admin(&app).await, 404),
    ];
    for (who, browser, expected) in &visitors {
        let other_council = *who == "another council's admin";
        let mut pages = vec!["/manage/tenders".to_owned(), "/manage/new-tender".to_owned()];
        for id in [draft, open.id] {
            pages.push(format!("/manage/tenders/{id}"));
            pages.push(format!("/manage/tenders/{id}?words=jobs"));
            pages.push(format!("/manage/tenders/{id}/details"));
        }
        for path in &pages {
            let response = browser.get(app.url(path)).send().await.unwrap();
            let status = response.status().as_u16();
            let to = location(&response);
            let body = response.text().await.unwrap();
            assert!(!body.contains(title), "{who} GET {path} leaked the draft");
            // Another council's staff have their own (empty) list and may create their own tenders.
            if other_council && (path == "/manage/tenders" || path == "/manage/new-tender") {
                assert_eq!(status, 200, "{who} GET {path}");
                continue;
            }
            assert_eq!(status, *expected, "{who} GET {path}");
            if *expected == 303 {
                assert_eq!(to, "/sign-in", "{who} GET {path}");
            }
        }
        let mut forms: Vec<(String, Fields)> = Vec::new();
        if !other_council {
            forms.push(("/manage/new-tender".into(), tender_form("DCC-INTRUDER", "Intruder", version_id)));
        }
        for id in [draft, open.id] {
            forms.push((format!("/manage/tenders/{id}/details"), with(&form, "title", "Intruder")));
            forms.push((format!("/manage/tenders/{id}/measures"), vec![("shown".into(), job_1.to_string())]));
            forms.push((format!("/manage/tenders/{id}/open"), vec![]));
            forms.push((format!("/manage/tenders/{id}/cancel"), vec![]));
        }
        for (path, fields) in &forms {
            let response = browser.post(app.url(path)).form(fields).send().await.unwrap();
            let status = response.status().as_u16();
            assert_eq!(status, *expected, "{who} POST {path}");
            if *expected == 303 {
                assert_eq!(location(&response), "/sign-in", "{who} POST {path}");
            }
        }
        // A draft does not exist outside its council.
        let (status, body) = page(&app, browser, &format!("/tenders/{draft}")).await;
        assert_eq!(status, 404, "{who} GET /tenders/{draft}");
        assert!(!body.contains(title));
        let api = browser.post(app.url("/api/tenders/tender")).form(&[("id", draft.to_string())]).send().await.unwrap();
        assert_eq!(api.status(), 404, "{who} api tender");
        let editing =
            browser.post(app.url("/api/tenders/editing")).form(&[("id", draft.to_string())]).send().await.unwrap();
        let expected_api = if *who == "anonymous" { 401 } else { *expected };
        assert_eq!(editing.status().as_u16(), expected_api, "{who} api editing");
    }
    let (_, otto_list) = page(&app, &visitors[2].1, "/manage/tenders").await;
    assert!(!otto_list.contains(title) && !otto_list.contains(DEMO_TENDER_REFERENCE), "another council's list");

    assert_eq!(reload_tender(&app, draft).await, draft_before, "the draft is unchanged");
    assert_eq!(chosen_measure_ids(&app, draft).await, measures_before);
    assert_eq!(reload_tender(&app, open.id).await, open, "the open tender is unchanged");
    assert_eq!(tender::Entity::find().count(&app.db).await.unwrap(), tenders_before, "no tender created");
}

// ---- 7. Requests racing each other --------------------------------------------------------

/// `n` copies of a request sent together while someone else's audited change is being written
/// (the test holds the audit trail's head row, as any other audited action does for a moment),
/// so that the requests overlap as they would under load.
async fn all_at_once_while_the_audit_trail_is_busy(
    app: &TestApp,
    n: usize,
    request: impl Fn() -> reqwest::RequestBuilder,
) -> Vec<reqwest::Response> {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let elsewhere = app.db.begin().await.unwrap();
    elsewhere.execute_unprepared("UPDATE audit_chain_head SET entries = entries WHERE id = 1").await.unwrap();
    let sends = futures::future::join_all((0..n).map(|_| request().send()));
    let release = async {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        elsewhere.rollback().await.unwrap();
    };
    let (responses, ()) = tokio::join!(sends, release);
    responses.into_iter().map(Result::unwrap).collect()
}

/// Several submissions of the same draft at once (a double click, two colleagues): exactly one
/// is recorded and current; the others are refused, not failed.
async fn submitting_the_same_offer_twice_at_once_records_one_submission(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let a = signed_in(&app, SUPPLIER_A).await;
    let offer_id = start_offer(&app, &a, tender.id).await;
    save_ok(
        &app,
        &a,
        offer_id,
        &vec![(format!("q-{}-1", job_1.id), "1".into()), (format!("plan-{}", job_1.id), "Hire".into())],
    )
    .await;

    let responses = all_at_once_while_the_audit_trail_is_busy(&app, 4, || {
        a.post(app.url(&format!("/offers/{offer_id}/submit"))).form(&[("attestation", "yes")])
    })
    .await;
    let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    let rows = submissions_of(&app, offer_id).await;
    let current = rows.iter().filter(|r| r.withdrawn_at.is_none()).count();
    assert_eq!(
        (rows.len(), current),
        (1, 1),
        "one submission recorded, not {} ({} current); answers {statuses:?}",
        rows.len(),
        current
    );
    let submits = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("offer.submit"))
        .filter(audit_log::Column::EntityId.eq(offer_id.to_string()))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(submits, 1, "one audit entry");
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "one submission accepted: {statuses:?}");
    assert!(statuses.iter().all(|s| [303, 409].contains(s)), "the others are refused, not failed: {statuses:?}");
}

/// Starting an offer twice at once (a double click) gives the one offer, not an error.
async fn starting_an_offer_twice_at_once_gives_the_same_offer(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let a = signed_in(&app, SUPPLIER_A).await;
    let responses = all_at_once_while_the_audit_trail_is_busy(&app, 4, || {
        a.post(app.url(&format!("/tenders/{}/offer", tender.id)))
    })
    .await;
    let answers: Vec<(u16, String)> = responses.iter().map(|r| (r.status().as_u16(), location(r))).collect();
    let offers = offer::Entity::find().filter(offer::Column::TenderId.eq(tender.id)).all(&app.db).await.unwrap();
    assert_eq!(offers.len(), 1, "one offer per supplier per tender");
    let expected = (303, format!("/offers/{}", offers[0].id));
    assert!(answers.iter().all(|a| *a == expected), "every start leads to the one offer: {answers:?}");
}

// ---- Award ------------------------------------------------------------------------------

/// Offers stay sealed until the deadline; then the council sees them scored under the
/// tender's method (against the target, or against the best offer) and awards one.
async fn after_the_deadline_the_council_sees_the_offers_scored_and_awards_one(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    // A offers 4 FTE years (£100,000: £0.05 per £1), B offers 2 (£50,000: £0.025 per £1).
    let mut offers = Vec::new();
    for (email, quantity) in [(SUPPLIER_A, "4"), (SUPPLIER_B, "2")] {
        let supplier = signed_in(&app, email).await;
        let offer_id = start_offer(&app, &supplier, tender.id).await;
        let form =
            vec![(format!("q-{}-1", job_1.id), quantity.to_owned()), (format!("plan-{}", job_1.id), "Hire".into())];
        save_ok(&app, &supplier, offer_id, &form).await;
        submit_ok(&app, &supplier, offer_id).await;
        offers.push((supplier, offer_id));
    }
    let (a_offer, b_offer) = (offers[0].1, offers[1].1);
    let council = signed_in(&app, COUNCIL_ADMIN).await;
    let manage = format!("/manage/tenders/{}", tender.id);
    let award = format!("/manage/tenders/{}/award", tender.id);

    // Sealed before the deadline: not listed, and no award.
    let (_, before) = page(&app, &council, &manage).await;
    assert!(!before.contains("Offers received") && !before.contains("Example Facilities"), "offers are sealed");
    let early = council.post(app.url(&award)).form(&[("award", a_offer.to_string())]).send().await.unwrap();
    assert_eq!(early.status(), 409);

    tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(tender.id),
        deadline: Set(Utc::now() - Duration::minutes(1)),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();

    // Target-relative: 7 marks × min(1, ratio ÷ 0.25): A 7 × 0.2 = 1.4, B 7 × 0.1 = 0.7.
    // The page's text with a space where each tag was, so that table cells stay apart.
    let cells = |html: &str| text_of(&html.replace('<', " <"));
    let (status, html) = page(&app, &council, &manage).await;
    assert_eq!(status, 200);
    let text = cells(&html);
    assert!(text.contains("Offers received (2)"), "{text}");
    let a_at = text.find("Example Facilities Ltd (demo)").expect("A listed");
    let b_at = text.find("Riverside Community Trust (demo)").expect("B listed");
    assert!(a_at < b_at, "best score first");
    assert!(text[a_at..b_at].contains("£100,000.00 £0.05 per £1 1.4"), "{}", &text[a_at..b_at]);
    assert!(text[b_at..].contains("£50,000.00 £0.03 per £1 0.7"), "{}", &text[b_at..]);

    // Best-relative: 7 marks × ratio ÷ the best ratio: A 7, B 3.5.
    tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(tender.id),
        scoring_method: Set("best_relative".into()),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
    let text = cells(&page(&app, &council, &manage).await.1);
    assert!(text.contains("£100,000.00 £0.05 per £1 7 "), "{text}");
    assert!(text.contains("£50,000.00 £0.03 per £1 3.5 "), "{text}");

    // Who may award: not a supplier (403), not another council (404).
    let supplier = &offers[0].0;
    let by_supplier = supplier.post(app.url(&award)).form(&[("award", a_offer.to_string())]).send().await.unwrap();
    assert_eq!(by_supplier.status(), 403);
    let other = other_council_admin(&app).await;
    let by_other = other.post(app.url(&award)).form(&[("award", a_offer.to_string())]).send().await.unwrap();
    assert_eq!(by_other.status(), 404);
    let anonymous = app.browser().post(app.url(&award)).form(&[("award", a_offer.to_string())]).send().await.unwrap();
    assert_eq!(location(&anonymous), "/sign-in");

    // No choice, or an offer of another tender: the question again, with its message.
    for choice in [vec![], vec![("award", "999999".to_owned())]] {
        let refused = council.post(app.url(&award)).form(&choice).send().await.unwrap();
        assert_eq!(refused.status(), 200);
        assert!(unescape(&refused.text().await.unwrap()).contains("Choose the offer that wins the contract"));
    }
    assert_eq!(reload_tender(&app, tender.id).await.status, "open", "nothing awarded yet");

    let awarded = council.post(app.url(&award)).form(&[("award", b_offer.to_string())]).send().await.unwrap();
    assert_eq!(awarded.status(), 303);
    assert_eq!(location(&awarded), format!("{manage}?awarded"));
    let row = reload_tender(&app, tender.id).await;
    assert_eq!((row.status.as_str(), row.awarded_offer_id), ("awarded", Some(b_offer)));
    assert!(row.awarded_at.is_some());
    let again = council.post(app.url(&award)).form(&[("award", a_offer.to_string())]).send().await.unwrap();
    assert_eq!(again.status(), 409, "awarded once");
    assert_eq!(reload_tender(&app, tender.id).await.awarded_offer_id, Some(b_offer));
    let (_, public) = page(&app, &app.browser(), &format!("/tenders/{}", tender.id)).await;
    assert!(public.contains(">Awarded<"));
    let awards =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("tender.award")).count(&app.db).await.unwrap();
    assert_eq!(awards, 1);
    audit::verify_chain(&app.db).await.unwrap();
}

/// Like `on_both_databases!`, on a runtime with several threads, so that racing requests are
/// handled truly in parallel.
macro_rules! on_both_databases_in_parallel {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        )*
    };
}

on_both_databases_in_parallel!(
    submitting_the_same_offer_twice_at_once_records_one_submission,
    starting_an_offer_twice_at_once_gives_the_same_offer,
);

on_both_databases!(
    after_the_deadline_offers_are_locked_and_the_tender_is_unlisted,
    tampered_figures_are_ignored_and_the_server_computes_every_value,
    one_supplier_can_neither_see_nor_change_anothers_offer,
    resubmitting_keeps_the_history_of_every_submission,
    invalid_quantities_are_kept_explained_and_left_out_of_the_figures,
    council_staff_create_choose_measures_and_open_a_tender,
    only_the_councils_staff_manage_its_tenders,
    after_the_deadline_the_council_sees_the_offers_scored_and_awards_one,
);
