//! The measures framework forms' POST routes, the file import (multipart, with a size limit)
//! and the CSV/XLSX downloads. Each is a thin shell over `app::server::services::frameworks`.

use app::domain::form::PostedForm;
use app::domain::frameworks::{MeasureAnswers, MeasureField, VersionDetailsAnswers};
use app::server::framework_files::{FileFormat, MAX_FILE_BYTES};
use app::server::request::CurrentSession;
use app::server::services::frameworks::{self, FrameworkError};
use app::server::AppState;
use axum::extract::{DefaultBodyLimit, Extension, Multipart, Path, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Form, Router};

use crate::forms::{one_error, refused, show_page, sorry};

/// Form fields as sent, in order (a checkbox list repeats its name).
type Fields = Vec<(String, String)>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/frameworks/{id}/export.csv", download(FileFormat::Csv))
        .route("/frameworks/{id}/export.xlsx", download(FileFormat::Xlsx))
        .route("/manage/new-framework", post(create_draft))
        .route("/manage/frameworks/{id}/details", post(update_details))
        .route("/manage/frameworks/{id}/themes", post(add_theme))
        .route("/manage/frameworks/{id}/themes/{theme_id}", post(rename_theme))
        .route("/manage/frameworks/{id}/themes/{theme_id}/remove", post(remove_theme))
        .route("/manage/frameworks/{id}/add-measure", post(add_measure))
        .route("/manage/frameworks/{id}/measures/{measure_id}", post(change_measure))
        .route("/manage/frameworks/{id}/measures/{measure_id}/remove", post(remove_measure))
        .route("/manage/frameworks/{id}/selection", post(choose_measures))
        .route(
            "/manage/frameworks/{id}/import",
            // The file, plus room for the multipart envelope.
            post(import_file).layer(DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024)),
        )
        .route("/manage/frameworks/{id}/publish", post(publish))
}

fn value(fields: &Fields, name: &str) -> String {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// Where a finished change goes: the draft's page, with a notice.
fn to_draft(id: i64, notice: &str) -> Response {
    Redirect::to(&format!("/manage/frameworks/{id}?{notice}")).into_response()
}

/// The response to a refused change: the page again with the problems, or 403/404/409/500.
async fn answer(
    state: AppState,
    parts: Parts,
    page: &str,
    typed: Fields,
    outcome: Result<Response, FrameworkError>,
) -> Response {
    match outcome {
        Ok(response) => response,
        Err(FrameworkError::Invalid(errors)) => {
            show_page(state, parts, page, PostedForm { values: typed, errors, ..Default::default() }).await
        }
        Err(FrameworkError::FileProblems(file_problems)) => {
            let count = file_problems.len();
            let message = if count == 1 {
                "The file has a problem. Nothing was imported: fix it and import the file again".to_owned()
            } else {
                format!("The file has {count} problems. Nothing was imported: fix them and import the file again")
            };
            let posted = PostedForm { values: vec![], errors: one_error("import-file", message), file_problems };
            show_page(state, parts, page, posted).await
        }
        Err(not_draft @ FrameworkError::NotDraft) => (StatusCode::CONFLICT, not_draft.to_string()).into_response(),
        Err(FrameworkError::Access(error)) => refused(error),
        Err(FrameworkError::Unexpected(error)) => sorry(error),
    }
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

async fn create_draft(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let copy_of = match value(&fields, "copy-of") {
        empty if empty.is_empty() => None,
        id => Some(id.parse::<i64>().unwrap_or(-1)),
    };
    let page = match copy_of {
        Some(id) => format!("/manage/new-framework?copy-of={id}"),
        None => "/manage/new-framework".to_owned(),
    };
    let outcome = frameworks::create_draft(&state.db, current.0.as_ref(), &details_answers(&fields), copy_of)
        .await
        .map(|id| to_draft(id, "saved"));
    answer(state, parts, &page, fields, outcome).await
}

async fn update_details(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let outcome = frameworks::update_details(&state.db, current.0.as_ref(), id, &details_answers(&fields))
        .await
        .map(|()| to_draft(id, "saved"));
    answer(state, parts, &format!("/manage/frameworks/{id}/details"), fields, outcome).await
}

async fn add_theme(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let name = value(&fields, "theme-name");
    let outcome = frameworks::add_theme(&state.db, current.0.as_ref(), id, &name).await.map(|()| to_draft(id, "saved"));
    answer(state, parts, &format!("/manage/frameworks/{id}"), fields, outcome).await
}

async fn rename_theme(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path((id, theme_id)): Path<(i64, i64)>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let name = value(&fields, "name");
    let outcome = frameworks::rename_theme(&state.db, current.0.as_ref(), id, theme_id, &name)
        .await
        .map(|()| to_draft(id, "saved"));
    let typed = vec![(format!("theme-{theme_id}"), name)];
    answer(state, parts, &format!("/manage/frameworks/{id}"), typed, outcome).await
}

async fn remove_theme(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path((id, theme_id)): Path<(i64, i64)>,
    parts: Parts,
) -> Response {
    let outcome =
        frameworks::remove_theme(&state.db, current.0.as_ref(), id, theme_id).await.map(|()| to_draft(id, "saved"));
    answer(state, parts, &format!("/manage/frameworks/{id}"), vec![], outcome).await
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

async fn save_measure(
    state: AppState,
    current: CurrentSession,
    parts: Parts,
    id: i64,
    measure_id: Option<i64>,
    fields: Fields,
) -> Response {
    let outcome = frameworks::save_measure(&state.db, current.0.as_ref(), id, measure_id, &measure_answers(&fields))
        .await
        .map(|_| to_draft(id, "saved"));
    answer(state, parts.clone(), parts.uri.path(), fields, outcome).await
}

async fn add_measure(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    save_measure(state, current, parts, id, None, fields).await
}

async fn change_measure(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path((id, measure_id)): Path<(i64, i64)>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    save_measure(state, current, parts, id, Some(measure_id), fields).await
}

async fn remove_measure(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path((id, measure_id)): Path<(i64, i64)>,
    parts: Parts,
) -> Response {
    let outcome = frameworks::remove_measure(&state.db, current.0.as_ref(), id, measure_id)
        .await
        .map(|()| to_draft(id, "removed"));
    answer(state, parts, &format!("/manage/frameworks/{id}"), vec![], outcome).await
}

async fn choose_measures(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let applying: Vec<i64> =
        fields.iter().filter(|(name, _)| name == "applies").filter_map(|(_, v)| v.parse().ok()).collect();
    let outcome = frameworks::choose_applicable_measures(&state.db, current.0.as_ref(), id, &applying)
        .await
        .map(|()| to_draft(id, "saved"));
    answer(state, parts, &format!("/manage/frameworks/{id}"), vec![], outcome).await
}

async fn import_file(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    multipart: Multipart,
) -> Response {
    let page = format!("/manage/frameworks/{id}");
    let bytes = match read_file_field(multipart).await {
        Ok(bytes) => bytes,
        Err(message) => {
            let outcome = Err(FrameworkError::Invalid(one_error("import-file", message)));
            return answer(state, parts, &page, vec![], outcome).await;
        }
    };
    let outcome =
        frameworks::import_file(&state.db, current.0.as_ref(), id, &bytes).await.map(|_| to_draft(id, "imported"));
    answer(state, parts, &page, vec![], outcome).await
}

/// The uploaded file's bytes, read as they stream in; the route's body limit stops a file that
/// is too large.
async fn read_file_field(mut multipart: Multipart) -> Result<Vec<u8>, String> {
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

async fn publish(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
) -> Response {
    let outcome = frameworks::publish(&state.db, current.0.as_ref(), id)
        .await
        .map(|()| Redirect::to(&format!("/frameworks/{id}?published")).into_response());
    answer(state, parts, &format!("/manage/frameworks/{id}/publish"), vec![], outcome).await
}

/// The route that downloads a version as a file of `format`.
fn download(format: FileFormat) -> MethodRouter<AppState> {
    get(move |State(state): State<AppState>, Extension(current): Extension<CurrentSession>, Path(id): Path<i64>| {
        export(state, current, id, format)
    })
}

async fn export(state: AppState, current: CurrentSession, id: i64, format: FileFormat) -> Response {
    match frameworks::export(&state.db, current.0.as_ref(), id, format).await {
        Ok((file_name, bytes)) => (
            [
                (header::CONTENT_TYPE, format.content_type().to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(FrameworkError::Access(error)) => refused(error),
        Err(other) => sorry(anyhow::anyhow!("{other:?}")),
    }
}
