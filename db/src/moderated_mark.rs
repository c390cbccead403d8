use sea_orm::entity::prelude::*;

/// The moderated mark of one written answer: the only mark that counts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "moderated_mark")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tender_id: i64,
    pub submission_id: i64,
    pub measure_id: i64,
    pub mark: i32,
    pub note: String,
    pub moderator_user_id: i64,
    pub moderated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
