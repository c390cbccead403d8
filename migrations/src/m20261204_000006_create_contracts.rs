use sea_orm_migration::prelude::*;

use crate::common::{id, index, references};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

/// A council's setting: how many days after a contract quarter ends its return is due.
#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    ReturnDueDays,
}

#[derive(DeriveIden)]
enum Tender {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FrameworkVersion {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OfferSubmission {
    Table,
    Id,
}

/// What an award makes: one per tender (a unique index, so two awards at once make one).
/// Its terms are copied from the tender at the award, so later changes elsewhere leave it be.
#[derive(DeriveIden)]
enum Contract {
    Table,
    Id,
    TenderId,
    CouncilId,
    SupplierId,
    OfferId,
    SubmissionId,
    Reference,
    Title,
    ContractValue,
    StartDate,
    EndDate,
    FrameworkVersionId,
    AwardedByUserId,
    AwardedAt,
    /// Why the officer chose an offer other than the top-ranked one; null when they did not.
    AwardReason,
}

/// The council officers who manage a contract.
#[derive(DeriveIden)]
enum ContractOfficer {
    Table,
    Id,
    ContractId,
    UserId,
    AddedByUserId,
    AddedAt,
}

/// The contract's social value plan, a row each: a counted line of the winning offer (measure,
/// contract year, quantity, the proxy value the submission used and the £ value), or a written
/// answer (year, quantity and values null; its text in `response`).
#[derive(DeriveIden)]
enum Commitment {
    Table,
    Id,
    ContractId,
    MeasureId,
    Code,
    Theme,
    Description,
    Unit,
    Year,
    Quantity,
    ProxyValue,
    Value,
    Plan,
    Response,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organisation::Table)
                    .add_column(ColumnDef::new(Organisation::ReturnDueDays).integer().not_null().default(30))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Contract::Table)
                    .col(id(Contract::Id))
                    .col(ColumnDef::new(Contract::TenderId).big_integer().not_null())
                    .col(ColumnDef::new(Contract::CouncilId).big_integer().not_null())
                    .col(ColumnDef::new(Contract::SupplierId).big_integer().not_null())
                    .col(ColumnDef::new(Contract::OfferId).big_integer().not_null())
                    .col(ColumnDef::new(Contract::SubmissionId).big_integer().not_null())
                    .col(ColumnDef::new(Contract::Reference).string_len(60).not_null())
                    .col(ColumnDef::new(Contract::Title).text().not_null())
                    .col(ColumnDef::new(Contract::ContractValue).string_len(40).not_null())
                    .col(ColumnDef::new(Contract::StartDate).date().not_null())
                    .col(ColumnDef::new(Contract::EndDate).date().not_null())
                    .col(ColumnDef::new(Contract::FrameworkVersionId).big_integer().not_null())
                    .col(ColumnDef::new(Contract::AwardedByUserId).big_integer().not_null())
                    .col(ColumnDef::new(Contract::AwardedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Contract::AwardReason).text().null())
                    .foreign_key(&mut references(Contract::Table, Contract::TenderId, Tender::Table, Tender::Id))
                    .foreign_key(&mut references(
                        Contract::Table,
                        Contract::CouncilId,
                        Organisation::Table,
                        Organisation::Id,
                    ))
                    .foreign_key(&mut references(
                        Contract::Table,
                        Contract::SupplierId,
                        Organisation::Table,
                        Organisation::Id,
                    ))
                    .foreign_key(&mut references(
                        Contract::Table,
                        Contract::SubmissionId,
                        OfferSubmission::Table,
                        OfferSubmission::Id,
                    ))
                    .foreign_key(&mut references(
                        Contract::Table,
                        Contract::FrameworkVersionId,
                        FrameworkVersion::Table,
                        FrameworkVersion::Id,
                    ))
                    .foreign_key(&mut references(
                        Contract::Table,
                        Contract::AwardedByUserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_contract_tender", Contract::Table, vec![Contract::TenderId.into_iden()]).unique().to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_contract_council", Contract::CouncilId.into_iden()),
            ("idx_contract_supplier", Contract::SupplierId.into_iden()),
            ("idx_contract_submission", Contract::SubmissionId.into_iden()),
            ("idx_contract_framework_version", Contract::FrameworkVersionId.into_iden()),
            ("idx_contract_awarded_by", Contract::AwardedByUserId.into_iden()),
        ] {
            manager.create_index(index(name, Contract::Table, vec![column])).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ContractOfficer::Table)
                    .col(id(ContractOfficer::Id))
                    .col(ColumnDef::new(ContractOfficer::ContractId).big_integer().not_null())
                    .col(ColumnDef::new(ContractOfficer::UserId).big_integer().not_null())
                    .col(ColumnDef::new(ContractOfficer::AddedByUserId).big_integer().not_null())
                    .col(ColumnDef::new(ContractOfficer::AddedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut references(
                        ContractOfficer::Table,
                        ContractOfficer::ContractId,
                        Contract::Table,
                        Contract::Id,
                    ))
                    .foreign_key(&mut references(
                        ContractOfficer::Table,
                        ContractOfficer::UserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .foreign_key(&mut references(
                        ContractOfficer::Table,
                        ContractOfficer::AddedByUserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_contract_officer_contract_user",
                    ContractOfficer::Table,
                    vec![ContractOfficer::ContractId.into_iden(), ContractOfficer::UserId.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_contract_officer_user", ContractOfficer::UserId.into_iden()),
            ("idx_contract_officer_added_by", ContractOfficer::AddedByUserId.into_iden()),
        ] {
            manager.create_index(index(name, ContractOfficer::Table, vec![column])).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Commitment::Table)
                    .col(id(Commitment::Id))
                    .col(ColumnDef::new(Commitment::ContractId).big_integer().not_null())
                    .col(ColumnDef::new(Commitment::MeasureId).big_integer().not_null())
                    .col(ColumnDef::new(Commitment::Code).string_len(40).not_null())
                    .col(ColumnDef::new(Commitment::Theme).text().not_null())
                    .col(ColumnDef::new(Commitment::Description).text().not_null())
                    .col(ColumnDef::new(Commitment::Unit).text().not_null())
                    .col(ColumnDef::new(Commitment::Year).integer().null())
                    .col(ColumnDef::new(Commitment::Quantity).string_len(40).null())
                    .col(ColumnDef::new(Commitment::ProxyValue).string_len(40).null())
                    .col(ColumnDef::new(Commitment::Value).string_len(40).null())
                    .col(ColumnDef::new(Commitment::Plan).text().not_null())
                    .col(ColumnDef::new(Commitment::Response).text().null())
                    .foreign_key(&mut references(
                        Commitment::Table,
                        Commitment::ContractId,
                        Contract::Table,
                        Contract::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_commitment_contract", Commitment::Table, vec![Commitment::ContractId.into_iden()]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Commitment::Table.into_iden(), ContractOfficer::Table.into_iden(), Contract::Table.into_iden()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(Organisation::Table).drop_column(Organisation::ReturnDueDays).to_owned())
            .await
    }
}
