//! The docket (Rules arts. 6, 30): reading cases, assignment to a judge (分案), closure, and the
//! trial time limit of each case.

use fayuan_core::id::{AccountId, CaseId};
use fayuan_core::time_limit::{TimeLimitOutcome, deadline};
use fayuan_domain::accounts::{AccountKind, AccountStatus, Role};
use fayuan_domain::court::DivisionKind;
use fayuan_domain::docket::{Candidate, Case, CaseStatus, ClosureMode, least_loaded, random_pick};
use fayuan_domain::fees::FeeNotice;
use fayuan_domain::filing::FilingCategory;
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;
use time::Date;

use crate::policy::{Action, Resource};
use crate::{App, AppError, Ctx};

/// Days before the time limit from which a case counts as "near" its limit on dashboards.
pub const NEAR_LIMIT_DAYS: i64 = 15;

/// How cases are assigned automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentRule {
    /// To the judge of the division with the fewest open cases.
    LeastLoaded,
    /// To a judge of the division at random.
    Random,
}

/// A case with what its page shows.
#[derive(Debug, Clone)]
pub struct CaseFile {
    /// The case.
    pub case: Case,
    /// Its fee notices.
    pub fee_notices: Vec<FeeNotice>,
    /// Its time limit, with the reasoning.
    pub time_limit: TimeLimitOutcome,
    /// Days left until the limit (negative: over).
    pub days_left: i64,
}

fn case_resource(case: &Case) -> Resource {
    Resource::Case {
        court: case.court_id,
        filer: case.filer_id,
        judge: case.judge_id,
    }
}

/// The division kind that hears a category.
fn division_for(category: FilingCategory) -> DivisionKind {
    match category {
        FilingCategory::CivilFirstInstance
        | FilingCategory::Preservation
        | FilingCategory::PaymentOrder => DivisionKind::Civil,
        FilingCategory::AdministrativeFirstInstance => DivisionKind::Administrative,
        FilingCategory::Enforcement => DivisionKind::Enforcement,
    }
}

impl App {
    /// The time limit of a case as of today.
    pub fn time_limit_of(&self, case: &Case) -> Result<(TimeLimitOutcome, i64), AppError> {
        let outcome = deadline(case.procedure, case.docketed_on, &[], &[])
            .map_err(|e| AppError::Internal(format!("time limit: {e}")))?;
        let today = self.clock.today_in_china();
        let days_left = (outcome.deadline - today).whole_days();
        Ok((outcome, days_left))
    }

    /// Loads a case the actor may act on, or refuses as the policy says.
    async fn case_for(
        &self,
        ctx: &Ctx,
        tx: &mut dyn Tx,
        id: CaseId,
        action: Action,
        audit_action: &str,
    ) -> Result<Case, AppError> {
        let target = format!("case:{id}");
        let Some(case) = tx.case(id).await? else {
            return Err(self
                .audit_refusal(ctx, audit_action, &target, AppError::NotFound)
                .await);
        };
        self.authorise(ctx, action, case_resource(&case), audit_action, &target)
            .await?;
        Ok(case)
    }

    /// A case with its fees and time limit.
    pub async fn case_file(&self, ctx: &Ctx, id: CaseId) -> Result<CaseFile, AppError> {
        let mut tx = self.store.begin().await?;
        let case = self
            .case_for(ctx, &mut *tx, id, Action::ReadCase, "docket.read")
            .await?;
        let fee_notices = tx.fee_notices_of_case(id).await?;
        self.audit(
            &mut *tx,
            ctx,
            "docket.read",
            &format!("case:{id}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        let (time_limit, days_left) = self.time_limit_of(&case)?;
        Ok(CaseFile {
            case,
            fee_notices,
            time_limit,
            days_left,
        })
    }

    /// The actor's cases: those they filed (public) or are in charge of (judges); for division
    /// chiefs, presidents and filing officers, all cases of their court.
    pub async fn my_cases(&self, ctx: &Ctx) -> Result<Vec<Case>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let cases = if actor.kind != AccountKind::Staff {
            tx.cases_of_filer(actor.account_id).await?
        } else if let (Some(court), true) = (
            actor.court_id,
            [
                Role::DivisionChief,
                Role::CourtPresident,
                Role::FilingOfficer,
            ]
            .iter()
            .any(|r| actor.has_role(*r)),
        ) {
            tx.cases_of_court(court, None).await?
        } else {
            tx.cases_of_judge(actor.account_id, None).await?
        };
        self.audit(
            &mut *tx,
            ctx,
            "docket.list",
            &format!("account:{}", actor.account_id),
            AuditOutcome::Success,
            &format!("{} cases", cases.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(cases)
    }

    /// 分案: assigns a docketed case automatically to a judge of the division that hears its
    /// category, by the configured rule; the reason is stored and audited.
    pub async fn assign_case(&self, ctx: &Ctx, id: CaseId) -> Result<Case, AppError> {
        let mut tx = self.store.begin().await?;
        let mut case = self
            .case_for(ctx, &mut *tx, id, Action::AssignCase, "docket.assign")
            .await?;
        case.check_transition(CaseStatus::Assigned)
            .map_err(AppError::from)?;
        let kind = division_for(case.category);
        let division = tx
            .list_divisions(case.court_id)
            .await?
            .into_iter()
            .find(|d| d.kind == kind);
        let Some(division) = division else {
            return Err(AppError::invalid(
                "docket.no_division",
                format!("本院未设{}", kind.label()),
            ));
        };
        let mut candidates = Vec::new();
        for judge in tx.list_staff(Some(case.court_id)).await? {
            if judge.division_id == Some(division.id)
                && judge.has_role(Role::Judge)
                && judge.status == AccountStatus::Active
            {
                let open = tx
                    .cases_of_judge(judge.id, Some(CaseStatus::Assigned))
                    .await?
                    .len();
                candidates.push(Candidate {
                    judge_id: judge.id,
                    open_cases: i64::try_from(open).unwrap_or(i64::MAX),
                });
            }
        }
        let picked = match self.config.assignment {
            AssignmentRule::LeastLoaded => least_loaded(&candidates),
            AssignmentRule::Random => random_pick(
                &candidates,
                u64::from_le_bytes(crate::passwords::random_bytes::<8>()?),
            ),
        };
        let Some((judge, reason)) = picked else {
            return Err(AppError::invalid(
                "docket.no_judge",
                format!("{}没有可分案的法官", division.name),
            ));
        };
        case.division_id = Some(division.id);
        case.judge_id = Some(judge);
        case.assignment_reason = reason;
        case.status = CaseStatus::Assigned;
        tx.update_case(&case).await?;
        self.notify(
            &mut *tx,
            judge,
            "新分案件",
            &format!("案件{}已分配给您承办。", case.case_number),
            Some(format!("/cases/{id}")),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "docket.assign",
            &format!("case:{id}"),
            AuditOutcome::Success,
            &format!("judge={judge}; {}", case.assignment_reason),
        )
        .await?;
        tx.commit().await?;
        Ok(case)
    }

    /// Manual reassignment by the division chief or president, with the reason given.
    pub async fn reassign_case(
        &self,
        ctx: &Ctx,
        id: CaseId,
        judge: AccountId,
        reason: &str,
    ) -> Result<Case, AppError> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(AppError::invalid(
                "docket.reason_required",
                "请写明改分理由（不超过500字）",
            ));
        }
        let mut tx = self.store.begin().await?;
        let mut case = self
            .case_for(ctx, &mut *tx, id, Action::AssignCase, "docket.reassign")
            .await?;
        case.check_transition(CaseStatus::Assigned)
            .map_err(AppError::from)?;
        let new_judge = tx.account(judge).await?.filter(|a| {
            a.court_id == Some(case.court_id)
                && a.has_role(Role::Judge)
                && a.status == AccountStatus::Active
        });
        let Some(new_judge) = new_judge else {
            return Err(AppError::invalid(
                "docket.not_a_judge",
                "所选人员不是本院在职法官",
            ));
        };
        let previous = case.judge_id;
        case.judge_id = Some(new_judge.id);
        case.division_id = new_judge.division_id.or(case.division_id);
        case.assignment_reason = format!("人工改分：{reason}");
        case.status = CaseStatus::Assigned;
        tx.update_case(&case).await?;
        self.notify(
            &mut *tx,
            new_judge.id,
            "改分案件",
            &format!("案件{}已改分由您承办。", case.case_number),
            Some(format!("/cases/{id}")),
        )
        .await?;
        let detail = format!(
            "{} -> {}; {reason}",
            previous.map_or("-".to_string(), |p| p.to_string()),
            new_judge.id
        );
        self.audit(
            &mut *tx,
            ctx,
            "docket.reassign",
            &format!("case:{id}"),
            AuditOutcome::Success,
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(case)
    }

    /// 结案: the judge in charge closes the case with its closure mode.
    pub async fn close_case(
        &self,
        ctx: &Ctx,
        id: CaseId,
        mode: ClosureMode,
    ) -> Result<Case, AppError> {
        let today: Date = self.clock.today_in_china();
        let mut tx = self.store.begin().await?;
        let mut case = self
            .case_for(ctx, &mut *tx, id, Action::CloseCase, "docket.close")
            .await?;
        case.check_transition(CaseStatus::Closed)
            .map_err(AppError::from)?;
        case.status = CaseStatus::Closed;
        case.closure_mode = Some(mode);
        case.closed_on = Some(today);
        tx.update_case(&case).await?;
        self.notify(
            &mut *tx,
            case.filer_id,
            "案件已结案",
            &format!("案件{}已以{}方式结案。", case.case_number, mode.label()),
            Some(format!("/cases/{id}")),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "docket.close",
            &format!("case:{id}"),
            AuditOutcome::Success,
            mode.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(case)
    }
}
