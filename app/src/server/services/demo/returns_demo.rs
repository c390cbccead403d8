//! The demo contract's first quarterly return: filled in by the winning supplier, with two
//! small evidence files, and submitted, so that it waits for the council's review. Its second
//! quarter has ended too, and its return is overdue.

use bytes::Bytes;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::evaluation_demo::{acting, CLOSED_TENDER_REFERENCE};
use crate::calc::{Quantity, QuantityRule};
use crate::domain::returns::{narrative_field, quantity_field};
use crate::server::db::{commitment, contract, quarterly_return, return_line};
use crate::server::evidence::EvidenceStore;
use crate::server::services::returns;

const SUPPLIER: &str = "bids@example-facilities.example";

fn failed(what: &'static str) -> impl Fn(returns::ReturnError) -> anyhow::Error {
    move |e| anyhow::anyhow!("demo return, {what}: {e:?}")
}

/// A timesheet summary and a letter, as a supplier might upload them (illustrative).
fn demo_files() -> [(&'static str, Vec<u8>); 2] {
    let csv = "role,start date,hours a week,recruited from\nGrounds operative,2026-04-07,37.5,long-term unemployed (demo)\nApprentice gardener,2026-05-12,37.5,care leaver (demo)\n";
    let pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    [("demo-recruitment-summary.csv", csv.as_bytes().to_vec()), ("demo-school-letter.pdf", pdf.as_bytes().to_vec())]
}

/// Files the demo contract's first return, unless it has one. Returns whether it did.
pub async fn file_demo_return(db: &DatabaseConnection, evidence: &EvidenceStore) -> anyhow::Result<bool> {
    let Some(contract) =
        contract::Entity::find().filter(contract::Column::Reference.eq(CLOSED_TENDER_REFERENCE)).one(db).await?
    else {
        return Ok(false);
    };
    let existing = quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract.id))
        .filter(quarterly_return::Column::Quarter.eq(1))
        .one(db)
        .await?;
    if existing.is_some() {
        return Ok(false);
    }
    let supplier = acting(db, SUPPLIER).await?;
    returns::start_return(db, Some(&supplier), contract.id, 1).await.map_err(failed("start"))?;
    let row = quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract.id))
        .filter(quarterly_return::Column::Quarter.eq(1))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo return was not started"))?;
    let lines = return_line::Entity::find()
        .filter(return_line::Column::ReturnId.eq(row.id))
        .order_by_asc(return_line::Column::Id)
        .all(db)
        .await?;
    let commitments = commitment::Entity::find().filter(commitment::Column::ContractId.eq(contract.id)).all(db).await?;
    // A quarter's share of each year's commitment, a little short on some lines.
    let mut fields = Vec::new();
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
        let quantity =
            Quantity::from_decimal(quantity, rule).map(|q| q.value().to_string()).unwrap_or_else(|_| "0".into());
        fields.push((quantity_field(line.id), quantity));
        fields.push((
            narrative_field(line.id),
            format!("{} in the first quarter, from our monthly tracker (illustrative demo text).", line.description),
        ));
    }
    returns::save_draft(db, Some(&supplier), contract.id, 1, &fields).await.map_err(failed("save"))?;
    for ((name, bytes), line) in demo_files().into_iter().zip(&lines) {
        let target = returns::upload_target(db, Some(&supplier), line.id).await.map_err(failed("upload target"))?;
        let body = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from(bytes))]);
        returns::upload_evidence(db, evidence, Some(&supplier), target, name, body)
            .await
            .map_err(failed("upload"))?
            .map_err(|refused| anyhow::anyhow!("demo evidence {name} was refused: {refused}"))?;
    }
    returns::submit(db, Some(&supplier), contract.id, 1, true, true).await.map_err(failed("submit"))?;
    Ok(true)
}
