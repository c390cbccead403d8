//! Tenders: the open tenders list, a tender's page, and the council staff's pages that prepare,
//! open, cancel and award tenders. Offers are the `offers` journey.
//!
//! Pages read through the server functions below; forms post to the plain routes in
//! `forms.rs`, so everything works with JavaScript off.

#[cfg(feature = "ssr")]
pub mod forms;
mod manage;
mod public;

pub use manage::{ManageTenderPage, ManageTendersPage, TenderDetailsPage};
pub use public::{MeasuresByTheme, TenderPage, TenderTerms, TendersPage};

use leptos::prelude::*;

use crate::domain::tenders::{FrameworkChoice, TenderDetails, TenderEditing, TenderFilters, TenderSummary};
use crate::errors::AppError;
#[cfg(feature = "ssr")]
use crate::page_context::call;

/// Open tenders, searched and filtered (public).
#[server(endpoint = "tenders/open")]
pub async fn get_open_tenders(#[server(default)] filters: TenderFilters) -> Result<Vec<TenderSummary>, AppError> {
    call(|db, _| async move { crate::server::services::tenders::open_tenders(&db, &filters).await }).await
}

/// A tender: public once open; a draft only for its council's staff.
#[server(endpoint = "tenders/tender")]
pub async fn get_tender(id: i64) -> Result<TenderDetails, AppError> {
    call(move |db, session| async move {
        crate::server::services::tenders::tender_details(&db, session.as_ref(), id).await
    })
    .await
}

/// The council's tenders, for its staff.
#[server(endpoint = "tenders/council")]
pub async fn get_council_tenders() -> Result<Vec<TenderSummary>, AppError> {
    call(|db, session| async move { crate::server::services::tenders::council_tenders(&db, session.as_ref()).await })
        .await
}

/// A tender with its framework's measures, for its council's staff to prepare, and (after the
/// deadline) its offers ranked.
#[server(endpoint = "tenders/editing")]
pub async fn get_tender_for_editing(id: i64) -> Result<TenderEditing, AppError> {
    use crate::server::services::{evaluation, tenders};
    call(move |db, session| async move {
        let mut editing = tenders::tender_for_editing(&db, session.as_ref(), id).await?;
        editing.offers = evaluation::offers_after_deadline(&db, session.as_ref(), id).await?;
        Ok::<_, tenders::TenderError>(editing)
    })
    .await
}

/// The council's published framework versions, which its tenders can use (council staff).
#[server(endpoint = "tenders/framework-choices")]
pub async fn get_framework_choices() -> Result<Vec<FrameworkChoice>, AppError> {
    call(|db, session| async move { crate::server::services::tenders::framework_choices(&db, session.as_ref()).await })
        .await
}

/// The tender forms' addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::journeys::FormPath;

    pub const NEW_TENDER: FormPath = FormPath("/manage/new-tender");
    pub const MANAGE: FormPath = FormPath("/manage/tenders/{id}");
    pub const DETAILS: FormPath = FormPath("/manage/tenders/{id}/details");
    pub const MEASURES: FormPath = FormPath("/manage/tenders/{id}/measures");
    pub const OPEN: FormPath = FormPath("/manage/tenders/{id}/open");
    pub const CANCEL: FormPath = FormPath("/manage/tenders/{id}/cancel");
}

/// The names of the management forms' fields that the handlers read themselves (the tender's
/// terms are read by `TenderAnswers::from_fields`).
pub mod fields {
    /// The measures listed on the page (a search may hide some), and those ticked.
    pub const SHOWN: &str = "shown";
    pub const CHOSEN: &str = "chosen";
}
