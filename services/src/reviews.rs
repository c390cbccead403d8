//! The council's review of quarterly returns: the queue of returns waiting, a decision on each
//! line (approve, approve less, reject, ask for more information) with its comment, the
//! supplier's answers, and the contract's performance (delivered against committed to date,
//! RAG and the Procurement Act rating) that follows from them.
//!
//! Who may do what: the contract's council staff (officers and administrators) decide; the
//! contract's supplier team answers; to anyone else a contract's returns do not exist (404).
//! A supplier asking to decide, or council staff asking to answer, is refused (403).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

use super::audit::Change;
use super::returns::{
    contract_quarter, proxy_of, require_supplier, return_row, status_of, stored_quantity, ReturnError, NO_RETURN,
};
use super::sessions::ActiveSession;
use crate::auth::{require, AccessError};
use crate::contract_access::{uk_today, Side};
use calc::{Quantity, QuantityRule};
use db::{
    app_user, begin_write, contract, contract_officer, line_review, lock_row, organisation, quarterly_return,
    return_line,
};
use domain::accounts::Role;
use domain::audit::AuditAction;
use domain::contracts::{CommittedLine, Quarter};
use domain::dates::display_uk_time;
use domain::performance::{Approved, Committed, Performance, Thresholds};
use domain::returns::{narrative_field, quantity_field, ReturnStatus};
use domain::reviews::{
    approved_quantity_field, comment_field, decision_field, parse_answers, parse_decisions, reply_field,
    return_status_of, FilterOption, LineStatus, QueueFilters, QueuedReturn, ReviewEventKind, ReviewQueue, TypedAnswer,
    TypedDecision,
};

const NOT_WAITING: &str = "No line of this return is waiting for review.";
const NOT_ASKED: &str = "The council has not asked about any line of this return.";

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// The return's lines in a given review status, in the return's order.
async fn lines_in(
    db: &impl ConnectionTrait,
    return_id: i64,
    status: LineStatus,
) -> Result<Vec<return_line::Model>, ReturnError> {
    Ok(return_line::Entity::find()
        .filter(return_line::Column::ReturnId.eq(return_id))
        .filter(return_line::Column::ReviewStatus.eq(status.as_str()))
        .order_by_asc(return_line::Column::Additional)
        .order_by_asc(return_line::Column::Id)
        .all(db)
        .await?)
}

/// Sets the return's status from its lines' statuses, and returns it.
async fn settle_status(
    txn: &impl ConnectionTrait,
    row: &quarterly_return::Model,
) -> Result<(quarterly_return::Model, ReturnStatus), ReturnError> {
    let statuses = return_line::Entity::find()
        .filter(return_line::Column::ReturnId.eq(row.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|l| {
            LineStatus::parse(&l.review_status)
                .ok_or_else(|| anyhow::anyhow!("line {} status {:?}", l.id, l.review_status))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let status = return_status_of(statuses);
    let mut change: quarterly_return::ActiveModel = row.clone().into();
    change.status = Set(status.as_str().to_owned());
    change.updated_at = Set(Utc::now());
    Ok((change.update(txn).await?, status))
}

/// The council's decisions on the lines waiting for review. Lines left without a choice stay
/// waiting; once none waits, the supplier's team is told.
pub async fn decide(
    db: &DatabaseConnection,
    base_url: &str,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
    fields: &[(String, String)],
) -> Result<ReturnStatus, ReturnError> {
    let found = contract_quarter(db, session, contract_id, quarter).await?;
    if found.side != Side::Council {
        return Err(AccessError::Forbidden.into());
    }
    require(Some(&found.session), Role::CouncilOfficer)?;
    let row = return_row(db, contract_id, quarter).await?.ok_or(ReturnError::Conflict(NOT_WAITING))?;
    let txn = begin_write(db).await?;
    lock_row::<quarterly_return::Entity>(&txn, quarterly_return::Column::Id, row.id).await?;
    let row = quarterly_return::Entity::find_by_id(row.id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    if status_of(&row)? != ReturnStatus::Submitted {
        return Err(ReturnError::Conflict(NOT_WAITING));
    }
    let waiting = lines_in(&txn, row.id, LineStatus::Pending).await?;
    let mut typed = Vec::with_capacity(waiting.len());
    for line in &waiting {
        let rule = QuantityRule { allows_fraction: line.allows_fraction };
        let claimed = Quantity::parse(&line.quantity_typed, rule)
            .map_err(|e| anyhow::anyhow!("submitted line {} holds {:?}: {e}", line.id, line.quantity_typed))?;
        typed.push(TypedDecision {
            line_id: line.id,
            rule,
            claimed,
            choice: field(fields, &decision_field(line.id)).unwrap_or_default().to_owned(),
            quantity: field(fields, &approved_quantity_field(line.id)).unwrap_or_default().to_owned(),
            comment: field(fields, &comment_field(line.id)).unwrap_or_default().to_owned(),
        });
    }
    let decisions = parse_decisions(&typed).map_err(ReturnError::Invalid)?;
    let now = Utc::now();
    let mut recorded = Vec::new();
    for (line_id, decision, comment) in decisions {
        let (line, typed) =
            waiting.iter().zip(&typed).find(|(l, _)| l.id == line_id).expect("decided lines are waiting");
        let (status, approved, kind) = decision.outcome(typed.claimed);
        let mut change: return_line::ActiveModel = line.clone().into();
        change.review_status = Set(status.as_str().to_owned());
        change.approved_quantity = Set(approved.map(|q| q.value().normalize().to_string()));
        change.update(&txn).await?;
        line_review::ActiveModel {
            return_line_id: Set(line.id),
            return_id: Set(row.id),
            kind: Set(kind.as_str().to_owned()),
            quantity: Set(approved.map(|q| q.value().normalize().to_string())),
            comment: Set(comment.clone()),
            by_user_id: Set(found.session.user.id),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        recorded.push(json!({
            "line_id": line.id, "code": line.code, "claimed": line.quantity_typed, "decision": kind.as_str(),
            "approved": approved.map(|q| q.value().normalize().to_string()), "comment": comment,
        }));
    }
    let asked = recorded.iter().any(|d| d["decision"] == ReviewEventKind::InformationRequested.as_str());
    let (row, status) = settle_status(&txn, &row).await?;
    Change::by(&found.session, AuditAction::ReturnLinesDecided, row.id)
        .before(json!({ "status": ReturnStatus::Submitted.as_str() }))
        .after(json!({ "status": status.as_str(), "contract_id": contract_id, "quarter": quarter, "lines": recorded }))
        .record(&txn)
        .await?;
    // The supplier hears of a question at once (it can answer while other lines wait), and of
    // the review once every line is decided.
    if asked {
        super::notifications::review_outcome(&txn, base_url, &found.contract, &row, ReturnStatus::InformationRequested)
            .await?;
    }
    if status == ReturnStatus::Reviewed {
        super::notifications::review_outcome(&txn, base_url, &found.contract, &row, status).await?;
    }
    txn.commit().await?;
    Ok(status)
}

/// The supplier's answers to the council's questions: each answered line (its reply filled in)
/// takes the quantity and narrative as corrected and goes back for review; the contract's
/// officers are told.
pub async fn answer(
    db: &DatabaseConnection,
    base_url: &str,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
    fields: &[(String, String)],
) -> Result<(), ReturnError> {
    let found = contract_quarter(db, session, contract_id, quarter).await?;
    require_supplier(&found)?;
    let row = return_row(db, contract_id, quarter).await?.ok_or(ReturnError::Conflict(NO_RETURN))?;
    let txn = begin_write(db).await?;
    lock_row::<quarterly_return::Entity>(&txn, quarterly_return::Column::Id, row.id).await?;
    let row = quarterly_return::Entity::find_by_id(row.id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    let asked = lines_in(&txn, row.id, LineStatus::InformationRequested).await?;
    if asked.is_empty() {
        return Err(ReturnError::Conflict(NOT_ASKED));
    }
    let typed: Vec<TypedAnswer> = asked
        .iter()
        .map(|line| TypedAnswer {
            line_id: line.id,
            rule: QuantityRule { allows_fraction: line.allows_fraction },
            quantity: field(fields, &quantity_field(line.id)).unwrap_or(&line.quantity_typed).to_owned(),
            narrative: field(fields, &narrative_field(line.id)).unwrap_or(&line.narrative).to_owned(),
            reply: field(fields, &reply_field(line.id)).unwrap_or_default().to_owned(),
        })
        .collect();
    let answers = parse_answers(&typed).map_err(ReturnError::Invalid)?;
    let now = Utc::now();
    let mut recorded = Vec::new();
    for (line_id, quantity, narrative, reply) in answers {
        let line = asked.iter().find(|l| l.id == line_id).expect("answered lines were asked about");
        let quantity_text = quantity.value().normalize().to_string();
        recorded.push(json!({
            "line_id": line.id, "code": line.code, "before": { "quantity": line.quantity_typed },
            "quantity": quantity_text, "narrative_chars": narrative.chars().count(), "reply": reply,
        }));
        let mut change: return_line::ActiveModel = line.clone().into();
        change.quantity_typed = Set(quantity_text.clone());
        change.narrative = Set(narrative);
        change.review_status = Set(LineStatus::Pending.as_str().to_owned());
        change.approved_quantity = Set(None);
        change.update(&txn).await?;
        line_review::ActiveModel {
            return_line_id: Set(line.id),
            return_id: Set(row.id),
            kind: Set(ReviewEventKind::Answered.as_str().to_owned()),
            quantity: Set(Some(quantity_text)),
            comment: Set(reply),
            by_user_id: Set(found.session.user.id),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let (row, status) = settle_status(&txn, &row).await?;
    Change::by(&found.session, AuditAction::ReturnLinesAnswered, row.id)
        .before(json!({ "status": row.status }))
        .after(json!({ "status": status.as_str(), "contract_id": contract_id, "quarter": quarter, "lines": recorded }))
        .record(&txn)
        .await?;
    super::notifications::return_submitted(&txn, base_url, &found.contract, &row, true).await?;
    txn.commit().await?;
    Ok(())
}

// ---- The queue ----------------------------------------------------------------------------

/// The returns of the council's contracts with lines waiting for review, oldest submission
/// first, narrowed by contract, supplier and officer. Council staff only (403 otherwise).
pub async fn queue(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    filters: QueueFilters,
) -> Result<ReviewQueue, ReturnError> {
    let session = require(session, Role::CouncilOfficer)?;
    let contracts = contract::Entity::find()
        .filter(contract::Column::CouncilId.eq(session.user.organisation_id))
        .order_by_asc(contract::Column::Reference)
        .all(db)
        .await?;
    let contract_ids: Vec<i64> = contracts.iter().map(|c| c.id).collect();
    let returns = quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.is_in(contract_ids.clone()))
        .filter(quarterly_return::Column::Status.eq(ReturnStatus::Submitted.as_str()))
        .order_by_asc(quarterly_return::Column::SubmittedAt)
        .order_by_asc(quarterly_return::Column::Id)
        .all(db)
        .await?;
    let mut waiting: BTreeMap<i64, usize> = BTreeMap::new();
    for line in return_line::Entity::find()
        .filter(return_line::Column::ReturnId.is_in(returns.iter().map(|r| r.id)))
        .filter(return_line::Column::ReviewStatus.eq(LineStatus::Pending.as_str()))
        .all(db)
        .await?
    {
        *waiting.entry(line.return_id).or_default() += 1;
    }
    let assignments = contract_officer::Entity::find()
        .filter(contract_officer::Column::ContractId.is_in(contract_ids))
        .all(db)
        .await?;
    let officer_names: BTreeMap<i64, String> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(assignments.iter().map(|a| a.user_id).collect::<BTreeSet<_>>()))
        .order_by_asc(app_user::Column::FullName)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let suppliers = organisation::names_of(db, contracts.iter().map(|c| c.supplier_id)).await?;
    let by_id: BTreeMap<i64, &contract::Model> = contracts.iter().map(|c| (c.id, c)).collect();
    let rows = returns
        .iter()
        .filter_map(|r| {
            let c = by_id.get(&r.contract_id)?;
            let officers: Vec<i64> = assignments.iter().filter(|a| a.contract_id == c.id).map(|a| a.user_id).collect();
            let keep = filters.contract.is_none_or(|id| id == c.id)
                && filters.supplier.is_none_or(|id| id == c.supplier_id)
                && filters.officer.is_none_or(|id| officers.contains(&id));
            keep.then(|| QueuedReturn {
                contract_id: c.id,
                contract_reference: c.reference.clone(),
                supplier_name: suppliers.get(&c.supplier_id).cloned().unwrap_or_default(),
                quarter: r.quarter as u32,
                year: r.year as u32,
                submitted_at: r.submitted_at.map(display_uk_time).unwrap_or_default(),
                lines_waiting: waiting.get(&r.id).copied().unwrap_or(0),
                officers: officers.iter().filter_map(|id| officer_names.get(id).cloned()).collect(),
            })
        })
        .collect();
    let mut supplier_options: Vec<FilterOption> =
        suppliers.iter().map(|(id, name)| FilterOption { id: *id, label: name.clone() }).collect();
    supplier_options.sort_by(|a, b| a.label.cmp(&b.label));
    let mut officer_options: Vec<FilterOption> =
        officer_names.iter().map(|(id, name)| FilterOption { id: *id, label: name.clone() }).collect();
    officer_options.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(ReviewQueue {
        returns: rows,
        filters,
        contracts: contracts
            .iter()
            .map(|c| FilterOption { id: c.id, label: format!("{}: {}", c.reference, c.title) })
            .collect(),
        suppliers: supplier_options,
        officers: officer_options,
    })
}

/// How many of the council's returns wait for review, for the header (council staff only).
pub async fn waiting_count(db: &impl ConnectionTrait, session: &ActiveSession) -> Result<u64, sea_orm::DbErr> {
    let council_contracts = Query::select()
        .column(contract::Column::Id)
        .from(contract::Entity)
        .and_where(contract::Column::CouncilId.eq(session.user.organisation_id))
        .to_owned();
    quarterly_return::Entity::find()
        .filter(quarterly_return::Column::Status.eq(ReturnStatus::Submitted.as_str()))
        .filter(quarterly_return::Column::ContractId.in_subquery(council_contracts))
        .count(db)
        .await
}

// ---- Contract performance -----------------------------------------------------------------

/// The council's thresholds as stored (the defaults, if a stored one does not read back).
pub(crate) fn thresholds_of(council: &organisation::Model) -> Thresholds {
    Thresholds::parse(
        &council.rag_green_percent,
        &council.rag_amber_percent,
        &council.rating_good_percent,
        &council.rating_approaching_percent,
        &council.rating_improvement_percent,
    )
    .unwrap_or_else(|errors| {
        tracing::error!(
            council = council.id,
            ?errors,
            "stored performance thresholds do not read back: using the defaults"
        );
        Thresholds::default()
    })
}

/// The contract's performance as it stands today, and how many lines wait for review.
pub(crate) async fn performance_of(
    db: &impl ConnectionTrait,
    contract: &contract::Model,
    council: &organisation::Model,
    plan: &[CommittedLine],
    quarters: &[Quarter],
) -> Result<(Performance, usize), ReturnError> {
    let returns: BTreeMap<i64, quarterly_return::Model> = quarterly_return::Entity::find()
        .filter(quarterly_return::Column::ContractId.eq(contract.id))
        .filter(quarterly_return::Column::Status.is_in(ReturnStatus::SUBMITTED.map(ReturnStatus::as_str)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let lines = if returns.is_empty() {
        Vec::new()
    } else {
        return_line::Entity::find().filter(return_line::Column::ReturnId.is_in(returns.keys().copied())).all(db).await?
    };
    let mut approved = Vec::new();
    let mut waiting = 0;
    for line in &lines {
        if line.review_status == LineStatus::Pending.as_str() {
            waiting += 1;
        }
        let Some(quantity) = &line.approved_quantity else { continue };
        approved.push(Approved {
            code: line.code.clone(),
            description: line.description.clone(),
            theme: line.theme.clone(),
            unit: line.unit.clone(),
            year: returns.get(&line.return_id).map_or(1, |r| r.year.max(1) as u32),
            quantity: stored_quantity(quantity)?,
            proxy: proxy_of(line.proxy_value.as_deref())?,
            additional: line.additional,
        });
    }
    let committed: Vec<Committed> = plan
        .iter()
        .map(|l| Committed {
            code: l.code.clone(),
            description: l.description.clone(),
            theme: l.theme.clone(),
            unit: l.unit.clone(),
            year: l.year,
            quantity: l.quantity,
            proxy: l.proxy_value,
        })
        .collect();
    let performance =
        Performance::compute(&committed, &approved, quarters, &uk_today().to_string(), thresholds_of(council));
    Ok((performance, waiting))
}

/// A council administrator sets the council's performance thresholds.
pub async fn set_thresholds(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    typed: [&str; 5],
) -> Result<(), ReturnError> {
    let session = require(session, Role::CouncilAdmin)?;
    let thresholds =
        Thresholds::parse(typed[0], typed[1], typed[2], typed[3], typed[4]).map_err(ReturnError::Invalid)?;
    let txn = begin_write(db).await?;
    let council =
        organisation::Entity::find_by_id(session.user.organisation_id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    let before = thresholds_of(&council);
    let mut change: organisation::ActiveModel = council.into();
    change.rag_green_percent = Set(thresholds.rag_green.to_string());
    change.rag_amber_percent = Set(thresholds.rag_amber.to_string());
    change.rating_good_percent = Set(thresholds.rating_good.to_string());
    change.rating_approaching_percent = Set(thresholds.rating_approaching.to_string());
    change.rating_improvement_percent = Set(thresholds.rating_improvement.to_string());
    change.update(&txn).await?;
    Change::by(session, AuditAction::PerformanceThresholdsChanged, session.user.organisation_id)
        .before(json!(before))
        .after(json!(thresholds))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The council's thresholds, for its staff's settings form (`None` for a supplier).
pub async fn council_thresholds(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
) -> Result<Option<Thresholds>, ReturnError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    if !Role::parse(&session.user.role).is_some_and(|r| r.includes(Role::CouncilOfficer)) {
        return Ok(None);
    }
    let council =
        organisation::Entity::find_by_id(session.user.organisation_id).one(db).await?.ok_or(AccessError::NotFound)?;
    Ok(Some(thresholds_of(&council)))
}

/// A return to review: the return page's data, for the contract's council staff only (the
/// supplier's team is refused: 403).
pub async fn review_page(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    contract_id: i64,
    quarter: u32,
    max_file_bytes: u64,
) -> Result<domain::returns::ReturnPage, ReturnError> {
    let found = contract_quarter(db, session, contract_id, quarter).await?;
    if found.side != Side::Council {
        return Err(AccessError::Forbidden.into());
    }
    super::returns::return_page(db, session, contract_id, quarter, max_file_bytes).await
}
