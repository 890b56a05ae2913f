//! The e-mail channel: the message (a link, never the document) is queued as a job in the
//! serving transaction and sent by the job runner; each failure is recorded in the trace and
//! retried with backoff until the attempts run out — the task is never lost and never holds up
//! the inbox copy.

use fayuan_core::clock::to_micros;
use fayuan_core::id::{DeliveryId, JobId};
use fayuan_domain::delivery::{Delivery, DeliveryChannel, EventKind};
use fayuan_domain::jobs::{Job, JobStatus};
use fayuan_domain::ports::Mail;
use fayuan_domain::store::Tx;
use serde::{Deserialize, Serialize};

use crate::{App, AppError};

/// The job kind.
pub(crate) const JOB_KIND: &str = "delivery_email";

/// What the job carries.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    delivery: DeliveryId,
    to: String,
    subject: String,
    body: String,
}

impl App {
    /// Queues the e-mail of a delivery in the caller's transaction.
    pub(crate) async fn enqueue_delivery_email(
        &self,
        tx: &mut dyn Tx,
        delivery: &Delivery,
        case_number: &str,
        to: &str,
    ) -> Result<(), AppError> {
        let link = format!("{}/deliveries/{}", self.config.public_url, delivery.id);
        let payload = Payload {
            delivery: delivery.id,
            to: to.to_owned(),
            subject: format!("【{}】送达：{}", self.config.sms_signature, delivery.title),
            body: format!(
                "{}：\n\n{}案向您送达《{}》。请登录诉讼服务平台查阅、下载并签收：\n{link}\n\n本邮件不附文书原件。文书到达您的诉讼平台账号即为送达（《民事诉讼法》第九十条）。\n\n{}",
                delivery.recipient_name, case_number, delivery.title, self.config.sms_signature
            ),
        };
        let now_us = to_micros(self.clock.now());
        tx.insert_job(&Job {
            id: JobId::new(),
            kind: JOB_KIND.into(),
            payload: serde_json::to_string(&payload)
                .map_err(|e| AppError::Internal(format!("job payload: {e}")))?,
            run_at_us: now_us,
            attempts: 0,
            status: JobStatus::Pending,
            last_error: String::new(),
            created_at_us: now_us,
        })
        .await?;
        Ok(())
    }

    /// Runs one claimed e-mail job: sends it, then records the outcome in the trace and the job
    /// in one transaction.
    pub(crate) async fn run_delivery_email(&self, mut job: Job) -> Result<(), AppError> {
        let payload: Payload = serde_json::from_str(&job.payload)
            .map_err(|e| AppError::Internal(format!("job {} payload: {e}", job.id)))?;
        let sent = self
            .mailer
            .send(&Mail {
                to: payload.to.clone(),
                subject: payload.subject,
                body: payload.body,
            })
            .await;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let mut delivery = tx
            .delivery(payload.delivery)
            .await?
            .ok_or(AppError::NotFound)?;
        let (kind, detail) = match sent {
            Ok(()) => {
                job.conclude(to_micros(now), Ok(()));
                (EventKind::Reached, payload.to.clone())
            }
            Err(e) => {
                tracing::warn!(error = %e, job = %job.id, "delivery e-mail failed");
                let detail = match job.conclude(to_micros(now), Err(e.to_string())) {
                    Some(secs) => format!("第{}次发送失败，{}秒后重试：{e}", job.attempts, secs),
                    None => format!(
                        "第{}次发送失败，已停止重试，请改用其他方式：{e}",
                        job.attempts
                    ),
                };
                (EventKind::Failed, detail)
            }
        };
        let email = Some(DeliveryChannel::Email);
        self.step(
            &mut *tx,
            &mut delivery,
            kind,
            email,
            to_micros(now),
            &detail,
        )
        .await?;
        tx.update_job(&job).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The state of a delivery's e-mail: `pending` (with attempts so far), `done` or `failed`.
    pub async fn delivery_email_status(&self, id: DeliveryId) -> Result<Option<Job>, AppError> {
        let mut tx = self.store.begin().await?;
        Ok(tx
            .jobs_mentioning(JOB_KIND, &id.to_string())
            .await?
            .into_iter()
            .next())
    }
}
