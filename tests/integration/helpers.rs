//! What the integration tests share: `spawn_app` (the real server on port 0 against a fresh
//! database, SQLite or PostgreSQL), `on_both_databases!`, and the builders and readers the
//! journeys' tests have in common: demo data, signed-in browsers and service sessions, offers
//! started and submitted through the forms, and small readers of the pages' HTML.

use std::path::PathBuf;

use app::journeys::accounts::paths as account_paths;
use app::journeys::offers::{fields as offer_fields, paths as offer_paths};
use chrono::{Datelike, Duration, Utc};
use db::{
    app_user, commitment, contract, contract_officer, evaluator, evidence_file, framework_measure, framework_version,
    line_exclusion, line_review, moderated_mark, offer, offer_item, offer_submission, quarterly_return, return_line,
    tender, tender_measure,
};
use domain::accounts::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use secrecy::SecretString;
use server::{Application, Config};
use services::accounts::{self, SignInError, SignedIn, SupplierRegistration, ThrottlePolicy};
use services::demo::{self, DEMO_ACCOUNTS, DEMO_COUNCIL_NAME, DEMO_TENDER_REFERENCE};
use services::sessions::{self, ActiveSession, Resolved, SessionPolicy, Stage};
use services::totp as two_factor_crypto;
use services::two_factor;

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    /// The server's evidence store (a fresh folder, or the S3 bucket the test gave).
    pub evidence: services::evidence::EvidenceStore,
    /// The local evidence folder (unused when the test gave an S3 store).
    pub evidence_dir: PathBuf,
    /// The database it serves, for a second server on the same database.
    pub database_url: String,
    /// The key that seals authenticator secrets (`TEST_TOTP_KEY` unless the test gave another).
    pub totp_key: services::totp::TotpKey,
    /// The server's whole state (its connection, asset names, published frameworks' store…).
    pub state: app::server::AppState,
    _database: FreshDatabase,
    _evidence: FreshFolder,
}

/// A folder made for one test, removed when the test ends.
struct FreshFolder(PathBuf);

impl Drop for FreshFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("the server answers")
    }

    pub async fn get_html(&self, path: &str) -> (reqwest::StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        (status, response.text().await.expect("a text body"))
    }
}

/// The tests' `TOTP_KEY` (32 bytes of 7s), so that no test writes a generated key anywhere.
pub const TEST_TOTP_KEY: &str = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";

/// A request the server has not answered by then fails the test, rather than hanging the run.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// The setting that also starts the server's background tasks (the mailer, reminders, the
/// evidence sweep), which tests otherwise leave off: a test helper's own, not the server's.
pub const BACKGROUND_TASKS: &str = "TEST_BACKGROUND_TASKS";

/// The server with more settings, e.g. an S3 evidence store or another size limit.
pub async fn spawn_app_with(backend: Backend, settings: &[(&str, String)]) -> TestApp {
    let database = FreshDatabase::create(backend).await;
    spawn_on(database, settings).await
}

/// A second server on `first`'s database (its own pool and, if asked, its own background
/// tasks), as a second process of a deployment would be.
pub async fn spawn_another_server(first: &TestApp, settings: &[(&str, String)]) -> TestApp {
    let database = FreshDatabase { url: first.database_url.clone(), cleanup: Cleanup::Nothing };
    spawn_on(database, settings).await
}

/// Every page of the app's route list: its pattern (`/tenders/{id}`), and its path with each
/// `{param}` filled in by `value_of(pattern, param)`.
pub fn page_paths(value_of: impl Fn(&str, &str) -> String) -> Vec<(String, String)> {
    leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|route| {
            let pattern = route.path();
            let mut path = String::new();
            let mut rest = pattern;
            while let Some(start) = rest.find('{') {
                let end = start + rest[start..].find('}').expect("a closed {param}");
                path.push_str(&rest[..start]);
                path.push_str(&value_of(pattern, &rest[start + 1..end]));
                rest = &rest[end + 1..];
            }
            path.push_str(rest);
            (pattern.to_owned(), path)
        })
        .collect()
}

/// The site cargo-leptos built (`target/site` in the project).
pub fn site_root() -> String {
    format!("{}/../target/site", env!("CARGO_MANIFEST_DIR"))
}

/// The build's hash file, which cargo-leptos writes beside the server's executable: the test
/// binary runs from `deps` below that folder.
fn asset_hash_file() -> String {
    let exe = std::env::current_exe().expect("the test binary has a path");
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).expect("the test binary is in <profile>/deps");
    profile_dir.join("hash.txt").display().to_string()
}

async fn spawn_on(database: FreshDatabase, settings: &[(&str, String)]) -> TestApp {
    let url = database.url.clone();
    let evidence_dir = std::env::temp_dir().join(format!("pledgebook-evidence-{}", uuid::Uuid::new_v4().simple()));
    let folder = evidence_dir.display().to_string();
    let background = settings.iter().any(|(n, v)| *n == BACKGROUND_TASKS && v == "on");
    let settings: Vec<(String, String)> = settings.iter().map(|(n, v)| ((*n).to_owned(), v.clone())).collect();
    let config = Config::from_lookup(move |name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "LISTEN_ADDR" => Some("127.0.0.1:0".into()),
        "LOG_LEVEL" => Some(std::env::var("TEST_LOG").unwrap_or_else(|_| "error".into())),
        "EVIDENCE_DIR" => Some(folder.clone()),
        "SITE_ROOT" => Some(site_root()),
        "ASSET_HASH_FILE" => Some(asset_hash_file()),
        other => settings
            .iter()
            .find(|(n, _)| n == other)
            .map(|(_, v)| v.clone())
            .or_else(|| (other == "TOTP_KEY").then(|| TEST_TOTP_KEY.to_owned())),
    })
    .expect("test configuration is valid");
    server::telemetry::init(&config);
    let application = Application::build(&config).await.expect("the server starts");
    if background {
        application.spawn_background_tasks(&config).expect("the background tasks start");
    }
    let address = format!("http://{}", application.local_addr());
    let db = application.state().db.clone();
    let evidence = application.state().evidence.clone();
    let totp_key = application.state().security.totp_key.clone();
    let state = application.state().clone();
    tokio::spawn(application.run_until(std::future::pending()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .build()
        .expect("a client");
    TestApp {
        address,
        client,
        db,
        evidence,
        evidence_dir: evidence_dir.clone(),
        database_url: database.url.clone(),
        totp_key,
        state,
        _database: database,
        _evidence: FreshFolder(evidence_dir),
    }
}

/// A database made for one test, removed when the test ends.
struct FreshDatabase {
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    /// Another server's database: that server's test removes it.
    Nothing,
    SqliteFile(PathBuf),
    PostgresDatabase {
        admin_url: String,
        name: String,
    },
}

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

impl FreshDatabase {
    async fn create(backend: Backend) -> FreshDatabase {
        let unique = uuid::Uuid::new_v4().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("pledgebook-test-{unique}.sqlite"));
                FreshDatabase {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    cleanup: Cleanup::SqliteFile(path),
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("pledgebook_test_{unique}");
                let admin = Database::connect(&admin_url)
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL must run for these tests ({admin_url}): {e}"));
                admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create a test database");
                let _ = admin.close().await;
                let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
                FreshDatabase { url: format!("{base}/{name}"), cleanup: Cleanup::PostgresDatabase { admin_url, name } }
            }
        }
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Nothing => {}
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // The test's runtime is ending: drop the database from a runtime of our own.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                    runtime.block_on(async {
                        let admin = Database::connect(&admin_url).await.ok()?;
                        admin
                            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                            .await
                            .ok()?;
                        admin.close().await.ok()
                    })
                })
                .join();
            }
        }
    }
}

#[allow(dead_code)]
pub fn secret(value: &str) -> SecretString {
    SecretString::from(value.to_owned())
}

/// Runs an async test once against SQLite and once against PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
                #[tokio::test]
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        )*
    };
}

impl TestApp {
    /// A browser-like client: it keeps cookies and sends this site's Origin on every request.
    pub fn browser(&self) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("origin", self.address.parse().expect("a valid origin"));
        reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .build()
            .expect("a client")
    }
}

// ---- Accounts -------------------------------------------------------------------------------

/// The password of the accounts the tests register themselves.
pub const PASSWORD: &str = "a perfectly long passphrase";
/// The demo accounts' password (`demo::seed`).
pub const DEMO_PASSWORD: &str = demo::DEFAULT_DEMO_PASSWORD;
pub const COUNCIL_ADMIN: &str = DEMO_ACCOUNTS[0].0;
pub const SUPPLIER_A: &str = DEMO_ACCOUNTS[1].0;
pub const SUPPLIER_B: &str = DEMO_ACCOUNTS[2].0;
/// The council officer `council_officer` makes in the demo council.
pub const COUNCIL_OFFICER: &str = "olive@demo-council.example";
/// The administrator of the council `other_council_admin` makes.
pub const OTHER_COUNCIL_ADMIN: &str = "otto@other.example";

/// A supplier's registration, as the service takes it, with `PASSWORD`.
pub fn registration(email: &str) -> SupplierRegistration {
    SupplierRegistration {
        organisation_name: "Acme Cleaning Ltd".into(),
        companies_house_number: "01234567".into(),
        postcode: "cm1 1aa".into(),
        is_sme: true,
        is_vcse: false,
        full_name: "Sam Supplier".into(),
        email: email.into(),
        password: PASSWORD.into(),
    }
}

/// Signs in through the service, as from one address with the default policies; an account
/// with two-factor (the demo council's) gives the demo app's code next, as its person would.
pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> Result<SignedIn, SignInError> {
    let first = accounts::sign_in(
        &app.db,
        email,
        password.into(),
        "203.0.113.9",
        None,
        ThrottlePolicy::default(),
        SessionPolicy::default(),
    )
    .await?;
    if first.stage != Stage::AwaitingCode {
        return Ok(first);
    }
    let Some(Resolved::Pending(pending)) =
        sessions::resolve(&app.db, &first.token, SessionPolicy::default(), Utc::now()).await.unwrap()
    else {
        panic!("{email}'s sign-in waits for a code");
    };
    forget_last_code(app, email).await;
    two_factor::sign_in_with_code(
        &app.db,
        &app.totp_key,
        &pending,
        &demo_code_now(),
        "203.0.113.9",
        ThrottlePolicy::default(),
        SessionPolicy::default(),
    )
    .await
}

/// The code the demo accounts' authenticator app shows now.
pub fn demo_code_now() -> String {
    let secret = two_factor_crypto::secret_from_base32(demo::DEMO_TOTP_SECRET).expect("the demo secret is base32");
    two_factor_crypto::code_at(&secret, Utc::now().timestamp() as u64)
}

/// Lets `email` sign in again with the code of now, as if the next 30 seconds had come: the
/// tests sign the same person in many times a minute, and a code is accepted only once.
/// (tests/integration/two_factor.rs proves that refusal with the real clock.)
pub async fn forget_last_code(app: &TestApp, email: &str) {
    app_user::Entity::update_many()
        .col_expr(app_user::Column::TotpLastStep, sea_orm::sea_query::Expr::value(Option::<i64>::None))
        .filter(app_user::Column::Email.eq(email))
        .exec(&app.db)
        .await
        .unwrap();
}

/// Gives `user_id` the demo accounts' authenticator key, already set up.
pub async fn give_demo_two_factor(app: &TestApp, user_id: i64) {
    let secret = two_factor_crypto::secret_from_base32(demo::DEMO_TOTP_SECRET).unwrap();
    two_factor::enable_with_secret(&app.db, &app.totp_key, user_id, &secret).await.unwrap();
}

/// The live, signed-in session a token stands for, if any.
pub async fn session_of(app: &TestApp, token: &str) -> Option<ActiveSession> {
    sessions::resolve(&app.db, token, SessionPolicy::default(), Utc::now()).await.unwrap().and_then(Resolved::signed_in)
}

/// The organisation the user `email` belongs to.
pub async fn organisation_of(app: &TestApp, email: &str) -> i64 {
    let user = app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(&app.db).await.unwrap();
    user.unwrap_or_else(|| panic!("the user {email}")).organisation_id
}

pub async fn app_user_id(app: &TestApp, email: &str) -> i64 {
    app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("the user {email}"))
        .id
}

/// A session of a demo account, for calling services directly.
pub async fn demo_session(app: &TestApp, email: &str) -> ActiveSession {
    let signed_in = sign_in(app, email, DEMO_PASSWORD).await.unwrap_or_else(|e| panic!("{email} signs in: {e:?}"));
    session_of(app, &signed_in.token).await.expect("a live session")
}

// ---- Demo data and browsers -------------------------------------------------------------------

/// A server with the demo data: a council, two suppliers, a published framework, an open tender.
pub async fn seeded(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    demo::seed(&app.db, DEMO_PASSWORD, &app.evidence, &app.totp_key).await.unwrap();
    app
}

/// A browser signed in as `email` (a demo account, or one made with `DEMO_PASSWORD`), through
/// the forms: the password, then (for two-factor accounts) the demo app's code.
pub async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let browser = app.browser();
    let response = browser
        .post(app.url(account_paths::SIGN_IN.pattern()))
        .form(&[("email", email), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{email} signs in");
    if location(&response) == account_paths::SIGN_IN_CODE.pattern() {
        forget_last_code(app, email).await;
        let code = demo_code_now();
        let response = browser
            .post(app.url(account_paths::SIGN_IN_CODE.pattern()))
            .form(&[("code", code.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{email} gives the code");
        assert_eq!(location(&response), "/");
    }
    browser
}

pub async fn council_admin(app: &TestApp) -> reqwest::Client {
    signed_in(app, COUNCIL_ADMIN).await
}

/// A council officer of the demo council (staff, not an administrator), signed in.
pub async fn council_officer(app: &TestApp) -> reqwest::Client {
    let id =
        accounts::create_council_admin(&app.db, DEMO_COUNCIL_NAME, "Olive Officer", COUNCIL_OFFICER, DEMO_PASSWORD)
            .await
            .unwrap();
    app_user::ActiveModel { id: Set(id), role: Set(Role::CouncilOfficer.as_str().into()), ..Default::default() }
        .update(&app.db)
        .await
        .unwrap();
    give_demo_two_factor(app, id).await;
    signed_in(app, COUNCIL_OFFICER).await
}

/// Another council with its own administrator, `OTHER_COUNCIL_ADMIN`, signed in.
pub async fn other_council_admin(app: &TestApp) -> reqwest::Client {
    let id = accounts::create_council_admin(
        &app.db,
        "Other Borough Council",
        "Otto Other",
        OTHER_COUNCIL_ADMIN,
        DEMO_PASSWORD,
    )
    .await
    .unwrap();
    give_demo_two_factor(app, id).await;
    signed_in(app, OTHER_COUNCIL_ADMIN).await
}

/// A new supplier organisation, registered through the form; the browser is signed in.
pub async fn registered_supplier(app: &TestApp, organisation: &str, email: &str) -> reqwest::Client {
    let browser = app.browser();
    let response = browser
        .post(app.url(account_paths::REGISTER.pattern()))
        .form(&[
            ("organisation-name", organisation),
            ("companies-house-number", "07654321"),
            ("postcode", "CM3 4AB"),
            ("is-sme", "yes"),
            ("full-name", "Third Bidder"),
            ("email", email),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{organisation} registers");
    browser
}

pub async fn published_version_id(app: &TestApp) -> i64 {
    framework_version::Entity::find()
        .filter(framework_version::Column::Status.eq("published"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo framework is published")
        .id
}

// ---- Tenders ----------------------------------------------------------------------------------

/// Form fields as a browser sends them, in order.
pub type Fields = Vec<(String, String)>;

pub fn fields(pairs: &[(&str, &str)]) -> Fields {
    pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

/// A tender's terms as the question page sends them, closing in 60 days.
pub fn tender_form(reference: &str, title: &str, version_id: i64) -> Fields {
    let deadline = (Utc::now() + Duration::days(60)).date_naive();
    fields(&[
        ("reference", reference),
        ("title", title),
        ("description", "Cleaning and caretaking of the county's libraries"),
        ("contract-value", "750,000"),
        ("duration-years", "2"),
        ("start-date-day", "1"),
        ("start-date-month", "4"),
        ("start-date-year", &(deadline.year() + 1).to_string()),
        ("deadline-day", &deadline.day().to_string()),
        ("deadline-month", &deadline.month().to_string()),
        ("deadline-year", &deadline.year().to_string()),
        ("deadline-time", "5pm"),
        ("framework-version", &version_id.to_string()),
        ("target-ratio", "0.3"),
        ("sv-weighting", "15"),
        ("quantitative-share", "60"),
        ("scoring-method", "best_relative"),
    ])
}

pub async fn demo_tender(app: &TestApp) -> tender::Model {
    tender_by_reference(app, DEMO_TENDER_REFERENCE).await
}

/// The awarded demo tender: three offers with two written answers each, marked, moderated, one
/// line excluded, awarded to the top-ranked offer, its contract begun four months ago.
pub async fn awarded_demo_tender(app: &TestApp) -> tender::Model {
    tender_by_reference(app, demo::CLOSED_TENDER_REFERENCE).await
}

/// The awarded demo tender taken back to where the markers left it: closed, marked by both
/// demo markers (submitted), nothing moderated or excluded, no contract. (The demo goes on to
/// moderate and award it; the evaluation tests begin before that.)
pub async fn closed_demo_tender(app: &TestApp) -> tender::Model {
    let row = awarded_demo_tender(app).await;
    let db = &app.db;
    for c in contract::Entity::find().filter(contract::Column::TenderId.eq(row.id)).all(db).await.unwrap() {
        // The demo's quarterly return goes first: its rows refer to the contract.
        let returns: Vec<i64> = quarterly_return::Entity::find()
            .filter(quarterly_return::Column::ContractId.eq(c.id))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        evidence_file::Entity::delete_many().filter(evidence_file::Column::ContractId.eq(c.id)).exec(db).await.unwrap();
        line_review::Entity::delete_many()
            .filter(line_review::Column::ReturnId.is_in(returns.clone()))
            .exec(db)
            .await
            .unwrap();
        return_line::Entity::delete_many().filter(return_line::Column::ReturnId.is_in(returns)).exec(db).await.unwrap();
        quarterly_return::Entity::delete_many()
            .filter(quarterly_return::Column::ContractId.eq(c.id))
            .exec(db)
            .await
            .unwrap();
        commitment::Entity::delete_many().filter(commitment::Column::ContractId.eq(c.id)).exec(db).await.unwrap();
        contract_officer::Entity::delete_many()
            .filter(contract_officer::Column::ContractId.eq(c.id))
            .exec(db)
            .await
            .unwrap();
        contract::Entity::delete_by_id(c.id).exec(db).await.unwrap();
    }
    moderated_mark::Entity::delete_many().filter(moderated_mark::Column::TenderId.eq(row.id)).exec(db).await.unwrap();
    line_exclusion::Entity::delete_many().filter(line_exclusion::Column::TenderId.eq(row.id)).exec(db).await.unwrap();
    evaluator::Entity::delete_many()
        .filter(evaluator::Column::TenderId.eq(row.id))
        .filter(evaluator::Column::Role.eq("moderator"))
        .exec(db)
        .await
        .unwrap();
    tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(row.id),
        status: Set("open".into()),
        awarded_at: Set(None),
        awarded_offer_id: Set(None),
        ..Default::default()
    }
    .update(db)
    .await
    .unwrap();
    reload_tender(app, row.id).await
}

async fn tender_by_reference(app: &TestApp, reference: &str) -> tender::Model {
    tender::Entity::find()
        .filter(tender::Column::Reference.eq(reference))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("the tender {reference}"))
}

pub async fn reload_tender(app: &TestApp, id: i64) -> tender::Model {
    tender::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

/// Moves the tender's deadline to a minute ago (its offers lock, and it closes).
pub async fn pass_the_deadline(app: &TestApp, tender_id: i64) {
    tender::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(tender_id),
        deadline: Set(Utc::now() - Duration::minutes(1)),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
}

/// The measure with `code` in the tender's framework version.
pub async fn measure(app: &TestApp, tender: &tender::Model, code: &str) -> framework_measure::Model {
    framework_measure::Entity::find()
        .filter(framework_measure::Column::VersionId.eq(tender.framework_version_id))
        .filter(framework_measure::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("measure {code}"))
}

pub async fn chosen_measure_ids(app: &TestApp, tender_id: i64) -> Vec<i64> {
    let mut ids: Vec<i64> = tender_measure::Entity::find()
        .filter(tender_measure::Column::TenderId.eq(tender_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.measure_id)
        .collect();
    ids.sort();
    ids
}

/// The measure, checked to be chosen for the tender (or not), so a test's premise is explicit.
pub async fn measure_in(app: &TestApp, tender: &tender::Model, code: &str, chosen: bool) -> framework_measure::Model {
    let found = measure(app, tender, code).await;
    assert_eq!(
        chosen_measure_ids(app, tender.id).await.contains(&found.id),
        chosen,
        "{code} chosen for {}: expected {chosen}",
        tender.reference
    );
    found
}

// ---- Offers, through the forms ------------------------------------------------------------

/// A quantity for year 1 of `measure` and a delivery plan: the least an offer needs to submit.
pub fn one_line(measure: &framework_measure::Model, quantity: &str, plan: &str) -> Fields {
    vec![(format!("q-{}-1", measure.id), quantity.into()), (format!("plan-{}", measure.id), plan.into())]
}

/// Starts (or finds) the signed-in supplier's offer for a tender; returns its id.
pub async fn start_offer(app: &TestApp, browser: &reqwest::Client, tender_id: i64) -> i64 {
    let response = browser.post(app.url(&offer_paths::START.id(tender_id))).send().await.unwrap();
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let to = location(&response);
    to.strip_prefix("/offers/").and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("an offer's page: {to}"))
}

/// Posts the builder's form with its Save button.
pub async fn save(app: &TestApp, browser: &reqwest::Client, offer_id: i64, form: &Fields) -> reqwest::Response {
    let mut form = form.clone();
    form.push((offer_fields::ACTION.into(), offer_fields::ACTION_SAVE.into()));
    browser.post(app.url(&offer_paths::OFFER.id(offer_id))).form(&form).send().await.unwrap()
}

pub async fn save_ok(app: &TestApp, browser: &reqwest::Client, offer_id: i64, form: &Fields) {
    let response = save(app, browser, offer_id, form).await;
    assert_eq!(response.status(), 303, "saved: {}", response.text().await.unwrap());
    assert_eq!(location(&response), format!("/offers/{offer_id}?saved"));
}

/// The check page's submit button, with the attestation ticked.
pub fn submit_request(app: &TestApp, browser: &reqwest::Client, offer_id: i64) -> reqwest::RequestBuilder {
    browser.post(app.url(&offer_paths::SUBMIT.id(offer_id))).form(&[(offer_fields::ATTESTATION, offer_fields::YES)])
}

pub async fn submit(app: &TestApp, browser: &reqwest::Client, offer_id: i64) -> reqwest::Response {
    submit_request(app, browser, offer_id).send().await.unwrap()
}

/// Submits with the attestation; returns the submission's id from the receipt's address.
pub async fn submit_ok(app: &TestApp, browser: &reqwest::Client, offer_id: i64) -> i64 {
    let response = submit(app, browser, offer_id).await;
    assert_eq!(response.status(), 303, "submitted: {}", response.text().await.unwrap());
    let to = location(&response);
    to.strip_prefix(&format!("/offers/{offer_id}/submissions/"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("the receipt: {to}"))
}

pub async fn items_of(app: &TestApp, offer_id: i64) -> Vec<offer_item::Model> {
    offer_item::Entity::find()
        .filter(offer_item::Column::OfferId.eq(offer_id))
        .order_by_asc(offer_item::Column::MeasureId)
        .all(&app.db)
        .await
        .unwrap()
}

pub async fn submissions_of(app: &TestApp, offer_id: i64) -> Vec<offer_submission::Model> {
    offer_submission::Entity::find()
        .filter(offer_submission::Column::OfferId.eq(offer_id))
        .order_by_asc(offer_submission::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

pub async fn offer_row(app: &TestApp, offer_id: i64) -> offer::Model {
    offer::Entity::find_by_id(offer_id).one(&app.db).await.unwrap().unwrap()
}

// ---- Reading answers ------------------------------------------------------------------------

/// The `Location` of a redirect, or "".
/// Where a signed-out GET of `path` is sent: the sign-in page, which comes back to `path`.
/// (The paths tested hold only letters, digits, hyphens, dots and `/?=&`.)
pub fn sign_in_from(path: &str) -> String {
    let encoded = path.replace('/', "%2F").replace('?', "%3F").replace('=', "%3D").replace('&', "%26");
    format!("/sign-in?return_to={encoded}")
}

pub fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default()
}

/// HTML with the entities Leptos escapes put back, so that messages can be searched as written.
pub fn unescape(html: &str) -> String {
    html.replace("&quot;", "\"").replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&")
}

/// A page as `browser` gets it: its status and its HTML, unescaped.
pub async fn page(app: &TestApp, browser: &reqwest::Client, path: &str) -> (u16, String) {
    let response = browser.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, unescape(&response.text().await.unwrap()))
}

/// Text without tags or comments, spaces collapsed.
pub fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `value` attribute of the `<input>` whose id is `field`.
pub fn input_value(html: &str, field: &str) -> Option<String> {
    let id = format!("id=\"{field}\"");
    html.split("<input").skip(1).map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())]).find_map(|tag| {
        if !tag.contains(&id) {
            return None;
        }
        let start = tag.find(" value=\"")? + " value=\"".len();
        Some(tag[start..start + tag[start..].find('"')?].to_owned())
    })
}
