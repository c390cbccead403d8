//! Server-side sessions. The cookie holds a random token; the database holds its SHA-256, the
//! user, and the times that end it (idle and absolute). Signing out deletes the row.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::tokens::{new_secret, sha256_hex};
use crate::server::db::{app_user, user_session};

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

/// Starts a new session (a new id every time: no fixation); returns the cookie's token.
pub async fn start(
    db: &impl ConnectionTrait,
    user_id: i64,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<(String, i64), DbErr> {
    let token = new_secret();
    let session = user_session::ActiveModel {
        token_hash: Set(sha256_hex(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + policy.absolute_timeout),
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
) -> Result<Option<ActiveSession>, DbErr> {
    let Some(session) =
        user_session::Entity::find().filter(user_session::Column::TokenHash.eq(sha256_hex(token))).one(db).await?
    else {
        return Ok(None);
    };
    let expired = now >= session.expires_at || now - session.last_seen_at >= policy.idle_timeout;
    let user = app_user::Entity::find_by_id(session.user_id).one(db).await?.filter(|u| u.is_active);
    let Some(user) = user.filter(|_| !expired) else {
        user_session::Entity::delete_by_id(session.id).exec(db).await?;
        return Ok(None);
    };
    // Record activity at most once a minute, to spare the database a write per request.
    if now - session.last_seen_at >= Duration::minutes(1) {
        user_session::ActiveModel { id: Set(session.id), last_seen_at: Set(now), ..Default::default() }
            .update(db)
            .await?;
    }
    Ok(Some(ActiveSession { session_id: session.id, user }))
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
