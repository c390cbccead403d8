//! Tenders and offers: the open tenders list, a tender's page, the council staff's pages that
//! prepare and open tenders, and the supplier's offer builder, check-your-answers and receipt.
//!
//! Pages read through the server functions below; forms post to plain routes on the server
//! (`server/src/tender_forms.rs`), so everything works with JavaScript off. The offer builder is
//! an island: its figures are computed live in the browser by the shared calculation code.

mod builder;
mod manage;
mod offer;
mod public;

pub use manage::{ManageTenderPage, ManageTendersPage, TenderDetailsPage};
pub use offer::{CheckOfferPage, OfferPage, ReceiptPage};
pub use public::{TenderPage, TendersPage};

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::call;
use super::{id_param, problem_view};
use crate::domain::tenders::{
    FrameworkChoice, OfferPage as OfferPageData, OfferReceipt, OfferReview, TenderDetails, TenderEditing,
    TenderFilters, TenderSummary,
};
use crate::errors::AppError;

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

/// A tender with its framework's measures, for its council's staff to prepare.
#[server(endpoint = "tenders/editing")]
pub async fn get_tender_for_editing(id: i64) -> Result<TenderEditing, AppError> {
    call(move |db, session| async move {
        crate::server::services::tenders::tender_for_editing(&db, session.as_ref(), id).await
    })
    .await
}

/// The council's published framework versions, which its tenders can use (council staff).
#[server(endpoint = "tenders/framework-choices")]
pub async fn get_framework_choices() -> Result<Vec<FrameworkChoice>, AppError> {
    call(|db, session| async move { crate::server::services::tenders::framework_choices(&db, session.as_ref()).await })
        .await
}

/// An offer, for the supplier that makes it.
#[server(endpoint = "offers/offer")]
pub async fn get_offer(id: i64) -> Result<OfferPageData, AppError> {
    call(move |db, session| async move { crate::server::services::offers::offer_page(&db, session.as_ref(), id).await })
        .await
}

/// The offer as it would be submitted, and what stops it.
#[server(endpoint = "offers/review")]
pub async fn get_offer_review(id: i64) -> Result<OfferReview, AppError> {
    call(move |db, session| async move { crate::server::services::offers::review_offer(&db, session.as_ref(), id).await })
        .await
}

/// A submission's receipt.
#[server(endpoint = "offers/receipt")]
pub async fn get_receipt(id: i64, #[server(default)] submission_id: i64) -> Result<OfferReceipt, AppError> {
    call(move |db, session| async move {
        crate::server::services::offers::receipt(&db, session.as_ref(), id, submission_id).await
    })
    .await
}

/// Saves a draft as typed, from the builder as people type (autosave). The server reads only
/// the quantities and text; it recomputes every figure itself.
#[server(endpoint = "offers/autosave")]
pub async fn autosave_offer(id: i64, #[server(default)] fields: Vec<(String, String)>) -> Result<String, AppError> {
    call(move |db, session| async move {
        crate::server::services::offers::save_offer(&db, session.as_ref(), id, &fields)
            .await
            .map(|saved| saved.saved_at)
    })
    .await
}

/// A loading message, then the page's content or why it cannot be shown.
fn loaded<T, V>(resource: Resource<Result<T, AppError>>, show: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || resource.get().map(|result| match result {
                Err(error) => problem_view(error),
                Ok(value) => show(value).into_any(),
            })}
        </Suspense>
    }
}

/// A resource read by id, or "Page not found" when the address has none.
fn by_id<T, Fut>(id: Option<i64>, read: impl Fn(i64) -> Fut + Send + Sync + 'static) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new(
        move || id,
        move |id| {
            let read = id.map(&read);
            async move {
                match read {
                    Some(read) => read.await,
                    None => Err(AppError::NotFound),
                }
            }
        },
    )
}
