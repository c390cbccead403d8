//! The account forms' POST routes. They work the same with JavaScript on or off: on success
//! they redirect (303); after a problem they show the page again with what was typed and what
//! was wrong. Each is a thin shell over a service in `app::server::services`.

use app::domain::accounts::Role;
use app::domain::form::{FieldErrors, PostedForm};
use app::server::auth::AccessError;
use app::server::request::{ClientAddress, CurrentSession};
use app::server::services::accounts::{
    self, ChangePasswordError, InviteError, RegisterError, SignInError, TokenUseError,
};
use app::server::AppState;
use axum::body::Body;
use axum::extract::{Extension, Path, State};
use axum::http::request::Parts;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use leptos::prelude::provide_context;
use serde::Deserialize;

use crate::security::{expired_cookie, session_cookie, set_cookie};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/register", post(register))
        .route("/account/password", post(change_password))
        .route("/forgot-password", post(forgot_password))
        .route("/reset-password/{token}", post(reset_password))
        .route("/team/invite", post(invite))
        .route("/team/{user_id}/deactivate", post(deactivate))
        .route("/invitations/{token}", post(accept_invitation))
}

/// What a refused access means on a form route: sign in first, or nothing to see here.
pub(crate) fn refused(error: AccessError) -> Response {
    match error {
        AccessError::NotSignedIn => Redirect::to("/sign-in").into_response(),
        AccessError::Forbidden => (StatusCode::FORBIDDEN, "You do not have access to this page").into_response(),
        AccessError::NotFound => (StatusCode::NOT_FOUND, "Page not found").into_response(),
    }
}

/// Shows the form's page again with the refused form (200, as GOV.UK services do). The page is
/// the one at the request's path, unless `page` names another.
pub(crate) async fn show_page(state: AppState, mut parts: Parts, page: &str, posted: PostedForm) -> Response {
    let requested = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let shown_at = match page.parse::<axum::http::Uri>() {
        Ok(uri) if page != requested => {
            parts.uri = uri;
            Some(app::ShownAt(page.to_owned()))
        }
        _ => None,
    };
    render_with_form(state, parts, posted, shown_at).await
}

pub(crate) async fn show_again(state: AppState, parts: Parts, posted: PostedForm) -> Response {
    render_with_form(state, parts, posted, None).await
}

async fn render_with_form(
    state: AppState,
    parts: Parts,
    posted: PostedForm,
    shown_at: Option<app::ShownAt>,
) -> Response {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(posted.clone());
            if let Some(shown_at) = shown_at.clone() {
                provide_context(shown_at);
            }
            leptos::nonce::provide_nonce();
        },
        move || app::shell(options.clone()),
    );
    render(Request::from_parts(parts, Body::empty())).await
}

fn with_session_cookie(state: &AppState, token: &str, to: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    set_cookie(
        &mut response,
        &session_cookie(state.security.session_cookie_name(), token, state.security.cookie_secure),
    );
    response
}

/// Signs in someone whose account was just created (registration, accepted invitation) and
/// takes them to their account; if that fails, to the sign-in page.
async fn sign_in_new_account(state: &AppState, email: &str, password: String, client: &ClientAddress) -> Response {
    let security = &state.security;
    match accounts::sign_in(&state.db, email, password, &client.0, security.throttle, security.sessions).await {
        Ok(signed_in) => with_session_cookie(state, &signed_in.token, "/account"),
        Err(_) => Redirect::to("/sign-in").into_response(),
    }
}

pub(crate) fn sorry(error: anyhow::Error) -> Response {
    let reference = app::errors::AppError::unexpected(format!("{error:#}"));
    (StatusCode::INTERNAL_SERVER_ERROR, reference.to_string()).into_response()
}

pub(crate) fn one_error(field: &str, message: impl ToString) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    errors
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn sign_in(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddress>,
    parts: Parts,
    Form(form): Form<SignInForm>,
) -> Response {
    let mut errors = FieldErrors::default();
    if form.email.trim().is_empty() {
        errors.add("email", "Enter your email address");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    let outcome = if errors.is_empty() {
        accounts::sign_in(
            &state.db,
            &form.email,
            form.password,
            &client.0,
            state.security.throttle,
            state.security.sessions,
        )
        .await
    } else {
        Err(SignInError::InvalidCredentials)
    };
    match outcome {
        Ok(signed_in) => with_session_cookie(&state, &signed_in.token, "/account"),
        Err(SignInError::Unexpected(error)) => sorry(error),
        Err(refused) => {
            if errors.is_empty() {
                errors.add("email", refused.to_string());
            }
            show_again(
                state,
                parts,
                PostedForm { values: vec![("email".into(), form.email)], errors, ..Default::default() },
            )
            .await
        }
    }
}

async fn sign_out(State(state): State<AppState>, Extension(current): Extension<CurrentSession>) -> Response {
    if let Some(session) = current.0 {
        if let Err(error) = accounts::sign_out(&state.db, &session).await {
            return sorry(error.into());
        }
    }
    let mut response = Redirect::to("/").into_response();
    set_cookie(&mut response, &expired_cookie(state.security.session_cookie_name(), state.security.cookie_secure));
    response
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RegisterForm {
    #[serde(default)]
    organisation_name: String,
    #[serde(default)]
    companies_house_number: String,
    #[serde(default)]
    postcode: String,
    is_sme: Option<String>,
    is_vcse: Option<String>,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn register(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddress>,
    parts: Parts,
    Form(form): Form<RegisterForm>,
) -> Response {
    let typed = vec![
        ("organisation-name".to_owned(), form.organisation_name.clone()),
        ("companies-house-number".to_owned(), form.companies_house_number.clone()),
        ("postcode".to_owned(), form.postcode.clone()),
        ("is-sme".to_owned(), form.is_sme.clone().unwrap_or_default()),
        ("is-vcse".to_owned(), form.is_vcse.clone().unwrap_or_default()),
        ("full-name".to_owned(), form.full_name.clone()),
        ("email".to_owned(), form.email.clone()),
    ];
    let password = form.password.clone();
    let registration = accounts::SupplierRegistration {
        organisation_name: form.organisation_name,
        companies_house_number: form.companies_house_number,
        postcode: form.postcode,
        is_sme: form.is_sme.is_some(),
        is_vcse: form.is_vcse.is_some(),
        full_name: form.full_name,
        email: form.email.clone(),
        password: form.password,
    };
    match accounts::register_supplier(&state.db, registration).await {
        Ok(_) => sign_in_new_account(&state, &form.email, password, &client).await,
        Err(RegisterError::Invalid(errors)) => {
            show_again(state, parts, PostedForm { values: typed, errors, ..Default::default() }).await
        }
        Err(RegisterError::Unexpected(error)) => sorry(error),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct ChangePasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    parts: Parts,
    Form(form): Form<ChangePasswordForm>,
) -> Response {
    let Some(session) = current.0 else {
        return Redirect::to("/sign-in").into_response();
    };
    match accounts::change_password(&state.db, &session, form.current_password, &form.new_password).await {
        Ok(()) => Redirect::to("/account?password-changed").into_response(),
        Err(ChangePasswordError::Invalid(errors)) => {
            show_again(state, parts, PostedForm { values: vec![], errors, ..Default::default() }).await
        }
        Err(ChangePasswordError::Unexpected(error)) => sorry(error),
    }
}

#[derive(Deserialize)]
struct ForgotPasswordForm {
    #[serde(default)]
    email: String,
}

async fn forgot_password(
    State(state): State<AppState>,
    parts: Parts,
    Form(form): Form<ForgotPasswordForm>,
) -> Response {
    if let Err(error) = app::domain::accounts::Email::parse(&form.email) {
        let posted = PostedForm {
            values: vec![("email".into(), form.email)],
            errors: one_error("email", error),
            ..Default::default()
        };
        return show_again(state, parts, posted).await;
    }
    match accounts::request_password_reset(&state.db, &form.email, &state.security.public_url).await {
        Ok(()) => Redirect::to("/forgot-password/sent").into_response(),
        Err(error) => sorry(error.into()),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct ResetPasswordForm {
    #[serde(default)]
    new_password: String,
}

async fn reset_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    parts: Parts,
    Form(form): Form<ResetPasswordForm>,
) -> Response {
    match accounts::reset_password(&state.db, &token, &form.new_password).await {
        Ok(()) => Redirect::to("/sign-in?reset").into_response(),
        Err(TokenUseError::Invalid(errors)) => {
            show_again(state, parts, PostedForm { values: vec![], errors, ..Default::default() }).await
        }
        Err(expired @ TokenUseError::ExpiredOrUsed) => {
            show_again(
                state,
                parts,
                PostedForm { values: vec![], errors: one_error("new-password", expired), ..Default::default() },
            )
            .await
        }
        Err(TokenUseError::Unexpected(error)) => sorry(error),
    }
}

#[derive(Deserialize)]
struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

async fn invite(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    parts: Parts,
    Form(form): Form<InviteForm>,
) -> Response {
    let typed = vec![("email".to_owned(), form.email.clone()), ("role".to_owned(), form.role.clone())];
    let Some(role) = Role::parse(&form.role) else {
        let posted = PostedForm { values: typed, errors: one_error("role", "Choose their role"), ..Default::default() };
        return show_page(state, parts, "/team", posted).await;
    };
    match accounts::invite_team_member(&state.db, current.0.as_ref(), &form.email, role, &state.security.public_url)
        .await
    {
        Ok(()) => Redirect::to("/team?invited").into_response(),
        Err(InviteError::Invalid(errors)) => {
            show_page(state, parts, "/team", PostedForm { values: typed, errors, ..Default::default() }).await
        }
        Err(InviteError::Access(error)) => refused(error),
        Err(InviteError::Unexpected(error)) => sorry(error),
    }
}

async fn deactivate(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    Path(user_id): Path<i64>,
    parts: Parts,
) -> Response {
    match accounts::deactivate_user(&state.db, current.0.as_ref(), user_id).await {
        Ok(()) => Redirect::to("/team?deactivated").into_response(),
        Err(InviteError::Invalid(errors)) => {
            show_page(state, parts, "/team", PostedForm { values: vec![], errors, ..Default::default() }).await
        }
        Err(InviteError::Access(error)) => refused(error),
        Err(InviteError::Unexpected(error)) => sorry(error),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct AcceptInvitationForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    password: String,
}

async fn accept_invitation(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddress>,
    Path(token): Path<String>,
    parts: Parts,
    Form(form): Form<AcceptInvitationForm>,
) -> Response {
    let typed = vec![("full-name".to_owned(), form.full_name.clone())];
    match accounts::accept_invitation(&state.db, &token, &form.full_name, &form.password).await {
        Ok(user) => sign_in_new_account(&state, &user.email, form.password, &client).await,
        Err(TokenUseError::Invalid(errors)) => {
            show_again(state, parts, PostedForm { values: typed, errors, ..Default::default() }).await
        }
        Err(expired @ TokenUseError::ExpiredOrUsed) => {
            show_again(
                state,
                parts,
                PostedForm { values: typed, errors: one_error("full-name", expired), ..Default::default() },
            )
            .await
        }
        Err(TokenUseError::Unexpected(error)) => sorry(error),
    }
}
