//! Notifications about returns: each recorded once per recipient in the outbox (its key is
//! unique), in plain text and HTML, with a link to the page it is about.
//!
//! - a return due within `DUE_SOON_DAYS` (to the supplier's team) and a return overdue (to the
//!   supplier's team and the contract's officers): reminders, which a person may turn off, found
//!   by `record_reminders` (the server's background task runs it);
//! - a return submitted (to the contract's officers), and a review decided or information
//!   requested (to the supplier's team): recorded in the transaction of the change itself.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::outbox::{enqueue_notification, Notification};
use crate::contract_access::contract_years;
use db::{app_user, contract, contract_officer, organisation, quarterly_return};
use domain::accounts::Email;
use domain::contracts::{quarters, QuarterState};
use domain::dates::display_date;
use domain::returns::{is_overdue, ReturnStatus};

/// How many days before a return is due its reminder goes.
pub const DUE_SOON_DAYS: i64 = 14;

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A message's plain text and HTML, from its paragraphs and one link.
fn compose(name: &str, paragraphs: &[String], link_text: &str, url: &str, reminder: bool) -> (String, String) {
    let footer = if reminder {
        "You can turn off reminders on your account page."
    } else {
        "This message is about a decision or a change on a contract you work on."
    };
    let mut text = format!("Dear {name},\n\n");
    let mut html = format!("<p>Dear {},</p>\n", escape(name));
    for paragraph in paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>\n", escape(paragraph)));
    }
    text.push_str(&format!("{link_text}:\n{url}\n\n{footer}\n"));
    html.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>\n<p>{}</p>\n",
        escape(url),
        escape(link_text),
        escape(footer)
    ));
    (text, html)
}

/// Who a notification goes to.
async fn people(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<Vec<app_user::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .filter(app_user::Column::IsActive.eq(true))
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await
}

async fn supplier_team(db: &impl ConnectionTrait, contract: &contract::Model) -> Result<Vec<app_user::Model>, DbErr> {
    app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.eq(contract.supplier_id))
        .filter(app_user::Column::IsActive.eq(true))
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await
}

async fn officers(db: &impl ConnectionTrait, contract: &contract::Model) -> Result<Vec<app_user::Model>, DbErr> {
    let ids = contract_officer::Entity::find()
        .filter(contract_officer::Column::ContractId.eq(contract.id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.user_id)
        .collect();
    people(db, ids).await
}

/// Records one message to each of `recipients` (skipping reminders for those who turned them
/// off); `key` is completed with each recipient's id. Returns how many were new.
async fn send_each(
    db: &impl ConnectionTrait,
    recipients: &[app_user::Model],
    key: &str,
    subject: &str,
    paragraphs: &[String],
    link: (&str, &str),
    reminder: bool,
) -> Result<usize, DbErr> {
    let mut new = 0;
    for person in recipients {
        if reminder && person.reminders_off {
            continue;
        }
        let Ok(to) = Email::parse(&person.email) else {
            tracing::warn!(user = person.id, "a stored email address does not parse; no notification recorded");
            continue;
        };
        let (text, html) = compose(&person.full_name, paragraphs, link.0, link.1, reminder);
        let notification = Notification {
            key: format!("{key}:user-{}", person.id),
            recipient_user_id: person.id,
            to,
            subject: subject.to_owned(),
            text,
            html,
        };
        if enqueue_notification(db, notification).await? {
            new += 1;
        }
    }
    Ok(new)
}

fn return_url(base_url: &str, contract_id: i64, quarter: i32) -> String {
    format!("{base_url}{}", domain::routes::returns::paths::RETURN.with(&[&contract_id, &quarter]))
}

/// A return has been submitted (or answers sent): the contract's officers are told, with a
/// link to the review.
pub(crate) async fn return_submitted(
    db: &impl ConnectionTrait,
    base_url: &str,
    contract: &contract::Model,
    row: &quarterly_return::Model,
    answers: bool,
) -> Result<(), DbErr> {
    let at = chrono::Utc::now().timestamp_millis();
    let what = if answers { "answers-sent" } else { "return-submitted" };
    let subject = if answers {
        format!("{}: answers to your questions on the quarter {} return", contract.reference, row.quarter)
    } else {
        format!("{}: quarter {} return submitted for review", contract.reference, row.quarter)
    };
    let paragraph = if answers {
        format!(
            "The supplier has answered your questions on the quarter {} return for {} ({}). The lines they answered are waiting for your review.",
            row.quarter, contract.reference, contract.title
        )
    } else {
        format!(
            "The supplier has submitted the quarter {} return for {} ({}). Its lines are waiting for your review.",
            row.quarter, contract.reference, contract.title
        )
    };
    let url = format!("{base_url}{}", domain::routes::reviews::paths::REVIEW.with(&[&contract.id, &row.quarter]));
    let to = officers(db, contract).await?;
    send_each(
        db,
        &to,
        &format!("{what}:return-{}:at-{at}", row.id),
        &subject,
        &[paragraph],
        ("Review the return", &url),
        false,
    )
    .await?;
    Ok(())
}

/// The council has finished a round of review: the supplier's team is told whether it is
/// reviewed or questions wait for them.
pub(crate) async fn review_outcome(
    db: &impl ConnectionTrait,
    base_url: &str,
    contract: &contract::Model,
    row: &quarterly_return::Model,
    status: ReturnStatus,
) -> Result<(), DbErr> {
    let at = chrono::Utc::now().timestamp_millis();
    let (what, subject, paragraph) = match status {
        ReturnStatus::InformationRequested => (
            "information-requested",
            format!("{}: the council has asked about your quarter {} return", contract.reference, row.quarter),
            format!(
                "The council has reviewed your quarter {} return for {} ({}) and asked for more information on some lines. Answer each question, add evidence if it helps, and send your answers.",
                row.quarter, contract.reference, contract.title
            ),
        ),
        _ => (
            "review-decided",
            format!("{}: your quarter {} return has been reviewed", contract.reference, row.quarter),
            format!(
                "The council has decided every line of your quarter {} return for {} ({}). Each decision and its comment is on the return's page.",
                row.quarter, contract.reference, contract.title
            ),
        ),
    };
    let url = return_url(base_url, contract.id, row.quarter);
    let to = supplier_team(db, contract).await?;
    send_each(
        db,
        &to,
        &format!("{what}:return-{}:at-{at}", row.id),
        &subject,
        &[paragraph],
        ("Open the return", &url),
        false,
    )
    .await?;
    Ok(())
}

/// Records the reminders due on `today`: a return due within `DUE_SOON_DAYS` (to the
/// supplier's team) and a return overdue (to the supplier's team and the contract's officers).
/// Each goes once per quarter and person, however often this runs. Returns how many were new.
pub async fn record_reminders(db: &impl ConnectionTrait, base_url: &str, today: NaiveDate) -> Result<usize, DbErr> {
    let contracts = contract::Entity::find().order_by_asc(contract::Column::Id).all(db).await?;
    let councils: std::collections::BTreeMap<i64, u32> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(contracts.iter().map(|c| c.council_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.return_due_days.max(1) as u32))
        .collect();
    let statuses: std::collections::BTreeMap<(i64, i32), Option<ReturnStatus>> = quarterly_return::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| ((r.contract_id, r.quarter), ReturnStatus::parse(&r.status)))
        .collect();
    let today_iso = today.to_string();
    let soon_iso = (today + chrono::Duration::days(DUE_SOON_DAYS)).to_string();
    let mut new = 0;
    for contract in &contracts {
        let due_days = councils.get(&contract.council_id).copied().unwrap_or(30);
        for quarter in quarters(contract.start_date, contract_years(contract), due_days, today) {
            let status = statuses.get(&(contract.id, quarter.number as i32)).copied().flatten();
            if status.is_some_and(ReturnStatus::is_submitted) || quarter.state == QuarterState::NotStarted {
                continue;
            }
            let url = return_url(base_url, contract.id, quarter.number as i32);
            let due = display_date(&quarter.return_due);
            if is_overdue(status, &quarter.return_due, &today_iso) {
                let mut to = supplier_team(db, contract).await?;
                to.extend(officers(db, contract).await?);
                let subject = format!("{}: the quarter {} return is overdue", contract.reference, quarter.number);
                let paragraph = format!(
                    "The quarter {} return for {} ({}) was due on {due} and has not been submitted.",
                    quarter.number, contract.reference, contract.title
                );
                let key = format!("return-overdue:contract-{}:quarter-{}", contract.id, quarter.number);
                new += send_each(db, &to, &key, &subject, &[paragraph], ("Open the return", &url), true).await?;
            } else if quarter.return_due.as_str() <= soon_iso.as_str()
                && quarter.return_due.as_str() >= today_iso.as_str()
            {
                let to = supplier_team(db, contract).await?;
                let subject = format!("{}: the quarter {} return is due on {due}", contract.reference, quarter.number);
                let paragraph = format!(
                    "The quarter {} return for {} ({}) is due on {due}. Report what you delivered against each commitment, with evidence, and submit it by then.",
                    quarter.number, contract.reference, contract.title
                );
                let key = format!("return-due-soon:contract-{}:quarter-{}", contract.id, quarter.number);
                new += send_each(db, &to, &key, &subject, &[paragraph], ("Open the return", &url), true).await?;
            }
        }
    }
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_escape_what_people_typed_in_html_only() {
        let (text, html) = compose("Ann <b>", &["Tom & Jerry's".to_owned()], "Open", "http://x/a?b=1&c=2", true);
        assert!(
            text.contains("Dear Ann <b>,") && text.contains("Tom & Jerry's") && text.contains("http://x/a?b=1&c=2")
        );
        assert!(html.contains("Dear Ann &lt;b&gt;,") && html.contains("Tom &amp; Jerry&#39;s"));
        assert!(html.contains("href=\"http://x/a?b=1&amp;c=2\""));
        assert!(text.contains("turn off reminders"));
    }
}
