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
    call(|db, published, _| async move { services::tenders::open_tenders(&db, &published, &filters).await }).await
}

/// A tender: public once open; a draft only for its council's staff.
#[server(endpoint = "tenders/tender")]
pub async fn get_tender(id: i64) -> Result<TenderDetails, AppError> {
    call(move |db, published, session| async move {
        services::tenders::tender_details(&db, &published, session.as_ref(), id).await
    })
    .await
}

/// The council's tenders, for its staff.
#[server(endpoint = "tenders/council")]
pub async fn get_council_tenders() -> Result<Vec<TenderSummary>, AppError> {
    call(|db, published, session| async move { services::tenders::council_tenders(&db, &published, session.as_ref()).await })
        .await
}

/// A tender with its framework's measures, for its council's staff to prepare, and (after the
/// deadline) its offers ranked.
#[server(endpoint = "tenders/editing")]
pub async fn get_tender_for_editing(id: i64) -> Result<TenderEditing, AppError> {
    use services::{evaluation, tenders};
    call(move |db, published, session| async move {
        let mut editing = tenders::tender_for_editing(&db, &published, session.as_ref(), id).await?;
        editing.offers = evaluation::offers_after_deadline(&db, &published, session.as_ref(), id).await?;
        Ok::<_, tenders::TenderError>(editing)
    })
    .await
}

/// The council's published framework versions, which its tenders can use (council staff).
#[server(endpoint = "tenders/framework-choices")]
pub async fn get_framework_choices() -> Result<Vec<FrameworkChoice>, AppError> {
    call(|db, _, session| async move { services::tenders::framework_choices(&db, session.as_ref()).await }).await
}

pub use domain::routes::tenders::paths;

pub use domain::routes::tenders::fields;
