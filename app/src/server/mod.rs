//! Server-only code (the `ssr` feature): state, database access and use cases.

pub mod auth;
pub mod client_address;
pub mod cookies;
pub use db;
pub mod evaluation_export;
pub mod evidence;
pub mod framework_files;
pub mod published;
pub mod request;
pub mod security_policy;
pub mod services;
mod state;
pub mod two_factor;
pub mod zip_package;

pub use state::{AppState, SecuritySettings};
