//! Signing in and out, registering a supplier, the account page and passwords.
//!
//! Forms post to plain routes on the server (`server/src/forms.rs`), which work the same with
//! JavaScript on or off. After a problem the server shows the page again with a `PostedForm`:
//! what was typed (never passwords) and what was wrong.

mod account;
mod passwords;
mod register;
mod sign_in;
mod team;

pub use account::AccountPage;
pub use passwords::{ChangePasswordPage, ForgotPasswordPage, PasswordResetSentPage, ResetPasswordPage};
pub use register::RegisterPage;
pub use sign_in::SignInPage;
pub use team::{AcceptInvitationPage, TeamPage};

use leptos::prelude::*;

use crate::domain::accounts::Viewer;
use crate::domain::form::PostedForm;

/// The form that was just posted and refused, if this page is being shown again after it.
/// (Pages are rendered on the server only; islands get what they need as props.)
pub fn posted_form() -> PostedForm {
    use_context::<PostedForm>().unwrap_or_default()
}

/// The signed-in person, as the page was rendered for them.
pub fn viewer() -> Option<Viewer> {
    use_context::<ViewerContext>().and_then(|v| v.0)
}

#[derive(Debug, Clone)]
pub struct ViewerContext(pub Option<Viewer>);

/// Works out who is signed in, for the page being rendered on the server.
pub fn provide_viewer() {
    #[cfg(feature = "ssr")]
    let viewer = crate::server::request::current_session().and_then(|session| {
        Some(Viewer {
            user_id: session.user.id,
            full_name: session.user.full_name.clone(),
            email: session.user.email.clone(),
            role: crate::domain::accounts::Role::parse(&session.user.role)?,
        })
    });
    #[cfg(not(feature = "ssr"))]
    let viewer = None;
    provide_context(ViewerContext(viewer));
}

/// A green banner confirming that something worked.
#[component]
pub fn SuccessBanner(title: &'static str, text: &'static str) -> impl IntoView {
    view! {
        <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="success-banner-title">
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="success-banner-title">{title}</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{text}</p>
            </div>
        </div>
    }
}

/// The signed-in person; anyone else is sent to the sign-in page (on the server, a redirect).
pub fn require_sign_in() -> Option<Viewer> {
    let viewer = viewer();
    if viewer.is_none() {
        #[cfg(feature = "ssr")]
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::SEE_OTHER);
            response.insert_header(http::header::LOCATION, http::HeaderValue::from_static("/sign-in"));
        }
    }
    viewer
}

/// The signed-in person, if they hold `role`. Anyone else is sent to sign in, or refused with
/// 403 and shown why.
pub fn require_role(role: crate::domain::accounts::Role) -> Result<Viewer, AnyView> {
    let viewer = require_sign_in().ok_or_else(|| ().into_any())?;
    if viewer.role.includes(role) {
        return Ok(viewer);
    }
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    Err(view! {
        <leptos_meta::Title text="You do not have access to this page" />
        <h1 class="govuk-heading-l">"You do not have access to this page"</h1>
        <p class="govuk-body">"Ask one of your organisation's administrators if you need it."</p>
    }
    .into_any())
}
