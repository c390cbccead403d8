use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: DateTimeUtc,
    pub actor_user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub before_json: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
