//! `fayuan`: serve a court online, and the operator's tools.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use fayuan::cli;
use fayuan::config::{Overrides, Settings};
use fayuan_domain::accounts::AccountStatus;

/// fayuan — 人民法院在线服务.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Configuration file (default ./fayuan.toml).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// Where the data is.
#[derive(Args, Clone, Default)]
struct Location {
    /// Data directory (SQLite database and files).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Database URL (sqlite://… or postgres://…); overrides the data directory's database.
    #[arg(long)]
    database: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the court over HTTP.
    Serve {
        /// Seed a demo court with accounts for every role (loopback only).
        #[arg(long)]
        demo: bool,
        /// Address to listen on.
        #[arg(long)]
        bind: Option<String>,
        #[command(flatten)]
        location: Location,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[command(flatten)]
        location: Location,
    },
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The evidence ledger: offline verification of hashes, proofs, checkpoints and receipts
    /// (exit 0 valid, 1 invalid, 2 usage error), and the audit of a court's stored log.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Dossier files: consistency of database and blob store.
    Blobs {
        #[command(subcommand)]
        command: BlobsCommand,
    },
    /// Back up the installation into a new or empty directory: a consistent snapshot of the
    /// SQLite database (safe while serving; for PostgreSQL, the pg_dump commands), the blob
    /// files and the ledger keys, with MANIFEST.json of every file's digests.
    Backup {
        /// The backup directory (new or empty).
        #[arg(long)]
        to: PathBuf,
        #[command(flatten)]
        location: Location,
    },
    /// Restore a backup into the configured data directory, with the server stopped; every
    /// file is checked against the manifest before anything is replaced.
    Restore {
        /// The backup directory.
        #[arg(long)]
        from: PathBuf,
        /// Replace an existing database, blob files and ledger keys.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        location: Location,
    },
    /// Staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Configuration.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Demo helpers.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// A judgment as the public may read it (法释〔2016〕19号): prints the masked text (exit 0),
    /// or the refusal with its article and the art. 6 stub (exit 3).
    Mask {
        /// The case's record (CASE.json: case_number, case_type, cause, document, closure,
        /// people …).
        #[arg(long)]
        case: PathBuf,
        /// The document's text.
        document: PathBuf,
    },
    /// The judgment search index.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Legal calculators.
    Calc {
        #[command(subcommand)]
        command: CalcCommand,
    },
    /// Case numbers (案号).
    CaseNumber {
        #[command(subcommand)]
        command: CaseNumberCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify the hash chain; exit 0 when intact, 1 naming the first broken event otherwise.
    Verify {
        #[command(flatten)]
        location: Location,
    },
}

#[derive(Subcommand)]
enum SearchCommand {
    /// Rebuild the index from the database (with the server stopped: it holds the index).
    Reindex {
        #[command(flatten)]
        location: Location,
    },
}

#[derive(Subcommand)]
enum BlobsCommand {
    /// Check that every recorded blob exists; exit 1 naming the missing ones otherwise.
    Check {
        #[command(flatten)]
        location: Location,
    },
    /// Remove objects no row records, older than the grace period.
    Sweep {
        /// Grace period in seconds (uploads in flight are younger).
        #[arg(long, default_value_t = 3600)]
        grace_secs: i64,
        #[command(flatten)]
        location: Location,
    },
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Print the RFC 6962 leaf hash (hex) of hex-encoded data.
    LeafHash {
        /// sha256 or sm3.
        #[arg(long, default_value = "sha256")]
        alg: String,
        /// The leaf data, hex.
        #[arg(long)]
        hex: String,
    },
    /// Verify an inclusion proof (RFC 9162 §2.1.3.2).
    VerifyInclusion {
        /// sha256 or sm3.
        #[arg(long, default_value = "sha256")]
        alg: String,
        /// Leaf hash, hex.
        #[arg(long)]
        leaf_hash: String,
        /// Leaf index.
        #[arg(long)]
        index: u64,
        /// Tree size.
        #[arg(long)]
        size: u64,
        /// Root hash, hex.
        #[arg(long)]
        root: String,
        /// Proof hashes, hex, comma-separated.
        #[arg(long)]
        proof: Option<String>,
    },
    /// Verify a consistency proof (RFC 9162 §2.1.4.2).
    VerifyConsistency {
        /// sha256 or sm3.
        #[arg(long, default_value = "sha256")]
        alg: String,
        /// Older tree size.
        #[arg(long)]
        size1: u64,
        /// Newer tree size.
        #[arg(long)]
        size2: u64,
        /// Older root, hex.
        #[arg(long)]
        root1: String,
        /// Newer root, hex.
        #[arg(long)]
        root2: String,
        /// Proof hashes, hex, comma-separated.
        #[arg(long)]
        proof: Option<String>,
    },
    /// Verify a C2SP signed note (a checkpoint) with verifier keys.
    VerifyNote {
        /// Verifier key `name+hexid+base64` (repeatable).
        #[arg(long, required = true)]
        vkey: Vec<String>,
        /// The note file.
        file: PathBuf,
    },
    /// Verify a receipt file (存证回执) offline.
    VerifyReceipt {
        /// The receipt (JSON).
        file: PathBuf,
        /// The deposited file: check it is exactly what was deposited.
        #[arg(long)]
        material: Option<PathBuf>,
        /// A checkpoint you trust (from the court or a witness); needs --vkey.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        /// Verifier keys you trust (repeatable); default: the keys inside the receipt.
        #[arg(long)]
        vkey: Vec<String>,
    },
    /// Recompute the court's whole tree from its stored leaves and check every checkpoint.
    Audit {
        #[command(flatten)]
        location: Location,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a staff account; prints its TOTP secret once.
    Add {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Full name.
        #[arg(long)]
        name: String,
        /// Court code (法院代字) of the court.
        #[arg(long)]
        court: String,
        /// Roles, comma-separated (judge, clerk, admin, …).
        #[arg(long)]
        roles: String,
        /// Initial password (or FAYUAN_NEW_PASSWORD).
        #[arg(long, env = "FAYUAN_NEW_PASSWORD")]
        password: String,
        /// Phone, for password reset.
        #[arg(long)]
        phone: Option<String>,
        #[command(flatten)]
        location: Location,
    },
    /// List staff accounts.
    List {
        #[command(flatten)]
        location: Location,
    },
    /// Disable a staff account (ends its sessions).
    Disable {
        /// Username.
        login: String,
        #[command(flatten)]
        location: Location,
    },
    /// Re-enable a staff account.
    Enable {
        /// Username.
        login: String,
        #[command(flatten)]
        location: Location,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print an example fayuan.toml.
    Example,
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Print the current TOTP code of a demo staff account.
    Totp {
        /// Username.
        login: String,
        #[command(flatten)]
        location: Location,
    },
}

#[derive(Subcommand)]
enum CalcCommand {
    /// Litigation fee (诉讼费用交纳办法).
    Fee {
        /// Kind: property, divorce, personality, other-nonproperty, ip, labor, administrative,
        /// administrative-special, jurisdiction-objection, execution, preservation, payment-order,
        /// public-notice, arbitration, bankruptcy.
        #[arg(long)]
        kind: String,
        /// Amount in yuan (claim, property, damages, estate …).
        #[arg(long)]
        amount: Option<String>,
        /// `summary` for simple procedure (halved).
        #[arg(long)]
        procedure: Option<String>,
        /// `mediation` or `withdrawal` (halved, only once).
        #[arg(long)]
        closure: Option<String>,
    },
    /// Last day of a period (期间).
    Period {
        /// Start date, YYYY-MM-DD (not counted).
        #[arg(long)]
        from: String,
        /// Length in days.
        #[arg(long, conflicts_with = "months")]
        days: Option<u32>,
        /// Length in months.
        #[arg(long)]
        months: Option<u32>,
        /// Custody period: does not roll over holidays (刑事诉讼法 art. 105).
        #[arg(long)]
        custody: bool,
    },
}

#[derive(Subcommand)]
enum CaseNumberCommand {
    /// Parse a case number and print it as JSON.
    Parse {
        /// The case number, e.g. （2026）京0105民初12号.
        text: String,
    },
}

fn settings(
    config: Option<&PathBuf>,
    location: Location,
    bind: Option<String>,
) -> anyhow::Result<Settings> {
    let overrides = Overrides {
        bind,
        data_dir: location.data_dir,
        database_url: location.database,
    };
    Ok(Settings::load(config.map(PathBuf::as_path), &overrides)?)
}

fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("FAYUAN_LOG")
        .unwrap_or_else(|_| "info,sqlx=warn".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if settings.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn print_lines(result: Result<Vec<String>, cli::calc::CalcError>) -> ExitCode {
    match result {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// Prints a verdict: exit 0 with the lines when valid, 1 with the reason when invalid.
fn print_verdict(verdict: cli::ledger::Verdict) -> ExitCode {
    match verdict {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(reason) => {
            eprintln!("{reason}");
            ExitCode::FAILURE
        }
    }
}

async fn ledger(config: Option<&PathBuf>, command: LedgerCommand) -> anyhow::Result<ExitCode> {
    let outcome = if let LedgerCommand::Audit { location } = command {
        cli::ledger::audit(&settings(config, location, None)?).await?
    } else {
        verify_offline(command)
    };
    Ok(match outcome {
        Ok(verdict) => print_verdict(verdict),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    })
}

/// The verifications that need nothing but their arguments.
fn verify_offline(command: LedgerCommand) -> Result<cli::ledger::Verdict, cli::ledger::UsageError> {
    use cli::ledger as l;
    match command {
        LedgerCommand::LeafHash { alg, hex } => Ok(Ok(vec![l::leaf_hash(l::alg(&alg)?, &hex)?])),
        LedgerCommand::VerifyInclusion {
            alg,
            leaf_hash,
            index,
            size,
            root,
            proof,
        } => Ok(l::inclusion(
            l::alg(&alg)?,
            &l::hash(&leaf_hash)?,
            index,
            size,
            &l::hash(&root)?,
            &l::proof(proof.as_deref())?,
        )),
        LedgerCommand::VerifyConsistency {
            alg,
            size1,
            size2,
            root1,
            root2,
            proof,
        } => Ok(l::consistency(
            l::alg(&alg)?,
            (size1, &l::hash(&root1)?),
            (size2, &l::hash(&root2)?),
            &l::proof(proof.as_deref())?,
        )),
        LedgerCommand::VerifyNote { vkey, file } => l::note(&vkey, &file),
        LedgerCommand::VerifyReceipt {
            file,
            material,
            checkpoint,
            vkey,
        } => l::receipt(&file, &vkey, material.as_deref(), checkpoint.as_deref()),
        LedgerCommand::Audit { .. } => Err(l::usage("audit reads a court's database")),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = cli.config.as_ref();
    match cli.command {
        Command::Serve {
            demo,
            bind,
            location,
        } => {
            let s = settings(config, location, bind)?;
            init_logging(&s);
            cli::serve::run(&s, demo).await?;
        }
        Command::Migrate { location } => {
            let s = settings(config, location, None)?;
            fayuan::wiring::open_store(&s).await?;
            println!("migrations applied");
        }
        Command::Audit {
            command: AuditCommand::Verify { location },
        } => {
            let s = settings(config, location, None)?;
            if !cli::audit::verify(&s).await? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Ledger { command } => return ledger(config, command).await,
        Command::Blobs { command } => match command {
            BlobsCommand::Check { location } => {
                let s = settings(config, location, None)?;
                if !cli::blobs::check(&s).await? {
                    return Ok(ExitCode::FAILURE);
                }
            }
            BlobsCommand::Sweep {
                grace_secs,
                location,
            } => {
                let s = settings(config, location, None)?;
                cli::blobs::sweep(&s, grace_secs).await?;
            }
        },
        Command::Backup { to, location } => {
            cli::backup::run(&settings(config, location, None)?, &to).await?;
        }
        Command::Restore {
            from,
            force,
            location,
        } => {
            cli::restore::run(&settings(config, location, None)?, &from, force).await?;
        }
        Command::User { command } => match command {
            UserCommand::Add {
                username,
                name,
                court,
                roles,
                password,
                phone,
                location,
            } => {
                let s = settings(config, location, None)?;
                cli::user::add(
                    &s,
                    cli::user::AddUser {
                        username,
                        name,
                        court_code: court,
                        roles,
                        password,
                        phone,
                    },
                )
                .await?;
            }
            UserCommand::List { location } => {
                cli::user::list(&settings(config, location, None)?).await?
            }
            UserCommand::Disable { login, location } => {
                cli::user::set_status(
                    &settings(config, location, None)?,
                    &login,
                    AccountStatus::Disabled,
                )
                .await?;
            }
            UserCommand::Enable { login, location } => {
                cli::user::set_status(
                    &settings(config, location, None)?,
                    &login,
                    AccountStatus::Active,
                )
                .await?;
            }
        },
        Command::Config {
            command: ConfigCommand::Example,
        } => print!("{}", Settings::example()),
        Command::Demo {
            command: DemoCommand::Totp { login, location },
        } => {
            cli::demo::totp(&settings(config, location, None)?, &login).await?;
        }
        Command::Mask { case, document } => return Ok(cli::mask::run(&case, &document)),
        Command::Search {
            command: SearchCommand::Reindex { location },
        } => {
            let app = fayuan::wiring::app(&settings(config, location, None)?).await?;
            let n = app
                .reindex_judgments()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("indexed {n} public documents");
        }
        Command::Calc { command } => {
            return Ok(match command {
                CalcCommand::Fee {
                    kind,
                    amount,
                    procedure,
                    closure,
                } => {
                    if procedure.as_deref().is_some_and(|p| p != "summary") {
                        eprintln!("--procedure 只能是 summary");
                        return Ok(ExitCode::from(2));
                    }
                    print_lines(cli::calc::fee(
                        &kind,
                        amount.as_deref(),
                        procedure.is_some(),
                        closure.as_deref(),
                    ))
                }
                CalcCommand::Period {
                    from,
                    days,
                    months,
                    custody,
                } => print_lines(cli::calc::period(&from, days, months, custody)),
            });
        }
        Command::CaseNumber {
            command: CaseNumberCommand::Parse { text },
        } => {
            return Ok(print_lines(
                cli::calc::case_number(&text).map(|json| vec![json]),
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}
