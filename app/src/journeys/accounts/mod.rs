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

pub use account::AccountPage;
pub use passwords::{ChangePasswordPage, ForgotPasswordPage, PasswordResetSentPage, ResetPasswordPage};
pub use register::RegisterPage;
pub use sign_in::SignInPage;
pub use team::{AcceptInvitationPage, TeamPage};

/// The account forms' addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::journeys::FormPath;

    pub const SIGN_IN: FormPath = FormPath("/sign-in");
    pub const SIGN_OUT: FormPath = FormPath("/sign-out");
    pub const REGISTER: FormPath = FormPath("/register");
    pub const CHANGE_PASSWORD: FormPath = FormPath("/account/password");
    pub const FORGOT_PASSWORD: FormPath = FormPath("/forgot-password");
    pub const RESET_PASSWORD: FormPath = FormPath("/reset-password/{token}");
    pub const INVITE: FormPath = FormPath("/team/invite");
    pub const DEACTIVATE: FormPath = FormPath("/team/{user_id}/deactivate");
    pub const ACCEPT_INVITATION: FormPath = FormPath("/invitations/{token}");
    /// Turns reminders off or on.
    pub const REMINDERS: FormPath = FormPath("/account/reminders");
}

/// The names of the account forms' fields that are not the domain's.
pub mod fields {
    /// The reminders choice: "on" or "off".
    pub const REMINDERS: &str = "reminders";
}
