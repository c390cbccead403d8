//! One module per journey: each holds its view and, next to it, the server functions it calls.

pub mod accounts;
pub mod calculator;
pub mod frameworks;
pub mod home;
pub mod not_found;
pub mod tenders;

use leptos::prelude::*;

use crate::errors::AppError;

/// Runs a service for the signed-in person and turns its error into a safe one, with the
/// matching status (for the pages' server functions).
#[cfg(feature = "ssr")]
async fn call<T, E, F, Fut>(service: F) -> Result<T, AppError>
where
    E: Into<AppError>,
    F: FnOnce(sea_orm::DatabaseConnection, Option<crate::server::services::sessions::ActiveSession>) -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{
    let state = expect_context::<crate::server::AppState>();
    let session = crate::server::request::current_session();
    service(state.db.clone(), session).await.map_err(|error| error.into().with_status())
}

/// The `:name` in the page's address, if it is a number.
fn id_param(name: &'static str) -> Option<i64> {
    leptos_router::hooks::use_params_map().with_untracked(|p| p.get(name).and_then(|id| id.parse().ok()))
}

/// What a failed read shows in place of the page's content.
fn problem_view(error: AppError) -> AnyView {
    view! { <p class="govuk-body">{error.to_string()}</p> }.into_any()
}
