use sea_orm_migration::prelude::*;

use crate::common::{id, index, references};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tender {
    Table,
    Id,
    /// JSON: the descriptor of each mark of the written answers' scale, from 0 up; null for the
    /// default 0–5 scale.
    MarkingScale,
}

#[derive(DeriveIden)]
enum OfferSubmission {
    Table,
    Id,
}

/// A submitted line an officer set aside as not counting, with the reason and a comment.
/// Deleted when the exclusion is undone (the audit trail keeps both).
#[derive(DeriveIden)]
enum LineExclusion {
    Table,
    Id,
    TenderId,
    SubmissionId,
    MeasureId,
    Year,
    Reason,
    Comment,
    ExcludedByUserId,
    ExcludedAt,
}

/// One evaluator's mark for one written answer of one submission.
#[derive(DeriveIden)]
enum EvaluatorMark {
    Table,
    Id,
    TenderId,
    SubmissionId,
    MeasureId,
    EvaluatorUserId,
    Mark,
    Justification,
    UpdatedAt,
}

/// Who takes part in a tender's evaluation, and how: a "marker" marks the written answers
/// (independently; `marks_submitted_at` once they submit them), a "moderator" marked none and
/// records the marks that count. One role per person per tender.
#[derive(DeriveIden)]
enum Evaluator {
    Table,
    Id,
    TenderId,
    UserId,
    Role,
    JoinedAt,
    MarksSubmittedAt,
}

/// The moderated mark of one written answer: the only mark that counts.
#[derive(DeriveIden)]
enum ModeratedMark {
    Table,
    Id,
    TenderId,
    SubmissionId,
    MeasureId,
    Mark,
    Note,
    ModeratorUserId,
    ModeratedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tender::Table)
                    .add_column(ColumnDef::new(Tender::MarkingScale).text().null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LineExclusion::Table)
                    .col(id(LineExclusion::Id))
                    .col(ColumnDef::new(LineExclusion::TenderId).big_integer().not_null())
                    .col(ColumnDef::new(LineExclusion::SubmissionId).big_integer().not_null())
                    .col(ColumnDef::new(LineExclusion::MeasureId).big_integer().not_null())
                    .col(ColumnDef::new(LineExclusion::Year).integer().not_null())
                    .col(ColumnDef::new(LineExclusion::Reason).string_len(40).not_null())
                    .col(ColumnDef::new(LineExclusion::Comment).text().not_null())
                    .col(ColumnDef::new(LineExclusion::ExcludedByUserId).big_integer().not_null())
                    .col(ColumnDef::new(LineExclusion::ExcludedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut references(
                        LineExclusion::Table,
                        LineExclusion::TenderId,
                        Tender::Table,
                        Tender::Id,
                    ))
                    .foreign_key(&mut references(
                        LineExclusion::Table,
                        LineExclusion::SubmissionId,
                        OfferSubmission::Table,
                        OfferSubmission::Id,
                    ))
                    .foreign_key(&mut references(
                        LineExclusion::Table,
                        LineExclusion::ExcludedByUserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_line_exclusion_line",
                    LineExclusion::Table,
                    vec![
                        LineExclusion::SubmissionId.into_iden(),
                        LineExclusion::MeasureId.into_iden(),
                        LineExclusion::Year.into_iden(),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_line_exclusion_tender", LineExclusion::TenderId.into_iden()),
            ("idx_line_exclusion_by", LineExclusion::ExcludedByUserId.into_iden()),
        ] {
            manager.create_index(index(name, LineExclusion::Table, vec![column])).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(EvaluatorMark::Table)
                    .col(id(EvaluatorMark::Id))
                    .col(ColumnDef::new(EvaluatorMark::TenderId).big_integer().not_null())
                    .col(ColumnDef::new(EvaluatorMark::SubmissionId).big_integer().not_null())
                    .col(ColumnDef::new(EvaluatorMark::MeasureId).big_integer().not_null())
                    .col(ColumnDef::new(EvaluatorMark::EvaluatorUserId).big_integer().not_null())
                    .col(ColumnDef::new(EvaluatorMark::Mark).integer().not_null())
                    .col(ColumnDef::new(EvaluatorMark::Justification).text().not_null())
                    .col(ColumnDef::new(EvaluatorMark::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut references(
                        EvaluatorMark::Table,
                        EvaluatorMark::TenderId,
                        Tender::Table,
                        Tender::Id,
                    ))
                    .foreign_key(&mut references(
                        EvaluatorMark::Table,
                        EvaluatorMark::SubmissionId,
                        OfferSubmission::Table,
                        OfferSubmission::Id,
                    ))
                    .foreign_key(&mut references(
                        EvaluatorMark::Table,
                        EvaluatorMark::EvaluatorUserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_evaluator_mark_answer",
                    EvaluatorMark::Table,
                    vec![
                        EvaluatorMark::SubmissionId.into_iden(),
                        EvaluatorMark::MeasureId.into_iden(),
                        EvaluatorMark::EvaluatorUserId.into_iden(),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_evaluator_mark_tender", EvaluatorMark::TenderId.into_iden()),
            ("idx_evaluator_mark_evaluator", EvaluatorMark::EvaluatorUserId.into_iden()),
        ] {
            manager.create_index(index(name, EvaluatorMark::Table, vec![column])).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Evaluator::Table)
                    .col(id(Evaluator::Id))
                    .col(ColumnDef::new(Evaluator::TenderId).big_integer().not_null())
                    .col(ColumnDef::new(Evaluator::UserId).big_integer().not_null())
                    .col(ColumnDef::new(Evaluator::Role).string_len(16).not_null())
                    .col(ColumnDef::new(Evaluator::JoinedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Evaluator::MarksSubmittedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut references(Evaluator::Table, Evaluator::TenderId, Tender::Table, Tender::Id))
                    .foreign_key(&mut references(Evaluator::Table, Evaluator::UserId, AppUser::Table, AppUser::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_evaluator_tender_user",
                    Evaluator::Table,
                    vec![Evaluator::TenderId.into_iden(), Evaluator::UserId.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_evaluator_user", Evaluator::Table, vec![Evaluator::UserId.into_iden()]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ModeratedMark::Table)
                    .col(id(ModeratedMark::Id))
                    .col(ColumnDef::new(ModeratedMark::TenderId).big_integer().not_null())
                    .col(ColumnDef::new(ModeratedMark::SubmissionId).big_integer().not_null())
                    .col(ColumnDef::new(ModeratedMark::MeasureId).big_integer().not_null())
                    .col(ColumnDef::new(ModeratedMark::Mark).integer().not_null())
                    .col(ColumnDef::new(ModeratedMark::Note).text().not_null())
                    .col(ColumnDef::new(ModeratedMark::ModeratorUserId).big_integer().not_null())
                    .col(ColumnDef::new(ModeratedMark::ModeratedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut references(
                        ModeratedMark::Table,
                        ModeratedMark::TenderId,
                        Tender::Table,
                        Tender::Id,
                    ))
                    .foreign_key(&mut references(
                        ModeratedMark::Table,
                        ModeratedMark::SubmissionId,
                        OfferSubmission::Table,
                        OfferSubmission::Id,
                    ))
                    .foreign_key(&mut references(
                        ModeratedMark::Table,
                        ModeratedMark::ModeratorUserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_moderated_mark_answer",
                    ModeratedMark::Table,
                    vec![ModeratedMark::SubmissionId.into_iden(), ModeratedMark::MeasureId.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_moderated_mark_tender", ModeratedMark::TenderId.into_iden()),
            ("idx_moderated_mark_moderator", ModeratedMark::ModeratorUserId.into_iden()),
        ] {
            manager.create_index(index(name, ModeratedMark::Table, vec![column])).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ModeratedMark::Table.into_iden(),
            Evaluator::Table.into_iden(),
            EvaluatorMark::Table.into_iden(),
            LineExclusion::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Tender::Table).drop_column(Tender::MarkingScale).to_owned()).await?;
        Ok(())
    }
}
