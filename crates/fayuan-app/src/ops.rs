//! Operations (Rules arts. 13, 37): readiness, scheduled maintenance (audit retention, expired
//! sessions), and the SMS sandbox's outbox for administrators.

use std::time::Duration;

use fayuan_core::clock::to_micros;
use fayuan_core::digest::ContentHash;
use fayuan_domain::ledger::EntryKind;
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::SmsRecord;

use crate::ledger::Deposit;
use crate::policy::{Action, Resource};
use crate::{App, AppError, Ctx};

/// How often scheduled maintenance runs.
pub const MAINTENANCE_INTERVAL: Duration = Duration::from_secs(3600);

/// What one maintenance run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MaintenanceReport {
    /// Audit events removed by retention.
    pub audit_events_pruned: u64,
    /// Expired sessions removed.
    pub sessions_removed: u64,
    /// Pending payments expired by reconciliation.
    pub payments_expired: u64,
    /// Cases newly flagged for unpaid fees.
    pub cases_flagged_unpaid: u64,
    /// Unrecorded blobs and abandoned uploads removed.
    pub blobs_swept: usize,
    /// The ledger entry anchoring the audit chain's head, if there were events to anchor.
    pub audit_anchor: Option<i64>,
    /// What the sweep of open mediations did.
    pub mediations: crate::mediation::sweep::MediationSweep,
    /// Documents indexed when the search index had drifted from the database, if it had.
    pub search_reindexed: Option<usize>,
}

impl App {
    /// Whether the database answers (for `/readyz`).
    pub async fn ready(&self) -> Result<(), AppError> {
        Ok(self.store.ping().await?)
    }

    /// Runs the periodic jobs once: audit retention, expired-session and stale login-failure
    /// cleanup, fee reconciliation (expired payments, overdue fee notices), the sweeps of blobs,
    /// uploads and mediations, the audit anchor, and the search index's reconciliation.
    pub async fn run_maintenance(&self, ctx: &Ctx) -> Result<MaintenanceReport, AppError> {
        let audit_events_pruned = self.prune_audit(ctx).await?;
        let mut tx = self.store.begin().await?;
        let sessions_removed = tx
            .delete_expired_sessions(to_micros(self.clock.now()))
            .await?;
        // Failures older than the throttling window no longer count for anything.
        let window_start = self.clock.now() - crate::accounts::THROTTLE_WINDOW;
        tx.prune_login_failures(to_micros(window_start)).await?;
        tx.commit().await?;
        let (payments_expired, cases_flagged_unpaid) = self.reconcile_fees(ctx).await?;
        let blobs_swept = self
            .sweep_blobs(self.config.blob_grace)
            .await?
            .removed
            .len();
        self.sweep_staging().await;
        let mediations = self.sweep_mediations(ctx).await?;
        let audit_anchor = self.anchor_audit_chain().await?;
        let search_reindexed = self.reconcile_search_index().await?;
        Ok(MaintenanceReport {
            search_reindexed,
            mediations,
            audit_anchor,
            blobs_swept,
            audit_events_pruned,
            sessions_removed,
            payments_expired,
            cases_flagged_unpaid,
        })
    }

    /// Runs maintenance now and then every [`MAINTENANCE_INTERVAL`] until the task is dropped.
    pub fn spawn_scheduler(&self) -> tokio::task::JoinHandle<()> {
        let app = self.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(MAINTENANCE_INTERVAL);
            loop {
                ticker.tick().await;
                match app.run_maintenance(&Ctx::anonymous("scheduler")).await {
                    Ok(report) => tracing::info!(?report, "maintenance done"),
                    Err(e) => tracing::error!(error = %e, "maintenance failed"),
                }
            }
        })
    }

    /// Deposits the audit chain's head in the ledger, so that rewriting the audit log after the
    /// fact contradicts a signed, witnessed checkpoint (Rules art. 34).
    async fn anchor_audit_chain(&self) -> Result<Option<i64>, AppError> {
        let bounds = {
            let mut tx = self.store.begin().await?;
            tx.audit_bounds().await?
        };
        if bounds.head_seq == 0 {
            return Ok(None);
        }
        let leaf = self
            .append_to_ledger(Deposit {
                kind: EntryKind::AuditAnchor,
                subjects: vec![format!("audit:{}", bounds.head_seq)],
                content: Some(ContentHash {
                    sha256: bounds.head_hash,
                    sm3: String::new(),
                }),
            })
            .await?;
        Ok(Some(leaf.index))
    }

    /// The messages the SMS sandbox recorded, newest first (administrators).
    pub async fn sandbox_sms(&self, ctx: &Ctx, limit: i64) -> Result<Vec<SmsRecord>, AppError> {
        self.authorise(
            ctx,
            Action::ReadSandboxSms,
            Resource::System,
            "ops.sandbox_sms",
            "sandbox_sms",
        )
        .await?;
        let mut tx = self.store.begin().await?;
        let messages = tx.list_sms(limit.clamp(1, 500)).await?;
        self.audit(
            &mut *tx,
            ctx,
            "ops.sandbox_sms",
            "sandbox_sms",
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(messages)
    }
}

impl App {
    /// Registers an identity with the identity-registry sandbox (operator only: the demo and
    /// tests use it to make identities known).
    pub async fn put_sandbox_identity(
        &self,
        ctx: &Ctx,
        number: &str,
        name: &str,
    ) -> Result<(), AppError> {
        if !ctx.operator {
            return Err(AppError::Forbidden);
        }
        let mut tx = self.store.begin().await?;
        tx.put_sandbox_identity(number, name).await?;
        self.audit(
            &mut *tx,
            ctx,
            "ops.sandbox_identity",
            "sandbox_identities",
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
