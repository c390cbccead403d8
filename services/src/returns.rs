//! Quarterly returns: the contract's supplier reports, each quarter, what it delivered against
//! each commitment of that contract year (and any additional measure), with evidence files;
//! the council's staff read them. A draft until submitted with two attestations; then locked.
//!
//! Who may do what: the contract's supplier team starts, fills in and submits returns and
//! uploads and deletes evidence (while a draft); the contract's council staff read them and
//! download evidence; to anyone else a contract's returns and files do not exist (404).

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::Utc;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::audit::Change;
use super::sessions::ActiveSession;
use crate::auth::AccessError;
use crate::contract_access::{contract_years, uk_today, visible_contract, Side};
use crate::evidence::{EvidenceRefusal, EvidenceStore, StoredObject, UploadError};
use calc::{ProxyValue, Quantity, QuantityRule};
use db::{
    app_user, begin_write, commitment, contract, evidence_file, evidence_upload, framework_measure, framework_theme,
    line_review, lock_row, organisation, quarterly_return, return_line,
};
use domain::audit::AuditAction;
use domain::contracts::{quarters, Quarter, QuarterState};
use domain::dates::display_uk_time;
use domain::errors::AppError;
use domain::form::FieldErrors;
use domain::frameworks::MeasureKind;
use domain::returns::{
    attestation_problems, draft_problems, is_overdue, narrative_field, quantity_field, remaining, submission_problems,
    AddableMeasure, EvidenceFileView, QuarterReturn, ReturnLineView, ReturnPage, ReturnState, ReturnStatus, TypedLine,
    ADDITIONAL_MEASURE_FIELD,
};
use domain::reviews::{LineHistoryEntry, LineReview, LineStatus, ReviewEventKind};

#[derive(Debug, thiserror::Error)]
pub enum ReturnError {
    #[error("some answers need correcting")]
    Invalid(FieldErrors),
    /// The change does not fit the return's state (e.g. changing a submitted return).
    #[error("{0}")]
    Conflict(&'static str),
    #[error(transparent)]
    Access(#[from] AccessError),
    /// The request's body broke off before the file arrived: the person's connection, not a
    /// fault of ours; nothing was stored.
    #[error("{}", domain::returns::UPLOAD_STOPPED)]
    UploadStopped,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

super::unexpected_from_db!(ReturnError);

impl From<ReturnError> for AppError {
    fn from(error: ReturnError) -> AppError {
        match error {
            ReturnError::Invalid(errors) => AppError::invalid(errors),
            ReturnError::Conflict(reason) => AppError::Conflict(reason.to_owned()),
            ReturnError::Access(access) => access.into(),
            ReturnError::UploadStopped => AppError::Request(domain::returns::UPLOAD_STOPPED.to_owned()),
            ReturnError::Unexpected(error) => AppError::unexpected(error),
        }
    }
}

impl From<super::tenders::TenderError> for ReturnError {
    fn from(error: super::tenders::TenderError) -> Self {
        use super::tenders::TenderError;
        match error {
            TenderError::Access(access) => ReturnError::Access(access),
            other => ReturnError::Unexpected(anyhow::anyhow!("{other:?}")),
        }
    }
}

const LOCKED: &str = "This return has been submitted, so it cannot be changed until the council has reviewed it.";
const NOT_STARTED: &str = "This quarter has not started yet, so there is nothing to report.";
const NOT_ENDED: &str = "This quarter has not ended yet: you can save a draft now and submit it once the quarter ends.";
pub(super) const NO_RETURN: &str = "Start this quarter's return first.";

fn decimal(text: &str, what: &str) -> Result<Decimal, ReturnError> {
    Decimal::from_str(text).map_err(|e| anyhow::anyhow!("bad {what} {text:?}: {e}").into())
}

pub(super) fn proxy_of(stored: Option<&str>) -> Result<Option<ProxyValue>, ReturnError> {
    stored
        .map(|text| {
            ProxyValue::parse(decimal(text, "proxy value")?)
                .map_err(|e| anyhow::anyhow!("proxy value {text}: {e}").into())
        })
        .transpose()
}

pub(super) fn stored_quantity(text: &str) -> Result<Quantity, ReturnError> {
    Quantity::from_decimal(decimal(text, "quantity")?, QuantityRule::FRACTIONAL)
        .map_err(|e| anyhow::anyhow!("stored quantity {text}: {e}").into())
}

/// The contract and the quarter asked for, for anyone who may see the contract.
pub(super) struct ContractQuarter {
    pub(super) contract: contract::Model,
    pub(super) side: Side,
    pub(super) session: ActiveSession,
    pub(super) quarter: Quarter,
}

pub(super) async fn contract_quarter(
    db: &impl ConnectionTrait,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
) -> Result<ContractQuarter, ReturnError> {
    let (contract, side, session) = visible_contract(db, session, contract_id).await?;
    let quarter =
        quarters_of(db, &contract).await?.into_iter().find(|q| q.number == quarter).ok_or(AccessError::NotFound)?;
    Ok(ContractQuarter { contract, side, session, quarter })
}

/// Every quarter of the contract as it stands today, at its council's return due days.
pub(super) async fn quarters_of(
    db: &impl ConnectionTrait,
    contract: &contract::Model,
) -> Result<Vec<Quarter>, ReturnError> {
    let council = organisation::Entity::find_by_id(contract.council_id).one(db).await?.ok_or(AccessError::NotFound)?;
    Ok(quarters(contract.start_date, contract_years(contract), council.return_due_days.max(1) as u32, uk_today()))
}

/// For a change: the supplier's team only (council staff may read, not change: 403).
pub(super) fn require_supplier(found: &ContractQuarter) -> Result<(), ReturnError> {
    match found.side {
        Side::Supplier => Ok(()),
        Side::Council => Err(AccessError::Forbidden.into()),
    }
}

pub(super) async fn return_row(
    db: &impl ConnectionTrait,
    contract_id: i64,
    quarter: u32,
) -> Result<Option<quarterly_return::Model>, ReturnError> {
    Ok(quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract_id))
        .filter(quarterly_return::Column::Quarter.eq(quarter as i32))
        .one(db)
        .await?)
}

pub(super) fn status_of(row: &quarterly_return::Model) -> Result<ReturnStatus, ReturnError> {
    ReturnStatus::parse(&row.status)
        .ok_or_else(|| anyhow::anyhow!("return {} has status {:?}", row.id, row.status).into())
}

// ---- The contract page's list ------------------------------------------------------------

/// Each quarter of a contract with its return's state, for the contract page.
pub async fn quarter_returns(
    db: &impl ConnectionTrait,
    contract_id: i64,
    quarters: &[Quarter],
) -> Result<Vec<QuarterReturn>, ReturnError> {
    let statuses: BTreeMap<u32, ReturnStatus> = quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract_id))
        .all(db)
        .await?
        .iter()
        .map(|row| Ok((row.quarter as u32, status_of(row)?)))
        .collect::<Result<_, ReturnError>>()?;
    let today = uk_today().to_string();
    Ok(quarters
        .iter()
        .map(|quarter| {
            let status = statuses.get(&quarter.number).copied();
            QuarterReturn {
                quarter: quarter.clone(),
                state: ReturnState::of(status, quarter),
                overdue: quarter.state == QuarterState::Ended && is_overdue(status, &quarter.return_due, &today),
            }
        })
        .collect())
}

// ---- Reading a return --------------------------------------------------------------------

/// A quarter's return page, for the contract's supplier team and its council's staff.
pub async fn return_page(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
    max_file_bytes: u64,
) -> Result<ReturnPage, ReturnError> {
    let found = contract_quarter(db, session, contract_id, quarter).await?;
    let row = return_row(db, contract_id, quarter).await?;
    let status = row.as_ref().map(status_of).transpose()?;
    let today = uk_today().to_string();
    let names = organisation::names_of(db, [found.contract.supplier_id]).await?;
    let lines = match &row {
        Some(row) => line_views(db, &found.contract, row).await?,
        None => Vec::new(),
    };
    let addable_measures = match (&row, status) {
        (Some(_), Some(ReturnStatus::Draft)) if found.side == Side::Supplier => {
            addable_measures(db, &found.contract, &lines).await?
        }
        _ => Vec::new(),
    };
    let people = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(row.iter().filter_map(|r| r.submitted_by_user_id)))
        .all(db)
        .await?;
    let submitted = row.as_ref().and_then(|r| {
        let at = r.submitted_at?;
        let by = people
            .iter()
            .find(|p| Some(p.id) == r.submitted_by_user_id)
            .map(|p| p.full_name.clone())
            .unwrap_or_default();
        Some((display_uk_time(at), by))
    });
    Ok(ReturnPage {
        contract_id,
        contract_reference: found.contract.reference.clone(),
        contract_title: found.contract.title.clone(),
        supplier_name: names.get(&found.contract.supplier_id).cloned().unwrap_or_default(),
        state: ReturnState::of(status, &found.quarter),
        overdue: found.quarter.state == QuarterState::Ended && is_overdue(status, &found.quarter.return_due, &today),
        is_supplier: found.side == Side::Supplier,
        can_edit: found.side == Side::Supplier && status.is_some_and(ReturnStatus::can_edit),
        can_submit: found.quarter.state == QuarterState::Ended,
        can_review: found.side == Side::Council && status == Some(ReturnStatus::Submitted),
        can_answer: found.side == Side::Supplier
            && lines.iter().any(|l| l.review.status == LineStatus::InformationRequested),
        submitted,
        last_saved: row.as_ref().map(|r| display_uk_time(r.updated_at)),
        quarter: found.quarter,
        lines,
        addable_measures,
        max_file_bytes,
    })
}

/// The return's lines with what has been delivered against each commitment in the year's
/// other returns, and their evidence files: a fixed number of statements.
async fn line_views(
    db: &impl ConnectionTrait,
    contract: &contract::Model,
    row: &quarterly_return::Model,
) -> Result<Vec<ReturnLineView>, ReturnError> {
    let lines = return_line::Entity::find()
        .filter(return_line::Column::ReturnId.eq(row.id))
        .order_by_asc(return_line::Column::Additional)
        .order_by_asc(return_line::Column::Id)
        .all(db)
        .await?;
    // The year's other submitted returns of this contract: their lines count as delivered.
    let others: BTreeMap<i64, quarterly_return::Model> = quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract.id))
        .filter(quarterly_return::Column::Year.eq(row.year))
        .filter(quarterly_return::Column::Id.ne(row.id))
        .filter(quarterly_return::Column::Status.is_in(ReturnStatus::SUBMITTED.map(ReturnStatus::as_str)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let earlier_lines = if others.is_empty() {
        Vec::new()
    } else {
        return_line::Entity::find().filter(return_line::Column::ReturnId.is_in(others.keys().copied())).all(db).await?
    };
    let commitments: BTreeMap<i64, commitment::Model> = commitment::Entity::find()
        .filter(commitment::Column::Id.is_in(lines.iter().filter_map(|l| l.commitment_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let files = evidence_file::Entity::find()
        .filter(evidence_file::Column::ReturnId.eq(row.id))
        .order_by_asc(evidence_file::Column::Id)
        .all(db)
        .await?;
    let history = line_review::Entity::find()
        .filter(line_review::Column::ReturnId.eq(row.id))
        .order_by_asc(line_review::Column::Id)
        .all(db)
        .await?;
    let uploaders: BTreeMap<i64, String> = app_user::Entity::find()
        .filter(
            app_user::Column::Id.is_in(
                files
                    .iter()
                    .map(|f| f.uploaded_by_user_id)
                    .chain(history.iter().map(|h| h.by_user_id))
                    .collect::<BTreeSet<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let mut views = Vec::with_capacity(lines.len());
    for line in &lines {
        let mut approved = Decimal::ZERO;
        let mut awaiting = Decimal::ZERO;
        for earlier in earlier_lines.iter().filter(|e| e.measure_id == line.measure_id) {
            match &earlier.approved_quantity {
                Some(text) => approved += decimal(text, "approved quantity")?,
                None => {
                    if let Ok(q) = Quantity::parse(&earlier.quantity_typed, QuantityRule::FRACTIONAL) {
                        awaiting += q.value();
                    }
                }
            }
        }
        let approved = Quantity::from_decimal(approved, QuantityRule::FRACTIONAL).unwrap_or(Quantity::ZERO);
        let awaiting = Quantity::from_decimal(awaiting, QuantityRule::FRACTIONAL).unwrap_or(Quantity::ZERO);
        let committed = match line.commitment_id.and_then(|id| commitments.get(&id)) {
            Some(c) => Some(stored_quantity(c.quantity.as_deref().unwrap_or("0"))?),
            None => None,
        };
        views.push(ReturnLineView {
            line_id: line.id,
            code: line.code.clone(),
            description: line.description.clone(),
            unit: line.unit.clone(),
            theme: line.theme.clone(),
            additional: line.additional,
            rule: QuantityRule { allows_fraction: line.allows_fraction },
            proxy_value: proxy_of(line.proxy_value.as_deref())?,
            committed_for_year: committed,
            approved_to_date: approved,
            awaiting_review: awaiting,
            remaining: committed.map(|c| remaining(c, approved, awaiting)),
            quantity_typed: line.quantity_typed.clone(),
            narrative: line.narrative.clone(),
            files: files
                .iter()
                .filter(|f| f.return_line_id == line.id)
                .map(|f| EvidenceFileView {
                    id: f.id,
                    name: f.original_name.clone(),
                    kind: crate::evidence::EvidenceKind::parse(&f.kind)
                        .map(|k| k.label().to_owned())
                        .unwrap_or_else(|| f.kind.to_uppercase()),
                    size_bytes: f.size_bytes.max(0) as u64,
                    sha256: f.sha256.clone(),
                    uploaded_by: uploaders.get(&f.uploaded_by_user_id).cloned().unwrap_or_default(),
                    uploaded_at: display_uk_time(f.uploaded_at),
                })
                .collect(),
            review: line_review_of(line, &history, &uploaders)?,
        });
    }
    Ok(views)
}

/// A line's review: its status, what counts, the open question and its history.
fn line_review_of(
    line: &return_line::Model,
    history: &[line_review::Model],
    names: &BTreeMap<i64, String>,
) -> Result<LineReview, ReturnError> {
    let status = LineStatus::parse(&line.review_status)
        .ok_or_else(|| anyhow::anyhow!("line {} has review status {:?}", line.id, line.review_status))?;
    let entries: Vec<LineHistoryEntry> = history
        .iter()
        .filter(|h| h.return_line_id == line.id)
        .map(|h| {
            Ok(LineHistoryEntry {
                kind: ReviewEventKind::parse(&h.kind)
                    .ok_or_else(|| anyhow::anyhow!("review entry {} has kind {:?}", h.id, h.kind))?,
                quantity: h.quantity.clone(),
                comment: h.comment.clone(),
                by: names.get(&h.by_user_id).cloned().unwrap_or_else(|| "A former colleague".to_owned()),
                at: display_uk_time(h.at),
            })
        })
        .collect::<Result<_, ReturnError>>()?;
    let question = (status == LineStatus::InformationRequested)
        .then(|| {
            entries.iter().rev().find(|e| e.kind == ReviewEventKind::InformationRequested).map(|e| e.comment.clone())
        })
        .flatten();
    Ok(LineReview {
        status,
        approved: line.approved_quantity.as_deref().map(stored_quantity).transpose()?,
        question,
        history: entries,
    })
}

/// The measures of the contract's framework version that could be reported as additional:
/// quantities (not written answers), not already on the return.
async fn addable_measures(
    db: &impl ConnectionTrait,
    contract: &contract::Model,
    lines: &[ReturnLineView],
) -> Result<Vec<AddableMeasure>, ReturnError> {
    let on_return: BTreeSet<&str> = lines.iter().map(|l| l.code.as_str()).collect();
    Ok(framework_measure::Entity::find()
        .filter(framework_measure::Column::VersionId.eq(contract.framework_version_id))
        .filter(framework_measure::Column::Kind.ne(MeasureKind::Qualitative.as_str()))
        .order_by_asc(framework_measure::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter(|m| !on_return.contains(m.code.as_str()))
        .map(|m| AddableMeasure { measure_id: m.id, code: m.code, description: m.description })
        .collect())
}

// ---- Changing a return -------------------------------------------------------------------

/// A quarter's return that the person's team may still change: the supplier's team only
/// (council staff may read, not change: 403), and only while it is a draft.
async fn editable_return(
    db: &impl ConnectionTrait,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
) -> Result<(ContractQuarter, quarterly_return::Model), ReturnError> {
    let found = contract_quarter(db, session, contract_id, quarter).await?;
    require_supplier(&found)?;
    let row = return_row(db, contract_id, quarter).await?.ok_or(ReturnError::Conflict(NO_RETURN))?;
    if !status_of(&row)?.can_edit() {
        return Err(ReturnError::Conflict(LOCKED));
    }
    Ok((found, row))
}

/// A change to a quarter's draft return, inside a write transaction that holds the return's lock.
async fn begin_change(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
) -> Result<(sea_orm::DatabaseTransaction, ContractQuarter, quarterly_return::Model), ReturnError> {
    let (found, row) = editable_return(db, session, contract_id, quarter).await?;
    let txn = begin_write(db).await?;
    lock_row::<quarterly_return::Entity>(&txn, quarterly_return::Column::Id, row.id).await?;
    // Read again under the lock: another person may have submitted it meanwhile.
    let row = quarterly_return::Entity::find_by_id(row.id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    if !status_of(&row)?.can_edit() {
        return Err(ReturnError::Conflict(LOCKED));
    }
    Ok((txn, found, row))
}

/// Starts a quarter's return: one line for each commitment of the quarter's contract year.
/// Starting one that exists already changes nothing.
pub async fn start_return(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
) -> Result<(), ReturnError> {
    let found = contract_quarter(db, session, contract_id, quarter).await?;
    require_supplier(&found)?;
    if found.quarter.state == QuarterState::NotStarted {
        return Err(ReturnError::Conflict(NOT_STARTED));
    }
    let txn = begin_write(db).await?;
    lock_row::<contract::Entity>(&txn, contract::Column::Id, contract_id).await?;
    if return_row(&txn, contract_id, quarter).await?.is_some() {
        return Ok(());
    }
    let now = Utc::now();
    let row = quarterly_return::ActiveModel {
        contract_id: Set(contract_id),
        quarter: Set(quarter as i32),
        year: Set(found.quarter.year as i32),
        status: Set(ReturnStatus::Draft.as_str().to_owned()),
        started_by_user_id: Set(found.session.user.id),
        started_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let commitments = commitment::Entity::find()
        .filter(commitment::Column::ContractId.eq(contract_id))
        .filter(commitment::Column::Year.eq(found.quarter.year as i32))
        .order_by_asc(commitment::Column::Id)
        .all(&txn)
        .await?;
    let fractions: BTreeMap<i64, bool> = framework_measure::Entity::find()
        .filter(framework_measure::Column::Id.is_in(commitments.iter().map(|c| c.measure_id)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| (m.id, m.allows_fraction))
        .collect();
    let lines: Vec<return_line::ActiveModel> = commitments
        .iter()
        .map(|c| return_line::ActiveModel {
            return_id: Set(row.id),
            commitment_id: Set(Some(c.id)),
            measure_id: Set(c.measure_id),
            additional: Set(false),
            code: Set(c.code.clone()),
            theme: Set(c.theme.clone()),
            description: Set(c.description.clone()),
            unit: Set(c.unit.clone()),
            allows_fraction: Set(fractions.get(&c.measure_id).copied().unwrap_or(false)),
            proxy_value: Set(c.proxy_value.clone()),
            quantity_typed: Set(String::new()),
            narrative: Set(String::new()),
            approved_quantity: Set(None),
            review_status: Set(LineStatus::Pending.as_str().to_owned()),
            ..Default::default()
        })
        .collect();
    let count = lines.len();
    if !lines.is_empty() {
        return_line::Entity::insert_many(lines).exec(&txn).await?;
    }
    Change::by(&found.session, AuditAction::ReturnStarted, row.id)
        .after(json!({ "contract_id": contract_id, "quarter": quarter, "year": found.quarter.year, "lines": count }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The lines as typed in the form, in the return's order.
fn typed_lines(lines: &[return_line::Model], fields: &[(String, String)]) -> Vec<TypedLine> {
    let value = |name: String| fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
    lines
        .iter()
        .map(|line| TypedLine {
            line_id: line.id,
            rule: QuantityRule { allows_fraction: line.allows_fraction },
            quantity: value(quantity_field(line.id)).unwrap_or_else(|| line.quantity_typed.clone()),
            narrative: value(narrative_field(line.id)).unwrap_or_else(|| line.narrative.clone()),
        })
        .collect()
}

/// Saves the draft exactly as typed (valid or not: nothing typed is lost), then reports
/// anything that needs correcting.
pub async fn save_draft(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
    fields: &[(String, String)],
) -> Result<(), ReturnError> {
    let (txn, found, row) = begin_change(db, session, contract_id, quarter).await?;
    let lines = return_line::Entity::find().filter(return_line::Column::ReturnId.eq(row.id)).all(&txn).await?;
    let typed = typed_lines(&lines, fields);
    let mut changed = Vec::new();
    for (line, typed) in lines.iter().zip(&typed) {
        let quantity: String = typed.quantity.chars().take(100).collect();
        if quantity != line.quantity_typed || typed.narrative != line.narrative {
            changed.push(
                json!({ "line_id": line.id, "quantity": quantity, "narrative_chars": typed.narrative.chars().count() }),
            );
            let mut change: return_line::ActiveModel = line.clone().into();
            change.quantity_typed = Set(quantity);
            change.narrative = Set(typed.narrative.clone());
            change.update(&txn).await?;
        }
    }
    if !changed.is_empty() {
        touch(&txn, &row).await?;
        Change::by(&found.session, AuditAction::ReturnDraftSaved, row.id)
            .after(json!({ "lines": changed }))
            .record(&txn)
            .await?;
    }
    txn.commit().await?;
    let problems = draft_problems(&typed);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ReturnError::Invalid(problems))
    }
}

async fn touch(txn: &impl ConnectionTrait, row: &quarterly_return::Model) -> Result<(), ReturnError> {
    let mut change: quarterly_return::ActiveModel = row.clone().into();
    change.updated_at = Set(Utc::now());
    change.update(txn).await?;
    Ok(())
}

/// Adds a line for a measure of the contract's framework version delivered beyond the plan,
/// at the framework version's proxy value.
pub async fn add_additional_line(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
    measure_id: Option<i64>,
) -> Result<(), ReturnError> {
    let (txn, found, row) = begin_change(db, session, contract_id, quarter).await?;
    let choose = || {
        ReturnError::Invalid(FieldErrors::one(
            ADDITIONAL_MEASURE_FIELD,
            "Choose the measure you delivered beyond your commitments",
        ))
    };
    let measure_id = measure_id.ok_or_else(choose)?;
    let measure = framework_measure::Entity::find_by_id(measure_id)
        .filter(framework_measure::Column::VersionId.eq(found.contract.framework_version_id))
        .filter(framework_measure::Column::Kind.ne(MeasureKind::Qualitative.as_str()))
        .one(&txn)
        .await?
        .ok_or_else(choose)?;
    let already = return_line::Entity::find()
        .filter(return_line::Column::ReturnId.eq(row.id))
        .filter(return_line::Column::MeasureId.eq(measure.id))
        .one(&txn)
        .await?;
    if already.is_some() {
        return Err(ReturnError::Invalid(FieldErrors::one(
            ADDITIONAL_MEASURE_FIELD,
            "That measure is on this return already: report it on its line",
        )));
    }
    let theme =
        framework_theme::Entity::find_by_id(measure.theme_id).one(&txn).await?.map(|t| t.name).unwrap_or_default();
    let line = return_line::ActiveModel {
        return_id: Set(row.id),
        commitment_id: Set(None),
        measure_id: Set(measure.id),
        additional: Set(true),
        code: Set(measure.code.clone()),
        theme: Set(theme),
        description: Set(measure.description.clone()),
        unit: Set(measure.unit.clone()),
        allows_fraction: Set(measure.allows_fraction),
        proxy_value: Set(measure.proxy_value.clone()),
        quantity_typed: Set(String::new()),
        narrative: Set(String::new()),
        approved_quantity: Set(None),
        review_status: Set(LineStatus::Pending.as_str().to_owned()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    touch(&txn, &row).await?;
    Change::by(&found.session, AuditAction::ReturnLineAdded, row.id)
        .after(json!({ "line_id": line.id, "measure_id": measure.id, "code": measure.code, "additional": true }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether the return is ready to submit: the quarter has ended, and every line has a
/// quantity (and a narrative where something was delivered).
pub async fn check_ready(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
) -> Result<(), ReturnError> {
    let (found, row) = editable_return(db, session, contract_id, quarter).await?;
    if found.quarter.state != QuarterState::Ended {
        return Err(ReturnError::Conflict(NOT_ENDED));
    }
    let lines = return_line::Entity::find().filter(return_line::Column::ReturnId.eq(row.id)).all(db).await?;
    let problems = submission_problems(&typed_lines(&lines, &[]));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ReturnError::Invalid(problems))
    }
}

/// Submits the return with both attestations: it is then locked until review, and the
/// contract's officers are told.
pub async fn submit(
    db: &DatabaseConnection,
    base_url: &str,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
    attest_period: bool,
    attest_lines: bool,
) -> Result<(), ReturnError> {
    let attestations = attestation_problems(attest_period, attest_lines);
    let (txn, found, row) = begin_change(db, session, contract_id, quarter).await?;
    if found.quarter.state != QuarterState::Ended {
        return Err(ReturnError::Conflict(NOT_ENDED));
    }
    let lines = return_line::Entity::find().filter(return_line::Column::ReturnId.eq(row.id)).all(&txn).await?;
    let typed = typed_lines(&lines, &[]);
    let problems = submission_problems(&typed);
    if !problems.is_empty() {
        return Err(ReturnError::Invalid(problems));
    }
    if !attestations.is_empty() {
        return Err(ReturnError::Invalid(attestations));
    }
    let now = Utc::now();
    let mut change: quarterly_return::ActiveModel = row.clone().into();
    change.status = Set(ReturnStatus::Submitted.as_str().to_owned());
    change.submitted_at = Set(Some(now));
    change.submitted_by_user_id = Set(Some(found.session.user.id));
    change.updated_at = Set(now);
    let row = change.update(&txn).await?;
    super::notifications::return_submitted(&txn, base_url, &found.contract, &row, false).await?;
    let reported: Vec<_> = lines
        .iter()
        .map(|l| json!({ "line_id": l.id, "code": l.code, "quantity": l.quantity_typed, "additional": l.additional }))
        .collect();
    Change::by(&found.session, AuditAction::ReturnSubmitted, row.id)
        .before(json!({ "status": ReturnStatus::Draft.as_str() }))
        .after(json!({
            "status": ReturnStatus::Submitted.as_str(), "contract_id": contract_id, "quarter": quarter,
            "attested": [domain::returns::ATTEST_PERIOD_TEXT, domain::returns::ATTEST_LINES_TEXT],
            "lines": reported,
        }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---- Evidence files ----------------------------------------------------------------------

/// Where an upload goes: a line of a draft return the person's team may change.
#[derive(Debug, Clone, Copy)]
pub struct UploadTarget {
    pub contract_id: i64,
    pub quarter: u32,
    pub return_id: i64,
    pub line_id: i64,
}

/// The line an upload is for, checked before a byte is stored.
pub async fn upload_target(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    line_id: i64,
) -> Result<UploadTarget, ReturnError> {
    let line = return_line::Entity::find_by_id(line_id).one(db).await?.ok_or(AccessError::NotFound)?;
    let row = quarterly_return::Entity::find_by_id(line.return_id).one(db).await?.ok_or(AccessError::NotFound)?;
    let found = contract_quarter(db, session, row.contract_id, row.quarter as u32).await?;
    require_supplier(&found)?;
    if !accepts_evidence(&row, &line)? {
        return Err(ReturnError::Conflict(LOCKED));
    }
    Ok(UploadTarget { contract_id: row.contract_id, quarter: row.quarter as u32, return_id: row.id, line_id })
}

/// A line takes evidence while its return is a draft, or while the council waits for the
/// supplier's answer about it (other lines of the return may still wait for review).
fn accepts_evidence(row: &quarterly_return::Model, line: &return_line::Model) -> Result<bool, ReturnError> {
    Ok(match status_of(row)? {
        ReturnStatus::Draft => true,
        ReturnStatus::Submitted | ReturnStatus::InformationRequested => {
            line.review_status == LineStatus::InformationRequested.as_str()
        }
        ReturnStatus::Reviewed => false,
    })
}

/// Streams one file to the store and, once it is stored whole, records it in one transaction
/// with its audit entry. A refusal leaves nothing behind; so does a failure (the object is
/// removed, or the sweep finds it).
pub async fn upload_evidence<S, E>(
    db: &DatabaseConnection,
    store: &EvidenceStore,
    session: Option<&ActiveSession>,
    target: UploadTarget,
    sent_name: &str,
    body: S,
) -> Result<Result<EvidenceFileView, EvidenceRefusal>, ReturnError>
where
    S: futures::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let name = crate::evidence::sanitise_file_name(sent_name);
    let stored = match store.store(db, sent_name, body).await {
        Ok(stored) => stored,
        Err(UploadError::Refused(refusal)) => return Ok(Err(refusal)),
        Err(UploadError::Interrupted(reason)) => {
            tracing::info!(%reason, "an evidence upload stopped before the file arrived; nothing was stored");
            return Err(ReturnError::UploadStopped);
        }
        Err(UploadError::Store(error)) => return Err(anyhow::anyhow!("storing evidence failed: {error:?}").into()),
    };
    match record_evidence(db, session, target, &stored, &name).await {
        Ok(view) => Ok(Ok(view)),
        Err(error) => {
            // Not recorded: remove the object now (or the sweep will, once its upload is old).
            if store.delete(&stored.key).await.is_ok() {
                let _ = evidence_upload::Entity::delete_by_id(stored.upload_id).exec(db).await;
            }
            Err(error)
        }
    }
}

async fn record_evidence(
    db: &DatabaseConnection,
    session: &ActiveSession,
    target: UploadTarget,
    stored: &StoredObject,
    name: &str,
) -> Result<EvidenceFileView, ReturnError> {
    let txn = begin_write(db).await?;
    lock_row::<quarterly_return::Entity>(&txn, quarterly_return::Column::Id, target.return_id).await?;
    let row = quarterly_return::Entity::find_by_id(target.return_id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    let line = return_line::Entity::find_by_id(target.line_id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    if !accepts_evidence(&row, &line)? {
        return Err(ReturnError::Conflict(LOCKED));
    }
    let now = Utc::now();
    let file = evidence_file::ActiveModel {
        return_line_id: Set(target.line_id),
        return_id: Set(target.return_id),
        contract_id: Set(target.contract_id),
        storage_key: Set(stored.key.clone()),
        original_name: Set(name.to_owned()),
        kind: Set(stored.kind.as_str().to_owned()),
        size_bytes: Set(stored.size_bytes as i64),
        sha256: Set(stored.sha256.clone()),
        uploaded_by_user_id: Set(session.user.id),
        uploaded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    evidence_upload::Entity::delete_by_id(stored.upload_id).exec(&txn).await?;
    Change::by(session, AuditAction::EvidenceUploaded, target.return_id)
        .after(json!({
            "file_id": file.id, "line_id": target.line_id, "name": name, "kind": stored.kind.as_str(),
            "size_bytes": stored.size_bytes, "sha256": stored.sha256,
        }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(EvidenceFileView {
        id: file.id,
        name: file.original_name,
        kind: stored.kind.label().to_owned(),
        size_bytes: stored.size_bytes,
        sha256: file.sha256,
        uploaded_by: session.user.full_name.clone(),
        uploaded_at: display_uk_time(now),
    })
}

/// An evidence file, for the contract's supplier team and its council's staff only.
pub async fn evidence_for_download(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    file_id: i64,
) -> Result<evidence_file::Model, ReturnError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let file = evidence_file::Entity::find_by_id(file_id).one(db).await?.ok_or(AccessError::NotFound)?;
    // Anyone not party to the contract gets 404, whatever their role.
    visible_contract(db, Some(session), file.contract_id).await.map_err(|_| AccessError::NotFound)?;
    Ok(file)
}

/// Deletes an evidence file of the contract's return while it is a draft. The row goes first
/// (in its transaction, with the audit entry); then the object (the sweep removes it if this
/// fails). A file of another contract is not found.
pub async fn delete_evidence(
    db: &DatabaseConnection,
    store: &EvidenceStore,
    session: Option<&ActiveSession>,
    contract_id: i64,
    file_id: i64,
) -> Result<(), ReturnError> {
    let file = evidence_file::Entity::find_by_id(file_id)
        .filter(evidence_file::Column::ContractId.eq(contract_id))
        .one(db)
        .await?
        .ok_or(AccessError::NotFound)?;
    let target = upload_target(db, session, file.return_line_id).await?;
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let txn = begin_write(db).await?;
    lock_row::<quarterly_return::Entity>(&txn, quarterly_return::Column::Id, target.return_id).await?;
    let row = quarterly_return::Entity::find_by_id(target.return_id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    if !status_of(&row)?.can_edit() {
        return Err(ReturnError::Conflict(LOCKED));
    }
    evidence_file::Entity::delete_by_id(file.id).exec(&txn).await?;
    Change::by(session, AuditAction::EvidenceDeleted, target.return_id)
        .before(json!({ "file_id": file.id, "line_id": file.return_line_id, "name": file.original_name, "sha256": file.sha256 }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    if let Err(error) = store.delete(&file.storage_key).await {
        tracing::warn!(?error, key = %file.storage_key, "a deleted evidence file's object stays until the sweep");
    }
    Ok(())
}
