use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offer_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub offer_id: i64,
    pub measure_id: i64,
    /// JSON object of contract year → the quantity as typed ({"1": "12.5", "2": ""}).
    pub quantities: String,
    pub plan: String,
    pub response: String,
    /// The version's proxy value when the item was last saved (monetised measures only).
    pub proxy_value: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
