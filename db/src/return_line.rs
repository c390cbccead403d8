use sea_orm::entity::prelude::*;

/// One measure reported in a return: a commitment of the quarter's year, or an additional
/// measure delivered beyond the plan. The quantity is kept exactly as typed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "return_line")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub return_id: i64,
    /// None for an additional line.
    pub commitment_id: Option<i64>,
    pub measure_id: i64,
    pub additional: bool,
    pub code: String,
    pub theme: String,
    pub description: String,
    pub unit: String,
    pub allows_fraction: bool,
    /// £ per unit, exact decimal text: the commitment's as offered, or the framework version's
    /// for an additional line; none for a measure counted in its own units only.
    pub proxy_value: Option<String>,
    pub quantity_typed: String,
    pub narrative: String,
    /// The quantity the council's review approved, exact decimal text.
    pub approved_quantity: Option<String>,
    /// pending, approved, approved_less, rejected or information_requested (`domain::reviews::LineStatus`).
    pub review_status: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
