//! Requests racing each other, on a runtime with several threads: a double click (or two
//! colleagues) must give one result, and the others a refusal, never a failure.

use app::journeys::offers::paths::START;
use db::{audit_log, offer};
use domain::audit::AuditAction;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{
    demo_tender, location, measure_in, one_line, save_ok, seeded, signed_in, start_offer, submissions_of,
    submit_request, Backend, TestApp, SUPPLIER_A,
};

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
    save_ok(&app, &a, offer_id, &one_line(&job_1, "1", "Hire")).await;

    let responses = all_at_once_while_the_audit_trail_is_busy(&app, 4, || submit_request(&app, &a, offer_id)).await;
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
        .filter(audit_log::Column::Action.eq(AuditAction::OfferSubmitted.as_str()))
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
    let responses = all_at_once_while_the_audit_trail_is_busy(&app, 4, || a.post(app.url(&START.id(tender.id)))).await;
    let answers: Vec<(u16, String)> = responses.iter().map(|r| (r.status().as_u16(), location(r))).collect();
    let offers = offer::Entity::find().filter(offer::Column::TenderId.eq(tender.id)).all(&app.db).await.unwrap();
    assert_eq!(offers.len(), 1, "one offer per supplier per tender");
    let expected = (303, format!("/offers/{}", offers[0].id));
    assert!(answers.iter().all(|a| *a == expected), "every start leads to the one offer: {answers:?}");
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
