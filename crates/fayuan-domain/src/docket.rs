//! The docket (Rules arts. 6, 30): cases from docketing to closure and archiving, their case
//! numbers, assignment to a judge, and the trial time limit.

use fayuan_core::id::{AccountId, CaseId, CourtId, DivisionId, FilingId};
use fayuan_core::str_enum;
use fayuan_core::time_limit::Procedure;
use time::Date;

use crate::DomainError;
use crate::filing::{Claim, FilingCategory, Party};

str_enum! {
    /// Where a case stands. Every change goes through one use case per transition.
    pub enum CaseStatus {
        /// 已立案: docketed, not yet assigned.
        Docketed = "docketed" / "已立案",
        /// 已分案: a judge is in charge.
        Assigned = "assigned" / "审理中",
        /// 已结案.
        Closed = "closed" / "已结案",
        /// 已归档.
        Archived = "archived" / "已归档",
    }
}

str_enum! {
    /// How a case was closed (结案方式).
    pub enum ClosureMode {
        /// 判决.
        Judgment = "judgment" / "判决",
        /// 调解.
        Mediation = "mediation" / "调解",
        /// 撤诉 (incl. 按撤诉处理).
        Withdrawal = "withdrawal" / "撤诉",
        /// 驳回起诉.
        Dismissal = "dismissal" / "驳回起诉",
        /// 移送.
        Transfer = "transfer" / "移送",
        /// 终结.
        Termination = "termination" / "终结",
    }
}

/// A case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Identifier.
    pub id: CaseId,
    /// Court.
    pub court_id: CourtId,
    /// The case number as issued, e.g. （2026）京0199民初1号.
    pub case_number: String,
    /// The filing it came from.
    pub filing_id: FilingId,
    /// Who filed it (the applicant's account).
    pub filer_id: AccountId,
    /// Category.
    pub category: FilingCategory,
    /// Cause of action.
    pub cause: String,
    /// Procedure decided at docketing.
    pub procedure: Procedure,
    /// Parties.
    pub parties: Vec<Party>,
    /// Claims.
    pub claims: Vec<Claim>,
    /// Status.
    pub status: CaseStatus,
    /// Civil date of docketing (China); the time limit counts from the next day.
    pub docketed_on: Date,
    /// The division hearing it.
    pub division_id: Option<DivisionId>,
    /// Judge in charge (承办法官).
    pub judge_id: Option<AccountId>,
    /// Why this judge (automatic rule or the chief's reason).
    pub assignment_reason: String,
    /// How it closed.
    pub closure_mode: Option<ClosureMode>,
    /// Civil date of closure.
    pub closed_on: Option<Date>,
    /// The fee was not paid in time: review for 按撤诉处理 (诉讼费用交纳办法 art. 22).
    pub fee_overdue: bool,
}

impl Case {
    /// Checks the case may move from its status to `to`.
    pub fn check_transition(&self, to: CaseStatus) -> Result<(), DomainError> {
        use CaseStatus::*;
        let allowed = matches!(
            (self.status, to),
            (Docketed | Assigned, Assigned) | (Assigned, Closed) | (Closed, Archived)
        );
        if allowed {
            Ok(())
        } else {
            Err(DomainError::invalid(
                "docket.invalid_transition",
                format!(
                    "案件当前为“{}”，不能变为“{}”",
                    self.status.label(),
                    to.label()
                ),
            ))
        }
    }
}

/// A judge who could take a case, with the number of open cases they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The judge.
    pub judge_id: AccountId,
    /// Open cases in charge.
    pub open_cases: i64,
}

/// Picks the least-loaded judge (ties: the first by id, so the choice is reproducible) and says
/// why. `None` when there is no candidate.
pub fn least_loaded(candidates: &[Candidate]) -> Option<(AccountId, String)> {
    candidates
        .iter()
        .min_by_key(|c| (c.open_cases, c.judge_id))
        .map(|c| {
            (
                c.judge_id,
                format!("自动分案：在办案件最少（{}件）", c.open_cases),
            )
        })
}

/// Picks a judge at random from `random` (any number), saying why.
pub fn random_pick(candidates: &[Candidate], random: u64) -> Option<(AccountId, String)> {
    if candidates.is_empty() {
        return None;
    }
    let mut sorted: Vec<&Candidate> = candidates.iter().collect();
    sorted.sort_by_key(|c| c.judge_id);
    let index = usize::try_from(random % sorted.len() as u64).unwrap_or(0);
    Some((
        sorted[index].judge_id,
        format!("自动分案：随机分配（{}名候选法官）", sorted.len()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_loaded_breaks_ties_by_id() {
        let a = AccountId::new();
        let b = AccountId::new();
        let picked = least_loaded(&[
            Candidate {
                judge_id: b,
                open_cases: 2,
            },
            Candidate {
                judge_id: a,
                open_cases: 2,
            },
        ]);
        assert_eq!(picked.map(|p| p.0), Some(a.min(b)));
        let c = AccountId::new();
        let picked = least_loaded(&[
            Candidate {
                judge_id: a,
                open_cases: 3,
            },
            Candidate {
                judge_id: c,
                open_cases: 1,
            },
        ]);
        assert_eq!(picked.map(|p| p.0), Some(c));
        assert!(least_loaded(&[]).is_none());
        assert!(random_pick(&[], 7).is_none());
    }
}
