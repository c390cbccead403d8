//! The use cases, with what they need and nothing of the web: each runs in one transaction
//! (begun with `db::begin_write`) and writes its audit entry in that transaction. The web crate's
//! server functions and form routes call these, and so do the server's CLI and the tests. Each use
//! case's error converts into the one vocabulary (`domain::errors::AppError`) beside its
//! definition. No Leptos: what a use case needs from the request (who is asking, the published
//! frameworks' cache) it takes as arguments.

pub use calc;
pub use db;
pub use domain;

// Use cases.
pub mod accounts;
pub mod audit;
pub mod contract_access;
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

// What they stand on.
pub mod auth;
pub mod evaluation_export;
pub mod evidence;
pub mod framework_files;
pub mod published;
pub mod totp;
pub mod zip_package;

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
