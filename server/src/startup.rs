//! Builds the router around the app and binds the listener.

use std::future::Future;
use std::net::SocketAddr;

use app::server::{AppState, SecuritySettings};
use app::{shell, App};
use axum::serve::ListenerExt;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use services::accounts::ThrottlePolicy;
use services::sessions::SessionPolicy;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::{assets, db, page_end, routes, security};

/// The built server: a migrated database, a router and a bound listener.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("could not connect to or migrate the database")]
    Database(#[from] sea_orm::DbErr),
    #[error("could not open the evidence store")]
    Evidence(#[from] services::evidence::EvidenceStoreError),
    #[error(transparent)]
    TotpKey(#[from] crate::totp_key::TotpKeyError),
    #[error("could not listen on {addr}")]
    Listen { addr: SocketAddr, source: std::io::Error },
}

impl Application {
    pub async fn build(config: &Config) -> Result<Application, StartupError> {
        let totp_key = crate::totp_key::load(config)?;
        let db = db::connect(&config.database_url).await?;
        db::migrate(&db).await?;
        let evidence = crate::evidence::open_store(config)?;
        let listener = TcpListener::bind(config.listen_addr)
            .await
            .map_err(|source| StartupError::Listen { addr: config.listen_addr, source })?;
        let local_addr =
            listener.local_addr().map_err(|source| StartupError::Listen { addr: config.listen_addr, source })?;
        // The hash file's path is explicit: Leptos would look beside the running executable, which
        // for the in-process tests is a `deps` folder.
        let leptos_options = LeptosOptions::builder()
            .output_name("pledgebook")
            .site_root(config.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(local_addr)
            .hash_files(true)
            .hash_file(std::sync::Arc::from(config.asset_hash_file.to_string_lossy().as_ref()))
            .build();
        let assets = assets::site_assets(&config.asset_hash_file);
        let security = SecuritySettings {
            sessions: SessionPolicy {
                idle_timeout: chrono::Duration::minutes(config.session_idle_minutes),
                absolute_timeout: chrono::Duration::hours(config.session_absolute_hours),
            },
            throttle: ThrottlePolicy::default(),
            cookie_secure: config.cookie_secure,
            public_url: config.public_url.clone().unwrap_or_else(|| format!("http://{local_addr}")),
            totp_key,
            trusted_proxies: config.trusted_proxies.clone(),
        };
        let published = Default::default();
        let state = AppState { db, leptos_options, security, evidence, assets, published };
        Ok(Application { listener, router: router(state.clone()), state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The server's background work: sending the outbox (when `SMTP_URL` is set), recording
    /// the reminders due, and sweeping the evidence store. Two servers on one database may both
    /// run it: the outbox's claims and the notifications' keys keep each message to one send.
    pub fn spawn_background_tasks(&self, config: &Config) -> anyhow::Result<()> {
        let state = &self.state;
        match &config.smtp_url {
            Some(smtp_url) => {
                let every = std::time::Duration::from_secs(config.mail_every_seconds as u64);
                crate::mailer::spawn(state.db.clone(), smtp_url, config.mail_from.clone(), every)?;
            }
            None => tracing::info!("SMTP_URL is not set: mail stays in the outbox table"),
        }
        let every = std::time::Duration::from_secs(config.reminders_every_seconds as u64);
        crate::mailer::spawn_reminders(state.db.clone(), state.security.public_url.clone(), every);
        tracing::info!(store = %state.evidence.describe(), "evidence files are stored here");
        crate::evidence::spawn_sweep(state.evidence.clone(), state.db.clone());
        Ok(())
    }

    /// Serves until `shutdown` resolves, then finishes the requests in flight.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        // Without TCP_NODELAY a response whose headers and body leave in separate writes waits
        // for the client's delayed ACK (about 40 ms) on every reused connection.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY on a connection");
            }
        });
        axum::serve(listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
    }
}

pub fn router(state: AppState) -> Router {
    let leptos_routes = generate_route_list(App);
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    Router::new()
        .merge(routes::router())
        .merge(app::journeys::form_routes::router())
        .leptos_routes_with_context(
            &state,
            leptos_routes,
            move || {
                provide_context(context_state.clone());
                provide_context(app::journeys::offers::draft_saver());
                app::server::request::provide_page_nonce();
            },
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            app::server::request::provide_page_nonce,
            shell,
        ))
        .layer(axum::middleware::from_fn(security::refuse_cross_site_requests))
        .layer(axum::middleware::from_fn(security::cache_policy))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::resolve_session))
        // Added after the session layers, so that an asset is served without a session lookup.
        .merge(assets::router(&state))
        .layer(axum::middleware::from_fn_with_state(std::sync::Arc::new(state.assets.clone()), page_end::finish_page))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::security_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
