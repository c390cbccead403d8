//! One folder per journey: its pages and islands, the server functions they read through, its
//! form POST handlers and route table (`forms.rs`, server only), and its addresses, together.

pub mod accounts;
pub mod calculator;
pub mod contracts;
pub mod evaluation;
pub mod frameworks;
pub mod guides;
pub mod home;
pub mod not_found;
pub mod offers;
pub mod returns;
pub mod reviews;
pub mod tenders;

#[cfg(feature = "ssr")]
pub mod form_routes;

pub use domain::routes::FormPath;
