//! The evidence store the configuration names, and its sweep (at start, then every hour).

use std::time::Duration;

use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;
use services::evidence::{EvidenceStore, EvidenceStoreError, SWEEP_MIN_AGE};

use crate::config::Config;

/// A local folder (`EVIDENCE_DIR`), or the S3-compatible bucket `EVIDENCE_STORE` names.
pub fn open_store(config: &Config) -> Result<EvidenceStore, EvidenceStoreError> {
    match &config.evidence_store {
        Some(url) => {
            let settings: Vec<(String, String)> = config
                .s3_settings
                .iter()
                .map(|(name, value)| (name.clone(), value.expose_secret().to_owned()))
                .collect();
            EvidenceStore::s3(url, &settings, config.evidence_max_bytes)
        }
        None => EvidenceStore::local(&config.evidence_dir, config.evidence_max_bytes),
    }
}

const SWEEP_EVERY: Duration = Duration::from_secs(60 * 60);

/// Sweeps at start and then every hour, in the background.
pub fn spawn_sweep(store: EvidenceStore, db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        loop {
            every.tick().await;
            if let Err(error) = store.sweep(&db, SWEEP_MIN_AGE).await {
                tracing::error!(?error, "the evidence sweep failed; it runs again within the hour");
            }
        }
    });
}
