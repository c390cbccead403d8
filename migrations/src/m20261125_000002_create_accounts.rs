use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

/// People who sign in. Each belongs to one organisation (a council or a supplier).
#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    OrganisationId,
    Email,
    FullName,
    PasswordHash,
    Role,
    IsActive,
    CreatedAt,
    PasswordChangedAt,
}

/// Server-side sessions: only a SHA-256 of the cookie's token is stored.
#[derive(DeriveIden)]
enum UserSession {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

/// Single-use, expiring links: team invitations and password resets.
#[derive(DeriveIden)]
enum OneTimeToken {
    Table,
    Id,
    Purpose,
    TokenHash,
    OrganisationId,
    UserId,
    Email,
    Role,
    CreatedByUserId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

/// Mail waiting to be sent (and a record of what was sent).
#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Id,
    ToAddress,
    Subject,
    BodyText,
    CreatedAt,
    SentAt,
}

/// Failed sign-ins, counted per account and per client address for throttling.
#[derive(DeriveIden)]
enum LoginFailure {
    Table,
    Id,
    Email,
    ClientIp,
    OccurredAt,
}

/// Every change: who, when, what, before and after; each entry hashes the one before it.
#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    OccurredAt,
    ActorUserId,
    OrganisationId,
    Action,
    EntityType,
    EntityId,
    BeforeJson,
    AfterJson,
    PrevHash,
    Hash,
}

/// One row holding the newest audit hash: updating it first serialises writers across processes.
#[derive(DeriveIden)]
enum AuditChainHead {
    Table,
    Id,
    LastHash,
    Entries,
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
                    .table(AppUser::Table)
                    .col(id(AppUser::Id))
                    .col(ColumnDef::new(AppUser::OrganisationId).big_integer().not_null())
                    .col(ColumnDef::new(AppUser::Email).string_len(254).not_null().unique_key())
                    .col(ColumnDef::new(AppUser::FullName).string_len(200).not_null())
                    .col(ColumnDef::new(AppUser::PasswordHash).string_len(255).not_null())
                    .col(ColumnDef::new(AppUser::Role).string_len(24).not_null())
                    .col(ColumnDef::new(AppUser::IsActive).boolean().not_null().default(true))
                    .col(ColumnDef::new(AppUser::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AppUser::PasswordChangedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(AppUser::Table, AppUser::OrganisationId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_app_user_organisation", AppUser::Table, vec![AppUser::OrganisationId.into_iden()]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserSession::Table)
                    .col(id(UserSession::Id))
                    .col(ColumnDef::new(UserSession::TokenHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(UserSession::UserId).big_integer().not_null())
                    .col(ColumnDef::new(UserSession::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(UserSession::LastSeenAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(UserSession::ExpiresAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserSession::Table, UserSession::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_user_session_user", UserSession::Table, vec![UserSession::UserId.into_iden()]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OneTimeToken::Table)
                    .col(id(OneTimeToken::Id))
                    .col(ColumnDef::new(OneTimeToken::Purpose).string_len(16).not_null())
                    .col(ColumnDef::new(OneTimeToken::TokenHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(OneTimeToken::OrganisationId).big_integer().null())
                    .col(ColumnDef::new(OneTimeToken::UserId).big_integer().null())
                    .col(ColumnDef::new(OneTimeToken::Email).string_len(254).not_null())
                    .col(ColumnDef::new(OneTimeToken::Role).string_len(24).null())
                    .col(ColumnDef::new(OneTimeToken::CreatedByUserId).big_integer().null())
                    .col(ColumnDef::new(OneTimeToken::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(OneTimeToken::ExpiresAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(OneTimeToken::UsedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(OneTimeToken::Table, OneTimeToken::OrganisationId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OneTimeToken::Table, OneTimeToken::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OneTimeToken::Table, OneTimeToken::CreatedByUserId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_one_time_token_organisation", OneTimeToken::OrganisationId),
            ("idx_one_time_token_user", OneTimeToken::UserId),
            ("idx_one_time_token_created_by", OneTimeToken::CreatedByUserId),
        ] {
            manager.create_index(index(name, OneTimeToken::Table, vec![column.into_iden()])).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(EmailOutbox::Table)
                    .col(id(EmailOutbox::Id))
                    .col(ColumnDef::new(EmailOutbox::ToAddress).string_len(254).not_null())
                    .col(ColumnDef::new(EmailOutbox::Subject).string_len(200).not_null())
                    .col(ColumnDef::new(EmailOutbox::BodyText).text().not_null())
                    .col(ColumnDef::new(EmailOutbox::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(EmailOutbox::SentAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_email_outbox_sent_at", EmailOutbox::Table, vec![EmailOutbox::SentAt.into_iden()]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginFailure::Table)
                    .col(id(LoginFailure::Id))
                    .col(ColumnDef::new(LoginFailure::Email).string_len(254).not_null())
                    .col(ColumnDef::new(LoginFailure::ClientIp).string_len(45).not_null())
                    .col(ColumnDef::new(LoginFailure::OccurredAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_login_failure_email",
                LoginFailure::Table,
                vec![LoginFailure::Email.into_iden(), LoginFailure::OccurredAt.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_login_failure_client_ip",
                LoginFailure::Table,
                vec![LoginFailure::ClientIp.into_iden(), LoginFailure::OccurredAt.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(id(AuditLog::Id))
                    .col(ColumnDef::new(AuditLog::OccurredAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AuditLog::ActorUserId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::OrganisationId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::Action).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLog::EntityType).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLog::EntityId).string_len(64).null())
                    .col(ColumnDef::new(AuditLog::BeforeJson).text().null())
                    .col(ColumnDef::new(AuditLog::AfterJson).text().null())
                    .col(ColumnDef::new(AuditLog::PrevHash).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLog::Hash).string_len(64).not_null())
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_audit_log_actor", vec![AuditLog::ActorUserId.into_iden()]),
            ("idx_audit_log_organisation", vec![AuditLog::OrganisationId.into_iden()]),
            ("idx_audit_log_entity", vec![AuditLog::EntityType.into_iden(), AuditLog::EntityId.into_iden()]),
        ] {
            manager.create_index(index(name, AuditLog::Table, columns)).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AuditChainHead::Table)
                    .col(ColumnDef::new(AuditChainHead::Id).integer().not_null().primary_key())
                    .col(ColumnDef::new(AuditChainHead::LastHash).string_len(64).not_null())
                    .col(ColumnDef::new(AuditChainHead::Entries).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditChainHead::Table)
                    .columns([AuditChainHead::Id, AuditChainHead::LastHash, AuditChainHead::Entries])
                    .values_panic([1.into(), "0".repeat(64).into(), 0i64.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditChainHead::Table.into_iden(),
            AuditLog::Table.into_iden(),
            LoginFailure::Table.into_iden(),
            EmailOutbox::Table.into_iden(),
            OneTimeToken::Table.into_iden(),
            UserSession::Table.into_iden(),
            AppUser::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
