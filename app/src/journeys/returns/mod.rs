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
mod islands;
pub(crate) mod pages;

pub use guide::EvidenceGuidePage;
pub use islands::{DeliveredQuantity, EvidenceUploader};
pub use pages::{CheckReturnPage, ReturnPage};

use leptos::prelude::*;

use crate::domain::returns::ReturnPage as ReturnPageData;
use crate::errors::AppError;

/// A quarter's return, for the contract's supplier team and its council's staff.
#[server(endpoint = "returns/return")]
pub async fn get_return(contract_id: i64, quarter: u32) -> Result<ReturnPageData, AppError> {
    let max_file_bytes = expect_context::<crate::server::AppState>().evidence.max_file_bytes;
    crate::page_context::call(move |db, session| async move {
        crate::server::services::returns::return_page(&db, session.as_ref(), contract_id, quarter, max_file_bytes).await
    })
    .await
}

/// The journey's addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::journeys::FormPath;

    /// A quarter's return page, and where its form posts (multipart: fields and files).
    pub const RETURN: FormPath = FormPath("/contracts/{id}/returns/{quarter}");
    pub const START: FormPath = FormPath("/contracts/{id}/returns/{quarter}/start");
    /// Check your answers (GET), and where its attestations post.
    pub const CHECK: FormPath = FormPath("/contracts/{id}/returns/{quarter}/check");
    pub const SUBMIT: FormPath = FormPath("/contracts/{id}/returns/{quarter}/submit");
    /// One file for one line (the uploader island's requests; the answer is JSON).
    pub const UPLOAD: FormPath = FormPath("/evidence/lines/{line_id}");
    /// A file, as an attachment.
    pub const DOWNLOAD: FormPath = FormPath("/evidence/{file_id}");
    pub const GUIDE: &str = "/guides/evidence";

    /// Every form route, for the access tests: (address, method). (The uploader island's
    /// route answers JSON, and downloads are GETs: both are tested on their own.)
    pub const FORMS: [(FormPath, &str); 3] = [(RETURN, "POST"), (START, "POST"), (SUBMIT, "POST")];
}

/// The names of the journey's form fields that are not the domain's.
pub mod fields {
    /// The return form's buttons: what the post asks for.
    pub const ACTION: &str = "action";
    pub const SAVE: &str = "save";
    pub const CONTINUE: &str = "continue";
    pub const ADD_MEASURE: &str = "add-measure";
    /// Sends the answers to the council's questions (a return with information requested).
    pub const SEND_ANSWERS: &str = "send-answers";
    /// `delete-file-{id}`
    pub const DELETE_FILE_PREFIX: &str = "delete-file-";
    /// The uploader island's file field.
    pub const FILE: &str = "file";
}
