//! One typed configuration, read once at start from environment variables with defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (the default, a file under `data/`) or `postgres://…`.
    pub database_url: SecretString,
    /// `LISTEN_ADDR`: where to serve; port 0 picks a free port.
    pub listen_addr: SocketAddr,
    /// `EVIDENCE_DIR`: the folder that holds uploaded evidence files.
    pub evidence_dir: PathBuf,
    /// `s3://bucket/prefix` to keep evidence in S3-compatible storage instead of `evidence_dir`.
    pub evidence_store: Option<String>,
    /// The S3 settings given (endpoint, region, keys…), by their usual names.
    pub s3_settings: Vec<(String, SecretString)>,
    pub evidence_max_bytes: u64,
    /// `SITE_ROOT`: the built site (WASM, JS, CSS) that cargo-leptos writes.
    pub site_root: PathBuf,
    /// `ASSET_HASH_FILE`: cargo-leptos's list of the front end's content hashes (default:
    /// `hash.txt` beside the executable, where the build writes it).
    pub asset_hash_file: PathBuf,
    /// `LOG_LEVEL`: a tracing filter such as `info` or `info,sea_orm=debug`.
    pub log_filter: String,
    /// `LOG_FORMAT`: `pretty` (default) or `json`.
    pub log_format: LogFormat,
    /// `PUBLIC_URL`: the address people use, for links in emails (default: the address served).
    pub public_url: Option<String>,
    /// `COOKIE_SECURE`: `true` behind HTTPS (Secure cookie with the `__Host-` prefix).
    pub cookie_secure: bool,
    /// `SMTP_URL`: where to send mail, e.g. `smtps://user:password@smtp.example.org` or
    /// `smtp://localhost:25`. Unset: mail stays in the outbox table (and the log).
    pub smtp_url: Option<SecretString>,
    /// `MAIL_FROM`: the sender of the portal's mail.
    pub mail_from: String,
    /// `MAIL_EVERY_SECONDS` (default 15): how often the outbox is sent.
    pub mail_every_seconds: i64,
    /// `REMINDERS_EVERY_SECONDS` (default 3600): how often reminders due are recorded.
    pub reminders_every_seconds: i64,
    /// `SESSION_IDLE_MINUTES` (default 30) and `SESSION_ABSOLUTE_HOURS` (default 12).
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    /// `TOTP_KEY`: 32 bytes in base64 that seal the authenticator secrets; every process of a
    /// deployment needs the same. Unset: generated into `DATA_DIR` (refused with COOKIE_SECURE).
    pub totp_key: Option<SecretString>,
    /// `DATA_DIR` (default `data`): where a generated `TOTP_KEY` is kept.
    pub data_dir: PathBuf,
    /// `TRUSTED_PROXIES`: proxies (addresses or ranges) whose `X-Forwarded-For` names the client.
    pub trusted_proxies: app::server::client_address::TrustedProxies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// The S3 settings read for `EVIDENCE_STORE=s3://…`, by the names AWS tools use.
pub const S3_SETTINGS: [&str; 7] = [
    "AWS_ENDPOINT_URL",
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ALLOW_HTTP",
    "AWS_VIRTUAL_HOSTED_STYLE_REQUEST",
];

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/pledgebook.sqlite?mode=rwc";

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads settings through `lookup`, so that tests can supply their own.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str, default: &str| lookup(name).unwrap_or_else(|| default.to_owned());
        let database_url = get("DATABASE_URL", DEFAULT_DATABASE_URL);
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid {
                name: "DATABASE_URL",
                reason: "use a sqlite:// or postgres:// URL".into(),
            });
        }
        let listen_addr: SocketAddr =
            get("LISTEN_ADDR", "127.0.0.1:3000").parse().map_err(|e| ConfigError::Invalid {
                name: "LISTEN_ADDR",
                reason: format!("{e}; use a host and port such as 127.0.0.1:3000"),
            })?;
        let log_format = match get("LOG_FORMAT", "pretty").as_str() {
            "pretty" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            other => {
                return Err(ConfigError::Invalid {
                    name: "LOG_FORMAT",
                    reason: format!("`{other}`; use pretty or json"),
                })
            }
        };
        let number = |name: &'static str, default: i64| -> Result<i64, ConfigError> {
            get(name, &default.to_string())
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or(ConfigError::Invalid { name, reason: "use a whole number greater than 0".into() })
        };
        let cookie_secure = match get("COOKIE_SECURE", "false").as_str() {
            "true" | "1" => true,
            "false" | "0" => false,
            other => {
                return Err(ConfigError::Invalid {
                    name: "COOKIE_SECURE",
                    reason: format!("`{other}`; use true or false"),
                })
            }
        };
        let evidence_store = lookup("EVIDENCE_STORE");
        if let Some(store) = &evidence_store {
            if !store.starts_with("s3://") || store.len() <= "s3://".len() {
                return Err(ConfigError::Invalid {
                    name: "EVIDENCE_STORE",
                    reason: "use s3://bucket/prefix, or leave it unset to keep evidence in EVIDENCE_DIR".into(),
                });
            }
        }
        let trusted_proxies = app::server::client_address::TrustedProxies::parse(&get("TRUSTED_PROXIES", ""))
            .map_err(|error| ConfigError::Invalid { name: "TRUSTED_PROXIES", reason: error.to_string() })?;
        let s3_settings = S3_SETTINGS
            .iter()
            .filter_map(|name| lookup(name).map(|value| ((*name).to_owned(), SecretString::from(value))))
            .collect();
        Ok(Config {
            evidence_store,
            s3_settings,
            evidence_max_bytes: number("EVIDENCE_MAX_MB", 25)? as u64 * 1024 * 1024,
            public_url: lookup("PUBLIC_URL").map(|url| url.trim_end_matches('/').to_owned()),
            cookie_secure,
            smtp_url: lookup("SMTP_URL").map(SecretString::from),
            mail_from: get("MAIL_FROM", "Pledgebook <no-reply@localhost>"),
            mail_every_seconds: number("MAIL_EVERY_SECONDS", 15)?,
            reminders_every_seconds: number("REMINDERS_EVERY_SECONDS", 3600)?,
            session_idle_minutes: number("SESSION_IDLE_MINUTES", 30)?,
            session_absolute_hours: number("SESSION_ABSOLUTE_HOURS", 12)?,
            totp_key: lookup("TOTP_KEY").map(SecretString::from),
            data_dir: get("DATA_DIR", "data").into(),
            trusted_proxies,
            database_url: SecretString::from(database_url),
            listen_addr,
            evidence_dir: get("EVIDENCE_DIR", "data/evidence").into(),
            site_root: get("SITE_ROOT", "target/site").into(),
            asset_hash_file: match lookup("ASSET_HASH_FILE") {
                Some(path) => path.into(),
                None => beside_executable("hash.txt"),
            },
            log_filter: get("LOG_LEVEL", "info"),
            log_format,
        })
    }

    pub fn database_is_sqlite(&self) -> bool {
        self.database_url.expose_secret().starts_with("sqlite:")
    }
}

fn beside_executable(name: &str) -> PathBuf {
    let folder = std::env::current_exe().ok().and_then(|exe| exe.parent().map(PathBuf::from));
    folder.unwrap_or_default().join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_embedded_sqlite_on_localhost() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.database_url.expose_secret(), DEFAULT_DATABASE_URL);
        assert!(config.database_is_sqlite());
        assert_eq!(config.listen_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.log_format, LogFormat::Pretty);
    }

    #[test]
    fn refuses_unknown_settings_clearly() {
        let bad = |name: &'static str, value: &'static str| {
            Config::from_lookup(move |n| (n == name).then(|| value.to_owned())).unwrap_err().to_string()
        };
        assert!(bad("DATABASE_URL", "mysql://x").starts_with("DATABASE_URL is not valid"));
        assert!(bad("LISTEN_ADDR", "localhost").starts_with("LISTEN_ADDR is not valid"));
        assert!(bad("LOG_FORMAT", "xml").contains("use pretty or json"));
        assert!(bad("COOKIE_SECURE", "yes").contains("use true or false"));
        assert!(bad("SESSION_IDLE_MINUTES", "0").starts_with("SESSION_IDLE_MINUTES is not valid"));
        assert!(bad("TRUSTED_PROXIES", "10.0.0.0/8, proxy").contains("`proxy` is not an IP address"));
    }

    #[test]
    fn never_prints_the_database_password() {
        let config =
            Config::from_lookup(|n| (n == "DATABASE_URL").then(|| "postgres://u:hunter2@db/pb".into())).unwrap();
        assert!(!format!("{config:?}").contains("hunter2"));
    }
}
