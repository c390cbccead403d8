//! Offers: the supplier's offer builder (an island whose figures are computed live in the
//! browser by the shared calculation code), check-your-answers, submission and receipt.
//!
//! Pages read through the server functions below; forms post to the plain routes in
//! `forms.rs`, so everything works with JavaScript off.

#[cfg(feature = "ssr")]
pub mod forms;
mod offer;
mod your_offers;

pub use offer::{CheckOfferPage, OfferPage, ReceiptPage};
pub use your_offers::YourOffersPage;

use leptos::prelude::*;

use crate::domain::offers::{OfferListRow, OfferPage as OfferPageData, OfferReceipt, OfferReview};
use crate::errors::AppError;
#[cfg(feature = "ssr")]
use crate::page_context::call;

pub use domain::routes::offers::paths;

pub use domain::routes::offers::fields;

/// Every offer of the signed-in person's organisation.
#[server(endpoint = "offers/yours")]
pub async fn get_your_offers() -> Result<Vec<OfferListRow>, AppError> {
    call(move |db, _, session| async move { services::offers::your_offers(&db, session.as_ref()).await }).await
}

/// An offer, for the supplier that makes it.
#[server(endpoint = "offers/offer")]
pub async fn get_offer(id: i64) -> Result<OfferPageData, AppError> {
    call(move |db, published, session| async move {
        services::offers::offer_page(&db, &published, session.as_ref(), id).await
    })
    .await
}

/// The offer as it would be submitted, and what stops it.
#[server(endpoint = "offers/review")]
pub async fn get_offer_review(id: i64) -> Result<OfferReview, AppError> {
    call(move |db, published, session| async move {
        services::offers::review_offer(&db, &published, session.as_ref(), id).await
    })
    .await
}

/// A submission's receipt.
#[server(endpoint = "offers/receipt")]
pub async fn get_receipt(id: i64, #[server(default)] submission_id: i64) -> Result<OfferReceipt, AppError> {
    call(move |db, published, session| async move {
        services::offers::receipt(&db, &published, session.as_ref(), id, submission_id).await
    })
    .await
}

/// Saves a draft as typed, for the builder's autosave (`ui::autosave`). The server reads only the
/// quantities and text; it recomputes every figure itself.
#[cfg(feature = "ssr")]
pub fn draft_saver() -> ui::autosave::DraftSaver {
    ui::autosave::DraftSaver::new(|id, fields| async move {
        call(move |db, published, session| async move {
            services::offers::save_offer(&db, &published, session.as_ref(), id, &fields)
                .await
                .map(|saved| saved.saved_at)
        })
        .await
    })
}
