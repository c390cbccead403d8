//! The front end's files under `/pkg/`: served from their build-time `.br` and `.gz` twins (never
//! compressed on the fly), and cached for good under their content-hashed names.

use std::path::Path;
use std::sync::Arc;

use app::server::AppState;
use app::site_assets::SiteAssets;
use axum::extract::{Request, State};
use axum::http::header::{HeaderValue, CACHE_CONTROL};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;

/// A content-hashed file never changes under its name.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The asset names from cargo-leptos's hash file. Without one (a build made without
/// `hash-files`) the plain names, which are then revalidated on every use.
pub fn site_assets(hash_file: &Path) -> SiteAssets {
    let read = std::fs::read_to_string(hash_file);
    match read.as_deref().ok().and_then(|text| SiteAssets::from_hash_file("pledgebook", text)) {
        Some(assets) => assets,
        None => {
            tracing::warn!(
                hash_file = %hash_file.display(),
                "no asset hash file (build with cargo-leptos, or set ASSET_HASH_FILE): the assets keep their plain names"
            );
            SiteAssets::unhashed("pledgebook")
        }
    }
}

/// `/pkg/`: the built WASM, JS and CSS.
pub fn router(state: &AppState) -> Router<AppState> {
    let site_root: &str = &state.leptos_options.site_root;
    let files = ServeDir::new(Path::new(site_root).join("pkg")).precompressed_br().precompressed_gzip();
    Router::new()
        .nest_service("/pkg", files)
        .layer(axum::middleware::from_fn_with_state(Arc::new(state.assets.clone()), cache_policy))
}

/// Immutable for the current hashed files; anything else (an old name, a missing file) is
/// revalidated.
async fn cache_policy(State(assets): State<Arc<SiteAssets>>, request: Request, next: Next) -> Response {
    let hashed = request.uri().path().strip_prefix("/pkg/").is_some_and(|file| assets.is_hashed(file));
    let mut response = next.run(request).await;
    let found = matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT);
    let policy = if hashed && found { IMMUTABLE } else { "no-cache" };
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}
