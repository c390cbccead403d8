//! What the server knows about the request being answered: who is asking, and from where.

use services::sessions::{ActiveSession, PendingSignIn};

/// The signed-in person for this request, if any (put in the request's extensions by the server).
#[derive(Debug, Clone, Default)]
pub struct CurrentSession(pub Option<ActiveSession>);

/// A sign-in waiting for its second factor, if the cookie stands for one (put in the request's
/// extensions by the server). It is never a `CurrentSession`.
#[derive(Debug, Clone, Default)]
pub struct CurrentPendingSignIn(pub Option<PendingSignIn>);

/// For council staff, how many of the council's returns wait for review (put in the request's
/// extensions by the server, for pages' headers).
#[derive(Debug, Clone, Copy)]
pub struct ReviewsWaiting(pub u64);

/// This response's CSP nonce, issued by the server's header middleware before the page renders:
/// the policy header and the page's scripts take it from one place, so they always agree.
#[derive(Debug, Clone)]
pub struct PageNonce(pub String);

/// Gives the page being rendered the nonce its response's policy allows (see `PageNonce`); with
/// none issued (a test rendering a page alone), a fresh one.
pub fn provide_page_nonce() {
    let issued = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    match issued {
        Some(PageNonce(nonce)) => leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce)),
        None => leptos::nonce::provide_nonce(),
    }
}

/// The client's address, for sign-in throttling and the audit trail.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

/// The session of the request being rendered or answered (from Leptos context).
pub fn current_session() -> Option<ActiveSession> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentSession>().cloned())
        .and_then(|current| current.0)
}

/// The half-done sign-in of the request being rendered or answered, if any.
pub fn current_pending_sign_in() -> Option<PendingSignIn> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentPendingSignIn>().cloned())
        .and_then(|current| current.0)
}
