//! The accounts journey's addresses and form-field names.

/// The account forms' addresses, used by the pages, the route table and the tests.
pub mod paths {
    use crate::routes::FormPath;

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
    /// The second step of signing in: a code from the app, or a recovery code.
    pub const SIGN_IN_CODE: FormPath = FormPath("/sign-in/code");
    pub const SIGN_IN_RECOVERY_CODE: FormPath = FormPath("/sign-in/recovery-code");
    /// Setting two-factor up: the page (GET) and the first code that confirms it (POST).
    pub const SET_UP_TWO_FACTOR: FormPath = FormPath("/two-factor/set-up");
    /// Makes the new secret the set-up page shows.
    pub const START_TWO_FACTOR: FormPath = FormPath("/two-factor/set-up/start");
    /// Where new recovery codes are shown, once.
    pub const RECOVERY_CODES: FormPath = FormPath("/two-factor/recovery-codes");
    /// Makes new recovery codes (the old ones stop working).
    pub const NEW_RECOVERY_CODES: FormPath = FormPath("/account/recovery-codes");
    pub const END_SESSION: FormPath = FormPath("/account/sessions/{session_id}/end");
    pub const END_OTHER_SESSIONS: FormPath = FormPath("/account/sessions/end-others");
    pub const CHANGE_ROLE: FormPath = FormPath("/team/{user_id}/role");
    pub const RESET_TWO_FACTOR: FormPath = FormPath("/team/{user_id}/reset-two-factor");
    /// A council's choice that suppliers use two-factor too.
    pub const SUPPLIERS_TWO_FACTOR: FormPath = FormPath("/team/suppliers-two-factor");
}

/// The names of the account forms' fields that are not the domain's.
pub mod fields {
    /// The reminders choice: "on" or "off".
    pub const REMINDERS: &str = "reminders";
    /// The council's two-factor choice for suppliers: "yes" or "no".
    pub const SUPPLIERS_TWO_FACTOR: &str = "suppliers-two-factor";
    /// A new role, on the team page: the field's id is `role-{user_id}`.
    pub const ROLE: &str = "role";
    /// The page to go back to once signed in: a hidden field on the sign-in pages, and their
    /// query parameter.
    pub const RETURN_TO: &str = crate::accounts::RETURN_TO_FIELD;
}
