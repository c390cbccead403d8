//! Who may see a contract, and so its returns and their evidence: its council's staff and its
//! supplier's team; to anyone else it does not exist. Contracts, returns, reviews and
//! notifications all decide it here, so none of them needs another for it.

use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::auth::AccessError;
use crate::sessions::ActiveSession;
use crate::tenders::TenderError;
use db::contract;
use domain::accounts::{OrganisationKind, Role};

/// Which side of a contract the person is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Council,
    Supplier,
}

pub(crate) fn side_of(session: &ActiveSession) -> Result<Side, AccessError> {
    match Role::parse(&session.user.role).map(Role::organisation_kind) {
        Some(OrganisationKind::Council) => Ok(Side::Council),
        Some(OrganisationKind::Supplier) => Ok(Side::Supplier),
        None => Err(AccessError::Forbidden),
    }
}

/// The contract, for its council's staff and its supplier's team; to anyone else it does not
/// exist.
pub(crate) async fn visible_contract(
    db: &impl ConnectionTrait,
    session: Option<&ActiveSession>,
    contract_id: i64,
) -> Result<(contract::Model, Side, ActiveSession), TenderError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let side = side_of(session)?;
    let row = contract::Entity::find_by_id(contract_id).one(db).await?.ok_or(AccessError::NotFound)?;
    let party = match side {
        Side::Council => row.council_id,
        Side::Supplier => row.supplier_id,
    };
    if party != session.user.organisation_id {
        return Err(AccessError::NotFound.into());
    }
    Ok((row, side, session.clone()))
}

/// The contract's length in whole years, from its start and end dates.
pub(crate) fn contract_years(row: &contract::Model) -> u32 {
    (row.end_date.years_since(row.start_date).unwrap_or(0) + 1).max(1)
}

/// Today in the UK (quarters begin and end on UK days).
pub fn uk_today() -> chrono::NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Europe::London).date_naive()
}
