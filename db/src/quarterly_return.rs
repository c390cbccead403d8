use sea_orm::entity::prelude::*;

/// A supplier's return for one contract quarter: a draft, then submitted and locked for review.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quarterly_return")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contract_id: i64,
    pub quarter: i32,
    /// The contract year the quarter falls in.
    pub year: i32,
    /// `ReturnStatus::as_str`
    pub status: String,
    pub started_by_user_id: i64,
    pub started_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_by_user_id: Option<i64>,
    pub submitted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
