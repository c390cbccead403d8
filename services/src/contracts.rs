//! Contracts: made by the award (`evaluation::award_tender`, in its transaction), read by their
//! council's staff and their supplier's team alike, and managed by the council's officers.
//!
//! A contract's terms and commitments are copied at the award, so nothing here is read from the
//! tender or today's framework again; the figures are worked out with `calc`, like an offer's.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::audit::Change;
use super::sessions::ActiveSession;
use super::tenders::TenderError;
use crate::auth::AccessError;
use crate::contract_access::{contract_years, side_of, uk_today, visible_contract, Side};
use calc::{Money, OfferFigures, OfferLine, ProxyValue, Quantity, QuantityRule};
use db::{
    app_user, begin_write, commitment, contract, contract_officer, framework_version, lock_row, organisation, tender,
};
use domain::accounts::Role;
use domain::audit::AuditAction;
use domain::contracts::{
    contract_end, quarters, CommittedLine, ContractFilters, ContractOfficer, ContractPage, ContractSummary,
    WrittenCommitment, OFFICER_FIELD, RETURN_DUE_DAYS_FIELD,
};
use domain::dates::display_uk_time;
use domain::form::FieldErrors;
use domain::returns::ReturnState;

// ---- Made by the award --------------------------------------------------------------------

/// What the award hands over: the winning submission and its plan.
pub(crate) struct NewContract<'a> {
    pub tender: &'a tender::Model,
    pub offer_id: i64,
    pub submission_id: i64,
    pub supplier_id: i64,
    pub award_reason: Option<String>,
    pub lines: &'a [CommittedLine],
    pub written: &'a [WrittenCommitment],
}

/// Inserts the contract, the awarding officer as its first officer, and its commitments, with
/// the audit entry, in the award's transaction. Returns the contract's id.
pub(crate) async fn create(
    txn: &impl ConnectionTrait,
    session: &ActiveSession,
    new: NewContract<'_>,
    now: DateTime<Utc>,
) -> Result<i64, TenderError> {
    let years = new.tender.duration_years.max(1) as u32;
    let end_date = contract_end(new.tender.start_date, years);
    let row = contract::ActiveModel {
        tender_id: Set(new.tender.id),
        council_id: Set(new.tender.council_id),
        supplier_id: Set(new.supplier_id),
        offer_id: Set(new.offer_id),
        submission_id: Set(new.submission_id),
        reference: Set(new.tender.reference.clone()),
        title: Set(new.tender.title.clone()),
        contract_value: Set(new.tender.contract_value.clone()),
        start_date: Set(new.tender.start_date),
        end_date: Set(end_date),
        framework_version_id: Set(new.tender.framework_version_id),
        awarded_by_user_id: Set(session.user.id),
        awarded_at: Set(now),
        award_reason: Set(new.award_reason.clone()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    contract_officer::ActiveModel {
        contract_id: Set(row.id),
        user_id: Set(session.user.id),
        added_by_user_id: Set(session.user.id),
        added_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let lines = new.lines.iter().map(|line| commitment::ActiveModel {
        contract_id: Set(row.id),
        measure_id: Set(line.measure_id),
        code: Set(line.code.clone()),
        theme: Set(line.theme.clone()),
        description: Set(line.description.clone()),
        unit: Set(line.unit.clone()),
        year: Set(Some(line.year as i32)),
        quantity: Set(Some(line.quantity.value().normalize().to_string())),
        proxy_value: Set(line.proxy_value.map(|p| p.per_unit().normalize().to_string())),
        value: Set(Some(line.value.pounds().to_string())),
        plan: Set(line.plan.clone()),
        response: Set(None),
        ..Default::default()
    });
    let written = new.written.iter().map(|answer| commitment::ActiveModel {
        contract_id: Set(row.id),
        measure_id: Set(answer.measure_id),
        code: Set(answer.code.clone()),
        theme: Set(String::new()),
        description: Set(answer.description.clone()),
        unit: Set(String::new()),
        year: Set(None),
        quantity: Set(None),
        proxy_value: Set(None),
        value: Set(None),
        plan: Set(String::new()),
        response: Set(Some(answer.response.clone())),
        ..Default::default()
    });
    let rows: Vec<commitment::ActiveModel> = lines.chain(written).collect();
    if !rows.is_empty() {
        commitment::Entity::insert_many(rows).exec(txn).await?;
    }
    let committed: Money = new.lines.iter().map(|l| l.value).sum();
    Change::by(session, AuditAction::ContractCreated, row.id)
        .after(json!({
            "tender_id": row.tender_id, "reference": row.reference, "supplier_id": row.supplier_id,
            "submission_id": row.submission_id, "contract_value": row.contract_value,
            "start_date": row.start_date.to_string(), "end_date": row.end_date.to_string(),
            "framework_version_id": row.framework_version_id, "award_reason": row.award_reason,
            "commitments": new.lines.len() + new.written.len(), "committed": committed.pounds().to_string(),
        }))
        .record(txn)
        .await?;
    Ok(row.id)
}

// ---- Reading ------------------------------------------------------------------------------

fn decimal(text: &str, what: &str, id: i64) -> Result<Decimal, TenderError> {
    Decimal::from_str(text).map_err(|e| anyhow::anyhow!("commitment {id} has a bad {what} {text:?}: {e}").into())
}

/// The stored commitments, read back: the lines, and the written answers.
fn plan_of(rows: &[commitment::Model]) -> Result<(Vec<CommittedLine>, Vec<WrittenCommitment>), TenderError> {
    let mut lines = Vec::new();
    let mut written = Vec::new();
    for row in rows {
        match (row.year, &row.quantity, &row.response) {
            (Some(year), Some(quantity), _) => {
                let quantity = Quantity::from_decimal(decimal(quantity, "quantity", row.id)?, QuantityRule::FRACTIONAL)
                    .map_err(|e| anyhow::anyhow!("commitment {} quantity: {e}", row.id))?;
                let proxy_value = match &row.proxy_value {
                    Some(proxy) => Some(
                        ProxyValue::parse(decimal(proxy, "proxy value", row.id)?)
                            .map_err(|e| anyhow::anyhow!("commitment {} proxy value: {e}", row.id))?,
                    ),
                    None => None,
                };
                let value = Money::from_pounds(decimal(row.value.as_deref().unwrap_or("0"), "value", row.id)?);
                lines.push(CommittedLine {
                    measure_id: row.measure_id,
                    code: row.code.clone(),
                    theme: row.theme.clone(),
                    description: row.description.clone(),
                    unit: row.unit.clone(),
                    year: year.max(1) as u32,
                    quantity,
                    proxy_value,
                    value,
                    plan: row.plan.clone(),
                });
            }
            (_, _, Some(response)) => written.push(WrittenCommitment {
                measure_id: row.measure_id,
                code: row.code.clone(),
                description: row.description.clone(),
                response: response.clone(),
            }),
            _ => return Err(anyhow::anyhow!("commitment {} is neither a line nor a written answer", row.id).into()),
        }
    }
    Ok((lines, written))
}

/// The figures of a contract's plan, through the one definition (`calc::OfferFigures`).
fn figures_of(lines: &[CommittedLine], contract_value: Money) -> OfferFigures {
    let lines: Vec<OfferLine> = lines
        .iter()
        .map(|l| OfferLine { theme: l.theme.clone(), year: l.year, quantity: l.quantity, proxy: l.proxy_value })
        .collect();
    OfferFigures::compute(&lines, contract_value)
}

fn contract_value(row: &contract::Model) -> Result<Money, TenderError> {
    Ok(Money::from_pounds(
        Decimal::from_str(&row.contract_value)
            .map_err(|e| anyhow::anyhow!("contract {} has a bad value {:?}: {e}", row.id, row.contract_value))?,
    ))
}

async fn officers_of(
    db: &impl ConnectionTrait,
    contract_ids: impl IntoIterator<Item = i64>,
) -> Result<BTreeMap<i64, Vec<ContractOfficer>>, TenderError> {
    let ids: BTreeSet<i64> = contract_ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let rows = contract_officer::Entity::find()
        .filter(contract_officer::Column::ContractId.is_in(ids))
        .order_by_asc(contract_officer::Column::Id)
        .all(db)
        .await?;
    let people: BTreeMap<i64, app_user::Model> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(rows.iter().map(|r| r.user_id).collect::<BTreeSet<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut officers: BTreeMap<i64, Vec<ContractOfficer>> = BTreeMap::new();
    for row in rows {
        let Some(person) = people.get(&row.user_id) else { continue };
        officers.entry(row.contract_id).or_default().push(ContractOfficer {
            user_id: person.id,
            name: person.full_name.clone(),
            email: person.email.clone(),
        });
    }
    Ok(officers)
}

/// Contracts in a list, from their rows: a fixed number of statements however many.
async fn summaries(db: &impl ConnectionTrait, rows: &[contract::Model]) -> Result<Vec<ContractSummary>, TenderError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let names = organisation::names_of(db, rows.iter().flat_map(|r| [r.council_id, r.supplier_id])).await?;
    let officers = officers_of(db, ids.iter().copied()).await?;
    let commitments = if ids.is_empty() {
        Vec::new()
    } else {
        commitment::Entity::find().filter(commitment::Column::ContractId.is_in(ids)).all(db).await?
    };
    let mut by_contract: BTreeMap<i64, Vec<commitment::Model>> = BTreeMap::new();
    for c in commitments {
        by_contract.entry(c.contract_id).or_default().push(c);
    }
    rows.iter()
        .map(|row| {
            let (lines, _) = plan_of(by_contract.get(&row.id).map(Vec::as_slice).unwrap_or_default())?;
            summary_of(row, &names, officers.get(&row.id).map(Vec::as_slice).unwrap_or_default(), &lines)
        })
        .collect()
}

/// A contract's summary from what was read for it: the parties' names, its officers and its lines.
fn summary_of(
    row: &contract::Model,
    names: &BTreeMap<i64, String>,
    officers: &[ContractOfficer],
    lines: &[CommittedLine],
) -> Result<ContractSummary, TenderError> {
    let value = contract_value(row)?;
    Ok(ContractSummary {
        id: row.id,
        reference: row.reference.clone(),
        title: row.title.clone(),
        council_name: names.get(&row.council_id).cloned().unwrap_or_default(),
        supplier_name: names.get(&row.supplier_id).cloned().unwrap_or_default(),
        start_date: row.start_date.to_string(),
        end_date: row.end_date.to_string(),
        contract_value: value,
        committed: figures_of(lines, value).total,
        officers: officers.iter().map(|o| o.name.clone()).collect(),
    })
}

/// The contracts of the person's organisation (the council's, or the supplier's own), newest
/// first, narrowed by the search.
pub async fn contracts(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    filters: &ContractFilters,
) -> Result<Vec<ContractSummary>, TenderError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let party = match side_of(session)? {
        Side::Council => contract::Column::CouncilId,
        Side::Supplier => contract::Column::SupplierId,
    };
    let rows = contract::Entity::find()
        .filter(party.eq(session.user.organisation_id))
        .order_by_desc(contract::Column::StartDate)
        .order_by_desc(contract::Column::Id)
        .all(db)
        .await?;
    Ok(summaries(db, &rows).await?.into_iter().filter(|c| filters.matches(c)).collect())
}

/// A contract's page: its terms and officers, its commitments with their totals, and its
/// quarters as they stand today.
pub async fn contract_page(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
) -> Result<ContractPage, TenderError> {
    let (row, side, _) = visible_contract(db, session, contract_id).await?;
    let commitments = commitment::Entity::find()
        .filter(commitment::Column::ContractId.eq(row.id))
        .order_by_asc(commitment::Column::Id)
        .all(db)
        .await?;
    let (lines, written) = plan_of(&commitments)?;
    let officers = officers_of(db, [row.id]).await?.remove(&row.id).unwrap_or_default();
    let names = organisation::names_of(db, [row.council_id, row.supplier_id]).await?;
    let summary = summary_of(&row, &names, &officers, &lines)?;
    let figures = figures_of(&lines, summary.contract_value);
    let council = organisation::Entity::find_by_id(row.council_id).one(db).await?.ok_or(AccessError::NotFound)?;
    let return_due_days = council.return_due_days.max(1) as u32;
    let addable_officers = if side == Side::Council {
        colleagues(db, row.council_id)
            .await?
            .into_iter()
            .filter(|c| !officers.iter().any(|o| o.user_id == c.user_id))
            .collect()
    } else {
        Vec::new()
    };
    let framework = framework_version::Entity::find_by_id(row.framework_version_id)
        .one(db)
        .await?
        .map(|v| format!("{} ({})", v.name, v.version_label))
        .unwrap_or_default();
    let tender_reference =
        tender::Entity::find_by_id(row.tender_id).one(db).await?.map(|t| t.reference).unwrap_or_default();
    let awarded_by = app_user::Entity::find_by_id(row.awarded_by_user_id)
        .one(db)
        .await?
        .map(|u| u.full_name)
        .unwrap_or_else(|| "A former colleague".to_owned());
    let years = contract_years(&row);
    let contract_quarters = quarters(row.start_date, years, return_due_days, uk_today());
    let quarter_returns =
        super::returns::quarter_returns(db, row.id, &contract_quarters).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let (performance, lines_waiting) = super::reviews::performance_of(db, &row, &council, &lines, &contract_quarters)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut theme_order: Vec<String> = Vec::new();
    for line in &lines {
        if !theme_order.contains(&line.theme) {
            theme_order.push(line.theme.clone());
        }
    }
    Ok(ContractPage {
        summary,
        tender_id: row.tender_id,
        tender_reference,
        framework,
        awarded_at: display_uk_time(row.awarded_at),
        awarded_by,
        award_reason: row.award_reason.clone(),
        officers,
        addable_officers,
        can_manage_officers: side == Side::Council,
        lines,
        written,
        theme_order,
        years: (1..=years).collect(),
        by_year: figures.by_year,
        by_theme: figures.by_theme,
        returns_waiting: quarter_returns.iter().filter(|q| q.state == ReturnState::Submitted).count(),
        returns_overdue: quarter_returns.iter().filter(|q| q.overdue).count(),
        lines_waiting,
        performance,
        quarters: quarter_returns,
        return_due_days,
    })
}

/// The council's active staff, who may manage its contracts.
async fn colleagues(db: &impl ConnectionTrait, council_id: i64) -> Result<Vec<ContractOfficer>, TenderError> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.eq(council_id))
        .filter(app_user::Column::IsActive.eq(true))
        .order_by_asc(app_user::Column::FullName)
        .all(db)
        .await?
        .into_iter()
        .map(|u| ContractOfficer { user_id: u.id, name: u.full_name, email: u.email })
        .collect())
}

// ---- Who manages it -----------------------------------------------------------------------

/// The contract, for a change by its council's staff (the supplier's team may only read it),
/// with its lock taken so that officer changes happen one at a time.
async fn begin_officer_change(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
) -> Result<(sea_orm::DatabaseTransaction, contract::Model, ActiveSession), TenderError> {
    let (row, side, session) = visible_contract(db, session, contract_id).await?;
    if side != Side::Council {
        return Err(AccessError::Forbidden.into());
    }
    let txn = begin_write(db).await?;
    lock_row::<contract::Entity>(&txn, contract::Column::Id, row.id).await?;
    Ok((txn, row, session))
}

/// Adds one of the council's staff to the contract's officers.
pub async fn add_officer(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
    user_id: Option<i64>,
) -> Result<(), TenderError> {
    let (txn, row, session) = begin_officer_change(db, session, contract_id).await?;
    let current = officers_of(&txn, [row.id]).await?.remove(&row.id).unwrap_or_default();
    let choice = colleagues(&txn, row.council_id)
        .await?
        .into_iter()
        .find(|c| Some(c.user_id) == user_id && !current.iter().any(|o| o.user_id == c.user_id));
    let Some(choice) = choice else {
        return Err(TenderError::Invalid(FieldErrors::one(OFFICER_FIELD, "Choose a colleague to add as an officer")));
    };
    contract_officer::ActiveModel {
        contract_id: Set(row.id),
        user_id: Set(choice.user_id),
        added_by_user_id: Set(session.user.id),
        added_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    Change::by(&session, AuditAction::ContractOfficerAdded, row.id)
        .after(json!({ "user_id": choice.user_id, "name": choice.name }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes an officer from the contract; it always keeps at least one.
pub async fn remove_officer(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
    user_id: i64,
) -> Result<(), TenderError> {
    let (txn, row, session) = begin_officer_change(db, session, contract_id).await?;
    let officer = contract_officer::Entity::find()
        .filter(contract_officer::Column::ContractId.eq(row.id))
        .filter(contract_officer::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(AccessError::NotFound)?;
    let count =
        contract_officer::Entity::find().filter(contract_officer::Column::ContractId.eq(row.id)).all(&txn).await?.len();
    if count <= 1 {
        return Err(TenderError::WrongStatus(
            "A contract needs at least one officer to manage it: add another before removing this one.",
        ));
    }
    contract_officer::Entity::delete_by_id(officer.id).exec(&txn).await?;
    Change::by(&session, AuditAction::ContractOfficerRemoved, row.id)
        .before(json!({ "user_id": user_id }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---- The council's setting ----------------------------------------------------------------

/// The days after a quarter ends that returns are due, for the person's council (council
/// staff only; `None` for a supplier).
pub async fn return_due_days(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
) -> Result<Option<u32>, TenderError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    if side_of(session)? != Side::Council {
        return Ok(None);
    }
    let council =
        organisation::Entity::find_by_id(session.user.organisation_id).one(db).await?.ok_or(AccessError::NotFound)?;
    Ok(Some(council.return_due_days.max(1) as u32))
}

/// A council administrator sets the days after a quarter ends that its contracts' returns are
/// due (every contract's quarters follow it).
pub async fn set_return_due_days(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    typed: &str,
) -> Result<(), TenderError> {
    let session = crate::auth::require(session, Role::CouncilAdmin)?;
    let days = domain::contracts::parse_return_due_days(typed)
        .map_err(|message| TenderError::Invalid(FieldErrors::one(RETURN_DUE_DAYS_FIELD, message)))?;
    let txn = begin_write(db).await?;
    let council =
        organisation::Entity::find_by_id(session.user.organisation_id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    let before = council.return_due_days;
    let mut change: organisation::ActiveModel = council.into();
    change.return_due_days = Set(days as i32);
    change.update(&txn).await?;
    Change::by(session, AuditAction::ReturnDueDaysChanged, session.user.organisation_id)
        .before(json!({ "return_due_days": before }))
        .after(json!({ "return_due_days": days }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
