use sea_orm::entity::prelude::*;

/// A person's part in a tender's evaluation: "marker" or "moderator".
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tender_id: i64,
    pub user_id: i64,
    /// `EvaluatorRole::as_str`
    pub role: String,
    pub joined_at: DateTimeUtc,
    /// A marker's marks are fixed from then on, and they may see the others'.
    pub marks_submitted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
