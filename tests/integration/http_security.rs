//! Security at the HTTP layer: cross-site requests, headers and the session cookie.

use services::accounts::{self, ThrottlePolicy};
use services::sessions::SessionPolicy;

use crate::helpers::{registration, spawn_app, Backend, PASSWORD};
use crate::on_both_databases;

async fn cross_site_posts_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let no_origin = app.client.post(app.url("/api/anything")).send().await.unwrap();
    assert_eq!(no_origin.status(), 403);
    let other_site =
        app.client.post(app.url("/api/anything")).header("origin", "https://evil.example").send().await.unwrap();
    assert_eq!(other_site.status(), 403);
    let other_referer =
        app.client.post(app.url("/api/anything")).header("referer", "https://evil.example/form").send().await.unwrap();
    assert_eq!(other_referer.status(), 403);
    // The same site gets through the guard (and then finds nothing there).
    let same_site = app.client.post(app.url("/api/anything")).header("origin", &app.address).send().await.unwrap();
    assert_ne!(same_site.status(), 403);
}

async fn pages_carry_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    // A page of the route list, and the 404 page the fallback renders.
    for (path, status) in [("/calculator", 200), ("/no-such-page", 404)] {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("referrer-policy"), "strict-origin-when-cross-origin");
        let policy = header("content-security-policy");
        assert!(policy.contains("frame-ancestors 'none'"), "{path}: {policy}");
        assert!(policy.contains("script-src 'self' 'nonce-"), "{path}: {policy}");
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        // Every inline script (hydration, Leptos's data) carries the nonce that the policy allows.
        let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap().to_owned();
        let html = response.text().await.unwrap();
        let scripts: Vec<&str> =
            html.match_indices("<script").map(|(at, _)| &html[at..at + html[at..].find('>').unwrap()]).collect();
        assert!(path != "/calculator" || !scripts.is_empty(), "the calculator's island loads: {html}");
        for script in scripts {
            assert!(script.contains(&format!("nonce=\"{nonce}\"")), "{path}: {script}");
        }
    }

    let health = app.get("/health").await;
    assert!(health.headers().get("content-security-policy").is_some());
}

async fn a_dead_session_cookie_is_cleared(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let signed_in = accounts::sign_in(
        &app.db,
        "sam@example.org",
        PASSWORD.into(),
        "127.0.0.1",
        None,
        ThrottlePolicy::default(),
        SessionPolicy::default(),
    )
    .await
    .unwrap();
    let with_cookie =
        |token: String| app.client.get(app.url("/calculator")).header("cookie", format!("pledgebook_session={token}"));

    let live = with_cookie(signed_in.token.clone()).send().await.unwrap();
    assert_eq!(live.status(), 200);
    assert!(live.headers().get("set-cookie").is_none());

    let forged = with_cookie("not-a-real-session".into()).send().await.unwrap();
    let cleared = forged.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cleared.starts_with("pledgebook_session=;") && cleared.contains("Max-Age=0"), "{cleared}");
    assert!(cleared.contains("HttpOnly") && cleared.contains("SameSite=Lax"), "{cleared}");
}

on_both_databases!(cross_site_posts_are_refused, pages_carry_the_security_headers, a_dead_session_cookie_is_cleared);
