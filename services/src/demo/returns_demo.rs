//! The demo contract's quarterly returns, one in each state the review gives: quarter 1
//! reviewed (approved, one line at a smaller quantity), quarter 2 with a question waiting for
//! the supplier, quarter 3 submitted and waiting for review; quarter 4's return is overdue.
//! Each filed by the winning supplier, with small evidence files, through the services.

use bytes::Bytes;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::evaluation_demo::{acting, CLOSED_TENDER_REFERENCE};
use super::DEMO_ACCOUNTS;
use crate::evidence::EvidenceStore;
use crate::{returns, reviews};
use calc::{Quantity, QuantityRule};
use db::{commitment, contract, quarterly_return, return_line};
use domain::returns::{narrative_field, quantity_field};
use domain::reviews::{
    approved_quantity_field, comment_field, decision_field, APPROVE, APPROVE_LESS, REQUEST_INFORMATION,
};

const SUPPLIER: &str = "bids@example-facilities.example";
/// Links in the demo's notifications (the outbox keeps them; nothing is sent without SMTP).
const DEMO_BASE_URL: &str = "http://127.0.0.1:3000";

fn failed(what: &'static str) -> impl Fn(returns::ReturnError) -> anyhow::Error {
    move |e| anyhow::anyhow!("demo return, {what}: {e:?}")
}

/// A timesheet summary and a letter, as a supplier might upload them (illustrative).
fn demo_files() -> [(&'static str, Vec<u8>); 2] {
    let csv = "role,start date,hours a week,recruited from\nGrounds operative,2026-04-07,37.5,long-term unemployed (demo)\nApprentice gardener,2026-05-12,37.5,care leaver (demo)\n";
    let pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    [("demo-recruitment-summary.csv", csv.as_bytes().to_vec()), ("demo-school-letter.pdf", pdf.as_bytes().to_vec())]
}

/// Files the demo contract's returns, unless it has them. Returns how many it filed.
pub async fn file_demo_returns(db: &DatabaseConnection, evidence: &EvidenceStore) -> anyhow::Result<usize> {
    let Some(contract) =
        contract::Entity::find().filter(contract::Column::Reference.eq(CLOSED_TENDER_REFERENCE)).one(db).await?
    else {
        return Ok(0);
    };
    let existing =
        quarterly_return::Entity::find().filter(quarterly_return::Column::ContractId.eq(contract.id)).one(db).await?;
    if existing.is_some() {
        return Ok(0);
    }
    let officer = acting(db, DEMO_ACCOUNTS[3].0).await?;
    const FILED: u32 = 3;
    for quarter in 1..=FILED {
        let lines = file_return(db, evidence, &contract, quarter).await?;
        // Quarter 1: every line approved, the second at a smaller quantity. Quarter 2: a
        // question on the second line, the others approved. Quarter 3 waits for review.
        let mut decisions = Vec::new();
        for (index, (line, claimed)) in lines.iter().enumerate() {
            let (choice, quantity, comment) = match (quarter, index) {
                (1, 1) if claimed.value() >= rust_decimal::Decimal::from(2) => (
                    APPROVE_LESS,
                    (claimed.value() * rust_decimal::Decimal::new(8, 1)).floor().to_string(),
                    "The timesheets cover four fifths of the hours claimed (illustrative demo decision).",
                ),
                (2, 1) => (
                    REQUEST_INFORMATION,
                    String::new(),
                    "Please send the attendance records for these sessions, with names taken out (illustrative demo question).",
                ),
                (1, _) | (2, _) => (APPROVE, String::new(), "Evidence matches the claim (illustrative demo decision)."),
                _ => continue,
            };
            decisions.push((decision_field(line.id), choice.to_owned()));
            decisions.push((approved_quantity_field(line.id), quantity));
            decisions.push((comment_field(line.id), comment.to_owned()));
        }
        if !decisions.is_empty() {
            reviews::decide(db, DEMO_BASE_URL, Some(&officer), contract.id, quarter, &decisions)
                .await
                .map_err(failed("review"))?;
        }
    }
    Ok(FILED as usize)
}

/// Starts, fills in (a quarter's share of each commitment, a little short on some lines),
/// gives evidence to and submits one quarter's return; returns its lines with their claims.
async fn file_return(
    db: &DatabaseConnection,
    evidence: &EvidenceStore,
    contract: &contract::Model,
    quarter: u32,
) -> anyhow::Result<Vec<(return_line::Model, Quantity)>> {
    let supplier = acting(db, SUPPLIER).await?;
    returns::start_return(db, Some(&supplier), contract.id, quarter).await.map_err(failed("start"))?;
    let row = quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract.id))
        .filter(quarterly_return::Column::Quarter.eq(quarter as i32))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo return was not started"))?;
    let lines = return_line::Entity::find()
        .filter(return_line::Column::ReturnId.eq(row.id))
        .order_by_asc(return_line::Column::Id)
        .all(db)
        .await?;
    let commitments = commitment::Entity::find().filter(commitment::Column::ContractId.eq(contract.id)).all(db).await?;
    let mut fields = Vec::new();
    let mut claims = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let committed = commitments
            .iter()
            .find(|c| Some(c.id) == line.commitment_id)
            .and_then(|c| c.quantity.as_deref())
            .and_then(|q| q.parse::<rust_decimal::Decimal>().ok())
            .unwrap_or_default();
        let share = committed / rust_decimal::Decimal::from(if index % 2 == 0 { 4 } else { 5 });
        let rule = QuantityRule { allows_fraction: line.allows_fraction };
        let quantity = if rule.allows_fraction { share.round_dp(2) } else { share.floor() };
        let quantity = Quantity::from_decimal(quantity, rule).unwrap_or(Quantity::ZERO);
        fields.push((quantity_field(line.id), quantity.value().to_string()));
        fields.push((
            narrative_field(line.id),
            format!("{} in quarter {quarter}, from our monthly tracker (illustrative demo text).", line.description),
        ));
        claims.push((line.clone(), quantity));
    }
    returns::save_draft(db, Some(&supplier), contract.id, quarter, &fields).await.map_err(failed("save"))?;
    for ((name, bytes), line) in demo_files().into_iter().zip(&lines) {
        let target = returns::upload_target(db, Some(&supplier), line.id).await.map_err(failed("upload target"))?;
        let body = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from(bytes))]);
        returns::upload_evidence(db, evidence, Some(&supplier), target, name, body)
            .await
            .map_err(failed("upload"))?
            .map_err(|refused| anyhow::anyhow!("demo evidence {name} was refused: {refused}"))?;
    }
    returns::submit(db, DEMO_BASE_URL, Some(&supplier), contract.id, quarter, true, true)
        .await
        .map_err(failed("submit"))?;
    Ok(claims)
}
