//! Evaluation: after the deadline, council staff see the submitted offers ranked by their
//! scores under the tender's method, and award the tender to one of them.

use chrono::Utc;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};

use super::offers::submission_summary;
use super::sessions::ActiveSession;
use super::tenders::{own_tender, set_status, TenderError};
use crate::calc::{quantitative_score, ScoringMethod, ScoringRule, SvRatio};
use crate::domain::audit::AuditAction;
use crate::domain::form::FieldErrors;
use crate::domain::offers::OfferStatus;
use crate::domain::tenders::{OfferStanding, TenderStatus};
use crate::server::db::{offer, offer_submission, organisation, tender};

/// The tender's submitted offers, if its deadline has passed (offers stay sealed until then),
/// for its council's staff.
pub async fn offers_after_deadline(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    tender_id: i64,
) -> Result<Vec<OfferStanding>, TenderError> {
    let row = own_tender(db, session, tender_id).await?;
    match row.status_at(Utc::now()) {
        TenderStatus::Closed | TenderStatus::Awarded => standings(db, &row).await,
        _ => Ok(Vec::new()),
    }
}

/// The submitted offers with their quantitative scores under the tender's method, best first:
/// three statements whatever the number of offers.
pub async fn standings(db: &impl ConnectionTrait, row: &tender::Model) -> Result<Vec<OfferStanding>, TenderError> {
    let scoring = row.scoring()?;
    let offers = offer::Entity::find()
        .filter(offer::Column::TenderId.eq(row.id))
        .filter(offer::Column::Status.eq(OfferStatus::Submitted.as_str()))
        .order_by_asc(offer::Column::Id)
        .all(db)
        .await?;
    // Each offer's current submission: the newest not withdrawn.
    let submissions = if offers.is_empty() {
        Vec::new()
    } else {
        offer_submission::Entity::find()
            .filter(offer_submission::Column::OfferId.is_in(offers.iter().map(|o| o.id)))
            .filter(offer_submission::Column::WithdrawnAt.is_null())
            .order_by_desc(offer_submission::Column::Id)
            .all(db)
            .await?
    };
    let suppliers = organisation::names_of(db, offers.iter().map(|o| o.supplier_id)).await?;
    let mut list = Vec::with_capacity(offers.len());
    for o in &offers {
        let Some(submission) = submissions.iter().find(|s| s.offer_id == o.id) else { continue };
        let submission = submission_summary(submission, String::new()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        list.push(OfferStanding {
            offer_id: o.id,
            supplier_name: suppliers.get(&o.supplier_id).cloned().unwrap_or_default(),
            reference: submission.reference,
            total: submission.total,
            ratio: submission.ratio,
            quantitative_score: Decimal::ZERO,
        });
    }
    let zero = SvRatio::from_decimal(Decimal::ZERO);
    let best = list.iter().filter_map(|o| o.ratio).max().unwrap_or(zero);
    let method = match scoring.rule {
        ScoringRule::TargetRelative => ScoringMethod::TargetRelative { target: scoring.target },
        ScoringRule::BestRelative => ScoringMethod::BestRelative { best },
    };
    for standing in &mut list {
        standing.quantitative_score =
            quantitative_score(scoring.quantitative_weight(), standing.ratio.unwrap_or(zero), method);
    }
    list.sort_by(|a, b| b.quantitative_score.cmp(&a.quantitative_score).then(b.total.cmp(&a.total)));
    Ok(list)
}

/// Awards a closed tender to one of its submitted offers.
pub async fn award_tender(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    tender_id: i64,
    offer_id: Option<i64>,
) -> Result<(), TenderError> {
    let row = own_tender(db, session, tender_id).await?;
    let session = session.expect("checked by own_tender");
    if row.status_at(Utc::now()) != TenderStatus::Closed {
        return Err(TenderError::WrongStatus(
            "Only a tender whose deadline has passed, not yet awarded, can be awarded.",
        ));
    }
    let standings = standings(db, &row).await?;
    let Some(offer_id) = offer_id.filter(|id| standings.iter().any(|s| s.offer_id == *id)) else {
        return Err(TenderError::Invalid(FieldErrors::one("award", "Choose the offer that wins the contract")));
    };
    let mut change = <tender::ActiveModel as Default>::default();
    change.awarded_at = Set(Some(Utc::now()));
    change.awarded_offer_id = Set(Some(offer_id));
    set_status(db, session, &row, TenderStatus::Awarded, change, AuditAction::TenderAwarded).await
}
