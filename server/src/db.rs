//! Connecting to the database and bringing its schema up to date.

use std::path::Path;
use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use secrecy::{ExposeSecret, SecretString};

/// How long a writer waits for SQLite's write lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn connect(database_url: &SecretString) -> Result<DatabaseConnection, DbErr> {
    let url = database_url.expose_secret();
    if let Some(path) = sqlite_file_path(url) {
        if let Some(folder) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|e| DbErr::Custom(format!("cannot create the database folder {}: {e}", folder.display())))?;
        }
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite:") { 4 } else { 10 })
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // SQLite: readers never wait for the writer (WAL), and a writer waits its turn for the
        // lock rather than failing (every write transaction begins IMMEDIATE, see
        // `db::begin_write`).
        .map_sqlx_sqlite_opts(|sqlite| sqlite.journal_mode(SqliteJournalMode::Wal).busy_timeout(SQLITE_BUSY_TIMEOUT));
    Database::connect(options).await
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// The file path in `sqlite://path?…` or `sqlite:path`, or `None` for memory and other databases.
fn sqlite_file_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::sqlite_file_path;

    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(sqlite_file_path("sqlite://data/pb.sqlite?mode=rwc"), Some("data/pb.sqlite"));
        assert_eq!(sqlite_file_path("sqlite:///tmp/x.db"), Some("/tmp/x.db"));
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
        assert_eq!(sqlite_file_path("postgres://localhost/pb"), None);
    }
}
