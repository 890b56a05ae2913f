//! The docket (Rules arts. 6, 30): reading cases, assignment to a judge (分案), closure, and the
//! trial time limit of each case.

use fayuan_core::clock::to_micros;
use fayuan_core::id::{AccountId, CaseId, ExtensionId, RefundId, SuspensionId};
use fayuan_core::money::Fen;
use fayuan_core::time_limit::{Length, SuspensionReason, TimeLimitOutcome};
use fayuan_domain::accounts::{AccountKind, AccountStatus, Role};
use fayuan_domain::court::DivisionKind;
use fayuan_domain::docket::{
    Candidate, Case, CaseStatus, CaseSuspension, ClosureMode, ExtensionRequest, ExtensionStatus,
    PANEL_SIZE, case_time_limit, check_extension_request, form_panel, least_loaded, random_pick,
};
use fayuan_domain::fees::{
    FeeNotice, FeeNoticeStatus, FeeReliefApplication, Refund, refund_on_closure,
};
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
    /// Extension requests, oldest first.
    pub extensions: Vec<ExtensionRequest>,
    /// Periods not counted in the time limit, by first day.
    pub suspensions: Vec<CaseSuspension>,
    /// Fees refunded, oldest first.
    pub refunds: Vec<Refund>,
    /// Applications for judicial aid on its fees, oldest first.
    pub reliefs: Vec<FeeReliefApplication>,
    /// Its sittings, earliest first (their states belong to the case's timeline).
    pub hearings: Vec<fayuan_domain::hearing::HearingSession>,
}

/// A case on the time-limit dashboard.
#[derive(Debug, Clone)]
pub struct TimeLimitEntry {
    /// The case.
    pub case: Case,
    /// Its limit.
    pub deadline: time::Date,
    /// Days left (negative: over).
    pub days_left: i64,
}

/// The time-limit dashboard: open cases near (≤ 15 days) and over their limit.
#[derive(Debug, Clone, Default)]
pub struct TimeLimitDashboard {
    /// Open cases with at most [`NEAR_LIMIT_DAYS`] days left.
    pub near: Vec<TimeLimitEntry>,
    /// Open cases past their limit.
    pub over: Vec<TimeLimitEntry>,
    /// Extension requests waiting for the president (presidents only).
    pub pending_extensions: Vec<ExtensionRequest>,
}

/// The case as the policy sees it from `actor`'s side.
pub(crate) fn case_resource(case: &Case, actor: Option<&crate::Actor>) -> Resource {
    Resource::Case {
        court: case.court_id,
        filer: case.filer_id,
        judge: case.judge_id,
        panel_member: actor.is_some_and(|a| case.panel.contains(&a.account_id)),
        participant: actor.is_some_and(|a| case.participant(a.account_id).is_some()),
    }
}

/// The division kind that hears a category.
fn division_for(category: FilingCategory) -> DivisionKind {
    match category {
        FilingCategory::CivilFirstInstance
        | FilingCategory::Preservation
        | FilingCategory::PaymentOrder
        | FilingCategory::JudicialConfirmation => DivisionKind::Civil,
        FilingCategory::AdministrativeFirstInstance => DivisionKind::Administrative,
        FilingCategory::Enforcement => DivisionKind::Enforcement,
    }
}

impl App {
    /// The time limit of a case as of today, with its approved extensions and the periods not
    /// counted, and the days left (negative: over).
    pub(crate) async fn time_limit_in(
        &self,
        tx: &mut dyn Tx,
        case: &Case,
    ) -> Result<(TimeLimitOutcome, i64), AppError> {
        let extensions = tx.extensions_of_case(case.id).await?;
        let suspensions = tx.suspensions_of_case(case.id).await?;
        let today = self.clock.today_in_china();
        let outcome = case_time_limit(case, &extensions, &suspensions, today)?;
        let days_left = (outcome.deadline - today).whole_days();
        Ok((outcome, days_left))
    }

    /// Loads a case in `tx` and checks the actor may act on it; a refusal is audited in `tx`
    /// itself (see `filing_for`).
    pub(crate) async fn case_for(
        &self,
        ctx: &Ctx,
        mut tx: Box<dyn Tx>,
        id: CaseId,
        action: Action,
        audit_action: &str,
    ) -> Result<(Box<dyn Tx>, Case), AppError> {
        let target = format!("case:{id}");
        let Some(case) = tx.case(id).await? else {
            return Err(self
                .refuse_in(tx, ctx, audit_action, &target, AppError::NotFound)
                .await);
        };
        let tx = self
            .authorise_in(
                tx,
                ctx,
                action,
                case_resource(&case, ctx.actor.as_ref()),
                audit_action,
                &target,
            )
            .await?;
        Ok((tx, case))
    }

    /// A case with its fees and time limit.
    pub async fn case_file(&self, ctx: &Ctx, id: CaseId) -> Result<CaseFile, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(ctx, tx, id, Action::ReadCase, "docket.read")
            .await?;
        let fee_notices = tx.fee_notices_of_case(id).await?;
        let extensions = tx.extensions_of_case(id).await?;
        let refunds = tx.refunds_of_case(id).await?;
        let reliefs = tx.reliefs_of_case(id).await?;
        let suspensions = tx.suspensions_of_case(id).await?;
        let hearings = tx.hearings_of_case(id).await?;
        let (time_limit, days_left) = self.time_limit_in(&mut *tx, &case).await?;
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
        Ok(CaseFile {
            case,
            fee_notices,
            extensions,
            suspensions,
            refunds,
            reliefs,
            hearings,
            time_limit,
            days_left,
        })
    }

    /// The actor's cases: those they filed (public) or are in charge of (judges); for division
    /// chiefs, presidents, filing officers and archivists, all cases of their court.
    pub async fn my_cases(&self, ctx: &Ctx) -> Result<Vec<Case>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let cases = if actor.kind != AccountKind::Staff {
            tx.cases_of_litigant(actor.account_id).await?
        } else if let (Some(court), true) = (
            actor.court_id,
            [
                Role::DivisionChief,
                Role::CourtPresident,
                Role::FilingOfficer,
                Role::Archivist,
                Role::JudgeAssistant,
                Role::Clerk,
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
        let tx = self.store.begin().await?;
        let (mut tx, mut case) = self
            .case_for(ctx, tx, id, Action::AssignCase, "docket.assign")
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
        let panel = form_panel(case.procedure, judge, &candidates).ok_or_else(|| {
            AppError::invalid(
                "docket.panel_incomplete",
                format!("{}的法官不足{PANEL_SIZE}人，无法组成合议庭", division.name),
            )
        })?;
        case.division_id = Some(division.id);
        case.judge_id = Some(judge);
        case.assignment_reason = if panel.len() > 1 {
            format!("{reason}；组成合议庭，承办法官任审判长")
        } else {
            format!("{reason}；独任审理")
        };
        case.panel = panel;
        case.status = CaseStatus::Assigned;
        tx.update_case(&case).await?;
        for member in &case.panel {
            let role = if *member == judge {
                "承办"
            } else {
                "参加合议庭审理"
            };
            self.notify(
                &mut *tx,
                *member,
                "新分案件",
                &format!("案件{}已分配给您{role}。", case.case_number),
                Some(format!("/cases/{id}")),
            )
            .await?;
        }
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
        let tx = self.store.begin().await?;
        let (mut tx, mut case) = self
            .case_for(ctx, tx, id, Action::AssignCase, "docket.reassign")
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
        case.panel
            .retain(|m| *m != new_judge.id && Some(*m) != previous);
        case.panel.insert(0, new_judge.id);
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
        let tx = self.store.begin().await?;
        let (mut tx, mut case) = self
            .case_for(ctx, tx, id, Action::CloseCase, "docket.close")
            .await?;
        case.check_transition(CaseStatus::Closed)
            .map_err(AppError::from)?;
        case.status = CaseStatus::Closed;
        case.closure_mode = Some(mode);
        case.closed_on = Some(today);
        tx.update_case(&case).await?;
        let mut refunded = String::new();
        for notice in tx.fee_notices_of_case(id).await? {
            if notice.status != FeeNoticeStatus::Paid {
                continue;
            }
            let paid_acceptance = Fen(notice
                .items
                .iter()
                .filter(|i| i.acceptance_fee)
                .map(|i| i.amount.0)
                .sum());
            if let Some((amount, reason)) = refund_on_closure(mode, case.procedure, paid_acceptance)
            {
                let refund = Refund {
                    id: RefundId::new(),
                    case_id: id,
                    fee_notice_id: notice.id,
                    payee_id: notice.payer_id,
                    amount,
                    reason: reason.clone(),
                    created_at_us: to_micros(self.clock.now()),
                };
                tx.insert_refund(&refund).await?;
                self.audit(
                    &mut *tx,
                    ctx,
                    "fees.refund",
                    &format!("case:{id}"),
                    AuditOutcome::Success,
                    &amount.to_string(),
                )
                .await?;
                refunded.push_str(&reason);
            }
        }
        self.notify(
            &mut *tx,
            case.filer_id,
            "案件已结案",
            &format!(
                "案件{}已以{}方式结案。{refunded}",
                case.case_number,
                mode.label()
            ),
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

    /// 延长审限: the judge in charge asks the court president for a longer limit, at least 15
    /// days before it expires, within what the procedure's extension step allows.
    pub async fn request_extension(
        &self,
        ctx: &Ctx,
        id: CaseId,
        length: Length,
        reason: &str,
    ) -> Result<ExtensionRequest, AppError> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 2_000 {
            return Err(AppError::invalid(
                "docket.reason_required",
                "请写明延长审限的理由（不超过2000字）",
            ));
        }
        let today = self.clock.today_in_china();
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(
                ctx,
                tx,
                id,
                Action::ManageTimeLimit,
                "docket.request_extension",
            )
            .await?;
        if case.status != CaseStatus::Assigned {
            return Err(AppError::invalid(
                "docket.not_open",
                "只有审理中的案件可以申请延长审限",
            ));
        }
        let existing = tx.extensions_of_case(id).await?;
        if existing
            .iter()
            .any(|e| e.status == ExtensionStatus::Requested)
        {
            return Err(AppError::Conflict {
                code: "docket.extension_pending",
                message: "已有待审批的延长审限申请".into(),
            });
        }
        let suspensions = tx.suspensions_of_case(id).await?;
        check_extension_request(&case, &existing, &suspensions, length, today)?;
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let request = ExtensionRequest {
            id: ExtensionId::new(),
            case_id: id,
            length,
            reason: reason.to_string(),
            requested_by: actor.account_id,
            requested_on: today,
            status: ExtensionStatus::Requested,
            decided_by: None,
            decided_on: None,
            decision_note: String::new(),
        };
        tx.insert_extension(&request).await?;
        self.audit(
            &mut *tx,
            ctx,
            "docket.request_extension",
            &format!("case:{id}"),
            AuditOutcome::Success,
            &length.to_string(),
        )
        .await?;
        tx.commit().await?;
        Ok(request)
    }

    /// The court president grants or refuses an extension request; the judge is told.
    pub async fn decide_extension(
        &self,
        ctx: &Ctx,
        id: ExtensionId,
        approve: bool,
        note: &str,
    ) -> Result<ExtensionRequest, AppError> {
        let today = self.clock.today_in_china();
        let target = format!("extension:{id}");
        let mut tx = self.store.begin().await?;
        let Some(mut request) = tx.extension(id).await? else {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    "docket.decide_extension",
                    &target,
                    AppError::NotFound,
                )
                .await);
        };
        let (mut tx, case) = self
            .case_for(
                ctx,
                tx,
                request.case_id,
                Action::ApproveExtension,
                "docket.decide_extension",
            )
            .await?;
        if request.status != ExtensionStatus::Requested {
            return Err(AppError::invalid(
                "docket.extension_decided",
                "该申请已审批",
            ));
        }
        if approve {
            let approved: Vec<ExtensionRequest> = tx.extensions_of_case(case.id).await?;
            let suspensions = tx.suspensions_of_case(case.id).await?;
            check_extension_request(
                &case,
                &approved,
                &suspensions,
                request.length,
                request.requested_on,
            )?;
        }
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        request.status = if approve {
            ExtensionStatus::Approved
        } else {
            ExtensionStatus::Rejected
        };
        request.decided_by = Some(actor.account_id);
        request.decided_on = Some(today);
        request.decision_note = note.trim().chars().take(2_000).collect();
        tx.update_extension(&request).await?;
        let text = format!(
            "案件{}延长审限{}的申请{}。{}",
            case.case_number,
            request.length,
            request.status.label(),
            request.decision_note
        );
        self.notify(
            &mut *tx,
            request.requested_by,
            "延长审限审批结果",
            &text,
            Some(format!("/staff/cases/{}", case.id)),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "docket.decide_extension",
            &target,
            AuditOutcome::Success,
            request.status.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(request)
    }

    /// The time-limit dashboard: for a judge their own open cases, for a division chief or the
    /// president all open cases of the court; the president also sees pending extensions.
    pub async fn time_limit_dashboard(&self, ctx: &Ctx) -> Result<TimeLimitDashboard, AppError> {
        self.authorise(
            ctx,
            Action::ViewTimeLimits,
            Resource::System,
            "docket.time_limits",
            "time_limits",
        )
        .await?;
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let court = actor.court_id.ok_or(AppError::Forbidden)?;
        let court_wide =
            actor.has_role(Role::DivisionChief) || actor.has_role(Role::CourtPresident);
        let mut tx = self.store.begin().await?;
        let cases = if court_wide {
            tx.cases_of_court(court, Some(CaseStatus::Assigned)).await?
        } else {
            tx.cases_of_judge(actor.account_id, Some(CaseStatus::Assigned))
                .await?
        };
        let mut dashboard = TimeLimitDashboard::default();
        for case in cases {
            let (limit, days_left) = self.time_limit_in(&mut *tx, &case).await?;
            let entry = TimeLimitEntry {
                deadline: limit.deadline,
                days_left,
                case,
            };
            if days_left < 0 {
                dashboard.over.push(entry);
            } else if days_left <= NEAR_LIMIT_DAYS {
                dashboard.near.push(entry);
            }
        }
        if actor.has_role(Role::CourtPresident) {
            dashboard.pending_extensions = tx
                .extensions_in_status(court, ExtensionStatus::Requested)
                .await?;
        }
        self.audit(
            &mut *tx,
            ctx,
            "docket.time_limits",
            &format!("court:{court}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(dashboard)
    }

    /// [`App::my_cases`] with each case's time limit (with its approved extensions) as of today.
    pub async fn my_cases_with_limits(&self, ctx: &Ctx) -> Result<Vec<TimeLimitEntry>, AppError> {
        let cases = self.my_cases(ctx).await?;
        let mut tx = self.store.begin().await?;
        let mut entries = Vec::with_capacity(cases.len());
        for case in cases {
            let (limit, days_left) = self.time_limit_in(&mut *tx, &case).await?;
            entries.push(TimeLimitEntry {
                deadline: limit.deadline,
                days_left,
                case,
            });
        }
        Ok(entries)
    }

    /// 归档: the archivist archives a closed case (Rules art. 32).
    pub async fn archive_case(&self, ctx: &Ctx, id: CaseId) -> Result<Case, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mut case) = self
            .case_for(ctx, tx, id, Action::ArchiveCase, "docket.archive")
            .await?;
        case.check_transition(CaseStatus::Archived)
            .map_err(AppError::from)?;
        case.status = CaseStatus::Archived;
        tx.update_case(&case).await?;
        self.audit(
            &mut *tx,
            ctx,
            "docket.archive",
            &format!("case:{id}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(case)
    }

    /// Records a period not counted in the time limit (the judge in charge; 民诉法解释 art. 243).
    /// Without `to` the period is open and runs until it is ended.
    pub async fn record_suspension(
        &self,
        ctx: &Ctx,
        id: CaseId,
        reason: SuspensionReason,
        from: Date,
        to: Option<Date>,
        note: &str,
    ) -> Result<CaseSuspension, AppError> {
        if to.is_some_and(|to| to < from) || from > self.clock.today_in_china() {
            return Err(AppError::invalid(
                "docket.suspension_dates",
                "不计入审限的期间起止日期不正确（起始日不得晚于今日，截止日不得早于起始日）",
            ));
        }
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(
                ctx,
                tx,
                id,
                Action::ManageTimeLimit,
                "docket.record_suspension",
            )
            .await?;
        if case.status != CaseStatus::Assigned || from < case.docketed_on {
            return Err(AppError::invalid(
                "docket.suspension_dates",
                "只能为审理中的案件记录立案之后的期间",
            ));
        }
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let suspension = CaseSuspension {
            id: SuspensionId::new(),
            case_id: id,
            reason,
            from,
            to,
            note: note.trim().chars().take(2_000).collect(),
            recorded_by: actor.account_id,
        };
        tx.insert_suspension(&suspension).await?;
        self.audit(
            &mut *tx,
            ctx,
            "docket.record_suspension",
            &format!("case:{id}"),
            AuditOutcome::Success,
            reason.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(suspension)
    }

    /// Ends an open period not counted in the time limit on `to` (the judge in charge).
    pub async fn end_suspension(
        &self,
        ctx: &Ctx,
        id: CaseId,
        suspension: SuspensionId,
        to: Date,
    ) -> Result<CaseSuspension, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, _case) = self
            .case_for(
                ctx,
                tx,
                id,
                Action::ManageTimeLimit,
                "docket.end_suspension",
            )
            .await?;
        let mut found = tx
            .suspensions_of_case(id)
            .await?
            .into_iter()
            .find(|s| s.id == suspension)
            .ok_or(AppError::NotFound)?;
        if found.to.is_some() || to < found.from {
            return Err(AppError::invalid(
                "docket.suspension_dates",
                "该期间已结束，或截止日早于起始日",
            ));
        }
        tx.end_suspension(suspension, to).await?;
        found.to = Some(to);
        self.audit(
            &mut *tx,
            ctx,
            "docket.end_suspension",
            &format!("case:{id}"),
            AuditOutcome::Success,
            &to.to_string(),
        )
        .await?;
        tx.commit().await?;
        Ok(found)
    }
}
