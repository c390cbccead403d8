//! The second demo tender, evaluated and awarded: three submitted offers with two written answers
//! each, marked by both demo markers, moderated, one implausible line excluded, and awarded to
//! the top-ranked offer. Its contract started fourteen months ago, so four quarters have ended.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::DEMO_ACCOUNTS;
use chrono::Datelike;

use crate::published::PublishedContent;
use crate::sessions::ActiveSession;
use crate::{evaluation, offers, tenders};
use db::{app_user, framework_measure, framework_version, tender};
use domain::evaluation::{mark_field, reason_field, ExclusionReason};
use domain::offers::{plan_field, quantity_field, response_field};
use domain::tenders::TenderAnswers;

pub const CLOSED_TENDER_REFERENCE: &str = "DEMO-2026-002";

/// The measures the tender asks for: four with a value, two written.
const QUANTIFIED: [&str; 4] = ["JOB-1", "JOB-4", "GRO-1", "SOC-1"];
const WRITTEN: [&str; 2] = ["JOB-8", "SOC-6"];

pub(super) async fn acting(db: &DatabaseConnection, email: &str) -> anyhow::Result<ActiveSession> {
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {email} is missing"))?;
    Ok(ActiveSession { session_id: 0, user })
}

fn failed(what: &'static str) -> impl Fn(&dyn std::fmt::Debug) -> anyhow::Error {
    move |e| anyhow::anyhow!("demo evaluation, {what}: {e:?}")
}

/// Adds the closed demo tender unless the demo council has it. Returns whether it was added.
pub async fn close_demo_tender(db: &DatabaseConnection, published: &PublishedContent) -> anyhow::Result<bool> {
    let admin = acting(db, DEMO_ACCOUNTS[0].0).await?;
    let exists = tender::Entity::find()
        .filter(tender::Column::CouncilId.eq(admin.user.organisation_id))
        .filter(tender::Column::Reference.eq(CLOSED_TENDER_REFERENCE))
        .one(db)
        .await?
        .is_some();
    let version = framework_version::Entity::find()
        .filter(framework_version::Column::CouncilId.eq(admin.user.organisation_id))
        .filter(framework_version::Column::Status.eq("published"))
        .one(db)
        .await?;
    let (false, Some(version)) = (exists, version) else { return Ok(false) };
    // Opened with a deadline tomorrow, offers submitted, then the deadline moved into the past:
    // the demo's only way round "a deadline must be in the future".
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).date_naive();
    let answers = TenderAnswers {
        reference: CLOSED_TENDER_REFERENCE.into(),
        title: "Library cleaning and caretaking (demo)".into(),
        description: "An illustrative tender, evaluated and awarded: three offers, marked by two officers, moderated, and awarded to the best.".into(),
        contract_value: "600,000".into(),
        duration_years: "2".into(),
        start_day: "1".into(),
        start_month: "4".into(),
        start_year: (tomorrow.format("%Y").to_string().parse::<i32>().unwrap_or(2027) + 1).to_string(),
        deadline_day: tomorrow.format("%-d").to_string(),
        deadline_month: tomorrow.format("%-m").to_string(),
        deadline_year: tomorrow.format("%Y").to_string(),
        deadline_time: "17:00".into(),
        framework_version: version.id.to_string(),
        target_ratio: "0.2".into(),
        sv_weighting: "10".into(),
        quantitative_share: "70".into(),
        scoring_method: "best_relative".into(),
        marking_scale: Vec::new(),
    };
    let tender_id = tenders::create_tender(db, Some(&admin), &answers).await.map_err(|e| failed("tender")(&e))?;
    let measures = framework_measure::Entity::find()
        .filter(framework_measure::Column::VersionId.eq(version.id))
        .filter(framework_measure::Column::Code.is_in(QUANTIFIED.iter().chain(WRITTEN.iter()).copied()))
        .all(db)
        .await?;
    let id_of = |code: &str| measures.iter().find(|m| m.code == code).map(|m| m.id).unwrap_or_default();
    let chosen: Vec<i64> = measures.iter().map(|m| m.id).collect();
    tenders::choose_measures(db, published, Some(&admin), tender_id, &chosen, &chosen)
        .await
        .map_err(|e| failed("measures")(&e))?;
    tenders::open_tender(db, Some(&admin), tender_id).await.map_err(|e| failed("open")(&e))?;

    // (supplier, [JOB-1 FTE years, JOB-4 weeks, GRO-1 £ spent, SOC-1 hours] per year, answers)
    let offered: [(&str, [[&str; 2]; 4], [&str; 2]); 3] = [
        (
            DEMO_ACCOUNTS[1].0,
            [["3", "3"], ["104", "104"], ["40000", "40000"], ["120", "120"]],
            [
                "We advertise every post through the county's job centres and two local charities working with care leavers and ex-offenders, offer guaranteed interviews and adapt interviews on request.",
                "We check every subcontractor against our supplier code, train supervisors each year to spot signs of exploitation, and run a confidential reporting line in five languages.",
            ],
        ),
        (
            DEMO_ACCOUNTS[2].0,
            // 9,000 hours of volunteering in year 1: more than the trust's whole staff could give.
            [["1.5", "1.5"], ["52", "52"], ["60000", "60000"], ["9000", "200"]],
            [
                "Our roles are advertised with local partners, and we support applicants with mentoring.",
                "We follow our modern slavery policy.",
            ],
        ),
        (
            DEMO_ACCOUNTS[6].0,
            [["2", "2.5"], ["156", "156"], ["25000", "30000"], ["80", "80"]],
            [
                "We recruit through our own employment programme for people leaving long-term unemployment, with a named mentor for each new starter for six months.",
                "We audit our two main suppliers each year, publish a statement, and train all staff at induction.",
            ],
        ),
    ];
    for (email, quantities, responses) in offered {
        let supplier = acting(db, email).await?;
        let offer_id = offers::start_offer(db, Some(&supplier), tender_id).await.map_err(|e| failed("offer")(&e))?;
        let mut fields = Vec::new();
        for (code, years) in QUANTIFIED.iter().zip(quantities) {
            for (year, quantity) in years.iter().enumerate() {
                fields.push((quantity_field(id_of(code), year as u32 + 1), (*quantity).to_owned()));
            }
            fields.push((
                plan_field(id_of(code)),
                format!("How we will deliver {code}: a named lead, monthly tracking, reported each quarter."),
            ));
        }
        for (code, response) in WRITTEN.iter().zip(responses) {
            fields.push((response_field(id_of(code)), response.to_owned()));
        }
        offers::save_offer(db, published, Some(&supplier), offer_id, &fields).await.map_err(|e| failed("save")(&e))?;
        offers::submit_offer(db, published, Some(&supplier), offer_id, true).await.map_err(|e| failed("submit")(&e))?;
    }
    tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(tender_id),
        deadline: Set(chrono::Utc::now() - chrono::Duration::hours(1)),
        ..Default::default()
    }
    .update(db)
    .await?;

    // Both markers mark every answer independently, and submit.
    let marks: [[u32; 6]; 2] = [[4, 4, 2, 1, 4, 3], [5, 4, 2, 2, 3, 3]];
    for (marker, marks) in [DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[4].0].into_iter().zip(marks) {
        let marker = acting(db, marker).await?;
        let sheet = evaluation::evaluation(db, published, Some(&marker), tender_id)
            .await
            .map_err(|e| failed("evaluation")(&e))?;
        let mut given = marks.iter();
        let mut offers: Vec<_> = sheet.offers.iter().map(|o| (o.offer_id, o.supplier_name.clone())).collect();
        offers.sort();
        for (offer_id, _) in offers {
            let mut fields = Vec::new();
            for question in &sheet.questions {
                let mark = given.next().copied().unwrap_or(3);
                fields.push((mark_field(question.measure_id), mark.to_string()));
                fields.push((reason_field(question.measure_id), justification(mark).to_owned()));
            }
            evaluation::save_marks(db, published, Some(&marker), tender_id, offer_id, &fields)
                .await
                .map_err(|e| failed("marks")(&e))?;
        }
        evaluation::submit_marks(db, published, Some(&marker), tender_id)
            .await
            .map_err(|e| failed("submit marks")(&e))?;
    }

    // The moderator records the marks that count, and sets aside the trust's 9,000 hours.
    let moderator = acting(db, DEMO_ACCOUNTS[5].0).await?;
    evaluation::become_moderator(db, published, Some(&moderator), tender_id)
        .await
        .map_err(|e| failed("moderator")(&e))?;
    let sheet = evaluation::evaluation(db, published, Some(&moderator), tender_id)
        .await
        .map_err(|e| failed("evaluation")(&e))?;
    let mut offers: Vec<_> = sheet.offers.iter().map(|o| (o.offer_id, o.supplier_name.clone())).collect();
    offers.sort();
    let moderated: [[u32; 2]; 3] = [[4, 4], [2, 1], [4, 3]];
    for ((offer_id, _), marks) in offers.iter().zip(moderated) {
        let mut fields = Vec::new();
        for (question, mark) in sheet.questions.iter().zip(marks) {
            fields.push((mark_field(question.measure_id), mark.to_string()));
            fields.push((reason_field(question.measure_id), format!("Moderated: {}", justification(mark))));
        }
        evaluation::moderate(db, published, Some(&moderator), tender_id, *offer_id, &fields)
            .await
            .map_err(|e| failed("moderate")(&e))?;
    }
    let trust = offers.get(1).map(|(id, _)| *id).unwrap_or_default();
    evaluation::exclude_line(
        db,
        published,
        Some(&moderator),
        tender_id,
        trust,
        id_of("SOC-1"),
        1,
        ExclusionReason::NotCredible.as_str(),
        "9,000 volunteering hours in year 1 is more than the trust's whole staff could give; the delivery plan does not say how.",
    )
    .await
    .map_err(|e| failed("exclude")(&e))?;

    // The contract began fourteen months ago (first of the month), so four quarters have ended
    // and their returns are due: `returns_demo` files the first three (reviewed, asked about,
    // waiting for review); the fourth one's is overdue.
    let today = chrono::Utc::now().date_naive();
    let start = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(chrono::Months::new(14)))
        .ok_or_else(|| anyhow::anyhow!("demo contract start date"))?;
    tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(tender_id),
        start_date: Set(start),
        ..Default::default()
    }
    .update(db)
    .await?;
    let standings =
        evaluation::evaluation(db, published, Some(&admin), tender_id).await.map_err(|e| failed("standings")(&e))?;
    let winner = standings.offers.first().map(|o| o.offer_id);
    evaluation::award_tender(db, published, Some(&admin), tender_id, winner, "", DEMO_PUBLIC_URL)
        .await
        .map_err(|e| failed("award")(&e))?;
    Ok(true)
}

/// Where the demo's award emails point (the demo runs here unless configured otherwise).
const DEMO_PUBLIC_URL: &str = "http://127.0.0.1:3000";

fn justification(mark: u32) -> &'static str {
    match mark {
        5 => "Goes beyond the question: named partners, a clear method and evidence it has worked before.",
        4 => "A full and credible answer with named partners and a clear method.",
        3 => "Credible, with enough detail, though the method is general.",
        2 => "Answers the question only in outline; little evidence of how it will be done.",
        _ => "Restates a policy without saying what will be done on this contract.",
    }
}
