//! The job runner: claims due jobs under a lease and runs them, every second (delivery e-mail,
//! announcements of new inbox messages).

use std::time::Duration;

use fayuan_core::clock::to_micros;
use fayuan_domain::jobs::LEASE_SECS;

use crate::{App, AppError};

/// How often the runner looks for due jobs.
pub const JOB_INTERVAL: Duration = Duration::from_secs(1);

/// Jobs claimed at a time.
const CLAIM_BATCH: i64 = 32;

impl App {
    /// Claims and runs the jobs due now; returns how many ran. A job whose run fails stays
    /// claimed until its lease ends and is then tried again.
    pub async fn run_due_jobs(&self) -> Result<usize, AppError> {
        let now = self.clock.now();
        let jobs = {
            let mut tx = self.store.begin().await?;
            let jobs = tx
                .claim_jobs(
                    to_micros(now),
                    to_micros(now + time::Duration::seconds(LEASE_SECS)),
                    CLAIM_BATCH,
                )
                .await?;
            tx.commit().await?;
            jobs
        };
        let count = jobs.len();
        for job in jobs {
            let id = job.id;
            let outcome = match job.kind.as_str() {
                crate::delivery::EMAIL_JOB => self.run_delivery_email(job).await,
                crate::inbox::NOTICE_SMS_JOB | crate::inbox::NOTICE_EMAIL_JOB => {
                    self.run_notice(job).await
                }
                other => Err(AppError::Internal(format!("unknown job kind {other}"))),
            };
            if let Err(e) = outcome {
                tracing::error!(error = ?e, job = %id, "job failed; retried when its lease ends");
            }
        }
        Ok(count)
    }

    /// Runs due jobs every [`JOB_INTERVAL`] until the task is dropped.
    pub fn spawn_job_runner(&self) -> tokio::task::JoinHandle<()> {
        let app = self.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(JOB_INTERVAL);
            loop {
                ticker.tick().await;
                if let Err(e) = app.run_due_jobs().await {
                    tracing::error!(error = ?e, "job runner failed");
                }
            }
        })
    }
}
