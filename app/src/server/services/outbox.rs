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

/// Sends waiting mail through `transport`, oldest first, marking each one sent. It stops at the
/// first failure (the rest wait for the next round) and returns how many went.
pub async fn deliver_pending<T>(db: &impl ConnectionTrait, transport: &T, from: &str) -> anyhow::Result<usize>
where
    T: lettre::AsyncTransport + Sync,
    T::Error: std::error::Error + Send + Sync + 'static,
{
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

    let from: lettre::message::Mailbox = from.parse()?;
    let waiting = email_outbox::Entity::find()
        .filter(email_outbox::Column::SentAt.is_null())
        .order_by_asc(email_outbox::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    let mut sent = 0;
    for mail in waiting {
        let message = lettre::Message::builder()
            .from(from.clone())
            .to(mail.to_address.parse()?)
            .subject(mail.subject.clone())
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(mail.body_text.clone())?;
        if let Err(error) = transport.send(message).await {
            tracing::warn!(mail_id = mail.id, %error, "sending mail failed: it will be tried again");
            break;
        }
        email_outbox::ActiveModel { id: Set(mail.id), sent_at: Set(Some(chrono::Utc::now())), ..Default::default() }
            .update(db)
            .await?;
        tracing::info!(mail_id = mail.id, to = %mail.to_address, "mail sent");
        sent += 1;
    }
    Ok(sent)
}
