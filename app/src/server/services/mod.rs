//! Use cases: each runs in one transaction (begun with `db::begin_write`) and writes its audit
//! entry in that transaction. Server functions, form routes and the CLI call these; tests too.
//! Each use case's error converts into the one vocabulary (`AppError`) beside its definition.

pub mod accounts;
pub mod audit;
pub mod contracts;
pub mod demo;
pub mod evaluation;
pub mod frameworks;
pub mod home;
pub mod notifications;
pub mod offers;
pub mod outbox;
pub mod passwords;
pub mod returns;
pub mod reviews;
pub mod sessions;
pub mod tenders;
pub mod tokens;
pub mod two_factor;

/// A database error inside a use case is unexpected: it becomes the error's `Unexpected`.
macro_rules! unexpected_from_db {
    ($($error:ty),* $(,)?) => {
        $(impl From<sea_orm::DbErr> for $error {
            fn from(error: sea_orm::DbErr) -> Self {
                Self::Unexpected(error.into())
            }
        })*
    };
}
pub(crate) use unexpected_from_db;
