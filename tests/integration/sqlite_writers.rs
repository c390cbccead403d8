//! SQLite never says "database is locked": twenty writers at once on each service that writes
//! all finish without an error (each write transaction begins IMMEDIATE and waits its turn, see
//! `db::begin_write`), and the audit chain they extend one at a time still
//! verifies. SQLite only: PostgreSQL has row locks and no such failure.

use std::fmt::Debug;

use db::framework_theme;
use domain::accounts::Role;
use domain::frameworks::VersionDetailsAnswers;
use domain::tenders::TenderAnswers;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::accounts::{self, SupplierRegistration};
use services::demo::DEMO_ACCOUNTS;
use services::{audit, frameworks, offers, tenders};

use crate::helpers::{
    demo_session, demo_tender, measure_in, one_line, published_version_id, registration, seeded, spawn_app,
    tender_form, Backend, TestApp, COUNCIL_ADMIN, DEMO_PASSWORD, PASSWORD, SUPPLIER_A,
};

const WRITERS: usize = 20;

/// Every writer succeeded (else the first error is shown), and the audit chain verifies.
async fn all_succeeded<T, E: Debug>(app: &TestApp, what: &str, results: Vec<Result<T, E>>) {
    let failures: Vec<&E> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{what}: {} of {} writers failed; the first: {:?}",
        failures.len(),
        results.len(),
        failures.first()
    );
    let report = audit::verify_chain(&app.db).await.unwrap_or_else(|e| panic!("{what}: the audit chain: {e:?}"));
    assert!(report.entries >= WRITERS as u64, "{what}: {} audit entries", report.entries);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_suppliers_register_at_once() {
    let app = spawn_app(Backend::Sqlite).await;
    let results = futures::future::join_all((0..WRITERS).map(|n| {
        accounts::register_supplier(
            &app.db,
            SupplierRegistration {
                organisation_name: format!("Supplier {n} Ltd"),
                ..registration(&format!("supplier{n}@example.org"))
            },
        )
    }))
    .await;
    all_succeeded(&app, "register_supplier", results).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_council_admin_sends_twenty_invitations_at_once() {
    let app = seeded(Backend::Sqlite).await;
    let admin = demo_session(&app, COUNCIL_ADMIN).await;
    let emails: Vec<String> = (0..WRITERS).map(|n| format!("officer{n}@demo-council.example")).collect();
    let results = futures::future::join_all(emails.iter().map(|email| {
        accounts::invite_team_member(&app.db, Some(&admin), email, Role::CouncilOfficer, "http://pb.test")
    }))
    .await;
    all_succeeded(&app, "invite_team_member", results).await;
}

/// Each sign-in writes a session, clears the person's failures and adds an audit entry.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_sign_ins_at_once() {
    let app = seeded(Backend::Sqlite).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    // The same people several times over, and one with a password of its own.
    let people: Vec<(&str, &str)> = (0..WRITERS)
        .map(|n| match DEMO_ACCOUNTS.get(n % (DEMO_ACCOUNTS.len() + 1)) {
            Some((email, _)) => (*email, DEMO_PASSWORD),
            None => ("sam@example.org", PASSWORD),
        })
        .collect();
    // The password step: it writes a session for everyone (the council's then wait for their
    // code, which a person can give only once in each 30 seconds, so is not repeated here).
    let password_step = |email: &'static str, password: &'static str| {
        accounts::sign_in(
            &app.db,
            email,
            password.into(),
            "203.0.113.9",
            None,
            accounts::ThrottlePolicy::default(),
            services::sessions::SessionPolicy::default(),
        )
    };
    let results =
        futures::future::join_all(people.iter().map(|&(email, password)| password_step(email, password))).await;
    all_succeeded(&app, "sign_in", results).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_themes_added_to_one_draft_at_once() {
    let app = seeded(Backend::Sqlite).await;
    let admin = demo_session(&app, COUNCIL_ADMIN).await;
    let answers = VersionDetailsAnswers {
        name: "Writers' framework".into(),
        version_label: "2027-28".into(),
        effective_day: "1".into(),
        effective_month: "4".into(),
        effective_year: "2027".into(),
        local_definition: "Within the county boundary".into(),
        local_postcode_districts: "CM1".into(),
    };
    let draft = frameworks::create_draft(&app.db, Some(&admin), &answers, None).await.unwrap();
    let names: Vec<String> = (0..WRITERS).map(|n| format!("Theme {n}")).collect();
    let results =
        futures::future::join_all(names.iter().map(|name| frameworks::add_theme(&app.db, Some(&admin), draft, name)))
            .await;
    all_succeeded(&app, "add_theme", results).await;
    let themes =
        framework_theme::Entity::find().filter(framework_theme::Column::VersionId.eq(draft)).count(&app.db).await;
    assert_eq!(themes.unwrap(), WRITERS as u64, "every theme was added");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_edits_of_one_draft_tender_at_once() {
    let app = seeded(Backend::Sqlite).await;
    let staff = demo_session(&app, COUNCIL_ADMIN).await;
    let version_id = published_version_id(&app).await;
    let draft = tenders::create_tender(
        &app.db,
        Some(&staff),
        &TenderAnswers::from_fields(&tender_form("DCC-WRITERS", "Writers' tender", version_id)),
    )
    .await
    .unwrap();
    let edits: Vec<TenderAnswers> = (0..WRITERS)
        .map(|n| {
            TenderAnswers::from_fields(&tender_form("DCC-WRITERS", &format!("Writers' tender, edit {n}"), version_id))
        })
        .collect();
    let results = futures::future::join_all(
        edits.iter().map(|answers| tenders::update_tender(&app.db, Some(&staff), draft, answers)),
    )
    .await;
    all_succeeded(&app, "update_tender", results).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_saves_of_one_offer_at_once() {
    let app = seeded(Backend::Sqlite).await;
    let supplier = demo_session(&app, SUPPLIER_A).await;
    let tender = demo_tender(&app).await;
    let job_1 = measure_in(&app, &tender, "JOB-1", true).await;
    let offer_id = offers::start_offer(&app.db, Some(&supplier), tender.id).await.unwrap();
    // Each save differs from the one before, so that each writes its audit entry.
    let answers: Vec<_> = (0..WRITERS).map(|n| one_line(&job_1, &(n + 1).to_string(), &format!("Plan {n}"))).collect();
    let results = futures::future::join_all(
        answers
            .iter()
            .map(|fields| offers::save_offer(&app.db, &app.state.published, Some(&supplier), offer_id, fields)),
    )
    .await;
    all_succeeded(&app, "save_offer", results).await;
}
