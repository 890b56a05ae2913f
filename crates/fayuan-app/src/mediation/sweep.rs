//! The periodic sweep of open mediations: unanswered invitations end the attempt (art. 15 ¶2),
//! reminders go out before the period ends, expired periods end the mediation (art. 25 (六)),
//! and a settlement whose last signature was given but not yet put into effect (a crash between
//! the two) is finished.

use fayuan_core::clock::to_micros;
use fayuan_core::id::SessionId;
use fayuan_domain::accounts::Account;
use fayuan_domain::mediation::settlement::SettlementStatus;
use fayuan_domain::mediation::{EndReason, Mediation, MediationStatus};

use super::REMIND_DAYS_BEFORE;
use crate::{Actor, App, AppError, Ctx};

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MediationSweep {
    /// Attempts ended because the invitation was not answered in time.
    pub unanswered: usize,
    /// Mediations ended because their period expired.
    pub expired: usize,
    /// Reminders sent.
    pub reminded: usize,
    /// Settlements put into effect after an interruption.
    pub finished: usize,
    /// Recordings filed after they fell idle or their filing was interrupted.
    pub recordings_filed: usize,
}

/// The scheduler acting on the mediator's behalf, so the documents it files name the mediator
/// as their author while the audit log shows the scheduler as the origin.
fn scheduled_for(account: &Account) -> Ctx {
    Ctx {
        actor: Some(Actor {
            account_id: account.id,
            session_id: SessionId::new(),
            kind: account.kind,
            name: account.name.clone(),
            roles: account.roles.clone(),
            court_id: account.court_id,
            verification: account.verification,
            csrf_token: String::new(),
        }),
        operator: true,
        ..Ctx::anonymous("scheduler")
    }
}

impl App {
    /// Runs the sweep once (from the maintenance scheduler).
    pub async fn sweep_mediations(&self, ctx: &Ctx) -> Result<MediationSweep, AppError> {
        let today = self.clock.today_in_china();
        let open = {
            let mut tx = self.store.begin().await?;
            let open = tx.open_mediations().await?;
            tx.commit().await?;
            open
        };
        let mut done = MediationSweep::default();
        for m in open {
            let ctx = self.acting_ctx(ctx, &m).await?;
            match m.status {
                MediationStatus::Inviting if today > m.answer_by => {
                    let mut tx = self.store.begin().await?;
                    let Some(m) = tx.mediation(m.id).await? else {
                        continue;
                    };
                    if m.status == MediationStatus::Inviting {
                        let note = format!("被邀请的当事人未在{}前答复是否同意调解。", m.answer_by);
                        self.fail(tx, &ctx, m, EndReason::Unreachable, &note)
                            .await?;
                        done.unanswered += 1;
                    }
                }
                MediationStatus::InProgress => {
                    self.sweep_in_progress(&ctx, m, today, &mut done).await?
                }
                _ => {}
            }
        }
        done.recordings_filed = self.file_idle_recordings(ctx).await?;
        Ok(done)
    }

    /// Files recordings left idle (or whose filing was interrupted), as their recorder.
    async fn file_idle_recordings(&self, ctx: &Ctx) -> Result<usize, AppError> {
        let idle_since = to_micros(self.clock.now() - crate::recording::IDLE_LIMIT);
        let to_file = {
            let mut tx = self.store.begin().await?;
            let list = tx.recordings_to_file(idle_since).await?;
            tx.commit().await?;
            list
        };
        let mut filed = 0;
        for recording in to_file {
            let account = {
                let mut tx = self.store.begin().await?;
                let account = tx.account(recording.started_by).await?;
                tx.commit().await?;
                account
            };
            let ctx = account.as_ref().map_or_else(|| ctx.clone(), scheduled_for);
            match self.close_recording(&ctx, recording.id).await {
                Ok(_) => filed += 1,
                Err(e) => {
                    tracing::error!(error = ?e, recording = %recording.id, "recording not filed");
                }
            }
        }
        Ok(filed)
    }

    /// The mediator's account acting through the scheduler, or the scheduler alone.
    async fn acting_ctx(&self, ctx: &Ctx, m: &Mediation) -> Result<Ctx, AppError> {
        let Some(mediator) = m.mediator_id else {
            return Ok(ctx.clone());
        };
        let mut tx = self.store.begin().await?;
        let account = tx.account(mediator).await?;
        tx.commit().await?;
        Ok(account.as_ref().map_or_else(|| ctx.clone(), scheduled_for))
    }

    async fn sweep_in_progress(
        &self,
        ctx: &Ctx,
        m: Mediation,
        today: time::Date,
        done: &mut MediationSweep,
    ) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        let settlement = tx.settlement(m.id).await?;
        let all_signed = settlement.as_ref().is_some_and(|s| {
            s.status == SettlementStatus::Signing
                && m.party_accounts().iter().all(|a| s.signed_by(*a))
        });
        if all_signed {
            tx.commit().await?;
            self.make_effective(ctx, m.id).await?;
            done.finished += 1;
            return Ok(());
        }
        let Some(deadline) = m.deadline_on else {
            return Ok(());
        };
        if today > deadline {
            let Some(m) = tx.mediation(m.id).await? else {
                return Ok(());
            };
            let note = format!(
                "调解期限于{deadline}届满，未达成调解协议，各方当事人未达成延长调解期限的合意。"
            );
            self.fail(tx, ctx, m, EndReason::Expired, &note).await?;
            done.expired += 1;
        } else if !m.reminded && (deadline - today).whole_days() <= REMIND_DAYS_BEFORE {
            let Some(mut m) = tx.mediation(m.id).await? else {
                return Ok(());
            };
            m.reminded = true;
            let mut to = m.party_accounts();
            to.extend(m.mediator_id);
            for account in to {
                self.notify(
                    &mut *tx,
                    account,
                    "调解期限即将届满",
                    &format!(
                        "{}：调解期限至{deadline}届满。需要继续调解的，各方当事人可以同意延长调解期限（《人民法院在线调解规则》第二十四条）。",
                        m.number
                    ),
                    Some(format!("/mediations/{}", m.id)),
                )
                .await?;
            }
            self.save_mediation(&mut *tx, ctx, &m, "mediation.remind", &deadline.to_string())
                .await?;
            tx.commit().await?;
            done.reminded += 1;
        }
        Ok(())
    }
}
