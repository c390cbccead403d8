//! Award and contracts: the officer awards a closed tender on a check-your-answers page, which
//! makes the contract and its commitments; the council's staff and the supplier's team then
//! find the contract in their lists, with its terms, officers, commitments and quarters.
//!
//! Pages read through the server functions below; forms post to the plain routes in
//! `forms.rs`, so everything works with JavaScript off.

mod assessment;
mod award;
#[cfg(feature = "ssr")]
pub mod forms;
mod pages;

pub use assessment::AssessmentSummaryView;
pub use award::AwardPage;
pub use pages::{ContractPage, ContractsPage};

use leptos::prelude::*;

use crate::domain::contracts::{AwardCheck, ContractPage as ContractPageData, ContractSummary};
use crate::errors::AppError;
#[cfg(feature = "ssr")]
use crate::page_context::call;

/// The award page for a closed tender: the ranking, and what the chosen offer would make.
#[server(endpoint = "contracts/award")]
pub async fn get_award_check(tender_id: i64, offer_id: Option<i64>) -> Result<AwardCheck, AppError> {
    call(move |db, published, session| async move {
        services::evaluation::award_check(&db, &published, session.as_ref(), tender_id, offer_id).await
    })
    .await
}

/// The contracts of the viewer's organisation, narrowed by the search; and, for council staff,
/// the days after a quarter ends that returns are due.
#[server(endpoint = "contracts/list")]
pub async fn get_contracts(
    q: String,
) -> Result<(Vec<ContractSummary>, Option<u32>, Option<crate::domain::performance::Thresholds>), AppError> {
    call(move |db, _, session| async move {
        use services::contracts;
        let filters = crate::domain::contracts::ContractFilters { q };
        let list = contracts::contracts(&db, session.as_ref(), &filters).await?;
        let due_days = contracts::return_due_days(&db, session.as_ref()).await?;
        let thresholds = services::reviews::council_thresholds(&db, session.as_ref())
            .await
            .map_err(|e| services::tenders::TenderError::Unexpected(anyhow::anyhow!("{e:?}")))?;
        Ok::<_, services::tenders::TenderError>((list, due_days, thresholds))
    })
    .await
}

/// A contract, for its council's staff and its supplier's team.
#[server(endpoint = "contracts/contract")]
pub async fn get_contract(id: i64) -> Result<ContractPageData, AppError> {
    call(move |db, _, session| async move { services::contracts::contract_page(&db, session.as_ref(), id).await }).await
}

pub use domain::routes::contracts::paths;

pub use domain::routes::contracts::fields;
