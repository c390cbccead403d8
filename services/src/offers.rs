//! Offers: one per supplier per tender, edited by any member of the supplier, submitted before
//! the deadline. The server recomputes every figure from the quantities and the framework
//! version's proxy values; a figure sent by a browser is never read.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::audit::{AuditAction, Change};
use super::sessions::ActiveSession;
use super::tenders::{lock_tender, summary, tender_measures, TenderError};
use super::unexpected_from_db;
use crate::auth::{require, require_member_of, AccessError};
use crate::published::PublishedContent;
use calc::SvRatio;
use db::{app_user, begin_write, offer, offer_item, offer_submission, tender};
use domain::accounts::Role;
use domain::dates::display_uk_time;
use domain::errors::AppError;
use domain::form::FieldErrors;
use domain::frameworks::StoredMeasure;
use domain::offers::{
    add_text_problem, answers_from_fields, check_offer, submission_problems, ItemAnswers, OfferAnswers, OfferCheck,
    OfferListRow, OfferOutcome, OfferPage, OfferReceipt, OfferReview, OfferStatus, OfferTerms, SubmissionSummary,
    SubmittedOffer, ATTESTATION_FIELD,
};
use domain::tenders::TenderStatus;

#[derive(Debug, thiserror::Error)]
pub enum OfferError {
    #[error("some answers need correcting")]
    Invalid(FieldErrors),
    /// The tender is closed, cancelled or awarded: its offers no longer change.
    #[error("{}", closed_reason(*.0))]
    Closed(TenderStatus),
    #[error("This offer has been submitted. Withdraw it to change it.")]
    Submitted,
    #[error("This offer has not been submitted.")]
    NotSubmitted,
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

unexpected_from_db!(OfferError);

impl From<OfferError> for AppError {
    fn from(error: OfferError) -> AppError {
        match error {
            OfferError::Invalid(errors) => AppError::invalid(errors),
            OfferError::Access(access) => access.into(),
            OfferError::Unexpected(error) => AppError::unexpected(error),
            refused @ (OfferError::Closed(_) | OfferError::Submitted | OfferError::NotSubmitted) => {
                AppError::Conflict(refused.to_string())
            }
        }
    }
}

impl From<TenderError> for OfferError {
    fn from(error: TenderError) -> Self {
        match error {
            TenderError::Access(access) => OfferError::Access(access),
            TenderError::Unexpected(error) => OfferError::Unexpected(error),
            other => OfferError::Unexpected(anyhow::anyhow!("{other:?}")),
        }
    }
}

fn closed_reason(status: TenderStatus) -> &'static str {
    match status {
        TenderStatus::Cancelled => "This tender has been cancelled, so the offer can no longer change.",
        TenderStatus::Awarded => "This tender has been awarded, so the offer can no longer change.",
        _ => "The deadline for this tender has passed, so the offer can no longer change.",
    }
}

/// An offer with everything needed to check and compute it.
struct Loaded {
    offer: offer::Model,
    tender: tender::Model,
    measures: Vec<StoredMeasure>,
    terms: OfferTerms,
}

impl Loaded {
    fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.tender.status_at(now) == TenderStatus::Open
    }
}

/// The offer, if the person belongs to the supplier that made it; anyone else is told it does
/// not exist.
async fn load(
    db: &impl ConnectionTrait,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    offer_id: i64,
) -> Result<Loaded, OfferError> {
    let session = require(session, Role::SupplierUser)?;
    let offer = offer::Entity::find_by_id(offer_id).one(db).await?.ok_or(AccessError::NotFound)?;
    require_member_of(session, offer.supplier_id)?;
    let tender = tender::Entity::find_by_id(offer.tender_id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("offer {offer_id} names a missing tender"))?;
    let measures = tender_measures(db, published, &tender).await?;
    let terms = OfferTerms {
        contract_value: tender.contract_value()?,
        duration_years: tender.duration_years as u32,
        scoring: tender.scoring()?,
    };
    Ok(Loaded { offer, tender, measures, terms })
}

async fn saved_answers(db: &impl ConnectionTrait, offer_id: i64) -> Result<OfferAnswers, OfferError> {
    let items = offer_item::Entity::find().filter(offer_item::Column::OfferId.eq(offer_id)).all(db).await?;
    let mut answers = OfferAnswers::new();
    for item in items {
        let quantities: BTreeMap<u32, String> = serde_json::from_str(&item.quantities)
            .map_err(|e| anyhow::anyhow!("offer_item {} has bad quantities: {e}", item.id))?;
        answers.insert(item.measure_id, ItemAnswers { quantities, plan: item.plan, response: item.response });
    }
    Ok(answers)
}

/// Makes a transaction's first statement a write to `offer`'s row, so that changes to one offer
/// happen one at a time: PostgreSQL locks the row, and SQLite takes its write lock before any
/// read (a transaction that reads first cannot wait its turn to write, and fails instead).
async fn lock_offer(
    txn: &impl ConnectionTrait,
    offer_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), OfferError> {
    offer::Entity::update_many()
        .col_expr(offer::Column::UpdatedAt, Expr::value(now))
        .col_expr(offer::Column::UpdatedByUserId, Expr::value(user_id))
        .filter(offer::Column::Id.eq(offer_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Opens the transaction for a change to an offer: locks the offer (see `lock_offer`), then
/// checks, on the latest data, that the tender is still open and the offer is `expected`.
async fn begin_change(
    db: &DatabaseConnection,
    loaded: &Loaded,
    user_id: i64,
    expected: OfferStatus,
) -> Result<(DatabaseTransaction, DateTime<Utc>), OfferError> {
    let now = Utc::now();
    let txn = begin_write(db).await?;
    lock_offer(&txn, loaded.offer.id, user_id, now).await?;
    let current = offer::Entity::find_by_id(loaded.offer.id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    let status = loaded.tender.status_at(now);
    let refusal = if status != TenderStatus::Open {
        Some(OfferError::Closed(status))
    } else if current.status != expected.as_str() {
        Some(match expected {
            OfferStatus::Draft => OfferError::Submitted,
            OfferStatus::Submitted => OfferError::NotSubmitted,
        })
    } else {
        None
    };
    match refusal {
        // Give the lock back at once rather than when the connection is next used.
        Some(refusal) => {
            txn.rollback().await?;
            Err(refusal)
        }
        None => Ok((txn, now)),
    }
}

async fn set_status(txn: &DatabaseTransaction, offer_id: i64, status: OfferStatus) -> Result<(), DbErr> {
    offer::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(offer_id),
        status: Set(status.as_str().to_owned()),
        ..Default::default()
    }
    .update(txn)
    .await?;
    Ok(())
}

/// Starts the supplier's offer for an open tender, or finds the one it already has.
pub async fn start_offer(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<i64, OfferError> {
    let session = require(session, Role::SupplierUser)?;
    let tender = tender::Entity::find_by_id(tender_id).one(db).await?.ok_or(AccessError::NotFound)?;
    let supplier_id = session.user.organisation_id;
    if tender.status == TenderStatus::Draft.as_str() {
        return Err(AccessError::NotFound.into());
    }
    let now = Utc::now();
    let txn = begin_write(db).await?;
    // Starts for one tender happen one at a time (a double click makes one offer, not an error).
    lock_tender(&txn, tender_id).await?;
    let existing = offer::Entity::find()
        .filter(offer::Column::TenderId.eq(tender_id))
        .filter(offer::Column::SupplierId.eq(supplier_id))
        .one(&txn)
        .await?;
    if let Some(existing) = existing {
        txn.rollback().await?;
        return Ok(existing.id);
    }
    let status = tender.status_at(now);
    if status != TenderStatus::Open {
        txn.rollback().await?;
        return Err(OfferError::Closed(status));
    }
    let row = offer::ActiveModel {
        tender_id: Set(tender_id),
        supplier_id: Set(supplier_id),
        status: Set(OfferStatus::Draft.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        updated_by_user_id: Set(Some(session.user.id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    Change::by(session, AuditAction::OfferStarted, row.id)
        .after(json!({ "tender_id": tender_id }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The offer's page: its answers so far and its history.
/// Every offer the signed-in person's organisation has made, newest tender first, each with
/// what became of it. Three queries, whatever the number of offers.
pub async fn your_offers(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
) -> Result<Vec<OfferListRow>, OfferError> {
    let session = require(session, Role::SupplierUser)?;
    let offers =
        offer::Entity::find().filter(offer::Column::SupplierId.eq(session.user.organisation_id)).all(db).await?;
    let tenders = tender::Entity::find()
        .filter(tender::Column::Id.is_in(offers.iter().map(|o| o.tender_id)))
        .order_by_desc(tender::Column::Deadline)
        .order_by_desc(tender::Column::Id)
        .all(db)
        .await?;
    let council_names = db::organisation::names_of(db, tenders.iter().map(|t| t.council_id)).await?;
    let now = Utc::now();
    Ok(tenders
        .iter()
        .filter_map(|tender| {
            let offer = offers.iter().find(|o| o.tender_id == tender.id)?;
            let status = OfferStatus::parse(&offer.status);
            let tender_status = tender.status_at(now);
            Some(OfferListRow {
                offer_id: offer.id,
                tender_reference: tender.reference.clone(),
                tender_title: tender.title.clone(),
                council_name: council_names.get(&tender.council_id).cloned().unwrap_or_default(),
                deadline: display_uk_time(tender.deadline),
                status,
                outcome: OfferOutcome::of(status, tender_status, tender.awarded_offer_id == Some(offer.id)),
            })
        })
        .collect())
}

pub async fn offer_page(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    offer_id: i64,
) -> Result<OfferPage, OfferError> {
    let loaded = load(db, published, session, offer_id).await?;
    let answers = saved_answers(db, offer_id).await?;
    page_of(db, published, loaded, answers).await
}

async fn page_of(
    db: &impl ConnectionTrait,
    published: &PublishedContent,
    loaded: Loaded,
    answers: OfferAnswers,
) -> Result<OfferPage, OfferError> {
    let now = Utc::now();
    let status = OfferStatus::parse(&loaded.offer.status);
    let open = loaded.is_open(now);
    let saved_by = match loaded.offer.updated_by_user_id {
        Some(id) => app_user::Entity::find_by_id(id).one(db).await?.map(|u| u.full_name),
        None => None,
    };
    let submissions = submission_history(db, loaded.offer.id).await?;
    let assessment = super::evaluation::assessment_summary(db, published, &loaded.tender, loaded.offer.id).await?;
    let last_saved = (loaded.offer.updated_at > loaded.offer.created_at).then(|| match saved_by {
        Some(name) => format!("{} by {name}", display_uk_time(loaded.offer.updated_at)),
        None => display_uk_time(loaded.offer.updated_at),
    });
    Ok(OfferPage {
        offer_id: loaded.offer.id,
        tender: summary(db, &loaded.tender, &loaded.measures, now).await?,
        terms: loaded.terms,
        measures: loaded.measures,
        answers,
        status,
        editable: open && status == OfferStatus::Draft,
        can_withdraw: open && status == OfferStatus::Submitted,
        last_saved,
        submissions,
        assessment,
    })
}

async fn submission_history(db: &impl ConnectionTrait, offer_id: i64) -> Result<Vec<SubmissionSummary>, OfferError> {
    let rows = offer_submission::Entity::find()
        .filter(offer_submission::Column::OfferId.eq(offer_id))
        .order_by_desc(offer_submission::Column::SubmittedAt)
        .order_by_desc(offer_submission::Column::Id)
        .all(db)
        .await?;
    let submitters: Vec<i64> = rows.iter().map(|r| r.submitted_by_user_id).collect();
    let names: BTreeMap<i64, String> = if submitters.is_empty() {
        BTreeMap::new()
    } else {
        app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(submitters))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.full_name))
            .collect()
    };
    rows.iter()
        .map(|row| submission_summary(row, names.get(&row.submitted_by_user_id).cloned().unwrap_or_default()))
        .collect()
}

/// A stored submission's summary (its total and ratio read back from their exact text).
pub(crate) fn submission_summary(
    row: &offer_submission::Model,
    submitted_by: String,
) -> Result<SubmissionSummary, OfferError> {
    let corrupt = |what: &str| anyhow::anyhow!("offer_submission {} has a bad {what}", row.id);
    Ok(SubmissionSummary {
        id: row.id,
        reference: row.reference.clone(),
        submitted: display_uk_time(row.submitted_at),
        submitted_by,
        withdrawn: row.withdrawn_at.map(display_uk_time),
        total: calc::Money::from_pounds(row.total.parse().map_err(|_| corrupt("total"))?),
        ratio: match &row.ratio {
            Some(ratio) => Some(SvRatio::from_decimal(ratio.parse().map_err(|_| corrupt("ratio"))?)),
            None => None,
        },
    })
}

/// What a save did: when, and the figures and problems the server found.
#[derive(Debug, Clone)]
pub struct Saved {
    pub saved_at: String,
    pub check: OfferCheck,
}

/// Saves a draft as typed (invalid quantities too, so nothing typed is lost) and recomputes its
/// figures. Only the tender's measures are read from the form.
pub async fn save_offer(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    offer_id: i64,
    fields: &[(String, String)],
) -> Result<Saved, OfferError> {
    let loaded = load(db, published, session, offer_id).await?;
    let session = session.expect("checked by load");
    let answers = answers_from_fields(fields, &loaded.measures);
    let too_long = too_long_answers(&answers, &loaded.measures);
    if !too_long.is_empty() {
        return Err(OfferError::Invalid(too_long));
    }
    let (txn, now) = begin_change(db, &loaded, session.user.id, OfferStatus::Draft).await?;
    let before = saved_answers(&txn, offer_id).await?;
    offer_item::Entity::delete_many().filter(offer_item::Column::OfferId.eq(offer_id)).exec(&txn).await?;
    let by_id: BTreeMap<i64, &StoredMeasure> = loaded.measures.iter().map(|m| (m.id, m)).collect();
    let items: Vec<offer_item::ActiveModel> = answers
        .iter()
        .map(|(&measure_id, item)| offer_item::ActiveModel {
            offer_id: Set(offer_id),
            measure_id: Set(measure_id),
            quantities: Set(serde_json::to_string(&item.quantities).unwrap_or_else(|_| "{}".into())),
            plan: Set(item.plan.clone()),
            response: Set(item.response.clone()),
            proxy_value: Set(by_id.get(&measure_id).and_then(|m| m.measure.proxy_value).map(|p| p.to_plain())),
            ..Default::default()
        })
        .collect();
    if !items.is_empty() {
        offer_item::Entity::insert_many(items).exec(&txn).await?;
    }
    if before != answers {
        Change::by(session, AuditAction::OfferSaved, offer_id)
            .before(json!(before))
            .after(json!(answers))
            .record(&txn)
            .await?;
    }
    txn.commit().await?;
    let check = check_offer(&loaded.terms, &loaded.measures, &answers);
    Ok(Saved { saved_at: display_uk_time(now), check })
}

/// Plans and responses over their length: refused before saving, with the rest kept as typed.
fn too_long_answers(answers: &OfferAnswers, measures: &[StoredMeasure]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for measure in measures {
        if let Some(item) = answers.get(&measure.id) {
            add_text_problem(&mut errors, measure, item);
        }
    }
    errors
}

/// The check-your-answers page: the offer as it would be submitted, and what stops it.
pub async fn review_offer(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    offer_id: i64,
) -> Result<OfferReview, OfferError> {
    let loaded = load(db, published, session, offer_id).await?;
    let answers = saved_answers(db, offer_id).await?;
    let check = check_offer(&loaded.terms, &loaded.measures, &answers);
    let offer = SubmittedOffer::build(&loaded.terms, &loaded.measures, &answers, &check);
    let problems = submission_problems(&loaded.measures, &answers, &check);
    Ok(OfferReview { offer, problems, page: page_of(db, published, loaded, answers).await? })
}

/// Submits the saved draft: the server recomputes it, records every line with its proxy value,
/// and writes the submission and its audit entry in one transaction. Returns the submission id.
pub async fn submit_offer(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    offer_id: i64,
    attested: bool,
) -> Result<i64, OfferError> {
    let loaded = load(db, published, session, offer_id).await?;
    let session = session.expect("checked by load");
    let (txn, now) = begin_change(db, &loaded, session.user.id, OfferStatus::Draft).await?;
    let answers = saved_answers(&txn, offer_id).await?;
    let check = check_offer(&loaded.terms, &loaded.measures, &answers);
    let mut problems = submission_problems(&loaded.measures, &answers, &check);
    if !attested {
        problems
            .add(ATTESTATION_FIELD, "Confirm that this offer is accurate and that your organisation can deliver it");
    }
    if !problems.is_empty() {
        txn.rollback().await?;
        return Err(OfferError::Invalid(problems));
    }
    let submitted = SubmittedOffer::build(&loaded.terms, &loaded.measures, &answers, &check);
    let reference = new_reference();
    let row = offer_submission::ActiveModel {
        offer_id: Set(offer_id),
        reference: Set(reference.clone()),
        submitted_at: Set(now),
        submitted_by_user_id: Set(session.user.id),
        withdrawn_at: Set(None),
        withdrawn_by_user_id: Set(None),
        total: Set(submitted.total.pounds().to_string()),
        ratio: Set(submitted.ratio.map(|r| r.value().normalize().to_string())),
        snapshot: Set(serde_json::to_string(&submitted).map_err(|e| anyhow::anyhow!("snapshot: {e}"))?),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    set_status(&txn, offer_id, OfferStatus::Submitted).await?;
    Change::by(session, AuditAction::OfferSubmitted, offer_id)
        .before(json!({ "status": "draft" }))
        .after(json!({ "status": "submitted", "reference": reference, "total": submitted.total.pounds().to_string() }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Withdraws a submitted offer before the deadline: it becomes a draft again and its submission
/// stays in the history, marked withdrawn.
pub async fn withdraw_offer(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    offer_id: i64,
) -> Result<(), OfferError> {
    let loaded = load(db, published, session, offer_id).await?;
    let session = session.expect("checked by load");
    let (txn, now) = begin_change(db, &loaded, session.user.id, OfferStatus::Submitted).await?;
    let latest = offer_submission::Entity::find()
        .filter(offer_submission::Column::OfferId.eq(offer_id))
        .filter(offer_submission::Column::WithdrawnAt.is_null())
        .all(&txn)
        .await?;
    for submission in &latest {
        offer_submission::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(submission.id),
            withdrawn_at: Set(Some(now)),
            withdrawn_by_user_id: Set(Some(session.user.id)),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    set_status(&txn, offer_id, OfferStatus::Draft).await?;
    Change::by(session, AuditAction::OfferWithdrawn, offer_id)
        .before(json!({ "status": "submitted", "references": latest.iter().map(|s| &s.reference).collect::<Vec<_>>() }))
        .after(json!({ "status": "draft" }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A submission's receipt, for the supplier that made it.
pub async fn receipt(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
    offer_id: i64,
    submission_id: i64,
) -> Result<OfferReceipt, OfferError> {
    let loaded = load(db, published, session, offer_id).await?;
    let row = offer_submission::Entity::find_by_id(submission_id)
        .one(db)
        .await?
        .filter(|s| s.offer_id == offer_id)
        .ok_or(AccessError::NotFound)?;
    let submitted_by =
        app_user::Entity::find_by_id(row.submitted_by_user_id).one(db).await?.map(|u| u.full_name).unwrap_or_default();
    let offer: SubmittedOffer =
        serde_json::from_str(&row.snapshot).map_err(|e| anyhow::anyhow!("submission {} snapshot: {e}", row.id))?;
    Ok(OfferReceipt {
        tender: summary(db, &loaded.tender, &loaded.measures, Utc::now()).await?,
        offer_id,
        submission: submission_summary(&row, submitted_by)?,
        offer,
        target: loaded.terms.scoring.target,
        quantitative_weight: loaded.terms.scoring.quantitative_weight(),
    })
}

/// A reference people can read out: "SV-" and 8 characters without look-alikes (no 0/O, 1/I/L).
fn new_reference() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::thread_rng();
    let mut code: String = (0..8).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    code.insert(4, '-');
    format!("SV-{code}")
}
