//! Use cases: each runs in one transaction and writes its audit entry in that transaction.
//! Server functions and the CLI call these; tests call them too.

pub mod accounts;
pub mod audit;
pub mod demo;
pub mod frameworks;
pub mod offers;
pub mod outbox;
pub mod passwords;
pub mod sessions;
pub mod tenders;
pub mod tokens;
