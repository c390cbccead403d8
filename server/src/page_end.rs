//! The end of every page, settled once the page's HTML has streamed past:
//! - Leptos streams its serialized-data scripts (`__RESOLVED_RESOURCES`, `__INCOMPLETE_CHUNKS`…)
//!   after the document's closing `</body></html>`, where HTML allows no script. The closing
//!   tags are moved to the end of the stream instead, so the scripts sit inside `<body>`.
//! - A page that held an island (`<leptos-island`, wherever it rendered, even inside a
//!   `Suspense`) gets the scripts that load the WASM just before `</body>`; any other page loads
//!   none.
//!
//! The page still streams: at most the 14 bytes that may begin `</body></html>` are held back.

use std::sync::{Arc, Mutex};

use app::server::request::PageNonce;
use app::site_assets::{island_scripts, SiteAssets};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use futures::StreamExt;

const CLOSING: &[u8] = b"</body></html>";
const ISLAND: &[u8] = b"<leptos-island";

pub async fn finish_page(State(assets): State<Arc<SiteAssets>>, request: Request, next: Next) -> Response {
    // Issued by `security::security_headers`, which puts it in the page's policy.
    let nonce = request.extensions().get::<PageNonce>().map(|issued| issued.0.clone());
    let response = next.run(request).await;
    let headers = response.headers();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !html {
        return response;
    }
    let (parts, body) = response.into_parts();
    let page = Arc::new(Mutex::new(PageEnd::default()));
    let at_end = page.clone();
    let chunks = body.into_data_stream().map(move |chunk| chunk.map(|bytes| lock(&page).pass(&bytes)));
    let end = futures::stream::once(async move {
        let scripts = move || island_scripts(&assets, nonce.as_deref());
        Ok::<_, axum::Error>(lock(&at_end).finish(scripts))
    });
    Response::from_parts(parts, Body::from_stream(chunks.chain(end)))
}

fn lock(page: &Mutex<PageEnd>) -> std::sync::MutexGuard<'_, PageEnd> {
    page.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Follows a page's stream: takes the first `</body></html>` out (wherever chunks split it) to
/// put it back at the end, and notes whether an island went past.
#[derive(Default)]
struct PageEnd {
    /// The end of what came so far, held while it may be the start of the closing tags.
    held: Vec<u8>,
    closing_moved: bool,
    /// The last bytes passed, so that `<leptos-island` split across chunks is still seen.
    tail: Vec<u8>,
    island_seen: bool,
}

impl PageEnd {
    fn pass(&mut self, chunk: &[u8]) -> Bytes {
        self.look_for_islands(chunk);
        if self.closing_moved {
            return Bytes::copy_from_slice(chunk);
        }
        let mut data = std::mem::take(&mut self.held);
        data.extend_from_slice(chunk);
        if let Some(at) = find(&data, CLOSING) {
            self.closing_moved = true;
            data.drain(at..at + CLOSING.len());
            return Bytes::from(data);
        }
        let keep = (1..CLOSING.len()).rev().find(|&n| n <= data.len() && data.ends_with(&CLOSING[..n])).unwrap_or(0);
        self.held = data.split_off(data.len() - keep);
        Bytes::from(data)
    }

    fn look_for_islands(&mut self, chunk: &[u8]) {
        if self.island_seen {
            return;
        }
        let mut window = std::mem::take(&mut self.tail);
        window.extend_from_slice(chunk);
        self.island_seen = find(&window, ISLAND).is_some();
        self.tail = window.split_off(window.len().saturating_sub(ISLAND.len() - 1));
    }

    /// What ends the stream: anything still held, the island scripts if an island went past,
    /// and the closing tags.
    fn finish(&mut self, island_scripts: impl FnOnce() -> String) -> Bytes {
        let mut rest = std::mem::take(&mut self.held);
        if self.island_seen {
            rest.extend_from_slice(island_scripts().as_bytes());
        }
        if self.closing_moved {
            rest.extend_from_slice(CLOSING);
        }
        Bytes::from(rest)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    async fn through(chunks: Vec<&'static str>, content_type: &'static str) -> String {
        let app = Router::new()
            .route(
                "/",
                get(move || async move {
                    let stream = futures::stream::iter(chunks.into_iter().map(|c| Ok::<_, std::io::Error>(c)));
                    ([(header::CONTENT_TYPE, content_type)], Body::from_stream(stream))
                }),
            )
            .layer(axum::middleware::from_fn_with_state(
                Arc::new(SiteAssets::from_hash_file("pledgebook", "js: j\nwasm: w\ncss: c\n").unwrap()),
                finish_page,
            ));
        let response = app.oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn the_trailing_scripts_move_inside_the_body() {
        let html = through(
            vec!["<html><body><p>Page</p></body></html>", "<script>a=1</script>", "<script>b=2</script>"],
            "text/html; charset=utf-8",
        )
        .await;
        assert_eq!(html, "<html><body><p>Page</p><script>a=1</script><script>b=2</script></body></html>");
    }

    #[tokio::test]
    async fn closing_tags_split_across_chunks_or_followed_in_one_chunk() {
        let split =
            through(vec!["<body>x</bo", "dy></ht", "ml><script>a</script>", "<script>b</script>"], "text/html").await;
        assert_eq!(split, "<body>x<script>a</script><script>b</script></body></html>");
        let one = through(vec!["<body>x</body></html><script>a</script>"], "text/html").await;
        assert_eq!(one, "<body>x<script>a</script></body></html>");
        let almost = through(vec!["<body>x</bo", "ld>"], "text/html").await;
        assert_eq!(almost, "<body>x</bold>", "a false start is let through");
    }

    #[tokio::test]
    async fn a_page_with_an_island_ends_with_the_scripts_that_load_the_wasm() {
        let html = through(
            vec!["<body><leptos-is", "land data-component=\"x\"></leptos-island></body></html>", "<script>a</script>"],
            "text/html",
        )
        .await;
        let expected_end = r#"<script>a</script><link rel="modulepreload" href="/pkg/pledgebook.j.js">"#;
        assert!(html.contains(expected_end), "{html}");
        assert!(html.ends_with("</script></body></html>"), "{html}");
        assert_eq!(html.matches("pledgebook.w.wasm").count(), 2, "preloaded, then loaded: {html}");
        let without = through(vec!["<body><p>leptos-island</p></body></html>"], "text/html").await;
        assert!(!without.contains("/pkg/"), "{without}");
    }

    #[tokio::test]
    async fn other_responses_pass_unchanged() {
        let text = "</body></html><script>x</script>";
        assert_eq!(through(vec!["a</body></html>", "<script>x</script>"], "text/plain").await, "a".to_owned() + text);
        let no_closing = through(vec!["<p>fragment</p>", "<script>x</script>"], "text/html").await;
        assert_eq!(no_closing, "<p>fragment</p><script>x</script>");
    }
}
