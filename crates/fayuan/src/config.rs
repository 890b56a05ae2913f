//! Configuration, layered with figment: typed defaults → `fayuan.toml` → `FAYUAN_*` environment
//! variables → command-line flags.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Every setting of an installation; keys left out take their defaults.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// Address to listen on.
    pub bind: String,
    /// Directory for the SQLite database and local files.
    pub data_dir: PathBuf,
    /// Database URL: `sqlite://…` (default: `<data_dir>/fayuan.db`) or `postgres://…`.
    pub database_url: Option<String>,
    /// `text` or `json` log lines.
    pub log_format: String,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Requests a minute each client address may make to the public API (`/api/v1/public/…`).
    pub public_requests_per_minute: u32,
    /// Session lifetime in minutes.
    pub session_ttl_minutes: i64,
    /// Days to keep audit events (at least 180).
    pub audit_retention_days: i64,
    /// Sender name in text messages.
    pub sms_signature: String,
    /// Automatic case assignment: `least_loaded` or `random`.
    pub assignment: String,
    /// Shared secret of the payment gateway's signed callbacks (random per process if unset).
    pub payment_callback_secret: Option<String>,
    /// Where dossier files go: a directory (default `<data_dir>/blobs`) or an S3 bucket.
    pub blobs: BlobSettings,
    /// clamd address (`127.0.0.1:3310`) to scan uploads; unset: no scanning.
    pub clamd: Option<String>,
    /// Largest single upload, MB.
    pub max_upload_mb: u64,
    /// Largest submission (all files of one form), MB.
    pub max_submission_mb: u64,
    /// Accept Word (DOCX) files.
    pub allow_docx: bool,
    /// Failpoints that abort the process (crash-consistency tests only).
    pub failpoints: Vec<String>,
    /// The evidence ledger.
    pub ledger: LedgerSettings,
    /// Outgoing e-mail.
    pub mail: MailSettings,
    /// The address the public reaches the court at, for links in messages (default
    /// `http://<bind>`).
    pub public_url: Option<String>,
    /// Issue and serve the 受理案件通知书 and 交纳诉讼费用通知书 on the filer when a case is
    /// docketed.
    pub deliver_on_docketing: bool,
    /// Working days an invited party has to answer an invitation to mediate (default 3).
    pub mediation_answer_days: u32,
    /// Typesetting of court documents.
    pub documents: DocumentSettings,
    /// Audio and video rooms.
    pub video: VideoSettings,
}

/// Audio and video rooms (`[video]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VideoSettings {
    /// STUN/TURN URLs given to browsers (none needed when everyone is on one network).
    pub ice_servers: Vec<String>,
}

/// Typesetting of court documents: the CJK font embedded in every PDF.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct DocumentSettings {
    /// Font files (TTF, OTF, TTC); default: Noto Serif CJK (fonts-noto-cjk) or WenQuanYi
    /// (fonts-wqy-zenhei) where Debian installs them. Without any, documents are set in the
    /// plain renderer's non-embedded font.
    pub fonts: Vec<PathBuf>,
    /// The family to ask for first (e.g. "FangSong"), when the files hold several.
    pub font_family: Option<String>,
}

/// Outgoing e-mail: SMTP when `smtp_host` is set, else `.eml` files in a drop directory.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct MailSettings {
    /// SMTP server; unset: write messages to `drop_dir` instead.
    pub smtp_host: Option<String>,
    /// SMTP port.
    pub smtp_port: u16,
    /// `starttls` (default), `tls` or `none`.
    pub security: String,
    /// SMTP user name.
    pub user: Option<String>,
    /// SMTP password.
    pub password: Option<String>,
    /// Sender.
    pub from: String,
    /// Drop directory (default `<data_dir>/mail`).
    pub drop_dir: Option<PathBuf>,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            smtp_host: None,
            smtp_port: 587,
            security: "starttls".into(),
            user: None,
            password: None,
            from: "人民法院 <noreply@fayuan.localhost>".into(),
            drop_dir: None,
        }
    }
}

/// The evidence ledger (司法区块链).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct LedgerSettings {
    /// The log's origin line (and key name): the court's host name and a path, e.g.
    /// `court.example.cn/ledger`. Fixed once checkpoints are published.
    pub origin: String,
    /// Tree hash: `sha256` (interoperable with the tlog ecosystem) or `sm3` (GB/T 32905).
    /// Fixed by the first checkpoint.
    pub hash: String,
    /// Directory of the signing keys (default `<data_dir>/ledger`); missing keys are generated.
    pub key_dir: Option<PathBuf>,
    /// Longest wait before appended entries are covered by a checkpoint, ms.
    pub checkpoint_interval_ms: u64,
    /// Entries pending that trigger a checkpoint before the interval ends.
    pub checkpoint_batch: usize,
    /// Cosign peer logs' checkpoints (C2SP tlog-witness) with a witness key.
    pub witness: bool,
    /// Logs to witness.
    pub witnessed_logs: Vec<WitnessedLogSettings>,
}

/// A peer log this installation witnesses.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WitnessedLogSettings {
    /// Its origin line.
    pub origin: String,
    /// Its checkpoint verifier key (`name+hexid+base64`, from its `/ledger` page).
    pub verifier_key: String,
    /// Its tree hash: `sha256` (default) or `sm3`.
    #[serde(default = "default_hash")]
    pub hash: String,
}

fn default_hash() -> String {
    "sha256".into()
}

impl Default for LedgerSettings {
    fn default() -> Self {
        Self {
            origin: "fayuan.localhost/ledger".into(),
            hash: default_hash(),
            key_dir: None,
            checkpoint_interval_ms: 1000,
            checkpoint_batch: 1000,
            witness: false,
            witnessed_logs: Vec::new(),
        }
    }
}

/// The blob store.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct BlobSettings {
    /// A local directory (default `<data_dir>/blobs`), used unless `s3_bucket` is set.
    pub dir: Option<PathBuf>,
    /// S3-compatible endpoint URL.
    pub s3_endpoint: Option<String>,
    /// Bucket.
    pub s3_bucket: Option<String>,
    /// Region.
    pub s3_region: Option<String>,
    /// Access key id.
    pub s3_access_key_id: Option<String>,
    /// Secret access key.
    pub s3_secret_access_key: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            log_format: "text".into(),
            secure_cookies: false,
            public_requests_per_minute: 120,
            session_ttl_minutes: 12 * 60,
            audit_retention_days: 180,
            sms_signature: "人民法院".into(),
            assignment: "least_loaded".into(),
            payment_callback_secret: None,
            blobs: BlobSettings::default(),
            clamd: None,
            max_upload_mb: 256,
            max_submission_mb: 512,
            allow_docx: false,
            failpoints: Vec::new(),
            ledger: LedgerSettings::default(),
            mail: MailSettings::default(),
            public_url: None,
            deliver_on_docketing: true,
            mediation_answer_days: 3,
            documents: DocumentSettings::default(),
            video: VideoSettings::default(),
        }
    }
}

/// Values given on the command line, applied last.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overrides {
    /// `--bind`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<String>,
    /// `--data-dir`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    /// `--database`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

impl Settings {
    /// Loads the layered configuration. `file` defaults to `./fayuan.toml` (ignored if absent).
    pub fn load(
        file: Option<&Path>,
        overrides: &Overrides,
    ) -> Result<Settings, Box<figment::Error>> {
        let file = file.map_or_else(|| PathBuf::from("fayuan.toml"), Path::to_path_buf);
        Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("FAYUAN_").ignore(&["test_pg", "test_browser"]))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(Box::new)
    }

    /// The database URL in effect.
    pub fn database(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("fayuan.db").display()))
    }

    /// The commented example printed by `fayuan config example`.
    pub fn example() -> String {
        let d = Settings::default();
        format!(
            "# fayuan.toml — every key is optional; FAYUAN_<KEY> environment variables override it,\n\
             # command-line flags override both.\n\
             bind = \"{}\"\n\
             data_dir = \"{}\"\n\
             # database_url = \"postgres://fayuan:secret@db.example/fayuan\"   # default: sqlite://<data_dir>/fayuan.db\n\
             log_format = \"{}\"        # or \"json\"\n\
             secure_cookies = {}       # true behind HTTPS\n\
             public_requests_per_minute = {}   # per client address, on /api/v1/public/…\n\
             # public_url = \"https://court.example.cn\"   # links in text messages and e-mail; default http://<bind>\n\
             # deliver_on_docketing = false   # default true: serve 受理案件通知书 and 缴费通知书 on docketing\n\
             # mediation_answer_days = 3      # working days to answer an invitation to mediate\n\
             session_ttl_minutes = {}\n\
             audit_retention_days = {}   # at least 180\n\
             sms_signature = \"{}\"\n\
             assignment = \"{}\"      # or \"random\"\n\
             # payment_callback_secret = \"…\"   # shared with the payment gateway; random per process if unset\n\
             max_upload_mb = {}          # one file\n\
             max_submission_mb = {}      # all files of one form\n\
             allow_docx = {}\n\
             # clamd = \"127.0.0.1:3310\"   # scan uploads with ClamAV\n\
             [blobs]                     # dossier files; default: <data_dir>/blobs\n\
             # dir = \"/srv/fayuan/blobs\"\n\
             # s3_endpoint = \"http://minio.example:9000\"\n\
             # s3_bucket = \"fayuan\"\n\
             # s3_region = \"us-east-1\"\n\
             # s3_access_key_id = \"…\"\n\
             # s3_secret_access_key = \"…\"\n\
             [ledger]                    # the evidence ledger (司法区块链)\n\
             origin = \"{}\"   # the court's host name + /ledger; fixed once published\n\
             hash = \"{}\"                # or \"sm3\"; fixed by the first checkpoint\n\
             # key_dir = \"/srv/fayuan/ledger-keys\"   # default: <data_dir>/ledger (generated)\n\
             checkpoint_interval_ms = {}\n\
             checkpoint_batch = {}\n\
             witness = {}               # cosign peer courts' checkpoints\n\
             # [[ledger.witnessed_logs]]\n\
             # origin = \"peer.court.example/ledger\"\n\
             # verifier_key = \"peer.court.example/ledger+abcd1234+AQ…\"\n\
             [mail]                      # default: messages written to <data_dir>/mail as .eml files\n\
             # smtp_host = \"smtp.court.example.cn\"\n\
             # smtp_port = 587\n\
             # security = \"starttls\"   # or \"tls\" (465) or \"none\"\n\
             # user = \"songda\"\n\
             # password = \"…\"\n\
             # from = \"示范区人民法院 <songda@court.example.cn>\"\n\
             [documents]                 # court documents; default font: Noto Serif CJK SC from fonts-noto-cjk\n\
             # fonts = [\"/usr/share/fonts/truetype/custom/FangSong.ttf\"]\n\
             # font_family = \"FangSong\"\n\
             [video]                     # audio and video rooms: a WebRTC mesh signalled by fayuan\n\
             # ice_servers = [\"stun:stun.court.example.cn:3478\"]   # none needed on one network\n",
            d.bind,
            d.data_dir.display(),
            d.log_format,
            d.secure_cookies,
            d.public_requests_per_minute,
            d.session_ttl_minutes,
            d.audit_retention_days,
            d.sms_signature,
            d.assignment,
            d.max_upload_mb,
            d.max_submission_mb,
            d.allow_docx,
            d.ledger.origin,
            d.ledger.hash,
            d.ledger.checkpoint_interval_ms,
            d.ledger.checkpoint_batch,
            d.ledger.witness
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail closure signature
    fn layers_apply_in_order() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "fayuan.toml",
                "bind = \"127.0.0.1:9000\"\nlog_format = \"json\"\n",
            )?;
            jail.set_env("FAYUAN_LOG_FORMAT", "text");
            let overrides = Overrides {
                data_dir: Some("/srv/court".into()),
                ..Default::default()
            };
            let s = Settings::load(None, &overrides).map_err(|e| *e)?;
            assert_eq!(s.bind, "127.0.0.1:9000");
            assert_eq!(s.log_format, "text");
            assert_eq!(s.database(), "sqlite:///srv/court/fayuan.db");
            Ok(())
        });
    }

    #[test]
    fn example_parses_back_to_defaults() {
        let parsed: Settings = Figment::from(Toml::string(&Settings::example()))
            .extract()
            .unwrap();
        assert_eq!(parsed, Settings::default());
    }
}
