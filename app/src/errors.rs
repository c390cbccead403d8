//! The one error vocabulary is the domain's `AppError`; this adds what only a page or a server
//! function can do with it.

pub use domain::errors::AppError;

/// Sets the response's status to the error's, for server functions (pages create their
/// resources only once access is settled).
#[cfg(feature = "ssr")]
pub trait WithStatus {
    fn with_status(self) -> AppError;
}

#[cfg(feature = "ssr")]
impl WithStatus for AppError {
    fn with_status(self) -> AppError {
        let status = http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
        self
    }
}
