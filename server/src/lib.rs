#![recursion_limit = "256"]

//! The Pledgebook server: configuration, database, router and the HTTP listener.

pub mod config;
pub mod db;
mod forms;
mod framework_forms;
pub mod mailer;
mod routes;
pub mod security;
pub mod startup;
pub mod telemetry;
mod tender_forms;

pub use config::Config;
pub use startup::Application;
