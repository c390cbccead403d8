//! The error messages that only a service with stored records can give (an email address
//! already in use, a theme with measures in it, a tender that is no longer a draft, a return
//! already submitted…), in one snapshot
//! (`snapshots/integration__error_messages__error_messages_that_need_records.snap`). It
//! completes the app's snapshot of every other form message (`app/src/error_messages.rs`), and
//! reads the same way: `form › field › message`, a refusal of the whole form against
//! `main-content`, where the page's error summary links.
//!
//! Each message comes from calling the service the form route calls, on the demo data, with
//! answers that trigger it: nothing here copies a message.

use std::collections::BTreeSet;

use app::journeys::form_routes::CONFLICT_FIELD;
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use db::{contract, contract_officer, email_outbox, framework_measure, framework_theme, quarterly_return, return_line};
use domain::accounts::Role;
use domain::errors::AppError;
use domain::frameworks::{MeasureAnswers, MeasureField, VersionDetailsAnswers};
use domain::tenders::TenderAnswers;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use services::demo::CLOSED_TENDER_REFERENCE;
use services::sessions::SessionPolicy;
use services::two_factor::SetUpPerson;
use services::{accounts, contracts, evaluation, frameworks, offers, returns, reviews, tenders, two_factor};

use crate::helpers::{
    closed_demo_tender, demo_session, demo_tender, measure_in, one_line, published_version_id, registration, save_ok,
    seeded, signed_in, start_offer, tender_form, Backend, TestApp, COUNCIL_ADMIN, SUPPLIER_A, SUPPLIER_B,
};

/// The snapshot's text: forms one after another, each message once per form.
#[derive(Default)]
struct Listing {
    text: String,
    form: String,
    seen: BTreeSet<String>,
}

impl Listing {
    fn form(&mut self, name: &str) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.form = name.to_owned();
        self.seen.clear();
    }

    /// A refusal as a form route shows it: invalid answers beside their fields, or a conflict
    /// in the error summary. `refused` must be an error: a success fails the test.
    fn refused<T: std::fmt::Debug, E: Into<AppError>>(&mut self, refused: Result<T, E>) {
        let error = match refused {
            Ok(value) => panic!("{}: expected a refusal, got {value:?}", self.form),
            Err(error) => error.into(),
        };
        match error {
            AppError::Invalid { errors, .. } => {
                assert!(!errors.is_empty(), "{}: a refusal without a message", self.form);
                for error in errors.0 {
                    self.line(&error.field_id, &error.message);
                }
            }
            AppError::Conflict(reason) => self.line(CONFLICT_FIELD, &reason),
            other => panic!("{}: expected a refusal of the answers, got {other:?}", self.form),
        }
    }

    /// A field named by a record's id (`role-12`) is shown as `role-{id}`, so that the snapshot
    /// does not change with the order the demo data is made in.
    fn line(&mut self, field: &str, message: &str) {
        let field = match field.rsplit_once('-') {
            Some((name, id)) if id.chars().all(|c| c.is_ascii_digit()) => format!("{name}-{{id}}"),
            _ => field.to_owned(),
        };
        let line = format!("{} › {field} › {message}\n", self.form);
        if self.seen.insert(line.clone()) {
            self.text.push_str(&line);
        }
    }
}

fn long(chars: usize) -> String {
    "x".repeat(chars)
}

/// The single-use link's token in the newest email whose link starts `path`.
async fn link_token(app: &TestApp, path: &str) -> String {
    let mail =
        email_outbox::Entity::find().order_by_desc(email_outbox::Column::Id).one(&app.db).await.unwrap().unwrap();
    let start =
        mail.body_text.find(path).unwrap_or_else(|| panic!("no {path} link in {}", mail.body_text)) + path.len();
    mail.body_text[start..].split_whitespace().next().unwrap().to_owned()
}

/// A tender's answers, as `tender_form` types them, with some changed.
fn tender_answers(reference: &str, version_id: i64, changed: &[(&str, &str)]) -> TenderAnswers {
    let mut typed = tender_form(reference, "Error messages", version_id);
    for (name, value) in changed {
        let field = typed.iter_mut().find(|(n, _)| n == name).unwrap_or_else(|| panic!("a field {name}"));
        field.1 = (*value).to_owned();
    }
    TenderAnswers::from_fields(&typed)
}

/// The last Sunday of March next year, when 1am to 2am does not exist in the UK.
fn clocks_go_forward() -> NaiveDate {
    let year = Utc::now().year() + 1;
    let mut day = NaiveDate::from_ymd_opt(year, 3, 31).unwrap();
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().unwrap();
    }
    day
}

#[tokio::test]
async fn error_messages_that_need_records() {
    let app = seeded(Backend::Sqlite).await;
    let db = &app.db;
    let base_url = "http://localhost";
    let council = demo_session(&app, COUNCIL_ADMIN).await;
    let supplier = demo_session(&app, SUPPLIER_A).await;
    let mut l = Listing::default();

    // ---- Accounts ------------------------------------------------------------------------

    l.form("Register your organisation");
    l.refused(accounts::register_supplier(db, registration(SUPPLIER_B)).await);

    l.form("Invite someone to your team");
    l.refused(accounts::invite_team_member(db, Some(&supplier), SUPPLIER_B, Role::SupplierUser, base_url).await);

    l.form("Accept an invitation");
    accounts::invite_team_member(db, Some(&supplier), "kim@example.com", Role::SupplierUser, base_url).await.unwrap();
    let token = link_token(&app, "/invitations/").await;
    for (name, password) in [("", ""), (&long(201) as &str, "short")] {
        let refused = accounts::accept_invitation(db, &token, name, password).await;
        l.refused(refused.map_err(|refused| refused.reported_against("full-name")));
    }

    l.form("Your team");
    l.refused(accounts::deactivate_user(db, Some(&supplier), supplier.user.id).await);
    l.refused(accounts::change_role(db, Some(&supplier), supplier.user.id, None).await);
    l.refused(accounts::change_role(db, Some(&supplier), supplier.user.id, Some(Role::SupplierUser)).await);
    l.refused(two_factor::reset_for(db, Some(&council), council.user.id).await);

    l.form("Two-factor sign-in for suppliers");
    l.refused(two_factor::set_suppliers_requirement(db, Some(&council), None).await);

    l.form("Set up two-factor sign-in");
    let person = || SetUpPerson::of(Some(&supplier), None).unwrap();
    let policy = SessionPolicy::default();
    l.refused(two_factor::confirm_set_up(db, &app.totp_key, person(), "123456", "203.0.113.9", policy).await);
    two_factor::start_set_up(db, &app.totp_key, person()).await.unwrap();
    l.refused(two_factor::confirm_set_up(db, &app.totp_key, person(), "abcdef", "203.0.113.9", policy).await);

    l.form("New recovery codes");
    l.refused(two_factor::replace_recovery_codes_of(db, Some(&supplier)).await);

    // ---- Measures frameworks ---------------------------------------------------------------

    let details = VersionDetailsAnswers {
        name: "Demo framework".into(),
        version_label: "Next year".into(),
        effective_day: "1".into(),
        effective_month: "4".into(),
        effective_year: (Utc::now().year() + 1).to_string(),
        local_definition: "Within the county boundary".into(),
        local_postcode_districts: String::new(),
    };
    l.form("Create a framework version");
    l.refused(frameworks::create_draft(db, Some(&council), &details, Some(999_999)).await);

    let published = published_version_id(&app).await;
    let draft = frameworks::create_draft(db, Some(&council), &details, Some(published)).await.unwrap();
    let themes = framework_theme::Entity::find()
        .filter(framework_theme::Column::VersionId.eq(draft))
        .order_by_asc(framework_theme::Column::Position)
        .all(db)
        .await
        .unwrap();
    let (jobs, other) = (&themes[0], &themes[1]);
    l.form("Themes");
    for name in ["", &long(101), &jobs.name.to_uppercase()] {
        l.refused(frameworks::add_theme(db, Some(&council), draft, name).await);
    }
    l.refused(frameworks::rename_theme(db, Some(&council), draft, other.id, "").await);
    l.refused(frameworks::rename_theme(db, Some(&council), draft, other.id, &jobs.name).await);
    l.refused(frameworks::remove_theme(db, Some(&council), draft, jobs.id).await);

    l.form("Add or change a measure");
    let mut answers = MeasureAnswers::default();
    for (field, value) in [
        (MeasureField::Code, "NEW-1"),
        (MeasureField::Theme, "A theme not in this version"),
        (MeasureField::Outcome, "More local people in work"),
        (MeasureField::Description, "Local people employed on the contract"),
        (MeasureField::Unit, "people"),
        (MeasureField::Kind, "record only"),
    ] {
        answers.set(field, value);
    }
    l.refused(frameworks::save_measure(db, Some(&council), draft, None, &answers).await);

    l.form("Remove a measure");
    let added_to = framework_measure::Entity::find()
        .filter(framework_measure::Column::VersionId.eq(draft))
        .filter(framework_measure::Column::Code.eq("JOB-1"))
        .one(db)
        .await
        .unwrap()
        .expect("the demo framework's JOB-1, which JOB-2 adds to");
    l.refused(frameworks::remove_measure(db, Some(&council), draft, added_to.id).await);

    // ---- Tenders ---------------------------------------------------------------------------

    l.form("Tender details");
    let gap = clocks_go_forward();
    let yesterday = (Utc::now() - Duration::days(1)).date_naive();
    for changed in [
        vec![("framework-version", "999999")],
        vec![
            ("deadline-day", &gap.day().to_string() as &str),
            ("deadline-month", "3"),
            ("deadline-year", &gap.year().to_string()),
            ("deadline-time", "1:30am"),
        ],
        vec![
            ("deadline-day", &yesterday.day().to_string() as &str),
            ("deadline-month", &yesterday.month().to_string()),
            ("deadline-year", &yesterday.year().to_string()),
        ],
    ] {
        l.refused(tenders::create_tender(db, Some(&council), &tender_answers("EM-1", published, &changed)).await);
    }
    let demo = demo_tender(&app).await;
    l.refused(tenders::create_tender(db, Some(&council), &tender_answers(&demo.reference, published, &[])).await);
    l.refused(tenders::update_tender(db, Some(&council), demo.id, &tender_answers("EM-1", published, &[])).await);

    l.form("Open the tender to bidders");
    let draft_tender =
        tenders::create_tender(db, Some(&council), &tender_answers("EM-2", published, &[])).await.unwrap();
    l.refused(tenders::open_tender(db, Some(&council), draft_tender).await);
    let job_1 = framework_measure::Entity::find()
        .filter(framework_measure::Column::VersionId.eq(published))
        .filter(framework_measure::Column::Code.eq("JOB-1"))
        .one(db)
        .await
        .unwrap()
        .expect("the published JOB-1");
    tenders::choose_measures(db, &Default::default(), Some(&council), draft_tender, &[job_1.id], &[job_1.id])
        .await
        .unwrap();
    crate::helpers::pass_the_deadline(&app, draft_tender).await;
    l.refused(tenders::open_tender(db, Some(&council), draft_tender).await);

    l.form("Cancel the tender");
    let awarded = crate::helpers::awarded_demo_tender(&app).await;
    l.refused(tenders::cancel_tender(db, Some(&council), awarded.id).await);

    // ---- Offers ----------------------------------------------------------------------------

    l.form("Check your offer before you submit it");
    let job_1 = measure_in(&app, &demo, "JOB-1", true).await;
    let browser = signed_in(&app, SUPPLIER_B).await;
    let offer_id = start_offer(&app, &browser, demo.id).await;
    save_ok(&app, &browser, offer_id, &one_line(&job_1, "2", "Two local hires through the jobcentre")).await;
    let supplier_b = demo_session(&app, SUPPLIER_B).await;
    l.refused(offers::submit_offer(db, &Default::default(), Some(&supplier_b), offer_id, false).await);

    // ---- Contracts, returns and reviews ------------------------------------------------------

    let contract = contract::Entity::find()
        .filter(contract::Column::Reference.eq(CLOSED_TENDER_REFERENCE))
        .one(db)
        .await
        .unwrap()
        .expect("the demo contract");

    l.form("Contract officers");
    l.refused(contracts::add_officer(db, Some(&council), contract.id, None).await);
    let officers = contract_officer::Entity::find()
        .filter(contract_officer::Column::ContractId.eq(contract.id))
        .all(db)
        .await
        .unwrap();
    assert_eq!(officers.len(), 1, "the demo contract has one officer");
    l.refused(contracts::remove_officer(db, Some(&council), contract.id, officers[0].user_id).await);

    l.form("Quarterly return");
    let years = ((contract.end_date - contract.start_date).num_days() as f64 / 365.25).round() as u32;
    l.refused(returns::start_return(db, Some(&supplier), contract.id, 4 * years).await);
    returns::start_return(db, Some(&supplier), contract.id, 4).await.unwrap();
    l.refused(returns::add_additional_line(db, Some(&supplier), contract.id, 4, None).await);
    let fourth = quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract.id))
        .filter(quarterly_return::Column::Quarter.eq(4))
        .one(db)
        .await
        .unwrap()
        .expect("quarter 4's return");
    let on_it = return_line::Entity::find()
        .filter(return_line::Column::ReturnId.eq(fourth.id))
        .one(db)
        .await
        .unwrap()
        .expect("a line of quarter 4's return");
    l.refused(returns::add_additional_line(db, Some(&supplier), contract.id, 4, Some(on_it.measure_id)).await);
    // Quarter 3's return waits for review.
    l.refused(returns::save_draft(db, Some(&supplier), contract.id, 3, &[]).await);
    l.refused(returns::check_ready(db, Some(&supplier), contract.id, 3).await);

    l.form("Review a return");
    l.refused(reviews::decide(db, base_url, Some(&council), contract.id, 1, &[]).await);

    l.form("Answer the council's questions");
    l.refused(reviews::answer(db, base_url, Some(&supplier), contract.id, 3, &[]).await);

    // ---- Evaluation (last: it takes the awarded demo tender back to before moderation) --------

    let closed = closed_demo_tender(&app).await;
    l.form("Submit your marks");
    l.refused(evaluation::submit_marks(db, &Default::default(), Some(&council), closed.id).await);

    l.form("Award the contract");
    l.refused(evaluation::award_tender(db, &Default::default(), Some(&council), closed.id, None, "", base_url).await);

    insta::assert_snapshot!("error_messages_that_need_records", l.text);
}
