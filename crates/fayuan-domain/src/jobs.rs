//! Background jobs kept in the installation's database, so work that must not be lost — an
//! e-mail that serves a document — survives restarts and is retried with backoff.

use fayuan_core::id::JobId;
use fayuan_core::str_enum;

str_enum! {
    /// Where a job stands.
    pub enum JobStatus {
        /// Waiting for its time (or being run under a lease).
        Pending = "pending" / "待执行",
        /// Done.
        Done = "done" / "已完成",
        /// Given up after the last attempt.
        Failed = "failed" / "已失败",
    }
}

/// A job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Identifier.
    pub id: JobId,
    /// What to do (`delivery_email`).
    pub kind: String,
    /// Its arguments (JSON).
    pub payload: String,
    /// When it may run next (µs); a claimed job's lease ends then.
    pub run_at_us: i64,
    /// Attempts started.
    pub attempts: i64,
    /// Status.
    pub status: JobStatus,
    /// Why the last attempt failed.
    pub last_error: String,
    /// Created (µs).
    pub created_at_us: i64,
}

/// Seconds to wait after failed attempt `n` (1-based) before the next one; `None` once the
/// attempts are used up (six tries over about seven hours).
pub fn retry_after_secs(attempt: i64) -> Option<i64> {
    match attempt {
        1 => Some(60),
        2 => Some(5 * 60),
        3 => Some(15 * 60),
        4 => Some(60 * 60),
        5 => Some(6 * 60 * 60),
        _ => None,
    }
}

impl Job {
    /// Applies the outcome of the attempt just made: done; or, after a failure, the next run
    /// after the backoff (returning its delay in seconds), or failed once attempts are used up.
    pub fn conclude(&mut self, now_us: i64, outcome: Result<(), String>) -> Option<i64> {
        match outcome {
            Ok(()) => {
                self.status = JobStatus::Done;
                self.last_error.clear();
                None
            }
            Err(e) => {
                self.last_error = e;
                let retry = retry_after_secs(self.attempts);
                match retry {
                    Some(secs) => self.run_at_us = now_us + secs * 1_000_000,
                    None => self.status = JobStatus::Failed,
                }
                retry
            }
        }
    }
}

/// How long a claimed job is leased to the runner before another may take it (a crashed runner
/// does not lose it).
pub const LEASE_SECS: i64 = 300;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_conclude_a_job() {
        let mut job = Job {
            id: JobId::new(),
            kind: "k".into(),
            payload: "{}".into(),
            run_at_us: 0,
            attempts: 1,
            status: JobStatus::Pending,
            last_error: String::new(),
            created_at_us: 0,
        };
        assert_eq!(job.conclude(10, Err("down".into())), Some(60));
        assert_eq!(
            (job.status, job.run_at_us),
            (JobStatus::Pending, 10 + 60_000_000)
        );
        job.attempts = 6;
        assert_eq!(job.conclude(10, Err("down".into())), None);
        assert_eq!(job.status, JobStatus::Failed);
        job.status = JobStatus::Pending;
        assert_eq!(job.conclude(20, Ok(())), None);
        assert_eq!((job.status, job.last_error.as_str()), (JobStatus::Done, ""));
    }

    #[test]
    fn backoff_grows_then_stops() {
        let waits: Vec<_> = (1..=6).map(retry_after_secs).collect();
        assert_eq!(
            waits,
            vec![
                Some(60),
                Some(300),
                Some(900),
                Some(3600),
                Some(21600),
                None
            ]
        );
    }
}
