//! Store traits: what the use cases need from the database. Each backend crate implements them
//! with the same semantics, proven by the conformance suite in `fayuan-store-tests`.
//!
//! A use case opens one [`Tx`], does all its reads and writes — business rows and the audit
//! event — through it, and commits. Dropping a `Tx` without committing rolls it back.

use async_trait::async_trait;
use fayuan_core::id::{
    AccountId, CaseId, CourtId, DivisionId, FeeNoticeId, FilingId, HearingId, IncidentId,
    MediationId, NotificationId, OrganisationId, PaymentId, RecordingId, SessionId,
};
use fayuan_core::id::{
    DeliveryId, EvidenceItemId, ExtensionId, FeeReliefId, MaterialId, PublicationId,
    ReadingRequestId, SuspensionId,
};
use time::Date;

use crate::DomainError;
use crate::accounts::{Account, AccountStatus, Role, Verification};
use crate::court::{Court, Courtroom, Division};
use crate::delivery::{Delivery, DeliveryAddress, DeliveryEvent};
use crate::docket::{Case, CaseStatus, CaseSuspension, ExtensionRequest, ExtensionStatus};
use crate::dossier::{Material, ReadingRequest, Volume};
use crate::evidence::{EvidenceExchange, EvidenceItem, Finding, Opinion};
use crate::fees::{
    FeeNotice, FeeNoticeStatus, FeeReliefApplication, Payment, Refund, ReliefStatus,
};
use crate::filing::{FilingApplication, FilingStatus};
use crate::hearing::HearingSession;
use crate::hearing::transcript::Transcript;
use crate::inbox::{Notification, NotifyPreferences};
use crate::jobs::Job;
use crate::ledger::{LedgerTree, StoredCheckpoint, StoredLeaf, WitnessedLog};
use crate::mediation::roster::{Mediator, Organisation};
use crate::mediation::settlement::Settlement;
use crate::mediation::{Mediation, Message, Thread};
use crate::ops::Incident;
use crate::publication::{JudgmentPublication, PublicationStatus};
use crate::recording::{Recorded, Recording};
use crate::security::{AuditEvent, ChainBounds, NewAuditEvent};
use crate::statistics::CaseloadRow;

/// A database holding one fayuan installation.
#[async_trait]
pub trait Store: Send + Sync {
    /// Starts a read-write transaction (serialised against other writers where the backend
    /// needs it, so the audit chain and sequences stay consistent).
    async fn begin(&self) -> Result<Box<dyn Tx>, DomainError>;
    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), DomainError>;
    /// Applies pending migrations; returns the versions applied now.
    async fn migrate(&self) -> Result<Vec<i64>, DomainError>;
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
}

/// One transaction, with every repository of the domain.
#[async_trait]
pub trait Tx:
    AccountRepo
    + SessionRepo
    + CourtRepo
    + AuditRepo
    + SandboxRepo
    + FilingRepo
    + CaseRepo
    + FeeRepo
    + InboxRepo
    + DossierRepo
    + EvidenceRepo
    + LedgerRepo
    + DeliveryRepo
    + JobRepo
    + PublicationRepo
    + MediationRepo
    + HearingRepo
    + RecordingRepo
    + IncidentRepo
    + Send
{
    /// Makes the transaction's writes durable.
    async fn commit(self: Box<Self>) -> Result<(), DomainError>;
}

/// A login session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Identifier.
    pub id: SessionId,
    /// SHA-256 (hex) of the bearer token or cookie value; the token itself is never stored.
    pub token_hash: String,
    /// Whose session.
    pub account_id: AccountId,
    /// `cookie` for pages, `bearer` for the API.
    pub kind: String,
    /// Anti-CSRF token bound to the session (pages only).
    pub csrf_token: String,
    /// Created, µs since epoch.
    pub created_at_us: i64,
    /// Expires, µs since epoch.
    pub expires_at_us: i64,
    /// Client address at login.
    pub client_addr: String,
}

/// A one-time code sent over a verified channel (password reset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneTimeCode {
    /// For whom.
    pub account_id: AccountId,
    /// What it unlocks, e.g. `password_reset`.
    pub purpose: String,
    /// SHA-256 (hex) of the code.
    pub code_hash: String,
    /// Expiry, µs since epoch.
    pub expires_at_us: i64,
    /// Wrong guesses so far.
    pub attempts: i64,
}

/// A text message recorded by the SMS sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsRecord {
    /// Recipient phone.
    pub phone: String,
    /// Message text.
    pub text: String,
    /// Sent, µs since epoch.
    pub at_us: i64,
}

/// Filter for searching the audit log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only events by this actor.
    pub actor_id: Option<AccountId>,
    /// Only actions starting with this prefix (`accounts.`).
    pub action_prefix: Option<String>,
    /// Only events whose target equals this.
    pub target: Option<String>,
    /// Only events at or after (µs).
    pub from_us: Option<i64>,
    /// Only events before (µs).
    pub until_us: Option<i64>,
    /// Only events with seq below this (cursor for paging newest-first).
    pub before_seq: Option<i64>,
    /// At most this many, newest first.
    pub limit: i64,
}

/// Accounts and login throttling.
#[async_trait]
pub trait AccountRepo {
    /// Inserts an account with its roles. `Conflict` names the unique field that collided
    /// (`id_number`, `uscc`, `phone`, `email`, `username`).
    async fn insert_account(&mut self, account: &Account) -> Result<(), DomainError>;
    /// The account with this id.
    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, DomainError>;
    /// The account whose username, phone, e-mail, identity number or credit code equals `login`.
    async fn account_by_login(&mut self, login: &str) -> Result<Option<Account>, DomainError>;
    /// Staff accounts, optionally of one court, by name.
    async fn list_staff(&mut self, court: Option<CourtId>) -> Result<Vec<Account>, DomainError>;
    /// Replaces the password hash.
    async fn set_password_hash(&mut self, id: AccountId, hash: &str) -> Result<(), DomainError>;
    /// Enables or disables.
    async fn set_status(&mut self, id: AccountId, status: AccountStatus)
    -> Result<(), DomainError>;
    /// Replaces the roles.
    async fn set_roles(&mut self, id: AccountId, roles: &[Role]) -> Result<(), DomainError>;
    /// Records the identity verification result.
    async fn set_verification(
        &mut self,
        id: AccountId,
        verification: Verification,
        note: &str,
    ) -> Result<(), DomainError>;
    /// Sets or clears the TOTP secret (clearing also forgets the last step).
    async fn set_totp_secret(
        &mut self,
        id: AccountId,
        secret: Option<&[u8]>,
    ) -> Result<(), DomainError>;
    /// Records the last accepted TOTP step.
    async fn set_totp_last_step(&mut self, id: AccountId, step: i64) -> Result<(), DomainError>;
    /// Records a failed login for a login key (the normalised login text).
    async fn record_login_failure(
        &mut self,
        login_key: &str,
        at_us: i64,
    ) -> Result<(), DomainError>;
    /// Failed logins for the key at or after `since_us`: count and time of the latest.
    async fn login_failures_since(
        &mut self,
        login_key: &str,
        since_us: i64,
    ) -> Result<(i64, Option<i64>), DomainError>;
    /// Forgets failures recorded before `before_us` (they no longer count for throttling);
    /// returns how many.
    async fn prune_login_failures(&mut self, before_us: i64) -> Result<u64, DomainError>;
    /// Forgets failures of the key (after a successful login).
    async fn clear_login_failures(&mut self, login_key: &str) -> Result<(), DomainError>;
    /// Stores a one-time code, replacing any earlier one of the same account and purpose.
    async fn put_one_time_code(&mut self, code: &OneTimeCode) -> Result<(), DomainError>;
    /// The current one-time code of an account for a purpose.
    async fn one_time_code(
        &mut self,
        account: AccountId,
        purpose: &str,
    ) -> Result<Option<OneTimeCode>, DomainError>;
    /// Counts a wrong guess.
    async fn bump_one_time_code(
        &mut self,
        account: AccountId,
        purpose: &str,
    ) -> Result<(), DomainError>;
    /// Removes the code (used or abandoned).
    async fn delete_one_time_code(
        &mut self,
        account: AccountId,
        purpose: &str,
    ) -> Result<(), DomainError>;
}

/// Login sessions.
#[async_trait]
pub trait SessionRepo {
    /// Stores a new session.
    async fn insert_session(&mut self, session: &Session) -> Result<(), DomainError>;
    /// The session with this token hash.
    async fn session_by_token_hash(&mut self, hash: &str) -> Result<Option<Session>, DomainError>;
    /// Ends one session.
    async fn delete_session(&mut self, id: SessionId) -> Result<(), DomainError>;
    /// Ends every session of an account (password change, disabling).
    async fn delete_sessions_of(&mut self, account: AccountId) -> Result<(), DomainError>;
    /// Removes sessions expired before `now_us`; returns how many.
    async fn delete_expired_sessions(&mut self, now_us: i64) -> Result<u64, DomainError>;
}

/// Courts, divisions and courtrooms.
#[async_trait]
pub trait CourtRepo {
    /// Inserts a court; `Conflict("court_code")` when the code is taken.
    async fn insert_court(&mut self, court: &Court) -> Result<(), DomainError>;
    /// The court with this id.
    async fn court(&mut self, id: CourtId) -> Result<Option<Court>, DomainError>;
    /// Sets or clears a court's fee schedule.
    async fn set_fee_schedule(
        &mut self,
        court: CourtId,
        schedule: Option<&fayuan_core::fee::FeeSchedule>,
    ) -> Result<(), DomainError>;
    /// All courts by code.
    async fn list_courts(&mut self) -> Result<Vec<Court>, DomainError>;
    /// Inserts a division.
    async fn insert_division(&mut self, division: &Division) -> Result<(), DomainError>;
    /// The division with this id.
    async fn division(&mut self, id: DivisionId) -> Result<Option<Division>, DomainError>;
    /// Divisions of a court by name.
    async fn list_divisions(&mut self, court: CourtId) -> Result<Vec<Division>, DomainError>;
    /// Inserts a courtroom.
    async fn insert_courtroom(&mut self, room: &Courtroom) -> Result<(), DomainError>;
    /// Courtrooms of a court by name.
    async fn list_courtrooms(&mut self, court: CourtId) -> Result<Vec<Courtroom>, DomainError>;
}

/// The hash-chained audit log.
#[async_trait]
pub trait AuditRepo {
    /// Appends an event at the head of the chain and returns it with its seq and hashes.
    async fn append_audit(&mut self, event: &NewAuditEvent) -> Result<AuditEvent, DomainError>;
    /// Where the chain starts and ends.
    async fn audit_bounds(&mut self) -> Result<ChainBounds, DomainError>;
    /// Up to `limit` events with seq ≥ `from_seq`, in order.
    async fn audit_range(
        &mut self,
        from_seq: i64,
        limit: i64,
    ) -> Result<Vec<AuditEvent>, DomainError>;
    /// Events matching the filter, newest first.
    async fn search_audit(&mut self, filter: &AuditFilter) -> Result<Vec<AuditEvent>, DomainError>;
    /// Removes the oldest events written before `cutoff_us` (a prefix of the chain) and moves the
    /// chain's anchor to the first retained event; returns how many were removed.
    async fn prune_audit(&mut self, cutoff_us: i64) -> Result<u64, DomainError>;
}

/// State of the built-in sandboxes of external systems.
#[async_trait]
pub trait SandboxRepo {
    /// The name the sandbox identity registry knows for an identity number or credit code.
    async fn sandbox_identity(&mut self, number: &str) -> Result<Option<String>, DomainError>;
    /// Adds or replaces a sandbox identity.
    async fn put_sandbox_identity(&mut self, number: &str, name: &str) -> Result<(), DomainError>;
    /// Records a message "sent" by the SMS sandbox.
    async fn insert_sms(&mut self, sms: &SmsRecord) -> Result<(), DomainError>;
    /// The latest recorded messages, newest first.
    async fn list_sms(&mut self, limit: i64) -> Result<Vec<SmsRecord>, DomainError>;
}

/// Filing applications.
#[async_trait]
pub trait FilingRepo {
    /// Stores a new application.
    async fn insert_filing(&mut self, filing: &FilingApplication) -> Result<(), DomainError>;
    /// Replaces a stored application (same id).
    async fn update_filing(&mut self, filing: &FilingApplication) -> Result<(), DomainError>;
    /// The application with this id.
    async fn filing(&mut self, id: FilingId) -> Result<Option<FilingApplication>, DomainError>;
    /// An applicant's applications, newest first.
    async fn filings_of_applicant(
        &mut self,
        applicant: AccountId,
    ) -> Result<Vec<FilingApplication>, DomainError>;
    /// A court's applications in a status, oldest submission first (the review queue).
    async fn filings_in_status(
        &mut self,
        court: CourtId,
        status: FilingStatus,
    ) -> Result<Vec<FilingApplication>, DomainError>;
}

/// Cases and their numbering.
#[async_trait]
pub trait CaseRepo {
    /// Takes the next case-number sequence (from 1) for (court, special code, type code, year):
    /// unique and gap-free — the increment is part of the caller's transaction.
    async fn next_case_sequence(
        &mut self,
        court: CourtId,
        special_code: &str,
        type_code: &str,
        year: i32,
    ) -> Result<i64, DomainError>;
    /// Stores a new case; `Conflict("case_number")` if the number exists.
    async fn insert_case(&mut self, case: &Case) -> Result<(), DomainError>;
    /// Replaces a stored case (same id).
    async fn update_case(&mut self, case: &Case) -> Result<(), DomainError>;
    /// The case with this id.
    async fn case(&mut self, id: CaseId) -> Result<Option<Case>, DomainError>;
    /// Cases an account filed or takes part in (as a party or an agent), newest first.
    async fn cases_of_litigant(&mut self, account: AccountId) -> Result<Vec<Case>, DomainError>;
    /// Cases a judge is in charge of, in a status (or any), oldest docketing first.
    async fn cases_of_judge(
        &mut self,
        judge: AccountId,
        status: Option<CaseStatus>,
    ) -> Result<Vec<Case>, DomainError>;
    /// A court's cases in a status (or any), oldest docketing first.
    async fn cases_of_court(
        &mut self,
        court: CourtId,
        status: Option<CaseStatus>,
    ) -> Result<Vec<Case>, DomainError>;
    /// Stores a period not counted in the time limit.
    async fn insert_suspension(&mut self, suspension: &CaseSuspension) -> Result<(), DomainError>;
    /// Sets the last day of a period not counted.
    async fn end_suspension(&mut self, id: SuspensionId, to: Date) -> Result<(), DomainError>;
    /// A case's periods not counted, by first day.
    async fn suspensions_of_case(
        &mut self,
        case: CaseId,
    ) -> Result<Vec<CaseSuspension>, DomainError>;
    /// Stores an extension request.
    async fn insert_extension(&mut self, request: &ExtensionRequest) -> Result<(), DomainError>;
    /// Replaces a stored extension request (same id).
    async fn update_extension(&mut self, request: &ExtensionRequest) -> Result<(), DomainError>;
    /// The extension request with this id.
    async fn extension(&mut self, id: ExtensionId)
    -> Result<Option<ExtensionRequest>, DomainError>;
    /// A case's extension requests, oldest first.
    async fn extensions_of_case(
        &mut self,
        case: CaseId,
    ) -> Result<Vec<ExtensionRequest>, DomainError>;
    /// A court's extension requests in a status, oldest first.
    async fn extensions_in_status(
        &mut self,
        court: CourtId,
        status: ExtensionStatus,
    ) -> Result<Vec<ExtensionRequest>, DomainError>;
    /// The cases of a court (or every court) docketed or closed on a day from `from` until
    /// before `to_exclusive`, grouped by court, category, month of docketing, month and mode of
    /// closure (the public statistics, `statistics::publish`).
    async fn caseload(
        &mut self,
        court: Option<CourtId>,
        from: Date,
        to_exclusive: Date,
    ) -> Result<Vec<CaseloadRow>, DomainError>;
}

/// Fee notices and payments.
#[async_trait]
pub trait FeeRepo {
    /// Stores a fee notice.
    async fn insert_fee_notice(&mut self, notice: &FeeNotice) -> Result<(), DomainError>;
    /// The notice with this id.
    async fn fee_notice(&mut self, id: FeeNoticeId) -> Result<Option<FeeNotice>, DomainError>;
    /// A case's notices, oldest first.
    async fn fee_notices_of_case(&mut self, case: CaseId) -> Result<Vec<FeeNotice>, DomainError>;
    /// Sets a notice's status.
    async fn set_fee_notice_status(
        &mut self,
        id: FeeNoticeId,
        status: FeeNoticeStatus,
    ) -> Result<(), DomainError>;
    /// Unpaid notices whose last day is before `date`.
    async fn unpaid_fee_notices_due_before(
        &mut self,
        date: Date,
    ) -> Result<Vec<FeeNotice>, DomainError>;
    /// Stores a payment; `Conflict("idempotency_key")` if the notice already has one with its key.
    async fn insert_payment(&mut self, payment: &Payment) -> Result<(), DomainError>;
    /// Replaces a stored payment (same id).
    async fn update_payment(&mut self, payment: &Payment) -> Result<(), DomainError>;
    /// The payment with this id.
    async fn payment(&mut self, id: PaymentId) -> Result<Option<Payment>, DomainError>;
    /// The payment of a notice made with an idempotency key.
    async fn payment_by_key(
        &mut self,
        notice: FeeNoticeId,
        key: &str,
    ) -> Result<Option<Payment>, DomainError>;
    /// Replaces a stored fee notice (same id): items, total, due date, status.
    async fn update_fee_notice(&mut self, notice: &FeeNotice) -> Result<(), DomainError>;
    /// Stores a judicial-aid application.
    async fn insert_relief(
        &mut self,
        application: &FeeReliefApplication,
    ) -> Result<(), DomainError>;
    /// Replaces a stored judicial-aid application (same id).
    async fn update_relief(
        &mut self,
        application: &FeeReliefApplication,
    ) -> Result<(), DomainError>;
    /// The judicial-aid application with this id.
    async fn relief(
        &mut self,
        id: FeeReliefId,
    ) -> Result<Option<FeeReliefApplication>, DomainError>;
    /// A case's judicial-aid applications, oldest first.
    async fn reliefs_of_case(
        &mut self,
        case: CaseId,
    ) -> Result<Vec<FeeReliefApplication>, DomainError>;
    /// A court's judicial-aid applications in a status, oldest first.
    async fn reliefs_in_status(
        &mut self,
        court: CourtId,
        status: ReliefStatus,
    ) -> Result<Vec<FeeReliefApplication>, DomainError>;
    /// Records a refund.
    async fn insert_refund(&mut self, refund: &Refund) -> Result<(), DomainError>;
    /// A case's refunds, oldest first.
    async fn refunds_of_case(&mut self, case: CaseId) -> Result<Vec<Refund>, DomainError>;
    /// Payments still pending, created before `before_us` (for reconciliation).
    async fn pending_payments(&mut self, before_us: i64) -> Result<Vec<Payment>, DomainError>;
}

/// Inbox messages.
#[async_trait]
pub trait InboxRepo {
    /// Stores a message.
    async fn insert_notification(&mut self, n: &Notification) -> Result<(), DomainError>;
    /// An account's messages, newest first.
    async fn notifications_of(
        &mut self,
        account: AccountId,
        limit: i64,
    ) -> Result<Vec<Notification>, DomainError>;
    /// The account's notification preferences (none set: inbox only).
    async fn notify_preferences(
        &mut self,
        account: AccountId,
    ) -> Result<NotifyPreferences, DomainError>;
    /// Sets the account's notification preferences.
    async fn set_notify_preferences(
        &mut self,
        account: AccountId,
        preferences: NotifyPreferences,
    ) -> Result<(), DomainError>;
    /// How many of the account's messages are unread.
    async fn unread_notifications(&mut self, account: AccountId) -> Result<i64, DomainError>;
    /// Marks a message of the account read.
    async fn mark_notification_read(
        &mut self,
        id: NotificationId,
        account: AccountId,
        at_us: i64,
    ) -> Result<(), DomainError>;
}

/// A stored blob (content-addressed file) as the database knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobRecord {
    /// SHA-256, the address.
    pub sha256: String,
    /// SM3.
    pub sm3: String,
    /// Bytes.
    pub size_bytes: i64,
    /// First recorded (µs).
    pub created_at_us: i64,
}

/// The electronic dossier: blobs, materials and reading applications.
#[async_trait]
pub trait DossierRepo {
    /// Records a blob unless already recorded (content addressing makes it idempotent).
    async fn record_blob(&mut self, blob: &BlobRecord) -> Result<(), DomainError>;
    /// The blob with this address, if recorded.
    async fn blob(&mut self, sha256: &str) -> Result<Option<BlobRecord>, DomainError>;
    /// Every recorded blob address (for the sweeper and the consistency check), sorted.
    async fn blob_addresses(&mut self) -> Result<Vec<String>, DomainError>;
    /// Stores a new material.
    async fn insert_material(&mut self, material: &Material) -> Result<(), DomainError>;
    /// Replaces a material's title, kind, volume and position.
    async fn update_material(&mut self, material: &Material) -> Result<(), DomainError>;
    /// Sets catalogue positions.
    async fn set_material_positions(
        &mut self,
        positions: &[(MaterialId, i64)],
    ) -> Result<(), DomainError>;
    /// The material with this id.
    async fn material(&mut self, id: MaterialId) -> Result<Option<Material>, DomainError>;
    /// A case's materials, in one volume or both, in catalogue order.
    async fn materials_of_case(
        &mut self,
        case: CaseId,
        volume: Option<Volume>,
    ) -> Result<Vec<Material>, DomainError>;
    /// Materials submitted with a filing, oldest first.
    async fn materials_of_filing(&mut self, filing: FilingId)
    -> Result<Vec<Material>, DomainError>;
    /// Files a filing's materials into the case docketed from it (Rules art. 20 ¶1).
    async fn attach_filing_materials(
        &mut self,
        filing: FilingId,
        case: CaseId,
    ) -> Result<u64, DomainError>;
    /// Stores a reading application.
    async fn insert_reading_request(&mut self, request: &ReadingRequest)
    -> Result<(), DomainError>;
    /// Records a decision on a reading application.
    async fn update_reading_request(&mut self, request: &ReadingRequest)
    -> Result<(), DomainError>;
    /// The reading application with this id.
    async fn reading_request(
        &mut self,
        id: ReadingRequestId,
    ) -> Result<Option<ReadingRequest>, DomainError>;
    /// A case's reading applications, newest first.
    async fn reading_requests_of_case(
        &mut self,
        case: CaseId,
    ) -> Result<Vec<ReadingRequest>, DomainError>;
}

/// Evidence lists, the exchange, cross-examination and findings.
#[async_trait]
pub trait EvidenceRepo {
    /// Stores an evidence item.
    async fn insert_evidence_item(&mut self, item: &EvidenceItem) -> Result<(), DomainError>;
    /// The item with this id.
    async fn evidence_item(
        &mut self,
        id: EvidenceItemId,
    ) -> Result<Option<EvidenceItem>, DomainError>;
    /// A case's items, by side then number.
    async fn evidence_of_case(&mut self, case: CaseId) -> Result<Vec<EvidenceItem>, DomainError>;
    /// Opens the case's exchange; `Conflict("evidence_exchange")` if already open.
    async fn insert_exchange(&mut self, exchange: &EvidenceExchange) -> Result<(), DomainError>;
    /// The case's exchange, if open.
    async fn exchange(&mut self, case: CaseId) -> Result<Option<EvidenceExchange>, DomainError>;
    /// Stores an opinion, replacing the author's earlier one on the same item.
    async fn put_opinion(&mut self, opinion: &Opinion) -> Result<(), DomainError>;
    /// Opinions on a case's items.
    async fn opinions_of_case(&mut self, case: CaseId) -> Result<Vec<Opinion>, DomainError>;
    /// Stores the court's finding on an item, replacing an earlier one.
    async fn put_finding(&mut self, finding: &Finding) -> Result<(), DomainError>;
    /// Findings on a case's items.
    async fn findings_of_case(&mut self, case: CaseId) -> Result<Vec<Finding>, DomainError>;
}

/// The evidence ledger: leaves, the head, the integrated tree, its subtree hashes, checkpoints,
/// and the logs this installation witnesses.
#[async_trait]
pub trait LedgerRepo {
    /// Takes `count` consecutive leaf indexes and returns the first: gap-free, and the head row
    /// stays locked until the caller's transaction ends, so indexes are committed in order.
    async fn take_leaf_indexes(&mut self, count: i64) -> Result<i64, DomainError>;
    /// The index the next leaf will take (= leaves committed).
    async fn ledger_next_index(&mut self) -> Result<i64, DomainError>;
    /// Stores leaves (one statement for the lot).
    async fn insert_leaves(&mut self, leaves: &[StoredLeaf]) -> Result<(), DomainError>;
    /// The integrated tree.
    async fn ledger_tree(&mut self) -> Result<LedgerTree, DomainError>;
    /// Replaces the integrated tree, provided it still has `expected_size` (else `Conflict`:
    /// another sequencer got there first). Called first to claim the row, and again to record
    /// the new size.
    async fn set_ledger_tree(
        &mut self,
        expected_size: i64,
        tree: &LedgerTree,
    ) -> Result<(), DomainError>;
    /// Leaves from `from`, at most `limit`, by index.
    async fn leaves(&mut self, from: i64, limit: i64) -> Result<Vec<StoredLeaf>, DomainError>;
    /// The leaf at `index`.
    async fn leaf(&mut self, index: i64) -> Result<Option<StoredLeaf>, DomainError>;
    /// Leaves whose content has this SHA-256, by index.
    async fn leaves_by_content(&mut self, sha256: &str) -> Result<Vec<StoredLeaf>, DomainError>;
    /// Leaves with this leaf hash (hex), by index.
    async fn leaves_by_leaf_hash(&mut self, hash: &str) -> Result<Vec<StoredLeaf>, DomainError>;
    /// Stores perfect-subtree hashes (level, index, hex hash) in one statement; existing ones
    /// are kept.
    async fn put_nodes(&mut self, nodes: &[(u8, i64, String)]) -> Result<(), DomainError>;
    /// The perfect-subtree hash at (level, index).
    async fn node(&mut self, level: u8, index: i64) -> Result<Option<String>, DomainError>;
    /// The perfect-subtree hashes of one level with index in `[from, to)`, by index.
    async fn nodes(&mut self, level: u8, from: i64, to: i64) -> Result<Vec<String>, DomainError>;
    /// Stores a checkpoint.
    async fn insert_checkpoint(&mut self, checkpoint: &StoredCheckpoint)
    -> Result<(), DomainError>;
    /// The latest checkpoint.
    async fn latest_checkpoint(&mut self) -> Result<Option<StoredCheckpoint>, DomainError>;
    /// The checkpoint of a tree size.
    async fn checkpoint(&mut self, size: i64) -> Result<Option<StoredCheckpoint>, DomainError>;
    /// Checkpoints, newest first, of size below `before` (all when `None`), at most `limit`.
    async fn checkpoints(
        &mut self,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<StoredCheckpoint>, DomainError>;
    /// Checkpoints from size `from` upward, oldest first, at most `limit` (audits).
    async fn checkpoints_from(
        &mut self,
        from: i64,
        limit: i64,
    ) -> Result<Vec<StoredCheckpoint>, DomainError>;
    /// The latest checkpoint cosigned for a witnessed log.
    async fn witnessed_log(&mut self, origin: &str) -> Result<Option<WitnessedLog>, DomainError>;
    /// Records a newly cosigned checkpoint of a witnessed log, provided the size recorded is
    /// still `expected_size` (0: none recorded); else `Conflict`.
    async fn advance_witnessed_log(
        &mut self,
        expected_size: i64,
        log: &WitnessedLog,
    ) -> Result<(), DomainError>;
}

/// Electronic delivery: addresses by version, deliveries and their traces.
#[async_trait]
pub trait DeliveryRepo {
    /// Stores a new version of a party's delivery addresses (`Conflict` if the version exists).
    async fn insert_delivery_address(&mut self, a: &DeliveryAddress) -> Result<(), DomainError>;
    /// The version in force of one account's addresses in a case.
    async fn current_delivery_address(
        &mut self,
        case: CaseId,
        account: AccountId,
    ) -> Result<Option<DeliveryAddress>, DomainError>;
    /// Every version of one account's addresses in a case, oldest first.
    async fn delivery_address_history(
        &mut self,
        case: CaseId,
        account: AccountId,
    ) -> Result<Vec<DeliveryAddress>, DomainError>;
    /// Stores a delivery.
    async fn insert_delivery(&mut self, d: &Delivery) -> Result<(), DomainError>;
    /// Updates a delivery's status, legal delivery instant, channels and consent.
    async fn update_delivery(&mut self, d: &Delivery) -> Result<(), DomainError>;
    /// A delivery.
    async fn delivery(&mut self, id: DeliveryId) -> Result<Option<Delivery>, DomainError>;
    /// A case's deliveries, newest first.
    async fn deliveries_of_case(&mut self, case: CaseId) -> Result<Vec<Delivery>, DomainError>;
    /// An account's deliveries, newest first.
    async fn deliveries_to(&mut self, account: AccountId) -> Result<Vec<Delivery>, DomainError>;
    /// An account's deliveries it has not signed for yet (its tasks), newest first.
    async fn deliveries_awaiting_signature(
        &mut self,
        account: AccountId,
    ) -> Result<Vec<Delivery>, DomainError>;
    /// Appends a trace event.
    async fn insert_delivery_event(&mut self, e: &DeliveryEvent) -> Result<(), DomainError>;
    /// A delivery's trace in the order it was recorded (ids are time-ordered UUIDv7).
    async fn delivery_events(&mut self, id: DeliveryId) -> Result<Vec<DeliveryEvent>, DomainError>;
}

/// Background jobs.
#[async_trait]
pub trait JobRepo {
    /// Stores a job.
    async fn insert_job(&mut self, job: &Job) -> Result<(), DomainError>;
    /// Claims up to `limit` pending jobs due at `now_us`: each gets its attempt counted and a
    /// lease until `lease_until_us`, so no other runner takes it meanwhile.
    async fn claim_jobs(
        &mut self,
        now_us: i64,
        lease_until_us: i64,
        limit: i64,
    ) -> Result<Vec<Job>, DomainError>;
    /// Records a job's outcome: its status, next run and last error.
    async fn update_job(&mut self, job: &Job) -> Result<(), DomainError>;
    /// Jobs of a kind whose payload mentions `needle`, newest first (to show a delivery's
    /// e-mail job).
    async fn jobs_mentioning(&mut self, kind: &str, needle: &str) -> Result<Vec<Job>, DomainError>;
}

/// Judgment publication (裁判文书公开): the texts of issued documents and the publications.
#[async_trait]
pub trait PublicationRepo {
    /// Sets (or replaces) a case's process query code, as its SHA-256 digest.
    async fn put_query_code(
        &mut self,
        case: CaseId,
        case_number: &str,
        code_hash: &str,
        at_us: i64,
    ) -> Result<(), DomainError>;
    /// The case with this number and the digest of its query code, if one was issued.
    async fn query_code(
        &mut self,
        case_number: &str,
    ) -> Result<Option<(CaseId, String)>, DomainError>;
    /// Keeps the text of a document issued from a template.
    async fn insert_document_text(
        &mut self,
        material: MaterialId,
        text: &str,
    ) -> Result<(), DomainError>;
    /// The kept text of an issued document.
    async fn document_text(&mut self, material: MaterialId) -> Result<Option<String>, DomainError>;
    /// Stores a publication (`Conflict` when the document already has one).
    async fn insert_publication(&mut self, p: &JudgmentPublication) -> Result<(), DomainError>;
    /// Updates a publication's title, status, texts, reasons, ledger entry and publication time.
    async fn update_publication(&mut self, p: &JudgmentPublication) -> Result<(), DomainError>;
    /// A publication.
    async fn publication(
        &mut self,
        id: PublicationId,
    ) -> Result<Option<JudgmentPublication>, DomainError>;
    /// A court's publications with the given status, earliest due first.
    async fn publications_of_court(
        &mut self,
        court: CourtId,
        status: PublicationStatus,
    ) -> Result<Vec<JudgmentPublication>, DomainError>;
    /// A case's publications, newest first.
    async fn publications_of_case(
        &mut self,
        case: CaseId,
    ) -> Result<Vec<JudgmentPublication>, DomainError>;
    /// Public documents (published, or withheld with their stub) whose case number, title or
    /// text contains `query` (all when empty), newest first: one page and the total.
    async fn public_publications(
        &mut self,
        query: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<JudgmentPublication>, i64), DomainError>;
}

/// Online mediation (在线调解): the roster, mediations, their messages and settlements.
#[async_trait]
pub trait MediationRepo {
    /// Stores an organisation.
    async fn insert_organisation(&mut self, o: &Organisation) -> Result<(), DomainError>;
    /// Updates an organisation's name, kind, scope, region, fee and whether it is active.
    async fn update_organisation(&mut self, o: &Organisation) -> Result<(), DomainError>;
    /// An organisation.
    async fn organisation(
        &mut self,
        id: OrganisationId,
    ) -> Result<Option<Organisation>, DomainError>;
    /// The organisations of a court (of every court when `None`), by name.
    async fn organisations(
        &mut self,
        court: Option<CourtId>,
    ) -> Result<Vec<Organisation>, DomainError>;
    /// Stores a mediator's roster entry or replaces it (one per court and account).
    async fn put_mediator(&mut self, m: &Mediator) -> Result<(), DomainError>;
    /// A mediator's entry on a court's roster.
    async fn mediator(
        &mut self,
        court: CourtId,
        account: AccountId,
    ) -> Result<Option<Mediator>, DomainError>;
    /// The roster of a court (of every court when `None`), oldest first.
    async fn mediators(&mut self, court: Option<CourtId>) -> Result<Vec<Mediator>, DomainError>;
    /// The roster entries of one account, at every court.
    async fn roster_entries(&mut self, account: AccountId) -> Result<Vec<Mediator>, DomainError>;
    /// Stores a new mediation.
    async fn insert_mediation(&mut self, m: &Mediation) -> Result<(), DomainError>;
    /// Replaces a mediation's state.
    async fn update_mediation(&mut self, m: &Mediation) -> Result<(), DomainError>;
    /// A mediation, locked for update until the transaction ends (where the backend locks rows).
    async fn mediation(&mut self, id: MediationId) -> Result<Option<Mediation>, DomainError>;
    /// The mediation a filing was diverted to, or whose judicial confirmation it applies for.
    async fn mediation_of_filing(
        &mut self,
        filing: FilingId,
    ) -> Result<Option<Mediation>, DomainError>;
    /// The mediations held in a case, newest first.
    async fn mediations_of_case(&mut self, case: CaseId) -> Result<Vec<Mediation>, DomainError>;
    /// The mediations of a court, newest first.
    async fn mediations_of_court(&mut self, court: CourtId) -> Result<Vec<Mediation>, DomainError>;
    /// The mediations an account acts in as a party or mediator, newest first.
    async fn mediations_of_account(
        &mut self,
        account: AccountId,
    ) -> Result<Vec<Mediation>, DomainError>;
    /// The mediations not yet over, for the periodic sweep of answer periods and deadlines.
    async fn open_mediations(&mut self) -> Result<Vec<Mediation>, DomainError>;
    /// Appends a message, giving it the mediation's next sequence number (returned).
    async fn insert_message(&mut self, m: &Message) -> Result<i64, DomainError>;
    /// The messages of the given threads after `after_seq`, oldest first, at most `limit`.
    async fn messages(
        &mut self,
        mediation: MediationId,
        threads: &[Thread],
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<Message>, DomainError>;
    /// Stores or replaces a mediation's settlement.
    async fn put_settlement(&mut self, s: &Settlement) -> Result<(), DomainError>;
    /// A mediation's settlement.
    async fn settlement(
        &mut self,
        mediation: MediationId,
    ) -> Result<Option<Settlement>, DomainError>;
}

/// Hearings (庭审): scheduled sittings.
#[async_trait]
pub trait HearingRepo {
    /// Stores a new sitting.
    async fn insert_hearing(&mut self, s: &HearingSession) -> Result<(), DomainError>;
    /// Replaces a sitting's state.
    async fn update_hearing(&mut self, s: &HearingSession) -> Result<(), DomainError>;
    /// A sitting, locked for update until the transaction ends (where the backend locks rows).
    async fn hearing(&mut self, id: HearingId) -> Result<Option<HearingSession>, DomainError>;
    /// A case's sittings, earliest first.
    async fn hearings_of_case(&mut self, case: CaseId) -> Result<Vec<HearingSession>, DomainError>;
    /// Sittings of every court overlapping `[from_us, to_us)`, earliest first (conflict checks
    /// span courts: a lawyer appears before several).
    async fn hearings_overlapping(
        &mut self,
        from_us: i64,
        to_us: i64,
    ) -> Result<Vec<HearingSession>, DomainError>;
    /// A court's sittings starting in `[from_us, to_us)`, earliest first (the calendar).
    async fn hearings_of_court(
        &mut self,
        court: CourtId,
        from_us: i64,
        to_us: i64,
    ) -> Result<Vec<HearingSession>, DomainError>;
    /// Public sittings of every court starting in `[from_us, until_us)` that still occupy their
    /// time, for the public notices (开庭公告), earliest first: `limit` of them after skipping
    /// `offset`, and how many there are in all.
    async fn public_hearings(
        &mut self,
        from_us: i64,
        until_us: i64,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<HearingSession>, i64), DomainError>;
    /// Stores or replaces a sitting's transcript.
    async fn put_transcript(&mut self, t: &Transcript) -> Result<(), DomainError>;
    /// A sitting's transcript, locked for update until the transaction ends (where the backend
    /// locks rows).
    async fn transcript(&mut self, hearing: HearingId) -> Result<Option<Transcript>, DomainError>;
}

/// Incidents that suspend online services (故障公告, Rules art. 40).
#[async_trait]
pub trait IncidentRepo {
    /// Stores a new incident.
    async fn insert_incident(&mut self, incident: &Incident) -> Result<(), DomainError>;
    /// Replaces a stored incident (same id).
    async fn update_incident(&mut self, incident: &Incident) -> Result<(), DomainError>;
    /// The incident with this id.
    async fn incident(&mut self, id: IncidentId) -> Result<Option<Incident>, DomainError>;
    /// Incidents, newest first, at most `limit`: all, or only those still lasting.
    async fn incidents(
        &mut self,
        active_only: bool,
        limit: i64,
    ) -> Result<Vec<Incident>, DomainError>;
}

/// Audio and video recordings of mediation sessions and hearings.
#[async_trait]
pub trait RecordingRepo {
    /// Stores a new recording.
    async fn insert_recording(&mut self, r: &Recording) -> Result<(), DomainError>;
    /// Updates a recording's length, status, material and times.
    async fn update_recording(&mut self, r: &Recording) -> Result<(), DomainError>;
    /// A recording, locked for update until the transaction ends (where the backend locks rows).
    async fn recording(&mut self, id: RecordingId) -> Result<Option<Recording>, DomainError>;
    /// The recordings of a mediation or a sitting, oldest first.
    async fn recordings_of(&mut self, subject: Recorded) -> Result<Vec<Recording>, DomainError>;
    /// Recordings to file: those still running whose last piece arrived before `before_us`, and
    /// finished ones with bytes but no material yet (filing was interrupted).
    async fn recordings_to_file(&mut self, before_us: i64) -> Result<Vec<Recording>, DomainError>;
}
