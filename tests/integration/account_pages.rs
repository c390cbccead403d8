//! The account pages over HTTP, as a browser without JavaScript uses them.

use app::journeys::accounts::paths::{
    CHANGE_PASSWORD, DEACTIVATE, FORGOT_PASSWORD, INVITE, REGISTER, SIGN_IN, SIGN_OUT,
};
use app::journeys::{offers, tenders};
use db::{app_user, email_outbox};
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

use crate::helpers::{location, page_paths, spawn_app, Backend, TestApp, PASSWORD};
use crate::on_both_databases;

fn registration_form(email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("organisation-name", "Acme Cleaning Ltd".into()),
        ("companies-house-number", "01234567".into()),
        ("postcode", "CM1 1AA".into()),
        ("is-sme", "yes".into()),
        ("full-name", "Sam Supplier".into()),
        ("email", email.into()),
        ("password", PASSWORD.into()),
    ]
}

async fn register(app: &TestApp, browser: &reqwest::Client, email: &str) -> reqwest::Response {
    browser.post(app.url(REGISTER.pattern())).form(&registration_form(email)).send().await.unwrap()
}

async fn registering_signs_you_in_and_shows_your_account(backend: Backend) {
    let app = spawn_app(backend).await;
    let browser = app.browser();
    let response = register(&app, &browser, "sam@example.org").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/");
    let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("pledgebook_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax")
    );

    let account = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(account.status(), 200);
    let html = account.text().await.unwrap();
    for expected in ["Your account", "Sam Supplier", "sam@example.org", "Acme Cleaning Ltd", "Supplier administrator"] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
}

async fn registration_problems_are_shown_with_answers_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let browser = app.browser();
    let mut form = registration_form("not-an-email");
    form.retain(|(name, _)| *name != "postcode");
    form.push(("postcode", "nowhere".into()));
    let response = browser.post(app.url(REGISTER.pattern())).form(&form).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("There is a problem"));
    assert!(html.contains("href=\"#postcode\"") && html.contains("href=\"#email\""));
    assert!(html.contains("Enter a full UK postcode, like CM1 1AA"));
    assert!(html.contains("value=\"Acme Cleaning Ltd\""), "typed answers are kept");
    assert!(!html.contains(PASSWORD), "passwords are never sent back");
    assert!(html.contains("<title>Error: Register your organisation"));
    assert_eq!(app_user::Entity::find().count(&app.db).await.unwrap(), 0);
}

async fn signing_in_and_out(backend: Backend) {
    let app = spawn_app(backend).await;
    register(&app, &app.browser(), "sam@example.org").await;

    let browser = app.browser();
    let wrong = browser
        .post(app.url(SIGN_IN.pattern()))
        .form(&[("email", "sam@example.org"), ("password", "not the passphrase")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 200);
    let html = wrong.text().await.unwrap();
    assert!(html.contains("Enter a correct email address and password"));
    assert!(html.contains("value=\"sam@example.org\""));

    let signed_in = browser
        .post(app.url(SIGN_IN.pattern()))
        .form(&[("email", "sam@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    assert_eq!(browser.get(app.url("/account")).send().await.unwrap().status(), 200);

    let signed_out = browser.post(app.url(SIGN_OUT.pattern())).send().await.unwrap();
    assert_eq!(signed_out.status(), 303);
    assert!(signed_out.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"));
    let account = browser.get(app.url("/account")).send().await.unwrap();
    assert!(account.status().is_redirection(), "signed out: {}", account.status());
    assert_eq!(location(&account), "/sign-in?return_to=%2Faccount");
}

async fn changing_the_password_through_the_form(backend: Backend) {
    let app = spawn_app(backend).await;
    let browser = app.browser();
    register(&app, &browser, "sam@example.org").await;
    let refused = browser
        .post(app.url(CHANGE_PASSWORD.pattern()))
        .form(&[("current-password", "wrong"), ("new-password", "a new long passphrase")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 200);
    assert!(refused.text().await.unwrap().contains("Your current password is not correct"));

    let changed = browser
        .post(app.url(CHANGE_PASSWORD.pattern()))
        .form(&[("current-password", PASSWORD), ("new-password", "a new long passphrase")])
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 303);
    assert_eq!(location(&changed), "/account?password-changed");
    let html = browser.get(app.url("/account?password-changed")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Your password has been changed."));
}

async fn resetting_a_forgotten_password(backend: Backend) {
    let app = spawn_app(backend).await;
    register(&app, &app.browser(), "sam@example.org").await;
    let browser = app.browser();
    let sent =
        browser.post(app.url(FORGOT_PASSWORD.pattern())).form(&[("email", "sam@example.org")]).send().await.unwrap();
    assert_eq!(location(&sent), "/forgot-password/sent");
    let mail =
        email_outbox::Entity::find().order_by_desc(email_outbox::Column::Id).one(&app.db).await.unwrap().unwrap();
    let link = mail.body_text.lines().find(|l| l.contains("/reset-password/")).unwrap().trim().to_owned();
    let path = link.trim_start_matches(&app.address).to_owned();
    assert!(path.starts_with("/reset-password/"), "{link}");

    let page = browser.get(app.url(&path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let reset = browser.post(app.url(&path)).form(&[("new-password", "a brand new passphrase")]).send().await.unwrap();
    assert_eq!(location(&reset), "/sign-in?reset");
    let again = browser.post(app.url(&path)).form(&[("new-password", "another new passphrase")]).send().await.unwrap();
    assert_eq!(again.status(), 200);
    assert!(again.text().await.unwrap().contains("This link has expired or has already been used"));
}

/// Every page, form route and server function that is not public gives an anonymous visitor
/// nothing: a redirect to sign in, or 401/403/404, and never the data.
async fn nothing_private_answers_an_anonymous_visitor(backend: Backend) {
    const PUBLIC_PAGES: &[&str] = &[
        "/",
        "/calculator",
        "/sign-in",
        "/register",
        "/forgot-password",
        "/forgot-password/sent",
        "/reset-password/{token}",
        "/invitations/{token}",
        "/frameworks",
        "/frameworks/{id}",
        "/tenders",
        "/tenders/{id}",
        "/guides/evaluation",
        "/guides/evidence",
        "/guides/reviewing-evidence",
        "/guides",
        "/glossary",
        "/guides/social-value",
        "/guides/building-an-offer",
        "/guides/delivery-plan",
        "/guides/tailoring-a-framework",
        "/guides/setting-up-a-tender",
    ];
    const PUBLIC_SERVER_FUNCTIONS: &[&str] =
        &["/api/frameworks/published", "/api/frameworks/version", "/api/tenders/open", "/api/tenders/tender"];
    const PUBLIC_FORMS: &[&str] =
        &["/sign-in", "/register", "/forgot-password", "/reset-password/x", "/invitations/x", "/sign-out"];
    let app = spawn_app(backend).await;
    register(&app, &app.browser(), "sam@example.org").await;
    let anonymous = app.browser();

    let pages = page_paths(|_, param| if param == "token" { "x".into() } else { "1".into() });
    assert!(pages.iter().any(|(_, path)| path == "/account"), "the route list is read: {pages:?}");
    for (_, path) in pages.iter().filter(|(pattern, _)| !PUBLIC_PAGES.contains(&pattern.as_str())) {
        let response = anonymous.get(app.url(&path)).send().await.unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert!(status.is_redirection() || [401, 403, 404].contains(&status.as_u16()), "GET {path} answered {status}");
        assert!(!body.contains("sam@example.org") && !body.contains("Acme Cleaning"), "GET {path} leaked data");
    }

    for path in [
        CHANGE_PASSWORD.pattern().to_owned(),
        INVITE.pattern().to_owned(),
        DEACTIVATE.id(1),
        tenders::paths::NEW_TENDER.pattern().to_owned(),
        tenders::paths::DETAILS.id(1),
        tenders::paths::MEASURES.id(1),
        tenders::paths::OPEN.id(1),
        tenders::paths::CANCEL.id(1),
        offers::paths::START.id(1),
        offers::paths::OFFER.id(1),
        offers::paths::SUBMIT.id(1),
        offers::paths::WITHDRAW.id(1),
    ]
    .into_iter()
    .chain(
        app::journeys::evaluation::paths::FORMS
            .iter()
            .filter(|(_, method)| *method == "POST")
            .map(|(path, _)| path.with(&[&1, &1, &1, &1])),
    )
    .chain(app::journeys::contracts::paths::FORMS.iter().map(|(path, _)| path.with(&[&1, &1])))
    .chain(app::journeys::returns::paths::FORMS.iter().map(|(path, _)| path.with(&[&1, &1])))
    .chain(app::journeys::reviews::paths::FORMS.iter().map(|(path, _)| path.with(&[&1, &1])))
    .chain({
        use app::journeys::accounts::paths::*;
        [
            REMINDERS.pattern().to_owned(),
            SIGN_IN_CODE.pattern().to_owned(),
            SIGN_IN_RECOVERY_CODE.pattern().to_owned(),
            START_TWO_FACTOR.pattern().to_owned(),
            SET_UP_TWO_FACTOR.pattern().to_owned(),
            NEW_RECOVERY_CODES.pattern().to_owned(),
            END_SESSION.id(1),
            END_OTHER_SESSIONS.pattern().to_owned(),
            CHANGE_ROLE.id(1),
            RESET_TWO_FACTOR.id(1),
            SUPPLIERS_TWO_FACTOR.pattern().to_owned(),
        ]
    }) {
        let response = anonymous.post(app.url(&path)).form(&[("current-password", "x")]).send().await.unwrap();
        assert!(response.status().is_redirection(), "POST {path} answered {}", response.status());
        assert!(!PUBLIC_FORMS.contains(&path.as_str()));
    }

    let server_functions: Vec<String> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, _method)| path.to_owned()).collect();
    assert!(!server_functions.is_empty(), "server functions are registered");
    assert!(PUBLIC_SERVER_FUNCTIONS.iter().all(|p| server_functions.iter().any(|s| s == p)), "{server_functions:?}");
    for path in server_functions.into_iter().filter(|p| !PUBLIC_SERVER_FUNCTIONS.contains(&p.as_str())) {
        let args = [
            ("id", "1"),
            ("tender_id", "1"),
            ("offer_id", "1"),
            ("measure_id", "1"),
            ("year", "1"),
            ("q", ""),
            ("contract_id", "1"),
            ("quarter", "1"),
        ];
        let response = anonymous.post(app.url(&path)).form(&args).send().await.unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, 401, "server function {path} answered {status}: {body}");
        assert!(!body.contains("sam@example.org"), "server function {path} leaked data");
    }
}

async fn admins_manage_their_own_team_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let sam = app.browser();
    register(&app, &sam, "sam@example.org").await;
    let team = sam.get(app.url("/team")).send().await.unwrap().text().await.unwrap();
    assert!(team.contains("People in your organisation") && team.contains("sam@example.org"), "{team}");

    // Invite, with a mistake first.
    let refused =
        sam.post(app.url(INVITE.pattern())).form(&[("email", "kim@"), ("role", "supplier_user")]).send().await.unwrap();
    assert!(refused.text().await.unwrap().contains("Enter an email address in the correct format"));
    let invited = sam
        .post(app.url(INVITE.pattern()))
        .form(&[("email", "kim@example.org"), ("role", "supplier_user")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&invited), "/team?invited");
    // A supplier cannot hand out council roles.
    let wrong_side = sam
        .post(app.url(INVITE.pattern()))
        .form(&[("email", "x@example.org"), ("role", "council_admin")])
        .send()
        .await
        .unwrap();
    assert!(wrong_side.text().await.unwrap().contains("Choose a role in your own organisation"));

    let mail =
        email_outbox::Entity::find().order_by_desc(email_outbox::Column::Id).one(&app.db).await.unwrap().unwrap();
    let link = mail.body_text.lines().find(|l| l.contains("/invitations/")).unwrap().trim().to_owned();
    let path = link.trim_start_matches(&app.address).to_owned();
    let kim = app.browser();
    let accepted = kim
        .post(app.url(&path))
        .form(&[("full-name", "Kim Colleague"), ("password", "kim's long passphrase")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&accepted), "/");
    let again = app
        .browser()
        .post(app.url(&path))
        .form(&[("full-name", "Kim"), ("password", "kim's long passphrase")])
        .send()
        .await
        .unwrap();
    assert!(again.text().await.unwrap().contains("This link has expired or has already been used"));

    // A team member is not an administrator: the team page and its actions are refused.
    let kim_team = kim.get(app.url("/team")).send().await.unwrap();
    assert_eq!(kim_team.status(), 403);
    assert!(!kim_team.text().await.unwrap().contains("sam@example.org"), "a member does not see the team list");
    let kim_invite = kim
        .post(app.url(INVITE.pattern()))
        .form(&[("email", "z@example.org"), ("role", "supplier_user")])
        .send()
        .await
        .unwrap();
    assert_eq!(kim_invite.status(), 403);

    // Another supplier's administrator gets 404 on Kim.
    let other = app.browser();
    let mut form = registration_form("olu@example.org");
    form[0].1 = "Other Ltd".into();
    other.post(app.url(REGISTER.pattern())).form(&form).send().await.unwrap();
    let kim_id = app_user::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "kim@example.org")
        .unwrap()
        .id;
    let cross = other.post(app.url(&DEACTIVATE.id(kim_id))).send().await.unwrap();
    assert_eq!(cross.status(), 404);
    assert_eq!(kim.get(app.url("/account")).send().await.unwrap().status(), 200, "Kim is still active");

    // Sam deactivates Kim, who is signed out at once.
    let deactivated = sam.post(app.url(&DEACTIVATE.id(kim_id))).send().await.unwrap();
    assert_eq!(location(&deactivated), "/team?deactivated");
    assert!(kim.get(app.url("/account")).send().await.unwrap().status().is_redirection());
}

async fn signing_in_never_keeps_a_session_id_from_before(backend: Backend) {
    let app = spawn_app(backend).await;
    register(&app, &app.browser(), "sam@example.org").await;
    let planted = "attacker-chosen-session-id";
    let response = app
        .client
        .post(app.url(SIGN_IN.pattern()))
        .header("origin", &app.address)
        .header("cookie", format!("pledgebook_session={planted}"))
        .form(&[("email", "sam@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let cookies: Vec<String> =
        response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let issued = cookies.iter().find(|c| !c.contains("Max-Age=0")).expect("a new session cookie");
    let token = issued.trim_start_matches("pledgebook_session=").split(';').next().unwrap();
    assert_ne!(token, planted);
    assert!(token.len() >= 43, "256 random bits");
}

on_both_databases!(
    signing_in_never_keeps_a_session_id_from_before,
    admins_manage_their_own_team_only,
    registering_signs_you_in_and_shows_your_account,
    registration_problems_are_shown_with_answers_kept,
    signing_in_and_out,
    changing_the_password_through_the_form,
    resetting_a_forgotten_password,
    nothing_private_answers_an_anonymous_visitor,
);
