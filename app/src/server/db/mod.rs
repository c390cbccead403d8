//! sea-orm entities and queries. Nothing else talks SQL.

pub mod app_user;
pub mod audit_chain_head;
pub mod audit_log;
pub mod email_outbox;
pub mod framework_measure;
pub mod framework_theme;
pub mod framework_version;
pub mod login_failure;
pub mod offer;
pub mod offer_item;
pub mod offer_submission;
pub mod one_time_token;
pub mod organisation;
pub mod tender;
pub mod tender_measure;
pub mod user_session;

use sea_orm::{DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait};

/// Begins a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (IMMEDIATE), so that a second writer waits its turn (the busy timeout) instead of failing
/// with "database is locked" when its deferred read would need upgrading to a write. Every
/// service's change starts here; PostgreSQL ignores the mode.
pub async fn begin_write(
    db: &impl TransactionTrait<Transaction = DatabaseTransaction>,
) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
