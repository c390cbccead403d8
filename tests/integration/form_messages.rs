//! Every error message a person can meet on a form, in one snapshot
//! (`snapshots/integration__form_messages__every_error_message.snap`), so that a reviewer reads them all
//! at once and checks each says what went wrong and how to put it right, in the GOV.UK style.
//!
//! Each message comes from running the parser, check or service the form uses, with answers
//! that trigger it: nothing here copies a message, so changing one fails this test until the
//! snapshot is accepted again (`INSTA_UPDATE=always`, then read the diff). Services run against a
//! disconnected database where they check the answers before they read anything, so reaching the
//! database first fails the test. The messages that need stored records (an email address
//! already used, a theme in use, a closed tender's marks…) are in the integration tests'
//! snapshot, `tests/integration/snapshots/integration__error_messages__*.snap`.
//!
//! Each line reads `form › field › message`; a form's refusal as a whole (its state changed
//! under it) is shown against `main-content`, where the page's error summary links.

use std::collections::BTreeSet;
use std::fmt::Debug;

use axum::extract::{FromRequest, Multipart};
use chrono::Utc;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sea_orm::DatabaseConnection;

use app::journeys::accounts::forms::{missing_sign_in_answers, parse_invited_role, reminders_off};
use app::journeys::accounts::two_factor_forms::SecondFactor;
use app::journeys::form_routes::CONFLICT_FIELD;
use app::journeys::frameworks::forms::read_file_field;
use app::journeys::returns::forms::{refusal_message, too_many_files, NO_FILE_CHOSEN};
use calc::{Money, QuantityRule, ScoringRule, ScoringTerms, SvRatio};
use db::app_user;
use domain::accounts::{Email, NewPassword, Role};
use domain::contracts::{
    parse_award_reason, parse_return_due_days, AWARD_CHOICE_MISSING, AWARD_FIELD, RETURN_DUE_DAYS_FIELD,
};
use domain::errors::AppError;
use domain::evaluation::{
    mark_field, parse_sent_marks, reason_field, EvaluatorRole, ExclusionAnswers, MarkingScale, DEFAULT_DESCRIPTORS,
};
use domain::form::{FieldErrors, FileProblem};
use domain::frameworks::{
    check_measures, publish_problems, Measure, MeasureAnswers, MeasureField, StoredMeasure, VersionDetailsAnswers,
};
use domain::offers::{check_offer, submission_problems, ItemAnswers, OfferAnswers, OfferTerms};
use domain::performance::Thresholds;
use domain::returns::{
    attestation_problems, draft_problems, evidence_field, submission_problems as return_submission_problems, TypedLine,
    DEFAULT_MAX_EVIDENCE_BYTES,
};
use domain::reviews::{
    parse_answers, parse_decisions, TypedAnswer, TypedDecision, APPROVE_LESS, REJECT, REQUEST_INFORMATION,
};
use domain::sample_measures::calculate;
use domain::tenders::{TenderAnswers, TenderStatus};
use services::accounts::{self, SignInError, SupplierRegistration, TokenUseError};
use services::evidence::{ContentCheck, EvidenceRefusal};
use services::framework_files::{read_measures, MAX_FILE_BYTES, MAX_ROWS};
use services::frameworks::FrameworkError;
use services::offers::OfferError;
use services::passwords;
use services::sessions::ActiveSession;

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

    fn line(&mut self, field: &str, message: &str) {
        assert!(!message.trim().is_empty(), "{} › {field} has an empty message", self.form);
        let line = format!("{} › {field} › {message}\n", self.form);
        if self.seen.insert(line.clone()) {
            self.text.push_str(&line);
        }
    }

    fn errors(&mut self, errors: &FieldErrors) {
        assert!(!errors.is_empty(), "{}: the answers were expected to be refused", self.form);
        for error in &errors.0 {
            self.line(&error.field_id, &error.message);
        }
    }

    /// The refusal of parsed answers (the value, if they were accepted, fails the test).
    fn refused<T: Debug>(&mut self, parsed: Result<T, FieldErrors>) {
        let errors = parsed.expect_err("the answers were expected to be refused");
        self.errors(&errors);
    }

    /// A refusal as a form route shows it: invalid answers beside their fields (and an imported
    /// file's problems in their table), or a conflict in the error summary.
    fn app_error(&mut self, error: impl Into<AppError>) {
        match error.into() {
            AppError::Invalid { errors, file_problems } => {
                self.errors(&errors);
                for problem in file_problems {
                    self.file_problem(&problem);
                }
            }
            AppError::Conflict(reason) => self.line(CONFLICT_FIELD, &reason),
            other => panic!("{}: expected a refusal of the answers, got {other:?}", self.form),
        }
    }

    fn file_problem(&mut self, problem: &FileProblem) {
        let place = match (problem.line, &problem.column) {
            (Some(line), Some(column)) => format!("import-problems, line {line}, {column}"),
            (Some(line), None) => format!("import-problems, line {line}"),
            (None, _) => "import-problems, whole file".to_owned(),
        };
        self.line(&place, &format!("{} | How to fix it: {}", problem.problem, problem.how_to_fix));
    }
}

fn long(chars: usize) -> String {
    "x".repeat(chars)
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

/// A signed-in person of `role`, as a service sees them (no database behind it).
fn session_of(role: Role, password_hash: String) -> ActiveSession {
    ActiveSession {
        session_id: 1,
        user: app_user::Model {
            id: 1,
            organisation_id: 1,
            email: "sam@example.com".into(),
            full_name: "Sam Example".into(),
            password_hash,
            role: role.as_str().into(),
            is_active: true,
            created_at: Utc::now(),
            password_changed_at: Utc::now(),
            reminders_off: false,
            totp_secret: None,
            totp_pending_secret: None,
            totp_enabled_at: None,
            totp_last_step: None,
        },
    }
}

fn measure_answers(pairs: &[(MeasureField, &str)]) -> MeasureAnswers {
    let mut answers = MeasureAnswers::default();
    for (field, value) in pairs {
        answers.set(*field, *value);
    }
    answers
}

/// A measure that parses: `kind` as the form offers it, whole numbers unless `fraction`.
fn measure(code: &str, kind: &str, proxy: &str, fraction: bool, first_year_only: bool) -> Measure {
    Measure::parse(&measure_answers(&[
        (MeasureField::Code, code),
        (MeasureField::Theme, "Jobs"),
        (MeasureField::Outcome, "More local people in work"),
        (MeasureField::Description, "Local people employed on the contract"),
        (MeasureField::Unit, "people"),
        (MeasureField::Kind, kind),
        (MeasureField::ProxyValue, proxy),
        (MeasureField::AllowsFraction, if fraction { "yes" } else { "no" }),
        (MeasureField::FirstYearOnly, if first_year_only { "yes" } else { "no" }),
    ]))
    .expect("a valid measure")
}

/// A CSV file of measures: the header, then each row's cells.
fn csv_file(rows: &[&[&str]]) -> Vec<u8> {
    let header = MeasureField::ALL.map(MeasureField::header).join(",");
    let mut text = header + "\n";
    for row in rows {
        text.push_str(&row.join(","));
        text.push('\n');
    }
    text.into_bytes()
}

/// An import form's request whose `file` field holds `bytes` (or no `file` field at all).
async fn import_request(file: Option<&[u8]>) -> Multipart {
    let mut body = Vec::new();
    if let Some(bytes) = file {
        body.extend_from_slice(
            b"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"measures.csv\"\r\n\
              Content-Type: text/csv\r\n\r\n",
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--XYZ--\r\n");
    let request = http::Request::builder()
        .method("POST")
        .header(http::header::CONTENT_TYPE, "multipart/form-data; boundary=XYZ")
        .body(axum::body::Body::from(body))
        .expect("a request");
    Multipart::from_request(request, &()).await.expect("a multipart body")
}

/// What the evidence check says of a file called `name` holding `bytes`.
fn evidence_refusal(name: &str, bytes: &[u8]) -> EvidenceRefusal {
    let mut check = ContentCheck::new(name);
    match check.feed(bytes) {
        Err(refusal) => refusal,
        Ok(()) => check.finish().expect_err("the file was expected to be refused"),
    }
}

#[tokio::test]
async fn every_error_message() {
    let no_database = DatabaseConnection::default();
    let mut l = Listing::default();

    // ---- Accounts ------------------------------------------------------------------------

    l.form("Sign in");
    l.errors(&missing_sign_in_answers("", ""));
    l.app_error(SignInError::InvalidCredentials);
    l.app_error(SignInError::LockedOut);

    for (form, factor, wrong) in [
        ("Sign in: code from your authenticator app", SecondFactor::Code, SignInError::WrongCode),
        ("Sign in: recovery code", SecondFactor::RecoveryCode, SignInError::WrongRecoveryCode),
    ] {
        l.form(form);
        l.line(factor.field(), factor.missing());
        l.app_error(wrong.reported_against(factor.field()));
        l.app_error(SignInError::LockedOut.reported_against(factor.field()));
    }

    l.form("Set up two-factor sign-in");
    l.line(SecondFactor::Code.field(), SecondFactor::Code.missing());

    l.form("Register your organisation");
    let registration = |organisation: &str, number: &str, postcode: &str, name: &str, email: &str, password: &str| {
        SupplierRegistration {
            organisation_name: organisation.into(),
            companies_house_number: number.into(),
            postcode: postcode.into(),
            is_sme: true,
            is_vcse: false,
            full_name: name.into(),
            email: email.into(),
            password: password.into(),
        }
    };
    for sent in [
        registration("", "", "", "", "", ""),
        registration(&long(201), "123", "CM1", &long(201), "jo@", "short"),
        registration("Acme Ltd", "", "CM1 1AA", "Sam", "", &long(129)),
        registration("Acme Ltd", "", "CM1 1AA", "Sam", "", "password1234"),
    ] {
        let refused = accounts::register_supplier(&no_database, sent).await.expect_err("refused");
        l.app_error(refused);
    }

    l.form("Forgot your password");
    for typed in ["", "jo"] {
        l.refused(Email::parse(typed).map_err(|error| FieldErrors::one("email", error)));
    }

    l.form("Reset your password");
    for typed in ["", "short", &long(129), "password1234"] {
        l.refused(NewPassword::parse(typed).map_err(|error| FieldErrors::one("new-password", error)));
    }
    l.app_error(TokenUseError::ExpiredOrUsed.reported_against("new-password"));

    l.form("Change your password");
    let hash = passwords::hash_secret("the current passphrase".into()).await.expect("a hash");
    let session = session_of(Role::SupplierUser, hash);
    for (current, new) in
        [("not the current one", ""), ("the current passphrase", "short"), ("the current passphrase", &long(129))]
    {
        let refused =
            accounts::change_password(&no_database, &session, current.into(), new).await.expect_err("refused");
        l.app_error(refused);
    }
    let refused = accounts::change_password(&no_database, &session, "the current passphrase".into(), "password1234")
        .await
        .expect_err("refused");
    l.app_error(refused);

    l.form("Invite someone to your team");
    l.refused(parse_invited_role(""));
    let admin = session_of(Role::SupplierAdmin, String::new());
    for email in ["", "jo@"] {
        let refused = accounts::invite_team_member(&no_database, Some(&admin), email, Role::CouncilOfficer, "")
            .await
            .expect_err("refused");
        l.app_error(refused);
    }

    l.form("Accept an invitation");
    l.app_error(TokenUseError::ExpiredOrUsed.reported_against("full-name"));

    l.form("Reminders");
    l.refused(reminders_off(""));

    // ---- Measures frameworks ---------------------------------------------------------------

    l.form("Framework version details");
    l.refused(VersionDetailsAnswers::default().parse());
    l.refused(
        VersionDetailsAnswers {
            name: long(201),
            version_label: long(41),
            effective_day: "31".into(),
            effective_month: "2".into(),
            effective_year: "2027".into(),
            local_definition: long(1001),
            local_postcode_districts: "CM1, Chelmsford".into(),
        }
        .parse(),
    );

    l.form("Add or change a measure");
    let measure_problems = |answers: MeasureAnswers| {
        let problems = Measure::parse(&answers).expect_err("the measure was expected to be refused");
        let mut errors = FieldErrors::default();
        for problem in problems {
            errors.add(problem.field.id(), problem.message);
        }
        errors
    };
    l.errors(&measure_problems(MeasureAnswers::default()));
    l.errors(&measure_problems(measure_answers(&[
        (MeasureField::Code, &long(17)),
        (MeasureField::Theme, &long(101)),
        (MeasureField::Outcome, &long(201)),
        (MeasureField::Description, &long(301)),
        (MeasureField::Unit, &long(61)),
        (MeasureField::AllowsFraction, "maybe"),
        (MeasureField::Kind, "sometimes"),
        (MeasureField::Guidance, &long(2001)),
        (MeasureField::EvidenceRequired, &long(2001)),
        (MeasureField::FirstYearOnly, "perhaps"),
        (MeasureField::CommunityOffer, "unsure"),
        (MeasureField::Applies, "?"),
    ])));
    for proxy in ["", "lots", "0", "2000000000", "1.23456"] {
        l.errors(&measure_problems(measure_answers(&[
            (MeasureField::Code, "JOB 1!"),
            (MeasureField::Kind, "monetised"),
            (MeasureField::ProxyValue, proxy),
        ])));
    }
    l.errors(&measure_problems(measure_answers(&[
        (MeasureField::Code, "JOB-1"),
        (MeasureField::Kind, "record only"),
        (MeasureField::ProxyValue, "5"),
        (MeasureField::AddsTo, "job-1"),
    ])));
    let mut adds_to_nothing = measure("JOB-2", "record only", "", false, false);
    adds_to_nothing.adds_to = Some("JOB-9".into());
    let others = [measure("JOB-1", "record only", "", false, false), measure("JOB-1", "record only", "", false, false)];
    let version = [&others[..], &[adds_to_nothing]].concat();
    let mut errors = FieldErrors::default();
    for problem in check_measures(&version) {
        errors.add(problem.field.id(), problem.message);
    }
    l.errors(&errors);

    l.form("Publish a framework version");
    let mut errors = FieldErrors::default();
    let mut not_applying = measure("JOB-1", "record only", "", false, false);
    not_applying.applies = false;
    for problem in publish_problems(&[not_applying.clone(), not_applying]) {
        errors.add("publish", problem);
    }
    l.errors(&errors);

    l.form("Import a framework file");
    for sent in [None, Some(&b""[..]), Some(&vec![b'x'; MAX_FILE_BYTES + 1][..])] {
        let refused =
            read_file_field(import_request(sent).await).await.expect_err("the file was expected to be refused");
        l.errors(&FieldErrors::one(services::frameworks::IMPORT_FILE_FIELD, refused));
    }
    let mut too_many = csv_file(&[]);
    for n in 0..=MAX_ROWS {
        too_many.extend_from_slice(format!("J{n},Jobs,Outcome,Description,people,,record only\n").as_bytes());
    }
    let proxy_problems: &[&str] =
        &["JOB-2", "Jobs", "Outcome", "Description", "people", "no", "monetised", "lots", "", "", "", "", "JOB-2", ""];
    let everything_wrong: &[&str] = &[
        "JOB 1!",
        &long(101),
        &long(201),
        &long(301),
        &long(61),
        "maybe",
        "sometimes",
        "",
        &long(2001),
        &long(2001),
        "perhaps",
        "unsure",
        "",
        "?",
    ];
    let repeated: &[&str] =
        &["JOB-3", "Jobs", "Outcome", "Description", "people", "", "record only", "", "", "", "", "", "JOB-9", ""];
    let files: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\xff\xfe not text".to_vec(),
        b"PK\x03\x04 not a workbook".to_vec(),
        vec![b'x'; MAX_FILE_BYTES + 1],
        csv_file(&[]),
        b"code,theme,theme,unit\nJOB-1,Jobs,Jobs,people\n".to_vec(),
        csv_file(&[everything_wrong, proxy_problems, repeated, repeated]),
        csv_file(&[proxy_problems]),
        b"code,theme,outcome,description,unit,kind\nJOB-1,,,,,\n".to_vec(),
        too_many,
    ];
    for bytes in files {
        let problems = read_measures(&bytes).expect_err("the file was expected to be refused");
        l.app_error(FrameworkError::FileProblems(problems));
    }

    // ---- Tenders ---------------------------------------------------------------------------

    l.form("Tender details");
    l.refused(TenderAnswers::default().parse());
    let good = domain::tenders::TenderAnswers::example();
    good.parse().expect("the good answers parse");
    let mut one_blank_descriptor: Vec<String> = DEFAULT_DESCRIPTORS.iter().map(|d| (*d).to_owned()).collect();
    one_blank_descriptor[2] = String::new();
    one_blank_descriptor[3] = long(301);
    l.refused(
        TenderAnswers {
            reference: long(41),
            title: long(201),
            description: long(5001),
            contract_value: "lots".into(),
            duration_years: "26".into(),
            start_day: "31".into(),
            start_month: "2".into(),
            deadline_day: "x".into(),
            deadline_time: "25:00".into(),
            target_ratio: "lots".into(),
            sv_weighting: "0".into(),
            quantitative_share: "120".into(),
            scoring_method: "best".into(),
            marking_scale: one_blank_descriptor,
            ..good.clone()
        }
        .parse(),
    );
    for value in ["0", "0.001", "200,000,000,000"] {
        l.refused(TenderAnswers { contract_value: value.into(), ..good.clone() }.parse());
    }

    // ---- Offers ----------------------------------------------------------------------------

    let stored = |id: i64, measure: Measure| StoredMeasure { id, measure };
    let measures = vec![
        stored(11, measure("JOB-1", "monetised", "24500", false, false)),
        stored(12, measure("ENV-1", "monetised", "0.5", true, true)),
        stored(13, measure("QUAL-1", "qualitative", "", false, false)),
        stored(14, measure("JOB-2", "record only", "", false, false)),
    ];
    let terms = OfferTerms {
        contract_value: Money::from_pounds(dec!(1000000)),
        duration_years: 3,
        scoring: ScoringTerms {
            target: SvRatio::from_decimal(dec!(0.25)),
            sv_weighting: Decimal::TEN,
            quantitative_share: dec!(70),
            rule: ScoringRule::TargetRelative,
        },
    };
    let item = |quantities: &[(u32, &str)], plan: &str, response: &str| ItemAnswers {
        quantities: quantities.iter().map(|(y, q)| (*y, (*q).to_owned())).collect(),
        plan: plan.into(),
        response: response.into(),
    };
    let answers: OfferAnswers = [
        (11, item(&[(1, "lots"), (2, "-1"), (3, "2.5"), (4, "1")], &long(1001), "")),
        (12, item(&[(1, "1.234"), (2, "1")], "", "")),
        (13, item(&[], "", &long(5001))),
        (14, item(&[(1, "2000000000"), (2, "3")], "", "")),
    ]
    .into_iter()
    .collect();
    // The figures are checked as the bid writer types (the offer builder) and on saving.
    l.form("Your social value offer");
    let check = check_offer(&terms, &measures, &answers);
    l.errors(&check.errors);
    // Submitting needs, beyond the figures above (shown again), a delivery plan for each
    // measure offered, and something offered.
    l.form("Check your offer before you submit it");
    let mut problems = submission_problems(&measures, &answers, &check);
    problems.0.retain(|problem| !check.errors.0.contains(problem));
    l.errors(&problems);
    let nothing = OfferAnswers::new();
    l.errors(&submission_problems(&measures, &nothing, &check_offer(&terms, &measures, &nothing)));
    for status in [TenderStatus::Closed, TenderStatus::Cancelled, TenderStatus::Awarded] {
        l.app_error(OfferError::Closed(status));
    }
    l.app_error(OfferError::Submitted);
    l.app_error(OfferError::NotSubmitted);

    l.form("Social value calculator");
    for typed in ["", "lots", "-1", "2.5", "2000000000"] {
        let refused = calculate("SJ2", typed).expect_err("the quantity was expected to be refused");
        l.line("quantity", &refused.to_string());
    }
    let refused = calculate("SJ1", "1.234").expect_err("the quantity was expected to be refused");
    l.line("quantity", &refused.to_string());

    // ---- Evaluation and award ----------------------------------------------------------------

    l.form("Exclude a line");
    l.refused(ExclusionAnswers::parse("", ""));
    l.refused(ExclusionAnswers::parse("because", &long(2001)));

    let scale = MarkingScale::default();
    let marks_sent = fields(&[
        (&mark_field(1), "6"),
        (&reason_field(1), "Clear plan"),
        (&mark_field(2), ""),
        (&reason_field(2), "Why"),
        (&mark_field(3), "3"),
        (&reason_field(3), ""),
        (&mark_field(4), "2"),
        (&reason_field(4), &long(2001)),
    ]);
    for (form, role) in
        [("Mark the written answers", EvaluatorRole::Marker), ("Moderate the marks", EvaluatorRole::Moderator)]
    {
        l.form(form);
        l.refused(parse_sent_marks(&marks_sent, &[1, 2, 3, 4], &scale, role));
        l.refused(parse_sent_marks(&[], &[1, 2, 3, 4], &scale, role));
    }

    l.form("Award the contract");
    l.line(AWARD_FIELD, AWARD_CHOICE_MISSING);
    l.refused(parse_award_reason("", true));
    l.refused(parse_award_reason(&long(5001), true));
    assert_eq!(parse_award_reason("", false), Ok(None), "a reason is needed only against the ranking");

    // ---- Quarterly returns -------------------------------------------------------------------

    let line = |line_id: i64, rule: QuantityRule, quantity: &str, narrative: &str| TypedLine {
        line_id,
        rule,
        quantity: quantity.into(),
        narrative: narrative.into(),
    };
    l.form("Quarterly return: save a draft");
    l.errors(&draft_problems(&[
        line(1, QuantityRule::WHOLE, "lots", ""),
        line(2, QuantityRule::WHOLE, "-1", ""),
        line(3, QuantityRule::WHOLE, "2.5", ""),
        line(4, QuantityRule::FRACTIONAL, "1.234", ""),
        line(5, QuantityRule::WHOLE, "2000000000", &long(5001)),
    ]));

    l.form("Quarterly return: check and submit");
    l.errors(&return_submission_problems(&[
        line(1, QuantityRule::WHOLE, "", ""),
        line(2, QuantityRule::WHOLE, "3", ""),
        line(3, QuantityRule::WHOLE, "0", &long(5001)),
    ]));
    l.errors(&attestation_problems(false, false));

    l.form("Quarterly return: evidence files");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let refusals = [
        evidence_refusal("payroll.pdf", b""),
        evidence_refusal("notes.txt", b"hello"),
        evidence_refusal("timesheet.csv", b"<script>alert(1)</script>"),
        evidence_refusal("photo", png),
        evidence_refusal("photo.pdf", png),
        evidence_refusal("photo.gif", png),
        evidence_refusal("hours.csv", b"name,hours\nJ\xe9r\xf4me,3\n"),
        evidence_refusal("hours.csv", b"name,hours\n\"Jo,3\n"),
        EvidenceRefusal::TooLarge { limit_bytes: DEFAULT_MAX_EVIDENCE_BYTES },
    ];
    // Without JavaScript, the return form's answer beside the file input.
    for refusal in &refusals {
        l.line(&evidence_field(7), &refusal_message("timesheets.pdf", refusal));
    }
    l.line(&evidence_field(7), &too_many_files());
    // With JavaScript, the uploader's answer for one file.
    l.form("Quarterly return: upload one evidence file");
    for refusal in &refusals {
        l.line("file", &refusal.to_string());
    }
    l.line("file", NO_FILE_CHOSEN);

    // ---- Reviews -------------------------------------------------------------------------------

    l.form("Review a return");
    let claimed = calc::Quantity::parse("10", QuantityRule::WHOLE).expect("a quantity");
    let decision = |line_id: i64, choice: &str, quantity: &str, comment: &str| TypedDecision {
        line_id,
        rule: QuantityRule::WHOLE,
        claimed,
        choice: choice.into(),
        quantity: quantity.into(),
        comment: comment.into(),
    };
    l.refused(parse_decisions(&[
        decision(1, APPROVE_LESS, "", ""),
        decision(2, APPROVE_LESS, "12", "Fewer hours"),
        decision(3, APPROVE_LESS, "2.5", "Fewer hours"),
        decision(4, REJECT, "", ""),
        decision(5, REQUEST_INFORMATION, "", ""),
        decision(6, "maybe", "", "Unsure"),
        decision(7, REJECT, "", &long(2001)),
    ]));
    l.refused(parse_decisions(&[decision(1, "", "", "")]));

    l.form("Answer the council's questions");
    let answer = |line_id: i64, quantity: &str, narrative: &str, reply: &str| TypedAnswer {
        line_id,
        rule: QuantityRule::WHOLE,
        quantity: quantity.into(),
        narrative: narrative.into(),
        reply: reply.into(),
    };
    l.refused(parse_answers(&[
        answer(1, "", "", "We delivered it"),
        answer(2, "3", "", "See the timesheets"),
        answer(3, "lots", &long(5001), &long(2001)),
    ]));
    l.refused(parse_answers(&[answer(1, "3", "Delivered", "")]));

    // ---- Council settings ----------------------------------------------------------------------

    l.form("Return due days");
    for typed in ["", "0", "thirty"] {
        l.refused(parse_return_due_days(typed).map_err(|message| FieldErrors::one(RETURN_DUE_DAYS_FIELD, message)));
    }

    l.form("Performance thresholds");
    l.refused(Thresholds::parse("", "lots", "0", "87.55", "95"));
    l.refused(Thresholds::parse("95", "95", "90", "90", "90"));

    insta::assert_snapshot!("every_error_message", l.text);
}
