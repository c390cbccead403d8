//! Request guards applied to every route: the session cookie, cross-site request refusal and
//! the security headers.

use std::net::SocketAddr;

use app::server::cookies::{cookie_value, expired_cookie, set_cookie};
use app::server::request::{ClientAddress, CurrentPendingSignIn, CurrentSession, PageNonce};
use app::server::security_policy::content_security_policy;
use app::server::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use services::sessions;

/// Reads the session cookie, looks the session up on the server, and records who is asking.
pub async fn resolve_session(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let cookie_name = state.security.session_cookie_name();
    let token = cookie_value(request.headers(), cookie_name);
    let mut clear_cookie = false;
    let resolved = match token {
        Some(token) => match sessions::resolve(&state.db, &token, state.security.sessions, chrono::Utc::now()).await {
            Ok(found) => {
                clear_cookie = found.is_none();
                found
            }
            Err(error) => {
                tracing::error!(%error, "could not look up a session");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    [(header::CACHE_CONTROL, "no-store")],
                    "Sorry, something went wrong. Try again later.",
                )
                    .into_response();
            }
        },
        None => None,
    };
    let (session, pending) = match resolved {
        Some(sessions::Resolved::SignedIn(session)) => (Some(session), None),
        Some(sessions::Resolved::Pending(pending)) => (None, Some(pending)),
        None => (None, None),
    };
    let client = client_address(&state, &request);
    request.extensions_mut().insert(ClientAddress(client));
    request.extensions_mut().insert(CurrentPendingSignIn(pending));
    // Assets under `/pkg/` never come here (their router sits outside this layer).
    let page = request.method() == Method::GET;
    if let Some(waiting) = reviews_waiting(&state, session.as_ref(), page).await {
        request.extensions_mut().insert(app::server::request::ReviewsWaiting(waiting));
    }
    request.extensions_mut().insert(CurrentSession(session));
    let mut response = next.run(request).await;
    if clear_cookie {
        set_cookie(&mut response, &expired_cookie(cookie_name, state.security.cookie_secure));
    }
    response
}

/// The client's address: the TCP peer, or behind a trusted proxy the address it reports.
fn client_address(state: &AppState, request: &Request) -> String {
    let Some(peer) = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip()) else {
        return "unknown".into();
    };
    let proxies = &state.security.trusted_proxies;
    if proxies.is_empty() {
        return peer.to_string();
    }
    let forwarded: Vec<&str> =
        request.headers().get_all("x-forwarded-for").iter().filter_map(|value| value.to_str().ok()).collect();
    proxies.client(peer, &forwarded).to_string()
}

/// For council staff asking for a page (not an asset), how many of the council's returns wait
/// for review: the header shows it. A failure only leaves the count out.
async fn reviews_waiting(
    state: &AppState,
    session: Option<&services::sessions::ActiveSession>,
    page: bool,
) -> Option<u64> {
    let session = session?;
    let staff = domain::accounts::Role::parse(&session.user.role)?.includes(domain::accounts::Role::CouncilOfficer);
    if !(staff && page) {
        return None;
    }
    match services::reviews::waiting_count(&state.db, session).await {
        Ok(waiting) => Some(waiting),
        Err(error) => {
            tracing::error!(%error, "could not count the returns waiting for review");
            None
        }
    }
}

/// Refuses a state-changing request whose `Origin` (or, without one, `Referer`) is another site.
pub async fn refuse_cross_site_requests(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || is_same_origin(request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), path = %request.uri().path(), "refused a cross-site request");
    (StatusCode::FORBIDDEN, "This request came from another site, so it was refused.").into_response()
}

fn is_same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let source =
        headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER)).and_then(|value| value.to_str().ok());
    let Some(source) = source else {
        return false;
    };
    let without_scheme = source.split_once("://").map_or("", |(_, rest)| rest);
    let source_host = without_scheme.split('/').next().unwrap_or("");
    source_host.eq_ignore_ascii_case(host)
}

/// How a page or form result may be kept, decided in one place: anything for a signed-in person
/// (or one half-way through signing in), any answer to a form, and any response that sets a
/// cookie is `no-store`, so that no shared or back-button cache keeps it after sign-out; other
/// pages are `no-cache` (stored, but checked before reuse). A handler may only make it stricter.
/// The hashed assets under `/pkg/` have their own policy (`crate::assets`).
pub async fn cache_policy(request: Request, next: Next) -> Response {
    let signed_in = request.extensions().get::<CurrentSession>().is_some_and(|s| s.0.is_some())
        || request.extensions().get::<CurrentPendingSignIn>().is_some_and(|p| p.0.is_some());
    let reading = matches!(*request.method(), Method::GET | Method::HEAD);
    let mut response = next.run(request).await;
    let private = signed_in || !reading || response.headers().contains_key(header::SET_COOKIE);
    let headers = response.headers_mut();
    let stricter_already = headers
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("no-store"));
    if !stricter_already {
        let policy = if private { "no-store" } else { "no-cache" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Features the portal never uses, denied to it and to anything it might embed.
const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), \
     display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), \
     idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), \
     publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()";

/// Headers every response carries; behind HTTPS (`COOKIE_SECURE=true`), HSTS too.
pub async fn security_headers(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // Issued here, not by the page: a page's policy was once seen without its nonce, now and
    // then, when Leptos's response options carried it.
    let nonce = services::tokens::new_secret();
    request.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS_POLICY));
    if state.security.cookie_secure {
        headers.insert("strict-transport-security", HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(is_page.then_some(nonce.as_str()))) {
        headers.insert("content-security-policy", policy);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn same_origin_needs_a_matching_origin_or_referer() {
        assert!(is_same_origin(&headers(&[("host", "pb.test"), ("origin", "https://pb.test")])));
        assert!(is_same_origin(&headers(&[("host", "pb.test:3000"), ("referer", "http://pb.test:3000/sign-in")])));
        assert!(!is_same_origin(&headers(&[("host", "pb.test"), ("origin", "https://evil.test")])));
        assert!(!is_same_origin(&headers(&[("host", "pb.test"), ("origin", "https://pb.test.evil.test")])));
        assert!(!is_same_origin(&headers(&[("host", "pb.test"), ("origin", "null")])));
        assert!(!is_same_origin(&headers(&[("host", "pb.test")])));
    }
}
