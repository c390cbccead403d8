use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "framework_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub council_id: i64,
    pub name: String,
    pub version_label: String,
    pub effective_date: Date,
    pub local_definition: String,
    /// Comma-separated postcode districts ("CM1, CM2"); empty when "local" is only described.
    pub local_postcode_districts: String,
    /// "draft", "published" or "retired"
    pub status: String,
    pub is_illustrative: bool,
    pub based_on_version_id: Option<i64>,
    pub created_by_user_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    pub retired_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
