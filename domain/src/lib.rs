//! The words of DOMAIN.md as types. Each parses what a person typed into a value that is valid.

pub mod accounts;
pub mod audit;
pub mod contracts;
pub mod dates;
pub mod errors;
pub mod evaluation;
pub mod form;
pub mod frameworks;
pub mod glossary;
pub mod next_steps;
pub mod offers;
pub mod performance;
pub mod returns;
pub mod reviews;
pub mod routes;
pub mod sample_measures;
pub mod tenders;
