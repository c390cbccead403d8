//! Reusable, accessible pieces following the GOV.UK Design System patterns.

pub mod banner;
pub use ui::error_summary;
pub mod form_fields;
pub mod question_page;
pub use ui::raw_text;
pub mod summary_list;
