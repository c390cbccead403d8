use sea_orm::entity::prelude::*;

/// One line of a contract's social value plan, as the winning submission offered it: a
/// measure's quantity in a contract year at the proxy value the submission used, or a written
/// answer (no year, quantity or values; its text in `response`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "commitment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contract_id: i64,
    pub measure_id: i64,
    pub code: String,
    pub theme: String,
    pub description: String,
    pub unit: String,
    pub year: Option<i32>,
    /// exact decimal text
    pub quantity: Option<String>,
    /// £ per unit, exact decimal text; none for a measure counted in its own units only
    pub proxy_value: Option<String>,
    /// £, exact decimal text
    pub value: Option<String>,
    pub plan: String,
    pub response: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
