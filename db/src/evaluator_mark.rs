use sea_orm::entity::prelude::*;

/// One evaluator's mark for one written answer of one submission.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluator_mark")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tender_id: i64,
    pub submission_id: i64,
    pub measure_id: i64,
    pub evaluator_user_id: i64,
    pub mark: i32,
    pub justification: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
