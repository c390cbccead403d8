//! `pledgebook`: serve the portal, migrate the database, or load demo data.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use server::{db, startup, telemetry, Application, Config};
use services::{accounts, demo};

#[derive(Parser)]
#[command(name = "pledgebook", version, about = "Social value in public procurement")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve the portal (the default).
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Add the illustrative demo organisations and their sign-ins (safe to run again), then exit.
    /// Their password is DEMO_PASSWORD, by default "pledgebook demo only".
    SeedDemo,
    /// Create a council (if new) and its first council administrator. The password is read from
    /// PLEDGEBOOK_ADMIN_PASSWORD, or asked for at the terminal.
    CreateAdmin {
        #[arg(long)]
        council: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
    },
    /// Check the audit trail's hash chain from the first entry to the last.
    VerifyAudit,
}

/// Rendering a large page nests deeply; worker threads get room for it (tokio's default is 2 MiB).
const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

fn main() -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(WORKER_STACK_BYTES).build() {
        Ok(runtime) => runtime.block_on(async_main()),
        Err(error) => {
            eprintln!("pledgebook: could not start the async runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn async_main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("pledgebook: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config);
    match run(cli.command.unwrap_or(Command::Serve), config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "pledgebook stopped with an error");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            let application = Application::build(&config).await?;
            application.spawn_background_tasks(&config)?;
            tracing::info!("listening on http://{}", application.local_addr());
            application.run_until(startup::shutdown_signal()).await?;
        }
        Command::Migrate => {
            let connection = db::connect(&config.database_url).await?;
            db::migrate(&connection).await?;
            tracing::info!("database is up to date");
        }
        Command::SeedDemo => {
            let connection = db::connect(&config.database_url).await?;
            db::migrate(&connection).await?;
            let password = std::env::var("DEMO_PASSWORD").unwrap_or_else(|_| demo::DEFAULT_DEMO_PASSWORD.to_owned());
            let evidence = server::evidence::open_store(&config)?;
            let totp_key = server::totp_key::load(&config)?;
            let report = demo::seed(&connection, &password, &evidence, &totp_key).await?;
            tracing::info!(
                organisations_added = report.organisations_added,
                frameworks_published = report.frameworks_published,
                tenders_opened = report.tenders_opened,
                tenders_awarded = report.tenders_awarded,
                returns_submitted = report.returns_submitted,
                "demo data loaded"
            );
            // Written without panicking when the reader has gone (e.g. piped into `head`).
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "Demo sign-ins (password: DEMO_PASSWORD, by default \"{}\"):",
                demo::DEFAULT_DEMO_PASSWORD
            );
            for (email, who) in demo::DEMO_ACCOUNTS {
                let _ = writeln!(out, "  {email}  ({who})");
            }
            let _ = writeln!(
                out,
                "The council accounts sign in with two factors. Add this key to an authenticator app \
                 (demo only; never use it for real): {}",
                demo::DEMO_TOTP_SECRET
            );
        }
        Command::CreateAdmin { council, name, email } => {
            let password = match std::env::var("PLEDGEBOOK_ADMIN_PASSWORD") {
                Ok(password) => password,
                Err(_) => rpassword::prompt_password("Password for the new administrator: ")?,
            };
            let connection = db::connect(&config.database_url).await?;
            db::migrate(&connection).await?;
            match accounts::create_council_admin(&connection, &council, &name, &email, &password).await {
                Ok(user_id) => tracing::info!(user_id, "council administrator created"),
                Err(accounts::CreateAdminError::Invalid(errors)) => {
                    let problems: Vec<String> =
                        errors.0.into_iter().map(|e| format!("{}: {}", e.field_id, e.message)).collect();
                    anyhow::bail!("the administrator was not created: {}", problems.join("; "));
                }
                Err(accounts::CreateAdminError::Unexpected(error)) => return Err(error),
            }
        }
        Command::VerifyAudit => {
            let connection = db::connect(&config.database_url).await?;
            let report = services::audit::verify_chain(&connection).await?;
            let _ = writeln!(
                std::io::stdout(),
                "The audit trail is intact: {} entries, every link and hash checked.",
                report.entries
            );
        }
    }
    Ok(())
}
