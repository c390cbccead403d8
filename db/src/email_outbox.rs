use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// A notification's key (kind, subject and recipient): unique, so each is recorded once.
    pub notification_key: Option<String>,
    pub recipient_user_id: Option<i64>,
    /// The HTML alternative of the body, when there is one.
    pub body_html: Option<String>,
    /// A sender has claimed the row until then (two servers never both send it).
    pub claimed_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
