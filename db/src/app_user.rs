use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organisation_id: i64,
    pub email: String,
    pub full_name: String,
    pub password_hash: String,
    pub role: String,
    pub is_active: bool,
    pub created_at: DateTimeUtc,
    pub password_changed_at: DateTimeUtc,
    /// Reminders (returns due soon, overdue) turned off; decisions still reach the person.
    pub reminders_off: bool,
    /// The authenticator secret in use, encrypted (`server::two_factor`); None until set up.
    pub totp_secret: Option<String>,
    /// A secret shown for set-up, encrypted, until a first code confirms it.
    pub totp_pending_secret: Option<String>,
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The last time step whose code was accepted: no code is accepted twice.
    pub totp_last_step: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
