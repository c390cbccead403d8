//! One module per journey: each holds its view and, next to it, the server functions it calls.

pub mod accounts;
pub mod calculator;
pub mod frameworks;
pub mod home;
pub mod not_found;
pub mod tenders;
