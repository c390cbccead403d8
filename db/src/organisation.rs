use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// "council" or "supplier"
    pub kind: String,
    pub name: String,
    pub companies_house_number: Option<String>,
    pub postcode: Option<String>,
    pub is_sme: bool,
    pub is_vcse: bool,
    pub created_at: DateTimeUtc,
    /// A council's setting: the days after a contract quarter ends that its return is due.
    pub return_due_days: i32,
    /// A council's contract performance thresholds (percent, decimal text): see `domain::performance`.
    pub rag_green_percent: String,
    pub rag_amber_percent: String,
    pub rating_good_percent: String,
    pub rating_approaching_percent: String,
    pub rating_improvement_percent: String,
    /// A council's choice that suppliers must use two-factor sign-in too.
    pub suppliers_need_two_factor: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The names of these organisations, by id: one statement however many.
pub async fn names_of(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::BTreeMap<i64, String>, DbErr> {
    let ids: std::collections::BTreeSet<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(Entity::find().filter(Column::Id.is_in(ids)).all(db).await?.into_iter().map(|o| (o.id, o.name)).collect())
}
