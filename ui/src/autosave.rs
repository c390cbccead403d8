//! The one server function an island calls: the offer builder's autosave. Its client half is
//! compiled into the WASM; on the server the web crate gives the saving itself (`DraftSaver`),
//! since only it knows who is asking, so this crate needs no server code.

use leptos::prelude::*;

use domain::errors::AppError;

/// Saves a draft as typed; answers when it was saved ("Saved at 14:32").
#[server(endpoint = "offers/autosave")]
pub async fn autosave_offer(id: i64, #[server(default)] fields: Vec<(String, String)>) -> Result<String, AppError> {
    let saver = use_context::<DraftSaver>()
        .ok_or_else(|| AppError::unexpected("the server gave the autosave no DraftSaver"))?;
    (saver.0)(id, fields).await
}

#[cfg(feature = "ssr")]
type SaveFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, AppError>> + Send>>;

/// How the server saves a draft: provided in the server functions' context by the server.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct DraftSaver(std::sync::Arc<dyn Fn(i64, Vec<(String, String)>) -> SaveFuture + Send + Sync>);

#[cfg(feature = "ssr")]
impl DraftSaver {
    pub fn new<F, Fut>(save: F) -> DraftSaver
    where
        F: Fn(i64, Vec<(String, String)>) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<String, AppError>> + Send + 'static,
    {
        DraftSaver(std::sync::Arc::new(move |id, fields| Box::pin(save(id, fields))))
    }
}
