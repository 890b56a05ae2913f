//! Use cases of fayuan. Each one authorises the actor, loads what it needs, lets the domain
//! decide, and writes business rows and the audit event in one transaction.
//!
//! Module names mirror the subsystems (ARCHITECTURE.md §2).

pub mod accounts;
pub mod audit;
pub mod court;
pub mod ctx;
pub mod delivery;
pub mod demo;
pub mod docket;
pub mod documents;
pub mod dossier;
pub mod error;
pub mod evidence;
pub mod fees;
pub mod filing;
pub mod hearing;
pub mod inbox;
pub mod incident;
pub mod jobs;
pub mod ledger;
pub mod mediation;
pub mod ops;
pub mod passwords;
pub mod policy;
pub mod process;
pub mod publication;
pub mod recording;
pub mod staff;
pub mod statistics;

use std::sync::Arc;

use fayuan_core::clock::Clock;
use fayuan_domain::dossier::UploadPolicy;
use fayuan_domain::ports::{
    BlobStore, DocumentRenderer, IdentityRegistry, Mailer, PaymentGateway, Scanner, SearchIndex,
    SmsGateway, VideoRoom,
};
use fayuan_domain::store::Store;

pub use ctx::{Actor, Ctx};
pub use error::AppError;
pub use passwords::PasswordCost;

/// Settings of the application layer.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// How long a login session lasts.
    pub session_ttl: time::Duration,
    /// Cost of password hashing.
    pub password_cost: PasswordCost,
    /// Days audit events are kept; never less than 180 (Rules art. 34: 留存相关信息).
    pub audit_retention_days: i64,
    /// Name shown as the sender of text messages, e.g. 示范市示范区人民法院.
    pub sms_signature: String,
    /// How cases are assigned automatically.
    pub assignment: docket::AssignmentRule,
    /// File requirements announced to submitters (Rules art. 19).
    pub uploads: UploadPolicy,
    /// Where uploads are staged while they arrive.
    pub staging_dir: std::path::PathBuf,
    /// Unrecorded blobs younger than this are left alone by the sweeper (uploads in flight).
    pub blob_grace: time::Duration,
    /// Named failpoints that abort the process (crash tests only; empty in production).
    pub failpoints: Vec<String>,
    /// The address the public reaches this installation at, for links in messages.
    pub public_url: String,
    /// Issue and serve the 受理案件通知书 and 交纳诉讼费用通知书 when a case is docketed.
    pub deliver_on_docketing: bool,
    /// Working days an invited party has to answer an invitation to mediate (在线调解规则
    /// art. 15); no answer ends the attempt.
    pub mediation_answer_days: u32,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            session_ttl: time::Duration::hours(12),
            password_cost: PasswordCost::Standard,
            audit_retention_days: 180,
            sms_signature: "人民法院".into(),
            assignment: docket::AssignmentRule::LeastLoaded,
            uploads: UploadPolicy::default(),
            staging_dir: std::env::temp_dir().join("fayuan-staging"),
            blob_grace: time::Duration::hours(1),
            failpoints: Vec::new(),
            public_url: "http://127.0.0.1:8080".into(),
            deliver_on_docketing: true,
            mediation_answer_days: 3,
        }
    }
}

/// The application: the store, the clock, the ports and the settings.
#[derive(Clone)]
pub struct App {
    /// The database.
    pub store: Arc<dyn Store>,
    /// The one source of "now".
    pub clock: Arc<dyn Clock>,
    /// Real-name identity verification.
    pub identity: Arc<dyn IdentityRegistry>,
    /// Text messages.
    pub sms: Arc<dyn SmsGateway>,
    /// Outgoing e-mail.
    pub mailer: Arc<dyn Mailer>,
    /// Court documents to PDF.
    pub renderer: Arc<dyn DocumentRenderer>,
    /// Online payment.
    pub payments: Arc<dyn PaymentGateway>,
    /// Dossier files.
    pub blobs: Arc<dyn BlobStore>,
    /// Malware scanning of uploads, when configured.
    pub scanner: Option<Arc<dyn Scanner>>,
    /// The evidence ledger: this installation's log and keys.
    pub ledger: Arc<ledger::Ledger>,
    /// The search index of published documents.
    pub search: Arc<dyn SearchIndex>,
    /// Wakes the live streams of mediation rooms.
    pub rooms: Arc<mediation::room::Rooms>,
    /// Audio and video rooms.
    pub video: Arc<dyn VideoRoom>,
    /// The incidents suspending services now (故障公告).
    pub incidents: Arc<incident::ActiveIncidents>,
    /// Settings.
    pub config: AppConfig,
}

/// Minimum audit retention in days (Rules art. 34; 网络安全法 art. 21 requires logs kept at least
/// six months).
pub const MIN_AUDIT_RETENTION_DAYS: i64 = 180;
