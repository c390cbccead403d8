//! Account security over HTTP, as a browser without JavaScript uses it: two-factor set-up and
//! sign-in (codes, recovery codes, replays, throttling), sessions a person can see and end, role
//! changes, an administrator's reset, the council's choice for suppliers, trusted proxies and
//! the security headers.

use app::journeys::accounts::paths::{
    CHANGE_ROLE, END_OTHER_SESSIONS, END_SESSION, RESET_TWO_FACTOR, SET_UP_TWO_FACTOR, SIGN_IN, SIGN_IN_CODE,
    SIGN_IN_RECOVERY_CODE, SIGN_OUT, START_TWO_FACTOR, SUPPLIERS_TWO_FACTOR,
};
use chrono::Utc;
use db::{app_user, audit_log, login_failure, recovery_code, user_session};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::totp as crypto;

use crate::helpers::{
    app_user_id, council_admin, council_officer, demo_code_now, forget_last_code, location, other_council_admin, page,
    registered_supplier, seeded, signed_in, spawn_app, spawn_app_with, text_of, unescape, Backend, TestApp,
    COUNCIL_OFFICER, DEMO_PASSWORD, PASSWORD, SUPPLIER_A,
};
use crate::on_both_databases;

const SUPPLIER: &str = "sam@acme.example";

async fn post(app: &TestApp, browser: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    browser.post(app.url(path)).form(form).send().await.unwrap()
}

async fn user(app: &TestApp, email: &str) -> app_user::Model {
    app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(&app.db).await.unwrap().unwrap()
}

async fn audited(app: &TestApp, action: &str) -> u64 {
    audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).count(&app.db).await.unwrap()
}

/// The key the set-up page shows as text, read back as an app would take it.
fn secret_on_page(html: &str) -> Vec<u8> {
    let html = unescape(html);
    let at = html.find("id=\"secret-key\"").unwrap_or_else(|| panic!("the key is shown as text: {}", text_of(&html)));
    let start = at + html[at..].find('>').unwrap() + 1;
    let text = &html[start..start + html[start..].find('<').unwrap()];
    crypto::secret_from_base32(text).unwrap_or_else(|| panic!("a base32 key: {text}"))
}

fn code_now(secret: &[u8]) -> String {
    crypto::code_at(secret, Utc::now().timestamp() as u64)
}

/// Waits, if need be, for the next 30-second step to begin, so that a test that replays "the
/// code now" stays within one step (it takes a few seconds at most): otherwise, near a step's
/// end, "now" moves on to a fresh code and the replay is accepted.
async fn early_in_a_step() {
    let into = Utc::now().timestamp() % 30;
    if into > 10 {
        tokio::time::sleep(std::time::Duration::from_secs((30 - into) as u64)).await;
    }
}

/// The recovery codes a page shows (`abcde-fghjk`).
fn recovery_codes_on_page(html: &str) -> Vec<String> {
    text_of(&unescape(html).replace('<', " <"))
        .split_whitespace()
        .filter(|word| {
            word.len() == 11
                && word.as_bytes()[5] == b'-'
                && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(str::to_owned)
        .collect()
}

/// Sets two-factor up through the pages, as `browser`'s person: returns the app's secret and the
/// recovery codes shown.
async fn set_up_through_the_forms(app: &TestApp, browser: &reqwest::Client) -> (Vec<u8>, Vec<String>) {
    let (status, html) = page(app, browser, SET_UP_TWO_FACTOR.pattern()).await;
    assert_eq!(status, 200);
    assert!(text_of(&html).contains("Start set-up"), "{}", text_of(&html));
    let started = post(app, browser, START_TWO_FACTOR.pattern(), &[]).await;
    assert_eq!(started.status(), 303);
    assert_eq!(location(&started), SET_UP_TWO_FACTOR.pattern());
    let (_, html) = page(app, browser, SET_UP_TWO_FACTOR.pattern()).await;
    assert!(html.contains("src=\"data:image/svg+xml;base64,"), "a QR code");
    let secret = secret_on_page(&html);

    let wrong = post(app, browser, SET_UP_TWO_FACTOR.pattern(), &[("code", "000000")]).await;
    assert_eq!(wrong.status(), 200);
    let wrong = wrong.text().await.unwrap();
    assert!(text_of(&wrong).contains("Enter the 6-digit code your authenticator app shows now"), "{}", text_of(&wrong));

    let confirmed = post(app, browser, SET_UP_TWO_FACTOR.pattern(), &[("code", &code_now(&secret))]).await;
    assert_eq!(confirmed.status(), 200);
    assert_eq!(confirmed.headers()["cache-control"], "no-store", "the codes are never cached");
    let html = confirmed.text().await.unwrap();
    assert!(text_of(&html).contains("Save your recovery codes"));
    let codes = recovery_codes_on_page(&html);
    assert_eq!(codes.len(), 10, "{codes:?}");
    (secret, codes)
}

/// Signs out, then gives the password: the sign-in waits for the code.
async fn password_only(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let browser = app.browser();
    let response = post(app, &browser, SIGN_IN.pattern(), &[("email", email), ("password", password)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), SIGN_IN_CODE.pattern(), "{email} is asked for a code");
    browser
}

async fn a_supplier_sets_up_two_factor_and_signs_in_with_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let browser = registered_supplier(&app, "Acme Ltd", SUPPLIER).await;
    let (secret, codes) = set_up_through_the_forms(&app, &browser).await;

    let stored = user(&app, SUPPLIER).await;
    let sealed = stored.totp_secret.clone().expect("two-factor is on");
    assert!(!sealed.contains(&crypto::secret_text(&secret).replace(' ', "")), "the secret is stored sealed");
    assert_eq!(app.totp_key.open(stored.id, &sealed).unwrap(), secret);
    assert!(stored.totp_pending_secret.is_none());
    let hashes =
        recovery_code::Entity::find().filter(recovery_code::Column::UserId.eq(stored.id)).all(&app.db).await.unwrap();
    assert_eq!(hashes.len(), 10);
    assert!(hashes
        .iter()
        .all(|h| h.code_hash.starts_with("$argon2id$") && !codes.iter().any(|c| h.code_hash.contains(c))));
    assert_eq!(audited(&app, "two_factor_enabled").await, 1);

    // The account page says so; the next sign-in asks for a code.
    let (_, account) = page(&app, &browser, "/account").await;
    assert!(text_of(&account).contains("On. Recovery codes left: 10"), "{}", text_of(&account));
    assert_eq!(post(&app, &browser, SIGN_OUT.pattern(), &[]).await.status(), 303);
    let browser = password_only(&app, SUPPLIER, PASSWORD).await;
    // Halfway, the person is not signed in anywhere else.
    let (status, _) = page(&app, &browser, "/account").await;
    assert_eq!(status, 303, "a password alone opens nothing");
    let (status, html) = page(&app, &browser, SIGN_IN_CODE.pattern()).await;
    assert_eq!(status, 200);
    assert!(text_of(&html).contains("Enter the code from your authenticator app"));
    let empty = post(&app, &browser, SIGN_IN_CODE.pattern(), &[("code", "")]).await;
    assert!(text_of(&empty.text().await.unwrap()).contains("Enter the 6-digit code from your authenticator app"));
    // Set-up took this time step's code: the app's next one (one step of drift is allowed).
    let next = crypto::code_at(&secret, Utc::now().timestamp() as u64 + 30);
    let signed_in = post(&app, &browser, SIGN_IN_CODE.pattern(), &[("code", &next)]).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(location(&signed_in), "/");
    assert_eq!(page(&app, &browser, "/account").await.0, 200);
    // The half-done session was replaced, not promoted.
    let sessions =
        user_session::Entity::find().filter(user_session::Column::UserId.eq(stored.id)).all(&app.db).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].stage, "signed_in");
}

async fn an_officer_without_two_factor_sets_it_up_at_sign_in(backend: Backend) {
    let app = seeded(backend).await;
    council_officer(&app).await;
    // The administrator reset it: the officer must set it up again.
    let admin = council_admin(&app).await;
    let officer_id = app_user_id(&app, COUNCIL_OFFICER).await;
    let reset = post(&app, &admin, &RESET_TWO_FACTOR.id(officer_id), &[]).await;
    assert_eq!(reset.status(), 303);
    assert!(user(&app, COUNCIL_OFFICER).await.totp_secret.is_none());
    assert_eq!(audited(&app, "two_factor_reset").await, 1);

    let browser = app.browser();
    let response =
        post(&app, &browser, SIGN_IN.pattern(), &[("email", COUNCIL_OFFICER), ("password", DEMO_PASSWORD)]).await;
    assert_eq!(location(&response), SET_UP_TWO_FACTOR.pattern(), "taken to set it up");
    for path in ["/account", "/reviews", "/contracts", SIGN_IN_CODE.pattern()] {
        assert_eq!(page(&app, &browser, path).await.0, 303, "{path} before two-factor is set up");
    }
    let (_, html) = page(&app, &browser, SET_UP_TWO_FACTOR.pattern()).await;
    assert!(text_of(&html).contains("Set it up now to finish signing in"), "{}", text_of(&html));
    assert!(text_of(&html).contains("Cancel and sign out"));
    let (_, codes) = set_up_through_the_forms(&app, &browser).await;
    assert_eq!(codes.len(), 10);
    // Setting it up finished the sign-in.
    assert_eq!(page(&app, &browser, "/reviews").await.0, 200);
    assert_eq!(page(&app, &browser, "/account").await.0, 200);
}

async fn a_recovery_code_works_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let browser = registered_supplier(&app, "Acme Ltd", SUPPLIER).await;
    let (_, codes) = set_up_through_the_forms(&app, &browser).await;

    let first = password_only(&app, SUPPLIER, PASSWORD).await;
    let (status, html) = page(&app, &first, SIGN_IN_RECOVERY_CODE.pattern()).await;
    assert_eq!(status, 200);
    assert!(text_of(&html).contains("Enter a recovery code"));
    let typed = codes[3].to_uppercase().replace('-', " ");
    let used = post(&app, &first, SIGN_IN_RECOVERY_CODE.pattern(), &[("recovery-code", &typed)]).await;
    assert_eq!(used.status(), 303, "typed in capitals with a space, it still works");
    assert_eq!(location(&used), "/");

    let second = password_only(&app, SUPPLIER, PASSWORD).await;
    let again = post(&app, &second, SIGN_IN_RECOVERY_CODE.pattern(), &[("recovery-code", &codes[3])]).await;
    assert_eq!(again.status(), 200);
    let html = again.text().await.unwrap();
    assert!(
        text_of(&html).contains("Enter one of your recovery codes that you have not used before"),
        "{}",
        text_of(&html)
    );
    let other = post(&app, &second, SIGN_IN_RECOVERY_CODE.pattern(), &[("recovery-code", &codes[4])]).await;
    assert_eq!(location(&other), "/");
    let (_, account) = page(&app, &second, "/account").await;
    assert!(text_of(&account).contains("Recovery codes left: 8"), "{}", text_of(&account));
}

async fn a_code_is_accepted_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let browser = registered_supplier(&app, "Acme Ltd", SUPPLIER).await;
    early_in_a_step().await;
    let (secret, _) = set_up_through_the_forms(&app, &browser).await;
    // Set-up took this step's code: the same code cannot sign in.
    let replayed_setup_code = code_now(&secret);
    let first = password_only(&app, SUPPLIER, PASSWORD).await;
    let refused = post(&app, &first, SIGN_IN_CODE.pattern(), &[("code", &replayed_setup_code)]).await;
    assert_eq!(refused.status(), 200, "the code that confirmed set-up is used up");
    // The next step's code (an app a little ahead) is accepted, once.
    let next = crypto::code_at(&secret, Utc::now().timestamp() as u64 + 30);
    let accepted = post(&app, &first, SIGN_IN_CODE.pattern(), &[("code", &next)]).await;
    assert_eq!(location(&accepted), "/");
    let second = password_only(&app, SUPPLIER, PASSWORD).await;
    let replayed = post(&app, &second, SIGN_IN_CODE.pattern(), &[("code", &next)]).await;
    assert_eq!(replayed.status(), 200);
    let html = replayed.text().await.unwrap();
    assert!(text_of(&html).contains("Enter the 6-digit code your authenticator app shows now"), "{}", text_of(&html));
    assert_eq!(page(&app, &second, "/account").await.0, 303, "still not signed in");
}

async fn wrong_codes_are_throttled_like_passwords(backend: Backend) {
    let app = seeded(backend).await;
    let browser = password_only(&app, crate::helpers::COUNCIL_ADMIN, DEMO_PASSWORD).await;
    for _ in 0..5 {
        let wrong = post(&app, &browser, SIGN_IN_CODE.pattern(), &[("code", "999999")]).await;
        assert!(text_of(&wrong.text().await.unwrap()).contains("Enter the 6-digit code"));
    }
    forget_last_code(&app, crate::helpers::COUNCIL_ADMIN).await;
    let right_but_late = post(&app, &browser, SIGN_IN_CODE.pattern(), &[("code", &demo_code_now())]).await;
    let html = right_but_late.text().await.unwrap();
    assert!(text_of(&html).contains("Too many failed attempts"), "{}", text_of(&html));
    let failures = login_failure::Entity::find()
        .filter(login_failure::Column::Email.eq(crate::helpers::COUNCIL_ADMIN))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(failures, 6, "five wrong codes and the locked-out attempt");
}

async fn sessions_are_listed_and_ended_from_another(backend: Backend) {
    let app = spawn_app(backend).await;
    registered_supplier(&app, "Acme Ltd", SUPPLIER).await;
    let from = |agent: &'static str| signed_in_from(&app, agent);
    let laptop = from("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0").await;
    let phone = from("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1").await;
    let (_, html) = page(&app, &laptop, "/account").await;
    let text = text_of(&unescape(&html).replace('<', " <"));
    assert!(text.contains("Where you are signed in"), "{text}");
    assert!(text.contains("Firefox on Windows (this browser)"), "{text}");
    assert!(text.contains("Safari on an iPhone"), "{text}");

    let user_id = app_user_id(&app, SUPPLIER).await;
    let phone_session = user_session::Entity::find()
        .filter(user_session::Column::UserId.eq(user_id))
        .filter(user_session::Column::UserAgent.contains("iPhone"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // Someone else cannot end it: not found.
    let stranger = registered_supplier(&app, "Other Ltd", "olga@other.example").await;
    assert_eq!(post(&app, &stranger, &END_SESSION.id(phone_session.id), &[]).await.status(), 404);
    assert_eq!(page(&app, &phone, "/account").await.0, 200);
    // Its owner can, from the laptop.
    let ended = post(&app, &laptop, &END_SESSION.id(phone_session.id), &[]).await;
    assert_eq!(location(&ended), "/account?session-ended");
    assert_eq!(page(&app, &phone, "/account").await.0, 303, "the phone is signed out");
    assert_eq!(page(&app, &laptop, "/account").await.0, 200);
    assert_eq!(audited(&app, "session_ended").await, 1);

    // Everywhere else at once.
    let tablet =
        from("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
            .await;
    let desktop =
        from("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.1 Safari/605.1.15").await;
    let ended = post(&app, &laptop, END_OTHER_SESSIONS.pattern(), &[]).await;
    assert_eq!(location(&ended), "/account?sessions-ended");
    assert_eq!(page(&app, &tablet, "/account").await.0, 303);
    assert_eq!(page(&app, &desktop, "/account").await.0, 303);
    assert_eq!(page(&app, &laptop, "/account").await.0, 200);
    assert_eq!(page(&app, &stranger, "/account").await.0, 200, "another person's sessions are untouched");
    // Ending this browser's own session signs it out.
    let (_, html) = page(&app, &laptop, "/account").await;
    assert!(!text_of(&html).contains("Sign out everywhere else"), "no others left");
    let laptop_session = user_session::Entity::find()
        .filter(user_session::Column::UserId.eq(user_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let own = post(&app, &laptop, &END_SESSION.id(laptop_session.id), &[]).await;
    assert_eq!(location(&own), "/");
    assert_eq!(page(&app, &laptop, "/account").await.0, 303);
}

/// The supplier signed in from a browser that names itself `agent`.
async fn signed_in_from(app: &TestApp, agent: &'static str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("origin", app.address.parse().unwrap());
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .user_agent(agent)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = post(app, &browser, SIGN_IN.pattern(), &[("email", SUPPLIER), ("password", PASSWORD)]).await;
    assert_eq!(location(&response), "/");
    browser
}

async fn roles_change_and_an_organisation_keeps_an_administrator(backend: Backend) {
    let app = seeded(backend).await;
    let officer = council_officer(&app).await;
    let admin = council_admin(&app).await;
    let officer_id = app_user_id(&app, COUNCIL_OFFICER).await;
    let admin_id = app_user_id(&app, crate::helpers::COUNCIL_ADMIN).await;

    // The wrong role, another organisation, a role of the wrong kind.
    let by_officer = post(&app, &officer, &CHANGE_ROLE.id(admin_id), &[("role", "council_officer")]).await;
    assert_eq!(by_officer.status(), 403);
    let stranger = other_council_admin(&app).await;
    let by_stranger = post(&app, &stranger, &CHANGE_ROLE.id(officer_id), &[("role", "council_admin")]).await;
    assert_eq!(by_stranger.status(), 404);
    assert_eq!(post(&app, &stranger, &RESET_TWO_FACTOR.id(officer_id), &[]).await.status(), 404);
    let supplier = signed_in(&app, SUPPLIER_A).await;
    assert_eq!(post(&app, &supplier, &CHANGE_ROLE.id(officer_id), &[("role", "supplier_admin")]).await.status(), 404);
    let wrong_kind = post(&app, &admin, &CHANGE_ROLE.id(officer_id), &[("role", "supplier_admin")]).await;
    assert!(text_of(&wrong_kind.text().await.unwrap()).contains("Choose a role in your own organisation"));
    assert_eq!(user(&app, COUNCIL_OFFICER).await.role, "council_officer");

    // The only administrator cannot step down.
    let alone = post(&app, &admin, &CHANGE_ROLE.id(admin_id), &[("role", "council_officer")]).await;
    assert_eq!(alone.status(), 200);
    let html = alone.text().await.unwrap();
    assert!(text_of(&html).contains("must keep at least one active administrator"), "{}", text_of(&html));
    assert!(html.contains(&format!("href=\"#role-{admin_id}\"")), "the summary links to the role");
    assert_eq!(user(&app, crate::helpers::COUNCIL_ADMIN).await.role, "council_admin");

    // Promote the officer, and then the first administrator may step down.
    let promoted = post(&app, &admin, &CHANGE_ROLE.id(officer_id), &[("role", "council_admin")]).await;
    assert_eq!(location(&promoted), "/team?role-changed");
    assert_eq!(page(&app, &officer, "/team").await.0, 200, "at once, on the officer's next request");
    let stepped_down = post(&app, &admin, &CHANGE_ROLE.id(admin_id), &[("role", "council_officer")]).await;
    assert_eq!(location(&stepped_down), "/team?role-changed");
    assert_eq!(audited(&app, "role_changed").await, 2);
    assert_eq!(page(&app, &admin, "/team").await.0, 403, "no longer an administrator");
}

/// Two administrators demote each other at the same moment: one of them stays.
async fn two_administrators_demoting_each_other_leave_one(backend: Backend) {
    let app = seeded(backend).await;
    let officer = council_officer(&app).await;
    let admin = council_admin(&app).await;
    let officer_id = app_user_id(&app, COUNCIL_OFFICER).await;
    let admin_id = app_user_id(&app, crate::helpers::COUNCIL_ADMIN).await;
    post(&app, &admin, &CHANGE_ROLE.id(officer_id), &[("role", "council_admin")]).await;
    let (demote_officer, demote_admin) = (CHANGE_ROLE.id(officer_id), CHANGE_ROLE.id(admin_id));
    let (one, two) = tokio::join!(
        post(&app, &admin, &demote_officer, &[("role", "council_officer")]),
        post(&app, &officer, &demote_admin, &[("role", "council_officer")]),
    );
    let moved = [one.status(), two.status()].iter().filter(|s| s.as_u16() == 303).count();
    assert_eq!(moved, 1, "exactly one demotion succeeds: {} and {}", one.status(), two.status());
    let admins = app_user::Entity::find()
        .filter(app_user::Column::Role.eq("council_admin"))
        .filter(app_user::Column::Email.ends_with("@demo-council.example"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(admins, 1);
}

async fn a_council_can_require_two_factor_of_suppliers(backend: Backend) {
    let app = seeded(backend).await;
    let supplier = signed_in(&app, SUPPLIER_A).await;
    assert_eq!(
        post(&app, &supplier, SUPPLIERS_TWO_FACTOR.pattern(), &[("suppliers-two-factor", "yes")]).await.status(),
        403
    );
    let officer = council_officer(&app).await;
    assert_eq!(
        post(&app, &officer, SUPPLIERS_TWO_FACTOR.pattern(), &[("suppliers-two-factor", "yes")]).await.status(),
        403
    );
    let admin = council_admin(&app).await;
    let unanswered = post(&app, &admin, SUPPLIERS_TWO_FACTOR.pattern(), &[]).await;
    assert!(text_of(&unanswered.text().await.unwrap()).contains("Choose whether suppliers must use two-factor sign-in"));
    let saved = post(&app, &admin, SUPPLIERS_TWO_FACTOR.pattern(), &[("suppliers-two-factor", "yes")]).await;
    assert_eq!(location(&saved), "/team?suppliers-two-factor-saved");
    assert_eq!(audited(&app, "suppliers_two_factor_changed").await, 1);
    // The supplier's session goes on; its next sign-in sets two-factor up.
    assert_eq!(page(&app, &supplier, "/account").await.0, 200);
    let browser = app.browser();
    let response = post(&app, &browser, SIGN_IN.pattern(), &[("email", SUPPLIER_A), ("password", DEMO_PASSWORD)]).await;
    assert_eq!(location(&response), SET_UP_TWO_FACTOR.pattern());
}

/// Behind a trusted proxy, failed sign-ins count against the client it names, not the proxy,
/// and a client's own `X-Forwarded-For` entry is not believed.
async fn trusted_proxies_name_the_client(backend: Backend) {
    let behind_proxy = spawn_app_with(backend, &[("TRUSTED_PROXIES", "127.0.0.1/32, ::1".into())]).await;
    let direct = spawn_app(backend).await;
    for app in [&behind_proxy, &direct] {
        app.browser()
            .post(app.url(SIGN_IN.pattern()))
            .header("x-forwarded-for", "1.1.1.1, 198.51.100.7")
            .form(&[("email", "nobody@example.org"), ("password", "wrong")])
            .send()
            .await
            .unwrap();
    }
    let client_of = |app: &TestApp| {
        let db = app.db.clone();
        async move { login_failure::Entity::find().one(&db).await.unwrap().unwrap().client_ip }
    };
    assert_eq!(client_of(&behind_proxy).await, "198.51.100.7", "the rightmost address the proxy added");
    assert_eq!(client_of(&direct).await, "127.0.0.1", "without trusted proxies the header is ignored");
}

async fn every_response_denies_unused_features_and_https_adds_hsts(backend: Backend) {
    let plain = spawn_app(backend).await;
    let https = spawn_app_with(backend, &[("COOKIE_SECURE", "true".into())]).await;
    for path in ["/health", "/sign-in", "/no-such-page"] {
        let response = plain.get(path).await;
        let policy = response.headers()["permissions-policy"].to_str().unwrap();
        assert!(policy.contains("camera=()") && policy.contains("geolocation=()"), "{path}: {policy}");
        assert!(response.headers().get("strict-transport-security").is_none(), "{path} over plain HTTP");
        let secure = https.get(path).await;
        assert_eq!(secure.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains", "{path}");
    }
}

on_both_databases!(
    a_supplier_sets_up_two_factor_and_signs_in_with_it,
    an_officer_without_two_factor_sets_it_up_at_sign_in,
    a_recovery_code_works_once,
    a_code_is_accepted_once,
    wrong_codes_are_throttled_like_passwords,
    sessions_are_listed_and_ended_from_another,
    roles_change_and_an_organisation_keeps_an_administrator,
    two_administrators_demoting_each_other_leave_one,
    a_council_can_require_two_factor_of_suppliers,
    trusted_proxies_name_the_client,
    every_response_denies_unused_features_and_https_adds_hsts,
);

/// A deployment behind HTTPS without `TOTP_KEY` does not start (each process would make its own
/// key and none could read another's secrets).
#[tokio::test]
async fn a_missing_totp_key_behind_https_is_refused_at_start() {
    let config = server::Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some("sqlite::memory:".into()),
        "LISTEN_ADDR" => Some("127.0.0.1:0".into()),
        "COOKIE_SECURE" => Some("true".into()),
        _ => None,
    })
    .unwrap();
    let refused = server::Application::build(&config).await.err().expect("the server refuses to start");
    assert!(refused.to_string().contains("TOTP_KEY is not set"), "{refused}");
}
