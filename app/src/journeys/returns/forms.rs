//! The return's routes (server only): thin shells over `server::services::returns`.
//!
//! Uploads are plain axum multipart routes, never server functions (server_fn 0.8's multipart
//! has no body limit and panics on a malformed boundary). Each file streams to the evidence
//! store as it arrives, checked and hashed on the way, with the size limit enforced per file;
//! the number of parts and the size of each text field are limited too, so a request's size is
//! bounded by what the person may upload.

use axum::body::Body;
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, Path};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};

use super::{fields, paths};
use crate::domain::form::FieldErrors;
use crate::domain::returns::{
    evidence_field, EvidenceFileView, UploadAnswer, ADDITIONAL_MEASURE_FIELD, ATTEST_LINES_FIELD, ATTEST_PERIOD_FIELD,
};
use crate::errors::AppError;
use crate::journeys::form_routes::{ids, refusal, see_other, sent, Fields, FormRequest};
use crate::server::AppState;
use services::evidence::{content_disposition, EvidenceKind, EvidenceRefusal};
use services::returns::{self, ReturnError};

/// The most parts one return form may send (its fields and files).
const MAX_PARTS: usize = 2_000;
/// The most files one post of the return form may carry.
const MAX_FILES_PER_POST: usize = 20;
/// The uploader island's answer to a request that holds no file.
pub const NO_FILE_CHOSEN: &str = "Choose a file to upload";

/// Beside a file input once a post has carried more files than it may.
pub fn too_many_files() -> String {
    format!("Upload {MAX_FILES_PER_POST} files or fewer at a time")
}
/// The most one text field may hold (a narrative is at most 5,000 characters).
const MAX_TEXT_FIELD_BYTES: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::RETURN.pattern(), post(save_return).layer(DefaultBodyLimit::disable()))
        .route(paths::UPLOAD.pattern(), post(upload_one).layer(DefaultBodyLimit::disable()))
        .route(paths::START.pattern(), post(start_return))
        .route(paths::SUBMIT.pattern(), post(submit_return))
        .route(paths::DOWNLOAD.pattern(), get(download))
}

fn return_page(contract_id: i64, quarter: u32) -> String {
    paths::RETURN.with(&[&contract_id, &quarter])
}

async fn start_return(request: FormRequest, Path((id, quarter)): Path<(i64, u32)>) -> Response {
    let outcome = returns::start_return(request.db(), request.session(), id, quarter)
        .await
        .map(|()| see_other(&format!("{}?started", return_page(id, quarter))));
    request.answer(&return_page(id, quarter), vec![], outcome).await
}

async fn submit_return(
    request: FormRequest,
    Path((id, quarter)): Path<(i64, u32)>,
    Form(typed): Form<Fields>,
) -> Response {
    let outcome = returns::submit(
        request.db(),
        &request.state().security.public_url,
        request.session(),
        id,
        quarter,
        sent(&typed, ATTEST_PERIOD_FIELD, "yes"),
        sent(&typed, ATTEST_LINES_FIELD, "yes"),
    )
    .await
    .map(|()| see_other(&format!("{}?submitted", return_page(id, quarter))));
    // Missing attestations are shown on the check page; problems with the lines, on the return.
    let page = match &outcome {
        Err(ReturnError::Invalid(errors)) if errors.0.iter().all(|e| e.field_id.starts_with("attest-")) => {
            paths::CHECK.with(&[&id, &quarter])
        }
        _ => return_page(id, quarter),
    };
    request.answer(&page, typed, outcome).await
}

/// A text part's value, up to the limit.
async fn text_of(mut field: axum::extract::multipart::Field<'_>) -> Result<String, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| AppError::Request(e.body_text()))? {
        if bytes.len() + chunk.len() > MAX_TEXT_FIELD_BYTES {
            return Err(AppError::Request("a field of the form is too long".into()));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| AppError::Request("the form was not sent as UTF-8".into()))
}

/// The return form: saves what was typed, uploads any files chosen in it (JavaScript off), then
/// does what the pressed button asks: save, add a measure, delete a file, or continue to check.
async fn save_return(
    request: FormRequest,
    Path((id, quarter)): Path<(i64, u32)>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    // Who is asking comes first: a visitor who is not signed in is sent to sign in.
    if request.session().is_none() {
        return refusal(AppError::NotSignedIn);
    }
    let mut form = match form {
        Ok(form) => form,
        Err(rejection) => return refusal(AppError::Request(rejection.body_text())),
    };
    let page = return_page(id, quarter);
    let mut typed: Fields = Vec::new();
    let mut file_errors = FieldErrors::default();
    let mut parts = 0;
    let mut files = 0;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return refusal(AppError::Request(error.body_text())),
        };
        parts += 1;
        if parts > MAX_PARTS {
            return refusal(AppError::Request("the form has too many fields".into()));
        }
        let name = field.name().unwrap_or_default().to_owned();
        let Some(file_name) = field.file_name().map(str::to_owned) else {
            match text_of(field).await {
                Ok(text) => typed.push((name, text)),
                Err(error) => return refusal(error),
            }
            continue;
        };
        // A file input left empty still sends a part, with no name and no bytes.
        if file_name.is_empty() {
            continue;
        }
        let Some(line_id) = name.strip_prefix("evidence-").and_then(|l| l.parse::<i64>().ok()) else { continue };
        files += 1;
        if files > MAX_FILES_PER_POST {
            file_errors.add(&evidence_field(line_id), too_many_files());
            continue;
        }
        let target = match returns::upload_target(request.db(), request.session(), line_id).await {
            Ok(target) if target.contract_id == id && target.quarter == quarter => target,
            Ok(_) => return refusal(AppError::NotFound),
            Err(error) => return refusal(error.into()),
        };
        match store_part(&request, target, &file_name, field).await {
            Ok(Ok(_)) => {}
            Ok(Err(refused)) => file_errors.add(&evidence_field(line_id), refusal_message(&file_name, &refused)),
            Err(error) => return refusal(error.into()),
        }
    }
    let outcome = act_on_return(&request, id, quarter, &typed).await;
    let outcome = match (outcome, file_errors.is_empty()) {
        (Ok(_), false) => Err(ReturnError::Invalid(file_errors)),
        (Err(ReturnError::Invalid(mut errors)), false) => {
            errors.0.extend(file_errors.0);
            Err(ReturnError::Invalid(errors))
        }
        (outcome, _) => outcome,
    };
    request.answer(&page, typed, outcome).await
}

/// Streams one file part of the request to the evidence store, for `target`'s line.
async fn store_part(
    request: &FormRequest,
    target: returns::UploadTarget,
    file_name: &str,
    field: Field<'_>,
) -> Result<Result<EvidenceFileView, EvidenceRefusal>, ReturnError> {
    let store = &request.state().evidence;
    returns::upload_evidence(request.db(), store, request.session(), target, file_name, Box::pin(field)).await
}

/// The refusal beside the file input: every refusal names the file, except the size limit's.
pub fn refusal_message(sent_name: &str, refused: &EvidenceRefusal) -> String {
    match refused {
        EvidenceRefusal::TooLarge { .. } => {
            format!("‘{}’ is too large. {refused}", services::evidence::sanitise_file_name(sent_name))
        }
        other => other.to_string(),
    }
}

async fn act_on_return(request: &FormRequest, id: i64, quarter: u32, typed: &Fields) -> Result<Response, ReturnError> {
    let (db, session) = (request.db(), request.session());
    let page = return_page(id, quarter);
    let action = typed.iter().find(|(n, _)| n == fields::ACTION).map(|(_, v)| v.as_str()).unwrap_or(fields::SAVE);
    if action == fields::SEND_ANSWERS {
        let base_url = &request.state().security.public_url;
        services::reviews::answer(db, base_url, session, id, quarter, typed).await?;
        return Ok(see_other(&format!("{page}?answered")));
    }
    returns::save_draft(db, session, id, quarter, typed).await?;
    if action == fields::ADD_MEASURE {
        let measure = ids(typed, ADDITIONAL_MEASURE_FIELD).first().copied();
        returns::add_additional_line(db, session, id, quarter, measure).await?;
        return Ok(see_other(&format!("{page}?measure-added")));
    }
    if let Some(file_id) = action.strip_prefix(fields::DELETE_FILE_PREFIX).and_then(|f| f.parse().ok()) {
        returns::delete_evidence(db, &request.state().evidence, session, id, file_id).await?;
        return Ok(see_other(&format!("{page}?file-deleted")));
    }
    if action == fields::CONTINUE {
        returns::check_ready(db, session, id, quarter).await?;
        return Ok(see_other(&paths::CHECK.with(&[&id, &quarter])));
    }
    Ok(see_other(&format!("{page}?saved")))
}

/// One file for one line, from the uploader island: the answer is JSON (the file's record, or
/// why it was refused) with the matching status.
async fn upload_one(
    request: FormRequest,
    Path(line_id): Path<i64>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let answer = |status: StatusCode, file, problem: Option<String>| {
        (status, Json(UploadAnswer { file, problem })).into_response()
    };
    let target = match returns::upload_target(request.db(), request.session(), line_id).await {
        Ok(target) => target,
        Err(error) => return refused_as_json(error.into()),
    };
    let mut form = match form {
        Ok(form) => form,
        Err(rejection) => return answer(StatusCode::BAD_REQUEST, None, Some(rejection.body_text())),
    };
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => {
                return answer(StatusCode::UNPROCESSABLE_ENTITY, None, Some(NO_FILE_CHOSEN.into()));
            }
            Err(error) => return answer(StatusCode::BAD_REQUEST, None, Some(error.body_text())),
        };
        if field.name() != Some(fields::FILE) || field.file_name().is_none() {
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_owned();
        return match store_part(&request, target, &file_name, field).await {
            Ok(Ok(file)) => answer(StatusCode::OK, Some(file), None),
            Ok(Err(refused)) => {
                // Read what is left of the body, so that the browser hears the answer.
                while let Ok(Some(mut rest)) = form.next_field().await {
                    while let Ok(Some(_)) = rest.chunk().await {}
                }
                answer(StatusCode::UNPROCESSABLE_ENTITY, None, Some(refused.to_string()))
            }
            Err(ReturnError::UploadStopped) => {
                answer(StatusCode::BAD_REQUEST, None, Some(crate::domain::returns::UPLOAD_STOPPED.into()))
            }
            Err(error) => refused_as_json(error.into()),
        };
    }
}

/// A refusal to the uploader island: the error's status, and its safe message as the problem.
fn refused_as_json(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(UploadAnswer { file: None, problem: Some(error.to_string()) })).into_response()
}

/// An evidence file as an attachment, for the contract's supplier team and council staff only.
async fn download(request: FormRequest, Path(file_id): Path<i64>) -> Response {
    let file = match returns::evidence_for_download(request.db(), request.session(), file_id).await {
        Ok(file) => file,
        Err(error) => return refusal(error.into()),
    };
    let stream = match request.state().evidence.open(&file.storage_key).await {
        Ok(stream) => stream,
        Err(error) => return refusal(AppError::unexpected(error)),
    };
    let content_type = EvidenceKind::parse(&file.kind).map_or("application/octet-stream", EvidenceKind::content_type);
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, content_disposition(&file.original_name)),
            (header::CONTENT_LENGTH, file.size_bytes.to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}
