//! The council's review of quarterly returns: decisions line by line (approve, approve less,
//! reject, ask), the supplier's answer with a new file, the return reviewed; the contract's
//! delivered figures, RAG and rating from approved quantities only; who may do what; and the
//! notifications, recorded once each and sent once by two servers through a real SMTP server.

use std::time::{Duration, Instant};

use app::journeys::returns::{fields, paths as return_paths};
use app::journeys::reviews::paths;
use calc::{line_value, Money, ProxyValue, Quantity, QuantityRule};
use db::{commitment, contract, email_outbox, evidence_file, line_review, quarterly_return, return_line};
use domain::returns::{evidence_field, narrative_field, quantity_field, ReturnStatus};
use domain::reviews::{
    approved_quantity_field, comment_field, decision_field, reply_field, LineStatus, APPROVE, APPROVE_LESS, REJECT,
    REQUEST_INFORMATION,
};
use reqwest::multipart::{Form, Part};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use services::demo::CLOSED_TENDER_REFERENCE;
use services::{audit, notifications};

use crate::helpers::{
    council_admin, council_officer, location, other_council_admin, page, seeded, signed_in, spawn_another_server,
    spawn_app_with, text_of, unescape, Backend, TestApp, BACKGROUND_TASKS, DEMO_PASSWORD, SUPPLIER_A,
};
use crate::on_both_databases;
use crate::smtp_sink::SmtpSink;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A page's words, each element's text apart from the next.
fn words(html: &str) -> String {
    text_of(&unescape(html).replace('<', " <"))
}

async fn demo_contract(app: &TestApp) -> contract::Model {
    contract::Entity::find()
        .filter(contract::Column::Reference.eq(CLOSED_TENDER_REFERENCE))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo contract")
}

async fn return_of(app: &TestApp, contract_id: i64, quarter: i32) -> quarterly_return::Model {
    quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract_id))
        .filter(quarterly_return::Column::Quarter.eq(quarter))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a return")
}

async fn lines_of(app: &TestApp, return_id: i64) -> Vec<return_line::Model> {
    return_line::Entity::find()
        .filter(return_line::Column::ReturnId.eq(return_id))
        .order_by_asc(return_line::Column::Additional)
        .order_by_asc(return_line::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

fn decision(line: &return_line::Model, choice: &str, quantity: &str, comment: &str) -> Vec<(String, String)> {
    vec![
        (decision_field(line.id), choice.to_owned()),
        (approved_quantity_field(line.id), quantity.to_owned()),
        (comment_field(line.id), comment.to_owned()),
    ]
}

async fn post_decisions(
    app: &TestApp,
    browser: &reqwest::Client,
    contract_id: i64,
    quarter: u32,
    typed: &[(String, String)],
) -> reqwest::Response {
    browser.post(app.url(&paths::REVIEW.with(&[&contract_id, &quarter]))).form(typed).send().await.unwrap()
}

async fn outbox_keys(app: &TestApp, prefix: &str) -> Vec<String> {
    email_outbox::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|m| m.notification_key)
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// Quarter 3 of the demo waits for review. The officer's bad answers are refused beside each
/// line with nothing saved; then one line approved, one approved at less, one rejected and one
/// asked about; the supplier answers with a corrected quantity, a reply and a new file; the
/// officer approves; the return is reviewed, every step in each line's history and the audit.
async fn an_officer_reviews_a_return_and_the_supplier_answers(backend: Backend) {
    let app = seeded(backend).await;
    let contract = demo_contract(&app).await;
    let row = return_of(&app, contract.id, 3).await;
    assert_eq!(row.status, ReturnStatus::Submitted.as_str());
    let lines = lines_of(&app, row.id).await;
    assert_eq!(lines.len(), 4);
    let officer = council_officer(&app).await;

    // The queue lists it, and the header counts it.
    let (status, html) = page(&app, &officer, paths::QUEUE).await;
    assert_eq!(status, 200);
    let text = words(&html);
    assert!(text.contains(&format!("{}: quarter 3 (year 1)", CLOSED_TENDER_REFERENCE)), "{text}");
    assert!(text.contains("Returns to review (1)"), "the header counts the returns waiting: {text}");

    let (status, html) = page(&app, &officer, &paths::REVIEW.with(&[&contract.id, &3])).await;
    assert_eq!(status, 200);
    assert!(unescape(&html).contains("demo-recruitment-summary.csv"), "the evidence is beside the claim");

    let claimed: Vec<Decimal> = lines.iter().map(|l| l.quantity_typed.parse().unwrap()).collect();
    let mut bad = decision(&lines[0], APPROVE_LESS, &claimed[0].to_string(), "");
    bad.extend(decision(&lines[2], REJECT, "", " "));
    let response = post_decisions(&app, &officer, contract.id, 3, &bad).await;
    assert_eq!(response.status(), 200, "the page again, with the problems");
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains(&format!("Enter a quantity smaller than the {} claimed", claimed[0])), "{html}");
    assert!(html.contains("Give the reason you approve a smaller quantity"));
    assert!(html.contains("Give the reason you reject this line"));
    assert!(lines_of(&app, row.id).await.iter().all(|l| l.review_status == LineStatus::Pending.as_str()));

    let less = (claimed[1] / Decimal::from(2)).floor();
    let mut typed = decision(&lines[0], APPROVE, "", "");
    typed.extend(decision(&lines[1], APPROVE_LESS, &less.to_string(), "Half the timesheets are for another site"));
    typed.extend(decision(&lines[2], REJECT, "", "Core contract delivery"));
    typed.extend(decision(&lines[3], REQUEST_INFORMATION, "", "Please send the attendance records"));
    let response = post_decisions(&app, &officer, contract.id, 3, &typed).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let decided = lines_of(&app, row.id).await;
    let statuses: Vec<&str> = decided.iter().map(|l| l.review_status.as_str()).collect();
    assert_eq!(statuses, ["approved", "approved_less", "rejected", "information_requested"]);
    let approved: Vec<Option<Decimal>> =
        decided.iter().map(|l| l.approved_quantity.as_ref().map(|q| q.parse().unwrap())).collect();
    assert_eq!(approved, [Some(claimed[0]), Some(less), Some(Decimal::ZERO), None]);
    assert_eq!(return_of(&app, contract.id, 3).await.status, ReturnStatus::InformationRequested.as_str());
    assert_eq!(outbox_keys(&app, &format!("information-requested:return-{}", row.id)).await.len(), 1, "one supplier");

    // The supplier cannot decide; council staff cannot answer.
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let response = post_decisions(&app, &supplier, contract.id, 3, &decision(&lines[3], APPROVE, "", "")).await;
    assert_eq!(response.status(), 403, "a supplier cannot decide its own lines");
    let answer = vec![
        (reply_field(lines[3].id), "Attached".to_owned()),
        (fields::ACTION.to_owned(), fields::SEND_ANSWERS.to_owned()),
    ];
    assert_eq!(post_multipart(&app, &officer, contract.id, 3, &answer, None).await.status(), 403);

    // The supplier sees the question and the history, and answers with a new file.
    let (_, html) = page(&app, &supplier, &return_paths::RETURN.with(&[&contract.id, &3])).await;
    let text = words(&html);
    assert!(text.contains("More information requested") && text.contains("Please send the attendance records"));
    assert!(text.contains("Approved a smaller quantity") && text.contains("Half the timesheets are for another site"));
    let missing = vec![(fields::ACTION.to_owned(), fields::SEND_ANSWERS.to_owned())];
    let response = post_multipart(&app, &supplier, contract.id, 3, &missing, None).await;
    assert_eq!(response.status(), 200);
    let text = words(&response.text().await.unwrap());
    assert!(text.contains("Answer the council's question before you send it"), "{text}");
    let corrected = (claimed[3] - Decimal::ONE).max(Decimal::ZERO);
    let answer = vec![
        (quantity_field(lines[3].id), corrected.to_string()),
        (narrative_field(lines[3].id), "Sessions at two schools, records attached".to_owned()),
        (reply_field(lines[3].id), "The attendance records are attached; one session was cancelled.".to_owned()),
        (fields::ACTION.to_owned(), fields::SEND_ANSWERS.to_owned()),
    ];
    let response = post_multipart(&app, &supplier, contract.id, 3, &answer, Some(lines[3].id)).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{}?answered", return_paths::RETURN.with(&[&contract.id, &3])));
    let answered = lines_of(&app, row.id).await;
    assert_eq!(answered[3].review_status, LineStatus::Pending.as_str());
    assert_eq!(answered[3].quantity_typed, corrected.to_string());
    assert_eq!(answered[0].review_status, "approved", "the other lines keep their decisions");
    let files = evidence_file::Entity::find()
        .filter(evidence_file::Column::ReturnLineId.eq(lines[3].id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(files.iter().any(|f| f.original_name == "attendance.pdf"), "the new file is on the line");
    assert_eq!(return_of(&app, contract.id, 3).await.status, ReturnStatus::Submitted.as_str());
    assert!(!outbox_keys(&app, &format!("answers-sent:return-{}", row.id)).await.is_empty(), "officers are told");

    // The officer approves the answered line: the return is reviewed.
    let response = post_decisions(&app, &officer, contract.id, 3, &decision(&lines[3], APPROVE, "", "Thank you")).await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with(paths::QUEUE));
    assert_eq!(return_of(&app, contract.id, 3).await.status, ReturnStatus::Reviewed.as_str());
    let history: Vec<String> = line_review::Entity::find()
        .filter(line_review::Column::ReturnLineId.eq(lines[3].id))
        .order_by_asc(line_review::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.kind)
        .collect();
    assert_eq!(history, ["information_requested", "answered", "approved"]);
    let row_after = return_of(&app, contract.id, 3).await;
    assert_eq!(outbox_keys(&app, &format!("review-decided:return-{}", row_after.id)).await.len(), 1);
    let (_, html) = page(&app, &officer, paths::QUEUE).await;
    assert!(words(&html).contains("No returns are waiting for review."));
    audit::verify_chain(&app.db).await.unwrap();
}

/// The return form as a browser without JavaScript posts it (with one file for `file_line`).
async fn post_multipart(
    app: &TestApp,
    browser: &reqwest::Client,
    contract_id: i64,
    quarter: u32,
    typed: &[(String, String)],
    file_line: Option<i64>,
) -> reqwest::Response {
    let mut form = Form::new();
    for (name, value) in typed {
        form = form.text(name.clone(), value.clone());
    }
    if let Some(line_id) = file_line {
        form = form.part(evidence_field(line_id), Part::bytes(PDF.to_vec()).file_name("attendance.pdf"));
    }
    browser.post(app.url(&return_paths::RETURN.with(&[&contract_id, &quarter]))).multipart(form).send().await.unwrap()
}

/// The contract's figures come from approved quantities only, at each line's stored proxy value,
/// against committed to date (year 1 whole: its four returns are due; year 2 not yet); RAG and
/// the rating follow the council's thresholds, which only its administrator changes.
async fn delivered_figures_follow_the_approved_quantities(backend: Backend) {
    let app = seeded(backend).await;
    let contract = demo_contract(&app).await;
    let proxy = |p: &Option<String>| p.as_deref().map(|p| ProxyValue::parse(p.parse().unwrap()).unwrap());
    // Committed to date: every year-1 commitment's value (its four returns are due), none of year 2.
    let commitments =
        commitment::Entity::find().filter(commitment::Column::ContractId.eq(contract.id)).all(&app.db).await.unwrap();
    let committed: Money = commitments
        .iter()
        .filter(|c| c.year == Some(1))
        .filter_map(|c| {
            Some(line_value(
                Quantity::from_decimal(c.quantity.as_ref()?.parse().unwrap(), QuantityRule::FRACTIONAL).unwrap(),
                proxy(&c.proxy_value)?,
            ))
        })
        .sum();
    // Delivered: quarter 1 (all approved) and quarter 2's approved line; the others wait.
    let mut delivered = Money::ZERO;
    for quarter in [1, 2, 3] {
        for line in lines_of(&app, return_of(&app, contract.id, quarter).await.id).await {
            if let (Some(q), Some(p)) = (&line.approved_quantity, proxy(&line.proxy_value)) {
                delivered +=
                    line_value(Quantity::from_decimal(q.parse().unwrap(), QuantityRule::FRACTIONAL).unwrap(), p);
            }
        }
    }
    assert!(delivered > Money::ZERO && committed > delivered, "{delivered} of {committed}");
    let (_, html) =
        page(&app, &signed_in(&app, SUPPLIER_A).await, &app::journeys::contracts::paths::CONTRACT.id(contract.id))
            .await;
    let text = words(&html);
    assert!(text.contains(&format!("Committed to date {committed}")), "{committed} in {text}");
    assert!(text.contains(&format!("Delivered (approved) {delivered}")), "{delivered} in {text}");
    let percent = domain::performance::percent_delivered(delivered.pounds(), committed.pounds()).unwrap();
    assert!(text.contains(&format!("Share delivered {percent}")), "{percent} in {text}");
    assert!(text.contains("Lines waiting for review 4") && text.contains("Returns overdue 1"), "{text}");

    // The demo delivers well under 70% to date: red and Inadequate. Thresholds set just below
    // the share delivered make it exactly green and Good.
    assert!(text.contains("RAG status Red") && text.contains("Inadequate"), "{text}");
    let share = (delivered.pounds() * Decimal::ONE_HUNDRED / committed.pounds())
        .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::ToZero);
    let thresholds = [
        ("rag-green", share.to_string()),
        ("rag-amber", (share / Decimal::from(2)).round_dp(1).to_string()),
        ("rating-good", share.to_string()),
        ("rating-approaching", (share / Decimal::from(2)).round_dp(1).to_string()),
        ("rating-improvement", (share / Decimal::from(4)).round_dp(1).to_string()),
    ];
    let form = app::journeys::contracts::paths::PERFORMANCE_THRESHOLDS.pattern();
    let officer = council_officer(&app).await;
    assert_eq!(
        officer.post(app.url(form)).form(&thresholds).send().await.unwrap().status(),
        403,
        "administrators only"
    );
    let admin = council_admin(&app).await;
    let wrong = [
        ("rag-green", "80"),
        ("rag-amber", "90"),
        ("rating-good", "x"),
        ("rating-approaching", "85"),
        ("rating-improvement", "70"),
    ];
    let response = admin.post(app.url(form)).form(&wrong).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Amber must start below Green") && html.contains("value=\"x\""), "{html}");
    let response = admin.post(app.url(form)).form(&thresholds).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let (_, html) = page(&app, &admin, &app::journeys::contracts::paths::CONTRACT.id(contract.id)).await;
    let text = words(&html);
    assert!(text.contains("RAG status Green") && text.contains("Good"), "{share}% is green and Good: {text}");
    audit::verify_chain(&app.db).await.unwrap();
}

/// Another council's staff get 404 on the review page, its server function and its form; the
/// supplier is refused the council's pages (403); an officer of this council sees the queue.
async fn only_the_contracts_council_reviews(backend: Backend) {
    let app = seeded(backend).await;
    let contract = demo_contract(&app).await;
    let review = paths::REVIEW.with(&[&contract.id, &3]);
    let args = [("contract_id", contract.id.to_string()), ("quarter", "3".to_owned())];
    let other = other_council_admin(&app).await;
    let (status, html) = page(&app, &other, &review).await;
    assert_eq!(status, 404);
    assert!(!html.contains("Example Facilities"));
    assert_eq!(other.post(app.url("/api/reviews/return")).form(&args).send().await.unwrap().status(), 404);
    let lines = lines_of(&app, return_of(&app, contract.id, 3).await.id).await;
    let response = post_decisions(&app, &other, contract.id, 3, &decision(&lines[0], APPROVE, "", "")).await;
    assert_eq!(response.status(), 404);
    let (status, html) = page(&app, &other, paths::QUEUE).await;
    assert_eq!(status, 200);
    assert!(words(&html).contains("No returns are waiting for review."), "another council's queue is its own");

    let supplier = signed_in(&app, SUPPLIER_A).await;
    for path in [paths::QUEUE.to_owned(), review.clone()] {
        assert_eq!(page(&app, &supplier, &path).await.0, 403, "a supplier: GET {path}");
    }
    assert_eq!(supplier.post(app.url("/api/reviews/return")).form(&args).send().await.unwrap().status(), 403);
    assert_eq!(supplier.post(app.url("/api/reviews/queue")).form(&[("x", "")]).send().await.unwrap().status(), 403);
    assert_eq!(lines_of(&app, return_of(&app, contract.id, 3).await.id).await[0].review_status, "pending");
}

/// Reminders are recorded once however often the task runs: the overdue quarter 4 to the
/// supplier's team and the contract's officers, except a person who turned reminders off (who
/// still has the decisions). Submissions and decisions were recorded once per person.
async fn notifications_are_recorded_once_per_person(backend: Backend) {
    let app = seeded(backend).await;
    let contract = demo_contract(&app).await;
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let response = supplier.post(app.url("/account/reminders")).form(&[("reminders", "off")]).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let today = services::contract_access::uk_today();
    let first = notifications::record_reminders(&app.db, "http://pledgebook.example", today).await.unwrap();
    let again = notifications::record_reminders(&app.db, "http://pledgebook.example", today).await.unwrap();
    assert!(first >= 1, "the contract's officers are reminded");
    assert_eq!(again, 0, "nothing is recorded twice");
    let overdue = outbox_keys(&app, &format!("return-overdue:contract-{}:quarter-4", contract.id)).await;
    assert_eq!(overdue.len(), first);
    let supplier_id = crate::helpers::app_user_id(&app, SUPPLIER_A).await;
    assert!(!overdue.iter().any(|k| k.ends_with(&format!(":user-{supplier_id}"))), "reminders off: {overdue:?}");
    let decided = outbox_keys(&app, "review-decided:").await;
    assert!(decided.iter().any(|k| k.ends_with(&format!(":user-{supplier_id}"))), "decisions still reach them");
    let all = outbox_keys(&app, "").await;
    let unique: std::collections::BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len());
}

/// RAG and the rating at their boundaries, on a plan made simple: year 1's commitments worth
/// £1,000 in all (its four returns are due), and one line approved at £10 a unit. Delivering
/// exactly 95%, 85% and 70% lands in the band each threshold starts; a unit less, in the one below.
async fn rag_and_rating_at_their_boundaries(backend: Backend) {
    use sea_orm::sea_query::Expr;
    let app = seeded(backend).await;
    let contract = demo_contract(&app).await;
    let year_one = commitment::Entity::find()
        .filter(commitment::Column::ContractId.eq(contract.id))
        .filter(commitment::Column::Year.eq(1))
        .all(&app.db)
        .await
        .unwrap();
    let each = Decimal::from(1000) / Decimal::from(10 * year_one.len() as i64);
    commitment::Entity::update_many()
        .col_expr(commitment::Column::Quantity, Expr::value(each.normalize().to_string()))
        .col_expr(commitment::Column::ProxyValue, Expr::value("10"))
        .filter(commitment::Column::ContractId.eq(contract.id))
        .filter(commitment::Column::Year.eq(1))
        .exec(&app.db)
        .await
        .unwrap();
    let returns: Vec<i64> = quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    return_line::Entity::update_many()
        .col_expr(return_line::Column::ApprovedQuantity, Expr::value(Option::<String>::None))
        .col_expr(return_line::Column::ProxyValue, Expr::value("10"))
        .filter(return_line::Column::ReturnId.is_in(returns))
        .exec(&app.db)
        .await
        .unwrap();
    let line = lines_of(&app, return_of(&app, contract.id, 1).await.id).await.remove(0);
    let admin = council_admin(&app).await;
    for (approved, rag, rating) in [
        (95, "Green", "Good"),
        (94, "Amber", "Approaching target"),
        (85, "Amber", "Approaching target"),
        (84, "Red", "Requires improvement"),
        (70, "Red", "Requires improvement"),
        (69, "Red", "Inadequate"),
    ] {
        return_line::Entity::update_many()
            .col_expr(return_line::Column::ApprovedQuantity, Expr::value(approved.to_string()))
            .filter(return_line::Column::Id.eq(line.id))
            .exec(&app.db)
            .await
            .unwrap();
        let (_, html) = page(&app, &admin, &app::journeys::contracts::paths::CONTRACT.id(contract.id)).await;
        let text = words(&html);
        assert!(text.contains("Committed to date £1,000.00"), "{text}");
        assert!(text.contains(&format!("Share delivered {approved}%")), "{approved}: {text}");
        assert!(text.contains(&format!("RAG status {rag} ")), "{approved}% is {rag}: {text}");
        assert!(
            text.contains(&format!("Performance rating (Procurement Act 2023) {rating} ")),
            "{approved}% is {rating}: {text}"
        );
    }
}

on_both_databases!(
    an_officer_reviews_a_return_and_the_supplier_answers,
    rag_and_rating_at_their_boundaries,
    delivered_figures_follow_the_approved_quantities,
    only_the_contracts_council_reviews,
    notifications_are_recorded_once_per_person,
);

/// Two servers on one database, each with its own mailer, send every notification once,
/// through a real SMTP server, to the right person, in plain text and HTML with a working link.
async fn two_servers_send_each_notification_once(backend: Backend) {
    let sink = SmtpSink::start();
    let settings = [
        ("SMTP_URL", sink.url()),
        ("MAIL_EVERY_SECONDS", "1".to_owned()),
        ("REMINDERS_EVERY_SECONDS", "1".to_owned()),
        (BACKGROUND_TASKS, "on".to_owned()),
    ];
    let first = spawn_app_with(backend, &settings).await;
    let second = spawn_another_server(&first, &settings).await;
    services::demo::seed(&first.db, DEMO_PASSWORD, &first.evidence, &first.totp_key).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut settled = 0;
    let rows = loop {
        let rows = email_outbox::Entity::find().all(&first.db).await.unwrap();
        let overdue =
            rows.iter().any(|r| r.notification_key.as_deref().is_some_and(|k| k.starts_with("return-overdue")));
        if overdue && rows.iter().all(|r| r.sent_at.is_some()) && sink.received().len() >= rows.len() {
            // Settled for three seconds: a second send of any row would have arrived by then.
            settled += 1;
            if settled == 12 {
                break rows;
            }
        } else {
            settled = 0;
        }
        assert!(Instant::now() < deadline, "the outbox was not sent: {} rows", rows.len());
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let received = sink.received();
    assert_eq!(
        received.len(),
        rows.len(),
        "each message once: {:?}",
        received.iter().map(|r| (&r.to, &r.subject)).collect::<Vec<_>>()
    );
    let notifications: Vec<&email_outbox::Model> = rows.iter().filter(|r| r.notification_key.is_some()).collect();
    assert!(notifications.len() >= 5, "submissions and decisions were notified");
    let mut browsers = std::collections::HashMap::new();
    for row in &notifications {
        let got: Vec<_> = received.iter().filter(|m| m.to == row.to_address && m.subject == row.subject).collect();
        assert_eq!(got.len(), 1, "{} to {}", row.subject, row.to_address);
        let text = got[0].text.as_deref().expect("a plain text part");
        let html = got[0].html.as_deref().expect("an HTML part");
        let link = text.lines().find(|l| l.starts_with("http://")).expect("a link").trim().to_owned();
        assert!(html.contains(&format!("href=\"{link}\"")), "the same link in HTML: {html}");
        // The link's page opens for its recipient (the demo's links name the demo's address;
        // the servers' own, theirs: the path is what must work).
        let path = link.splitn(4, '/').nth(3).map(|p| format!("/{p}")).expect("a path");
        let recipient =
            db::app_user::Entity::find_by_id(row.recipient_user_id.unwrap()).one(&first.db).await.unwrap().unwrap();
        if !browsers.contains_key(&recipient.email) {
            browsers.insert(recipient.email.clone(), signed_in(&first, &recipient.email).await);
        }
        let response = browsers[&recipient.email].get(first.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path} for {}", recipient.email);
    }
    drop(second);
}

mod two_servers {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        super::two_servers_send_each_notification_once(crate::helpers::Backend::Postgres).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        super::two_servers_send_each_notification_once(crate::helpers::Backend::Sqlite).await
    }
}
