use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tender")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub council_id: i64,
    pub reference: String,
    pub title: String,
    pub description: String,
    /// £, exact decimal text
    pub contract_value: String,
    pub duration_years: i32,
    pub start_date: Date,
    /// The moment submissions close (stored in UTC; entered and shown as UK time).
    pub deadline: DateTimeUtc,
    pub framework_version_id: i64,
    /// £ of social value asked for per £1 of contract value, exact decimal text
    pub target_ratio: String,
    /// % of the whole evaluation that social value carries
    pub sv_weighting: String,
    /// % of the social value weighting given to the quantitative offer (the rest is qualitative)
    pub quantitative_share: String,
    /// "target_relative" or "best_relative"
    pub scoring_method: String,
    /// "draft", "open", "awarded" or "cancelled"; an open tender past its deadline is closed
    pub status: String,
    pub created_by_user_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub opened_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub awarded_at: Option<DateTimeUtc>,
    /// The winning offer (no foreign key: offers are created after their tender).
    pub awarded_offer_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
