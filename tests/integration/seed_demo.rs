use app::server::db::organisation;
use app::server::services::demo;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::{spawn_app, Backend};
use crate::on_both_databases;

async fn demo_data_loads_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = demo::seed(&app.db).await.unwrap();
    assert_eq!(first.organisations_added, 3);
    let again = demo::seed(&app.db).await.unwrap();
    assert_eq!(again.organisations_added, 0);
    assert_eq!(organisation::Entity::find().count(&app.db).await.unwrap(), 3);
}

on_both_databases!(demo_data_loads_once);
