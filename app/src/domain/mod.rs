//! The words of DOMAIN.md as types. Each parses what a person typed into a value that is valid.

pub mod accounts;
pub mod form;
pub mod frameworks;
pub mod sample_measures;
pub mod tenders;
