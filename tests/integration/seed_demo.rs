use db::{app_user, framework_version, organisation};
use sea_orm::{EntityTrait, PaginatorTrait};
use services::accounts::{self, ThrottlePolicy};
use services::sessions::{SessionPolicy, Stage};
use services::{audit, demo};

use crate::helpers::{spawn_app, Backend};
use crate::on_both_databases;

async fn demo_data_loads_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = demo::seed(&app.db, demo::DEFAULT_DEMO_PASSWORD, &app.evidence, &app.totp_key).await.unwrap();
    assert_eq!((first.organisations_added, first.frameworks_published, first.tenders_opened), (4, 1, 1));
    assert_eq!(first.tenders_awarded, 1);
    assert_eq!(first.returns_submitted, 3, "the demo contract's first three returns are filed");
    let again = demo::seed(&app.db, demo::DEFAULT_DEMO_PASSWORD, &app.evidence, &app.totp_key).await.unwrap();
    assert_eq!((again.organisations_added, again.frameworks_published, again.tenders_opened), (0, 0, 0));
    assert_eq!(again.tenders_awarded, 0);
    assert_eq!(again.returns_submitted, 0);
    assert_eq!(framework_version::Entity::find().count(&app.db).await.unwrap(), 1);
    assert_eq!(organisation::Entity::find().count(&app.db).await.unwrap(), 4);
    assert_eq!(app_user::Entity::find().count(&app.db).await.unwrap(), 7);
    // Every demo account can sign in with the demo password; the council's with the demo
    // authenticator key's code too.
    for (email, _) in demo::DEMO_ACCOUNTS {
        let first = accounts::sign_in(
            &app.db,
            email,
            demo::DEFAULT_DEMO_PASSWORD.into(),
            "127.0.0.1",
            None,
            ThrottlePolicy::default(),
            SessionPolicy::default(),
        )
        .await
        .unwrap_or_else(|e| panic!("{email}: {e}"));
        let council = email.ends_with("@demo-council.example");
        let expected = if council { Stage::AwaitingCode } else { Stage::SignedIn };
        assert_eq!(first.stage, expected, "{email}");
        let finished = crate::helpers::sign_in(&app, email, demo::DEFAULT_DEMO_PASSWORD).await.unwrap();
        assert_eq!(finished.stage, Stage::SignedIn, "{email}");
    }
    audit::verify_chain(&app.db).await.unwrap();
}

on_both_databases!(demo_data_loads_once);
