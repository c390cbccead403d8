//! The audit trail: who did what, when, with the record before and after.
//!
//! Entries form a hash chain: each stores the hash of the one before it and a hash of its own
//! contents, so that an edited, removed or inserted entry is detected by `verify_chain`.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use serde_json::Value;

use super::sessions::ActiveSession;
use db::{audit_chain_head, audit_log};
pub use domain::audit::AuditAction;

const HEAD_ID: i32 = 1;

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change {
    pub actor_user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub action: AuditAction,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Change {
    /// A change with no one signed in to make it (a failed sign-in, the command line).
    pub fn new(action: AuditAction) -> Change {
        Change { actor_user_id: None, organisation_id: None, action, entity_id: None, before: None, after: None }
    }

    /// A change the signed-in person made, for their organisation, to the record `entity_id`.
    pub fn by(session: &ActiveSession, action: AuditAction, entity_id: impl ToString) -> Change {
        Change {
            actor_user_id: Some(session.user.id),
            organisation_id: Some(session.user.organisation_id),
            entity_id: Some(entity_id.to_string()),
            ..Change::new(action)
        }
    }

    pub fn before(self, before: Value) -> Change {
        Change { before: Some(before), ..self }
    }

    pub fn after(self, after: Value) -> Change {
        Change { after: Some(after), ..self }
    }

    /// Writes the change to the audit trail inside the caller's transaction.
    pub async fn record(self, txn: &impl ConnectionTrait) -> Result<(), DbErr> {
        record(txn, self).await
    }
}

/// Writes `change` to the audit trail inside the caller's transaction.
pub async fn record(txn: &impl ConnectionTrait, change: Change) -> Result<(), DbErr> {
    // Touching the head row first takes its write lock, so concurrent writers (in this process
    // or another) extend the chain one at a time.
    audit_chain_head::Entity::update_many()
        .col_expr(audit_chain_head::Column::Entries, Expr::col(audit_chain_head::Column::Entries).add(1))
        .filter(audit_chain_head::Column::Id.eq(HEAD_ID))
        .exec(txn)
        .await?;
    let head = audit_chain_head::Entity::find_by_id(HEAD_ID)
        .one(txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the audit chain head is missing".into()))?;

    let occurred_at = Utc::now().trunc_subsecs(6);
    let before_json = change.before.map(|v| v.to_string());
    let after_json = change.after.map(|v| v.to_string());
    let hash = entry_hash(&HashedFields {
        prev_hash: &head.last_hash,
        occurred_at,
        actor_user_id: change.actor_user_id,
        organisation_id: change.organisation_id,
        action: change.action.as_str(),
        entity_type: change.action.entity_type(),
        entity_id: change.entity_id.as_deref(),
        before_json: before_json.as_deref(),
        after_json: after_json.as_deref(),
    });
    audit_log::ActiveModel {
        occurred_at: Set(occurred_at),
        actor_user_id: Set(change.actor_user_id),
        organisation_id: Set(change.organisation_id),
        action: Set(change.action.as_str().to_owned()),
        entity_type: Set(change.action.entity_type().to_owned()),
        entity_id: Set(change.entity_id),
        before_json: Set(before_json),
        after_json: Set(after_json),
        prev_hash: Set(head.last_hash.clone()),
        hash: Set(hash.clone()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit_chain_head::ActiveModel {
        id: Set(HEAD_ID),
        last_hash: Set(hash),
        entries: sea_orm::ActiveValue::Unchanged(head.entries),
    }
    .update(txn)
    .await?;
    Ok(())
}

/// The fields an entry's hash covers, in a fixed order.
#[derive(Serialize)]
struct HashedFields<'a> {
    prev_hash: &'a str,
    occurred_at: DateTime<Utc>,
    actor_user_id: Option<i64>,
    organisation_id: Option<i64>,
    action: &'a str,
    entity_type: &'a str,
    entity_id: Option<&'a str>,
    before_json: Option<&'a str>,
    after_json: Option<&'a str>,
}

fn entry_hash(fields: &HashedFields<'_>) -> String {
    let canonical = serde_json::to_string(fields).expect("plain fields serialise");
    super::tokens::sha256_hex(&canonical)
}

#[derive(Debug, PartialEq, Eq)]
pub struct ChainReport {
    pub entries: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    #[error("audit entry {entry_id} does not follow the entry before it (removed or inserted entries)")]
    BrokenLink { entry_id: i64 },
    #[error("audit entry {entry_id} was changed after it was written")]
    Tampered { entry_id: i64 },
    #[error("the newest audit entries are missing (the chain head does not match the last entry)")]
    Truncated,
    #[error("could not read the audit trail")]
    Database(#[from] DbErr),
}

/// Walks the whole chain from the start and checks every link and every entry's hash.
pub async fn verify_chain(db: &impl ConnectionTrait) -> Result<ChainReport, ChainError> {
    let entries = audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(db).await?;
    let mut previous = "0".repeat(64);
    for entry in &entries {
        if entry.prev_hash != previous {
            return Err(ChainError::BrokenLink { entry_id: entry.id });
        }
        let recomputed = entry_hash(&HashedFields {
            prev_hash: &entry.prev_hash,
            occurred_at: entry.occurred_at,
            actor_user_id: entry.actor_user_id,
            organisation_id: entry.organisation_id,
            action: &entry.action,
            entity_type: &entry.entity_type,
            entity_id: entry.entity_id.as_deref(),
            before_json: entry.before_json.as_deref(),
            after_json: entry.after_json.as_deref(),
        });
        if recomputed != entry.hash {
            return Err(ChainError::Tampered { entry_id: entry.id });
        }
        previous = entry.hash.clone();
    }
    let head = audit_chain_head::Entity::find_by_id(HEAD_ID).one(db).await?;
    let head_matches = head.is_some_and(|h| h.last_hash == previous && h.entries == entries.len() as i64);
    if !head_matches {
        return Err(ChainError::Truncated);
    }
    Ok(ChainReport { entries: entries.len() as u64 })
}
