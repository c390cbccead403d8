//! sea-orm entities and queries. Nothing else talks SQL.

pub mod app_user;
pub mod audit_chain_head;
pub mod audit_log;
pub mod commitment;
pub mod contract;
pub mod contract_officer;
pub mod email_outbox;
pub mod evaluator;
pub mod evaluator_mark;
pub mod evidence_file;
pub mod evidence_upload;
pub mod framework_measure;
pub mod framework_theme;
pub mod framework_version;
pub mod line_exclusion;
pub mod line_review;
pub mod login_failure;
pub mod moderated_mark;
pub mod offer;
pub mod offer_item;
pub mod offer_submission;
pub mod one_time_token;
pub mod organisation;
pub mod quarterly_return;
pub mod recovery_code;
pub mod return_line;
pub mod tender;
pub mod tender_measure;
pub mod user_session;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

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

/// Makes a transaction's first statement a write to one row (changing nothing), so that changes
/// under that row (a tender's offers, a draft's themes) happen one at a time: PostgreSQL holds
/// the row's lock to the end of the transaction, as SQLite's IMMEDIATE begin holds its own.
pub async fn lock_row<E: EntityTrait>(txn: &impl ConnectionTrait, id_column: E::Column, id: i64) -> Result<(), DbErr> {
    E::update_many().col_expr(id_column, Expr::col(id_column)).filter(id_column.eq(id)).exec(txn).await?;
    Ok(())
}
