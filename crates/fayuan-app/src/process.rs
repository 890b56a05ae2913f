//! 审判流程信息公开 (Rules art. 9; issue #9): what a case's parties may follow of its progress
//! without logging in, by the case number and the query code issued at docketing — its steps,
//! the sittings, the documents served and the time limit. Nothing of the dossier itself.

use fayuan_core::clock::{CHINA_OFFSET, from_micros, to_micros};
use fayuan_core::id::{AccountId, CaseId};
use fayuan_domain::delivery::DeliveryStatus;
use fayuan_domain::docket::{Case, CaseStatus, ExtensionStatus};
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;
use time::{Date, OffsetDateTime};

use crate::accounts::{THROTTLE_FREE_FAILURES, THROTTLE_WINDOW};
use crate::passwords::{random_bytes, token_hash};
use crate::policy::Action;
use crate::{App, AppError, Ctx};

/// The characters of a query code: capitals and digits without the look-alikes 0/O, 1/I.
const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Characters in a query code (8 × 5 bits = 40 bits; guessing is throttled per case number).
const CODE_LEN: usize = 8;

/// A case's progress as its parties may see it with the query code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessInfo {
    /// 案号.
    pub case_number: String,
    /// The court.
    pub court_name: String,
    /// 案由.
    pub cause: String,
    /// 适用程序.
    pub procedure: String,
    /// 案件状态.
    pub status: CaseStatus,
    /// 立案日期.
    pub docketed_on: Date,
    /// 承办法官, once assigned.
    pub judge: Option<String>,
    /// 合议庭组成人员, when a panel sits.
    pub panel: Vec<String>,
    /// 审限届满日 and the days left (negative: over), while the case is open.
    pub deadline: Option<(Date, i64)>,
    /// 结案方式 and date, once closed.
    pub closure: Option<(String, Date)>,
    /// The case's sittings, earliest first.
    pub hearings: Vec<ProcessHearing>,
    /// The documents served, in the order they were sent.
    pub deliveries: Vec<ProcessDelivery>,
    /// Every step with its date, earliest first.
    pub steps: Vec<ProcessStep>,
}

/// One sitting of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessHearing {
    /// 庭前会议, 开庭审理 …
    pub kind: String,
    /// Starts (UTC).
    pub starts_at: OffsetDateTime,
    /// The courtroom's name, or 线上庭审.
    pub place: String,
    /// 已排期, 延期审理 …
    pub status: String,
}

/// One document served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessDelivery {
    /// What was served.
    pub title: String,
    /// To whom.
    pub recipient: String,
    /// 送达中 / 已送达.
    pub status: String,
    /// When it was legally served.
    pub delivered_at: Option<OffsetDateTime>,
}

/// One step of the case, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessStep {
    /// The civil date in China.
    pub on: Date,
    /// What happened.
    pub what: String,
}

/// A query code just issued: shown once, stored only as a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryCode {
    /// 案号.
    pub case_number: String,
    /// The code, as `ABCD-EFGH`.
    pub code: String,
}

/// A fresh query code, as shown: `ABCD-EFGH`.
fn new_code() -> Result<String, AppError> {
    let bytes = random_bytes::<CODE_LEN>()?;
    let chars: String = bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b & 31)]))
        .collect();
    Ok(format!("{}-{}", &chars[..4], &chars[4..]))
}

/// The digest stored for a case's code: of the case number and the code as typed, without
/// separators or case, so `abcd efgh` matches `ABCD-EFGH`.
fn code_digest(case_number: &str, code: &str) -> String {
    let canonical: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    token_hash(&format!("{case_number}\n{canonical}"))
}

/// The key under which wrong codes for a case number are counted.
fn throttle_key(case_number: &str) -> String {
    format!("process:{case_number}")
}

impl App {
    /// Issues (or replaces) the query code of a case inside the docketing transaction `tx`.
    pub(crate) async fn issue_query_code(
        &self,
        tx: &mut dyn Tx,
        case: &Case,
    ) -> Result<String, AppError> {
        let code = new_code()?;
        tx.put_query_code(
            case.id,
            &case.case_number,
            &code_digest(&case.case_number, &code),
            to_micros(self.clock.now()),
        )
        .await?;
        Ok(code)
    }

    /// Replaces a case's query code, for whoever may read the case (its parties and agents,
    /// the staff handling it — who hand it to a party at the counter). The old code stops
    /// working; the new one is shown once.
    pub async fn renew_query_code(&self, ctx: &Ctx, id: CaseId) -> Result<QueryCode, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(ctx, tx, id, Action::ReadCase, "process.renew_code")
            .await?;
        let code = self.issue_query_code(&mut *tx, &case).await?;
        self.audit(
            &mut *tx,
            ctx,
            "process.renew_code",
            &format!("case:{id}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(QueryCode {
            case_number: case.case_number,
            code,
        })
    }

    /// The progress of the case with this number, for anyone holding its query code. A wrong
    /// number and a wrong code are refused alike; after [`THROTTLE_FREE_FAILURES`] wrong codes
    /// for one number within the window, further tries wait, doubling each time.
    pub async fn process_info(
        &self,
        ctx: &Ctx,
        case_number: &str,
        code: &str,
    ) -> Result<ProcessInfo, AppError> {
        let case_number = case_number.trim();
        if case_number.is_empty() || code.trim().is_empty() {
            return Err(AppError::invalid("process.missing", "请输入案号和查询码"));
        }
        let key = throttle_key(case_number);
        let now_us = to_micros(self.clock.now());
        let mut tx = self.store.begin().await?;
        let (failures, latest) = tx
            .login_failures_since(&key, now_us - THROTTLE_WINDOW.whole_microseconds() as i64)
            .await?;
        if failures >= THROTTLE_FREE_FAILURES {
            let exponent = u32::try_from((failures - THROTTLE_FREE_FAILURES).min(20)).unwrap_or(20);
            let delay_us =
                (1_000_000_i64 << exponent).min(THROTTLE_WINDOW.whole_microseconds() as i64);
            let until = latest.unwrap_or(now_us) + delay_us;
            if now_us < until {
                drop(tx);
                let retry_after_secs = (until - now_us + 999_999) / 1_000_000;
                return Err(self
                    .audit_refusal(
                        ctx,
                        "process.query",
                        &format!("case_number:{case_number}"),
                        AppError::Throttled { retry_after_secs },
                    )
                    .await);
            }
        }
        let found = match tx.query_code(case_number).await? {
            Some((id, digest)) if digest == code_digest(case_number, code) => tx.case(id).await?,
            _ => None,
        };
        let Some(case) = found else {
            tx.record_login_failure(&key, now_us).await?;
            self.audit(
                &mut *tx,
                ctx,
                "process.query",
                &format!("case_number:{case_number}"),
                AuditOutcome::Denied,
                "案号或查询码不正确",
            )
            .await?;
            tx.commit().await?;
            return Err(AppError::invalid(
                "process.wrong_code",
                "案号或查询码不正确",
            ));
        };
        let info = self.process_of(&mut *tx, &case).await?;
        tx.clear_login_failures(&key).await?;
        self.audit(
            &mut *tx,
            ctx,
            "process.query",
            &format!("case:{}", case.id),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(info)
    }

    /// Gathers what [`ProcessInfo`] shows of `case`.
    async fn process_of(&self, tx: &mut dyn Tx, case: &Case) -> Result<ProcessInfo, AppError> {
        let court_name = tx
            .court(case.court_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let judge = match case.judge_id {
            Some(id) => Some(name_of(tx, id).await?),
            None => None,
        };
        let mut panel = Vec::new();
        for id in &case.panel {
            panel.push(name_of(tx, *id).await?);
        }
        let deadline = if matches!(case.status, CaseStatus::Docketed | CaseStatus::Assigned) {
            let (limit, days_left) = self.time_limit_in(tx, case).await?;
            Some((limit.deadline, days_left))
        } else {
            None
        };
        let rooms = tx.list_courtrooms(case.court_id).await?;
        let mut steps = vec![ProcessStep {
            on: case.docketed_on,
            what: format!("立案（{}）", case.procedure.label()),
        }];
        let mut hearings = Vec::new();
        for s in tx.hearings_of_case(case.id).await? {
            let place = s
                .courtroom_id
                .and_then(|r| rooms.iter().find(|room| room.id == r))
                .map_or_else(|| "线上庭审".to_owned(), |room| room.name.clone());
            steps.push(ProcessStep {
                on: china_date(s.starts_at),
                what: format!("{}（{}）", s.kind.label(), s.status.label()),
            });
            hearings.push(ProcessHearing {
                kind: s.kind.label().to_owned(),
                starts_at: s.starts_at,
                place,
                status: s.status.label().to_owned(),
            });
        }
        let mut deliveries = Vec::new();
        for d in tx.deliveries_of_case(case.id).await? {
            let delivered_at = d.delivered_at_us.map(from_micros);
            if let Some(at) = delivered_at {
                steps.push(ProcessStep {
                    on: china_date(at),
                    what: format!("送达{}（{}）", d.title, d.recipient_name),
                });
            }
            deliveries.push(ProcessDelivery {
                title: d.title,
                recipient: d.recipient_name,
                status: d.status.label().to_owned(),
                delivered_at: delivered_at.filter(|_| d.status == DeliveryStatus::Delivered),
            });
        }
        for s in tx.suspensions_of_case(case.id).await? {
            steps.push(ProcessStep {
                on: s.from,
                what: format!("审限扣除开始（{}）", s.reason.label()),
            });
            if let Some(to) = s.to {
                steps.push(ProcessStep {
                    on: to,
                    what: "审限扣除结束".to_owned(),
                });
            }
        }
        for e in tx.extensions_of_case(case.id).await? {
            if let (ExtensionStatus::Approved, Some(on)) = (e.status, e.decided_on) {
                steps.push(ProcessStep {
                    on,
                    what: format!("延长审限{}", e.length),
                });
            }
        }
        let closure = match (case.closure_mode, case.closed_on) {
            (Some(mode), Some(on)) => {
                steps.push(ProcessStep {
                    on,
                    what: format!("结案（{}）", mode.label()),
                });
                Some((mode.label().to_owned(), on))
            }
            _ => None,
        };
        steps.sort_by_key(|s| s.on);
        Ok(ProcessInfo {
            case_number: case.case_number.clone(),
            court_name,
            cause: case.cause.clone(),
            procedure: case.procedure.label().to_owned(),
            status: case.status,
            docketed_on: case.docketed_on,
            judge,
            panel,
            deadline,
            closure,
            hearings,
            deliveries,
            steps,
        })
    }
}

/// An account's name, or 未知 when it is gone.
async fn name_of(tx: &mut dyn Tx, id: AccountId) -> Result<String, AppError> {
    Ok(tx
        .account(id)
        .await?
        .map_or_else(|| "未知".to_owned(), |a| a.name))
}

/// The civil date in China of an instant.
fn china_date(at: OffsetDateTime) -> Date {
    at.to_offset(CHINA_OFFSET).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_alphabet_and_the_shown_form() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), 9);
        assert_eq!(&code[4..5], "-");
        assert!(
            code.chars()
                .filter(|c| *c != '-')
                .all(|c| CODE_ALPHABET.contains(&(c as u8)))
        );
        assert_ne!(new_code().unwrap(), code);
    }

    #[test]
    fn the_digest_ignores_separators_and_case_but_binds_the_case_number() {
        let shown = code_digest("（2026）京0101民初1号", "ABCD-EFGH");
        assert_eq!(shown, code_digest("（2026）京0101民初1号", " abcd efgh "));
        assert_ne!(shown, code_digest("（2026）京0101民初2号", "ABCD-EFGH"));
        assert_ne!(shown, code_digest("（2026）京0101民初1号", "ABCD-EFGJ"));
    }
}
