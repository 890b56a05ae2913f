//! The docket (Rules arts. 6, 30): cases from docketing to closure and archiving, their case
//! numbers, assignment to a judge, and the trial time limit.

use fayuan_core::id::{
    AccountId, CaseId, CourtId, DivisionId, ExtensionId, FilingId, SuspensionId,
};
use fayuan_core::str_enum;
use fayuan_core::time_limit::{
    Approver, GrantedExtension, Length, Procedure, Suspension, SuspensionReason, TimeLimitOutcome,
    deadline,
};
use time::Date;

use crate::DomainError;
use crate::filing::{Claim, FilingCategory, Party, PartyRole};

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
        /// 裁定 (special procedures closed by their ruling, e.g. 司法确认).
        Ruling = "ruling" / "裁定",
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
    /// The judges hearing it (合议庭), the judge in charge first as presiding judge; only the
    /// judge in charge for a sole judge (独任).
    pub panel: Vec<AccountId>,
    /// Accounts that take part as a party or a party's agent (the filer from docketing; others
    /// linked by the court once their identity and authority are checked).
    pub participants: Vec<CaseParticipant>,
}

str_enum! {
    /// In what capacity an account takes part in a case.
    pub enum Capacity {
        /// 当事人 (or its legal representative).
        Party = "party" / "当事人",
        /// 委托诉讼代理人 (a lawyer or other agent).
        Agent = "agent" / "诉讼代理人",
    }
}

/// An account taking part in a case for one party.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CaseParticipant {
    /// The account.
    pub account_id: AccountId,
    /// The side of the party it acts for.
    pub side: PartyRole,
    /// The party's name.
    pub party_name: String,
    /// Party or agent.
    pub capacity: Capacity,
}

impl Case {
    /// The account's participation, if it takes part.
    pub fn participant(&self, account: AccountId) -> Option<&CaseParticipant> {
        self.participants.iter().find(|p| p.account_id == account)
    }
}

/// Whether a procedure is heard by a sole judge (独任审理): summary and small-claims procedure
/// (民事诉讼法 arts. 40 ¶2, 160, 165), administrative simple procedure (行政诉讼法 art. 83), the
/// special procedures (民事诉讼法 art. 185, save the listed exceptions), and enforcement. Otherwise
/// a collegial panel of [`PANEL_SIZE`] judges (民事诉讼法 art. 40; 刑事诉讼法 art. 183).
pub fn sole_judge(procedure: Procedure) -> bool {
    matches!(
        procedure,
        Procedure::CivilSummary
            | Procedure::CivilSmallClaims
            | Procedure::CivilSpecial
            | Procedure::AdministrativeSimple
            | Procedure::CriminalSimple
            | Procedure::CriminalFastTrack
            | Procedure::Enforcement
            | Procedure::NonLitigationEnforcement
    )
}

/// Members of a collegial panel formed here (an odd number, 民事诉讼法 art. 40 ¶1).
pub const PANEL_SIZE: usize = 3;

/// The judges hearing a case: the judge in charge alone where the procedure allows a sole judge,
/// else the judge in charge (presiding) and the least-loaded other candidates up to
/// [`PANEL_SIZE`]. `None` when there are not enough judges for a panel.
pub fn form_panel(
    procedure: Procedure,
    judge: AccountId,
    candidates: &[Candidate],
) -> Option<Vec<AccountId>> {
    if sole_judge(procedure) {
        return Some(vec![judge]);
    }
    let mut others: Vec<&Candidate> = candidates.iter().filter(|c| c.judge_id != judge).collect();
    others.sort_by_key(|c| (c.open_cases, c.judge_id));
    if others.len() < PANEL_SIZE - 1 {
        return None;
    }
    Some(
        std::iter::once(judge)
            .chain(others.iter().take(PANEL_SIZE - 1).map(|c| c.judge_id))
            .collect(),
    )
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

str_enum! {
    /// Where an extension request stands.
    pub enum ExtensionStatus {
        /// Waiting for the court president.
        Requested = "requested" / "待审批",
        /// Granted.
        Approved = "approved" / "已批准",
        /// Refused.
        Rejected = "rejected" / "未批准",
    }
}

/// A request to extend a case's trial time limit (延长审限).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionRequest {
    /// Identifier.
    pub id: ExtensionId,
    /// The case.
    pub case_id: CaseId,
    /// How much longer.
    pub length: Length,
    /// Why (the judge's reasons).
    pub reason: String,
    /// The judge who asked.
    pub requested_by: AccountId,
    /// When (China civil date).
    pub requested_on: Date,
    /// Status.
    pub status: ExtensionStatus,
    /// Who decided.
    pub decided_by: Option<AccountId>,
    /// When decided.
    pub decided_on: Option<Date>,
    /// The decision's note.
    pub decision_note: String,
}

/// Days before the limit expires by which an extension must be asked for (《最高人民法院关于
/// 严格规范民商事案件延长审限和延期开庭问题的规定》(2019) art. 1: 审限届满十五日以前).
pub const EXTENSION_NOTICE_DAYS: i64 = 15;

/// A period not counted in a case's time limit (民诉法解释 art. 243: 公告、鉴定、和解、管辖异议 …;
/// 2000 SPC rule art. 9), recorded by the judge in charge. An open period runs until today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSuspension {
    /// Identifier.
    pub id: SuspensionId,
    /// The case.
    pub case_id: CaseId,
    /// Why the days do not count.
    pub reason: SuspensionReason,
    /// First day not counted.
    pub from: Date,
    /// Last day not counted; `None` while it lasts.
    pub to: Option<Date>,
    /// Details (e.g. the appraisal institution, the notice published).
    pub note: String,
    /// Who recorded it.
    pub recorded_by: AccountId,
}

/// The time limit of a case as of `today`: its procedure's base, the extensions approved (in
/// order, by the court president — steps needing a higher court are refused), and the periods
/// not counted, an open one running until `today`.
pub fn case_time_limit(
    case: &Case,
    approved: &[ExtensionRequest],
    suspensions: &[CaseSuspension],
    today: Date,
) -> Result<TimeLimitOutcome, DomainError> {
    let granted: Vec<GrantedExtension> = approved
        .iter()
        .filter(|e| e.status == ExtensionStatus::Approved)
        .map(|e| GrantedExtension {
            approver: Approver::CourtPresident,
            length: Some(e.length),
        })
        .collect();
    let counted: Vec<Suspension> = suspensions
        .iter()
        .map(|s| Suspension {
            reason: s.reason,
            from: s.from,
            to: s.to.unwrap_or(today).max(s.from),
        })
        .collect();
    deadline(case.procedure, case.docketed_on, &counted, &granted).map_err(|e| {
        DomainError::invalid(
            "docket.extension_not_allowed",
            format!("该审限不能由本院院长再延长：{e}"),
        )
    })
}

/// Checks that `length` may be requested now for a case whose limit is `current` with
/// `approved` extensions so far, `today` being the request date.
pub fn check_extension_request(
    case: &Case,
    approved: &[ExtensionRequest],
    suspensions: &[CaseSuspension],
    length: Length,
    today: Date,
) -> Result<(), DomainError> {
    if length.months == 0 && length.days == 0 {
        return Err(DomainError::invalid(
            "docket.extension_length",
            "请写明延长的期限",
        ));
    }
    let current = case_time_limit(case, approved, suspensions, today)?;
    if (current.deadline - today).whole_days() < EXTENSION_NOTICE_DAYS {
        return Err(DomainError::invalid(
            "docket.extension_too_late",
            "延长审限应当在审限届满十五日以前提出（最高人民法院2019年规定第一条）",
        ));
    }
    let mut with_new: Vec<ExtensionRequest> = approved
        .iter()
        .filter(|e| e.status == ExtensionStatus::Approved)
        .cloned()
        .collect();
    with_new.push(ExtensionRequest {
        id: ExtensionId::new(),
        case_id: case.id,
        length,
        reason: String::new(),
        requested_by: AccountId::new(),
        requested_on: today,
        status: ExtensionStatus::Approved,
        decided_by: None,
        decided_on: None,
        decision_note: String::new(),
    });
    case_time_limit(case, &with_new, suspensions, today).map(|_| ())
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
    fn panels_by_procedure() {
        let [a, b, c, d] = [
            AccountId::new(),
            AccountId::new(),
            AccountId::new(),
            AccountId::new(),
        ];
        let candidates: Vec<Candidate> = [(a, 0), (b, 5), (c, 1), (d, 2)]
            .iter()
            .map(|(j, n)| Candidate {
                judge_id: *j,
                open_cases: *n,
            })
            .collect();
        assert_eq!(
            form_panel(Procedure::CivilSummary, a, &candidates),
            Some(vec![a])
        );
        assert_eq!(
            form_panel(Procedure::CivilOrdinary, a, &candidates),
            Some(vec![a, c, d])
        );
        assert_eq!(
            form_panel(Procedure::CivilOrdinary, a, &candidates[..2]),
            None
        );
    }

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
