//! Evaluation: after a tender's deadline, its council's staff see the offers side by side with
//! their scores and the working, exclude lines that should not count, mark the written answers
//! independently and moderate them, and export it all for the procurement file. Suppliers see
//! none of it.
//!
//! Pages read through the server functions below; forms post to the plain routes in
//! `forms.rs`, so everything works with JavaScript off.

#[cfg(feature = "ssr")]
pub mod forms;
mod guide;
mod pages;

pub use guide::EvaluationGuidePage;
pub use pages::{EvaluationPage, ExcludeLinePage, OfferEvaluationPage};

use leptos::prelude::*;

use crate::domain::evaluation::{Evaluation, LineToExclude, OfferEvaluation};
use crate::errors::AppError;
#[cfg(feature = "ssr")]
use crate::page_context::call;

/// A tender's offers side by side with their scores (its council's staff, after the deadline).
#[server(endpoint = "evaluation/tender")]
pub async fn get_evaluation(tender_id: i64) -> Result<Evaluation, AppError> {
    call(move |db, published, session| async move {
        services::evaluation::evaluation(&db, &published, session.as_ref(), tender_id).await
    })
    .await
}

/// One offer's lines and written answers, with the marks the viewer may see.
#[server(endpoint = "evaluation/offer")]
pub async fn get_offer_evaluation(tender_id: i64, offer_id: i64) -> Result<OfferEvaluation, AppError> {
    call(move |db, published, session| async move {
        services::evaluation::offer_evaluation(&db, &published, session.as_ref(), tender_id, offer_id).await
    })
    .await
}

/// A submitted line, for its exclusion question page.
#[server(endpoint = "evaluation/line")]
pub async fn get_line_to_exclude(
    tender_id: i64,
    offer_id: i64,
    measure_id: i64,
    year: u32,
) -> Result<LineToExclude, AppError> {
    call(move |db, published, session| async move {
        services::evaluation::line_to_exclude(&db, &published, session.as_ref(), tender_id, offer_id, measure_id, year)
            .await
    })
    .await
}

pub use domain::routes::evaluation::paths;

pub use domain::routes::evaluation::fields;
