//! Outgoing email: written to the outbox table in the caller's transaction, and logged.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::domain::accounts::Email;
use crate::server::db::email_outbox;

pub async fn enqueue(db: &impl ConnectionTrait, to: &Email, subject: &str, body: String) -> Result<(), DbErr> {
    tracing::info!(to = %to, subject, "email queued in the outbox");
    email_outbox::ActiveModel {
        to_address: Set(to.as_str().to_owned()),
        subject: Set(subject.to_owned()),
        body_text: Set(body),
        created_at: Set(chrono::Utc::now()),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}
