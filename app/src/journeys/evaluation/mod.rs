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
    call(move |db, session| async move {
        crate::server::services::evaluation::evaluation(&db, session.as_ref(), tender_id).await
    })
    .await
}

/// One offer's lines and written answers, with the marks the viewer may see.
#[server(endpoint = "evaluation/offer")]
pub async fn get_offer_evaluation(tender_id: i64, offer_id: i64) -> Result<OfferEvaluation, AppError> {
    call(move |db, session| async move {
        crate::server::services::evaluation::offer_evaluation(&db, session.as_ref(), tender_id, offer_id).await
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
    call(move |db, session| async move {
        crate::server::services::evaluation::line_to_exclude(
            &db,
            session.as_ref(),
            tender_id,
            offer_id,
            measure_id,
            year,
        )
        .await
    })
    .await
}

/// The evaluation's addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::journeys::FormPath;

    /// The side-by-side page.
    pub const EVALUATION: FormPath = FormPath("/manage/tenders/{id}/evaluation");
    /// One offer's page: its lines, written answers and marks.
    pub const OFFER: FormPath = FormPath("/manage/tenders/{id}/evaluation/offers/{offer_id}");
    /// A line's exclusion question page, and where it posts.
    pub const EXCLUDE: FormPath =
        FormPath("/manage/tenders/{id}/evaluation/offers/{offer_id}/lines/{measure_id}/{year}/exclude");
    pub const RESTORE: FormPath =
        FormPath("/manage/tenders/{id}/evaluation/offers/{offer_id}/lines/{measure_id}/{year}/restore");
    pub const MARKS: FormPath = FormPath("/manage/tenders/{id}/evaluation/offers/{offer_id}/marks");
    pub const MODERATION: FormPath = FormPath("/manage/tenders/{id}/evaluation/offers/{offer_id}/moderation");
    pub const SUBMIT_MARKS: FormPath = FormPath("/manage/tenders/{id}/evaluation/submit-marks");
    pub const BECOME_MODERATOR: FormPath = FormPath("/manage/tenders/{id}/evaluation/moderator");
    pub const EXPORT_CSV: FormPath = FormPath("/manage/tenders/{id}/evaluation/export.csv");
    pub const EXPORT_XLSX: FormPath = FormPath("/manage/tenders/{id}/evaluation/export.xlsx");
    pub const GUIDE: &str = "/guides/evaluation";

    /// Every form route, for the access tests: (address, method).
    pub const FORMS: [(FormPath, &str); 8] = [
        (EXCLUDE, "POST"),
        (RESTORE, "POST"),
        (MARKS, "POST"),
        (MODERATION, "POST"),
        (SUBMIT_MARKS, "POST"),
        (BECOME_MODERATOR, "POST"),
        (EXPORT_CSV, "GET"),
        (EXPORT_XLSX, "GET"),
    ];
}

/// The names of the evaluation forms' fields (each answer's mark and reason are
/// `domain::evaluation::{mark_field, reason_field}`).
pub mod fields {
    pub const REASON: &str = "reason";
    pub const COMMENT: &str = "comment";
}
