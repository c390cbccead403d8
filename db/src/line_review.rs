use sea_orm::entity::prelude::*;

/// A decision on a return line, or the supplier's answer to a question about it: the line's
/// history, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "line_review")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub return_line_id: i64,
    pub return_id: i64,
    /// `domain::reviews::ReviewEventKind`
    pub kind: String,
    /// The quantity approved, or the quantity an answer claims (exact decimal text).
    pub quantity: Option<String>,
    /// The reason, question or reply.
    pub comment: String,
    pub by_user_id: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
