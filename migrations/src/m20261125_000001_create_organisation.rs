use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Councils (buyers) and suppliers. One instance may serve several councils.
#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    Kind,
    Name,
    CompaniesHouseNumber,
    Postcode,
    IsSme,
    IsVcse,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisation::Table)
                    .col(ColumnDef::new(Organisation::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Organisation::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Organisation::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Organisation::CompaniesHouseNumber).string_len(8).null())
                    .col(ColumnDef::new(Organisation::Postcode).string_len(8).null())
                    .col(ColumnDef::new(Organisation::IsSme).boolean().not_null().default(false))
                    .col(ColumnDef::new(Organisation::IsVcse).boolean().not_null().default(false))
                    .col(ColumnDef::new(Organisation::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_kind_name")
                    .table(Organisation::Table)
                    .col(Organisation::Kind)
                    .col(Organisation::Name)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Organisation::Table).to_owned()).await
    }
}
