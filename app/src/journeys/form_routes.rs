//! What every journey's form routes share (server only). A form route works the same with
//! JavaScript on or off: on success it redirects (303); after a problem it shows the page again
//! with what was typed and what was wrong. Each is a thin shell over a service, and answers a
//! refusal through `answer`, the one mapping from the error vocabulary to a response.

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Router;
use leptos::prelude::provide_context;

use crate::domain::form::{FieldErrors, PostedForm};
use crate::errors::AppError;
use crate::server::request::{CurrentPendingSignIn, CurrentSession};
use crate::server::AppState;
use services::sessions::{ActiveSession, PendingSignIn};

/// Form fields as sent, in order (a checkbox list repeats its name).
pub type Fields = Vec<(String, String)>;

/// The field under which a conflict's reason is shown (the error summary links to the page).
pub const CONFLICT_FIELD: &str = "main-content";

/// Every journey's form routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(super::accounts::forms::router())
        .merge(super::accounts::two_factor_forms::router())
        .merge(super::frameworks::forms::router())
        .merge(super::tenders::forms::router())
        .merge(super::offers::forms::router())
        .merge(super::evaluation::forms::router())
        .merge(super::contracts::forms::router())
        .merge(super::returns::forms::router())
        .merge(super::reviews::forms::router())
}

/// What a form route needs of its request: the state, who is asking, and the request itself
/// (to show its page again after a problem).
pub struct FormRequest {
    state: AppState,
    session: Option<ActiveSession>,
    pending: Option<PendingSignIn>,
    parts: Parts,
}

impl FromRequestParts<AppState> for FormRequest {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<FormRequest, Infallible> {
        let session = parts.extensions.get::<CurrentSession>().and_then(|current| current.0.clone());
        let pending = parts.extensions.get::<CurrentPendingSignIn>().and_then(|current| current.0.clone());
        Ok(FormRequest { state: state.clone(), session, pending, parts: parts.clone() })
    }
}

impl FormRequest {
    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn db(&self) -> &sea_orm::DatabaseConnection {
        &self.state.db
    }

    /// The published frameworks' content, kept in memory (see `services::published`).
    pub fn published(&self) -> &services::published::PublishedContent {
        &self.state.published
    }

    /// The signed-in person, if any: the services decide what they may do.
    pub fn session(&self) -> Option<&ActiveSession> {
        self.session.as_ref()
    }

    /// A sign-in waiting for its second factor, for the two-factor forms only.
    pub fn pending_sign_in(&self) -> Option<&PendingSignIn> {
        self.pending.as_ref()
    }

    /// The browser's User-Agent, to name the session it starts.
    pub fn user_agent(&self) -> Option<&str> {
        self.parts.headers.get(http::header::USER_AGENT).and_then(|value| value.to_str().ok())
    }

    /// The client's address (behind trusted proxies, as they report it).
    pub fn client_address(&self) -> String {
        self.parts
            .extensions
            .get::<crate::server::request::ClientAddress>()
            .map(|client| client.0.clone())
            .unwrap_or_else(|| "unknown".into())
    }

    /// The address the form was posted to.
    pub fn path(&self) -> &str {
        self.parts.uri.path()
    }

    /// Renders `page` as this form's answer, with what `provide` puts in its context.
    pub async fn render(self, page: &str, provide: impl Fn() + Clone + Send + Sync + 'static) -> Response {
        render_page(self.state, self.parts, page, provide).await
    }

    /// A refusal with no page to show again (see `refusal_of`).
    pub fn refuse(&self, error: AppError) -> Response {
        refusal_of(&self.parts, error)
    }

    /// The route's answer (see `answer`), showing `page` again after a problem.
    pub async fn answer<E: Into<AppError>>(self, page: &str, typed: Fields, outcome: Result<Response, E>) -> Response {
        answer(self.state, self.parts, page, typed, outcome).await
    }
}

/// The first value sent for `name`, or "".
pub fn value(fields: &Fields, name: &str) -> String {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// Every value sent for `name` that is a number (a checkbox list of ids).
pub fn ids(fields: &Fields, name: &str) -> Vec<i64> {
    fields.iter().filter(|(n, _)| n == name).filter_map(|(_, v)| v.parse().ok()).collect()
}

/// Whether `name` was sent with `value` (a ticked box, the button pressed).
pub fn sent(fields: &Fields, name: &str, value: &str) -> bool {
    fields.iter().any(|(n, v)| n == name && v == value)
}

/// A file to download: never cached, since it holds the organisation's own records.
pub fn attachment(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    use axum::http::header;
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A form route's answer. A success is the handler's own response. A refusal, through the one
/// vocabulary:
/// - invalid answers: `page` again with what was `typed` and what was wrong (200, as GOV.UK
///   services do);
/// - a conflict: `page` again as the record now stands, with the reason (409);
/// - sign in first: the sign-in page (a redirect, for a browser without JavaScript), which a
///   GET (a download) comes back to;
/// - anything else: its status (403, 404, 500) and its safe message.
pub async fn answer<E: Into<AppError>>(
    state: AppState,
    parts: Parts,
    page: &str,
    typed: Fields,
    outcome: Result<Response, E>,
) -> Response {
    let error = match outcome {
        Ok(response) => return response,
        Err(error) => error.into(),
    };
    match error {
        AppError::Invalid { errors, file_problems } => {
            show_page(state, parts, page, PostedForm { values: typed, errors, file_problems }).await
        }
        AppError::Conflict(reason) => {
            let posted = PostedForm { errors: FieldErrors::one(CONFLICT_FIELD, reason), ..Default::default() };
            let mut response = show_page(state, parts, page, posted).await;
            *response.status_mut() = StatusCode::CONFLICT;
            response
        }
        other => refusal_of(&parts, other),
    }
}

/// A refusal of the request in `parts`: as `refusal`, except that a GET (a download) asked for
/// signed out comes back to itself after sign-in. A POST cannot be repeated, so it does not.
pub fn refusal_of(parts: &Parts, error: AppError) -> Response {
    match error {
        AppError::NotSignedIn if parts.method == axum::http::Method::GET => {
            let this_page = parts.uri.path_and_query().map(|p| p.as_str());
            Redirect::to(&crate::page_context::returning_to("/sign-in", this_page)).into_response()
        }
        other => refusal(other),
    }
}

/// A refusal with no page to show again: sign in first, or the status and its safe message.
pub fn refusal(error: AppError) -> Response {
    match error {
        AppError::NotSignedIn => Redirect::to("/sign-in").into_response(),
        other => {
            let status = StatusCode::from_u16(other.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, other.to_string()).into_response()
        }
    }
}

/// Shows a page with the refused form. The page is the one at the request's path, unless
/// `page` names another (then the address bar is set to it, so a reload shows that page).
pub async fn show_page(state: AppState, parts: Parts, page: &str, posted: PostedForm) -> Response {
    render_page(state, parts, page, move || provide_context(posted.clone())).await
}

/// Renders `page` as the answer to a form, with what `provide` puts in its context (a refused
/// form, or something shown once such as new recovery codes).
pub async fn render_page(
    state: AppState,
    mut parts: Parts,
    page: &str,
    provide: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let requested = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let shown_at = match page.parse::<axum::http::Uri>() {
        Ok(uri) if page != requested => {
            parts.uri = uri;
            Some(crate::ShownAt(page.to_owned()))
        }
        _ => None,
    };
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide();
            if let Some(shown_at) = shown_at.clone() {
                provide_context(shown_at);
            }
            crate::server::request::provide_page_nonce();
        },
        move || crate::shell(options.clone()),
    );
    render(Request::from_parts(parts, Body::empty())).await
}
