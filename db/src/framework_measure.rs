use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "framework_measure")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub version_id: i64,
    pub theme_id: i64,
    pub position: i32,
    pub code: String,
    pub outcome: String,
    pub description: String,
    pub unit: String,
    pub allows_fraction: bool,
    /// "monetised", "record_only" or "qualitative"
    pub kind: String,
    /// £ per unit as exact decimal text; only for monetised measures.
    pub proxy_value: Option<String>,
    pub guidance: String,
    pub evidence_required: String,
    pub first_year_only: bool,
    pub community_offer: bool,
    pub adds_to: Option<String>,
    pub applies: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
