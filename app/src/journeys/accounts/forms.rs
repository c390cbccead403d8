//! The account forms' POST routes (server only), each a thin shell over
//! `server::services::accounts`, answering refusals through `form_routes::answer`.

use axum::extract::{Extension, Path};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use serde::Deserialize;

use super::paths;
use crate::domain::accounts::{Email, Role};
use crate::domain::form::FieldErrors;
use crate::errors::AppError;
use crate::journeys::form_routes::{see_other, Fields, FormRequest};
use crate::server::cookies::{expired_cookie, session_cookie, set_cookie};
use crate::server::request::ClientAddress;
use crate::server::AppState;
use services::accounts::{self, SupplierRegistration};
use services::sessions::Stage;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::SIGN_IN.pattern(), post(sign_in))
        .route(paths::SIGN_OUT.pattern(), post(sign_out))
        .route(paths::REGISTER.pattern(), post(register))
        .route(paths::CHANGE_PASSWORD.pattern(), post(change_password))
        .route(paths::FORGOT_PASSWORD.pattern(), post(forgot_password))
        .route(paths::RESET_PASSWORD.pattern(), post(reset_password))
        .route(paths::INVITE.pattern(), post(invite))
        .route(paths::DEACTIVATE.pattern(), post(deactivate))
        .route(paths::ACCEPT_INVITATION.pattern(), post(accept_invitation))
        .route(paths::REMINDERS.pattern(), post(set_reminders))
        .route(paths::END_SESSION.pattern(), post(end_session))
        .route(paths::END_OTHER_SESSIONS.pattern(), post(end_other_sessions))
        .route(paths::CHANGE_ROLE.pattern(), post(change_role))
}

pub(super) fn with_session_cookie(state: &AppState, token: &str, to: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    set_cookie(
        &mut response,
        &session_cookie(state.security.session_cookie_name(), token, state.security.cookie_secure),
    );
    response
}

/// Where a correct password leads: once signed in, the page that asked for sign-in (or the
/// home page, which shows the person's next steps); otherwise the second factor's step (the
/// code, or setting two-factor up), with the half-done session's cookie.
fn after_password(state: &AppState, signed_in: &accounts::SignedIn, return_to: Option<&str>) -> Response {
    let next = match signed_in.stage {
        Stage::SignedIn => crate::domain::accounts::landing_after_sign_in(return_to).to_owned(),
        Stage::AwaitingCode => super::returning_to(paths::SIGN_IN_CODE.pattern(), return_to),
        Stage::AwaitingSetUp => paths::SET_UP_TWO_FACTOR.pattern().to_owned(),
    };
    with_session_cookie(state, &signed_in.token, &next)
}

/// Signs in someone whose account was just created (registration, accepted invitation) and
/// takes them to the home page (or to set up two-factor); if that fails, to the sign-in page.
async fn sign_in_new_account(
    state: &AppState,
    email: &str,
    password: String,
    client: &ClientAddress,
    user_agent: Option<&str>,
) -> Response {
    let security = &state.security;
    match accounts::sign_in(&state.db, email, password, &client.0, user_agent, security.throttle, security.sessions)
        .await
    {
        Ok(signed_in) => after_password(state, &signed_in, None),
        Err(_) => Redirect::to(paths::SIGN_IN.pattern()).into_response(),
    }
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    return_to: String,
}

async fn sign_in(
    request: FormRequest,
    Extension(client): Extension<ClientAddress>,
    Form(form): Form<SignInForm>,
) -> Response {
    let missing = missing_sign_in_answers(&form.email, &form.password);
    let outcome = if missing.is_empty() {
        let security = &request.state().security;
        let user_agent = request.user_agent();
        accounts::sign_in(
            request.db(),
            &form.email,
            form.password,
            &client.0,
            user_agent,
            security.throttle,
            security.sessions,
        )
        .await
        .map(|signed_in| after_password(request.state(), &signed_in, Some(&form.return_to)))
        .map_err(AppError::from)
    } else {
        Err(AppError::invalid(missing))
    };
    let page = request.path().to_owned();
    let kept = vec![("email".into(), form.email), (super::fields::RETURN_TO.into(), form.return_to)];
    request.answer(&page, kept, outcome).await
}

async fn sign_out(request: FormRequest) -> Response {
    let ended = match (request.session(), request.pending_sign_in()) {
        (Some(session), _) => accounts::sign_out(request.db(), session).await,
        (None, Some(pending)) => accounts::abandon_sign_in(request.db(), pending).await,
        (None, None) => Ok(()),
    };
    if let Err(error) = ended {
        return crate::journeys::form_routes::refusal(AppError::unexpected(error));
    }
    let mut response = Redirect::to("/").into_response();
    let security = &request.state().security;
    set_cookie(&mut response, &expired_cookie(security.session_cookie_name(), security.cookie_secure));
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
    request: FormRequest,
    Extension(client): Extension<ClientAddress>,
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
    let registration = SupplierRegistration {
        organisation_name: form.organisation_name,
        companies_house_number: form.companies_house_number,
        postcode: form.postcode,
        is_sme: form.is_sme.is_some(),
        is_vcse: form.is_vcse.is_some(),
        full_name: form.full_name,
        email: form.email.clone(),
        password: form.password,
    };
    let outcome = match accounts::register_supplier(request.db(), registration).await {
        Ok(_) => Ok(sign_in_new_account(request.state(), &form.email, password, &client, request.user_agent()).await),
        Err(refused) => Err(refused),
    };
    let page = request.path().to_owned();
    request.answer(&page, typed, outcome).await
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct ChangePasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

async fn change_password(request: FormRequest, Form(form): Form<ChangePasswordForm>) -> Response {
    let outcome = match request.session() {
        None => Err(AppError::NotSignedIn),
        Some(session) => accounts::change_password(request.db(), session, form.current_password, &form.new_password)
            .await
            .map(|()| see_other("/account?password-changed"))
            .map_err(AppError::from),
    };
    let page = request.path().to_owned();
    request.answer(&page, vec![], outcome).await
}

#[derive(Deserialize)]
struct ForgotPasswordForm {
    #[serde(default)]
    email: String,
}

async fn forgot_password(request: FormRequest, Form(form): Form<ForgotPasswordForm>) -> Response {
    let outcome = match Email::parse(&form.email) {
        Err(error) => Err(AppError::invalid(FieldErrors::one("email", error))),
        Ok(_) => accounts::request_password_reset(request.db(), &form.email, &request.state().security.public_url)
            .await
            .map(|()| see_other("/forgot-password/sent"))
            .map_err(AppError::unexpected),
    };
    let page = request.path().to_owned();
    request.answer(&page, vec![("email".into(), form.email)], outcome).await
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct ResetPasswordForm {
    #[serde(default)]
    new_password: String,
}

async fn reset_password(
    request: FormRequest,
    Path(token): Path<String>,
    Form(form): Form<ResetPasswordForm>,
) -> Response {
    let outcome = accounts::reset_password(request.db(), &token, &form.new_password)
        .await
        .map(|()| see_other("/sign-in?reset"))
        .map_err(|refused| refused.reported_against("new-password"));
    let page = request.path().to_owned();
    request.answer(&page, vec![], outcome).await
}

async fn invite(request: FormRequest, Form(fields): Form<Fields>) -> Response {
    let value = |name| crate::journeys::form_routes::value(&fields, name);
    let (email, role) = (value("email"), value("role"));
    let outcome = match parse_invited_role(&role) {
        Err(errors) => Err(AppError::invalid(errors)),
        Ok(role) => accounts::invite_team_member(
            request.db(),
            request.session(),
            &email,
            role,
            &request.state().security.public_url,
        )
        .await
        .map(|()| see_other("/team?invited"))
        .map_err(AppError::from),
    };
    let typed = vec![("email".to_owned(), email), ("role".to_owned(), role)];
    request.answer("/team", typed, outcome).await
}

async fn deactivate(request: FormRequest, Path(user_id): Path<i64>) -> Response {
    let outcome = accounts::deactivate_user(request.db(), request.session(), user_id)
        .await
        .map(|()| see_other("/team?deactivated"));
    request.answer("/team", vec![], outcome).await
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
    request: FormRequest,
    Extension(client): Extension<ClientAddress>,
    Path(token): Path<String>,
    Form(form): Form<AcceptInvitationForm>,
) -> Response {
    let typed = vec![("full-name".to_owned(), form.full_name.clone())];
    let outcome = match accounts::accept_invitation(request.db(), &token, &form.full_name, &form.password).await {
        Ok(user) => {
            Ok(sign_in_new_account(request.state(), &user.email, form.password, &client, request.user_agent()).await)
        }
        Err(refused) => Err(refused.reported_against("full-name")),
    };
    let page = request.path().to_owned();
    request.answer(&page, typed, outcome).await
}

/// Turns the person's reminders off or on (decisions about their returns still reach them).
async fn set_reminders(request: FormRequest, Form(fields): Form<Fields>) -> Response {
    let off = match reminders_off(&crate::journeys::form_routes::value(&fields, super::fields::REMINDERS)) {
        Ok(off) => off,
        Err(errors) => {
            let outcome: Result<Response, crate::errors::AppError> = Err(crate::errors::AppError::invalid(errors));
            return request.answer("/account", fields, outcome).await;
        }
    };
    let outcome = accounts::set_reminders(request.db(), request.session(), off)
        .await
        .map(|()| see_other("/account?reminders-saved"));
    request.answer("/account", fields, outcome).await
}

/// Ends one of the person's sessions. Ending this one signs them out here.
async fn end_session(request: FormRequest, Path(session_id): Path<i64>) -> Response {
    let this_one = request.session().is_some_and(|session| session.session_id == session_id);
    let outcome = accounts::end_own_session(request.db(), request.session(), session_id).await.map(|()| {
        if this_one {
            let mut response = see_other("/");
            let security = &request.state().security;
            set_cookie(&mut response, &expired_cookie(security.session_cookie_name(), security.cookie_secure));
            response
        } else {
            see_other("/account?session-ended")
        }
    });
    request.answer("/account", vec![], outcome).await
}

async fn end_other_sessions(request: FormRequest) -> Response {
    let outcome = accounts::end_other_sessions(request.db(), request.session())
        .await
        .map(|_| see_other("/account?sessions-ended"));
    request.answer("/account", vec![], outcome).await
}

/// An administrator changes a colleague's role (the field is `role-{user_id}` on the team page).
async fn change_role(request: FormRequest, Path(user_id): Path<i64>, Form(fields): Form<Fields>) -> Response {
    let role = Role::parse(&crate::journeys::form_routes::value(&fields, super::fields::ROLE));
    let outcome = accounts::change_role(request.db(), request.session(), user_id, role)
        .await
        .map(|()| see_other("/team?role-changed"));
    request.answer("/team", vec![], outcome).await
}

// ---- What the forms need before the services are asked (pure; the error-message snapshot
// test runs these) ---------------------------------------------------------------------------

/// The sign-in form's answers that are missing, before any password is checked.
pub fn missing_sign_in_answers(email: &str, password: &str) -> FieldErrors {
    let mut missing = FieldErrors::default();
    if email.trim().is_empty() {
        missing.add("email", "Enter your email address");
    }
    if password.is_empty() {
        missing.add("password", "Enter your password");
    }
    missing
}

/// The role chosen on the invitation form.
pub fn parse_invited_role(typed: &str) -> Result<Role, FieldErrors> {
    Role::parse(typed).ok_or_else(|| FieldErrors::one("role", "Choose their role"))
}

/// The reminders choice: `true` to turn them off.
pub fn reminders_off(typed: &str) -> Result<bool, FieldErrors> {
    match typed {
        "off" => Ok(true),
        "on" => Ok(false),
        _ => Err(FieldErrors::one(super::fields::REMINDERS, "Choose whether to get reminders")),
    }
}
