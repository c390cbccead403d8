//! Accounts and access at the service level, on both databases: registration, sign-in,
//! sessions, throttling, passwords, invitations, deactivation and the audit chain.

use chrono::{Duration, Utc};
use db::{app_user, audit_log, email_outbox, one_time_token, user_session};
use domain::accounts::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use services::accounts::{self, RegisterError, SignInError, SupplierRegistration, ThrottlePolicy, TokenUseError};
use services::audit;
use services::sessions::{self, SessionPolicy};

use crate::helpers::{registration, session_of, sign_in, spawn_app, Backend, TestApp, PASSWORD};
use crate::on_both_databases;

async fn registration_creates_a_supplier_admin_and_signs_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let user_id = accounts::register_supplier(&app.db, registration("Sam@Example.org")).await.unwrap();
    let user = app_user::Entity::find_by_id(user_id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(user.email, "sam@example.org");
    assert_eq!(user.role, Role::SupplierAdmin.as_str());
    assert!(user.password_hash.starts_with("$argon2id$"));

    let signed_in = sign_in(&app, "SAM@example.org ", PASSWORD).await.unwrap();
    assert_eq!(session_of(&app, &signed_in.token).await.unwrap().user.id, user_id);
    audit::verify_chain(&app.db).await.unwrap();
}

async fn registration_reports_every_bad_answer_and_saves_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let form = SupplierRegistration {
        organisation_name: " ".into(),
        companies_house_number: "12AB".into(),
        postcode: "nowhere".into(),
        full_name: "".into(),
        email: "not-an-email".into(),
        password: "short".into(),
        ..Default::default()
    };
    let Err(RegisterError::Invalid(errors)) = accounts::register_supplier(&app.db, form).await else {
        panic!("expected field errors")
    };
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field_id.as_str()).collect();
    assert_eq!(fields, ["organisation-name", "companies-house-number", "postcode", "full-name", "email", "password"]);
    assert_eq!(app_user::Entity::find().count(&app.db).await.unwrap(), 0);

    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let Err(RegisterError::Invalid(errors)) =
        accounts::register_supplier(&app.db, registration("sam@example.org")).await
    else {
        panic!("a second account with the same email must be refused")
    };
    assert!(errors.for_field("email").unwrap().contains("already uses this email"));
}

async fn unknown_users_and_wrong_passwords_get_the_same_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let wrong = sign_in(&app, "sam@example.org", "not the passphrase").await.unwrap_err();
    let unknown = sign_in(&app, "nobody@example.org", PASSWORD).await.unwrap_err();
    assert_eq!(wrong.to_string(), unknown.to_string());
    assert!(matches!(wrong, SignInError::InvalidCredentials));
    assert_eq!(
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("sign_in_failed")).count(&app.db).await.unwrap(),
        2
    );
}

async fn repeated_failures_lock_the_account(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let throttle = ThrottlePolicy { failures_per_account: 3, ..Default::default() };
    let attempt = |password: &'static str| {
        accounts::sign_in(
            &app.db,
            "sam@example.org",
            password.into(),
            "198.51.100.1",
            None,
            throttle,
            SessionPolicy::default(),
        )
    };
    for _ in 0..3 {
        assert!(matches!(attempt("wrong password!").await, Err(SignInError::InvalidCredentials)));
    }
    // Locked now, even with the right password.
    let locked = attempt(PASSWORD).await.unwrap_err();
    assert!(matches!(locked, SignInError::LockedOut));
    assert!(locked.to_string().contains("wait 15 minutes"));
}

async fn repeated_failures_lock_the_client_address(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let throttle = ThrottlePolicy { failures_per_address: 4, ..Default::default() };
    for n in 0..4 {
        let email = format!("guess{n}@example.org");
        let result = accounts::sign_in(
            &app.db,
            &email,
            "whatever".into(),
            "192.0.2.7",
            None,
            throttle,
            SessionPolicy::default(),
        )
        .await;
        assert!(matches!(result, Err(SignInError::InvalidCredentials)));
    }
    let from_same_address = accounts::sign_in(
        &app.db,
        "sam@example.org",
        PASSWORD.into(),
        "192.0.2.7",
        None,
        throttle,
        SessionPolicy::default(),
    )
    .await;
    assert!(matches!(from_same_address, Err(SignInError::LockedOut)));
    let from_elsewhere = accounts::sign_in(
        &app.db,
        "sam@example.org",
        PASSWORD.into(),
        "192.0.2.8",
        None,
        throttle,
        SessionPolicy::default(),
    )
    .await;
    assert!(from_elsewhere.is_ok());
}

async fn every_sign_in_starts_a_new_session_and_sign_out_ends_it(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let first = sign_in(&app, "sam@example.org", PASSWORD).await.unwrap();
    let second = sign_in(&app, "sam@example.org", PASSWORD).await.unwrap();
    assert_ne!(first.token, second.token);
    assert_ne!(first.session_id, second.session_id);
    // Only hashes are stored.
    let stored = user_session::Entity::find().all(&app.db).await.unwrap();
    assert!(stored.iter().all(|s| s.token_hash.len() == 64 && s.token_hash != first.token));

    let session = session_of(&app, &first.token).await.unwrap();
    accounts::sign_out(&app.db, &session).await.unwrap();
    assert!(session_of(&app, &first.token).await.is_none(), "signed out on the server");
    assert!(session_of(&app, &second.token).await.is_some(), "other devices stay signed in");
}

async fn sessions_end_when_idle_or_too_old(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let policy = SessionPolicy::default();
    let signed_in = sign_in(&app, "sam@example.org", PASSWORD).await.unwrap();
    let now = Utc::now();

    // Active every 20 minutes keeps it alive past the idle timeout...
    for step in 1..=3 {
        let at = now + Duration::minutes(20 * step);
        assert!(sessions::resolve(&app.db, &signed_in.token, policy, at).await.unwrap().is_some(), "step {step}");
    }
    // ...but 31 idle minutes end it, for good.
    let idle = now + Duration::minutes(60 + 31);
    assert!(sessions::resolve(&app.db, &signed_in.token, policy, idle).await.unwrap().is_none());
    assert!(sessions::resolve(&app.db, &signed_in.token, policy, now).await.unwrap().is_none());

    // The absolute timeout ends a session however active it is.
    let busy = sign_in(&app, "sam@example.org", PASSWORD).await.unwrap();
    let mut at = now;
    while at < now + Duration::hours(12) - Duration::minutes(20) {
        at += Duration::minutes(20);
        assert!(sessions::resolve(&app.db, &busy.token, policy, at).await.unwrap().is_some());
    }
    let past_absolute = now + Duration::hours(12) + Duration::minutes(1);
    assert!(sessions::resolve(&app.db, &busy.token, policy, past_absolute).await.unwrap().is_none());
}

async fn changing_the_password_ends_the_other_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let laptop = sign_in(&app, "sam@example.org", PASSWORD).await.unwrap();
    let phone = sign_in(&app, "sam@example.org", PASSWORD).await.unwrap();
    let session = session_of(&app, &laptop.token).await.unwrap();

    let Err(accounts::ChangePasswordError::Invalid(errors)) =
        accounts::change_password(&app.db, &session, "wrong".into(), "short").await
    else {
        panic!("expected field errors")
    };
    assert!(errors.for_field("current-password").is_some() && errors.for_field("new-password").is_some());

    accounts::change_password(&app.db, &session, PASSWORD.into(), "another long passphrase").await.unwrap();
    assert!(session_of(&app, &laptop.token).await.is_some(), "the session that changed it stays");
    assert!(session_of(&app, &phone.token).await.is_none(), "other sessions end");
    assert!(sign_in(&app, "sam@example.org", PASSWORD).await.is_err());
    assert!(sign_in(&app, "sam@example.org", "another long passphrase").await.is_ok());
}

async fn password_reset_links_work_once_and_expire(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let old_session = sign_in(&app, "sam@example.org", PASSWORD).await.unwrap();

    // Unknown addresses get the same (silent) treatment and no email.
    accounts::request_password_reset(&app.db, "nobody@example.org", "http://pb.test").await.unwrap();
    assert_eq!(email_outbox::Entity::find().count(&app.db).await.unwrap(), 0);

    accounts::request_password_reset(&app.db, "sam@example.org", "http://pb.test").await.unwrap();
    let token = link_token(&app, "/reset-password/").await;
    accounts::reset_password(&app.db, &token, "a brand new passphrase").await.unwrap();
    assert!(session_of(&app, &old_session.token).await.is_none(), "a reset ends every session");
    assert!(sign_in(&app, "sam@example.org", "a brand new passphrase").await.is_ok());
    assert!(matches!(
        accounts::reset_password(&app.db, &token, "yet another passphrase").await,
        Err(TokenUseError::ExpiredOrUsed)
    ));

    // An expired link is refused.
    accounts::request_password_reset(&app.db, "sam@example.org", "http://pb.test").await.unwrap();
    let token = link_token(&app, "/reset-password/").await;
    expire_all_tokens(&app).await;
    assert!(matches!(
        accounts::reset_password(&app.db, &token, "yet another passphrase").await,
        Err(TokenUseError::ExpiredOrUsed)
    ));
}

async fn invitations_are_single_use_and_expire(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin_id = accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let admin = sign_in(&app, "sam@example.org", PASSWORD).await.unwrap();
    let admin_session = session_of(&app, &admin.token).await.unwrap();

    accounts::invite_team_member(
        &app.db,
        Some(&admin_session),
        "kim@example.org",
        Role::SupplierUser,
        "http://pb.test",
    )
    .await
    .unwrap();
    let token = link_token(&app, "/invitations/").await;
    let kim_id =
        accounts::accept_invitation(&app.db, &token, "Kim Colleague", "kim's long passphrase").await.unwrap().id;
    let kim = app_user::Entity::find_by_id(kim_id).one(&app.db).await.unwrap().unwrap();
    let admin_user = app_user::Entity::find_by_id(admin_id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(kim.organisation_id, admin_user.organisation_id);
    assert_eq!(kim.role, Role::SupplierUser.as_str());
    assert!(matches!(
        accounts::accept_invitation(&app.db, &token, "Kim Again", "kim's long passphrase").await,
        Err(TokenUseError::ExpiredOrUsed)
    ));

    accounts::invite_team_member(
        &app.db,
        Some(&admin_session),
        "lee@example.org",
        Role::SupplierUser,
        "http://pb.test",
    )
    .await
    .unwrap();
    let token = link_token(&app, "/invitations/").await;
    expire_all_tokens(&app).await;
    assert!(matches!(
        accounts::accept_invitation(&app.db, &token, "Lee", "lee's long passphrase").await,
        Err(TokenUseError::ExpiredOrUsed)
    ));

    // A team member (not an admin) cannot invite; nor can someone signed out.
    let kim_signed_in = sign_in(&app, "kim@example.org", "kim's long passphrase").await.unwrap();
    let kim_session = session_of(&app, &kim_signed_in.token).await.unwrap();
    let refused = accounts::invite_team_member(
        &app.db,
        Some(&kim_session),
        "x@example.org",
        Role::SupplierUser,
        "http://pb.test",
    )
    .await;
    assert!(matches!(refused, Err(accounts::InviteError::Access(services::auth::AccessError::Forbidden))));
    let refused =
        accounts::invite_team_member(&app.db, None, "x@example.org", Role::SupplierUser, "http://pb.test").await;
    assert!(matches!(refused, Err(accounts::InviteError::Access(services::auth::AccessError::NotSignedIn))));
}

async fn deactivation_is_limited_to_the_admins_own_organisation(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let other_id = accounts::register_supplier(
        &app.db,
        SupplierRegistration { organisation_name: "Other Ltd".into(), ..registration("olu@example.org") },
    )
    .await
    .unwrap();
    let sam = session_of(&app, &sign_in(&app, "sam@example.org", PASSWORD).await.unwrap().token).await.unwrap();
    let olu_signed_in = sign_in(&app, "olu@example.org", PASSWORD).await.unwrap();

    let cross_tenant = accounts::deactivate_user(&app.db, Some(&sam), other_id).await;
    assert!(matches!(cross_tenant, Err(accounts::InviteError::Access(services::auth::AccessError::NotFound))));
    assert!(session_of(&app, &olu_signed_in.token).await.is_some());

    accounts::invite_team_member(&app.db, Some(&sam), "kim@example.org", Role::SupplierUser, "http://pb.test")
        .await
        .unwrap();
    let kim_id =
        accounts::accept_invitation(&app.db, &link_token(&app, "/invitations/").await, "Kim", "kim's long passphrase")
            .await
            .unwrap()
            .id;
    let kim_signed_in = sign_in(&app, "kim@example.org", "kim's long passphrase").await.unwrap();
    accounts::deactivate_user(&app.db, Some(&sam), kim_id).await.unwrap();
    assert!(session_of(&app, &kim_signed_in.token).await.is_none(), "deactivation ends sessions");
    assert!(matches!(
        sign_in(&app, "kim@example.org", "kim's long passphrase").await,
        Err(SignInError::InvalidCredentials)
    ));
}

async fn the_audit_chain_detects_tampering(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let _ = sign_in(&app, "sam@example.org", "wrong password!").await;
    let _ = sign_in(&app, "sam@example.org", PASSWORD).await.unwrap();
    let report = audit::verify_chain(&app.db).await.unwrap();
    assert_eq!(report.entries, 3);

    // Editing an entry's contents is detected...
    let second = audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(&app.db).await.unwrap()[1].clone();
    let original_after = second.after_json.clone();
    audit_log::ActiveModel {
        id: Set(second.id),
        after_json: Set(Some("{\"email\":\"someone else\"}".into())),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
    assert!(
        matches!(audit::verify_chain(&app.db).await, Err(audit::ChainError::Tampered { entry_id }) if entry_id == second.id)
    );
    audit_log::ActiveModel { id: Set(second.id), after_json: Set(original_after), ..Default::default() }
        .update(&app.db)
        .await
        .unwrap();
    audit::verify_chain(&app.db).await.unwrap();

    // ...and so is removing one from the middle, or from the end.
    audit_log::Entity::delete_by_id(second.id).exec(&app.db).await.unwrap();
    assert!(matches!(audit::verify_chain(&app.db).await, Err(audit::ChainError::BrokenLink { .. })));
}

async fn the_audit_chain_detects_a_removed_last_entry(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let _ = sign_in(&app, "sam@example.org", PASSWORD).await.unwrap();
    let last = audit_log::Entity::find().order_by_desc(audit_log::Column::Id).one(&app.db).await.unwrap().unwrap();
    audit_log::Entity::delete_by_id(last.id).exec(&app.db).await.unwrap();
    assert!(matches!(audit::verify_chain(&app.db).await, Err(audit::ChainError::Truncated)));
}

async fn concurrent_changes_keep_one_unbroken_chain(backend: Backend) {
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    let attempts = (0..8).map(|_| sign_in(&app, "sam@example.org", "wrong password!"));
    let results = futures::future::join_all(attempts).await;
    assert!(results.iter().all(|r| matches!(r, Err(SignInError::InvalidCredentials) | Err(SignInError::LockedOut))));
    let report = audit::verify_chain(&app.db).await.unwrap();
    assert_eq!(report.entries, 9);
}

/// The token in the newest outbox email's link that starts with `path`.
async fn link_token(app: &TestApp, path: &str) -> String {
    let mail =
        email_outbox::Entity::find().order_by_desc(email_outbox::Column::Id).one(&app.db).await.unwrap().unwrap();
    let start =
        mail.body_text.find(path).unwrap_or_else(|| panic!("no {path} link in {}", mail.body_text)) + path.len();
    mail.body_text[start..].split_whitespace().next().unwrap().to_owned()
}

async fn expire_all_tokens(app: &TestApp) {
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::ExpiresAt, sea_orm::sea_query::Expr::value(Utc::now() - Duration::seconds(1)))
        .exec(&app.db)
        .await
        .unwrap();
}

on_both_databases!(
    registration_creates_a_supplier_admin_and_signs_in,
    registration_reports_every_bad_answer_and_saves_nothing,
    unknown_users_and_wrong_passwords_get_the_same_answer,
    repeated_failures_lock_the_account,
    repeated_failures_lock_the_client_address,
    every_sign_in_starts_a_new_session_and_sign_out_ends_it,
    sessions_end_when_idle_or_too_old,
    changing_the_password_ends_the_other_sessions,
    password_reset_links_work_once_and_expire,
    invitations_are_single_use_and_expire,
    deactivation_is_limited_to_the_admins_own_organisation,
    the_audit_chain_detects_tampering,
    the_audit_chain_detects_a_removed_last_entry,
    concurrent_changes_keep_one_unbroken_chain,
);

async fn the_outbox_is_sent_once_through_the_mail_transport(backend: Backend) {
    use lettre::transport::stub::AsyncStubTransport;
    let app = spawn_app(backend).await;
    accounts::register_supplier(&app.db, registration("sam@example.org")).await.unwrap();
    accounts::request_password_reset(&app.db, "sam@example.org", "http://pb.test").await.unwrap();
    let transport = AsyncStubTransport::new_ok();
    let from = "Pledgebook <no-reply@pb.test>";
    assert_eq!(services::outbox::deliver_pending(&app.db, &transport, from).await.unwrap(), 1);
    let messages = transport.messages().await;
    assert_eq!(messages.len(), 1);
    let (envelope, raw) = &messages[0];
    assert_eq!(envelope.to()[0].to_string(), "sam@example.org");
    assert!(raw.contains("Subject: Reset your Pledgebook password"), "{raw}");
    assert!(raw.contains("http://pb.test/reset-password/"), "{raw}");
    // Sent mail is marked and not sent again; a failing transport leaves mail waiting.
    assert_eq!(services::outbox::deliver_pending(&app.db, &transport, from).await.unwrap(), 0);
    accounts::request_password_reset(&app.db, "sam@example.org", "http://pb.test").await.unwrap();
    let failing = AsyncStubTransport::new_error();
    assert_eq!(services::outbox::deliver_pending(&app.db, &failing, from).await.unwrap(), 0);
    let waiting =
        email_outbox::Entity::find().filter(email_outbox::Column::SentAt.is_null()).count(&app.db).await.unwrap();
    assert_eq!(waiting, 1);
}

on_both_databases!(the_outbox_is_sent_once_through_the_mail_transport);

async fn the_first_council_admin_creates_council_users_by_invitation(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin_id =
        accounts::create_council_admin(&app.db, "Demo County Council", "Alex Admin", "alex@council.example", PASSWORD)
            .await
            .unwrap();
    let Err(accounts::CreateAdminError::Invalid(errors)) =
        accounts::create_council_admin(&app.db, "Demo County Council", "Alex Again", "alex@council.example", "short")
            .await
    else {
        panic!("a duplicate email and a short password are refused")
    };
    assert!(errors.for_field("email").is_some() && errors.for_field("password").is_some());

    crate::helpers::give_demo_two_factor(&app, admin_id).await;
    let admin = session_of(&app, &sign_in(&app, "alex@council.example", PASSWORD).await.unwrap().token).await.unwrap();
    assert_eq!(admin.user.id, admin_id);
    assert_eq!(admin.user.role, Role::CouncilAdmin.as_str());
    let wrong_side =
        accounts::invite_team_member(&app.db, Some(&admin), "s@example.org", Role::SupplierUser, "http://pb.test")
            .await;
    assert!(matches!(wrong_side, Err(accounts::InviteError::Invalid(_))), "councils cannot create supplier users");

    accounts::invite_team_member(&app.db, Some(&admin), "olu@council.example", Role::CouncilOfficer, "http://pb.test")
        .await
        .unwrap();
    let officer_id = accounts::accept_invitation(
        &app.db,
        &link_token(&app, "/invitations/").await,
        "Olu Officer",
        "olu's long passphrase",
    )
    .await
    .unwrap()
    .id;
    let officer = app_user::Entity::find_by_id(officer_id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(officer.role, Role::CouncilOfficer.as_str());
    assert_eq!(officer.organisation_id, admin.user.organisation_id);
    let actions: Vec<String> = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["council_admin_created", "signed_in", "team_member_invited", "invitation_accepted"]);
    audit::verify_chain(&app.db).await.unwrap();
}

on_both_databases!(the_first_council_admin_creates_council_users_by_invitation);
