//! Ports: how the domain reaches systems outside the court (ARCHITECTURE.md §3). Each has a real
//! adapter where one exists and a built-in sandbox (`fayuan-integrations`).

use async_trait::async_trait;

use crate::DomainError;
use crate::accounts::Verification;
use crate::fees::Payment;

/// An identity to be checked against the public-security household registry (Rules art. 14 ¶3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityClaim {
    /// A natural person: identity number and real name.
    Person {
        /// Validated citizen identity number.
        id_number: String,
        /// Claimed name.
        name: String,
    },
    /// An organisation: credit code, name and legal representative.
    Organisation {
        /// Validated unified social credit code.
        uscc: String,
        /// Claimed name.
        name: String,
        /// Claimed legal representative.
        legal_representative: String,
    },
    /// A lawyer: identity plus practising licence.
    Lawyer {
        /// Validated citizen identity number.
        id_number: String,
        /// Claimed name.
        name: String,
        /// Practising licence number.
        licence_number: String,
    },
}

/// What the registry answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityCheck {
    /// Verified or rejected.
    pub verification: Verification,
    /// Explanation shown to the user (Chinese).
    pub note: String,
}

/// The identity registry (公安户籍核验, 市场监管登记, 律师执业信息).
#[async_trait]
pub trait IdentityRegistry: Send + Sync {
    /// Checks a claimed identity.
    async fn verify(&self, claim: &IdentityClaim) -> Result<IdentityCheck, DomainError>;
    /// Whether this is the built-in sandbox (shown as 沙箱 in the UI).
    fn is_sandbox(&self) -> bool;
}

/// Text messages to mobile phones: verification codes and notifications.
#[async_trait]
pub trait SmsGateway: Send + Sync {
    /// Sends `text` to `phone`.
    async fn send(&self, phone: &str, text: &str) -> Result<(), DomainError>;
}

/// The online payment channel (网上支付通道, Rules art. 18): sends the payer to pay, and checks
/// the signed notifications it calls back with.
pub trait PaymentGateway: Send + Sync {
    /// Where the payer's browser goes to pay this payment.
    fn checkout_url(&self, payment: &Payment) -> String;
    /// Whether `signature` is the gateway's signature of a callback `body`.
    fn verify_callback(&self, body: &[u8], signature: &str) -> bool;
    /// The sandbox only: the signed callback (body, signature) its simulated bank sends when the
    /// payer pays (`succeed`) or abandons. Real gateways answer `None`.
    fn sandbox_callback(&self, payment: &Payment, succeed: bool) -> Option<(Vec<u8>, String)>;
    /// Whether this is the built-in sandbox.
    fn is_sandbox(&self) -> bool;
}

/// An object in the blob store, as listed by [`BlobStore::list`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    /// The object's key in the store.
    pub key: String,
    /// The content address, for a finished blob; `None` for a temporary upload.
    pub sha256: Option<String>,
    /// Last written (µs).
    pub modified_at_us: i64,
    /// Bytes.
    pub size: u64,
}

/// Where dossier files live (ARCHITECTURE.md §3): content-addressed by SHA-256, written under a
/// temporary name and renamed only once the digest is verified, durable before `put_file`
/// returns — so a database row is only ever committed after its blob exists.
#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Copies a staged local file into the store under `expected.sha256`, checking both digests
    /// on the way. Rewrites an existing blob (refreshing its age for the sweeper).
    async fn put_file(
        &self,
        staged: &std::path::Path,
        expected: &fayuan_core::digest::ContentHash,
    ) -> Result<(), DomainError>;
    /// The whole blob.
    async fn get(&self, sha256: &str) -> Result<Vec<u8>, DomainError>;
    /// Bytes `start..end` of a blob (for streaming large files in chunks).
    async fn get_range(&self, sha256: &str, start: u64, end: u64) -> Result<Vec<u8>, DomainError>;
    /// Whether a blob exists.
    async fn exists(&self, sha256: &str) -> Result<bool, DomainError>;
    /// Every object, blobs and temporaries.
    async fn list(&self) -> Result<Vec<StoredObject>, DomainError>;
    /// Removes an object by key.
    async fn delete(&self, key: &str) -> Result<(), DomainError>;
    /// Checks that the store takes writes: writes a small probe object and removes it (the
    /// monitoring of Rules art. 40).
    async fn check(&self) -> Result<(), DomainError>;
}

/// A malware scanner for uploads (clamd when configured).
#[async_trait]
pub trait Scanner: Send + Sync {
    /// Scans a staged file: `None` when clean, the signature name when infected.
    async fn scan(&self, staged: &std::path::Path) -> Result<Option<String>, DomainError>;
}

/// An e-mail to send: plain text carrying links, never the document itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// Recipient address.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// Outgoing e-mail (the `Mailer` port): SMTP in production, a drop directory by default.
#[async_trait]
pub trait Mailer: Send + Sync {
    /// Sends one message; an error means it was not accepted and may be retried.
    async fn send(&self, mail: &Mail) -> Result<(), DomainError>;
}

/// Turns a court document into a PDF (the typesetting engine is an adapter's choice).
pub trait DocumentRenderer: Send + Sync {
    /// The PDF of `document`.
    fn render(&self, document: &crate::documents::CourtDocument) -> Result<Vec<u8>, DomainError>;
}

/// A public document as the search index holds it (裁判文书检索): the published text and the
/// facts of its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedJudgment {
    /// The publication's id.
    pub id: String,
    /// 案号.
    pub case_number: String,
    /// Title.
    pub title: String,
    /// The court.
    pub court: String,
    /// Its level (基层, 中级, 高级, 最高).
    pub court_level: String,
    /// Its province (地域).
    pub region: String,
    /// 民事, 刑事, 行政, 执行.
    pub case_type: String,
    /// The procedure (民事一审普通程序 …).
    pub procedure: String,
    /// 判决书, 裁定书 ….
    pub document_type: String,
    /// 案由 or 罪名.
    pub cause: String,
    /// The date of the document, if known.
    pub judgment_date: Option<time::Date>,
    /// The date it was published.
    pub published_on: time::Date,
    /// The public (masked) text.
    pub text: String,
}

/// A search of the published documents: the query language of `fayuan-search` (words ANDed,
/// "phrases", field:value filters, 日期:from..to) with refinements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query.
    pub query: String,
    /// Earlier queries this one searches within (在结果中检索), all ANDed.
    pub within: Vec<String>,
    /// Newest first instead of by relevance.
    pub by_date: bool,
    /// Hits to skip.
    pub offset: usize,
    /// Hits to return.
    pub limit: usize,
}

/// One hit.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The publication's id.
    pub id: String,
    /// Title.
    pub title: String,
    /// 案号.
    pub case_number: String,
    /// The court.
    pub court: String,
    /// 案由.
    pub cause: String,
    /// The date of the document.
    pub judgment_date: Option<time::Date>,
    /// A fragment of the text with the matches in `<b>` (HTML-escaped otherwise).
    pub snippet_html: String,
    /// Relevance.
    pub score: f32,
}

/// The answer to a search: hits, the total, and counts per facet value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// How many documents match.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<SearchHit>,
    /// Per facet (案由, 法院, 法院层级, 裁判年份, 审判程序, 文书类型): values and counts, most first.
    pub facets: Vec<(String, Vec<(String, u64)>)>,
}

/// The judgment search index (the `SearchIndex` port; tantivy in `fayuan-search`). It is derived
/// from the database and can always be rebuilt from it.
pub trait SearchIndex: Send + Sync {
    /// Adds or replaces a document (visible to searches once the call returns).
    fn upsert(&self, doc: &IndexedJudgment) -> Result<(), DomainError>;
    /// Removes a document (withdrawn).
    fn remove(&self, id: &str) -> Result<(), DomainError>;
    /// Replaces the whole index with these documents; returns how many were indexed.
    fn rebuild(&self, docs: &[IndexedJudgment]) -> Result<usize, DomainError>;
    /// Runs a search. A malformed query is `Invalid`.
    fn search(&self, request: &SearchRequest) -> Result<SearchResults, DomainError>;
    /// How many documents are searchable.
    fn count(&self) -> u64;
    /// The other documents linked to this one (关联文书, as on 中国裁判文书网): of the same case,
    /// of the cases its text cites (an earlier instance, the judgment enforced) and of the cases
    /// whose documents cite its case — earliest first, at most [`MAX_RELATED`]. None when the
    /// document is not in the index.
    fn related(&self, id: &str) -> Result<Vec<SearchHit>, DomainError>;
}

/// The most related documents listed with one document.
pub const MAX_RELATED: usize = 50;

/// What a participant may do in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomRole {
    /// Conducts it (the presiding judge): admits from the waiting room, mutes, removes, ends.
    Host,
    /// Enters directly (the court's people; every member of a mediation).
    Member,
    /// Waits until the host admits them (parties and agents of a hearing).
    Guest,
}

/// Who joins an audio and video room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomParticipant {
    /// The account.
    pub account_id: fayuan_core::id::AccountId,
    /// The name shown to the others, with the capacity (e.g. 调解员 卫调解).
    pub display_name: String,
    /// What they may do.
    pub role: RoomRole,
}

/// How a participant reaches a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomTicket {
    /// The built-in mesh: browsers connect to each other (no media through the server) after
    /// exchanging offers over fayuan's signalling WebSocket at `signal_path`.
    Mesh {
        /// Path of the signalling WebSocket on this installation.
        signal_path: String,
        /// STUN/TURN server URLs for the browsers (none needed on one network).
        ice_servers: Vec<String>,
        /// Most participants in one room.
        capacity: usize,
    },
    /// A selective forwarding unit (e.g. LiveKit): its URL and an access token for this
    /// participant in this room.
    Sfu {
        /// The SFU's URL.
        url: String,
        /// The participant's access token.
        token: String,
    },
}

/// Audio and video rooms (在线调解规则 art. 16, Rules arts. 25 and 33): issues the ticket with
/// which a participant, already authorised by the application, joins a room. The built-in
/// adapter is a WebRTC mesh signalled by fayuan itself; a deployment with larger rooms or
/// server-side recording plugs in an SFU that issues room tokens.
pub trait VideoRoom: Send + Sync {
    /// A ticket for `participant` to join the room named `room` (e.g. `mediation-<id>`).
    fn ticket(&self, room: &str, participant: &RoomParticipant) -> Result<RoomTicket, DomainError>;
}
