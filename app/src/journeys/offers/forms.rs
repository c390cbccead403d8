//! The offer forms' POST routes (server only), for suppliers. Each is a thin shell over
//! `server::services::offers`, answering refusals through `form_routes::answer`.

use axum::extract::Path;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

use super::{fields, paths};
use crate::journeys::form_routes::{refusal, see_other, sent, Fields, FormRequest};
use crate::server::AppState;
use services::offers;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::START.pattern(), post(start_offer))
        .route(paths::OFFER.pattern(), post(save_offer))
        .route(paths::SUBMIT.pattern(), post(submit_offer))
        .route(paths::WITHDRAW.pattern(), post(withdraw_offer))
}

async fn start_offer(request: FormRequest, Path(tender_id): Path<i64>) -> Response {
    match offers::start_offer(request.db(), request.session(), tender_id).await {
        Ok(offer_id) => see_other(&paths::OFFER.id(offer_id)),
        Err(refused) => refusal(refused.into()),
    }
}

async fn save_offer(request: FormRequest, Path(id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    let to_check = sent(&fields, fields::ACTION, fields::ACTION_CHECK);
    let outcome =
        offers::save_offer(request.db(), request.published(), request.session(), id, &fields).await.map(|_| {
            if to_check {
                see_other(&paths::CHECK.id(id))
            } else {
                see_other(&format!("{}?saved", paths::OFFER.id(id)))
            }
        });
    request.answer(&paths::OFFER.id(id), fields, outcome).await
}

async fn submit_offer(request: FormRequest, Path(id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    let attested = sent(&fields, fields::ATTESTATION, fields::YES);
    let outcome = offers::submit_offer(request.db(), request.published(), request.session(), id, attested)
        .await
        .map(|submission_id| see_other(&paths::RECEIPT.with(&[&id, &submission_id])));
    request.answer(&paths::CHECK.id(id), vec![], outcome).await
}

async fn withdraw_offer(request: FormRequest, Path(id): Path<i64>) -> Response {
    let outcome = offers::withdraw_offer(request.db(), request.published(), request.session(), id)
        .await
        .map(|()| see_other(&format!("{}?withdrawn", paths::OFFER.id(id))));
    request.answer(&paths::OFFER.id(id), vec![], outcome).await
}
