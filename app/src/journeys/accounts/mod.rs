//! Signing in and out, registering a supplier, the account page and passwords.
//!
//! Forms post to the plain routes in `forms.rs` beside these pages, which work the same with
//! JavaScript on or off. After a problem the server shows the page again with a `PostedForm`:
//! what was typed (never passwords) and what was wrong.

mod account;
#[cfg(feature = "ssr")]
pub mod forms;
mod passwords;
mod register;
mod sign_in;
mod team;
mod two_factor;
#[cfg(feature = "ssr")]
pub mod two_factor_forms;

pub use account::AccountPage;
pub use passwords::{ChangePasswordPage, ForgotPasswordPage, PasswordResetSentPage, ResetPasswordPage};
pub use register::RegisterPage;
pub use sign_in::SignInPage;
pub use team::{AcceptInvitationPage, TeamPage};
pub use two_factor::{NewRecoveryCodes, RecoveryCodesPage, SetUpTwoFactorPage, SignInCodePage, SignInRecoveryCodePage};

pub use domain::routes::accounts::paths;

pub use domain::routes::accounts::fields;

pub use crate::page_context::returning_to;

/// The page the sign-in pages were asked to return to, from their query or the refused form.
fn return_to_of_page() -> Option<String> {
    let posted = crate::page_context::posted_form().value(fields::RETURN_TO);
    let asked = if posted.is_empty() {
        use leptos::prelude::WithUntracked;
        leptos_router::hooks::use_query_map().with_untracked(|q| q.get(fields::RETURN_TO)).unwrap_or_default()
    } else {
        posted
    };
    crate::domain::accounts::safe_return_path(&asked).map(str::to_owned)
}

/// The hidden field that carries the page to return to through a sign-in step's form.
#[leptos::prelude::component]
fn ReturnToField() -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    return_to_of_page().map(|path| view! { <input type="hidden" name=fields::RETURN_TO value=path /> })
}
