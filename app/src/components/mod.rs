//! Reusable, accessible pieces following the GOV.UK Design System patterns.

pub mod error_summary;
pub mod form_fields;
pub mod layout;
pub mod question_page;
