//! Database migrations: one file per migration, never edited after it lands.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_organisation;
mod m20261125_000002_create_accounts;
mod m20261125_000003_create_frameworks;
mod m20261126_000004_create_tenders;
mod m20261202_000005_create_evaluation;
mod m20261204_000006_create_contracts;
mod m20261204_000007_create_returns;
mod m20261204_000008_create_reviews;
mod m20261204_000009_create_two_factor;

mod common;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_organisation::Migration),
            Box::new(m20261125_000002_create_accounts::Migration),
            Box::new(m20261125_000003_create_frameworks::Migration),
            Box::new(m20261126_000004_create_tenders::Migration),
            Box::new(m20261202_000005_create_evaluation::Migration),
            Box::new(m20261204_000006_create_contracts::Migration),
            Box::new(m20261204_000007_create_returns::Migration),
            Box::new(m20261204_000008_create_reviews::Migration),
            Box::new(m20261204_000009_create_two_factor::Migration),
        ]
    }
}
