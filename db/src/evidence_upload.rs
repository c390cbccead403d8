use sea_orm::entity::prelude::*;

/// An evidence upload under way; the sweep aborts any left behind by a crash.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence_upload")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub storage_key: String,
    /// The S3 multipart upload's id; none on the local store.
    pub multipart_id: Option<String>,
    pub started_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
