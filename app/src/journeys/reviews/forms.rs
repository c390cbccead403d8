//! The review's form route (server only): a thin shell over `server::services::reviews`.

use axum::extract::Path;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

use super::paths;
use crate::domain::returns::ReturnStatus;
use crate::journeys::form_routes::{see_other, Fields, FormRequest};
use crate::server::AppState;
use services::reviews;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::REVIEW.pattern(), post(decide))
}

/// The officer's decisions: back to the review while lines still wait, else to the queue.
async fn decide(request: FormRequest, Path((id, quarter)): Path<(i64, u32)>, Form(typed): Form<Fields>) -> Response {
    let base_url = request.state().security.public_url.clone();
    let page = paths::REVIEW.with(&[&id, &quarter]);
    let outcome = reviews::decide(request.db(), &base_url, request.session(), id, quarter, &typed).await.map(
        |status| match status {
            ReturnStatus::Submitted => see_other(&format!("{page}?decided")),
            _ => see_other(&format!("{}?reviewed={id}-{quarter}", paths::QUEUE)),
        },
    );
    request.answer(&page, typed, outcome).await
}
