//! Reviewing returns: the council's queue of returns waiting for review, the review page where
//! an officer decides each line with a comment, and the guide to reviewing evidence. The
//! supplier's side (decisions, history and answers) is on the return page of the returns
//! journey; the contract's delivered figures, RAG and rating are on the contract page.
//!
//! Pages read through the server functions below; the decisions post to the plain route in
//! `forms.rs`, so everything works with JavaScript off.

#[cfg(feature = "ssr")]
pub mod forms;
mod guide;
mod pages;

pub use guide::ReviewGuidePage;
pub use pages::{ReviewPage, ReviewQueuePage};

use leptos::prelude::*;

use crate::domain::returns::ReturnPage as ReturnPageData;
use crate::domain::reviews::ReviewQueue;
use crate::errors::AppError;

/// The council's returns waiting for review, narrowed by the filters.
#[server(endpoint = "reviews/queue")]
pub async fn get_review_queue(
    contract: Option<i64>,
    supplier: Option<i64>,
    officer: Option<i64>,
) -> Result<ReviewQueue, AppError> {
    let filters = crate::domain::reviews::QueueFilters { contract, supplier, officer };
    crate::page_context::call(move |db, _, session| async move {
        services::reviews::queue(&db, session.as_ref(), filters).await
    })
    .await
}

/// A return to review, for the contract's council staff only.
#[server(endpoint = "reviews/return")]
pub async fn get_review(contract_id: i64, quarter: u32) -> Result<ReturnPageData, AppError> {
    let max_file_bytes = expect_context::<crate::server::AppState>().evidence.max_file_bytes;
    crate::page_context::call(move |db, _, session| async move {
        services::reviews::review_page(&db, session.as_ref(), contract_id, quarter, max_file_bytes).await
    })
    .await
}

pub use domain::routes::reviews::paths;
