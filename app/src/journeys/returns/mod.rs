//! Quarterly returns: each contract quarter the supplier reports what it delivered against
//! each commitment of that year (and anything additional), with a narrative and evidence files,
//! then submits it through check your answers and two attestations. The council's staff read
//! the same pages; the review itself comes with the review journey.
//!
//! Pages read through the server function below. The return form is one multipart form that
//! posts to the plain route in `forms.rs` (save, add a measure, delete a file, continue), so it
//! works with JavaScript off and files chosen in it are uploaded with it; with JavaScript on, the
//! uploader island sends each file as soon as it is chosen, with its progress. Evidence never
//! passes through a server function: server_fn's multipart has no body limit.

#[cfg(feature = "ssr")]
pub mod forms;
mod guide;
pub(crate) mod pages;

pub use guide::EvidenceGuidePage;
pub use pages::{CheckReturnPage, ReturnPage};

use leptos::prelude::*;

use crate::domain::returns::ReturnPage as ReturnPageData;
use crate::errors::AppError;

/// A quarter's return, for the contract's supplier team and its council's staff.
#[server(endpoint = "returns/return")]
pub async fn get_return(contract_id: i64, quarter: u32) -> Result<ReturnPageData, AppError> {
    let max_file_bytes = expect_context::<crate::server::AppState>().evidence.max_file_bytes;
    crate::page_context::call(move |db, _, session| async move {
        services::returns::return_page(&db, session.as_ref(), contract_id, quarter, max_file_bytes).await
    })
    .await
}

pub use domain::routes::returns::paths;

pub use domain::routes::returns::fields;
