//! Outgoing email: written to the outbox table in the caller's transaction, and logged; sent by
//! the mailer task, which claims one row at a time so that two servers on one database never
//! both send it.

use chrono::{Duration, Utc};
use sea_orm::sea_query::{LockBehavior, LockType, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use db::{begin_write, email_outbox};
use domain::accounts::Email;

/// How long a claimed row is the claimer's to send. A server that dies holding a claim leaves
/// the row to be sent again once it lapses: the one message that may go twice.
pub const CLAIM_LEASE: Duration = Duration::minutes(5);

pub async fn enqueue(db: &impl ConnectionTrait, to: &Email, subject: &str, body: String) -> Result<(), DbErr> {
    tracing::info!(to = %to, subject, "email queued in the outbox");
    email_outbox::ActiveModel {
        to_address: Set(to.as_str().to_owned()),
        subject: Set(subject.to_owned()),
        body_text: Set(body),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// A notification for one person, in plain text and HTML.
#[derive(Debug, Clone)]
pub struct Notification {
    /// Unique per notification and recipient: recording it again changes nothing.
    pub key: String,
    pub recipient_user_id: i64,
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Records a notification unless one with its key is recorded already; true when it is new.
pub async fn enqueue_notification(db: &impl ConnectionTrait, notification: Notification) -> Result<bool, DbErr> {
    let row = email_outbox::ActiveModel {
        to_address: Set(notification.to.as_str().to_owned()),
        subject: Set(notification.subject.clone()),
        body_text: Set(notification.text),
        body_html: Set(Some(notification.html)),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        notification_key: Set(Some(notification.key.clone())),
        recipient_user_id: Set(Some(notification.recipient_user_id)),
        claimed_until: Set(None),
        ..Default::default()
    };
    let inserted = email_outbox::Entity::insert(row)
        .on_conflict(OnConflict::column(email_outbox::Column::NotificationKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if inserted > 0 {
        tracing::info!(key = %notification.key, subject = %notification.subject, "notification queued in the outbox");
    }
    Ok(inserted > 0)
}

/// Claims the oldest unsent row nobody holds, for `CLAIM_LEASE`. On PostgreSQL a row another
/// server is claiming is skipped (`FOR UPDATE SKIP LOCKED`); on SQLite, which has one writer,
/// the claim is made inside an IMMEDIATE transaction.
async fn claim_next(db: &DatabaseConnection) -> Result<Option<email_outbox::Model>, DbErr> {
    let txn = begin_write(db).await?;
    let now = Utc::now();
    let mut waiting = email_outbox::Entity::find()
        .filter(email_outbox::Column::SentAt.is_null())
        .filter(
            Condition::any()
                .add(email_outbox::Column::ClaimedUntil.is_null())
                .add(email_outbox::Column::ClaimedUntil.lt(now)),
        )
        .order_by_asc(email_outbox::Column::Id)
        .limit(1);
    if txn.get_database_backend() == DbBackend::Postgres {
        waiting = waiting.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let Some(row) = waiting.one(&txn).await? else {
        txn.commit().await?;
        return Ok(None);
    };
    let mut claim: email_outbox::ActiveModel = row.clone().into();
    claim.claimed_until = Set(Some(now + CLAIM_LEASE));
    let row = claim.update(&txn).await?;
    txn.commit().await?;
    Ok(Some(row))
}

fn message_of(mail: &email_outbox::Model, from: &lettre::message::Mailbox) -> anyhow::Result<lettre::Message> {
    use lettre::message::{header::ContentType, MultiPart};
    let builder =
        lettre::Message::builder().from(from.clone()).to(mail.to_address.parse()?).subject(mail.subject.clone());
    Ok(match &mail.body_html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.body_text.clone(), html.clone()))?,
        None => builder.header(ContentType::TEXT_PLAIN).body(mail.body_text.clone())?,
    })
}

/// Sends waiting mail through `transport`, oldest first, one claimed row at a time, marking
/// each one sent. It stops at the first failure (the claim is released for the next round)
/// and returns how many went.
pub async fn deliver_pending<T>(db: &DatabaseConnection, transport: &T, from: &str) -> anyhow::Result<usize>
where
    T: lettre::AsyncTransport + Sync,
    T::Error: std::error::Error + Send + Sync + 'static,
{
    let from: lettre::message::Mailbox = from.parse()?;
    let mut sent = 0;
    while sent < 100 {
        let Some(mail) = claim_next(db).await? else { break };
        let message = match message_of(&mail, &from) {
            Ok(message) => message,
            Err(error) => {
                // A row that can never be sent (a bad address) must not block the rest: it
                // stays claimed, and is tried again when the claim lapses.
                tracing::error!(mail_id = mail.id, error = format!("{error:#}"), "an outbox row cannot be sent");
                continue;
            }
        };
        if let Err(error) = transport.send(message).await {
            tracing::warn!(mail_id = mail.id, %error, "sending mail failed: it will be tried again");
            let mut release: email_outbox::ActiveModel = mail.into();
            release.claimed_until = Set(None);
            release.update(db).await?;
            break;
        }
        let mut done: email_outbox::ActiveModel = mail.clone().into();
        done.sent_at = Set(Some(Utc::now()));
        done.update(db).await?;
        tracing::info!(mail_id = mail.id, key = mail.notification_key.as_deref().unwrap_or(""), "mail sent");
        sent += 1;
    }
    Ok(sent)
}
