use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

use services::accounts::ThrottlePolicy;
use services::evidence::EvidenceStore;
use services::sessions::SessionPolicy;

/// What every handler and server function can reach: handed to Leptos through context.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    pub security: SecuritySettings,
    /// Where evidence files are stored, and the most one may hold.
    pub evidence: EvidenceStore,
    /// The front end's content-hashed file names.
    pub assets: crate::site_assets::SiteAssets,
    /// Published frameworks' themes and measures, once read.
    pub published: services::published::PublishedContent,
}

/// How sessions, cookies and sign-in throttling behave.
#[derive(Debug, Clone)]
pub struct SecuritySettings {
    pub sessions: SessionPolicy,
    pub throttle: ThrottlePolicy,
    /// Behind HTTPS: the cookie is `Secure` and takes the `__Host-` prefix.
    pub cookie_secure: bool,
    /// The address people use to reach the portal, for links in emails (no trailing slash).
    pub public_url: String,
    /// Seals authenticator secrets (`TOTP_KEY`).
    pub totp_key: services::totp::TotpKey,
    /// Proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`).
    pub trusted_proxies: crate::server::client_address::TrustedProxies,
}

impl SecuritySettings {
    pub fn session_cookie_name(&self) -> &'static str {
        if self.cookie_secure {
            "__Host-pledgebook_session"
        } else {
            "pledgebook_session"
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos_options.clone()
    }
}
