//! What the server knows about the request being answered: who is asking, and from where.

use crate::server::services::sessions::ActiveSession;

/// The signed-in person for this request, if any (put in the request's extensions by the server).
#[derive(Debug, Clone, Default)]
pub struct CurrentSession(pub Option<ActiveSession>);

/// The client's address, for sign-in throttling and the audit trail.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

/// The session of the request being rendered or answered (from Leptos context).
pub fn current_session() -> Option<ActiveSession> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentSession>().cloned())
        .and_then(|current| current.0)
}
