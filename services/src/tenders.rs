//! Tenders: council staff prepare them, choose their measures, open them and cancel them;
//! anyone may read an open one. An open tender closes itself at its deadline (worked out on
//! every read and every change, never trusted from a page). Each change is one transaction with
//! its audit entry.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde_json::json;

use super::audit::{AuditAction, Change};
use super::frameworks::{measures_of_tender_versions, version_measures, FrameworkError};
use super::sessions::ActiveSession;
use super::unexpected_from_db;
use crate::auth::{require, require_member_of, AccessError};
use crate::published::PublishedContent;
use db::{begin_write, contract, framework_version, lock_row, offer, organisation, tender, tender_measure};
use domain::accounts::Role;
use domain::dates::{display_uk_time, uk_time_to_utc};
use domain::errors::AppError;
use domain::form::FieldErrors;
use domain::frameworks::{FrameworkStatus, StoredMeasure};
use domain::offers::{OfferStatus, OfferStatusLine};
use domain::tenders::{
    theme_order, FrameworkChoice, ParsedTender, TenderAnswers, TenderDetails, TenderEditing, TenderFilters,
    TenderStatus, TenderSummary,
};

#[derive(Debug, thiserror::Error)]
pub enum TenderError {
    #[error("some answers need correcting")]
    Invalid(FieldErrors),
    /// The change does not fit the tender's status (e.g. editing an open tender).
    #[error("{0}")]
    WrongStatus(&'static str),
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

unexpected_from_db!(TenderError);

impl From<TenderError> for AppError {
    fn from(error: TenderError) -> AppError {
        match error {
            TenderError::Invalid(errors) => AppError::invalid(errors),
            TenderError::WrongStatus(reason) => AppError::Conflict(reason.to_owned()),
            TenderError::Access(access) => access.into(),
            TenderError::Unexpected(error) => AppError::unexpected(error),
        }
    }
}

impl From<FrameworkError> for TenderError {
    fn from(error: FrameworkError) -> Self {
        match error {
            FrameworkError::Access(access) => TenderError::Access(access),
            other => TenderError::Unexpected(anyhow::anyhow!("{other:?}")),
        }
    }
}

fn invalid(field_id: &str, message: impl ToString) -> TenderError {
    TenderError::Invalid(FieldErrors::one(field_id, message))
}

// ---- Times --------------------------------------------------------------------------------

// ---- Reading ------------------------------------------------------------------------------

/// The council's published framework versions, which its tenders can use, newest first.
pub async fn framework_choices(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
) -> Result<Vec<FrameworkChoice>, TenderError> {
    let session = require(session, Role::CouncilOfficer)?;
    let versions = framework_version::Entity::find()
        .filter(framework_version::Column::CouncilId.eq(session.user.organisation_id))
        .filter(framework_version::Column::Status.eq(FrameworkStatus::Published.as_str()))
        .order_by_desc(framework_version::Column::EffectiveDate)
        .all(db)
        .await?;
    Ok(versions
        .into_iter()
        .map(|v| FrameworkChoice { id: v.id, label: format!("{}, version {}", v.name, v.version_label) })
        .collect())
}

/// The council's tenders, for its staff: drafts first, then by deadline.
pub async fn council_tenders(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
) -> Result<Vec<TenderSummary>, TenderError> {
    let session = require(session, Role::CouncilOfficer)?;
    let rows = tender::Entity::find()
        .filter(tender::Column::CouncilId.eq(session.user.organisation_id))
        .order_by_desc(tender::Column::Deadline)
        .all(db)
        .await?;
    let mut list = summaries(db, published, &rows, Utc::now()).await?;
    list.sort_by_key(|t| t.status != TenderStatus::Draft);
    Ok(list)
}

/// Open tenders (before their deadline), soonest deadline first, searched and filtered.
pub async fn open_tenders(
    db: &DatabaseConnection,
    published: &PublishedContent,
    filters: &TenderFilters,
) -> Result<Vec<TenderSummary>, TenderError> {
    let now = Utc::now();
    let rows = tender::Entity::find()
        .filter(tender::Column::Status.eq(TenderStatus::Open.as_str()))
        .filter(tender::Column::Deadline.gt(now))
        .order_by_asc(tender::Column::Deadline)
        .all(db)
        .await?;
    let summaries = summaries(db, published, &rows, now).await?;
    Ok(rows
        .iter()
        .zip(summaries)
        .filter(|(row, summary)| filters.matches(summary, &row.description, (row.deadline - now).num_days()))
        .map(|(_, summary)| summary)
        .collect())
}

/// A tender as its reader sees it. Drafts exist only for their own council's staff.
pub async fn tender_details(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<TenderDetails, TenderError> {
    let row = tender::Entity::find_by_id(tender_id).one(db).await?.ok_or(AccessError::NotFound)?;
    let is_staff = session.is_some_and(|s| {
        require(Some(s), Role::CouncilOfficer).is_ok() && require_member_of(s, row.council_id).is_ok()
    });
    if row.status == TenderStatus::Draft.as_str() && !is_staff {
        return Err(AccessError::NotFound.into());
    }
    let measures = tender_measures(db, published, &row).await?;
    details(db, session, &row, measures, is_staff).await
}

/// A tender with everything its council's staff need to prepare it.
pub async fn tender_for_editing(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<TenderEditing, TenderError> {
    let row = own_tender(db, session, tender_id).await?;
    let chosen = chosen_measure_ids(db, tender_id).await?;
    let all = version_measures(db, published, row.framework_version_id).await?;
    let measures = all.iter().filter(|m| chosen.contains(&m.id)).cloned().collect();
    let framework_measures = all
        .into_iter()
        .filter(|m| m.measure.applies)
        .map(|m| {
            let is_chosen = chosen.contains(&m.id);
            (m, is_chosen)
        })
        .collect();
    let details = details(db, session, &row, measures, true).await?;
    let open_problems = open_problems(&row, chosen.len(), Utc::now());
    let contract_id = match row.awarded_offer_id {
        Some(_) => contract::Entity::find().filter(contract::Column::TenderId.eq(row.id)).one(db).await?.map(|c| c.id),
        None => None,
    };
    // The offers (after the deadline) are the evaluation service's to add.
    Ok(TenderEditing {
        answers: answers_of(&row),
        details,
        framework_measures,
        open_problems,
        offers: Vec::new(),
        awarded_offer_id: row.awarded_offer_id,
        contract_id,
    })
}

async fn details(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    row: &tender::Model,
    measures: Vec<StoredMeasure>,
    is_staff: bool,
) -> Result<TenderDetails, TenderError> {
    let now = Utc::now();
    let summary = summary(db, row, &measures, now).await?;
    let version = framework_version::Entity::find_by_id(row.framework_version_id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("tender {} names a missing framework version", row.id))?;
    let supplier = session.filter(|s| require(Some(s), Role::SupplierUser).is_ok());
    let own_offer = match supplier {
        Some(s) => offer::Entity::find()
            .filter(offer::Column::TenderId.eq(row.id))
            .filter(offer::Column::SupplierId.eq(s.user.organisation_id))
            .one(db)
            .await?
            .map(|o| OfferStatusLine { offer_id: o.id, status: OfferStatus::parse(&o.status) }),
        None => None,
    };
    Ok(TenderDetails {
        can_offer: supplier.is_some() && summary.status == TenderStatus::Open,
        summary,
        description: row.description.clone(),
        framework_version_id: version.id,
        framework_name: format!("{}, version {}", version.name, version.version_label),
        scoring: row.scoring()?,
        measures,
        can_manage: is_staff,
        own_offer,
    })
}

/// The measures chosen for a tender, in framework order.
pub(crate) async fn tender_measures(
    db: &impl ConnectionTrait,
    published: &PublishedContent,
    row: &tender::Model,
) -> Result<Vec<StoredMeasure>, TenderError> {
    let chosen = chosen_measure_ids(db, row.id).await?;
    Ok(version_measures(db, published, row.framework_version_id)
        .await?
        .into_iter()
        .filter(|m| chosen.contains(&m.id))
        .collect())
}

async fn chosen_measure_ids(db: &impl ConnectionTrait, tender_id: i64) -> Result<BTreeSet<i64>, DbErr> {
    Ok(tender_measure::Entity::find()
        .filter(tender_measure::Column::TenderId.eq(tender_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.measure_id)
        .collect())
}

/// Tenders in a list, each with its council's name and its chosen measures' themes: five
/// statements whatever the list's length.
pub(crate) async fn summaries(
    db: &impl ConnectionTrait,
    published: &PublishedContent,
    rows: &[tender::Model],
    now: DateTime<Utc>,
) -> Result<Vec<TenderSummary>, TenderError> {
    let council_names = organisation::names_of(db, rows.iter().map(|r| r.council_id)).await?;
    let mut chosen: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    if !rows.is_empty() {
        let choices = tender_measure::Entity::find()
            .filter(tender_measure::Column::TenderId.is_in(rows.iter().map(|r| r.id)))
            .all(db)
            .await?;
        for choice in choices {
            chosen.entry(choice.tender_id).or_default().insert(choice.measure_id);
        }
    }
    let versions: BTreeSet<i64> = rows.iter().map(|r| r.framework_version_id).collect();
    let measures = measures_of_tender_versions(db, published, &versions).await?;
    rows.iter()
        .map(|row| {
            let chosen = chosen.remove(&row.id).unwrap_or_default();
            let measures: Vec<StoredMeasure> = measures
                .get(&row.framework_version_id)
                .into_iter()
                .flatten()
                .filter(|m| chosen.contains(&m.id))
                .cloned()
                .collect();
            summary_of(row, council_names.get(&row.council_id).cloned().unwrap_or_default(), &measures, now)
        })
        .collect()
}

/// One tender's summary, from its row and its chosen measures (already loaded).
pub(crate) async fn summary(
    db: &impl ConnectionTrait,
    row: &tender::Model,
    measures: &[StoredMeasure],
    now: DateTime<Utc>,
) -> Result<TenderSummary, TenderError> {
    summary_of(row, council_name(db, row.council_id).await?, measures, now)
}

async fn council_name(db: &impl ConnectionTrait, council_id: i64) -> Result<String, DbErr> {
    Ok(organisation::Entity::find_by_id(council_id).one(db).await?.map(|o| o.name).unwrap_or_default())
}

fn summary_of(
    row: &tender::Model,
    council_name: String,
    measures: &[StoredMeasure],
    now: DateTime<Utc>,
) -> Result<TenderSummary, TenderError> {
    Ok(TenderSummary {
        id: row.id,
        reference: row.reference.clone(),
        title: row.title.clone(),
        council_name,
        contract_value: row.contract_value()?,
        duration_years: row.duration_years as u32,
        start_date: row.start_date.format("%Y-%m-%d").to_string(),
        deadline: display_uk_time(row.deadline),
        status: row.status_at(now),
        measure_count: measures.len(),
        themes: theme_order(measures),
    })
}

fn answers_of(row: &tender::Model) -> TenderAnswers {
    let local = row.deadline.with_timezone(&London);
    TenderAnswers {
        reference: row.reference.clone(),
        title: row.title.clone(),
        description: row.description.clone(),
        contract_value: row.contract_value.clone(),
        duration_years: row.duration_years.to_string(),
        start_day: row.start_date.format("%-d").to_string(),
        start_month: row.start_date.format("%-m").to_string(),
        start_year: row.start_date.format("%Y").to_string(),
        deadline_day: local.format("%-d").to_string(),
        deadline_month: local.format("%-m").to_string(),
        deadline_year: local.format("%Y").to_string(),
        deadline_time: local.format("%H:%M").to_string(),
        framework_version: row.framework_version_id.to_string(),
        target_ratio: row.target_ratio.clone(),
        sv_weighting: row.sv_weighting.clone(),
        quantitative_share: row.quantitative_share.clone(),
        scoring_method: row.scoring_method.clone(),
        marking_scale: row.marking_scale().map(|s| s.descriptors).unwrap_or_default(),
    }
}

fn open_problems(row: &tender::Model, chosen_measures: usize, now: DateTime<Utc>) -> Vec<String> {
    let mut problems = Vec::new();
    if chosen_measures == 0 {
        problems.push("Choose at least one measure for bidders to offer".to_owned());
    }
    if row.deadline <= now {
        problems.push("The deadline has passed: change it to a time in the future".to_owned());
    }
    problems
}

// ---- Changing -----------------------------------------------------------------------------

/// Takes the tender's lock (see `db::lock_row`): changes under one tender happen one at a time.
pub(crate) async fn lock_tender(txn: &impl ConnectionTrait, tender_id: i64) -> Result<(), DbErr> {
    lock_row::<tender::Entity>(txn, tender::Column::Id, tender_id).await
}

/// The tender, if the person is one of its council's staff.
pub(crate) async fn own_tender(
    db: &impl ConnectionTrait,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<tender::Model, TenderError> {
    let session = require(session, Role::CouncilOfficer)?;
    let row = tender::Entity::find_by_id(tender_id).one(db).await?.ok_or(AccessError::NotFound)?;
    require_member_of(session, row.council_id)?;
    Ok(row)
}

const NOT_A_DRAFT: &str = "This tender is open to bidders, so its terms can no longer change.";

async fn own_draft(
    db: &impl ConnectionTrait,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<tender::Model, TenderError> {
    let row = own_tender(db, session, tender_id).await?;
    if row.status != TenderStatus::Draft.as_str() {
        return Err(TenderError::WrongStatus(NOT_A_DRAFT));
    }
    Ok(row)
}

/// Checks the parts of the answers that need the database and the clock.
async fn checked_terms(
    db: &impl ConnectionTrait,
    council_id: i64,
    parsed: &ParsedTender,
) -> Result<(DateTime<Utc>, NaiveDate), TenderError> {
    let mut errors = FieldErrors::default();
    let version = framework_version::Entity::find_by_id(parsed.framework_version_id).one(db).await?;
    if !version.is_some_and(|v| v.status == FrameworkStatus::Published.as_str() && v.council_id == council_id) {
        errors.add("framework-version", "Choose one of your council's published measures frameworks");
    }
    let deadline = uk_time_to_utc(&parsed.deadline_date, parsed.deadline_time);
    match deadline {
        None => errors.add(
            "deadline-time",
            "The clocks go forward that night, so that time does not exist in the UK: enter a time before 1am or from 2am",
        ),
        Some(deadline) if deadline <= Utc::now() => errors.add("deadline", "The deadline must be in the future"),
        Some(_) => {}
    }
    let start_date = NaiveDate::parse_from_str(&parsed.start_date, "%Y-%m-%d")
        .map_err(|e| anyhow::anyhow!("parsed start date {:?}: {e}", parsed.start_date))?;
    match deadline {
        Some(deadline) if errors.is_empty() => Ok((deadline, start_date)),
        _ => Err(TenderError::Invalid(errors)),
    }
}

fn terms_columns(parsed: &ParsedTender, deadline: DateTime<Utc>, start_date: NaiveDate) -> tender::ActiveModel {
    tender::ActiveModel {
        reference: Set(parsed.reference.clone()),
        title: Set(parsed.title.clone()),
        description: Set(parsed.description.clone()),
        contract_value: Set(parsed.contract_value.pounds().normalize().to_string()),
        duration_years: Set(parsed.duration_years as i32),
        start_date: Set(start_date),
        deadline: Set(deadline),
        framework_version_id: Set(parsed.framework_version_id),
        target_ratio: Set(parsed.scoring.target.value().normalize().to_string()),
        sv_weighting: Set(parsed.scoring.sv_weighting.normalize().to_string()),
        quantitative_share: Set(parsed.scoring.quantitative_share.normalize().to_string()),
        scoring_method: Set(parsed.scoring.rule.as_str().to_owned()),
        marking_scale: Set(Some(serde_json::to_string(&parsed.marking_scale).unwrap_or_default())),
        ..Default::default()
    }
}

async fn reference_taken(
    db: &impl ConnectionTrait,
    council_id: i64,
    reference: &str,
    except: Option<i64>,
) -> Result<bool, TenderError> {
    let found = tender::Entity::find()
        .filter(tender::Column::CouncilId.eq(council_id))
        .filter(tender::Column::Reference.eq(reference))
        .one(db)
        .await?;
    Ok(found.is_some_and(|t| Some(t.id) != except))
}

fn audit_terms(row: &tender::Model) -> serde_json::Value {
    json!({
        "reference": row.reference, "title": row.title, "contract_value": row.contract_value,
        "duration_years": row.duration_years, "start_date": row.start_date.to_string(),
        "deadline": row.deadline.to_rfc3339(), "framework_version_id": row.framework_version_id,
        "target_ratio": row.target_ratio, "sv_weighting": row.sv_weighting,
        "quantitative_share": row.quantitative_share, "scoring_method": row.scoring_method, "status": row.status,
        "marking_scale": row.marking_scale,
    })
}

/// Creates a draft tender. Returns its id.
pub async fn create_tender(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    answers: &TenderAnswers,
) -> Result<i64, TenderError> {
    let session = require(session, Role::CouncilOfficer)?;
    let parsed = answers.parse().map_err(TenderError::Invalid)?;
    let council_id = session.user.organisation_id;
    let (deadline, start_date) = checked_terms(db, council_id, &parsed).await?;
    if reference_taken(db, council_id, &parsed.reference, None).await? {
        return Err(invalid(
            "reference",
            "Your council already has a tender with this reference: enter a different one",
        ));
    }
    let txn = begin_write(db).await?;
    let row = tender::ActiveModel {
        council_id: Set(council_id),
        status: Set(TenderStatus::Draft.as_str().to_owned()),
        created_by_user_id: Set(Some(session.user.id)),
        created_at: Set(Utc::now()),
        ..terms_columns(&parsed, deadline, start_date)
    }
    .insert(&txn)
    .await?;
    Change::by(session, AuditAction::TenderCreated, row.id).after(audit_terms(&row)).record(&txn).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Changes a draft's terms. Choosing another framework version clears the chosen measures.
pub async fn update_tender(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    tender_id: i64,
    answers: &TenderAnswers,
) -> Result<(), TenderError> {
    let before = own_draft(db, session, tender_id).await?;
    let parsed = answers.parse().map_err(TenderError::Invalid)?;
    let (deadline, start_date) = checked_terms(db, before.council_id, &parsed).await?;
    if reference_taken(db, before.council_id, &parsed.reference, Some(tender_id)).await? {
        return Err(invalid(
            "reference",
            "Your council already has a tender with this reference: enter a different one",
        ));
    }
    let session = session.expect("checked by own_draft");
    let txn = begin_write(db).await?;
    // Read the terms being replaced after taking the tender's lock, so that the audit entry's
    // "before" is what this change replaced when edits meet, and a tender opened meanwhile is
    // left alone.
    lock_tender(&txn, tender_id).await?;
    let before = tender::Entity::find_by_id(tender_id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    if before.status != TenderStatus::Draft.as_str() {
        txn.rollback().await?;
        return Err(TenderError::WrongStatus(NOT_A_DRAFT));
    }
    if parsed.framework_version_id != before.framework_version_id {
        tender_measure::Entity::delete_many().filter(tender_measure::Column::TenderId.eq(tender_id)).exec(&txn).await?;
    }
    let after = tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(tender_id),
        ..terms_columns(&parsed, deadline, start_date)
    }
    .update(&txn)
    .await?;
    Change::by(session, AuditAction::TenderChanged, tender_id)
        .before(audit_terms(&before))
        .after(audit_terms(&after))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Sets which of the measures shown were chosen; measures not shown (filtered out by a search)
/// keep their choice.
pub async fn choose_measures(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    tender_id: i64,
    shown: &[i64],
    chosen: &[i64],
) -> Result<(), TenderError> {
    let row = own_draft(db, session, tender_id).await?;
    let session = session.expect("checked by own_draft");
    let available: BTreeSet<i64> = version_measures(db, published, row.framework_version_id)
        .await?
        .into_iter()
        .filter(|m| m.measure.applies)
        .map(|m| m.id)
        .collect();
    let txn = begin_write(db).await?;
    lock_tender(&txn, tender_id).await?;
    let before = chosen_measure_ids(&txn, tender_id).await?;
    let shown: BTreeSet<i64> = shown.iter().copied().collect();
    let chosen: BTreeSet<i64> = chosen.iter().copied().filter(|id| available.contains(id)).collect();
    let after: BTreeSet<i64> =
        before.iter().copied().filter(|id| !shown.contains(id)).chain(chosen.iter().copied()).collect();
    tender_measure::Entity::delete_many().filter(tender_measure::Column::TenderId.eq(tender_id)).exec(&txn).await?;
    if !after.is_empty() {
        tender_measure::Entity::insert_many(after.iter().map(|&measure_id| tender_measure::ActiveModel {
            tender_id: Set(tender_id),
            measure_id: Set(measure_id),
            ..Default::default()
        }))
        .exec(&txn)
        .await?;
    }
    Change::by(session, AuditAction::TenderMeasuresChosen, tender_id)
        .before(json!(before))
        .after(json!(after))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Opens a draft to bidders.
pub async fn open_tender(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<(), TenderError> {
    let row = own_draft(db, session, tender_id).await?;
    let session = session.expect("checked by own_draft");
    let chosen = chosen_measure_ids(db, tender_id).await?;
    let problems = open_problems(&row, chosen.len(), Utc::now());
    if let Some(problem) = problems.first() {
        return Err(invalid("open", problem));
    }
    let mut change = <tender::ActiveModel as Default>::default();
    change.opened_at = Set(Some(Utc::now()));
    set_status(db, session, &row, TenderStatus::Open, change, AuditAction::TenderOpened).await
}

/// Cancels a tender that has not been awarded.
pub async fn cancel_tender(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<(), TenderError> {
    let row = own_tender(db, session, tender_id).await?;
    let session = session.expect("checked by own_tender");
    if matches!(row.status_at(Utc::now()), TenderStatus::Awarded | TenderStatus::Cancelled) {
        return Err(TenderError::WrongStatus("This tender has already been awarded or cancelled."));
    }
    let mut change = <tender::ActiveModel as Default>::default();
    change.cancelled_at = Set(Some(Utc::now()));
    set_status(db, session, &row, TenderStatus::Cancelled, change, AuditAction::TenderCancelled).await
}

/// Moves the tender to `status` with the other columns set in `change`, and records it.
pub(crate) async fn set_status(
    db: &DatabaseConnection,
    session: &ActiveSession,
    row: &tender::Model,
    status: TenderStatus,
    mut change: tender::ActiveModel,
    action: AuditAction,
) -> Result<(), TenderError> {
    change.id = sea_orm::ActiveValue::Unchanged(row.id);
    change.status = Set(status.as_str().to_owned());
    let txn = begin_write(db).await?;
    let after = change.update(&txn).await?;
    Change::by(session, action, row.id)
        .before(json!({ "status": row.status }))
        .after(json!({ "status": after.status, "awarded_offer_id": after.awarded_offer_id }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
