//! Sends the outbox's mail over SMTP, every 15 seconds, when `SMTP_URL` is set.

use std::time::Duration;

use app::server::services::outbox;
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use sea_orm::DatabaseConnection;
use secrecy::{ExposeSecret, SecretString};

pub fn spawn(
    db: DatabaseConnection,
    smtp_url: &SecretString,
    from: String,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url.expose_secret())
        .map_err(|e| anyhow::anyhow!("SMTP_URL is not valid: {e}"))?
        .build();
    from.parse::<lettre::message::Mailbox>().map_err(|e| anyhow::anyhow!("MAIL_FROM is not valid: {e}"))?;
    tracing::info!("sending mail over SMTP");
    Ok(tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(15));
        loop {
            every.tick().await;
            if let Err(error) = outbox::deliver_pending(&db, &transport, &from).await {
                tracing::error!(error = format!("{error:#}"), "sending mail failed");
            }
        }
    }))
}
