//! Two-factor sign-in's POST routes (server only), each a thin shell over
//! `server::services::two_factor`: the second step of signing in, setting up, new recovery
//! codes, and what administrators do for their organisation.

use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use leptos::prelude::provide_context;

use super::forms::with_session_cookie;
use super::paths;
use super::two_factor::NewRecoveryCodes;
use crate::domain::form::FieldErrors;
use crate::errors::AppError;
use crate::journeys::form_routes::{see_other, value, Fields, FormRequest};
use crate::server::AppState;
use services::accounts::SignedIn;
use services::two_factor::{self, SetUpPerson, CODE_FIELD, RECOVERY_CODE_FIELD};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::SIGN_IN_CODE.pattern(), post(sign_in_with_code))
        .route(paths::SIGN_IN_RECOVERY_CODE.pattern(), post(sign_in_with_recovery_code))
        .route(paths::START_TWO_FACTOR.pattern(), post(start_set_up))
        .route(paths::SET_UP_TWO_FACTOR.pattern(), post(confirm_set_up))
        .route(paths::NEW_RECOVERY_CODES.pattern(), post(new_recovery_codes))
        .route(paths::RESET_TWO_FACTOR.pattern(), post(reset_for_colleague))
        .route(paths::SUPPLIERS_TWO_FACTOR.pattern(), post(set_suppliers_requirement))
}

/// Where a finished sign-in goes, with the session's cookie: the page that asked for sign-in,
/// or the home page with the person's next steps.
fn signed_in_response(state: &AppState, signed_in: &SignedIn, return_to: Option<&str>) -> Response {
    with_session_cookie(state, &signed_in.token, crate::domain::accounts::landing_after_sign_in(return_to))
}

/// The second step of signing in: a code from the app, or a recovery code.
#[derive(Clone, Copy)]
pub enum SecondFactor {
    Code,
    RecoveryCode,
}

impl SecondFactor {
    pub fn field(self) -> &'static str {
        match self {
            SecondFactor::Code => CODE_FIELD,
            SecondFactor::RecoveryCode => RECOVERY_CODE_FIELD,
        }
    }

    pub fn missing(self) -> &'static str {
        match self {
            SecondFactor::Code => "Enter the 6-digit code from your authenticator app",
            SecondFactor::RecoveryCode => "Enter one of your recovery codes",
        }
    }
}

async fn sign_in_with_code(request: FormRequest, Form(fields): Form<Fields>) -> Response {
    second_step(request, fields, SecondFactor::Code).await
}

async fn sign_in_with_recovery_code(request: FormRequest, Form(fields): Form<Fields>) -> Response {
    second_step(request, fields, SecondFactor::RecoveryCode).await
}

/// Finishes a sign-in that waits for its second factor; anyone else is sent to sign in.
async fn second_step(request: FormRequest, fields: Fields, factor: SecondFactor) -> Response {
    let typed = value(&fields, factor.field());
    let return_to = value(&fields, super::fields::RETURN_TO);
    let Some(pending) = request.pending_sign_in().cloned() else {
        return Redirect::to(paths::SIGN_IN.pattern()).into_response();
    };
    let outcome = if typed.trim().is_empty() {
        Err(AppError::invalid(FieldErrors::one(factor.field(), factor.missing())))
    } else {
        let state = request.state();
        let (security, client) = (&state.security, request.client_address());
        let signed_in = match factor {
            SecondFactor::Code => {
                two_factor::sign_in_with_code(
                    &state.db,
                    &security.totp_key,
                    &pending,
                    &typed,
                    &client,
                    security.throttle,
                    security.sessions,
                )
                .await
            }
            SecondFactor::RecoveryCode => {
                two_factor::sign_in_with_recovery_code(
                    &state.db,
                    &pending,
                    &typed,
                    &client,
                    security.throttle,
                    security.sessions,
                )
                .await
            }
        };
        signed_in
            .map(|signed_in| signed_in_response(state, &signed_in, Some(&return_to)))
            .map_err(|refused| refused.reported_against(factor.field()))
    };
    let page = request.path().to_owned();
    request.answer(&page, vec![(super::fields::RETURN_TO.into(), return_to)], outcome).await
}

async fn start_set_up(request: FormRequest) -> Response {
    let outcome = match SetUpPerson::of(request.session(), request.pending_sign_in()) {
        Err(refused) => Err(AppError::from(refused)),
        Ok(person) => two_factor::start_set_up(request.db(), &request.state().security.totp_key, person)
            .await
            .map(|()| see_other(paths::SET_UP_TWO_FACTOR.pattern()))
            .map_err(AppError::from),
    };
    request.answer(paths::SET_UP_TWO_FACTOR.pattern(), vec![], outcome).await
}

/// The first code turns two-factor on: the answer is the recovery codes, shown once (and, for
/// someone signing in, their new session's cookie).
async fn confirm_set_up(request: FormRequest, Form(fields): Form<Fields>) -> Response {
    let code = value(&fields, CODE_FIELD);
    let enabled = match SetUpPerson::of(request.session(), request.pending_sign_in()) {
        Err(refused) => Err(AppError::from(refused)),
        Ok(_) if code.trim().is_empty() => {
            Err(AppError::invalid(FieldErrors::one(CODE_FIELD, SecondFactor::Code.missing())))
        }
        Ok(person) => {
            let security = &request.state().security;
            two_factor::confirm_set_up(
                request.db(),
                &security.totp_key,
                person,
                &code,
                &request.client_address(),
                security.sessions,
            )
            .await
            .map_err(AppError::from)
        }
    };
    match enabled {
        Ok(enabled) => {
            let cookie =
                enabled.signed_in.as_ref().map(|signed_in| signed_in_response(request.state(), signed_in, None));
            let mut response = show_recovery_codes(request, enabled.recovery_codes).await;
            if let Some(set_cookie) = cookie.and_then(|r| r.headers().get(http::header::SET_COOKIE).cloned()) {
                response.headers_mut().append(http::header::SET_COOKIE, set_cookie);
            }
            response
        }
        Err(refused) => {
            let outcome: Result<Response, AppError> = Err(refused);
            request.answer(paths::SET_UP_TWO_FACTOR.pattern(), vec![], outcome).await
        }
    }
}

async fn new_recovery_codes(request: FormRequest) -> Response {
    match two_factor::replace_recovery_codes_of(request.db(), request.session()).await {
        Ok(codes) => show_recovery_codes(request, codes).await,
        Err(refused) => {
            let outcome: Result<Response, _> = Err(refused);
            request.answer("/account", vec![], outcome).await
        }
    }
}

/// The recovery codes page, never stored by any cache.
async fn show_recovery_codes(request: FormRequest, codes: Vec<String>) -> Response {
    let codes = NewRecoveryCodes(codes);
    let mut response = request.render(paths::RECOVERY_CODES.pattern(), move || provide_context(codes.clone())).await;
    response.headers_mut().insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    response
}

async fn reset_for_colleague(request: FormRequest, Path(user_id): Path<i64>) -> Response {
    let outcome = two_factor::reset_for(request.db(), request.session(), user_id)
        .await
        .map(|()| see_other("/team?two-factor-reset"));
    request.answer("/team", vec![], outcome).await
}

async fn set_suppliers_requirement(request: FormRequest, Form(fields): Form<Fields>) -> Response {
    let choice = value(&fields, super::fields::SUPPLIERS_TWO_FACTOR);
    let required = match choice.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let outcome = two_factor::set_suppliers_requirement(request.db(), request.session(), required)
        .await
        .map(|()| see_other("/team?suppliers-two-factor-saved"));
    request.answer("/team", fields, outcome).await
}
