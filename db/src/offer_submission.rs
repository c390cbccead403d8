use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offer_submission")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub offer_id: i64,
    /// The receipt's reference, e.g. "SV-4F7K-9Q2M".
    pub reference: String,
    pub submitted_at: DateTimeUtc,
    pub submitted_by_user_id: i64,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawn_by_user_id: Option<i64>,
    /// £, exact decimal text, as the server computed it
    pub total: String,
    pub ratio: Option<String>,
    /// JSON: every line as submitted, with the proxy value it used, and the figures.
    pub snapshot: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
