//! The home page's next steps for the signed-in person: a supplier's draft offers and returns
//! due; a council's tenders closing, drafts to finish and (for administrators) draft frameworks.

use std::collections::BTreeSet;

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::sessions::ActiveSession;
use super::tenders::{summaries, TenderError};
use crate::auth::AccessError;
use crate::contract_access::{contract_years, uk_today};
use crate::published::PublishedContent;
use db::{contract, framework_version, offer, organisation, tender};
use domain::accounts::{OrganisationKind, Role};
use domain::contracts::{quarters, QuarterState};
use domain::frameworks::FrameworkStatus;
use domain::next_steps::{CouncilSteps, DraftFramework, DraftOffer, NextSteps, ReturnDue, SupplierSteps};
use domain::offers::OfferStatus;
use domain::returns::ReturnState;
use domain::tenders::TenderStatus;

/// How many tenders closing the council's staff see at once; the rest are on the tenders page.
const CLOSING_SHOWN: usize = 5;

pub async fn next_steps(
    db: &DatabaseConnection,
    published: &PublishedContent,
    session: Option<&ActiveSession>,
) -> Result<NextSteps, TenderError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let role = Role::parse(&session.user.role).ok_or(AccessError::Forbidden)?;
    let organisation_id = session.user.organisation_id;
    Ok(match role.organisation_kind() {
        OrganisationKind::Supplier => NextSteps::Supplier(SupplierSteps {
            draft_offers: draft_offers(db, published, organisation_id).await?,
            returns_due: returns_due(db, organisation_id).await?,
        }),
        OrganisationKind::Council => {
            NextSteps::Council(council_steps(db, published, organisation_id, role == Role::CouncilAdmin).await?)
        }
    })
}

/// The supplier's drafts for tenders still open, soonest deadline first.
async fn draft_offers(
    db: &DatabaseConnection,
    published: &PublishedContent,
    supplier_id: i64,
) -> Result<Vec<DraftOffer>, TenderError> {
    let drafts = offer::Entity::find()
        .filter(offer::Column::SupplierId.eq(supplier_id))
        .filter(offer::Column::Status.eq(OfferStatus::Draft.as_str()))
        .all(db)
        .await?;
    let tenders = tender::Entity::find()
        .filter(tender::Column::Id.is_in(drafts.iter().map(|o| o.tender_id)))
        .filter(tender::Column::Status.eq(TenderStatus::Open.as_str()))
        .filter(tender::Column::Deadline.gt(Utc::now()))
        .order_by_asc(tender::Column::Deadline)
        .all(db)
        .await?;
    let summaries = summaries(db, published, &tenders, Utc::now()).await?;
    Ok(tenders
        .iter()
        .zip(summaries)
        .filter_map(|(row, tender)| {
            let offer = drafts.iter().find(|o| o.tender_id == row.id)?;
            Some(DraftOffer { offer_id: offer.id, tender })
        })
        .collect())
}

/// Each return of the supplier's contracts that is due (its quarter has ended), not yet sent,
/// or sent back with questions: overdue ones first, then by due date.
async fn returns_due(db: &DatabaseConnection, supplier_id: i64) -> Result<Vec<ReturnDue>, TenderError> {
    let contracts = contract::Entity::find().filter(contract::Column::SupplierId.eq(supplier_id)).all(db).await?;
    let council_ids: BTreeSet<i64> = contracts.iter().map(|c| c.council_id).collect();
    let councils = organisation::Entity::find().filter(organisation::Column::Id.is_in(council_ids)).all(db).await?;
    let today = uk_today();
    let mut due = Vec::new();
    // One query per contract: a supplier holds a handful of contracts, not hundreds.
    for row in &contracts {
        let due_days = councils.iter().find(|c| c.id == row.council_id).map_or(30, |c| c.return_due_days.max(1) as u32);
        let contract_quarters = quarters(row.start_date, contract_years(row), due_days, today);
        let states = super::returns::quarter_returns(db, row.id, &contract_quarters)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        for quarter in states {
            let waiting_on_supplier = match quarter.state {
                ReturnState::NotStarted | ReturnState::Draft => quarter.quarter.state == QuarterState::Ended,
                ReturnState::InformationRequested => true,
                ReturnState::NotYetOpen | ReturnState::Submitted | ReturnState::Reviewed => false,
            };
            if waiting_on_supplier {
                due.push(ReturnDue {
                    contract_id: row.id,
                    contract_reference: row.reference.clone(),
                    contract_title: row.title.clone(),
                    quarter: quarter.quarter.number,
                    due: quarter.quarter.return_due.clone(),
                    overdue: quarter.overdue,
                    state: quarter.state,
                });
            }
        }
    }
    due.sort_by(|a, b| b.overdue.cmp(&a.overdue).then_with(|| a.due.cmp(&b.due)));
    Ok(due)
}

async fn council_steps(
    db: &DatabaseConnection,
    published: &PublishedContent,
    council_id: i64,
    is_admin: bool,
) -> Result<CouncilSteps, TenderError> {
    let now = Utc::now();
    let open = tender::Entity::find()
        .filter(tender::Column::CouncilId.eq(council_id))
        .filter(tender::Column::Status.eq(TenderStatus::Open.as_str()))
        .filter(tender::Column::Deadline.gt(now))
        .order_by_asc(tender::Column::Deadline)
        .all(db)
        .await?;
    let open: Vec<_> = open.into_iter().take(CLOSING_SHOWN).collect();
    let drafts = tender::Entity::find()
        .filter(tender::Column::CouncilId.eq(council_id))
        .filter(tender::Column::Status.eq(TenderStatus::Draft.as_str()))
        .order_by_asc(tender::Column::Id)
        .all(db)
        .await?;
    let draft_frameworks = if is_admin {
        framework_version::Entity::find()
            .filter(framework_version::Column::CouncilId.eq(council_id))
            .filter(framework_version::Column::Status.eq(FrameworkStatus::Draft.as_str()))
            .order_by_asc(framework_version::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|v| DraftFramework { id: v.id, name: v.name, version_label: v.version_label })
            .collect()
    } else {
        Vec::new()
    };
    Ok(CouncilSteps {
        closing_tenders: summaries(db, published, &open, now).await?,
        draft_tenders: summaries(db, published, &drafts, now).await?,
        draft_frameworks,
    })
}
