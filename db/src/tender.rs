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
    /// JSON: each mark's descriptor, from 0 up; `None` for the default 0–5 scale.
    pub marking_scale: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

// Reading a tender row into the domain's values: the one place both the tender and the offer
// services (and evaluation) do it.
impl Model {
    /// The status at `now`: an open tender past its deadline is closed (never stored).
    pub fn status_at(&self, now: chrono::DateTime<chrono::Utc>) -> domain::tenders::TenderStatus {
        domain::tenders::TenderStatus::of(&self.status, now >= self.deadline)
    }

    pub fn scoring(&self) -> Result<calc::ScoringTerms, anyhow::Error> {
        use calc::{ScoringRule, ScoringTerms, SvRatio};
        let corrupt = |what: &str| anyhow::anyhow!("tender {} has a bad {what}", self.id);
        Ok(ScoringTerms {
            target: SvRatio::from_decimal(self.target_ratio.parse().map_err(|_| corrupt("target ratio"))?),
            sv_weighting: self.sv_weighting.parse().map_err(|_| corrupt("weighting"))?,
            quantitative_share: self.quantitative_share.parse().map_err(|_| corrupt("quantitative share"))?,
            rule: ScoringRule::parse(&self.scoring_method).ok_or_else(|| corrupt("scoring method"))?,
        })
    }

    /// The written answers' marking scale the tender states.
    pub fn marking_scale(&self) -> Result<domain::evaluation::MarkingScale, anyhow::Error> {
        match &self.marking_scale {
            None => Ok(domain::evaluation::MarkingScale::default()),
            Some(json) => serde_json::from_str(json)
                .map_err(|e| anyhow::anyhow!("tender {} has a bad marking scale: {e}", self.id)),
        }
    }

    pub fn contract_value(&self) -> Result<calc::Money, anyhow::Error> {
        let pounds = self.contract_value.parse().map_err(|_| anyhow::anyhow!("tender {} has a bad value", self.id))?;
        Ok(calc::Money::from_pounds(pounds))
    }
}
