//! Queries that scale: a list runs as many SQL statements for 50 items as for 5, so that no
//! page makes a query per row. The statements are counted with sea-orm's metric callback, on a
//! clone of the server's connection that only the service under test uses.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;

use chrono::Utc;
use db::{framework_version, offer, offer_submission, organisation, tender, tender_measure};
use domain::frameworks::VersionDetailsAnswers;
use domain::offers::OfferStatus;
use domain::tenders::TenderFilters;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, NotSet, PaginatorTrait,
    QueryFilter, Set,
};
use services::{evaluation, frameworks, tenders};

use crate::helpers::{
    app_user_id, demo_session, demo_tender, published_version_id, seeded, Backend, TestApp, COUNCIL_ADMIN, SUPPLIER_A,
};
use crate::on_both_databases;

/// The statements `run` sends through the connection it is given, and what it returns.
async fn counted<T, F, Fut>(app: &TestApp, run: F) -> (usize, T)
where
    F: FnOnce(DatabaseConnection) -> Fut,
    Fut: Future<Output = T>,
{
    let counter = Arc::new(AtomicUsize::new(0));
    let seen = counter.clone();
    let mut db = app.db.clone();
    db.set_metric_callback(move |_info: &sea_orm::metric::Info<'_>| {
        seen.fetch_add(1, SeqCst);
    });
    let result = run(db).await;
    (counter.load(SeqCst), result)
}

/// Checks that `list` runs the same statements at both sizes, and at least one (so that the
/// comparison cannot pass with the callback silent).
fn same_statements(list: &str, (small, at_5): (usize, usize), (large, at_50): (usize, usize)) {
    assert_eq!((at_5, at_50), (5, 50), "{list}: the items listed");
    assert!(small > 0, "{list}: the metric callback counts statements");
    assert_eq!(small, large, "{list}: {small} statements for 5 items but {large} for 50");
}

/// Copies of the demo tender, open, with the same measures chosen, until the council has `total`.
async fn open_tenders_up_to(app: &TestApp, total: u64) {
    let demo = demo_tender(app).await;
    let measures =
        tender_measure::Entity::find().filter(tender_measure::Column::TenderId.eq(demo.id)).all(&app.db).await.unwrap();
    // Open ones only: the closed demo tender is not listed as open.
    let existing = tender::Entity::find().filter(tender::Column::Deadline.gt(Utc::now())).count(&app.db).await.unwrap();
    for n in existing..total {
        let mut copy = demo.clone().into_active_model().reset_all();
        copy.id = NotSet;
        copy.reference = Set(format!("BULK-{n}"));
        copy.title = Set(format!("Bulk tender {n}"));
        let copy = copy.insert(&app.db).await.unwrap();
        tender_measure::Entity::insert_many(measures.iter().map(|m| tender_measure::ActiveModel {
            tender_id: Set(copy.id),
            measure_id: Set(m.measure_id),
            ..Default::default()
        }))
        .exec(&app.db)
        .await
        .unwrap();
    }
}

async fn tender_lists_run_the_same_statements_for_5_and_50_tenders(backend: Backend) {
    let app = seeded(backend).await;
    let staff = demo_session(&app, COUNCIL_ADMIN).await;
    let mut public = Vec::new();
    let mut council = Vec::new();
    for total in [5, 50] {
        open_tenders_up_to(&app, total).await;
        public.push(
            counted(&app, |db| async move {
                tenders::open_tenders(&db, &Default::default(), &TenderFilters::default()).await.unwrap().len()
            })
            .await,
        );
        let staff = &staff;
        council.push(
            // Less the closed demo tender, listed beside the open ones.
            counted(&app, |db| async move {
                tenders::council_tenders(&db, &Default::default(), Some(staff)).await.unwrap().len() - 1
            })
            .await,
        );
    }
    same_statements("open_tenders", public[0], public[1]);
    same_statements("council_tenders", council[0], council[1]);
}

/// Copies of the demo framework (each with its 30 measures), made through the service and then
/// marked published, until the council has `total` versions.
async fn published_versions_up_to(app: &TestApp, total: u64) {
    let admin = demo_session(app, COUNCIL_ADMIN).await;
    let demo = published_version_id(app).await;
    let existing = framework_version::Entity::find().count(&app.db).await.unwrap();
    for n in existing..total {
        let answers = VersionDetailsAnswers {
            name: "Bulk framework".into(),
            version_label: format!("copy {n}"),
            effective_day: "1".into(),
            effective_month: "4".into(),
            effective_year: "2027".into(),
            local_definition: "Within the county boundary".into(),
            local_postcode_districts: "CM1".into(),
        };
        frameworks::create_draft(&app.db, Some(&admin), &answers, Some(demo)).await.unwrap();
    }
    // Publishing through the service retires the version before: only one would be public.
    framework_version::Entity::update_many()
        .col_expr(framework_version::Column::Status, Expr::value("published"))
        .filter(framework_version::Column::Status.eq("draft"))
        .exec(&app.db)
        .await
        .unwrap();
}

async fn framework_lists_run_the_same_statements_for_5_and_50_versions(backend: Backend) {
    let app = seeded(backend).await;
    let admin = demo_session(&app, COUNCIL_ADMIN).await;
    let mut public = Vec::new();
    let mut council = Vec::new();
    for total in [5, 50] {
        published_versions_up_to(&app, total).await;
        public.push(counted(&app, |db| async move { frameworks::published_versions(&db).await.unwrap().len() }).await);
        let admin = &admin;
        council.push(
            counted(&app, |db| async move { frameworks::council_versions(&db, Some(admin)).await.unwrap().len() })
                .await,
        );
    }
    same_statements("published_versions", public[0], public[1]);
    same_statements("council_versions", council[0], council[1]);
}

/// Submitted offers for the tender, each from a supplier of its own with one current
/// submission and one withdrawn before it, until the tender has `total`.
async fn submitted_offers_up_to(app: &TestApp, tender_id: i64, total: u64, submitted_by: i64) {
    let existing = offer::Entity::find().filter(offer::Column::TenderId.eq(tender_id)).count(&app.db).await.unwrap();
    let now = Utc::now();
    for n in existing..total {
        let supplier = organisation::ActiveModel {
            kind: Set("supplier".into()),
            name: Set(format!("Bulk Supplier {n} Ltd")),
            companies_house_number: Set(None),
            postcode: Set(None),
            is_sme: Set(true),
            is_vcse: Set(false),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        let row = offer::ActiveModel {
            tender_id: Set(tender_id),
            supplier_id: Set(supplier.id),
            status: Set(OfferStatus::Submitted.as_str().into()),
            created_at: Set(now),
            updated_at: Set(now),
            updated_by_user_id: Set(None),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        for (suffix, withdrawn_at) in [("W", Some(now)), ("C", None)] {
            offer_submission::ActiveModel {
                offer_id: Set(row.id),
                reference: Set(format!("SV-BULK-{n}{suffix}")),
                submitted_at: Set(now),
                submitted_by_user_id: Set(submitted_by),
                withdrawn_at: Set(withdrawn_at),
                withdrawn_by_user_id: Set(withdrawn_at.map(|_| submitted_by)),
                total: Set(format!("{}", 1000 + n)),
                ratio: Set(Some(format!("0.00{}", n + 1))),
                snapshot: Set(empty_snapshot()),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .unwrap();
        }
    }
}

/// A submission's record with no lines.
fn empty_snapshot() -> String {
    use calc::Money;
    let offer = domain::offers::SubmittedOffer {
        contract_value: Money::from_pounds(2_000_000.into()),
        lines: Vec::new(),
        responses: Vec::new(),
        total: Money::ZERO,
        by_theme: Default::default(),
        by_year: Default::default(),
        ratio: None,
        indicative_score: Default::default(),
        quantitative_weight: Default::default(),
        theme_order: Vec::new(),
    };
    serde_json::to_string(&offer).unwrap()
}

async fn standings_run_the_same_statements_for_5_and_50_offers(backend: Backend) {
    let app = seeded(backend).await;
    let tender = demo_tender(&app).await;
    let submitted_by = app_user_id(&app, SUPPLIER_A).await;
    let mut standings = Vec::new();
    for total in [5, 50] {
        submitted_offers_up_to(&app, tender.id, total, submitted_by).await;
        let tender = &tender;
        standings.push(
            counted(&app, |db| async move {
                evaluation::standings(&db, &Default::default(), tender.clone(), 0).await.unwrap().len()
            })
            .await,
        );
    }
    same_statements("standings", standings[0], standings[1]);
}

on_both_databases!(
    tender_lists_run_the_same_statements_for_5_and_50_tenders,
    framework_lists_run_the_same_statements_for_5_and_50_versions,
    standings_run_the_same_statements_for_5_and_50_offers,
);
