//! Wiring: the backend chosen from the database URL, the adapters, the application.

use std::sync::{Arc, Mutex};

use anyhow::{Context, bail};
use fayuan_app::docket::AssignmentRule;
use fayuan_app::ledger::keys::LedgerKeys;
use fayuan_app::ledger::{Cadence, Ledger, WitnessedLogKey};
use fayuan_app::{App, AppConfig, PasswordCost};
use fayuan_core::clock::{Clock, SystemClock};
use fayuan_domain::dossier::UploadPolicy;
use fayuan_domain::ports::{BlobStore, DocumentRenderer, Mailer, Scanner};
use fayuan_domain::store::Store;
use fayuan_integrations::{
    BlobLocation, ClamdScanner, DropMailer, ObjectBlobStore, PlainPdfRenderer,
    SandboxIdentityRegistry, SandboxPaymentGateway, SandboxSmsGateway, SmtpMailer, SmtpSecurity,
    SmtpSettings,
};
use fayuan_ledger::HashAlg;
use fayuan_render::{FontChoice, TypstRenderer};

use crate::config::{DocumentSettings, Settings};

/// Opens the database named by the settings (creating the data directory for SQLite) and
/// applies pending migrations.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Arc<dyn Store>> {
    let url = settings.database();
    let store: Arc<dyn Store> =
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Arc::new(
                fayuan_store_postgres::connect(&url)
                    .await
                    .context("connecting to PostgreSQL")?,
            )
        } else if url.starts_with("sqlite:") {
            if settings.database_url.is_none() {
                std::fs::create_dir_all(&settings.data_dir).with_context(|| {
                    format!("creating data directory {}", settings.data_dir.display())
                })?;
            }
            Arc::new(
                fayuan_store_sqlite::connect(&url)
                    .await
                    .context("opening SQLite database")?,
            )
        } else {
            bail!("unsupported database URL (use sqlite:// or postgres://): {url}");
        };
    store.migrate().await.context("applying migrations")?;
    Ok(store)
}

/// The web edge's settings.
pub fn web_config(settings: &Settings) -> fayuan_web::WebConfig {
    fayuan_web::WebConfig {
        secure_cookies: settings.secure_cookies,
        public_requests_per_minute: settings.public_requests_per_minute,
        ..fayuan_web::WebConfig::default()
    }
}

/// Opens the configured blob store.
pub fn open_blobs(settings: &Settings) -> anyhow::Result<Arc<dyn BlobStore>> {
    let b = &settings.blobs;
    let location = match (&b.s3_bucket, &b.s3_endpoint) {
        (Some(bucket), Some(endpoint)) => BlobLocation::S3 {
            endpoint: endpoint.clone(),
            bucket: bucket.clone(),
            region: b.s3_region.clone().unwrap_or_else(|| "us-east-1".into()),
            access_key_id: b.s3_access_key_id.clone().unwrap_or_default(),
            secret_access_key: b.s3_secret_access_key.clone().unwrap_or_default(),
        },
        _ => BlobLocation::Local(
            b.dir
                .clone()
                .unwrap_or_else(|| settings.data_dir.join("blobs")),
        ),
    };
    Ok(Arc::new(
        ObjectBlobStore::open(&location).context("opening the blob store")?,
    ))
}

/// Where the ledger's keys are: `ledger.key_dir`, by default `<data_dir>/ledger`.
pub fn ledger_key_dir(settings: &Settings) -> std::path::PathBuf {
    settings
        .ledger
        .key_dir
        .clone()
        .unwrap_or_else(|| settings.data_dir.join("ledger"))
}

/// This installation's ledger: keys loaded (or generated) from the key directory.
pub fn open_ledger(settings: &Settings) -> anyhow::Result<Ledger> {
    let l = &settings.ledger;
    let alg = HashAlg::parse(&l.hash).context("ledger.hash must be sha256 or sm3")?;
    let key_dir = ledger_key_dir(settings);
    let keys = LedgerKeys::load_or_generate(&key_dir, &l.origin, l.witness)
        .map_err(|e| anyhow::anyhow!("ledger keys in {}: {e:?}", key_dir.display()))?;
    let witnessed = l
        .witnessed_logs
        .iter()
        .map(|w| {
            Ok(WitnessedLogKey {
                origin: w.origin.clone(),
                verifier_key: w.verifier_key.clone(),
                alg: HashAlg::parse(&w.hash)
                    .with_context(|| format!("hash of witnessed log {}", w.origin))?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ledger::new(
        l.origin.clone(),
        alg,
        keys,
        Cadence {
            interval: std::time::Duration::from_millis(l.checkpoint_interval_ms.max(10)),
            batch: l.checkpoint_batch.max(1),
        },
        witnessed,
    )
    .map_err(|e| anyhow::anyhow!("ledger: {e:?}"))
}

/// The configured mailer: SMTP, or the drop directory.
pub fn open_mailer(settings: &Settings) -> anyhow::Result<Arc<dyn Mailer>> {
    let m = &settings.mail;
    let Some(host) = &m.smtp_host else {
        let dir = m
            .drop_dir
            .clone()
            .unwrap_or_else(|| settings.data_dir.join("mail"));
        return Ok(Arc::new(DropMailer::new(dir, m.from.clone())));
    };
    let security = match m.security.as_str() {
        "starttls" => SmtpSecurity::StartTls,
        "tls" => SmtpSecurity::Tls,
        "none" => SmtpSecurity::None,
        other => bail!("mail.security must be starttls, tls or none, not {other}"),
    };
    let smtp = SmtpMailer::new(&SmtpSettings {
        host: host.clone(),
        port: m.smtp_port,
        security,
        credentials: m.user.clone().zip(m.password.clone()),
        from: m.from.clone(),
        timeout: std::time::Duration::from_secs(15),
    })
    .map_err(|e| anyhow::anyhow!("mail settings: {e}"))?;
    Ok(Arc::new(smtp))
}

/// The document renderer: typst with the configured or installed CJK font, or the plain
/// renderer (non-embedded font) when the machine has none. Renderers are shared per font choice
/// within a process, so fonts are read once however many apps are built (tests build many).
fn document_renderer(settings: &DocumentSettings) -> anyhow::Result<Arc<dyn DocumentRenderer>> {
    static RENDERERS: Mutex<Vec<Arc<TypstRenderer>>> = Mutex::new(Vec::new());
    let Some(choice) = FontChoice::find(&settings.fonts, settings.font_family.as_deref()) else {
        tracing::warn!(
            "no CJK font found: court documents use the plain renderer (install fonts-noto-cjk)"
        );
        return Ok(Arc::new(PlainPdfRenderer));
    };
    let mut renderers = RENDERERS
        .lock()
        .map_err(|_| anyhow::anyhow!("renderer cache poisoned"))?;
    if let Some(shared) = renderers.iter().find(|r| r.choice() == &choice) {
        return Ok(shared.clone());
    }
    let renderer = Arc::new(TypstRenderer::new(choice));
    if !settings.fonts.is_empty() {
        renderer.preload()?;
    }
    renderers.push(renderer.clone());
    Ok(renderer)
}

/// Builds the application over a store with the built-in sandboxes as adapters.
pub fn build_app(
    store: Arc<dyn Store>,
    blobs: Arc<dyn BlobStore>,
    settings: &Settings,
    clock: Arc<dyn Clock>,
    cost: PasswordCost,
) -> anyhow::Result<App> {
    let mib = 1024 * 1024;
    Ok(App {
        ledger: Arc::new(open_ledger(settings)?),
        rooms: Arc::default(),
        incidents: Arc::default(),
        video: Arc::new(fayuan_integrations::MeshVideoRoom {
            ice_servers: settings.video.ice_servers.clone(),
        }),
        search: Arc::new(fayuan_search::LazyJudgmentIndex::new(
            settings.data_dir.join("search"),
        )),
        mailer: open_mailer(settings)?,
        renderer: document_renderer(&settings.documents)?,
        blobs,
        scanner: settings
            .clamd
            .as_ref()
            .map(|address| Arc::new(ClamdScanner::new(address.clone())) as Arc<dyn Scanner>),
        identity: Arc::new(SandboxIdentityRegistry::new(store.clone())),
        sms: Arc::new(SandboxSmsGateway::new(store.clone(), clock.clone())),
        payments: Arc::new(SandboxPaymentGateway::new(payment_secret(settings))),
        store,
        clock,
        config: AppConfig {
            session_ttl: time::Duration::minutes(settings.session_ttl_minutes.max(5)),
            password_cost: cost,
            audit_retention_days: settings.audit_retention_days,
            sms_signature: settings.sms_signature.clone(),
            assignment: if settings.assignment == "random" {
                AssignmentRule::Random
            } else {
                AssignmentRule::LeastLoaded
            },
            uploads: UploadPolicy {
                max_file_bytes: settings.max_upload_mb.max(1).saturating_mul(mib),
                max_submission_bytes: settings.max_submission_mb.max(1).saturating_mul(mib),
                allow_docx: settings.allow_docx,
                ..UploadPolicy::default()
            },
            staging_dir: settings.data_dir.join("staging"),
            blob_grace: time::Duration::hours(1),
            failpoints: settings.failpoints.clone(),
            public_url: settings
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", settings.bind))
                .trim_end_matches('/')
                .to_owned(),
            deliver_on_docketing: settings.deliver_on_docketing,
            mediation_answer_days: settings.mediation_answer_days.max(1),
        },
    })
}

/// Opens the store and builds the application with the real clock.
pub async fn app(settings: &Settings) -> anyhow::Result<App> {
    let store = open_store(settings).await?;
    let blobs = open_blobs(settings)?;
    build_app(
        store,
        blobs,
        settings,
        Arc::new(SystemClock),
        PasswordCost::Standard,
    )
}

/// The secret the payment gateway signs callbacks with: configured, or (sandbox) random per
/// process — payments left pending across a restart then expire through reconciliation.
fn payment_secret(settings: &Settings) -> Vec<u8> {
    match &settings.payment_callback_secret {
        Some(secret) if !secret.is_empty() => secret.as_bytes().to_vec(),
        _ => {
            let mut secret = vec![0u8; 32];
            if getrandom::fill(&mut secret).is_err() {
                tracing::warn!(
                    "no random source for the payment secret; using a fixed sandbox secret"
                );
                secret = b"fayuan-sandbox-payment-secret".to_vec();
            }
            secret
        }
    }
}
