use sea_orm_migration::prelude::*;

use crate::common::{id, index, references};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    /// The person has turned off reminders (returns due soon, overdue); decisions still reach them.
    RemindersOff,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    /// A council's contract performance thresholds, as percentages of committed to date
    /// delivered: RAG green and amber, and the Procurement Act 2023 rating's Good, Approaching
    /// target and Requires improvement (below that, Inadequate). Decimal text.
    RagGreenPercent,
    RagAmberPercent,
    RatingGoodPercent,
    RatingApproachingPercent,
    RatingImprovementPercent,
}

#[derive(DeriveIden)]
enum QuarterlyReturn {
    Table,
    Id,
}

/// Each line's review state: pending (waiting for the council), approved, approved_less,
/// rejected, or information_requested (waiting for the supplier's answer).
#[derive(DeriveIden)]
enum ReturnLine {
    Table,
    Id,
    ReviewStatus,
}

/// Every decision on a line and every answer to one, in order: the line's history.
#[derive(DeriveIden)]
enum LineReview {
    Table,
    Id,
    ReturnLineId,
    ReturnId,
    /// approved, approved_less, rejected, information_requested, answered
    Kind,
    /// The quantity approved (a decision), or the quantity the answer claims.
    Quantity,
    /// The reason, question or reply.
    Comment,
    ByUserId,
    At,
}

/// Mail to one person: a notification is recorded once per recipient (its key is unique);
/// a sender claims a row until `claimed_until` before sending it, so that two servers on one
/// database never both send it.
#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    NotificationKey,
    RecipientUserId,
    BodyHtml,
    ClaimedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        let added = [
            (
                AppUser::Table.into_iden(),
                ColumnDef::new(AppUser::RemindersOff).boolean().not_null().default(false).to_owned(),
            ),
            (
                Organisation::Table.into_iden(),
                ColumnDef::new(Organisation::RagGreenPercent).string_len(10).not_null().default("95").to_owned(),
            ),
            (
                Organisation::Table.into_iden(),
                ColumnDef::new(Organisation::RagAmberPercent).string_len(10).not_null().default("85").to_owned(),
            ),
            (
                Organisation::Table.into_iden(),
                ColumnDef::new(Organisation::RatingGoodPercent).string_len(10).not_null().default("95").to_owned(),
            ),
            (
                Organisation::Table.into_iden(),
                ColumnDef::new(Organisation::RatingApproachingPercent)
                    .string_len(10)
                    .not_null()
                    .default("85")
                    .to_owned(),
            ),
            (
                Organisation::Table.into_iden(),
                ColumnDef::new(Organisation::RatingImprovementPercent)
                    .string_len(10)
                    .not_null()
                    .default("70")
                    .to_owned(),
            ),
            (
                ReturnLine::Table.into_iden(),
                ColumnDef::new(ReturnLine::ReviewStatus).string_len(30).not_null().default("pending").to_owned(),
            ),
            (
                EmailOutbox::Table.into_iden(),
                ColumnDef::new(EmailOutbox::NotificationKey).string_len(200).null().to_owned(),
            ),
            (
                EmailOutbox::Table.into_iden(),
                ColumnDef::new(EmailOutbox::RecipientUserId).big_integer().null().to_owned(),
            ),
            (EmailOutbox::Table.into_iden(), ColumnDef::new(EmailOutbox::BodyHtml).text().null().to_owned()),
            (
                EmailOutbox::Table.into_iden(),
                ColumnDef::new(EmailOutbox::ClaimedUntil).timestamp_with_time_zone().null().to_owned(),
            ),
        ];
        for (table, mut column) in added {
            manager.alter_table(Table::alter().table(table).add_column(&mut column).to_owned()).await?;
        }
        // NULL keys (mail that is not a notification) never clash, on both databases.
        manager
            .create_index(
                index(
                    "idx_email_outbox_notification_key",
                    EmailOutbox::Table,
                    vec![EmailOutbox::NotificationKey.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_return_line_review_status",
                ReturnLine::Table,
                vec![ReturnLine::ReviewStatus.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LineReview::Table)
                    .col(id(LineReview::Id))
                    .col(ColumnDef::new(LineReview::ReturnLineId).big_integer().not_null())
                    .col(ColumnDef::new(LineReview::ReturnId).big_integer().not_null())
                    .col(ColumnDef::new(LineReview::Kind).string_len(30).not_null())
                    .col(ColumnDef::new(LineReview::Quantity).string_len(100).null())
                    .col(ColumnDef::new(LineReview::Comment).text().not_null())
                    .col(ColumnDef::new(LineReview::ByUserId).big_integer().not_null())
                    .col(ColumnDef::new(LineReview::At).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut references(
                        LineReview::Table,
                        LineReview::ReturnLineId,
                        ReturnLine::Table,
                        ReturnLine::Id,
                    ))
                    .foreign_key(&mut references(
                        LineReview::Table,
                        LineReview::ReturnId,
                        QuarterlyReturn::Table,
                        QuarterlyReturn::Id,
                    ))
                    .foreign_key(&mut references(LineReview::Table, LineReview::ByUserId, AppUser::Table, AppUser::Id))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_line_review_line", LineReview::ReturnLineId.into_iden()),
            ("idx_line_review_return", LineReview::ReturnId.into_iden()),
            ("idx_line_review_by", LineReview::ByUserId.into_iden()),
        ] {
            manager.create_index(index(name, LineReview::Table, vec![column])).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(LineReview::Table).to_owned()).await?;
        manager
            .drop_index(Index::drop().name("idx_email_outbox_notification_key").table(EmailOutbox::Table).to_owned())
            .await?;
        manager
            .drop_index(Index::drop().name("idx_return_line_review_status").table(ReturnLine::Table).to_owned())
            .await?;
        let dropped = [
            (AppUser::Table.into_iden(), AppUser::RemindersOff.into_iden()),
            (Organisation::Table.into_iden(), Organisation::RagGreenPercent.into_iden()),
            (Organisation::Table.into_iden(), Organisation::RagAmberPercent.into_iden()),
            (Organisation::Table.into_iden(), Organisation::RatingGoodPercent.into_iden()),
            (Organisation::Table.into_iden(), Organisation::RatingApproachingPercent.into_iden()),
            (Organisation::Table.into_iden(), Organisation::RatingImprovementPercent.into_iden()),
            (ReturnLine::Table.into_iden(), ReturnLine::ReviewStatus.into_iden()),
            (EmailOutbox::Table.into_iden(), EmailOutbox::NotificationKey.into_iden()),
            (EmailOutbox::Table.into_iden(), EmailOutbox::RecipientUserId.into_iden()),
            (EmailOutbox::Table.into_iden(), EmailOutbox::BodyHtml.into_iden()),
            (EmailOutbox::Table.into_iden(), EmailOutbox::ClaimedUntil.into_iden()),
        ];
        for (table, column) in dropped {
            manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
