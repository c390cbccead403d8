//! Server-only code (the `ssr` feature) that the pages need and the use cases do not: the
//! server's state, the request's session and nonce, cookies, the client's address and the CSP.
//! The use cases themselves are the `services` crate.

pub mod client_address;
pub mod cookies;
pub mod request;
pub mod security_policy;
mod state;

pub use state::{AppState, SecuritySettings};
