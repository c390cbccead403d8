use sea_orm_migration::prelude::*;

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

/// One version of a council's measures framework: draft, then published (immutable), then retired.
#[derive(DeriveIden)]
enum FrameworkVersion {
    Table,
    Id,
    CouncilId,
    Name,
    VersionLabel,
    EffectiveDate,
    LocalDefinition,
    LocalPostcodeDistricts,
    Status,
    IsIllustrative,
    BasedOnVersionId,
    CreatedByUserId,
    CreatedAt,
    PublishedAt,
    RetiredAt,
}

/// A theme of a version (Jobs, Growth...), in the order the council lists them.
#[derive(DeriveIden)]
enum FrameworkTheme {
    Table,
    Id,
    VersionId,
    Name,
    Position,
}

/// A measure of a version. The proxy value is kept as exact decimal text (£ per unit).
#[derive(DeriveIden)]
enum FrameworkMeasure {
    Table,
    Id,
    VersionId,
    ThemeId,
    Position,
    Code,
    Outcome,
    Description,
    Unit,
    AllowsFraction,
    Kind,
    ProxyValue,
    Guidance,
    EvidenceRequired,
    FirstYearOnly,
    CommunityOffer,
    AddsTo,
    Applies,
}

fn id(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).big_integer().not_null().auto_increment().primary_key().to_owned()
}

fn index(name: &str, table: impl IntoIden, columns: Vec<DynIden>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FrameworkVersion::Table)
                    .col(id(FrameworkVersion::Id))
                    .col(ColumnDef::new(FrameworkVersion::CouncilId).big_integer().not_null())
                    .col(ColumnDef::new(FrameworkVersion::Name).string_len(200).not_null())
                    .col(ColumnDef::new(FrameworkVersion::VersionLabel).string_len(40).not_null())
                    .col(ColumnDef::new(FrameworkVersion::EffectiveDate).date().not_null())
                    .col(ColumnDef::new(FrameworkVersion::LocalDefinition).text().not_null())
                    .col(ColumnDef::new(FrameworkVersion::LocalPostcodeDistricts).text().not_null())
                    .col(ColumnDef::new(FrameworkVersion::Status).string_len(16).not_null())
                    .col(ColumnDef::new(FrameworkVersion::IsIllustrative).boolean().not_null().default(false))
                    .col(ColumnDef::new(FrameworkVersion::BasedOnVersionId).big_integer().null())
                    .col(ColumnDef::new(FrameworkVersion::CreatedByUserId).big_integer().null())
                    .col(ColumnDef::new(FrameworkVersion::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(FrameworkVersion::PublishedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(FrameworkVersion::RetiredAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(FrameworkVersion::Table, FrameworkVersion::CouncilId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FrameworkVersion::Table, FrameworkVersion::BasedOnVersionId)
                            .to(FrameworkVersion::Table, FrameworkVersion::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FrameworkVersion::Table, FrameworkVersion::CreatedByUserId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_framework_version_council_status",
                vec![FrameworkVersion::CouncilId.into_iden(), FrameworkVersion::Status.into_iden()],
            ),
            ("idx_framework_version_status", vec![FrameworkVersion::Status.into_iden()]),
            ("idx_framework_version_based_on", vec![FrameworkVersion::BasedOnVersionId.into_iden()]),
            ("idx_framework_version_created_by", vec![FrameworkVersion::CreatedByUserId.into_iden()]),
        ] {
            manager.create_index(index(name, FrameworkVersion::Table, columns)).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(FrameworkTheme::Table)
                    .col(id(FrameworkTheme::Id))
                    .col(ColumnDef::new(FrameworkTheme::VersionId).big_integer().not_null())
                    .col(ColumnDef::new(FrameworkTheme::Name).string_len(100).not_null())
                    .col(ColumnDef::new(FrameworkTheme::Position).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(FrameworkTheme::Table, FrameworkTheme::VersionId)
                            .to(FrameworkVersion::Table, FrameworkVersion::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_framework_theme_version_name",
                    FrameworkTheme::Table,
                    vec![FrameworkTheme::VersionId.into_iden(), FrameworkTheme::Name.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(FrameworkMeasure::Table)
                    .col(id(FrameworkMeasure::Id))
                    .col(ColumnDef::new(FrameworkMeasure::VersionId).big_integer().not_null())
                    .col(ColumnDef::new(FrameworkMeasure::ThemeId).big_integer().not_null())
                    .col(ColumnDef::new(FrameworkMeasure::Position).integer().not_null())
                    .col(ColumnDef::new(FrameworkMeasure::Code).string_len(16).not_null())
                    .col(ColumnDef::new(FrameworkMeasure::Outcome).string_len(200).not_null())
                    .col(ColumnDef::new(FrameworkMeasure::Description).string_len(300).not_null())
                    .col(ColumnDef::new(FrameworkMeasure::Unit).string_len(60).not_null())
                    .col(ColumnDef::new(FrameworkMeasure::AllowsFraction).boolean().not_null())
                    .col(ColumnDef::new(FrameworkMeasure::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(FrameworkMeasure::ProxyValue).string_len(32).null())
                    .col(ColumnDef::new(FrameworkMeasure::Guidance).text().not_null())
                    .col(ColumnDef::new(FrameworkMeasure::EvidenceRequired).text().not_null())
                    .col(ColumnDef::new(FrameworkMeasure::FirstYearOnly).boolean().not_null())
                    .col(ColumnDef::new(FrameworkMeasure::CommunityOffer).boolean().not_null())
                    .col(ColumnDef::new(FrameworkMeasure::AddsTo).string_len(16).null())
                    .col(ColumnDef::new(FrameworkMeasure::Applies).boolean().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(FrameworkMeasure::Table, FrameworkMeasure::VersionId)
                            .to(FrameworkVersion::Table, FrameworkVersion::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FrameworkMeasure::Table, FrameworkMeasure::ThemeId)
                            .to(FrameworkTheme::Table, FrameworkTheme::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_framework_measure_version_code",
                    FrameworkMeasure::Table,
                    vec![FrameworkMeasure::VersionId.into_iden(), FrameworkMeasure::Code.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_framework_measure_theme",
                FrameworkMeasure::Table,
                vec![FrameworkMeasure::ThemeId.into_iden()],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FrameworkMeasure::Table.into_iden(),
            FrameworkTheme::Table.into_iden(),
            FrameworkVersion::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
