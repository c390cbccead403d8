//! Accounts: registration, signing in and out, passwords, invitations, council users.
//! Each use case runs in one transaction with its audit entry.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::audit::{AuditAction, Change};
use super::sessions::{self, ActiveSession, PendingSignIn, SessionPolicy, Stage};
use super::tokens::{new_secret, sha256_hex};
use super::unexpected_from_db;
use super::{outbox, passwords};
use crate::auth::{require, AccessError};
use db::{app_user, begin_write, login_failure, one_time_token, organisation, user_session};
use domain::accounts::{CompaniesHouseNumber, Email, NewPassword, OrganisationKind, Postcode, Role};
use domain::errors::AppError;
use domain::form::FieldErrors;

/// How many failed sign-ins lock an account, or a client address, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub window: Duration,
    pub failures_per_account: u64,
    pub failures_per_address: u64,
}

impl Default for ThrottlePolicy {
    fn default() -> ThrottlePolicy {
        ThrottlePolicy { window: Duration::minutes(15), failures_per_account: 5, failures_per_address: 20 }
    }
}

pub const INVITE_LIFETIME_DAYS: i64 = 7;
pub const RESET_LIFETIME_MINUTES: i64 = 60;
const INVITE: &str = "invite";
const PASSWORD_RESET: &str = "password_reset";

// ---- Registration -------------------------------------------------------------------------

/// What a supplier types to register its organisation and its first user.
#[derive(Debug, Clone, Default)]
pub struct SupplierRegistration {
    pub organisation_name: String,
    pub companies_house_number: String,
    pub postcode: String,
    pub is_sme: bool,
    pub is_vcse: bool,
    pub full_name: String,
    pub email: String,
    pub password: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("some answers need correcting")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Creates the supplier organisation and its first user, a supplier administrator.
#[tracing::instrument(skip_all)]
pub async fn register_supplier(db: &DatabaseConnection, form: SupplierRegistration) -> Result<i64, RegisterError> {
    let mut errors = FieldErrors::default();
    let organisation_name = errors.required_text(
        "organisation-name",
        &form.organisation_name,
        "Enter your organisation's name",
        "Organisation name",
        200,
    );
    let companies_house = if form.companies_house_number.trim().is_empty() {
        None
    } else {
        errors.check("companies-house-number", CompaniesHouseNumber::parse(&form.companies_house_number))
    };
    let postcode = errors.check("postcode", Postcode::parse(&form.postcode));
    let full_name = errors.required_text("full-name", &form.full_name, "Enter your full name", "Full name", 200);
    let email = errors.check("email", Email::parse(&form.email));
    let password = errors.check("password", NewPassword::parse(&form.password));
    if let Some(email) = &email {
        if email_in_use(db, email).await? {
            errors.add("email", "An account already uses this email address: sign in, or reset your password");
        }
    }
    let (Some(organisation_name), Some(postcode), Some(full_name), Some(email), Some(password), true) =
        (organisation_name, postcode, full_name, email, password, errors.is_empty())
    else {
        return Err(RegisterError::Invalid(errors));
    };
    let password_hash = passwords::hash(password).await?;
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let organisation = organisation::ActiveModel {
        kind: Set(OrganisationKind::Supplier.as_str().into()),
        name: Set(organisation_name),
        companies_house_number: Set(companies_house.map(|c| c.as_str().to_owned())),
        postcode: Set(Some(postcode.as_str().to_owned())),
        is_sme: Set(form.is_sme),
        is_vcse: Set(form.is_vcse),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let user = insert_user(&txn, organisation.id, &email, &full_name, password_hash, Role::SupplierAdmin, now).await?;
    Change { actor_user_id: Some(user.id), organisation_id: Some(organisation.id), entity_id: Some(organisation.id.to_string()), ..Change::new(AuditAction::SupplierRegistered) }.after(json!({ "name": organisation.name, "companies_house_number": organisation.companies_house_number, "postcode": organisation.postcode, "is_sme": organisation.is_sme, "is_vcse": organisation.is_vcse, "first_user": { "id": user.id, "email": user.email, "role": user.role }, })).record(&txn).await?;
    txn.commit().await?;
    Ok(user.id)
}

unexpected_from_db!(RegisterError);

impl From<RegisterError> for AppError {
    fn from(error: RegisterError) -> AppError {
        match error {
            RegisterError::Invalid(errors) => AppError::invalid(errors),
            RegisterError::Unexpected(error) => AppError::unexpected(error),
        }
    }
}

async fn email_in_use(db: &impl ConnectionTrait, email: &Email) -> Result<bool, DbErr> {
    Ok(app_user::Entity::find().filter(app_user::Column::Email.eq(email.as_str())).count(db).await? > 0)
}

async fn insert_user(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    email: &Email,
    full_name: &str,
    password_hash: String,
    role: Role,
    now: DateTime<Utc>,
) -> Result<app_user::Model, DbErr> {
    app_user::ActiveModel {
        organisation_id: Set(organisation_id),
        email: Set(email.as_str().to_owned()),
        full_name: Set(full_name.to_owned()),
        password_hash: Set(password_hash),
        role: Set(role.as_str().into()),
        is_active: Set(true),
        created_at: Set(now),
        password_changed_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

// ---- Signing in and out -------------------------------------------------------------------

#[derive(Debug)]
pub struct SignedIn {
    /// The secret for the session cookie.
    pub token: String,
    pub session_id: i64,
    pub user: app_user::Model,
    /// `SignedIn`, or the second factor still to come (the session counts for nothing else).
    pub stage: Stage,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The same answer for an unknown email, a wrong password and a deactivated account.
    #[error("Enter a correct email address and password")]
    InvalidCredentials,
    #[error("Too many failed attempts: wait 15 minutes, then try again, or reset your password")]
    LockedOut,
    /// A wrong, old or already used authenticator code.
    #[error("Enter the 6-digit code your authenticator app shows now")]
    WrongCode,
    #[error("Enter one of your recovery codes that you have not used before")]
    WrongRecoveryCode,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

unexpected_from_db!(SignInError);

impl From<SignInError> for AppError {
    fn from(error: SignInError) -> AppError {
        error.reported_against("email")
    }
}

impl SignInError {
    /// The refusal in the one vocabulary, shown beside `field` (the form's first field).
    pub fn reported_against(self, field: &str) -> AppError {
        match self {
            SignInError::Unexpected(error) => AppError::unexpected(error),
            refused => AppError::invalid(FieldErrors::one(field, refused)),
        }
    }
}

/// Checks the password. Someone who must use two-factor (or has set it up) gets a session that
/// waits for the code, or for setting two-factor up; anyone else is signed in.
#[tracing::instrument(skip(db, password, throttle, policy, user_agent))]
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: String,
    client_ip: &str,
    user_agent: Option<&str>,
    throttle: ThrottlePolicy,
    policy: SessionPolicy,
) -> Result<SignedIn, SignInError> {
    let now = Utc::now();
    let email = Email::parse(email).map(|e| e.as_str().to_owned()).unwrap_or_else(|_| email.trim().to_lowercase());
    if throttled(db, &email, client_ip, throttle, now).await? {
        record_failure(db, &email, client_ip, now, AuditAction::SignInLockedOut).await?;
        return Err(SignInError::LockedOut);
    }
    let user = app_user::Entity::find().filter(app_user::Column::Email.eq(&email)).one(db).await?;
    let stored_hash = user.as_ref().filter(|u| u.is_active).map(|u| u.password_hash.clone());
    let matches = passwords::verify(password, stored_hash).await?;
    let Some(user) = user.filter(|_| matches) else {
        record_failure(db, &email, client_ip, now, AuditAction::SignInFailed).await?;
        return Err(SignInError::InvalidCredentials);
    };
    let stage = match (user.totp_secret.is_some(), required_for(db, &user).await?) {
        (true, _) => Stage::AwaitingCode,
        (false, true) => Stage::AwaitingSetUp,
        (false, false) => Stage::SignedIn,
    };
    if stage != Stage::SignedIn {
        // Failures are forgiven only once the second factor is right too.
        let (token, session_id) = sessions::start(db, user.id, stage, user_agent, policy, now).await?;
        return Ok(SignedIn { token, session_id, user, stage });
    }
    let txn = begin_write(db).await?;
    let signed_in = finish_sign_in(&txn, user, None, user_agent, client_ip, json!({}), policy, now).await?;
    txn.commit().await?;
    Ok(signed_in)
}

/// Whether sign-ins for `email`, or from `client_ip`, have failed too often lately.
pub(crate) async fn throttled(
    db: &DatabaseConnection,
    email: &str,
    client_ip: &str,
    throttle: ThrottlePolicy,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let since = now - throttle.window;
    let failures_for = |column: login_failure::Column, value: String| {
        login_failure::Entity::find()
            .filter(column.eq(value))
            .filter(login_failure::Column::OccurredAt.gt(since))
            .count(db)
    };
    Ok(failures_for(login_failure::Column::Email, email.to_owned()).await? >= throttle.failures_per_account
        || failures_for(login_failure::Column::ClientIp, client_ip.to_owned()).await? >= throttle.failures_per_address)
}

/// Signs `user` in, inside the caller's transaction: ends the half-done session it replaces (a
/// new token: nothing carries over), forgives the account's failures, and audits the sign-in
/// with `how` (e.g. the second factor used).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn finish_sign_in(
    txn: &impl ConnectionTrait,
    user: app_user::Model,
    replacing: Option<&PendingSignIn>,
    user_agent: Option<&str>,
    client_ip: &str,
    how: serde_json::Value,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<SignedIn, DbErr> {
    if let Some(pending) = replacing {
        sessions::end(txn, pending.session_id).await?;
    }
    let (token, session_id) = sessions::start(txn, user.id, Stage::SignedIn, user_agent, policy, now).await?;
    login_failure::Entity::delete_many().filter(login_failure::Column::Email.eq(&user.email)).exec(txn).await?;
    let mut after = json!({ "client_ip": client_ip });
    if let (Some(after), Some(how)) = (after.as_object_mut(), how.as_object()) {
        after.extend(how.clone());
    }
    Change {
        actor_user_id: Some(user.id),
        organisation_id: Some(user.organisation_id),
        entity_id: Some(user.id.to_string()),
        ..Change::new(AuditAction::SignedIn)
    }
    .after(after)
    .record(txn)
    .await?;
    Ok(SignedIn { token, session_id, user, stage: Stage::SignedIn })
}

pub(crate) async fn record_failure(
    db: &DatabaseConnection,
    email: &str,
    client_ip: &str,
    now: DateTime<Utc>,
    action: AuditAction,
) -> Result<(), DbErr> {
    let txn = begin_write(db).await?;
    login_failure::ActiveModel {
        email: Set(email.chars().take(254).collect()),
        client_ip: Set(client_ip.chars().take(45).collect()),
        occurred_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    Change::new(action).after(json!({ "email": email, "client_ip": client_ip })).record(&txn).await?;
    txn.commit().await
}

/// Whether `user` must sign in with two factors: council staff always; suppliers when any
/// council on this portal has asked it of them.
pub async fn required_for(db: &impl ConnectionTrait, user: &app_user::Model) -> Result<bool, DbErr> {
    match Role::parse(&user.role) {
        Some(role) if role.always_needs_two_factor() => Ok(true),
        Some(_) => suppliers_must_use_it(db).await,
        None => Ok(true),
    }
}

async fn suppliers_must_use_it(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrganisationKind::Council.as_str()))
        .filter(organisation::Column::SuppliersNeedTwoFactor.eq(true))
        .count(db)
        .await?
        > 0)
}

/// The name of the signed-in person's organisation, for their account page.
pub async fn organisation_name(db: &DatabaseConnection, session: &ActiveSession) -> Result<String, AppError> {
    organisation::Entity::find_by_id(session.user.organisation_id)
        .one(db)
        .await
        .map_err(AppError::unexpected)?
        .map(|organisation| organisation.name)
        .ok_or(AppError::NotFound)
}

pub async fn sign_out(db: &DatabaseConnection, session: &ActiveSession) -> Result<(), DbErr> {
    let txn = begin_write(db).await?;
    sessions::end(&txn, session.session_id).await?;
    Change::by(session, AuditAction::SignedOut, session.user.id).record(&txn).await?;
    txn.commit().await
}

/// Abandons a half-done sign-in (the person chose to sign out before the second factor).
pub async fn abandon_sign_in(db: &DatabaseConnection, pending: &PendingSignIn) -> Result<(), DbErr> {
    sessions::end(db, pending.session_id).await
}

// ---- The person's own settings -----------------------------------------------------------

/// A person turns their reminders off (or on again); decisions still reach them.
#[tracing::instrument(skip(db, session), fields(user_id = session.map(|s| s.user.id)))]
pub async fn set_reminders(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    off: bool,
) -> Result<(), InviteError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let txn = begin_write(db).await?;
    let person = app_user::Entity::find_by_id(session.user.id).one(&txn).await?.ok_or(AccessError::NotFound)?;
    let before = person.reminders_off;
    app_user::ActiveModel { id: Set(person.id), reminders_off: Set(off), ..Default::default() }.update(&txn).await?;
    Change::by(session, AuditAction::RemindersChanged, session.user.id)
        .before(json!({ "reminders_off": before }))
        .after(json!({ "reminders_off": off }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---- The person's own sessions ------------------------------------------------------------

/// Ends one of the signed-in person's sessions (perhaps this one); anyone else's is not found.
#[tracing::instrument(skip(db, session), fields(user_id = session.map(|s| s.user.id)))]
pub async fn end_own_session(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    session_id: i64,
) -> Result<(), InviteError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let txn = begin_write(db).await?;
    let ended = user_session::Entity::delete_many()
        .filter(user_session::Column::Id.eq(session_id))
        .filter(user_session::Column::UserId.eq(session.user.id))
        .exec(&txn)
        .await?;
    if ended.rows_affected == 0 {
        return Err(AccessError::NotFound.into());
    }
    Change::by(session, AuditAction::SessionEnded, session.user.id)
        .after(json!({ "session_id": session_id, "this_session": session_id == session.session_id }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends every session of the signed-in person but this one; returns how many ended.
#[tracing::instrument(skip(db, session), fields(user_id = session.map(|s| s.user.id)))]
pub async fn end_other_sessions(db: &DatabaseConnection, session: Option<&ActiveSession>) -> Result<u64, InviteError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let txn = begin_write(db).await?;
    let ended = sessions::end_all_for_user(&txn, session.user.id, Some(session.session_id)).await?;
    Change::by(session, AuditAction::OtherSessionsEnded, session.user.id)
        .after(json!({ "sessions_ended": ended }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(ended)
}

// ---- Passwords ------------------------------------------------------------------------------

#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    #[error("some answers need correcting")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

unexpected_from_db!(ChangePasswordError);

impl From<ChangePasswordError> for AppError {
    fn from(error: ChangePasswordError) -> AppError {
        match error {
            ChangePasswordError::Invalid(errors) => AppError::invalid(errors),
            ChangePasswordError::Unexpected(error) => AppError::unexpected(error),
        }
    }
}

/// Changes the signed-in person's password and ends their other sessions.
#[tracing::instrument(skip_all, fields(user_id = session.user.id))]
pub async fn change_password(
    db: &DatabaseConnection,
    session: &ActiveSession,
    current_password: String,
    new_password: &str,
) -> Result<(), ChangePasswordError> {
    let mut errors = FieldErrors::default();
    let new_password = errors.check("new-password", NewPassword::parse(new_password));
    if !passwords::verify(current_password, Some(session.user.password_hash.clone())).await? {
        errors.0.insert(
            0,
            domain::form::FieldError {
                field_id: "current-password".into(),
                message: "Your current password is not correct".into(),
            },
        );
    }
    let (Some(new_password), true) = (new_password, errors.is_empty()) else {
        return Err(ChangePasswordError::Invalid(errors));
    };
    let hash = passwords::hash(new_password).await?;
    let txn = begin_write(db).await?;
    set_password(&txn, session.user.id, hash).await?;
    let ended = sessions::end_all_for_user(&txn, session.user.id, Some(session.session_id)).await?;
    Change::by(session, AuditAction::PasswordChanged, session.user.id)
        .after(json!({ "other_sessions_ended": ended }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

async fn set_password(db: &impl ConnectionTrait, user_id: i64, hash: String) -> Result<(), DbErr> {
    app_user::ActiveModel {
        id: Set(user_id),
        password_hash: Set(hash),
        password_changed_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Sends a single-use reset link if an active account uses `email`. It says nothing either way.
#[tracing::instrument(skip(db, base_url))]
pub async fn request_password_reset(db: &DatabaseConnection, email: &str, base_url: &str) -> Result<(), DbErr> {
    let Ok(email) = Email::parse(email) else { return Ok(()) };
    let Some(user) = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email.as_str()))
        .filter(app_user::Column::IsActive.eq(true))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let txn = begin_write(db).await?;
    let token = issue_token(
        &txn,
        PASSWORD_RESET,
        &email,
        Some(user.id),
        None,
        None,
        None,
        Duration::minutes(RESET_LIFETIME_MINUTES),
    )
    .await?;
    outbox::enqueue(
        &txn,
        &email,
        "Reset your Pledgebook password",
        format!(
            "Someone asked to reset the password for this email address.\n\nTo choose a new password, open this link within {RESET_LIFETIME_MINUTES} minutes:\n{base_url}{}\n\nIf it was not you, ignore this email: your password has not changed.\n",
            domain::routes::accounts::paths::RESET_PASSWORD.id(&token)
        ),
    )
    .await?;
    Change {
        actor_user_id: Some(user.id),
        organisation_id: Some(user.organisation_id),
        entity_id: Some(user.id.to_string()),
        ..Change::new(AuditAction::PasswordResetRequested)
    }
    .record(&txn)
    .await?;
    txn.commit().await
}

#[derive(Debug, thiserror::Error)]
pub enum TokenUseError {
    #[error("This link has expired or has already been used: ask for a new one")]
    ExpiredOrUsed,
    #[error("some answers need correcting")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

unexpected_from_db!(TokenUseError);

impl TokenUseError {
    /// The refusal in the one vocabulary; a dead link is reported against `field`, the form's
    /// first field, so that the page shows it where the person starts.
    pub fn reported_against(self, field: &str) -> AppError {
        match self {
            TokenUseError::Invalid(errors) => AppError::invalid(errors),
            expired @ TokenUseError::ExpiredOrUsed => AppError::invalid(FieldErrors::one(field, expired)),
            TokenUseError::Unexpected(error) => AppError::unexpected(error),
        }
    }
}

/// Sets a new password from a reset link, uses up the link, and ends every session of the user.
#[tracing::instrument(skip_all)]
pub async fn reset_password(db: &DatabaseConnection, token: &str, new_password: &str) -> Result<(), TokenUseError> {
    let mut errors = FieldErrors::default();
    let new_password = errors.check("new-password", NewPassword::parse(new_password));
    let record = live_token(db, PASSWORD_RESET, token).await?.ok_or(TokenUseError::ExpiredOrUsed)?;
    let user_id = record.user_id.ok_or(TokenUseError::ExpiredOrUsed)?;
    let Some(new_password) = new_password else {
        return Err(TokenUseError::Invalid(errors));
    };
    let hash = passwords::hash(new_password).await?;
    let txn = begin_write(db).await?;
    if !use_token(&txn, record.id).await? {
        return Err(TokenUseError::ExpiredOrUsed);
    }
    set_password(&txn, user_id, hash).await?;
    let ended = sessions::end_all_for_user(&txn, user_id, None).await?;
    Change {
        actor_user_id: Some(user_id),
        entity_id: Some(user_id.to_string()),
        ..Change::new(AuditAction::PasswordReset)
    }
    .after(json!({ "sessions_ended": ended }))
    .record(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---- Invitations and team members -------------------------------------------------------------

#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("some answers need correcting")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

unexpected_from_db!(InviteError);

impl From<InviteError> for AppError {
    fn from(error: InviteError) -> AppError {
        match error {
            InviteError::Access(access) => access.into(),
            InviteError::Invalid(errors) => AppError::invalid(errors),
            InviteError::Unexpected(error) => AppError::unexpected(error),
        }
    }
}

/// An administrator invites a colleague into their own organisation (suppliers invite their
/// team; council administrators create council officers and administrators this way): a
/// single-use link that expires in 7 days.
#[tracing::instrument(skip(db, session, base_url), fields(actor = session.map(|s| s.user.id)))]
pub async fn invite_team_member(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    email: &str,
    role: Role,
    base_url: &str,
) -> Result<(), InviteError> {
    let admin = require_admin(session)?;
    let admin_kind = Role::parse(&admin.user.role).map(Role::organisation_kind).ok_or(AccessError::Forbidden)?;
    let mut errors = FieldErrors::default();
    let email = errors.check("email", Email::parse(email));
    if role.organisation_kind() != admin_kind {
        errors.add("role", "Choose a role in your own organisation");
    }
    if let Some(email) = &email {
        if email_in_use(db, email).await? {
            errors.add("email", "Someone already has an account with this email address");
        }
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Err(InviteError::Invalid(errors));
    };
    let organisation_id = admin.user.organisation_id;
    let txn = begin_write(db).await?;
    let token = issue_token(
        &txn,
        INVITE,
        &email,
        None,
        Some(organisation_id),
        Some(role),
        Some(admin.user.id),
        Duration::days(INVITE_LIFETIME_DAYS),
    )
    .await?;
    outbox::enqueue(
        &txn,
        &email,
        "You have been invited to Pledgebook",
        format!(
            "{} has invited you to join their organisation on Pledgebook as: {}.\n\nTo accept, open this link within {INVITE_LIFETIME_DAYS} days:\n{base_url}{}\n",
            admin.user.full_name,
            role.label(),
            domain::routes::accounts::paths::ACCEPT_INVITATION.id(&token)
        ),
    )
    .await?;
    Change {
        actor_user_id: Some(admin.user.id),
        organisation_id: Some(organisation_id),
        entity_id: None,
        ..Change::new(AuditAction::TeamMemberInvited)
    }
    .after(json!({ "email": email.as_str(), "role": role.as_str() }))
    .record(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Accepting an invitation creates the account (returned); the link cannot be used again.
#[tracing::instrument(skip_all)]
pub async fn accept_invitation(
    db: &DatabaseConnection,
    token: &str,
    full_name: &str,
    password: &str,
) -> Result<app_user::Model, TokenUseError> {
    let record = live_token(db, INVITE, token).await?.ok_or(TokenUseError::ExpiredOrUsed)?;
    let mut errors = FieldErrors::default();
    let full_name = errors.required_text("full-name", full_name, "Enter your full name", "Full name", 200);
    let password = errors.check("password", NewPassword::parse(password));
    let (Some(full_name), Some(password)) = (full_name, password) else {
        return Err(TokenUseError::Invalid(errors));
    };
    let (Some(organisation_id), Some(role)) = (record.organisation_id, record.role.as_deref().and_then(Role::parse))
    else {
        return Err(TokenUseError::ExpiredOrUsed);
    };
    let email = Email::parse(&record.email).map_err(|_| TokenUseError::ExpiredOrUsed)?;
    let hash = passwords::hash(password).await?;
    let txn = begin_write(db).await?;
    if !use_token(&txn, record.id).await? || email_in_use(&txn, &email).await? {
        return Err(TokenUseError::ExpiredOrUsed);
    }
    let user = insert_user(&txn, organisation_id, &email, &full_name, hash, role, Utc::now()).await?;
    Change {
        actor_user_id: Some(user.id),
        organisation_id: Some(organisation_id),
        entity_id: Some(user.id.to_string()),
        ..Change::new(AuditAction::InvitationAccepted)
    }
    .after(json!({ "email": user.email, "role": user.role, "invited_by": record.created_by_user_id }))
    .record(&txn)
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// An administrator deactivates someone in their own organisation; their sessions end at once.
#[tracing::instrument(skip(db, session), fields(actor = session.map(|s| s.user.id)))]
pub async fn deactivate_user(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    user_id: i64,
) -> Result<(), InviteError> {
    let admin = require_admin(session)?;
    let target = colleague(db, admin, user_id).await?.ok_or(AccessError::NotFound)?;
    if target.id == admin.user.id {
        let mut errors = FieldErrors::default();
        errors.add("user", "You cannot deactivate your own account: ask another administrator to do it");
        return Err(InviteError::Invalid(errors));
    }
    let txn = begin_write(db).await?;
    if !another_administrator_remains(&txn, &target).await? {
        return Err(InviteError::Invalid(FieldErrors::one(&format!("role-{}", target.id), LAST_ADMINISTRATOR)));
    }
    app_user::ActiveModel { id: Set(target.id), is_active: Set(false), ..Default::default() }.update(&txn).await?;
    sessions::end_all_for_user(&txn, target.id, None).await?;
    Change::by(admin, AuditAction::UserDeactivated, target.id)
        .before(json!({ "is_active": target.is_active }))
        .after(json!({ "is_active": false }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// An administrator changes the role of someone in their own organisation (to another role of
/// the same kind of organisation). It takes effect on their next request.
#[tracing::instrument(skip(db, session), fields(actor = session.map(|s| s.user.id)))]
pub async fn change_role(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    user_id: i64,
    role: Option<Role>,
) -> Result<(), InviteError> {
    let admin = require_admin(session)?;
    let target = colleague(db, admin, user_id).await?.ok_or(AccessError::NotFound)?;
    let field = format!("role-{}", target.id);
    let admin_kind = Role::parse(&admin.user.role).map(Role::organisation_kind);
    let Some(role) = role.filter(|role| Some(role.organisation_kind()) == admin_kind) else {
        return Err(InviteError::Invalid(FieldErrors::one(&field, "Choose a role in your own organisation")));
    };
    if target.role == role.as_str() {
        return Ok(());
    }
    let txn = begin_write(db).await?;
    if !another_administrator_remains(&txn, &target).await? {
        return Err(InviteError::Invalid(FieldErrors::one(&field, LAST_ADMINISTRATOR)));
    }
    app_user::ActiveModel { id: Set(target.id), role: Set(role.as_str().into()), ..Default::default() }
        .update(&txn)
        .await?;
    Change::by(admin, AuditAction::RoleChanged, target.id)
        .before(json!({ "role": target.role }))
        .after(json!({ "role": role.as_str() }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

const LAST_ADMINISTRATOR: &str =
    "Your organisation must keep at least one active administrator: make someone else an administrator first";

/// Whether the organisation keeps an active administrator when `target` stops being one. It
/// locks the organisation's row first, so two administrators demoting each other at once
/// cannot both succeed.
async fn another_administrator_remains(txn: &impl ConnectionTrait, target: &app_user::Model) -> Result<bool, DbErr> {
    let Some(admin_role) = Role::parse(&target.role).filter(|role| role.is_admin()) else {
        return Ok(true);
    };
    if !target.is_active {
        return Ok(true);
    }
    db::lock_row::<organisation::Entity>(txn, organisation::Column::Id, target.organisation_id).await?;
    let others = app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.eq(target.organisation_id))
        .filter(app_user::Column::Role.eq(admin_role.as_str()))
        .filter(app_user::Column::IsActive.eq(true))
        .filter(app_user::Column::Id.ne(target.id))
        .count(txn)
        .await?;
    Ok(others > 0)
}

/// Someone in the administrator's own organisation; anyone else is not found.
pub(crate) async fn colleague(
    db: &impl ConnectionTrait,
    admin: &ActiveSession,
    user_id: i64,
) -> Result<Option<app_user::Model>, DbErr> {
    Ok(app_user::Entity::find_by_id(user_id).one(db).await?.filter(|u| u.organisation_id == admin.user.organisation_id))
}

/// The signed-in administrator of their organisation (supplier or council).
pub fn require_admin(session: Option<&ActiveSession>) -> Result<&ActiveSession, AccessError> {
    let actor = session.ok_or(AccessError::NotSignedIn)?;
    let admin_role = match Role::parse(&actor.user.role).map(Role::organisation_kind) {
        Some(OrganisationKind::Supplier) => Role::SupplierAdmin,
        Some(OrganisationKind::Council) => Role::CouncilAdmin,
        None => return Err(AccessError::Forbidden),
    };
    require(session, admin_role)
}

/// The people in the administrator's organisation.
pub async fn team_members(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
) -> Result<Vec<app_user::Model>, InviteError> {
    let admin = require_admin(session)?;
    Ok(app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.eq(admin.user.organisation_id))
        .order_by_asc(app_user::Column::FullName)
        .all(db)
        .await?)
}

// ---- Council administrators (the CLI) ---------------------------------------------------------

#[derive(Debug, thiserror::Error)]
pub enum CreateAdminError {
    #[error("{0:?}")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

unexpected_from_db!(CreateAdminError);

/// Creates a council (if it is new) and a council administrator in it: the first account.
#[tracing::instrument(skip(db, password))]
pub async fn create_council_admin(
    db: &DatabaseConnection,
    council_name: &str,
    full_name: &str,
    email: &str,
    password: &str,
) -> Result<i64, CreateAdminError> {
    let mut errors = FieldErrors::default();
    let council_name =
        errors.required_text("council-name", council_name, "Enter the council's name", "Council name", 200);
    let full_name =
        errors.required_text("full-name", full_name, "Enter the administrator's full name", "Full name", 200);
    let email = errors.check("email", Email::parse(email));
    let password = errors.check("password", NewPassword::parse(password));
    if let Some(email) = &email {
        if email_in_use(db, email).await? {
            errors.add("email", "An account already uses this email address");
        }
    }
    let (Some(council_name), Some(full_name), Some(email), Some(password), true) =
        (council_name, full_name, email, password, errors.is_empty())
    else {
        return Err(CreateAdminError::Invalid(errors));
    };
    let hash = passwords::hash(password).await?;
    let now = Utc::now();
    let txn = begin_write(db).await?;
    let existing = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrganisationKind::Council.as_str()))
        .filter(organisation::Column::Name.eq(&council_name))
        .one(&txn)
        .await?;
    let council = match existing {
        Some(council) => council,
        None => {
            organisation::ActiveModel {
                kind: Set(OrganisationKind::Council.as_str().into()),
                name: Set(council_name),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let user = insert_user(&txn, council.id, &email, &full_name, hash, Role::CouncilAdmin, now).await?;
    Change {
        organisation_id: Some(council.id),
        entity_id: Some(user.id.to_string()),
        ..Change::new(AuditAction::CouncilAdminCreated)
    }
    .after(json!({ "email": user.email, "role": user.role, "via": "command line" }))
    .record(&txn)
    .await?;
    txn.commit().await?;
    Ok(user.id)
}

// ---- Single-use tokens ----------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
async fn issue_token(
    db: &impl ConnectionTrait,
    purpose: &str,
    email: &Email,
    user_id: Option<i64>,
    organisation_id: Option<i64>,
    role: Option<Role>,
    created_by_user_id: Option<i64>,
    lifetime: Duration,
) -> Result<String, DbErr> {
    let token = new_secret();
    let now = Utc::now();
    one_time_token::ActiveModel {
        purpose: Set(purpose.into()),
        token_hash: Set(sha256_hex(&token)),
        organisation_id: Set(organisation_id),
        user_id: Set(user_id),
        email: Set(email.as_str().to_owned()),
        role: Set(role.map(|r| r.as_str().to_owned())),
        created_by_user_id: Set(created_by_user_id),
        created_at: Set(now),
        expires_at: Set(now + lifetime),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

async fn live_token(
    db: &impl ConnectionTrait,
    purpose: &str,
    token: &str,
) -> Result<Option<one_time_token::Model>, DbErr> {
    one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(sha256_hex(token)))
        .filter(one_time_token::Column::Purpose.eq(purpose))
        .filter(one_time_token::Column::UsedAt.is_null())
        .filter(one_time_token::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await
}

/// Marks a token used; false if another request used it first.
async fn use_token(db: &impl ConnectionTrait, token_id: i64) -> Result<bool, DbErr> {
    let updated = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(one_time_token::Column::Id.eq(token_id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}
