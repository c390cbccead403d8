//! Evaluation: scores against hand-computed figures (both methods, ties, £0, every line
//! excluded, an exclusion moving the others' best-relative scores, a single offer), who may see
//! what (sealed until the deadline, marks hidden until one's own are submitted, a marker cannot
//! moderate, suppliers see nothing), and the export.

use app::journeys::evaluation::paths;
use db::tender;
use domain::evaluation::{mark_field, reason_field, Evaluation};
use sea_orm::EntityTrait;
use services::demo::DEMO_ACCOUNTS;
use services::evaluation;

use crate::helpers::{
    closed_demo_tender, council_admin, council_officer, demo_session, demo_tender, location, measure, one_line,
    other_council_admin, page, pass_the_deadline, published_version_id, registered_supplier, save_ok, seeded,
    sign_in_from, signed_in, start_offer, submit_ok, tender_form, text_of, Backend, Fields, TestApp, COUNCIL_ADMIN,
    SUPPLIER_A, SUPPLIER_B,
};
use crate::on_both_databases;

const MARKER_ONE: &str = DEMO_ACCOUNTS[3].0;
const MARKER_TWO: &str = DEMO_ACCOUNTS[4].0;
const MODERATOR: &str = DEMO_ACCOUNTS[5].0;

async fn evaluation_as(app: &TestApp, email: &str, tender_id: i64) -> Evaluation {
    let session = demo_session(app, email).await;
    evaluation::evaluation(&app.db, &app.state.published, Some(&session), tender_id).await.unwrap()
}

fn score_of(evaluation: &Evaluation, supplier_starts: &str) -> (String, u32, bool) {
    let offer = evaluation
        .offers
        .iter()
        .find(|o| o.supplier_name.starts_with(supplier_starts))
        .unwrap_or_else(|| panic!("an offer from {supplier_starts}"));
    (format!("{:.2}", offer.scores.quantitative.score), offer.scores.rank, offer.scores.tied)
}

fn offer_id(evaluation: &Evaluation, supplier_starts: &str) -> i64 {
    evaluation.offers.iter().find(|o| o.supplier_name.starts_with(supplier_starts)).unwrap().offer_id
}

async fn post(app: &TestApp, browser: &reqwest::Client, path: &str, form: &Fields) -> reqwest::Response {
    browser.post(app.url(path)).form(form).send().await.unwrap()
}

fn form(pairs: &[(&str, &str)]) -> Fields {
    pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

/// Best-relative, worked by hand (contract £600,000, W_q = 7):
/// - Example Facilities £214,760, Riverside £281,080, Northfield £194,115; best is Riverside:
///   5.35, 7.00 and 4.83;
/// - Riverside's 9,000 volunteering hours in year 1 (£157,500) excluded: Riverside £123,580,
///   best is now Example Facilities: 7.00, 4.03 and 6.33; undone, back as before.
async fn an_exclusion_moves_the_other_offers_best_relative_scores(backend: Backend) {
    let app = seeded(backend).await;
    let tender = closed_demo_tender(&app).await;
    let before = evaluation_as(&app, COUNCIL_ADMIN, tender.id).await;
    assert_eq!(before.offers.len(), 3);
    assert_eq!(score_of(&before, "Example"), ("5.35".into(), 2, false));
    assert_eq!(score_of(&before, "Riverside"), ("7.00".into(), 1, false));
    assert_eq!(score_of(&before, "Northfield"), ("4.83".into(), 3, false));
    let riverside = before.offers.iter().find(|o| o.supplier_name.starts_with("Riverside")).unwrap();
    assert_eq!(riverside.total.to_string(), "£281,080.00");
    assert_eq!(riverside.scores.quantitative.formula, "7 × 0.4685… ÷ 0.4685… = 7.00");

    let admin = council_admin(&app).await;
    let soc1 = measure(&app, &tender, "SOC-1").await.id;
    let exclude = paths::EXCLUDE.with(&[&tender.id, &riverside.offer_id, &soc1, &1]);
    // The question page, then a refusal that keeps what was typed.
    let (status, question) = page(&app, &admin, &exclude).await;
    assert_eq!(status, 200);
    assert!(question.contains("Why does this line not count?") && question.contains("Riverside"), "{question}");
    let refused =
        post(&app, &admin, &exclude, &form(&[("reason", ""), ("comment", "Far more hours than staff")])).await;
    assert_eq!(refused.status(), 200);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains("Choose why the line does not count") && refused.contains("Far more hours than staff"));
    let excluded = post(
        &app,
        &admin,
        &exclude,
        &form(&[("reason", "not_credible"), ("comment", "9,000 hours is more than the trust's staff could give")]),
    )
    .await;
    assert_eq!(excluded.status(), 303);
    assert_eq!(
        location(&excluded),
        format!("{}?excluded#lines", paths::OFFER.with(&[&tender.id, &riverside.offer_id]))
    );

    let after = evaluation_as(&app, COUNCIL_ADMIN, tender.id).await;
    assert_eq!(score_of(&after, "Example"), ("7.00".into(), 1, false));
    assert_eq!(score_of(&after, "Riverside"), ("4.03".into(), 3, false));
    assert_eq!(score_of(&after, "Northfield"), ("6.33".into(), 2, false));
    let riverside_after = after.offers.iter().find(|o| o.supplier_name.starts_with("Riverside")).unwrap();
    assert_eq!((riverside_after.total.to_string().as_str(), riverside_after.excluded_lines), ("£123,580.00", 1));
    let (_, offer_page) = page(&app, &admin, &paths::OFFER.with(&[&tender.id, &riverside.offer_id])).await;
    assert!(offer_page.contains("Not credible, or not supported by the delivery plan"), "the reason is shown");

    // Excluding it twice is a conflict; undoing it puts the scores back.
    let again = post(&app, &admin, &exclude, &form(&[("reason", "counted_twice"), ("comment", "again")])).await;
    assert_eq!(again.status(), 409);
    let restore = paths::RESTORE.with(&[&tender.id, &riverside.offer_id, &soc1, &1]);
    assert_eq!(post(&app, &admin, &restore, &vec![]).await.status(), 303);
    let restored = evaluation_as(&app, COUNCIL_ADMIN, tender.id).await;
    assert_eq!(score_of(&restored, "Riverside"), ("7.00".into(), 1, false));
    let audit = db::audit_log::Entity::find().all(&app.db).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "line_excluded") && audit.iter().any(|e| e.action == "line_restored"));
}

/// Independent marking, then moderation: a marker sees others' marks only after submitting; a
/// marker cannot moderate; the moderator's marks are the only ones that count.
async fn marks_stay_independent_until_submitted_and_only_moderated_marks_count(backend: Backend) {
    let app = seeded(backend).await;
    let tender = closed_demo_tender(&app).await;
    let before = evaluation_as(&app, MARKER_ONE, tender.id).await;
    assert_eq!(before.questions.len(), 2);
    assert!(before.viewer.marks_submitted && before.viewer.sees_all_marks());
    let example = offer_id(&before, "Example");
    // No moderated marks yet: the qualitative score is 0 of 3.
    let qualitative = |e: &Evaluation| {
        let o = e.offers.iter().find(|o| o.offer_id == example).unwrap();
        format!("{:.2}", o.scores.qualitative.as_ref().unwrap().score)
    };
    assert_eq!(qualitative(&before), "0.00");

    // Marker one, having submitted, sees marker two's justification.
    let marker_one = signed_in(&app, MARKER_ONE).await;
    let offer_page = paths::OFFER.with(&[&tender.id, &example]);
    let (_, seen) = page(&app, &marker_one, &offer_page).await;
    assert!(seen.contains("Demo Marker Two"), "a submitted marker sees the others' marks");

    // A marker cannot moderate.
    let moderate = paths::MODERATION.with(&[&tender.id, &example]);
    let jx = measure(&app, &tender, "JOB-8").await.id;
    let soc6 = measure(&app, &tender, "SOC-6").await.id;
    let marks = |a: u32, b: u32| {
        vec![
            (mark_field(jx), a.to_string()),
            (reason_field(jx), "Agreed at moderation".to_owned()),
            (mark_field(soc6), b.to_string()),
            (reason_field(soc6), "Agreed at moderation".to_owned()),
        ]
    };
    assert_eq!(post(&app, &marker_one, &paths::BECOME_MODERATOR.id(tender.id), &vec![]).await.status(), 403);
    assert_eq!(post(&app, &marker_one, &moderate, &marks(4, 4)).await.status(), 403);
    // A submitted marker's marks are fixed.
    assert_eq!(post(&app, &marker_one, &paths::MARKS.with(&[&tender.id, &example]), &marks(1, 1)).await.status(), 409);

    // The moderator, who marked nothing, moderates: 3 × (4 + 4) ÷ (2 × 5) = 2.40.
    let moderator = signed_in(&app, MODERATOR).await;
    let (_, hidden) = page(&app, &moderator, &offer_page).await;
    assert!(!hidden.contains("Demo Marker Two"), "marks are hidden before choosing to moderate");
    assert_eq!(post(&app, &moderator, &paths::BECOME_MODERATOR.id(tender.id), &vec![]).await.status(), 303);
    let (_, side_by_side) = page(&app, &moderator, &offer_page).await;
    assert!(side_by_side.contains("Demo Marker One") && side_by_side.contains("Demo Marker Two"));
    let refused = post(&app, &moderator, &moderate, &form(&[(&mark_field(jx), "4")])).await;
    assert_eq!(refused.status(), 200);
    assert!(refused.text().await.unwrap().contains("Write the moderation note for this mark"));
    assert_eq!(post(&app, &moderator, &moderate, &marks(4, 4)).await.status(), 303);
    let after = evaluation_as(&app, MODERATOR, tender.id).await;
    assert_eq!(qualitative(&after), "2.40");
    let example_after = after.offers.iter().find(|o| o.offer_id == example).unwrap();
    assert_eq!(example_after.scores.qualitative.as_ref().unwrap().formula, "3 × 8 ÷ (2 × 5) = 2.40");
    // 7 × 214760 ÷ 281080 + 2.4 = 7.748…, rounded once.
    assert_eq!(format!("{:.2}", example_after.scores.total.score), "7.75");
    // The moderator cannot mark; once moderation has begun nobody new can.
    assert_eq!(post(&app, &moderator, &paths::MARKS.with(&[&tender.id, &example]), &marks(2, 2)).await.status(), 403);
    let officer = council_officer(&app).await;
    assert_eq!(post(&app, &officer, &paths::MARKS.with(&[&tender.id, &example]), &marks(2, 2)).await.status(), 409);
}

/// A new marker sees no one else's marks, and not the export, until they submit their own.
async fn a_new_marker_sees_no_other_marks_until_submitting(backend: Backend) {
    let app = seeded(backend).await;
    let tender = closed_demo_tender(&app).await;
    let officer = council_officer(&app).await;
    let sheet = evaluation_as(&app, crate::helpers::COUNCIL_OFFICER, tender.id).await;
    let example = offer_id(&sheet, "Example");
    let jx = sheet.questions[0].measure_id;
    let marks = paths::MARKS.with(&[&tender.id, &example]);
    let saved =
        post(&app, &officer, &marks, &vec![(mark_field(jx), "3".into()), (reason_field(jx), "Mine".into())]).await;
    assert_eq!(saved.status(), 303);
    let (_, offer) = page(&app, &officer, &paths::OFFER.with(&[&tender.id, &example])).await;
    assert!(offer.contains("Mine") && !offer.contains("Demo Marker One"), "only one's own mark");
    assert!(!offer.contains("A full and credible answer"), "no one else's justification");
    assert_eq!(app.client.get(app.url(&paths::EXPORT_CSV.id(tender.id))).send().await.unwrap().status(), 303);
    assert_eq!(officer.get(app.url(&paths::EXPORT_CSV.id(tender.id))).send().await.unwrap().status(), 403);
    // Submitting before every answer is marked is refused beside the button.
    let refused = post(&app, &officer, &paths::SUBMIT_MARKS.id(tender.id), &vec![]).await;
    assert_eq!(refused.status(), 200);
    assert!(refused.text().await.unwrap().contains("you have marked 1 of 6"));
    // And moderation waits for them.
    let moderator = signed_in(&app, MODERATOR).await;
    assert_eq!(post(&app, &moderator, &paths::BECOME_MODERATOR.id(tender.id), &vec![]).await.status(), 409);
}

/// Target-relative (W = 15, 60% quantitative: W_q = 9; target 0.3), by hand: 1,000 weeks of
/// apprenticeship at £220 on a £750,000 contract is 0.2933… → 9 × 0.9777… = 8.80. Two such
/// offers tie; an offer of £0 scores 0; with every line excluded an offer scores 0 too.
async fn target_relative_scores_ties_zero_offers_and_every_line_excluded(backend: Backend) {
    let app = seeded(backend).await;
    let admin = council_admin(&app).await;
    let version = published_version_id(&app).await;
    let mut terms = tender_form("EVAL-T-1", "Target scoring", version);
    for (name, value) in terms.iter_mut() {
        if name == "scoring-method" {
            *value = "target_relative".into();
        }
    }
    let created =
        admin.post(app.url(app::journeys::tenders::paths::NEW_TENDER.pattern())).form(&terms).send().await.unwrap();
    assert_eq!(created.status(), 303, "{}", created.text().await.unwrap());
    let tender_id: i64 =
        location(&created).trim_start_matches("/manage/tenders/").split('?').next().unwrap().parse().unwrap();
    let tender = crate::helpers::reload_tender(&app, tender_id).await;
    let weeks = measure(&app, &tender, "JOB-4").await;
    let chosen = vec![("shown".to_owned(), weeks.id.to_string()), ("chosen".to_owned(), weeks.id.to_string())];
    assert_eq!(post(&app, &admin, &app::journeys::tenders::paths::MEASURES.id(tender_id), &chosen).await.status(), 303);
    assert_eq!(post(&app, &admin, &app::journeys::tenders::paths::OPEN.id(tender_id), &vec![]).await.status(), 303);

    let third = registered_supplier(&app, "Zero Offers Ltd", "zero@example.org").await;
    for (browser, quantity) in
        [(signed_in(&app, SUPPLIER_A).await, "1000"), (signed_in(&app, SUPPLIER_B).await, "1000"), (third, "0")]
    {
        let offer = start_offer(&app, &browser, tender_id).await;
        save_ok(&app, &browser, offer, &one_line(&weeks, quantity, "Apprentices from the county college")).await;
        submit_ok(&app, &browser, offer).await;
    }
    pass_the_deadline(&app, tender_id).await;

    let scored = evaluation_as(&app, COUNCIL_ADMIN, tender_id).await;
    assert_eq!(score_of(&scored, "Example"), ("8.80".into(), 1, true));
    assert_eq!(score_of(&scored, "Riverside"), ("8.80".into(), 1, true));
    assert_eq!(score_of(&scored, "Zero"), ("0.00".into(), 3, false));
    assert!(scored.offers.iter().all(|o| o.scores.qualitative.is_none()), "no written questions");
    let example = scored.offers.iter().find(|o| o.supplier_name.starts_with("Example")).unwrap();
    assert_eq!(example.scores.quantitative.formula, "9 × min(1, 0.2933… ÷ 0.3) = 8.80");
    let (_, html) = page(&app, &admin, &paths::EVALUATION.id(tender_id)).await;
    assert!(text_of(&html).contains("Tie"), "the tie is shown");

    // Every line of one tied offer excluded: it scores 0 and ties with the £0 offer for 2nd.
    let exclude = paths::EXCLUDE.with(&[&tender_id, &example.offer_id, &weeks.id, &1]);
    let excluded =
        post(&app, &admin, &exclude, &form(&[("reason", "core_delivery"), ("comment", "Already required")])).await;
    assert_eq!(excluded.status(), 303);
    let after = evaluation_as(&app, COUNCIL_ADMIN, tender_id).await;
    assert_eq!(score_of(&after, "Riverside"), ("8.80".into(), 1, false));
    assert_eq!(score_of(&after, "Example"), ("0.00".into(), 2, true));
    assert_eq!(score_of(&after, "Zero"), ("0.00".into(), 2, true));
    assert!(after.offers.iter().find(|o| o.supplier_name.starts_with("Example")).unwrap().every_line_excluded());
    // With nothing to mark, anyone of the council may export.
    let csv = admin.get(app.url(&paths::EXPORT_CSV.id(tender_id))).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("Record,Supplier,") && csv.contains("Part of the contract's core delivery"), "{csv}");
}

/// A single offer, best-relative: it is the best offer, so it has full marks and ranks first.
async fn a_single_offer_ranks_first_with_full_best_relative_marks(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let weeks = crate::helpers::measure_in(&app, &tender, "JOB-1", true).await;
    // The demo tender is target-relative; make it best-relative for this test.
    tender::Entity::update(tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(tender.id),
        scoring_method: sea_orm::ActiveValue::Set("best_relative".into()),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .unwrap();
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let offer = start_offer(&app, &supplier, tender.id).await;
    save_ok(&app, &supplier, offer, &one_line(&weeks, "2", "Two local hires")).await;
    submit_ok(&app, &supplier, offer).await;
    // Sealed until the deadline, both as a page and as a server function.
    let admin = council_admin(&app).await;
    let (status, sealed) = page(&app, &admin, &paths::EVALUATION.id(tender.id)).await;
    assert_eq!(status, 409);
    assert!(sealed.contains("Offers stay sealed until the deadline"), "{sealed}");
    pass_the_deadline(&app, tender.id).await;
    let scored = evaluation_as(&app, COUNCIL_ADMIN, tender.id).await;
    assert_eq!(scored.offers.len(), 1);
    let quantitative_weight = format!("{:.2}", scored.scoring.quantitative_weight());
    assert_eq!(score_of(&scored, "Example"), (quantitative_weight, 1, false));
}

/// Suppliers, another council and anonymous visitors get nothing of the evaluation.
async fn only_the_tenders_council_sees_the_evaluation(backend: Backend) {
    let app = seeded(backend).await;
    let tender = closed_demo_tender(&app).await;
    let sheet = evaluation_as(&app, COUNCIL_ADMIN, tender.id).await;
    let offer = sheet.offers[0].offer_id;
    let soc1 = measure(&app, &tender, "SOC-1").await.id;
    let pages = [
        paths::EVALUATION.id(tender.id),
        paths::OFFER.with(&[&tender.id, &offer]),
        paths::EXCLUDE.with(&[&tender.id, &offer, &soc1, &1]),
        paths::EXPORT_CSV.id(tender.id),
        paths::EXPORT_XLSX.id(tender.id),
    ];
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let other = other_council_admin(&app).await;
    for path in &pages {
        let anonymous = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!((anonymous.status().as_u16(), location(&anonymous)), (303, sign_in_from(path)), "anonymous {path}");
        assert_eq!(supplier.get(app.url(path)).send().await.unwrap().status(), 403, "supplier {path}");
        assert_eq!(other.get(app.url(path)).send().await.unwrap().status(), 404, "other council {path}");
    }
    for (form_path, _) in paths::FORMS.iter().filter(|(_, method)| *method == "POST") {
        let path = form_path.with(&[&tender.id, &offer, &soc1, &1]);
        let anonymous = app.browser().post(app.url(&path)).form(&[("reason", "counted_twice")]).send().await.unwrap();
        assert_eq!(location(&anonymous), "/sign-in", "anonymous POST {path}");
        assert_eq!(
            post(&app, &supplier, &path, &form(&[("reason", "counted_twice")])).await.status(),
            403,
            "supplier {path}"
        );
        assert_eq!(
            post(&app, &other, &path, &form(&[("reason", "counted_twice")])).await.status(),
            404,
            "other {path}"
        );
    }
    let args = [
        ("tender_id", tender.id.to_string()),
        ("offer_id", offer.to_string()),
        ("measure_id", soc1.to_string()),
        ("year", "1".to_owned()),
    ];
    for endpoint in ["evaluation/tender", "evaluation/offer", "evaluation/line"] {
        let url = app.url(&format!("/api/{endpoint}"));
        assert_eq!(app.browser().post(&url).form(&args).send().await.unwrap().status(), 401, "anonymous {endpoint}");
        assert_eq!(supplier.post(&url).form(&args).send().await.unwrap().status(), 403, "supplier {endpoint}");
        assert_eq!(other.post(&url).form(&args).send().await.unwrap().status(), 404, "other council {endpoint}");
        let admin = council_admin(&app).await;
        assert_eq!(admin.post(&url).form(&args).send().await.unwrap().status(), 200, "the council {endpoint}");
    }
    // Nothing changed hands: no exclusion was made.
    let excluded = evaluation_as(&app, COUNCIL_ADMIN, tender.id).await;
    assert!(excluded.offers.iter().all(|o| o.excluded_lines == 0));
}

/// The export holds every offer's scores with their formulas, the lines, and each marker's
/// submitted marks; the XLSX is a workbook.
async fn the_export_holds_scores_lines_and_marks(backend: Backend) {
    let app = seeded(backend).await;
    let tender = closed_demo_tender(&app).await;
    let marker = signed_in(&app, MARKER_TWO).await;
    let csv = marker.get(app.url(&paths::EXPORT_CSV.id(tender.id))).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("evaluation-demo-2026-002.csv"));
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("Social value score") && csv.contains("7 × 0.4685… ÷ 0.4685… = 7.00"), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.starts_with("Mark,")).count(), 12, "2 markers × 3 offers × 2 answers");
    assert_eq!(csv.lines().filter(|l| l.starts_with("Line,")).count(), 24, "3 offers × 4 measures × 2 years");
    let xlsx = marker.get(app.url(&paths::EXPORT_XLSX.id(tender.id))).send().await.unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK\x03\x04"));
}

on_both_databases!(
    an_exclusion_moves_the_other_offers_best_relative_scores,
    marks_stay_independent_until_submitted_and_only_moderated_marks_count,
    a_new_marker_sees_no_other_marks_until_submitting,
    target_relative_scores_ties_zero_offers_and_every_line_excluded,
    a_single_offer_ranks_first_with_full_best_relative_marks,
    only_the_tenders_council_sees_the_evaluation,
    the_export_holds_scores_lines_and_marks,
);
