//! Offers: the supplier's offer builder (an island whose figures are computed live in the
//! browser by the shared calculation code), check-your-answers, submission and receipt.
//!
//! Pages read through the server functions below; forms post to the plain routes in
//! `forms.rs`, so everything works with JavaScript off.

mod builder;
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

/// The offer forms' addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::journeys::FormPath;

    /// Every offer the supplier has made, each with its outcome.
    pub const YOUR_OFFERS: &str = "/offers";
    /// Starts (or finds) the supplier's offer for the tender `{id}`.
    pub const START: FormPath = FormPath("/tenders/{id}/offer");
    pub const OFFER: FormPath = FormPath("/offers/{id}");
    pub const CHECK: FormPath = FormPath("/offers/{id}/check");
    pub const SUBMIT: FormPath = FormPath("/offers/{id}/submit");
    pub const WITHDRAW: FormPath = FormPath("/offers/{id}/withdraw");
    pub const RECEIPT: FormPath = FormPath("/offers/{id}/submissions/{submission_id}");
}

/// The names of the offer forms' fields that the handlers read themselves (the quantities,
/// plans and responses are named by `domain::offers::quantity_field` and its neighbours).
pub mod fields {
    /// The button pressed on the builder: save, or save and go on to check.
    pub const ACTION: &str = "action";
    pub const ACTION_SAVE: &str = "save";
    pub const ACTION_CHECK: &str = "check";
    /// The check page's confirmation, sent as `YES` when ticked.
    pub const ATTESTATION: &str = crate::domain::offers::ATTESTATION_FIELD;
    pub const YES: &str = "yes";
}

/// Every offer of the signed-in person's organisation.
#[server(endpoint = "offers/yours")]
pub async fn get_your_offers() -> Result<Vec<OfferListRow>, AppError> {
    call(move |db, session| async move { crate::server::services::offers::your_offers(&db, session.as_ref()).await })
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
