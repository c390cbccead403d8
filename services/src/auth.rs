//! The single guard every handler and server function asks.

use crate::sessions::ActiveSession;
use domain::accounts::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    #[error("sign in to continue")]
    NotSignedIn,
    #[error("you do not have access to this page")]
    Forbidden,
    /// Another organisation's record: answered as if it did not exist.
    #[error("page not found")]
    NotFound,
}

/// The signed-in person, if they hold `role` (or a role that includes it).
pub fn require(session: Option<&ActiveSession>, role: Role) -> Result<&ActiveSession, AccessError> {
    let session = session.ok_or(AccessError::NotSignedIn)?;
    let held = Role::parse(&session.user.role).ok_or(AccessError::Forbidden)?;
    if held.includes(role) {
        Ok(session)
    } else {
        Err(AccessError::Forbidden)
    }
}

/// The record belongs to the signed-in person's organisation; otherwise it does not exist for them.
pub fn require_member_of(session: &ActiveSession, organisation_id: i64) -> Result<(), AccessError> {
    if session.user.organisation_id == organisation_id {
        Ok(())
    } else {
        Err(AccessError::NotFound)
    }
}

impl From<AccessError> for domain::errors::AppError {
    fn from(error: AccessError) -> domain::errors::AppError {
        use domain::errors::AppError;
        match error {
            AccessError::NotSignedIn => AppError::NotSignedIn,
            AccessError::Forbidden => AppError::Forbidden,
            AccessError::NotFound => AppError::NotFound,
        }
    }
}
