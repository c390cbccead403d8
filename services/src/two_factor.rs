//! Two-factor sign-in: who must use it, setting it up, the second step of signing in (a code
//! or a recovery code), new recovery codes, an administrator's reset of a colleague's, and a
//! council's choice that suppliers use it too. The cryptography is in `server::two_factor`.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};
use serde_json::json;

use super::accounts::{
    colleague, finish_sign_in, record_failure, require_admin, throttled, SignInError, SignedIn, ThrottlePolicy,
};
use super::audit::{AuditAction, Change};
use super::sessions::{self, ActiveSession, PendingSignIn, SessionPolicy, Stage};
use super::{passwords, unexpected_from_db};
use crate::auth::{require, AccessError};
use crate::totp::{self as crypto, TotpKey};
use db::{app_user, begin_write, organisation, recovery_code};
use domain::accounts::Role;
use domain::errors::AppError;
use domain::form::FieldErrors;

/// The form field for an authenticator code, and for a recovery code.
pub const CODE_FIELD: &str = "code";
pub const RECOVERY_CODE_FIELD: &str = "recovery-code";

#[derive(Debug, thiserror::Error)]
pub enum TwoFactorError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("some answers need correcting")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

unexpected_from_db!(TwoFactorError);

impl From<TwoFactorError> for AppError {
    fn from(error: TwoFactorError) -> AppError {
        match error {
            TwoFactorError::Access(access) => access.into(),
            TwoFactorError::Invalid(errors) => AppError::invalid(errors),
            TwoFactorError::Unexpected(error) => AppError::unexpected(error),
        }
    }
}

// ---- Setting it up ----------------------------------------------------------------------------

/// Who is setting two-factor up: someone signed in (adding it, or changing their app), or
/// someone signing in who must set it up before they can go on.
#[derive(Debug, Clone, Copy)]
pub enum SetUpPerson<'a> {
    SignedIn(&'a ActiveSession),
    SigningIn(&'a PendingSignIn),
}

impl SetUpPerson<'_> {
    /// The person asking, if they may set up two-factor now.
    pub fn of<'a>(
        session: Option<&'a ActiveSession>,
        pending: Option<&'a PendingSignIn>,
    ) -> Result<SetUpPerson<'a>, AccessError> {
        match (session, pending) {
            (Some(session), _) => Ok(SetUpPerson::SignedIn(session)),
            (None, Some(pending)) if pending.stage == Stage::AwaitingSetUp => Ok(SetUpPerson::SigningIn(pending)),
            _ => Err(AccessError::NotSignedIn),
        }
    }

    fn user_id(&self) -> i64 {
        match self {
            SetUpPerson::SignedIn(session) => session.user.id,
            SetUpPerson::SigningIn(pending) => pending.user.id,
        }
    }
}

/// Makes a new secret for the person's authenticator app, kept (sealed) until a first code
/// confirms it. Any two-factor already set up keeps working until then.
#[tracing::instrument(skip_all, fields(user_id = person.user_id()))]
pub async fn start_set_up(
    db: &DatabaseConnection,
    key: &TotpKey,
    person: SetUpPerson<'_>,
) -> Result<(), TwoFactorError> {
    let user_id = person.user_id();
    let sealed = key.seal(user_id, &crypto::new_secret());
    app_user::ActiveModel { id: Set(user_id), totp_pending_secret: Set(Some(sealed)), ..Default::default() }
        .update(db)
        .await?;
    Ok(())
}

/// What the set-up page shows: the QR code and the same secret as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetUpDetails {
    pub qr_code_image: String,
    pub secret_text: String,
    pub account: String,
}

/// The secret being set up, if set-up has started.
pub async fn set_up_details(
    db: &DatabaseConnection,
    key: &TotpKey,
    person: SetUpPerson<'_>,
) -> Result<Option<SetUpDetails>, TwoFactorError> {
    let user = fresh_user(db, person.user_id()).await?;
    let Some(sealed) = user.totp_pending_secret.as_deref() else {
        return Ok(None);
    };
    let secret = key.open(user.id, sealed).map_err(anyhow::Error::from)?;
    let address = crypto::setup_address(&secret, &user.email)
        .ok_or_else(|| anyhow::anyhow!("no otpauth address for user {}", user.id))?;
    let qr_code_image =
        crypto::qr_code_image(&address).ok_or_else(|| anyhow::anyhow!("no QR code for user {}", user.id))?;
    Ok(Some(SetUpDetails { qr_code_image, secret_text: crypto::secret_text(&secret), account: user.email }))
}

/// Two-factor, switched on: the recovery codes (shown once) and, for someone who set it up
/// while signing in, their new session.
#[derive(Debug)]
pub struct Enabled {
    pub recovery_codes: Vec<String>,
    pub signed_in: Option<SignedIn>,
}

/// Confirms set-up with a first code from the app: the new secret replaces any old one, ten
/// new recovery codes replace any old ones, and the person's other sessions end.
#[tracing::instrument(skip(db, key, code, policy), fields(user_id = person.user_id()))]
pub async fn confirm_set_up(
    db: &DatabaseConnection,
    key: &TotpKey,
    person: SetUpPerson<'_>,
    code: &str,
    client_ip: &str,
    policy: SessionPolicy,
) -> Result<Enabled, TwoFactorError> {
    let user = fresh_user(db, person.user_id()).await?;
    let Some(sealed) = user.totp_pending_secret.clone() else {
        return Err(TwoFactorError::Invalid(FieldErrors::one(
            CODE_FIELD,
            "This set-up has ended or was never started: start setting up two-factor sign-in again",
        )));
    };
    let secret = key.open(user.id, &sealed).map_err(anyhow::Error::from)?;
    let now = Utc::now();
    let Some(step) = crypto::matching_step(&secret, code, now.timestamp() as u64) else {
        return Err(TwoFactorError::Invalid(FieldErrors::one(
            CODE_FIELD,
            "Enter the 6-digit code your authenticator app shows now for Pledgebook",
        )));
    };
    let (recovery_codes, hashes) = new_recovery_codes_hashed().await?;
    let txn = begin_write(db).await?;
    app_user::ActiveModel {
        id: Set(user.id),
        totp_secret: Set(Some(sealed)),
        totp_pending_secret: Set(None),
        totp_enabled_at: Set(Some(now)),
        totp_last_step: Set(Some(step)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    replace_recovery_codes(&txn, user.id, hashes).await?;
    let (keep, actor) = match person {
        SetUpPerson::SignedIn(session) => (Some(session.session_id), session.user.id),
        SetUpPerson::SigningIn(_) => (None, user.id),
    };
    let ended = sessions::end_all_for_user(&txn, user.id, keep).await?;
    Change {
        actor_user_id: Some(actor),
        organisation_id: Some(user.organisation_id),
        entity_id: Some(user.id.to_string()),
        ..Change::new(AuditAction::TwoFactorEnabled)
    }
    .after(json!({ "recovery_codes": recovery_codes.len(), "other_sessions_ended": ended }))
    .record(&txn)
    .await?;
    let signed_in = match person {
        SetUpPerson::SignedIn(_) => None,
        SetUpPerson::SigningIn(pending) => Some(
            finish_sign_in(
                &txn,
                user,
                None,
                pending.user_agent.as_deref(),
                client_ip,
                json!({ "two_factor": "set_up" }),
                policy,
                now,
            )
            .await?,
        ),
    };
    txn.commit().await?;
    Ok(Enabled { recovery_codes, signed_in })
}

/// Ten new codes, and their hashes to store.
async fn new_recovery_codes_hashed() -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let codes = crypto::new_recovery_codes();
    let mut hashes = Vec::with_capacity(codes.len());
    for code in &codes {
        hashes.push(passwords::hash_secret(crypto::normalise_recovery_code(code)).await?);
    }
    Ok((codes, hashes))
}

async fn replace_recovery_codes(txn: &impl ConnectionTrait, user_id: i64, hashes: Vec<String>) -> Result<(), DbErr> {
    recovery_code::Entity::delete_many().filter(recovery_code::Column::UserId.eq(user_id)).exec(txn).await?;
    let now = Utc::now();
    let rows = hashes.into_iter().map(|code_hash| recovery_code::ActiveModel {
        user_id: Set(user_id),
        code_hash: Set(code_hash),
        created_at: Set(now),
        used_at: Set(None),
        ..Default::default()
    });
    recovery_code::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

/// Ten new recovery codes for someone signed in with two-factor on; the old ones stop working.
#[tracing::instrument(skip_all, fields(user_id = session.map(|s| s.user.id)))]
pub async fn replace_recovery_codes_of(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
) -> Result<Vec<String>, TwoFactorError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let user = fresh_user(db, session.user.id).await?;
    if user.totp_secret.is_none() {
        return Err(TwoFactorError::Invalid(FieldErrors::one(
            "main-content",
            "Set up two-factor sign-in first: recovery codes come with it",
        )));
    }
    let (codes, hashes) = new_recovery_codes_hashed().await?;
    let txn = begin_write(db).await?;
    replace_recovery_codes(&txn, user.id, hashes).await?;
    Change::by(session, AuditAction::RecoveryCodesReplaced, user.id)
        .after(json!({ "recovery_codes": codes.len() }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(codes)
}

// ---- The second step of signing in ----------------------------------------------------------

/// Signs in with the code the person's app shows. Codes are throttled as passwords are, and a
/// code (or an earlier one) that has been accepted once is never accepted again.
#[tracing::instrument(skip(db, key, pending, code, throttle, policy), fields(user_id = pending.user.id))]
pub async fn sign_in_with_code(
    db: &DatabaseConnection,
    key: &TotpKey,
    pending: &PendingSignIn,
    code: &str,
    client_ip: &str,
    throttle: ThrottlePolicy,
    policy: SessionPolicy,
) -> Result<SignedIn, SignInError> {
    let now = Utc::now();
    let user = waiting_for_code(db, pending).await?;
    if throttled(db, &user.email, client_ip, throttle, now).await? {
        record_failure(db, &user.email, client_ip, now, AuditAction::SignInLockedOut).await?;
        return Err(SignInError::LockedOut);
    }
    let sealed = user.totp_secret.as_deref().ok_or(SignInError::WrongCode)?;
    let secret = key.open(user.id, sealed).map_err(anyhow::Error::from)?;
    let Some(step) = crypto::matching_step(&secret, code, now.timestamp() as u64) else {
        record_failure(db, &user.email, client_ip, now, AuditAction::SignInFailed).await?;
        return Err(SignInError::WrongCode);
    };
    let txn = begin_write(db).await?;
    // Taking the step only if it is later than the last one taken refuses a replay, even from
    // two requests at once.
    let taken = app_user::Entity::update_many()
        .col_expr(app_user::Column::TotpLastStep, Expr::value(step))
        .filter(app_user::Column::Id.eq(user.id))
        .filter(
            Condition::any().add(app_user::Column::TotpLastStep.is_null()).add(app_user::Column::TotpLastStep.lt(step)),
        )
        .exec(&txn)
        .await?;
    if taken.rows_affected != 1 {
        txn.rollback().await?;
        record_failure(db, &user.email, client_ip, now, AuditAction::SignInFailed).await?;
        return Err(SignInError::WrongCode);
    }
    let user_agent = pending.user_agent.clone();
    let how = json!({ "two_factor": "code" });
    let signed_in =
        finish_sign_in(&txn, user, Some(pending), user_agent.as_deref(), client_ip, how, policy, now).await?;
    txn.commit().await?;
    Ok(signed_in)
}

/// Signs in with one of the person's recovery codes, which is then used up.
#[tracing::instrument(skip(db, pending, typed, throttle, policy), fields(user_id = pending.user.id))]
pub async fn sign_in_with_recovery_code(
    db: &DatabaseConnection,
    pending: &PendingSignIn,
    typed: &str,
    client_ip: &str,
    throttle: ThrottlePolicy,
    policy: SessionPolicy,
) -> Result<SignedIn, SignInError> {
    let now = Utc::now();
    let user = waiting_for_code(db, pending).await?;
    if throttled(db, &user.email, client_ip, throttle, now).await? {
        record_failure(db, &user.email, client_ip, now, AuditAction::SignInLockedOut).await?;
        return Err(SignInError::LockedOut);
    }
    let typed = crypto::normalise_recovery_code(typed);
    let unused = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user.id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .all(db)
        .await?;
    let mut matched = None;
    if !typed.is_empty() {
        for code in &unused {
            if passwords::verify(typed.clone(), Some(code.code_hash.clone())).await? {
                matched = Some(code.id);
                break;
            }
        }
    }
    let Some(code_id) = matched else {
        record_failure(db, &user.email, client_ip, now, AuditAction::SignInFailed).await?;
        return Err(SignInError::WrongRecoveryCode);
    };
    let txn = begin_write(db).await?;
    let used = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
        .filter(recovery_code::Column::Id.eq(code_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        txn.rollback().await?;
        return Err(SignInError::WrongRecoveryCode);
    }
    let user_agent = pending.user_agent.clone();
    let how = json!({ "two_factor": "recovery_code", "recovery_codes_left": unused.len() - 1 });
    let signed_in =
        finish_sign_in(&txn, user, Some(pending), user_agent.as_deref(), client_ip, how, policy, now).await?;
    txn.commit().await?;
    Ok(signed_in)
}

/// The person's row as it is now, if their sign-in is waiting for a code.
async fn waiting_for_code(db: &DatabaseConnection, pending: &PendingSignIn) -> Result<app_user::Model, SignInError> {
    if pending.stage != Stage::AwaitingCode {
        return Err(SignInError::WrongCode);
    }
    Ok(fresh_user(db, pending.user.id).await?)
}

async fn fresh_user(db: &impl ConnectionTrait, user_id: i64) -> Result<app_user::Model, DbErr> {
    app_user::Entity::find_by_id(user_id).one(db).await?.ok_or_else(|| DbErr::RecordNotFound(format!("user {user_id}")))
}

// ---- The account page, and administrators ------------------------------------------------------

/// Two-factor as the account page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub enabled: bool,
    pub required: bool,
    pub recovery_codes_left: u64,
}

pub async fn status(db: &DatabaseConnection, session: &ActiveSession) -> Result<Status, DbErr> {
    let user = fresh_user(db, session.user.id).await?;
    let recovery_codes_left = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user.id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await?;
    Ok(Status {
        enabled: user.totp_secret.is_some(),
        required: super::accounts::required_for(db, &user).await?,
        recovery_codes_left,
    })
}

/// An administrator clears a colleague's two-factor (a lost phone and lost recovery codes):
/// their sessions end, and they set it up again at their next sign-in.
#[tracing::instrument(skip(db, session), fields(actor = session.map(|s| s.user.id)))]
pub async fn reset_for(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    user_id: i64,
) -> Result<(), TwoFactorError> {
    let admin = require_admin(session)?;
    let target = colleague(db, admin, user_id).await?.ok_or(AccessError::NotFound)?;
    if target.id == admin.user.id {
        return Err(TwoFactorError::Invalid(FieldErrors::one(
            &format!("role-{}", target.id),
            "To change your own authenticator app, set two-factor up again from your account page",
        )));
    }
    let txn = begin_write(db).await?;
    app_user::ActiveModel {
        id: Set(target.id),
        totp_secret: Set(None),
        totp_pending_secret: Set(None),
        totp_enabled_at: Set(None),
        totp_last_step: Set(None),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    recovery_code::Entity::delete_many().filter(recovery_code::Column::UserId.eq(target.id)).exec(&txn).await?;
    let ended = sessions::end_all_for_user(&txn, target.id, None).await?;
    Change::by(admin, AuditAction::TwoFactorReset, target.id)
        .before(json!({ "enabled": target.totp_secret.is_some() }))
        .after(json!({ "enabled": false, "sessions_ended": ended }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The council's choice that suppliers sign in with two factors too (for the team page).
pub async fn suppliers_requirement(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
) -> Result<bool, TwoFactorError> {
    let admin = require(session, Role::CouncilAdmin)?;
    let council =
        organisation::Entity::find_by_id(admin.user.organisation_id).one(db).await?.ok_or(AccessError::NotFound)?;
    Ok(council.suppliers_need_two_factor)
}

/// A council administrator asks every supplier to sign in with two factors (from their next
/// sign-in), or stops asking.
#[tracing::instrument(skip(db, session), fields(actor = session.map(|s| s.user.id)))]
pub async fn set_suppliers_requirement(
    db: &DatabaseConnection,
    session: Option<&ActiveSession>,
    required: Option<bool>,
) -> Result<(), TwoFactorError> {
    let before = suppliers_requirement(db, session).await?;
    let admin = require(session, Role::CouncilAdmin)?;
    let Some(required) = required else {
        return Err(TwoFactorError::Invalid(FieldErrors::one(
            domain::routes::accounts::fields::SUPPLIERS_TWO_FACTOR,
            "Choose whether suppliers must use two-factor sign-in",
        )));
    };
    let txn = begin_write(db).await?;
    organisation::ActiveModel {
        id: Set(admin.user.organisation_id),
        suppliers_need_two_factor: Set(required),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    Change::by(admin, AuditAction::SuppliersTwoFactorChanged, admin.user.organisation_id)
        .before(json!({ "suppliers_need_two_factor": before }))
        .after(json!({ "suppliers_need_two_factor": required }))
        .record(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Gives `user_id` a known authenticator secret, already confirmed: the demo council's
/// accounts, so that a new user can try two-factor sign-in, and the tests' accounts.
pub async fn enable_with_secret(
    db: &impl ConnectionTrait,
    key: &TotpKey,
    user_id: i64,
    secret: &[u8],
) -> Result<(), DbErr> {
    app_user::ActiveModel {
        id: Set(user_id),
        totp_secret: Set(Some(key.seal(user_id, secret))),
        totp_pending_secret: Set(None),
        totp_enabled_at: Set(Some(Utc::now())),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}
