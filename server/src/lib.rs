#![recursion_limit = "256"]

//! The Pledgebook server: what boots the portal. Configuration, the command line, connecting
//! and migrating, middleware, assembling the router, telemetry and the background mailer.
//! The journeys (pages, server functions, form routes) live in the `app` crate.

pub mod assets;
pub mod config;
pub mod db;
pub mod evidence;
pub mod mailer;
pub mod page_end;
mod routes;
pub mod security;
pub mod startup;
pub mod telemetry;
pub mod totp_key;

pub use config::Config;
pub use startup::Application;
