use sea_orm::entity::prelude::*;

/// A submitted line set aside as not counting; deleted when the exclusion is undone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "line_exclusion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tender_id: i64,
    pub submission_id: i64,
    pub measure_id: i64,
    pub year: i32,
    /// `ExclusionReason::as_str`
    pub reason: String,
    pub comment: String,
    pub excluded_by_user_id: i64,
    pub excluded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
