//! The inbox: messages to accounts about their filings and cases.

use fayuan_core::clock::to_micros;
use fayuan_core::id::{AccountId, JobId, NotificationId};
use fayuan_domain::inbox::{Notification, NotifyPreferences};
use fayuan_domain::jobs::{Job, JobStatus};
use fayuan_domain::ports::Mail;
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;
use serde::{Deserialize, Serialize};

use crate::{App, AppError, Ctx};

/// Job kind: a text message announcing a new inbox message.
pub(crate) const NOTICE_SMS_JOB: &str = "notice_sms";
/// Job kind: an e-mail announcing a new inbox message.
pub(crate) const NOTICE_EMAIL_JOB: &str = "notice_email";

/// What a notice job carries: where to, and the text (a subject and a link, never the content).
#[derive(Debug, Serialize, Deserialize)]
struct Notice {
    to: String,
    subject: String,
    text: String,
}

impl App {
    /// Puts a message in an account's inbox, inside the caller's transaction.
    pub(crate) async fn notify(
        &self,
        tx: &mut dyn Tx,
        to: AccountId,
        subject: &str,
        body: &str,
        link: Option<String>,
    ) -> Result<(), AppError> {
        tx.insert_notification(&Notification {
            id: NotificationId::new(),
            account_id: to,
            subject: subject.to_string(),
            body: body.to_string(),
            link: link.clone(),
            created_at_us: to_micros(self.clock.now()),
            read_at_us: None,
        })
        .await?;
        self.announce(tx, to, subject, link.as_deref()).await
    }

    /// The actor's latest messages.
    pub async fn inbox(&self, ctx: &Ctx) -> Result<Vec<Notification>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        Ok(tx.notifications_of(actor.account_id, 100).await?)
    }

    /// How many of the actor's messages are unread (0 without a session).
    pub async fn unread_count(&self, ctx: &Ctx) -> Result<i64, AppError> {
        let Some(actor) = ctx.actor.as_ref() else {
            return Ok(0);
        };
        let mut tx = self.store.begin().await?;
        Ok(tx.unread_notifications(actor.account_id).await?)
    }

    /// Marks one of the actor's messages read.
    pub async fn mark_read(&self, ctx: &Ctx, id: NotificationId) -> Result<(), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        tx.mark_notification_read(id, actor.account_id, to_micros(self.clock.now()))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Queues the announcements of a new message the account asked for (text message, e-mail),
    /// in the caller's transaction; the job runner sends them with retries.
    async fn announce(
        &self,
        tx: &mut dyn Tx,
        to: AccountId,
        subject: &str,
        link: Option<&str>,
    ) -> Result<(), AppError> {
        let preferences = tx.notify_preferences(to).await?;
        if !preferences.by_sms && !preferences.by_email {
            return Ok(());
        }
        let Some(account) = tx.account(to).await? else {
            return Ok(());
        };
        let url = format!("{}{}", self.config.public_url, link.unwrap_or("/inbox"));
        let text = format!(
            "【{}】您有新的消息：{subject}。请登录查看：{url}",
            self.config.sms_signature
        );
        let mut queue = Vec::new();
        if let (true, Some(phone)) = (preferences.by_sms, account.phone) {
            queue.push((NOTICE_SMS_JOB, phone));
        }
        if let (true, Some(email)) = (preferences.by_email, account.email) {
            queue.push((NOTICE_EMAIL_JOB, email));
        }
        let now_us = to_micros(self.clock.now());
        for (kind, address) in queue {
            let notice = Notice {
                to: address,
                subject: format!("【{}】{subject}", self.config.sms_signature),
                text: text.clone(),
            };
            tx.insert_job(&Job {
                id: JobId::new(),
                kind: kind.into(),
                payload: serde_json::to_string(&notice)
                    .map_err(|e| AppError::Internal(format!("job payload: {e}")))?,
                run_at_us: now_us,
                attempts: 0,
                status: JobStatus::Pending,
                last_error: String::new(),
                created_at_us: now_us,
            })
            .await?;
        }
        Ok(())
    }

    /// Sends one claimed announcement and records the job's outcome.
    pub(crate) async fn run_notice(&self, mut job: Job) -> Result<(), AppError> {
        let notice: Notice = serde_json::from_str(&job.payload)
            .map_err(|e| AppError::Internal(format!("job {} payload: {e}", job.id)))?;
        let sent = if job.kind == NOTICE_SMS_JOB {
            self.sms.send(&notice.to, &notice.text).await
        } else {
            self.mailer
                .send(&Mail {
                    to: notice.to,
                    subject: notice.subject,
                    body: notice.text,
                })
                .await
        };
        if let Err(e) = &sent {
            tracing::warn!(error = %e, job = %job.id, "inbox announcement failed");
        }
        job.conclude(to_micros(self.clock.now()), sent.map_err(|e| e.to_string()));
        let mut tx = self.store.begin().await?;
        tx.update_job(&job).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor's notification preferences.
    pub async fn notify_preferences(&self, ctx: &Ctx) -> Result<NotifyPreferences, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        Ok(tx.notify_preferences(actor.account_id).await?)
    }

    /// Sets how the actor wants new messages announced; refused for a channel the account has
    /// no address for.
    pub async fn set_notify_preferences(
        &self,
        ctx: &Ctx,
        preferences: NotifyPreferences,
    ) -> Result<(), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let account = tx
            .account(actor.account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if preferences.by_sms && account.phone.is_none() {
            return Err(AppError::invalid(
                "inbox.no_phone",
                "账户未登记手机号码，无法短信提醒。",
            ));
        }
        if preferences.by_email && account.email.is_none() {
            return Err(AppError::invalid(
                "inbox.no_email",
                "账户未登记电子邮箱，无法邮件提醒。",
            ));
        }
        tx.set_notify_preferences(actor.account_id, preferences)
            .await?;
        self.audit(
            &mut *tx,
            ctx,
            "inbox.preferences",
            &format!("account:{}", actor.account_id),
            AuditOutcome::Success,
            &format!("sms {} email {}", preferences.by_sms, preferences.by_email),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
