//! `spawn_app`: the real server on port 0 against a fresh database, SQLite or PostgreSQL.

use std::path::PathBuf;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use secrecy::SecretString;
use server::{Application, Config};

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    _database: FreshDatabase,
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

pub async fn spawn_app(backend: Backend) -> TestApp {
    let database = FreshDatabase::create(backend).await;
    let url = database.url.clone();
    let config = Config::from_lookup(move |name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "LISTEN_ADDR" => Some("127.0.0.1:0".into()),
        "LOG_LEVEL" => Some(std::env::var("TEST_LOG").unwrap_or_else(|_| "error".into())),
        _ => None,
    })
    .expect("test configuration is valid");
    server::telemetry::init(&config);
    let application = Application::build(&config).await.expect("the server starts");
    let address = format!("http://{}", application.local_addr());
    let db = application.state().db.clone();
    tokio::spawn(application.run_until(std::future::pending()));
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client");
    TestApp { address, client, db, _database: database }
}

/// A database made for one test, removed when the test ends.
struct FreshDatabase {
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(PathBuf),
    PostgresDatabase { admin_url: String, name: String },
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
            .build()
            .expect("a client")
    }
}
