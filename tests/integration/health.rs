use crate::helpers::{spawn_app, Backend};
use crate::on_both_databases;

async fn health_reports_the_database(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "status": "ok", "database": "ok" }));
}

async fn health_says_when_the_database_is_gone(backend: Backend) {
    let app = spawn_app(backend).await;
    app.db.clone().close().await.unwrap();
    let response = app.get("/health").await;
    assert_eq!(response.status(), 503);
    let body = response.text().await.unwrap();
    assert!(body.contains("unavailable"), "{body}");
    assert!(!body.to_lowercase().contains("pool"), "no internals in the answer: {body}");
}

async fn unknown_pages_are_404_with_a_helpful_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, html) = app.get_html("/no-such-page").await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"), "{html}");
}

on_both_databases!(
    health_reports_the_database,
    health_says_when_the_database_is_gone,
    unknown_pages_are_404_with_a_helpful_page,
);
