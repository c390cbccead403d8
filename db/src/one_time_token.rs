use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "one_time_token")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// "invite" or "password_reset"
    pub purpose: String,
    pub token_hash: String,
    pub organisation_id: Option<i64>,
    pub user_id: Option<i64>,
    pub email: String,
    pub role: Option<String>,
    pub created_by_user_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
