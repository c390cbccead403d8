//! The tender and offer forms' POST routes. Each is a thin shell over
//! `app::server::services::{tenders, offers}`: on success a redirect (303), after a problem the
//! page again with what was typed and what was wrong.

use app::domain::form::{FieldErrors, PostedForm};
use app::domain::tenders::TenderAnswers;
use app::server::request::CurrentSession;
use app::server::services::offers::{self, OfferError};
use app::server::services::tenders::{self, TenderError};
use app::server::AppState;
use axum::extract::{Extension, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{post, MethodRouter};
use axum::{Form, Router};

use crate::forms::{one_error, refused, show_page, sorry};

/// Form fields as sent, in order (a checkbox list repeats its name).
type Fields = Vec<(String, String)>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/manage/new-tender", post(create_tender))
        .route("/manage/tenders/{id}/details", post(update_tender))
        .route("/manage/tenders/{id}/measures", post(choose_measures))
        .route("/manage/tenders/{id}/open", change_status(StatusChange::Open))
        .route("/manage/tenders/{id}/cancel", change_status(StatusChange::Cancel))
        .route("/manage/tenders/{id}/award", post(award_tender))
        .route("/tenders/{id}/offer", post(start_offer))
        .route("/offers/{id}", post(save_offer))
        .route("/offers/{id}/submit", post(submit_offer))
        .route("/offers/{id}/withdraw", post(withdraw_offer))
}

fn see_other(to: String) -> Response {
    Redirect::to(&to).into_response()
}

/// The page again with the problems (and what was typed), or the refusal's status.
async fn show_problems(state: AppState, parts: Parts, page: &str, values: Fields, errors: FieldErrors) -> Response {
    show_page(state, parts, page, PostedForm { values, errors, ..Default::default() }).await
}

async fn tender_answer(
    state: AppState,
    parts: Parts,
    page: &str,
    typed: Fields,
    outcome: Result<Response, TenderError>,
) -> Response {
    match outcome {
        Ok(response) => response,
        Err(TenderError::Invalid(errors)) => show_problems(state, parts, page, typed, errors).await,
        Err(wrong @ TenderError::WrongStatus(_)) => (StatusCode::CONFLICT, wrong.to_string()).into_response(),
        Err(TenderError::Access(error)) => refused(error),
        Err(TenderError::Unexpected(error)) => sorry(error),
    }
}

async fn offer_answer(
    state: AppState,
    parts: Parts,
    page: &str,
    typed: Fields,
    outcome: Result<Response, OfferError>,
) -> Response {
    match outcome {
        Ok(response) => response,
        Err(OfferError::Invalid(errors)) => show_problems(state, parts, page, typed, errors).await,
        Err(OfferError::Access(error)) => refused(error),
        Err(OfferError::Unexpected(error)) => sorry(error),
        // Too late, or already submitted: the page shows the offer as it stands, and why.
        Err(refusal) => {
            let mut response = show_problems(state, parts, page, vec![], one_error("offer", refusal.to_string())).await;
            *response.status_mut() = StatusCode::CONFLICT;
            response
        }
    }
}

async fn create_tender(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let answers = TenderAnswers::from_fields(&fields);
    let outcome = tenders::create_tender(&state.db, current.0.as_ref(), &answers)
        .await
        .map(|id| see_other(format!("/manage/tenders/{id}?created")));
    tender_answer(state, parts, "/manage/new-tender", fields, outcome).await
}

async fn update_tender(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let answers = TenderAnswers::from_fields(&fields);
    let outcome = tenders::update_tender(&state.db, current.0.as_ref(), id, &answers)
        .await
        .map(|()| see_other(format!("/manage/tenders/{id}?saved")));
    tender_answer(state, parts, &format!("/manage/tenders/{id}/details"), fields, outcome).await
}

fn ids(fields: &Fields, name: &str) -> Vec<i64> {
    fields.iter().filter(|(n, _)| n == name).filter_map(|(_, v)| v.parse().ok()).collect()
}

async fn choose_measures(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let outcome =
        tenders::choose_measures(&state.db, current.0.as_ref(), id, &ids(&fields, "shown"), &ids(&fields, "chosen"))
            .await
            .map(|()| see_other(format!("/manage/tenders/{id}?saved#measures")));
    tender_answer(state, parts, &format!("/manage/tenders/{id}"), vec![], outcome).await
}

/// A tender moving on from its page: opened to bidders, or cancelled.
#[derive(Clone, Copy)]
enum StatusChange {
    Open,
    Cancel,
}

/// The route that makes `change`, then goes back to the tender's page with a notice.
fn change_status(change: StatusChange) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              Extension(current): Extension<CurrentSession>,
              Path(id): Path<i64>,
              parts: Parts| async move {
            let session = current.0.as_ref();
            let (outcome, notice) = match change {
                StatusChange::Open => (tenders::open_tender(&state.db, session, id).await, "opened"),
                StatusChange::Cancel => (tenders::cancel_tender(&state.db, session, id).await, "cancelled"),
            };
            let outcome = outcome.map(|()| see_other(format!("/manage/tenders/{id}?{notice}")));
            tender_answer(state, parts, &format!("/manage/tenders/{id}"), vec![], outcome).await
        },
    )
}

async fn award_tender(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let offer_id = ids(&fields, "award").first().copied();
    let outcome = tenders::award_tender(&state.db, current.0.as_ref(), id, offer_id)
        .await
        .map(|()| see_other(format!("/manage/tenders/{id}?awarded")));
    tender_answer(state, parts, &format!("/manage/tenders/{id}"), vec![], outcome).await
}

async fn start_offer(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
) -> Response {
    match offers::start_offer(&state.db, current.0.as_ref(), id).await {
        Ok(offer_id) => see_other(format!("/offers/{offer_id}")),
        Err(OfferError::Access(error)) => refused(error),
        Err(OfferError::Unexpected(error)) => sorry(error),
        Err(refusal) => (StatusCode::CONFLICT, refusal.to_string()).into_response(),
    }
}

async fn save_offer(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let to_check = fields.iter().any(|(name, value)| name == "action" && value == "check");
    let outcome = offers::save_offer(&state.db, current.0.as_ref(), id, &fields).await.map(|_| {
        if to_check {
            see_other(format!("/offers/{id}/check"))
        } else {
            see_other(format!("/offers/{id}?saved"))
        }
    });
    offer_answer(state, parts, &format!("/offers/{id}"), fields, outcome).await
}

async fn submit_offer(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let attested = fields.iter().any(|(name, value)| name == "attestation" && value == "yes");
    let outcome = offers::submit_offer(&state.db, current.0.as_ref(), id, attested)
        .await
        .map(|submission_id| see_other(format!("/offers/{id}/submissions/{submission_id}")));
    offer_answer(state, parts, &format!("/offers/{id}/check"), vec![], outcome).await
}

async fn withdraw_offer(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
) -> Response {
    let outcome = offers::withdraw_offer(&state.db, current.0.as_ref(), id)
        .await
        .map(|()| see_other(format!("/offers/{id}?withdrawn")));
    offer_answer(state, parts, &format!("/offers/{id}"), vec![], outcome).await
}
