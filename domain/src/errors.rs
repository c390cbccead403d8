//! The one error vocabulary. Every service's error converts into `AppError` next to where the
//! service defines it; `status` is the one mapping to HTTP, used by server functions and (in
//! the web crate's form routes) by form routes alike. Only safe messages are ever shown.

use serde::{Deserialize, Serialize};

use crate::form::{FieldErrors, FileProblem};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Sign in to continue")]
    NotSignedIn,
    #[error("You do not have access to this page")]
    Forbidden,
    /// Also another organisation's record: answered as if it did not exist.
    #[error("Page not found")]
    NotFound,
    /// What was sent needs correcting: a message for each field and, for an uploaded file, its
    /// problems row by row.
    #[error("{}", summary(errors))]
    Invalid { errors: FieldErrors, file_problems: Vec<FileProblem> },
    /// The change does not fit the record's state (e.g. a closed tender's offer): the reason.
    #[error("{0}")]
    Conflict(String),
    /// Logged in full on the server under `reference`; the person sees only the reference.
    #[error("Sorry, something went wrong. If it keeps happening, quote reference {reference}")]
    Unexpected { reference: String },
    /// A server function's request could not be read (server_fn's own errors).
    #[error("Sorry, the request could not be completed: {0}")]
    Request(String),
}

fn summary(errors: &FieldErrors) -> String {
    errors.0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")
}

impl AppError {
    pub fn invalid(errors: FieldErrors) -> AppError {
        AppError::Invalid { errors, file_problems: Vec::new() }
    }

    /// The HTTP status of each kind: the one mapping.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotSignedIn => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::Unexpected { .. } => 500,
            AppError::Request(_) => 400,
        }
    }
}

/// Server functions answer with this error (the pages' and the islands' alike).
#[cfg(feature = "server-fn")]
impl server_fn::error::FromServerFnError for AppError {
    type Encoder = server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Logs an internal error in full and returns the opaque error the person sees: a reference
    /// to quote, which the log line carries too.
    pub fn unexpected(error: impl std::fmt::Debug) -> AppError {
        use rand::Rng;
        const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let mut rng = rand::thread_rng();
        let reference: String = (0..8).map(|_| LETTERS[rng.gen_range(0..LETTERS.len())] as char).collect();
        tracing::error!(%reference, error = ?error, "unexpected error");
        AppError::Unexpected { reference }
    }
}

