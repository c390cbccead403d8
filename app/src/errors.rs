//! The error every server function returns: safe messages only, never internals.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Sign in to continue")]
    NotSignedIn,
    #[error("You do not have access to this page")]
    Forbidden,
    #[error("Page not found")]
    NotFound,
    /// Logged in full on the server under `reference`; the person sees only the reference.
    #[error("Sorry, something went wrong. If it keeps happening, quote reference {reference}")]
    Unexpected { reference: String },
    #[error("Sorry, the request could not be completed: {0}")]
    Request(String),
    /// The change does not fit the record's state (e.g. a closed tender's offer): the reason.
    #[error("{0}")]
    Conflict(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Sets the response's status to match (401, 403, 404 or 500) and returns the error.
    /// For server functions; pages create their resources only once access is settled.
    pub fn with_status(self) -> AppError {
        use http::StatusCode;
        let status = match &self {
            AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Request(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unexpected { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
        self
    }

    /// Logs an internal error in full and returns the opaque error the person sees.
    pub fn unexpected(error: impl std::fmt::Display) -> AppError {
        let reference = crate::server::services::tokens::new_secret()[..8].to_uppercase();
        tracing::error!(%reference, error = %error, "unexpected error");
        AppError::Unexpected { reference }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::auth::AccessError> for AppError {
    fn from(error: crate::server::auth::AccessError) -> AppError {
        use crate::server::auth::AccessError;
        match error {
            AccessError::NotSignedIn => AppError::NotSignedIn,
            AccessError::Forbidden => AppError::Forbidden,
            AccessError::NotFound => AppError::NotFound,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::services::tenders::TenderError> for AppError {
    fn from(error: crate::server::services::tenders::TenderError) -> AppError {
        use crate::server::services::tenders::TenderError;
        match error {
            TenderError::Access(access) => access.into(),
            TenderError::WrongStatus(message) => AppError::Conflict(message.to_owned()),
            other => AppError::unexpected(format!("{other:?}")),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::services::offers::OfferError> for AppError {
    fn from(error: crate::server::services::offers::OfferError) -> AppError {
        use crate::server::services::offers::OfferError;
        match error {
            OfferError::Access(access) => access.into(),
            OfferError::Invalid(errors) => {
                AppError::Request(errors.0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "))
            }
            unexpected @ OfferError::Unexpected(_) => AppError::unexpected(format!("{unexpected:?}")),
            refused => AppError::Conflict(refused.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::services::frameworks::FrameworkError> for AppError {
    fn from(error: crate::server::services::frameworks::FrameworkError) -> AppError {
        use crate::server::services::frameworks::FrameworkError;
        match error {
            FrameworkError::Access(access) => access.into(),
            not_draft @ FrameworkError::NotDraft => AppError::Request(not_draft.to_string()),
            other => AppError::unexpected(format!("{other:?}")),
        }
    }
}
