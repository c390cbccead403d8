//! sea-orm entities and queries. Nothing else talks SQL.

pub mod app_user;
pub mod audit_chain_head;
pub mod audit_log;
pub mod email_outbox;
pub mod framework_measure;
pub mod framework_theme;
pub mod framework_version;
pub mod login_failure;
pub mod offer;
pub mod offer_item;
pub mod offer_submission;
pub mod one_time_token;
pub mod organisation;
pub mod tender;
pub mod tender_measure;
pub mod user_session;
