//! Server-side sessions. The cookie holds a random token; the database holds its SHA-256, the
//! user, and the times that end it (idle and absolute). Signing out deletes the row.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::tokens::{new_secret, sha256_hex};
use db::{app_user, user_session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, however active.
    pub absolute_timeout: Duration,
}

impl Default for SessionPolicy {
    fn default() -> SessionPolicy {
        SessionPolicy { idle_timeout: Duration::minutes(30), absolute_timeout: Duration::hours(12) }
    }
}

/// A live session and the person it belongs to.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub session_id: i64,
    pub user: app_user::Model,
}

/// How far a session's sign-in has gone. Only `SignedIn` is signed in: the others hold a
/// correct password and wait for the second factor, and count for nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    SignedIn,
    /// Two-factor is set up: the code (or a recovery code) comes next.
    AwaitingCode,
    /// Two-factor is required and not yet set up: setting it up comes next.
    AwaitingSetUp,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::SignedIn => "signed_in",
            Stage::AwaitingCode => "awaiting_code",
            Stage::AwaitingSetUp => "awaiting_setup",
        }
    }

    pub fn parse(stored: &str) -> Option<Stage> {
        [Stage::SignedIn, Stage::AwaitingCode, Stage::AwaitingSetUp].into_iter().find(|s| s.as_str() == stored)
    }
}

/// A sign-in half done: the password was right, the second factor is still to come.
#[derive(Debug, Clone)]
pub struct PendingSignIn {
    pub session_id: i64,
    pub user: app_user::Model,
    pub stage: Stage,
    pub user_agent: Option<String>,
}

/// What a session cookie stands for.
#[derive(Debug, Clone)]
pub enum Resolved {
    SignedIn(ActiveSession),
    Pending(PendingSignIn),
}

impl Resolved {
    pub fn signed_in(self) -> Option<ActiveSession> {
        match self {
            Resolved::SignedIn(session) => Some(session),
            Resolved::Pending(_) => None,
        }
    }
}

/// A half-done sign-in lasts this long.
pub const PENDING_LIFETIME_MINUTES: i64 = 10;

/// Starts a new session at `stage` (a new id and token every time: no fixation); returns the
/// cookie's token and the session's id.
pub async fn start(
    db: &impl ConnectionTrait,
    user_id: i64,
    stage: Stage,
    user_agent: Option<&str>,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<(String, i64), DbErr> {
    let token = new_secret();
    let lifetime =
        if stage == Stage::SignedIn { policy.absolute_timeout } else { Duration::minutes(PENDING_LIFETIME_MINUTES) };
    let session = user_session::ActiveModel {
        token_hash: Set(sha256_hex(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + lifetime),
        stage: Set(stage.as_str().into()),
        user_agent: Set(user_agent.map(|agent| agent.chars().take(300).collect())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((token, session.id))
}

/// The session for a cookie's token, if it is live and its user active; it records the activity.
pub async fn resolve(
    db: &impl ConnectionTrait,
    token: &str,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<Option<Resolved>, DbErr> {
    let Some(session) =
        user_session::Entity::find().filter(user_session::Column::TokenHash.eq(sha256_hex(token))).one(db).await?
    else {
        return Ok(None);
    };
    let expired = now >= session.expires_at || now - session.last_seen_at >= policy.idle_timeout;
    let user = app_user::Entity::find_by_id(session.user_id).one(db).await?.filter(|u| u.is_active);
    let (Some(user), Some(stage), false) = (user, Stage::parse(&session.stage), expired) else {
        user_session::Entity::delete_by_id(session.id).exec(db).await?;
        return Ok(None);
    };
    // Record activity at most once a minute, to spare the database a write per request.
    if now - session.last_seen_at >= Duration::minutes(1) {
        user_session::ActiveModel { id: Set(session.id), last_seen_at: Set(now), ..Default::default() }
            .update(db)
            .await?;
    }
    Ok(Some(match stage {
        Stage::SignedIn => Resolved::SignedIn(ActiveSession { session_id: session.id, user }),
        pending => Resolved::Pending(PendingSignIn {
            session_id: session.id,
            user,
            stage: pending,
            user_agent: session.user_agent,
        }),
    }))
}

/// A person's own live sessions, most recently used first.
pub async fn list_for_user(
    db: &impl ConnectionTrait,
    user_id: i64,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<user_session::Model>, DbErr> {
    use sea_orm::QueryOrder;
    user_session::Entity::find()
        .filter(user_session::Column::UserId.eq(user_id))
        .filter(user_session::Column::Stage.eq(Stage::SignedIn.as_str()))
        .filter(user_session::Column::ExpiresAt.gt(now))
        .filter(user_session::Column::LastSeenAt.gt(now - policy.idle_timeout))
        .order_by_desc(user_session::Column::LastSeenAt)
        .all(db)
        .await
}

pub async fn end(db: &impl ConnectionTrait, session_id: i64) -> Result<(), DbErr> {
    user_session::Entity::delete_by_id(session_id).exec(db).await.map(|_| ())
}

/// Ends every session of a user but `keep` (after a password change, from the session that made it).
pub async fn end_all_for_user(db: &impl ConnectionTrait, user_id: i64, keep: Option<i64>) -> Result<u64, DbErr> {
    let mut delete = user_session::Entity::delete_many().filter(user_session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        delete = delete.filter(user_session::Column::Id.ne(keep));
    }
    Ok(delete.exec(db).await?.rows_affected)
}
