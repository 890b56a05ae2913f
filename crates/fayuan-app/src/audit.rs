//! Writing, searching, verifying and pruning the audit log (Rules arts. 12, 34).

use fayuan_core::clock::to_micros;
use fayuan_domain::DomainError;
use fayuan_domain::security::{AuditEvent, AuditOutcome, ChainVerifier, NewAuditEvent};
use fayuan_domain::store::{AuditFilter, Tx};

use crate::policy::{Action, Resource, require};
use crate::{App, AppError, Ctx, MIN_AUDIT_RETENTION_DAYS};

/// Events read per batch while verifying.
const VERIFY_BATCH: i64 = 5_000;

impl App {
    /// Builds the audit event of `ctx` doing `action` to `target`.
    pub(crate) fn audit_event(
        &self,
        ctx: &Ctx,
        action: &str,
        target: &str,
        outcome: AuditOutcome,
        detail: &str,
    ) -> NewAuditEvent {
        NewAuditEvent {
            at_us: to_micros(self.clock.now()),
            actor_id: ctx.actor.as_ref().map(|a| a.account_id),
            actor_role: match &ctx.actor {
                Some(a) => a.audit_role(),
                None if ctx.operator => "operator".to_string(),
                None => "anonymous".to_string(),
            },
            action: action.to_string(),
            target: target.to_string(),
            client_addr: ctx.client_addr.clone(),
            request_id: ctx.request_id,
            outcome,
            detail: detail.to_string(),
        }
    }

    /// Appends an audit event inside the caller's transaction.
    pub(crate) async fn audit(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        action: &str,
        target: &str,
        outcome: AuditOutcome,
        detail: &str,
    ) -> Result<(), AppError> {
        tx.append_audit(&self.audit_event(ctx, action, target, outcome, detail))
            .await?;
        Ok(())
    }

    /// Records a refused or failed attempt in a transaction of its own (the caller's transaction,
    /// if any, is being rolled back), then hands the error back.
    pub(crate) async fn audit_refusal(
        &self,
        ctx: &Ctx,
        action: &str,
        target: &str,
        error: AppError,
    ) -> AppError {
        let outcome = match error {
            AppError::Internal(_) => AuditOutcome::Failure,
            _ => AuditOutcome::Denied,
        };
        let event = self.audit_event(ctx, action, target, outcome, error.code());
        let written = async {
            let mut tx = self.store.begin().await?;
            tx.append_audit(&event).await?;
            tx.commit().await
        }
        .await;
        if let Err(e) = written {
            tracing::error!(error = %e, "could not write the audit event of a refusal");
        }
        error
    }

    /// Records a refusal in `tx` — which must hold nothing but reads so far — commits it, and
    /// hands the error back.
    pub(crate) async fn refuse_in(
        &self,
        mut tx: Box<dyn Tx>,
        ctx: &Ctx,
        action: &str,
        target: &str,
        error: AppError,
    ) -> AppError {
        let outcome = match error {
            AppError::Internal(_) => AuditOutcome::Failure,
            _ => AuditOutcome::Denied,
        };
        let event = self.audit_event(ctx, action, target, outcome, error.code());
        let written = async {
            tx.append_audit(&event).await?;
            tx.commit().await
        }
        .await;
        if let Err(e) = written {
            tracing::error!(error = %e, "could not write the audit event of a refusal");
        }
        error
    }

    /// [`App::authorise`] for a use case that already holds `tx` (with reads only): the refusal
    /// is audited in `tx`; on success `tx` is handed back.
    pub(crate) async fn authorise_in(
        &self,
        tx: Box<dyn Tx>,
        ctx: &Ctx,
        action: Action,
        resource: Resource,
        audit_action: &str,
        target: &str,
    ) -> Result<Box<dyn Tx>, AppError> {
        if ctx.operator {
            return Ok(tx);
        }
        match require(ctx.actor.as_ref(), action, resource) {
            Ok(_) => Ok(tx),
            Err(e) => Err(self.refuse_in(tx, ctx, audit_action, target, e).await),
        }
    }

    /// Checks the actor (or the console operator) may do `action` to `resource`; audits and
    /// returns the refusal otherwise.
    pub(crate) async fn authorise(
        &self,
        ctx: &Ctx,
        action: Action,
        resource: Resource,
        audit_action: &str,
        target: &str,
    ) -> Result<(), AppError> {
        if ctx.operator {
            return Ok(());
        }
        match require(ctx.actor.as_ref(), action, resource) {
            Ok(_) => Ok(()),
            Err(e) => Err(self.audit_refusal(ctx, audit_action, target, e).await),
        }
    }

    /// Searches the audit log (administrators); the search itself is audited.
    pub async fn search_audit(
        &self,
        ctx: &Ctx,
        mut filter: AuditFilter,
    ) -> Result<Vec<AuditEvent>, AppError> {
        self.authorise(
            ctx,
            Action::ReadAuditLog,
            Resource::System,
            "security.audit_search",
            "audit_log",
        )
        .await?;
        filter.limit = filter.limit.clamp(1, 500);
        let mut tx = self.store.begin().await?;
        let events = tx.search_audit(&filter).await?;
        self.audit(
            &mut *tx,
            ctx,
            "security.audit_search",
            "audit_log",
            AuditOutcome::Success,
            &format!("{} events", events.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(events)
    }

    /// Verifies the whole chain in batches. The outer error is a failure to read; the inner
    /// result is the verdict: the number of events checked, or the first broken event.
    pub async fn verify_audit_chain(&self) -> Result<Result<i64, DomainError>, AppError> {
        let mut tx = self.store.begin().await?;
        let bounds = tx.audit_bounds().await?;
        let mut next = bounds.first_seq;
        let mut verifier = ChainVerifier::new(bounds);
        loop {
            let batch = tx.audit_range(next, VERIFY_BATCH).await?;
            let Some(last) = batch.last() else { break };
            next = last.seq + 1;
            for event in &batch {
                if let Err(broken) = verifier.feed(event) {
                    return Ok(Err(broken));
                }
            }
        }
        Ok(verifier.finish())
    }

    /// Removes audit events older than the configured retention (at least 180 days), keeping the
    /// chain verifiable from its new anchor. Run daily by the scheduler.
    pub async fn prune_audit(&self, ctx: &Ctx) -> Result<u64, AppError> {
        let days = self
            .config
            .audit_retention_days
            .max(MIN_AUDIT_RETENTION_DAYS);
        let cutoff = self.clock.now() - time::Duration::days(days);
        let mut tx = self.store.begin().await?;
        let removed = tx.prune_audit(to_micros(cutoff)).await?;
        if removed > 0 {
            self.audit(
                &mut *tx,
                ctx,
                "security.audit_prune",
                "audit_log",
                AuditOutcome::Success,
                &format!("removed {removed} events older than {days} days"),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(removed)
    }
}
