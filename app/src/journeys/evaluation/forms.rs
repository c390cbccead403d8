//! The evaluation's POST routes and its exports (server only), for the tender's council staff.
//! Each is a thin shell over `server::services::evaluation`.

use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};

use super::{fields, paths};
use crate::journeys::form_routes::{attachment, see_other, value, Fields, FormRequest};
use crate::server::AppState;
use services::evaluation;
use services::evaluation_export;
use services::framework_files::FileFormat;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::EXCLUDE.pattern(), post(exclude_line))
        .route(paths::RESTORE.pattern(), post(restore_line))
        .route(paths::MARKS.pattern(), post(save_marks))
        .route(paths::MODERATION.pattern(), post(moderate))
        .route(paths::SUBMIT_MARKS.pattern(), post(submit_marks))
        .route(paths::BECOME_MODERATOR.pattern(), post(become_moderator))
        .route(paths::EXPORT_CSV.pattern(), get(|r: FormRequest, Path(id): Path<i64>| export(r, id, FileFormat::Csv)))
        .route(paths::EXPORT_XLSX.pattern(), get(|r: FormRequest, Path(id): Path<i64>| export(r, id, FileFormat::Xlsx)))
}

type LinePath = Path<(i64, i64, i64, u32)>;

/// The offer's page, at a place, with a notice.
fn to_offer(id: i64, offer_id: i64, notice: &str, place: &str) -> Response {
    see_other(&format!("{}?{notice}#{place}", paths::OFFER.with(&[&id, &offer_id])))
}

async fn exclude_line(
    request: FormRequest,
    Path((id, offer_id, measure_id, year)): LinePath,
    Form(typed): Form<Fields>,
) -> Response {
    let (reason, comment) = (value(&typed, fields::REASON), value(&typed, fields::COMMENT));
    let outcome = evaluation::exclude_line(
        request.db(),
        request.published(),
        request.session(),
        id,
        offer_id,
        measure_id,
        year,
        &reason,
        &comment,
    )
    .await
    .map(|()| to_offer(id, offer_id, "excluded", "lines"));
    let page = paths::EXCLUDE.with(&[&id, &offer_id, &measure_id, &year]);
    request.answer(&page, typed, outcome).await
}

async fn restore_line(request: FormRequest, Path((id, offer_id, measure_id, year)): LinePath) -> Response {
    let outcome =
        evaluation::restore_line(request.db(), request.published(), request.session(), id, offer_id, measure_id, year)
            .await
            .map(|()| to_offer(id, offer_id, "restored", "lines"));
    let page = paths::OFFER.with(&[&id, &offer_id]);
    request.answer(&page, vec![], outcome).await
}

async fn save_marks(
    request: FormRequest,
    Path((id, offer_id)): Path<(i64, i64)>,
    Form(typed): Form<Fields>,
) -> Response {
    let outcome = evaluation::save_marks(request.db(), request.published(), request.session(), id, offer_id, &typed)
        .await
        .map(|()| to_offer(id, offer_id, "marks-saved", "answers"));
    // (The address is made first: a `&dyn Display` may not be held across the await.)
    let page = paths::OFFER.with(&[&id, &offer_id]);
    request.answer(&page, typed, outcome).await
}

async fn moderate(request: FormRequest, Path((id, offer_id)): Path<(i64, i64)>, Form(typed): Form<Fields>) -> Response {
    let outcome = evaluation::moderate(request.db(), request.published(), request.session(), id, offer_id, &typed)
        .await
        .map(|()| to_offer(id, offer_id, "moderated", "answers"));
    // (The address is made first: a `&dyn Display` may not be held across the await.)
    let page = paths::OFFER.with(&[&id, &offer_id]);
    request.answer(&page, typed, outcome).await
}

async fn submit_marks(request: FormRequest, Path(id): Path<i64>) -> Response {
    let outcome = evaluation::submit_marks(request.db(), request.published(), request.session(), id)
        .await
        .map(|()| see_other(&format!("{}?marks-submitted#marking", paths::EVALUATION.id(id))));
    request.answer(&paths::EVALUATION.id(id), vec![], outcome).await
}

async fn become_moderator(request: FormRequest, Path(id): Path<i64>) -> Response {
    let outcome = evaluation::become_moderator(request.db(), request.published(), request.session(), id)
        .await
        .map(|()| see_other(&format!("{}?moderating#marking", paths::EVALUATION.id(id))));
    request.answer(&paths::EVALUATION.id(id), vec![], outcome).await
}

async fn export(request: FormRequest, id: i64, format: FileFormat) -> Response {
    let rows = evaluation::export_rows(request.db(), request.published(), request.session(), id).await;
    let written = rows.map_err(crate::errors::AppError::from).and_then(|(evaluation, rows)| {
        let bytes = evaluation_export::write(&rows, format).map_err(crate::errors::AppError::unexpected)?;
        Ok((evaluation_export::file_name(&evaluation.reference, format), bytes))
    });
    match written {
        Ok((file_name, bytes)) => attachment(format.content_type(), &file_name, bytes),
        Err(refused) => request.refuse(refused),
    }
}
