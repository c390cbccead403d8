//! The award and contract form routes (server only): thin shells over the services.

use axum::extract::Path;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

use super::paths;
use crate::domain::contracts::{AWARD_FIELD, AWARD_REASON_FIELD, OFFICER_FIELD, RETURN_DUE_DAYS_FIELD};
use crate::journeys::form_routes::{ids, see_other, value, Fields, FormRequest};
use crate::server::AppState;
use services::{contracts, evaluation};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::AWARD.pattern(), post(award))
        .route(paths::ADD_OFFICER.pattern(), post(add_officer))
        .route(paths::REMOVE_OFFICER.pattern(), post(remove_officer))
        .route(paths::RETURN_DUE_DAYS.pattern(), post(set_return_due_days))
        .route(paths::PERFORMANCE_THRESHOLDS.pattern(), post(set_performance_thresholds))
}

async fn award(request: FormRequest, Path(id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    let offer_id = ids(&fields, AWARD_FIELD).first().copied();
    let base_url = request.state().security.public_url.clone();
    let outcome = evaluation::award_tender(
        request.db(),
        request.published(),
        request.session(),
        id,
        offer_id,
        &value(&fields, AWARD_REASON_FIELD),
        &base_url,
    )
    .await
    .map(|contract_id| see_other(&format!("{}?awarded", paths::CONTRACT.id(contract_id))));
    let page = match offer_id {
        Some(offer_id) => format!("{}?{AWARD_FIELD}={offer_id}", paths::AWARD.id(id)),
        None => format!("{}?{}=yes", paths::AWARD.id(id), super::fields::CHOOSING),
    };
    request.answer(&page, fields, outcome).await
}

async fn add_officer(request: FormRequest, Path(id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    let user_id = ids(&fields, OFFICER_FIELD).first().copied();
    let outcome = contracts::add_officer(request.db(), request.session(), id, user_id)
        .await
        .map(|()| see_other(&format!("{}?officer-added", paths::CONTRACT.id(id))));
    request.answer(&paths::CONTRACT.id(id), fields, outcome).await
}

async fn remove_officer(request: FormRequest, Path((id, user_id)): Path<(i64, i64)>) -> Response {
    let outcome = contracts::remove_officer(request.db(), request.session(), id, user_id)
        .await
        .map(|()| see_other(&format!("{}?officer-removed", paths::CONTRACT.id(id))));
    request.answer(&paths::CONTRACT.id(id), vec![], outcome).await
}

async fn set_return_due_days(request: FormRequest, Form(fields): Form<Fields>) -> Response {
    let outcome =
        contracts::set_return_due_days(request.db(), request.session(), &value(&fields, RETURN_DUE_DAYS_FIELD))
            .await
            .map(|()| see_other(&format!("{}?due-days-saved", paths::CONTRACTS)));
    request.answer(paths::CONTRACTS, fields, outcome).await
}

async fn set_performance_thresholds(request: FormRequest, Form(fields): Form<Fields>) -> Response {
    use crate::domain::performance::{
        RAG_AMBER_FIELD, RAG_GREEN_FIELD, RATING_APPROACHING_FIELD, RATING_GOOD_FIELD, RATING_IMPROVEMENT_FIELD,
    };
    let typed =
        [RAG_GREEN_FIELD, RAG_AMBER_FIELD, RATING_GOOD_FIELD, RATING_APPROACHING_FIELD, RATING_IMPROVEMENT_FIELD]
            .map(|field| value(&fields, field));
    let outcome = services::reviews::set_thresholds(
        request.db(),
        request.session(),
        [&typed[0], &typed[1], &typed[2], &typed[3], &typed[4]],
    )
    .await
    .map(|()| see_other(&format!("{}?thresholds-saved", paths::CONTRACTS)));
    request.answer(paths::CONTRACTS, fields, outcome).await
}
