use sea_orm::entity::prelude::*;

/// What an award makes, one per tender, its terms copied from the tender at the award.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tender_id: i64,
    pub council_id: i64,
    pub supplier_id: i64,
    pub offer_id: i64,
    /// The winning submission, whose counted lines became the commitments.
    pub submission_id: i64,
    pub reference: String,
    pub title: String,
    /// £, exact decimal text
    pub contract_value: String,
    pub start_date: Date,
    /// The day before the start date's anniversary after the contract's length in years.
    pub end_date: Date,
    pub framework_version_id: i64,
    pub awarded_by_user_id: i64,
    pub awarded_at: DateTimeUtc,
    /// Why an offer other than the top-ranked one was chosen.
    pub award_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
