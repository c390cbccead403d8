//! The measures framework forms' POST routes (server only), the file import (multipart, with a
//! streamed size limit) and the CSV/XLSX downloads. Each is a thin shell over
//! `server::services::frameworks`, answering refusals through `form_routes::answer`.

use axum::extract::{DefaultBodyLimit, Multipart, Path};
use axum::response::Response;
use axum::routing::{get, post, MethodRouter};
use axum::{Form, Router};

use super::paths;
use crate::domain::form::FieldErrors;
use crate::domain::frameworks::{MeasureAnswers, MeasureField, VersionDetailsAnswers};
use crate::errors::AppError;
use crate::journeys::form_routes::{attachment, ids, refusal, see_other, value, Fields, FormRequest};
use crate::server::AppState;
use services::framework_files::{FileFormat, MAX_FILE_BYTES};
use services::frameworks::{self, IMPORT_FILE_FIELD};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::EXPORT_CSV.pattern(), download(FileFormat::Csv))
        .route(paths::EXPORT_XLSX.pattern(), download(FileFormat::Xlsx))
        .route(paths::NEW_DRAFT.pattern(), post(create_draft))
        .route(paths::DETAILS.pattern(), post(update_details))
        .route(paths::ADD_THEME.pattern(), post(add_theme))
        .route(paths::THEME.pattern(), post(rename_theme))
        .route(paths::REMOVE_THEME.pattern(), post(remove_theme))
        .route(paths::ADD_MEASURE.pattern(), post(add_measure))
        .route(paths::MEASURE.pattern(), post(change_measure))
        .route(paths::REMOVE_MEASURE.pattern(), post(remove_measure))
        .route(paths::SELECTION.pattern(), post(choose_measures))
        .route(
            paths::IMPORT.pattern(),
            // The file, plus room for the multipart envelope.
            post(import_file).layer(DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024)),
        )
        .route(paths::PUBLISH.pattern(), post(publish))
}

/// Where a finished change goes: the draft's page, with a notice.
fn to_draft(id: i64, notice: &str) -> Response {
    see_other(&format!("{}?{notice}", paths::DRAFT.id(id)))
}

fn details_answers(fields: &Fields) -> VersionDetailsAnswers {
    VersionDetailsAnswers {
        name: value(fields, "name"),
        version_label: value(fields, "version-label"),
        effective_day: value(fields, "effective-date-day"),
        effective_month: value(fields, "effective-date-month"),
        effective_year: value(fields, "effective-date-year"),
        local_definition: value(fields, "local-definition"),
        local_postcode_districts: value(fields, "local-postcode-districts"),
    }
}

async fn create_draft(request: FormRequest, Form(fields): Form<Fields>) -> Response {
    let copy_of = match value(&fields, paths::COPY_OF) {
        empty if empty.is_empty() => None,
        id => Some(id.parse::<i64>().unwrap_or(-1)),
    };
    let page = match copy_of {
        Some(id) => format!("{}?{}={id}", paths::NEW_DRAFT.pattern(), paths::COPY_OF),
        None => paths::NEW_DRAFT.pattern().to_owned(),
    };
    let outcome = frameworks::create_draft(request.db(), request.session(), &details_answers(&fields), copy_of)
        .await
        .map(|id| to_draft(id, "saved"));
    request.answer(&page, fields, outcome).await
}

async fn update_details(request: FormRequest, Path(id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    let outcome = frameworks::update_details(request.db(), request.session(), id, &details_answers(&fields))
        .await
        .map(|()| to_draft(id, "saved"));
    request.answer(&paths::DETAILS.id(id), fields, outcome).await
}

async fn add_theme(request: FormRequest, Path(id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    let name = value(&fields, "theme-name");
    let outcome =
        frameworks::add_theme(request.db(), request.session(), id, &name).await.map(|()| to_draft(id, "saved"));
    request.answer(&paths::DRAFT.id(id), fields, outcome).await
}

async fn rename_theme(
    request: FormRequest,
    Path((id, theme_id)): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> Response {
    let name = value(&fields, "name");
    let outcome = frameworks::rename_theme(request.db(), request.session(), id, theme_id, &name)
        .await
        .map(|()| to_draft(id, "saved"));
    let typed = vec![(format!("theme-{theme_id}"), name)];
    request.answer(&paths::DRAFT.id(id), typed, outcome).await
}

async fn remove_theme(request: FormRequest, Path((id, theme_id)): Path<(i64, i64)>) -> Response {
    let outcome =
        frameworks::remove_theme(request.db(), request.session(), id, theme_id).await.map(|()| to_draft(id, "saved"));
    request.answer(&paths::DRAFT.id(id), vec![], outcome).await
}

/// The measure form's answers. Unticked checkboxes are not sent, so they mean "no".
fn measure_answers(fields: &Fields) -> MeasureAnswers {
    let mut answers = MeasureAnswers::default();
    for field in MeasureField::ALL {
        let typed = value(fields, field.id());
        let is_checkbox = matches!(
            field,
            MeasureField::AllowsFraction
                | MeasureField::FirstYearOnly
                | MeasureField::CommunityOffer
                | MeasureField::Applies
        );
        answers.set(field, if is_checkbox && typed.is_empty() { "no".to_owned() } else { typed });
    }
    answers
}

/// Adds a measure (`measure_id` None) or changes one; after a problem, the measure's page again.
async fn save_measure(request: FormRequest, id: i64, measure_id: Option<i64>, fields: Fields) -> Response {
    let outcome = frameworks::save_measure(request.db(), request.session(), id, measure_id, &measure_answers(&fields))
        .await
        .map(|_| to_draft(id, "saved"));
    let page = request.path().to_owned();
    request.answer(&page, fields, outcome).await
}

async fn add_measure(request: FormRequest, Path(id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    save_measure(request, id, None, fields).await
}

async fn change_measure(
    request: FormRequest,
    Path((id, measure_id)): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> Response {
    save_measure(request, id, Some(measure_id), fields).await
}

async fn remove_measure(request: FormRequest, Path((id, measure_id)): Path<(i64, i64)>) -> Response {
    let outcome = frameworks::remove_measure(request.db(), request.session(), id, measure_id)
        .await
        .map(|()| to_draft(id, "removed"));
    request.answer(&paths::DRAFT.id(id), vec![], outcome).await
}

async fn choose_measures(request: FormRequest, Path(id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    let applying = ids(&fields, "applies");
    let outcome = frameworks::choose_applicable_measures(request.db(), request.session(), id, &applying)
        .await
        .map(|()| to_draft(id, "saved"));
    request.answer(&paths::DRAFT.id(id), vec![], outcome).await
}

async fn import_file(request: FormRequest, Path(id): Path<i64>, multipart: Multipart) -> Response {
    let page = paths::DRAFT.id(id);
    let bytes = match read_file_field(multipart).await {
        Ok(bytes) => bytes,
        Err(message) => {
            let outcome: Result<Response, _> = Err(AppError::invalid(FieldErrors::one(IMPORT_FILE_FIELD, message)));
            return request.answer(&page, vec![], outcome).await;
        }
    };
    let outcome =
        frameworks::import_file(request.db(), request.session(), id, &bytes).await.map(|_| to_draft(id, "imported"));
    request.answer(&page, vec![], outcome).await
}

/// The uploaded file's bytes, read as they stream in; the route's body limit stops a file that
/// is too large.
pub async fn read_file_field(mut multipart: Multipart) -> Result<Vec<u8>, String> {
    let too_large = "The file must be smaller than 5 MB".to_owned();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| too_large.clone())? {
        if field.name() != Some("file") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| too_large.clone())? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_FILE_BYTES {
                return Err(too_large);
            }
        }
        if bytes.is_empty() {
            return Err("Choose a CSV or Excel (XLSX) file to import".into());
        }
        return Ok(bytes);
    }
    Err("Choose a CSV or Excel (XLSX) file to import".into())
}

async fn publish(request: FormRequest, Path(id): Path<i64>) -> Response {
    let outcome = frameworks::publish(request.db(), request.session(), id)
        .await
        .map(|()| see_other(&format!("/frameworks/{id}?published")));
    request.answer(&paths::PUBLISH.id(id), vec![], outcome).await
}

/// The route that downloads a version as a file of `format`.
fn download(format: FileFormat) -> MethodRouter<AppState> {
    get(move |request: FormRequest, Path(id): Path<i64>| export(request, id, format))
}

async fn export(request: FormRequest, id: i64, format: FileFormat) -> Response {
    match frameworks::export(request.db(), request.published(), request.session(), id, format).await {
        Ok((file_name, bytes)) => attachment(format.content_type(), &file_name, bytes),
        Err(refused) => refusal(refused.into()),
    }
}
