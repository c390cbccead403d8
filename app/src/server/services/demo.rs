//! Demo data for trying the portal out: clearly labelled as illustrative.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::server::db::organisation;

pub const DEMO_COUNCIL_NAME: &str = "Demo County Council (illustrative)";

/// Adds the demo organisations if they are missing; running it twice changes nothing.
pub async fn seed(db: &impl ConnectionTrait) -> Result<SeedReport, sea_orm::DbErr> {
    let mut report = SeedReport::default();
    let wanted = [
        ("council", DEMO_COUNCIL_NAME, None, None, false, false),
        ("supplier", "Example Facilities Ltd (demo)", Some("01234567"), Some("CM1 1AA"), true, false),
        ("supplier", "Riverside Community Trust (demo)", None, Some("CM2 9ZZ"), false, true),
    ];
    for (kind, name, companies_house, postcode, is_sme, is_vcse) in wanted {
        let existing = organisation::Entity::find()
            .filter(organisation::Column::Kind.eq(kind))
            .filter(organisation::Column::Name.eq(name))
            .one(db)
            .await?;
        if existing.is_some() {
            continue;
        }
        organisation::ActiveModel {
            kind: Set(kind.into()),
            name: Set(name.into()),
            companies_house_number: Set(companies_house.map(Into::into)),
            postcode: Set(postcode.map(Into::into)),
            is_sme: Set(is_sme),
            is_vcse: Set(is_vcse),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        report.organisations_added += 1;
    }
    Ok(report)
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub organisations_added: usize,
}
