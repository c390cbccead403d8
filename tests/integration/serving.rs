//! Serving: how every response may be cached, the content-hashed and precompressed assets, the
//! WASM sent only to pages that hold an island, and published frameworks read once.

use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;

use app::journeys::accounts::paths::SIGN_IN;
use app::server::AppState;
use domain::frameworks::VersionDetailsAnswers;
use leptos::prelude::{provide_context, Owner};
use leptos::reactive::computed::ScopedFuture;
use services::{frameworks, tenders};

use crate::helpers::{
    demo_session, demo_tender, page_paths, published_version_id, seeded, signed_in, site_root, start_offer, Backend,
    TestApp, COUNCIL_ADMIN, SUPPLIER_A,
};
use crate::on_both_databases;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The response's one `Cache-Control` value (failing if it has none or several).
fn cache_control(path: &str, response: &reqwest::Response) -> String {
    let values: Vec<_> = response.headers().get_all("cache-control").iter().collect();
    assert_eq!(values.len(), 1, "{path}: one Cache-Control, not {values:?}");
    values[0].to_str().unwrap().to_owned()
}

/// Every page of the route list, with ids that exist in the demo data where a page takes one.
async fn every_page(app: &TestApp) -> Vec<String> {
    let version = published_version_id(app).await.to_string();
    let tender = demo_tender(app).await.id.to_string();
    page_paths(|route, param| match param {
        "token" => "x".into(),
        "quarter" | "year" => "1".into(),
        "id" if route.contains("frameworks") => version.clone(),
        _ => tender.clone(),
    })
    .into_iter()
    .map(|(_, path)| path)
    .collect()
}

async fn every_response_says_how_it_may_be_cached(backend: Backend) {
    let app = seeded(backend).await;
    let pages = every_page(&app).await;
    assert!(pages.len() > 40, "the route list is read: {pages:?}");

    // Public pages may be stored but are checked before reuse.
    let anonymous = app.browser();
    for path in pages.iter().map(String::as_str).chain(["/health", "/robots.txt", "/favicon.svg", "/no-such-page"]) {
        let response = anonymous.get(app.url(path)).send().await.unwrap();
        assert_eq!(cache_control(path, &response), "no-cache", "GET {path} ({})", response.status());
    }

    // Nothing shown to a signed-in person is stored: no shared or back-button cache keeps it.
    for email in [COUNCIL_ADMIN, SUPPLIER_A] {
        let browser = signed_in(&app, email).await;
        for path in pages.iter().map(String::as_str).chain(["/health", "/favicon.svg"]) {
            let response = browser.get(app.url(path)).send().await.unwrap();
            assert_eq!(cache_control(path, &response), "no-store", "{email}: GET {path} ({})", response.status());
        }
    }

    // Nor any form's result, signed in or not, nor a response that sets a cookie.
    let refused =
        anonymous.post(app.url(SIGN_IN.pattern())).form(&[("email", "x@example.org"), ("password", "wrong")]).send();
    let refused = refused.await.unwrap();
    assert_eq!(cache_control("POST /sign-in", &refused), "no-store");
    let staff = signed_in(&app, COUNCIL_ADMIN).await;
    let post = staff.post(app.url("/no-such-form")).form(&[("a", "b")]).send().await.unwrap();
    assert_eq!(cache_control("POST /no-such-form", &post), "no-store");
}

/// The built files under their hashed names: cached for good, whoever asks; served from the
/// build's brotli and gzip twins, never compressed again. Old or unknown names are revalidated.
#[tokio::test]
async fn assets_are_hashed_precompressed_and_cached_for_good() {
    let app = seeded(Backend::Sqlite).await;
    let assets = app.state.assets.clone();
    assert!(
        assets.is_hashed(&assets.wasm),
        "the front end was built with hashed names and its hash file was found: {assets:?}"
    );
    let staff = signed_in(&app, COUNCIL_ADMIN).await;
    let pkg = Path::new(&site_root()).join("pkg");
    for file in [&assets.js, &assets.wasm, &assets.css] {
        let path = format!("/pkg/{file}");
        for (who, browser) in [("anonymous", app.browser()), ("signed in", staff.clone())] {
            for (accepts, expected) in [("br", Some("br")), ("gzip", Some("gzip")), ("gzip, deflate, br", None)] {
                let response = browser.get(app.url(&path)).header("accept-encoding", accepts).send().await.unwrap();
                assert_eq!(response.status(), 200, "{who}: {path}");
                assert_eq!(cache_control(&path, &response), IMMUTABLE, "{who}: {path}");
                let encoding = response.headers()["content-encoding"].to_str().unwrap().to_owned();
                if let Some(expected) = expected {
                    assert_eq!(encoding, expected, "{path} for {accepts}");
                }
                let twin = match encoding.as_str() {
                    "br" => "br",
                    "gzip" => "gz",
                    other => panic!("{path} for {accepts}: {other} is not a built twin"),
                };
                let body = response.bytes().await.unwrap();
                let on_disk = std::fs::read(pkg.join(format!("{file}.{twin}"))).expect("the build wrote the twin");
                assert!(body[..] == on_disk[..], "{path} for {accepts}: the twin's bytes, as built");
            }
        }
        let plain = app.browser().get(app.url(&path)).header("accept-encoding", "identity").send().await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none(), "{path} uncompressed when asked");
        assert_eq!(plain.bytes().await.unwrap().len() as u64, std::fs::metadata(pkg.join(file)).unwrap().len());
    }
    for stale in ["/pkg/pledgebook.js", "/pkg/pledgebook.0ld.wasm"] {
        let response = app.browser().get(app.url(stale)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{stale}");
        assert_eq!(cache_control(stale, &response), "no-cache", "{stale}");
    }
}

/// The WASM, its loader and their preload links appear exactly on the pages that hold an island,
/// with valid `crossorigin` values (leptos#4843 put the CSP nonce there).
async fn only_pages_with_an_island_load_the_wasm(backend: Backend) {
    let app = seeded(backend).await;
    let wasm = format!("/pkg/{}", app.state.assets.wasm);
    let js = format!("/pkg/{}", app.state.assets.js);
    let supplier = signed_in(&app, SUPPLIER_A).await;
    let offer = start_offer(&app, &supplier, demo_tender(&app).await.id).await;
    let version = published_version_id(&app).await;

    let mut visits: Vec<(&str, reqwest::Client, String)> =
        every_page(&app).await.into_iter().map(|path| ("anonymous", app.browser(), path)).collect();
    let staff = signed_in(&app, COUNCIL_ADMIN).await;
    visits.extend(every_page(&app).await.into_iter().map(|path| ("council", staff.clone(), path)));
    visits.push(("supplier", supplier.clone(), format!("/offers/{offer}")));
    visits.push(("supplier", supplier.clone(), "/account".into()));

    let mut with_islands = Vec::new();
    for (who, browser, path) in &visits {
        let response = browser.get(app.url(path)).send().await.unwrap();
        let html = response.text().await.unwrap();
        let island = html.contains("<leptos-island");
        let loads = [&wasm, &js].map(|file| html.contains(file.as_str()));
        assert_eq!(loads, [island, island], "{who}: {path}: island {island}, loads [wasm, js] {loads:?}");
        assert!(!html.contains("HydrationScripts") && !html.contains("__wasm_split"), "{path}");
        if island {
            assert!(
                html.contains(&format!(
                    r#"<link rel="preload" href="{wasm}" as="fetch" type="application/wasm" crossorigin="anonymous">"#
                )),
                "{path}: the WASM preload is claimable"
            );
            with_islands.push(path.clone());
        }
    }
    for expected in ["/calculator".to_owned(), format!("/frameworks/{version}"), format!("/offers/{offer}")] {
        assert!(with_islands.contains(&expected), "{expected} holds an island: {with_islands:?}");
    }
    for without in ["/tenders", "/sign-in", "/"] {
        assert!(!with_islands.iter().any(|p| p == without), "{without} loads no WASM");
    }
}

/// Runs `read` as a page render would: inside a reactive owner that has the server's state.
async fn as_a_page<T>(state: AppState, read: impl Future<Output = T>) -> T {
    let owner = Owner::new();
    owner.with(|| provide_context(state));
    let read = owner.with(|| ScopedFuture::new_untracked(read));
    read.await
}

/// The server's state with a connection whose statements are counted.
fn counting(app: &TestApp) -> (AppState, Arc<AtomicUsize>) {
    let counter = Arc::new(AtomicUsize::new(0));
    let seen = counter.clone();
    let mut state = app.state.clone();
    state.db.set_metric_callback(move |_: &sea_orm::metric::Info<'_>| {
        seen.fetch_add(1, SeqCst);
    });
    (state, counter)
}

/// A published version's themes and measures are read from the database once, then from memory
/// by every page that shows them; a draft is read afresh every time, and so are statuses.
async fn published_frameworks_are_read_once(backend: Backend) {
    let app = seeded(backend).await;
    let version = published_version_id(&app).await;
    let (state, statements) = counting(&app);
    let published = state.published.clone();
    assert!(published.get(version).is_none(), "nothing is read yet");

    let read_page = || {
        let state = state.clone();
        as_a_page(state.clone(), async move {
            frameworks::version_details(&state.db, &state.published, None, version).await.unwrap()
        })
    };
    let first = read_page().await;
    let cold = statements.swap(0, SeqCst);
    let second = read_page().await;
    let warm = statements.swap(0, SeqCst);
    assert_eq!(first, second, "the same page");
    assert!(published.get(version).is_some(), "kept once read");
    assert_eq!(cold - warm, 2, "the themes and measures are read once ({cold} statements, then {warm})");
    assert!(warm > 0, "the version itself (its status) is read every time");

    // The tender list and the tender page share the same content.
    let list = {
        let state = state.clone();
        as_a_page(state.clone(), async move {
            tenders::open_tenders(&state.db, &state.published, &Default::default()).await.unwrap()
        })
    };
    assert!(!list.await.is_empty());
    let uncached = statements.swap(0, SeqCst);
    let (mut plain_db, plain) = (app.db.clone(), Arc::new(AtomicUsize::new(0)));
    let seen = plain.clone();
    plain_db.set_metric_callback(move |_: &sea_orm::metric::Info<'_>| {
        seen.fetch_add(1, SeqCst);
    });
    tenders::open_tenders(&plain_db, &Default::default(), &Default::default()).await.unwrap();
    let plain = plain.load(SeqCst);
    assert_eq!(
        plain - uncached,
        2,
        "in a page the list reads no themes or measures ({plain} statements outside, {uncached} in)"
    );

    // A draft is never kept: a change shows at once.
    let admin = demo_session(&app, COUNCIL_ADMIN).await;
    let answers = VersionDetailsAnswers {
        name: "Draft framework".into(),
        version_label: "next".into(),
        effective_day: "1".into(),
        effective_month: "4".into(),
        effective_year: "2027".into(),
        local_definition: "Within the county boundary".into(),
        local_postcode_districts: "CM1".into(),
    };
    let draft = frameworks::create_draft(&app.db, Some(&admin), &answers, Some(version)).await.unwrap();
    let read_draft = || {
        let state = state.clone();
        let admin = admin.clone();
        as_a_page(state.clone(), async move {
            frameworks::version_details(&state.db, &state.published, Some(&admin), draft).await.unwrap()
        })
    };
    let before = read_draft().await;
    assert!(published.get(draft).is_none(), "a draft is not kept");
    let theme = before.themes[0].id;
    frameworks::rename_theme(&app.db, Some(&admin), draft, theme, "Renamed theme").await.unwrap();
    let after = read_draft().await;
    assert_eq!(after.themes[0].name, "Renamed theme", "the draft's change shows");
}

on_both_databases!(
    every_response_says_how_it_may_be_cached,
    only_pages_with_an_island_load_the_wasm,
    published_frameworks_are_read_once,
);
