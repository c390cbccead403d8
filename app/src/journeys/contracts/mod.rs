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
    call(move |db, session| async move {
        crate::server::services::evaluation::award_check(&db, session.as_ref(), tender_id, offer_id).await
    })
    .await
}

/// The contracts of the viewer's organisation, narrowed by the search; and, for council staff,
/// the days after a quarter ends that returns are due.
#[server(endpoint = "contracts/list")]
pub async fn get_contracts(
    q: String,
) -> Result<(Vec<ContractSummary>, Option<u32>, Option<crate::domain::performance::Thresholds>), AppError> {
    call(move |db, session| async move {
        use crate::server::services::contracts;
        let filters = crate::domain::contracts::ContractFilters { q };
        let list = contracts::contracts(&db, session.as_ref(), &filters).await?;
        let due_days = contracts::return_due_days(&db, session.as_ref()).await?;
        let thresholds = crate::server::services::reviews::council_thresholds(&db, session.as_ref())
            .await
            .map_err(|e| crate::server::services::tenders::TenderError::Unexpected(anyhow::anyhow!("{e:?}")))?;
        Ok::<_, crate::server::services::tenders::TenderError>((list, due_days, thresholds))
    })
    .await
}

/// A contract, for its council's staff and its supplier's team.
#[server(endpoint = "contracts/contract")]
pub async fn get_contract(id: i64) -> Result<ContractPageData, AppError> {
    call(move |db, session| async move {
        crate::server::services::contracts::contract_page(&db, session.as_ref(), id).await
    })
    .await
}

/// The journey's addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::journeys::FormPath;

    /// The award page (GET, with `?offer=`), and where its check-your-answers posts.
    pub const AWARD: FormPath = FormPath("/manage/tenders/{id}/award");
    pub const CONTRACTS: &str = "/contracts";
    pub const CONTRACT: FormPath = FormPath("/contracts/{id}");
    pub const ADD_OFFICER: FormPath = FormPath("/contracts/{id}/officers");
    pub const REMOVE_OFFICER: FormPath = FormPath("/contracts/{id}/officers/{user_id}/remove");
    pub const RETURN_DUE_DAYS: FormPath = FormPath("/contracts/return-due-days");
    pub const PERFORMANCE_THRESHOLDS: FormPath = FormPath("/contracts/performance-thresholds");

    /// Every form route, for the access tests: (address, method).
    pub const FORMS: [(FormPath, &str); 5] = [
        (AWARD, "POST"),
        (ADD_OFFICER, "POST"),
        (REMOVE_OFFICER, "POST"),
        (RETURN_DUE_DAYS, "POST"),
        (PERFORMANCE_THRESHOLDS, "POST"),
    ];
}

/// The names of the journey's form fields that are not the domain's.
pub mod fields {
    /// Sent by the award page's "Continue", so that continuing with no offer chosen is refused.
    pub const CHOOSING: &str = "choosing";
    pub const SEARCH: &str = "q";
}
