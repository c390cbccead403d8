//! The tender forms' POST routes (server only), for council staff. Each is a thin shell over
//! `server::services::tenders`, answering refusals through `form_routes::answer`.

use axum::extract::Path;
use axum::response::Response;
use axum::routing::{post, MethodRouter};
use axum::{Form, Router};

use super::{fields, paths};
use crate::domain::tenders::TenderAnswers;
use crate::journeys::form_routes::{ids, see_other, Fields, FormRequest};
use crate::server::AppState;
use services::tenders;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::NEW_TENDER.pattern(), post(create_tender))
        .route(paths::DETAILS.pattern(), post(update_tender))
        .route(paths::MEASURES.pattern(), post(choose_measures))
        .route(paths::OPEN.pattern(), change_status(StatusChange::Open))
        .route(paths::CANCEL.pattern(), change_status(StatusChange::Cancel))
}

/// The tender's page with a notice (and, optionally, a place on it).
fn to_tender(id: i64, notice: &str) -> Response {
    see_other(&format!("{}?{notice}", paths::MANAGE.id(id)))
}

async fn create_tender(request: FormRequest, Form(fields): Form<Fields>) -> Response {
    let answers = TenderAnswers::from_fields(&fields);
    let outcome =
        tenders::create_tender(request.db(), request.session(), &answers).await.map(|id| to_tender(id, "created"));
    request.answer(paths::NEW_TENDER.pattern(), fields, outcome).await
}

async fn update_tender(request: FormRequest, Path(id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    let answers = TenderAnswers::from_fields(&fields);
    let outcome =
        tenders::update_tender(request.db(), request.session(), id, &answers).await.map(|()| to_tender(id, "saved"));
    request.answer(&paths::DETAILS.id(id), fields, outcome).await
}

async fn choose_measures(request: FormRequest, Path(id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    let (shown, chosen) = (ids(&fields, fields::SHOWN), ids(&fields, fields::CHOSEN));
    let outcome = tenders::choose_measures(request.db(), request.published(), request.session(), id, &shown, &chosen)
        .await
        .map(|()| to_tender(id, "saved#measures"));
    request.answer(&paths::MANAGE.id(id), vec![], outcome).await
}

/// A tender moving on from its page: opened to bidders, or cancelled.
#[derive(Clone, Copy)]
enum StatusChange {
    Open,
    Cancel,
}

/// The route that makes `change`, then goes back to the tender's page with a notice.
fn change_status(change: StatusChange) -> MethodRouter<AppState> {
    post(move |request: FormRequest, Path(id): Path<i64>| async move {
        let (db, session) = (request.db(), request.session());
        let (outcome, notice) = match change {
            StatusChange::Open => (tenders::open_tender(db, session, id).await, "opened"),
            StatusChange::Cancel => (tenders::cancel_tender(db, session, id).await, "cancelled"),
        };
        let outcome = outcome.map(|()| to_tender(id, notice));
        request.answer(&paths::MANAGE.id(id), vec![], outcome).await
    })
}
