//! Demo data for trying the portal out: clearly labelled as illustrative, with demo sign-ins.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

mod evaluation_demo;
mod returns_demo;
pub use evaluation_demo::CLOSED_TENDER_REFERENCE;

use super::accounts::{self, SupplierRegistration};
use super::sessions::ActiveSession;
use super::{frameworks, tenders};
use crate::evidence::EvidenceStore;
use crate::published::PublishedContent;
use db::{app_user, framework_version, organisation, tender};
use domain::frameworks::VersionDetailsAnswers;
use domain::tenders::TenderAnswers;

/// The demo framework: original wording and illustrative values, written for Pledgebook.
pub const DEMO_FRAMEWORK_CSV: &str = include_str!("demo_framework.csv");
pub const DEMO_FRAMEWORK_NAME: &str = "Pledgebook demo framework (illustrative)";

pub const DEMO_COUNCIL_NAME: &str = "Demo County Council (illustrative)";
/// Every demo account's password, unless `seed` is given another.
pub const DEFAULT_DEMO_PASSWORD: &str = "pledgebook demo only";

/// The demo sign-ins: (email, who they are).
pub const DEMO_ACCOUNTS: [(&str, &str); 7] = [
    ("admin@demo-council.example", "council administrator, Demo County Council"),
    ("bids@example-facilities.example", "supplier administrator, Example Facilities Ltd"),
    ("hello@riverside-trust.example", "supplier administrator, Riverside Community Trust"),
    ("marker.one@demo-council.example", "council officer who marks, Demo County Council"),
    ("marker.two@demo-council.example", "council officer who marks, Demo County Council"),
    ("moderator@demo-council.example", "council officer who moderates, Demo County Council"),
    ("tenders@northfield-works.example", "supplier administrator, Northfield Works CIC"),
];

/// The demo council's officers: (email, name).
const DEMO_OFFICERS: [(&str, &str); 3] = [
    (DEMO_ACCOUNTS[3].0, "Demo Marker One"),
    (DEMO_ACCOUNTS[4].0, "Demo Marker Two"),
    (DEMO_ACCOUNTS[5].0, "Demo Moderator"),
];

#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub organisations_added: usize,
    pub frameworks_published: usize,
    pub tenders_opened: usize,
    /// The tender evaluated (marked, moderated, a line excluded) and awarded, with its contract.
    pub tenders_awarded: usize,
    /// The demo contract's first quarterly return, submitted with two evidence files.
    pub returns_submitted: usize,
}

/// Adds the demo organisations and their administrators if they are missing; running it twice
/// changes nothing. Everything goes through the ordinary services, so it is audited too.
pub async fn seed(
    db: &DatabaseConnection,
    password: &str,
    evidence: &EvidenceStore,
    totp_key: &crate::totp::TotpKey,
) -> anyhow::Result<SeedReport> {
    // The seed runs before the server starts: its reads keep nothing for the server's own store.
    let published = &PublishedContent::default();
    let mut report = SeedReport::default();
    if !organisation_exists(db, "council", DEMO_COUNCIL_NAME).await? {
        accounts::create_council_admin(db, DEMO_COUNCIL_NAME, "Demo Council Admin", DEMO_ACCOUNTS[0].0, password)
            .await
            .map_err(|e| anyhow::anyhow!("demo council: {e:?}"))?;
        report.organisations_added += 1;
    }
    let suppliers = [
        ("Example Facilities Ltd (demo)", "01234567", "CM1 1AA", true, false, "Demo Bid Writer", DEMO_ACCOUNTS[1].0),
        ("Riverside Community Trust (demo)", "", "CM2 9ZZ", false, true, "Demo Trust Lead", DEMO_ACCOUNTS[2].0),
        ("Northfield Works CIC (demo)", "09876543", "CM3 2BB", true, true, "Demo Works Lead", DEMO_ACCOUNTS[6].0),
    ];
    for (name, companies_house, postcode, is_sme, is_vcse, full_name, email) in suppliers {
        if organisation_exists(db, "supplier", name).await? {
            continue;
        }
        let registration = SupplierRegistration {
            organisation_name: name.into(),
            companies_house_number: companies_house.into(),
            postcode: postcode.into(),
            is_sme,
            is_vcse,
            full_name: full_name.into(),
            email: email.into(),
            password: password.into(),
        };
        accounts::register_supplier(db, registration)
            .await
            .map_err(|e| anyhow::anyhow!("demo supplier {name}: {e:?}"))?;
        report.organisations_added += 1;
    }
    if publish_demo_framework(db).await? {
        report.frameworks_published += 1;
    }
    add_demo_officers(db, password).await?;
    give_council_accounts_the_demo_secret(db, totp_key).await?;
    if open_demo_tender(db, published).await? {
        report.tenders_opened += 1;
    }
    if evaluation_demo::close_demo_tender(db, published).await? {
        report.tenders_awarded += 1;
    }
    report.returns_submitted += returns_demo::file_demo_returns(db, evidence).await?;
    Ok(report)
}

/// The authenticator key of the demo council's accounts (base32), printed by `seed-demo` so
/// that a new user can try two-factor sign-in, and used by the tests to sign in. Demo only.
pub const DEMO_TOTP_SECRET: &str = "PLEDGEBOOKDEMOPLEDGEBOOKDEMO2345";

/// Council staff sign in with two factors: the demo's have the known demo key, unless they
/// have set up their own.
async fn give_council_accounts_the_demo_secret(
    db: &DatabaseConnection,
    key: &crate::totp::TotpKey,
) -> anyhow::Result<()> {
    let secret = crate::totp::secret_from_base32(DEMO_TOTP_SECRET)
        .ok_or_else(|| anyhow::anyhow!("the demo TOTP secret is not base32"))?;
    let council_emails = [DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[4].0, DEMO_ACCOUNTS[5].0];
    let without_two_factor = app_user::Entity::find()
        .filter(app_user::Column::Email.is_in(council_emails))
        .filter(app_user::Column::TotpSecret.is_null())
        .all(db)
        .await?;
    for user in without_two_factor {
        super::two_factor::enable_with_secret(db, key, user.id, &secret).await?;
    }
    Ok(())
}

/// Publishes the illustrative demo framework for the demo council, unless it has one.
async fn publish_demo_framework(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let Some(council) = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq("council"))
        .filter(organisation::Column::Name.eq(DEMO_COUNCIL_NAME))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let has_framework = framework_version::Entity::find()
        .filter(framework_version::Column::CouncilId.eq(council.id))
        .one(db)
        .await?
        .is_some();
    let admin = app_user::Entity::find().filter(app_user::Column::Email.eq(DEMO_ACCOUNTS[0].0)).one(db).await?;
    let (false, Some(admin)) = (has_framework, admin) else {
        return Ok(false);
    };
    // The demo administrator acts without signing in: only the services' checks apply.
    let acting = ActiveSession { session_id: 0, user: admin };
    let details = VersionDetailsAnswers {
        name: DEMO_FRAMEWORK_NAME.into(),
        version_label: "2026-27".into(),
        effective_day: "1".into(),
        effective_month: "4".into(),
        effective_year: "2026".into(),
        local_definition:
            "People living, and organisations based, within Demo County, an imaginary county for this demo".into(),
        local_postcode_districts: "CM1, CM2, CM3".into(),
    };
    frameworks::publish_from_file(db, &acting, &details, DEMO_FRAMEWORK_CSV.as_bytes(), true)
        .await
        .map_err(|e| anyhow::anyhow!("demo framework: {e:?}"))?;
    Ok(true)
}

pub const DEMO_TENDER_REFERENCE: &str = "DEMO-2027-001";

/// Opens a demo tender on the demo framework, closing 30 days after seeding, unless the demo
/// council has one.
async fn open_demo_tender(db: &DatabaseConnection, published: &PublishedContent) -> anyhow::Result<bool> {
    let admin = app_user::Entity::find().filter(app_user::Column::Email.eq(DEMO_ACCOUNTS[0].0)).one(db).await?;
    let Some(admin) = admin else { return Ok(false) };
    let exists = tender::Entity::find()
        .filter(tender::Column::CouncilId.eq(admin.organisation_id))
        .filter(tender::Column::Reference.eq(DEMO_TENDER_REFERENCE))
        .one(db)
        .await?
        .is_some();
    let version = framework_version::Entity::find()
        .filter(framework_version::Column::CouncilId.eq(admin.organisation_id))
        .filter(framework_version::Column::Status.eq("published"))
        .one(db)
        .await?;
    let (false, Some(version)) = (exists, version) else { return Ok(false) };
    let acting = ActiveSession { session_id: 0, user: admin };
    let deadline = (chrono::Utc::now() + chrono::Duration::days(30)).date_naive();
    let answers = TenderAnswers {
        reference: DEMO_TENDER_REFERENCE.into(),
        title: "Highways maintenance and winter gritting (demo)".into(),
        description: "An illustrative tender for trying the offer builder: routine repairs, resurfacing and winter gritting across Demo County.".into(),
        contract_value: "2,000,000".into(),
        duration_years: "3".into(),
        start_day: "1".into(),
        start_month: "4".into(),
        start_year: deadline.format("%Y").to_string().parse::<i32>().map(|y| (y + 1).to_string()).unwrap_or_default(),
        deadline_day: deadline.format("%-d").to_string(),
        deadline_month: deadline.format("%-m").to_string(),
        deadline_year: deadline.format("%Y").to_string(),
        deadline_time: "17:00".into(),
        framework_version: version.id.to_string(),
        target_ratio: "0.25".into(),
        sv_weighting: "10".into(),
        quantitative_share: "70".into(),
        scoring_method: "target_relative".into(),
        marking_scale: Vec::new(),
    };
    let tender_id =
        tenders::create_tender(db, Some(&acting), &answers).await.map_err(|e| anyhow::anyhow!("demo tender: {e:?}"))?;
    // The first three measures that apply in each theme.
    let mut chosen = Vec::new();
    let mut per_theme: std::collections::BTreeMap<String, usize> = Default::default();
    for measure in
        frameworks::version_measures(db, published, version.id).await.map_err(|e| anyhow::anyhow!("{e:?}"))?
    {
        let count = per_theme.entry(measure.measure.theme.clone()).or_default();
        if measure.measure.applies && *count < 3 {
            *count += 1;
            chosen.push(measure.id);
        }
    }
    tenders::choose_measures(db, published, Some(&acting), tender_id, &chosen, &chosen)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    tenders::open_tender(db, Some(&acting), tender_id).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(true)
}

/// The demo council's officers who mark and moderate, unless they exist.
async fn add_demo_officers(db: &DatabaseConnection, password: &str) -> anyhow::Result<()> {
    for (email, name) in DEMO_OFFICERS {
        if app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(db).await?.is_some() {
            continue;
        }
        let id = accounts::create_council_admin(db, DEMO_COUNCIL_NAME, name, email, password)
            .await
            .map_err(|e| anyhow::anyhow!("demo officer {email}: {e:?}"))?;
        // Officers, not administrators: they evaluate, and do not manage the council's users.
        app_user::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(id),
            role: sea_orm::ActiveValue::Set(domain::accounts::Role::CouncilOfficer.as_str().to_owned()),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    Ok(())
}

async fn organisation_exists(db: &DatabaseConnection, kind: &str, name: &str) -> Result<bool, sea_orm::DbErr> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(kind))
        .filter(organisation::Column::Name.eq(name))
        .one(db)
        .await?
        .is_some())
}
