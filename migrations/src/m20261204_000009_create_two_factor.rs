use sea_orm_migration::prelude::*;

use crate::common::{id, index, references};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Two-factor sign-in (TOTP). Secrets are stored encrypted (AES-256-GCM, base64 of nonce and
/// ciphertext), never in the clear.
#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    Role,
    /// The authenticator secret in use; NULL until two-factor is set up.
    TotpSecret,
    /// A secret being set up (shown as a QR code), until a first code confirms it.
    TotpPendingSecret,
    TotpEnabledAt,
    /// The last time step whose code was accepted: a code is never accepted twice.
    TotpLastStep,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    /// A council's choice that suppliers must use two-factor too.
    SuppliersNeedTwoFactor,
}

#[derive(DeriveIden)]
enum UserSession {
    Table,
    UserId,
    /// signed_in; or, after a correct password, awaiting_code or awaiting_setup (two-factor).
    Stage,
    /// The browser's User-Agent at sign-in, so the person can tell their sessions apart.
    UserAgent,
}

/// Single-use recovery codes, stored as Argon2id hashes.
#[derive(DeriveIden)]
enum RecoveryCode {
    Table,
    Id,
    UserId,
    CodeHash,
    CreatedAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        let added = [
            (AppUser::Table.into_iden(), ColumnDef::new(AppUser::TotpSecret).string_len(200).null().to_owned()),
            (AppUser::Table.into_iden(), ColumnDef::new(AppUser::TotpPendingSecret).string_len(200).null().to_owned()),
            (
                AppUser::Table.into_iden(),
                ColumnDef::new(AppUser::TotpEnabledAt).timestamp_with_time_zone().null().to_owned(),
            ),
            (AppUser::Table.into_iden(), ColumnDef::new(AppUser::TotpLastStep).big_integer().null().to_owned()),
            (
                Organisation::Table.into_iden(),
                ColumnDef::new(Organisation::SuppliersNeedTwoFactor).boolean().not_null().default(false).to_owned(),
            ),
            (
                UserSession::Table.into_iden(),
                ColumnDef::new(UserSession::Stage).string_len(20).not_null().default("signed_in").to_owned(),
            ),
            (UserSession::Table.into_iden(), ColumnDef::new(UserSession::UserAgent).string_len(300).null().to_owned()),
        ];
        for (table, mut column) in added {
            manager.alter_table(Table::alter().table(table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCode::Table)
                    .col(id(RecoveryCode::Id))
                    .col(ColumnDef::new(RecoveryCode::UserId).big_integer().not_null())
                    .col(ColumnDef::new(RecoveryCode::CodeHash).string_len(200).not_null())
                    .col(ColumnDef::new(RecoveryCode::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(RecoveryCode::UsedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut references(
                        RecoveryCode::Table,
                        RecoveryCode::UserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_recovery_code_user", RecoveryCode::Table, vec![RecoveryCode::UserId.into_iden()]))
            .await?;
        // Council staff now sign in with two factors: the sessions they began with a password
        // alone end here.
        let council_sessions = Query::delete()
            .from_table(UserSession::Table)
            .and_where(
                Expr::col(UserSession::UserId).in_subquery(
                    Query::select()
                        .column(AppUser::Id)
                        .from(AppUser::Table)
                        .and_where(Expr::col(AppUser::Role).like("council%"))
                        .to_owned(),
                ),
            )
            .to_owned();
        manager.exec_stmt(council_sessions).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(RecoveryCode::Table).to_owned()).await?;
        let dropped = [
            (AppUser::Table.into_iden(), AppUser::TotpSecret.into_iden()),
            (AppUser::Table.into_iden(), AppUser::TotpPendingSecret.into_iden()),
            (AppUser::Table.into_iden(), AppUser::TotpEnabledAt.into_iden()),
            (AppUser::Table.into_iden(), AppUser::TotpLastStep.into_iden()),
            (Organisation::Table.into_iden(), Organisation::SuppliersNeedTwoFactor.into_iden()),
            (UserSession::Table.into_iden(), UserSession::Stage.into_iden()),
            (UserSession::Table.into_iden(), UserSession::UserAgent.into_iden()),
        ];
        for (table, column) in dropped {
            manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
