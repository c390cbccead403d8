use sea_orm_migration::prelude::*;

use crate::common::{id, index, references};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FrameworkVersion {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FrameworkMeasure {
    Table,
    Id,
}

/// A council's tender: its terms, the framework version it uses, and its status. Amounts and
/// ratios are exact decimal text.
#[derive(DeriveIden)]
enum Tender {
    Table,
    Id,
    CouncilId,
    Reference,
    Title,
    Description,
    ContractValue,
    DurationYears,
    StartDate,
    Deadline,
    FrameworkVersionId,
    TargetRatio,
    SvWeighting,
    QuantitativeShare,
    ScoringMethod,
    Status,
    CreatedByUserId,
    CreatedAt,
    OpenedAt,
    CancelledAt,
    AwardedAt,
    AwardedOfferId,
}

/// The measures of the framework version a tender asks bidders to choose from.
#[derive(DeriveIden)]
enum TenderMeasure {
    Table,
    Id,
    TenderId,
    MeasureId,
}

/// One supplier's offer for one tender.
#[derive(DeriveIden)]
enum Offer {
    Table,
    Id,
    TenderId,
    SupplierId,
    Status,
    CreatedAt,
    UpdatedAt,
    UpdatedByUserId,
}

/// What the offer says for one measure: the quantities typed per contract year (kept as typed,
/// even when not yet valid), a delivery plan, a written response, and the proxy value used.
#[derive(DeriveIden)]
enum OfferItem {
    Table,
    Id,
    OfferId,
    MeasureId,
    Quantities,
    Plan,
    Response,
    ProxyValue,
}

/// Every submission of an offer, kept when it is withdrawn or replaced: the lines as submitted,
/// with the proxy value each used, and the figures the server computed.
#[derive(DeriveIden)]
enum OfferSubmission {
    Table,
    Id,
    OfferId,
    Reference,
    SubmittedAt,
    SubmittedByUserId,
    WithdrawnAt,
    WithdrawnByUserId,
    Total,
    Ratio,
    Snapshot,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tender::Table)
                    .col(id(Tender::Id))
                    .col(ColumnDef::new(Tender::CouncilId).big_integer().not_null())
                    .col(ColumnDef::new(Tender::Reference).string_len(40).not_null())
                    .col(ColumnDef::new(Tender::Title).string_len(200).not_null())
                    .col(ColumnDef::new(Tender::Description).text().not_null())
                    .col(ColumnDef::new(Tender::ContractValue).string_len(32).not_null())
                    .col(ColumnDef::new(Tender::DurationYears).integer().not_null())
                    .col(ColumnDef::new(Tender::StartDate).date().not_null())
                    .col(ColumnDef::new(Tender::Deadline).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Tender::FrameworkVersionId).big_integer().not_null())
                    .col(ColumnDef::new(Tender::TargetRatio).string_len(32).not_null())
                    .col(ColumnDef::new(Tender::SvWeighting).string_len(16).not_null())
                    .col(ColumnDef::new(Tender::QuantitativeShare).string_len(16).not_null())
                    .col(ColumnDef::new(Tender::ScoringMethod).string_len(20).not_null())
                    .col(ColumnDef::new(Tender::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Tender::CreatedByUserId).big_integer().null())
                    .col(ColumnDef::new(Tender::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Tender::OpenedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Tender::CancelledAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Tender::AwardedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Tender::AwardedOfferId).big_integer().null())
                    .foreign_key(&mut references(
                        Tender::Table,
                        Tender::CouncilId,
                        Organisation::Table,
                        Organisation::Id,
                    ))
                    .foreign_key(&mut references(
                        Tender::Table,
                        Tender::FrameworkVersionId,
                        FrameworkVersion::Table,
                        FrameworkVersion::Id,
                    ))
                    .foreign_key(&mut references(Tender::Table, Tender::CreatedByUserId, AppUser::Table, AppUser::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_tender_council_reference",
                    Tender::Table,
                    vec![Tender::CouncilId.into_iden(), Tender::Reference.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_tender_status_deadline", Tender::Status.into_iden()),
            ("idx_tender_framework_version", Tender::FrameworkVersionId.into_iden()),
            ("idx_tender_created_by", Tender::CreatedByUserId.into_iden()),
        ] {
            manager.create_index(index(name, Tender::Table, vec![column])).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(TenderMeasure::Table)
                    .col(id(TenderMeasure::Id))
                    .col(ColumnDef::new(TenderMeasure::TenderId).big_integer().not_null())
                    .col(ColumnDef::new(TenderMeasure::MeasureId).big_integer().not_null())
                    .foreign_key(
                        &mut references(TenderMeasure::Table, TenderMeasure::TenderId, Tender::Table, Tender::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .foreign_key(&mut references(
                        TenderMeasure::Table,
                        TenderMeasure::MeasureId,
                        FrameworkMeasure::Table,
                        FrameworkMeasure::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_tender_measure_tender_measure",
                    TenderMeasure::Table,
                    vec![TenderMeasure::TenderId.into_iden(), TenderMeasure::MeasureId.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_tender_measure_measure",
                TenderMeasure::Table,
                vec![TenderMeasure::MeasureId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Offer::Table)
                    .col(id(Offer::Id))
                    .col(ColumnDef::new(Offer::TenderId).big_integer().not_null())
                    .col(ColumnDef::new(Offer::SupplierId).big_integer().not_null())
                    .col(ColumnDef::new(Offer::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Offer::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Offer::UpdatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Offer::UpdatedByUserId).big_integer().null())
                    .foreign_key(&mut references(Offer::Table, Offer::TenderId, Tender::Table, Tender::Id))
                    .foreign_key(&mut references(
                        Offer::Table,
                        Offer::SupplierId,
                        Organisation::Table,
                        Organisation::Id,
                    ))
                    .foreign_key(&mut references(Offer::Table, Offer::UpdatedByUserId, AppUser::Table, AppUser::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_offer_tender_supplier",
                    Offer::Table,
                    vec![Offer::TenderId.into_iden(), Offer::SupplierId.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_offer_supplier", Offer::SupplierId.into_iden()),
            ("idx_offer_updated_by", Offer::UpdatedByUserId.into_iden()),
        ] {
            manager.create_index(index(name, Offer::Table, vec![column])).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(OfferItem::Table)
                    .col(id(OfferItem::Id))
                    .col(ColumnDef::new(OfferItem::OfferId).big_integer().not_null())
                    .col(ColumnDef::new(OfferItem::MeasureId).big_integer().not_null())
                    .col(ColumnDef::new(OfferItem::Quantities).text().not_null())
                    .col(ColumnDef::new(OfferItem::Plan).text().not_null())
                    .col(ColumnDef::new(OfferItem::Response).text().not_null())
                    .col(ColumnDef::new(OfferItem::ProxyValue).string_len(32).null())
                    .foreign_key(
                        &mut references(OfferItem::Table, OfferItem::OfferId, Offer::Table, Offer::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .foreign_key(&mut references(
                        OfferItem::Table,
                        OfferItem::MeasureId,
                        FrameworkMeasure::Table,
                        FrameworkMeasure::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_offer_item_offer_measure",
                    OfferItem::Table,
                    vec![OfferItem::OfferId.into_iden(), OfferItem::MeasureId.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_offer_item_measure", OfferItem::Table, vec![OfferItem::MeasureId.into_iden()]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OfferSubmission::Table)
                    .col(id(OfferSubmission::Id))
                    .col(ColumnDef::new(OfferSubmission::OfferId).big_integer().not_null())
                    .col(ColumnDef::new(OfferSubmission::Reference).string_len(32).not_null())
                    .col(ColumnDef::new(OfferSubmission::SubmittedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(OfferSubmission::SubmittedByUserId).big_integer().not_null())
                    .col(ColumnDef::new(OfferSubmission::WithdrawnAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(OfferSubmission::WithdrawnByUserId).big_integer().null())
                    .col(ColumnDef::new(OfferSubmission::Total).string_len(32).not_null())
                    .col(ColumnDef::new(OfferSubmission::Ratio).string_len(48).null())
                    .col(ColumnDef::new(OfferSubmission::Snapshot).text().not_null())
                    .foreign_key(&mut references(
                        OfferSubmission::Table,
                        OfferSubmission::OfferId,
                        Offer::Table,
                        Offer::Id,
                    ))
                    .foreign_key(&mut references(
                        OfferSubmission::Table,
                        OfferSubmission::SubmittedByUserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .foreign_key(&mut references(
                        OfferSubmission::Table,
                        OfferSubmission::WithdrawnByUserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_offer_submission_reference",
                    OfferSubmission::Table,
                    vec![OfferSubmission::Reference.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_offer_submission_offer", OfferSubmission::OfferId.into_iden()),
            ("idx_offer_submission_submitted_by", OfferSubmission::SubmittedByUserId.into_iden()),
            ("idx_offer_submission_withdrawn_by", OfferSubmission::WithdrawnByUserId.into_iden()),
        ] {
            manager.create_index(index(name, OfferSubmission::Table, vec![column])).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OfferSubmission::Table.into_iden(),
            OfferItem::Table.into_iden(),
            Offer::Table.into_iden(),
            TenderMeasure::Table.into_iden(),
            Tender::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
