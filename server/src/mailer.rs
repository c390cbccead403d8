//! Sends the outbox's mail over SMTP, every `MAIL_EVERY_SECONDS`, when `SMTP_URL` is set; and
//! records the reminders due, every `REMINDERS_EVERY_SECONDS`, whether or not mail is sent.

use std::time::Duration;

use lettre::{AsyncSmtpTransport, Tokio1Executor};
use sea_orm::DatabaseConnection;
use secrecy::{ExposeSecret, SecretString};
use services::outbox;

pub fn spawn(
    db: DatabaseConnection,
    smtp_url: &SecretString,
    from: String,
    every: Duration,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url.expose_secret())
        .map_err(|e| anyhow::anyhow!("SMTP_URL is not valid: {e}"))?
        .build();
    from.parse::<lettre::message::Mailbox>().map_err(|e| anyhow::anyhow!("MAIL_FROM is not valid: {e}"))?;
    tracing::info!("sending mail over SMTP");
    Ok(tokio::spawn(async move {
        let mut every = tokio::time::interval(every);
        loop {
            every.tick().await;
            if let Err(error) = outbox::deliver_pending(&db, &transport, &from).await {
                tracing::error!(error = format!("{error:#}"), "sending mail failed");
            }
        }
    }))
}

/// Records the reminders due (returns due soon, overdue) at start and then every `every`.
pub fn spawn_reminders(db: DatabaseConnection, base_url: String, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(every);
        loop {
            every.tick().await;
            let today = services::contract_access::uk_today();
            match services::notifications::record_reminders(&db, &base_url, today).await {
                Ok(0) => {}
                Ok(new) => tracing::info!(new, "reminders recorded"),
                Err(error) => tracing::error!(%error, "recording reminders failed; it runs again later"),
            }
        }
    })
}
