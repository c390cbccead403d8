//! The offer forms' POST routes (server only), for suppliers. Each is a thin shell over
//! `server::services::offers`, answering refusals through `form_routes::answer`.

use axum::extract::{Extension, Path, State};
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

use super::{fields, paths};
use crate::journeys::form_routes::{answer, refusal, see_other, sent, Fields};
use crate::server::request::CurrentSession;
use crate::server::services::offers;
use crate::server::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::START.pattern(), post(start_offer))
        .route(paths::OFFER.pattern(), post(save_offer))
        .route(paths::SUBMIT.pattern(), post(submit_offer))
        .route(paths::WITHDRAW.pattern(), post(withdraw_offer))
}

async fn start_offer(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(tender_id): Path<i64>,
) -> Response {
    match offers::start_offer(&state.db, current.0.as_ref(), tender_id).await {
        Ok(offer_id) => see_other(&paths::OFFER.id(offer_id)),
        Err(refused) => refusal(refused.into()),
    }
}

async fn save_offer(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let to_check = sent(&fields, fields::ACTION, fields::ACTION_CHECK);
    let outcome = offers::save_offer(&state.db, current.0.as_ref(), id, &fields).await.map(|_| {
        if to_check {
            see_other(&paths::CHECK.id(id))
        } else {
            see_other(&format!("{}?saved", paths::OFFER.id(id)))
        }
    });
    answer(state, parts, &paths::OFFER.id(id), fields, outcome).await
}

async fn submit_offer(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(fields): Form<Fields>,
) -> Response {
    let attested = sent(&fields, fields::ATTESTATION, fields::YES);
    let outcome = offers::submit_offer(&state.db, current.0.as_ref(), id, attested)
        .await
        .map(|submission_id| see_other(&paths::RECEIPT.with(&[&id, &submission_id])));
    answer(state, parts, &paths::CHECK.id(id), vec![], outcome).await
}

async fn withdraw_offer(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(id): Path<i64>,
    parts: Parts,
) -> Response {
    let outcome = offers::withdraw_offer(&state.db, current.0.as_ref(), id)
        .await
        .map(|()| see_other(&format!("{}?withdrawn", paths::OFFER.id(id))));
    answer(state, parts, &paths::OFFER.id(id), vec![], outcome).await
}
