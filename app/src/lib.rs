//! Everything both sides share: the journeys (pages, server functions, form routes), the
//! components, the domain and the pure calculation core. Server-only code sits behind the `ssr` feature, so it never reaches the WASM.

#![recursion_limit = "256"]

pub use calc;
pub mod components;
pub use domain;
pub mod errors;
pub mod journeys;
mod layout;
pub mod page_context;

mod shell;
pub mod site_assets;

pub use shell::{shell, App, ShownAt};

#[cfg(feature = "ssr")]
pub mod server;
