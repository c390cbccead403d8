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
enum Contract {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Commitment {
    Table,
    Id,
}

/// A supplier's report for one contract quarter: one per contract and quarter (a unique index,
/// so two people starting it at once make one). A draft until submitted; then locked for review.
#[derive(DeriveIden)]
enum QuarterlyReturn {
    Table,
    Id,
    ContractId,
    Quarter,
    /// The contract year the quarter falls in.
    Year,
    Status,
    StartedByUserId,
    StartedAt,
    UpdatedAt,
    SubmittedByUserId,
    SubmittedAt,
}

/// One measure reported in a return: a commitment active in the quarter's year, or an
/// additional measure of the contract's framework version delivered beyond the plan. The
/// quantity is kept as typed (a draft keeps everything typed, valid or not); its proxy value is
/// the commitment's as offered, or the framework version's for an additional line.
#[derive(DeriveIden)]
enum ReturnLine {
    Table,
    Id,
    ReturnId,
    CommitmentId,
    MeasureId,
    Additional,
    Code,
    Theme,
    Description,
    Unit,
    AllowsFraction,
    ProxyValue,
    QuantityTyped,
    Narrative,
    /// Set by the council's review: the quantity that counts as delivered.
    ApprovedQuantity,
}

/// An evidence file, stored under a server-generated key; its row is written only once the
/// object is stored whole.
#[derive(DeriveIden)]
enum EvidenceFile {
    Table,
    Id,
    ReturnLineId,
    ReturnId,
    ContractId,
    StorageKey,
    OriginalName,
    Kind,
    SizeBytes,
    Sha256,
    UploadedByUserId,
    UploadedAt,
}

/// An upload under way: written when it starts (with the S3 multipart upload's id), removed
/// when its file row is written or the upload is abandoned. The sweep aborts any left behind.
#[derive(DeriveIden)]
enum EvidenceUpload {
    Table,
    Id,
    StorageKey,
    MultipartId,
    StartedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(QuarterlyReturn::Table)
                    .col(id(QuarterlyReturn::Id))
                    .col(ColumnDef::new(QuarterlyReturn::ContractId).big_integer().not_null())
                    .col(ColumnDef::new(QuarterlyReturn::Quarter).integer().not_null())
                    .col(ColumnDef::new(QuarterlyReturn::Year).integer().not_null())
                    .col(ColumnDef::new(QuarterlyReturn::Status).string_len(20).not_null())
                    .col(ColumnDef::new(QuarterlyReturn::StartedByUserId).big_integer().not_null())
                    .col(ColumnDef::new(QuarterlyReturn::StartedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(QuarterlyReturn::UpdatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(QuarterlyReturn::SubmittedByUserId).big_integer().null())
                    .col(ColumnDef::new(QuarterlyReturn::SubmittedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut references(
                        QuarterlyReturn::Table,
                        QuarterlyReturn::ContractId,
                        Contract::Table,
                        Contract::Id,
                    ))
                    .foreign_key(&mut references(
                        QuarterlyReturn::Table,
                        QuarterlyReturn::StartedByUserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .foreign_key(&mut references(
                        QuarterlyReturn::Table,
                        QuarterlyReturn::SubmittedByUserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_quarterly_return_contract_quarter",
                    QuarterlyReturn::Table,
                    vec![QuarterlyReturn::ContractId.into_iden(), QuarterlyReturn::Quarter.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_quarterly_return_status", QuarterlyReturn::Status.into_iden()),
            ("idx_quarterly_return_started_by", QuarterlyReturn::StartedByUserId.into_iden()),
            ("idx_quarterly_return_submitted_by", QuarterlyReturn::SubmittedByUserId.into_iden()),
        ] {
            manager.create_index(index(name, QuarterlyReturn::Table, vec![column])).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ReturnLine::Table)
                    .col(id(ReturnLine::Id))
                    .col(ColumnDef::new(ReturnLine::ReturnId).big_integer().not_null())
                    .col(ColumnDef::new(ReturnLine::CommitmentId).big_integer().null())
                    .col(ColumnDef::new(ReturnLine::MeasureId).big_integer().not_null())
                    .col(ColumnDef::new(ReturnLine::Additional).boolean().not_null())
                    .col(ColumnDef::new(ReturnLine::Code).string_len(40).not_null())
                    .col(ColumnDef::new(ReturnLine::Theme).text().not_null())
                    .col(ColumnDef::new(ReturnLine::Description).text().not_null())
                    .col(ColumnDef::new(ReturnLine::Unit).text().not_null())
                    .col(ColumnDef::new(ReturnLine::AllowsFraction).boolean().not_null())
                    .col(ColumnDef::new(ReturnLine::ProxyValue).string_len(40).null())
                    .col(ColumnDef::new(ReturnLine::QuantityTyped).string_len(100).not_null())
                    .col(ColumnDef::new(ReturnLine::Narrative).text().not_null())
                    .col(ColumnDef::new(ReturnLine::ApprovedQuantity).string_len(40).null())
                    .foreign_key(&mut references(
                        ReturnLine::Table,
                        ReturnLine::ReturnId,
                        QuarterlyReturn::Table,
                        QuarterlyReturn::Id,
                    ))
                    .foreign_key(&mut references(
                        ReturnLine::Table,
                        ReturnLine::CommitmentId,
                        Commitment::Table,
                        Commitment::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_return_line_return_measure",
                    ReturnLine::Table,
                    vec![ReturnLine::ReturnId.into_iden(), ReturnLine::MeasureId.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_return_line_commitment",
                ReturnLine::Table,
                vec![ReturnLine::CommitmentId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EvidenceFile::Table)
                    .col(id(EvidenceFile::Id))
                    .col(ColumnDef::new(EvidenceFile::ReturnLineId).big_integer().not_null())
                    .col(ColumnDef::new(EvidenceFile::ReturnId).big_integer().not_null())
                    .col(ColumnDef::new(EvidenceFile::ContractId).big_integer().not_null())
                    .col(ColumnDef::new(EvidenceFile::StorageKey).string_len(200).not_null())
                    .col(ColumnDef::new(EvidenceFile::OriginalName).string_len(300).not_null())
                    .col(ColumnDef::new(EvidenceFile::Kind).string_len(10).not_null())
                    .col(ColumnDef::new(EvidenceFile::SizeBytes).big_integer().not_null())
                    .col(ColumnDef::new(EvidenceFile::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(EvidenceFile::UploadedByUserId).big_integer().not_null())
                    .col(ColumnDef::new(EvidenceFile::UploadedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut references(
                        EvidenceFile::Table,
                        EvidenceFile::ReturnLineId,
                        ReturnLine::Table,
                        ReturnLine::Id,
                    ))
                    .foreign_key(&mut references(
                        EvidenceFile::Table,
                        EvidenceFile::ReturnId,
                        QuarterlyReturn::Table,
                        QuarterlyReturn::Id,
                    ))
                    .foreign_key(&mut references(
                        EvidenceFile::Table,
                        EvidenceFile::ContractId,
                        Contract::Table,
                        Contract::Id,
                    ))
                    .foreign_key(&mut references(
                        EvidenceFile::Table,
                        EvidenceFile::UploadedByUserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_evidence_file_key", EvidenceFile::Table, vec![EvidenceFile::StorageKey.into_iden()])
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_evidence_file_line", EvidenceFile::ReturnLineId.into_iden()),
            ("idx_evidence_file_return", EvidenceFile::ReturnId.into_iden()),
            ("idx_evidence_file_contract", EvidenceFile::ContractId.into_iden()),
            ("idx_evidence_file_uploaded_by", EvidenceFile::UploadedByUserId.into_iden()),
        ] {
            manager.create_index(index(name, EvidenceFile::Table, vec![column])).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(EvidenceUpload::Table)
                    .col(id(EvidenceUpload::Id))
                    .col(ColumnDef::new(EvidenceUpload::StorageKey).string_len(200).not_null())
                    .col(ColumnDef::new(EvidenceUpload::MultipartId).text().null())
                    .col(ColumnDef::new(EvidenceUpload::StartedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_evidence_upload_key", EvidenceUpload::Table, vec![EvidenceUpload::StorageKey.into_iden()])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_evidence_upload_started",
                EvidenceUpload::Table,
                vec![EvidenceUpload::StartedAt.into_iden()],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EvidenceUpload::Table.into_iden(),
            EvidenceFile::Table.into_iden(),
            ReturnLine::Table.into_iden(),
            QuarterlyReturn::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
