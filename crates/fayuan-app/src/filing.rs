//! Online filing and its review (Rules art. 17; 民事诉讼法 arts. 122–126): drafts, submission,
//! the filing division's queue and its four decisions. Docketing creates the case with its number
//! and the fee notice in the same transaction.

use fayuan_core::case_number::{CaseTypeCode, CourtCode, StandardCaseNumber};
use fayuan_core::clock::{CHINA_OFFSET, from_micros, to_micros};
use fayuan_core::id::{CaseId, CourtId, FeeNoticeId, FilingId};
use fayuan_core::period::{PeriodOptions, add_days};
use fayuan_core::time_limit::Procedure;
use fayuan_domain::accounts::{AccountKind, Verification};
use fayuan_domain::docket::{Capacity, Case, CaseParticipant, CaseStatus};
use fayuan_domain::documents::Template;
use fayuan_domain::fees::{FeeNotice, FeeNoticeStatus};
use fayuan_domain::filing::{
    Claim, ElectronicDelivery, FilingApplication, FilingCategory, FilingStatus, MAX_CLAIMS,
    MAX_FACTS_CHARS, MAX_MATERIALS, MAX_PARTIES, Material, PRE_FILING_MEDIATION_TYPE_CODE, Party,
    PartyRole,
};
use fayuan_domain::ledger::EntryKind;
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;
use time::Date;

use crate::ledger::Deposit;
use crate::policy::{Action, Resource};
use crate::{App, AppError, Ctx};

/// Days the filing division has to decide (民事诉讼法 art. 126: 七日内立案).
pub const DECISION_DAYS: u32 = 7;

/// What the applicant writes; the same for creating and changing a draft.
#[derive(Debug, Clone)]
pub struct FilingDraft {
    /// Court applied to.
    pub court_id: CourtId,
    /// Category.
    pub category: FilingCategory,
    /// Cause of action.
    pub cause: String,
    /// Procedure asked for.
    pub procedure_requested: Procedure,
    /// Parties.
    pub parties: Vec<Party>,
    /// Claims.
    pub claims: Vec<Claim>,
    /// Facts and reasons.
    pub facts: String,
    /// Materials.
    pub materials: Vec<Material>,
    /// Consent to pre-filing mediation.
    pub consents_to_mediation: bool,
    /// The applicant's electronic address for service (consent to electronic delivery).
    pub electronic_delivery: Option<ElectronicDelivery>,
}

/// An application in the review queue, with its decision period.
#[derive(Debug, Clone)]
pub struct QueuedFiling {
    /// The application.
    pub filing: FilingApplication,
    /// Civil date it was (last) submitted.
    pub submitted_on: Date,
    /// Last day to decide (7 days, counted per 民事诉讼法 art. 85).
    pub decide_by: Date,
    /// Past the last day.
    pub overdue: bool,
}

/// The filing officer's decision to docket.
#[derive(Debug, Clone)]
pub struct DocketDecision {
    /// Procedure decided (must be one the category allows).
    pub procedure: Procedure,
}

/// A decision that only records a note and tells the applicant: correction or refusal.
#[derive(Debug, Clone, Copy)]
struct NoteDecision {
    to: FilingStatus,
    template: Template,
    audit_action: &'static str,
    subject: &'static str,
    lead: &'static str,
}

const CORRECTION: NoteDecision = NoteDecision {
    to: FilingStatus::CorrectionRequested,
    template: Template::CorrectionNotice,
    audit_action: "filing.request_correction",
    subject: "请补正立案材料",
    lead: "立案申请需要补正：",
};

const REFUSAL: NoteDecision = NoteDecision {
    to: FilingStatus::Refused,
    template: Template::RefusalRuling,
    audit_action: "filing.refuse",
    subject: "不予受理",
    lead: "经审查，法院裁定不予受理。理由：",
};

fn check_draft(d: &FilingDraft) -> Result<(), AppError> {
    if d.parties.len() > MAX_PARTIES
        || d.claims.len() > MAX_CLAIMS
        || d.materials.len() > MAX_MATERIALS
    {
        return Err(AppError::invalid(
            "filing.too_many_items",
            "当事人、诉讼请求或材料数量超出上限",
        ));
    }
    if d.facts.chars().count() > MAX_FACTS_CHARS || d.cause.chars().count() > 200 {
        return Err(AppError::invalid("filing.too_long", "事实与理由或案由过长"));
    }
    if d.claims.iter().any(|c| c.amount.is_some_and(|a| a.0 < 0)) {
        return Err(AppError::invalid(
            "filing.negative_amount",
            "请求金额不能为负数",
        ));
    }
    Ok(())
}

fn resource(f: &FilingApplication) -> Resource {
    Resource::Filing {
        applicant: f.applicant_id,
        court: f.court_id,
    }
}

impl App {
    /// Starts a filing application (verified members of the public; lawyers file as agents).
    pub async fn create_filing(
        &self,
        ctx: &Ctx,
        draft: FilingDraft,
    ) -> Result<FilingApplication, AppError> {
        self.authorise(
            ctx,
            Action::PrepareFiling,
            Resource::System,
            "filing.create",
            "filing:new",
        )
        .await?;
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        check_draft(&draft)?;
        let filing = FilingApplication {
            id: FilingId::new(),
            court_id: draft.court_id,
            applicant_id: actor.account_id,
            filed_by_agent: actor.kind == AccountKind::Lawyer,
            category: draft.category,
            cause: draft.cause.trim().to_string(),
            procedure_requested: draft.procedure_requested,
            parties: draft.parties,
            claims: draft.claims,
            facts: draft.facts,
            materials: draft.materials,
            consents_to_mediation: draft.consents_to_mediation,
            status: FilingStatus::Draft,
            submitted_at_us: None,
            decision_note: String::new(),
            case_id: None,
            created_at_us: to_micros(self.clock.now()),
            electronic_delivery: draft.electronic_delivery,
        };
        let mut tx = self.store.begin().await?;
        tx.court(filing.court_id)
            .await?
            .ok_or_else(|| AppError::invalid("filing.unknown_court", "法院不存在"))?;
        tx.insert_filing(&filing).await?;
        self.audit(
            &mut *tx,
            ctx,
            "filing.create",
            &format!("filing:{}", filing.id),
            AuditOutcome::Success,
            filing.category.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(filing)
    }

    /// Loads a filing in `tx` and checks the actor may act on it. A refusal is audited in `tx`
    /// itself, which holds only this read, so no second writer is needed (SQLite has one).
    pub(crate) async fn filing_for(
        &self,
        ctx: &Ctx,
        mut tx: Box<dyn Tx>,
        id: FilingId,
        action: Action,
        audit_action: &str,
    ) -> Result<(Box<dyn Tx>, FilingApplication), AppError> {
        let target = format!("filing:{id}");
        let Some(filing) = tx.filing(id).await? else {
            return Err(self
                .refuse_in(tx, ctx, audit_action, &target, AppError::NotFound)
                .await);
        };
        let tx = self
            .authorise_in(tx, ctx, action, resource(&filing), audit_action, &target)
            .await?;
        Ok((tx, filing))
    }

    /// Changes a draft (or an application returned for correction).
    pub async fn update_filing(
        &self,
        ctx: &Ctx,
        id: FilingId,
        draft: FilingDraft,
    ) -> Result<FilingApplication, AppError> {
        check_draft(&draft)?;
        let tx = self.store.begin().await?;
        let (mut tx, mut filing) = self
            .filing_for(ctx, tx, id, Action::EditFiling, "filing.update")
            .await?;
        filing
            .check_transition(FilingStatus::Draft)
            .map_err(AppError::from)?;
        filing.court_id = draft.court_id;
        filing.category = draft.category;
        filing.cause = draft.cause.trim().to_string();
        filing.procedure_requested = draft.procedure_requested;
        filing.parties = draft.parties;
        filing.claims = draft.claims;
        filing.facts = draft.facts;
        filing.materials = draft.materials;
        filing.consents_to_mediation = draft.consents_to_mediation;
        filing.electronic_delivery = draft.electronic_delivery;
        tx.court(filing.court_id)
            .await?
            .ok_or_else(|| AppError::invalid("filing.unknown_court", "法院不存在"))?;
        tx.update_filing(&filing).await?;
        self.audit(
            &mut *tx,
            ctx,
            "filing.update",
            &format!("filing:{id}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(filing)
    }

    /// Submits a complete application; the 7-day decision period starts (again, after a
    /// correction: 民诉法解释 art. 126).
    pub async fn submit_filing(
        &self,
        ctx: &Ctx,
        id: FilingId,
    ) -> Result<FilingApplication, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mut filing) = self
            .filing_for(ctx, tx, id, Action::EditFiling, "filing.submit")
            .await?;
        filing
            .check_transition(FilingStatus::Submitted)
            .map_err(AppError::from)?;
        let applicant = tx
            .account(filing.applicant_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if applicant.verification != Verification::Verified {
            return Err(AppError::invalid(
                "filing.identity_unverified",
                "完成实名认证后方可提交立案申请",
            ));
        }
        let missing = filing.missing();
        if !missing.is_empty() {
            return Err(AppError::invalid(
                "filing.incomplete",
                format!("尚缺：{}", missing.join("；")),
            ));
        }
        filing.status = FilingStatus::Submitted;
        filing.submitted_at_us = Some(to_micros(self.clock.now()));
        tx.update_filing(&filing).await?;
        self.deposit_in_ledger(
            &mut *tx,
            &Deposit {
                kind: EntryKind::FilingSubmitted,
                subjects: vec![format!("filing:{id}")],
                content: None,
            },
        )
        .await?;
        let decide_by = self.decision_deadline(&filing)?;
        self.notify(
            &mut *tx,
            filing.applicant_id,
            "立案申请已提交",
            &format!(
                "您的{}申请已提交，法院将于{decide_by}前作出是否立案的决定。",
                filing.category.label()
            ),
            Some(format!("/filings/{id}")),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "filing.submit",
            &format!("filing:{id}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(filing)
    }

    /// The last day to decide on a submitted application.
    fn decision_deadline(&self, filing: &FilingApplication) -> Result<Date, AppError> {
        let submitted = from_micros(filing.submitted_at_us.unwrap_or(filing.created_at_us))
            .to_offset(CHINA_OFFSET)
            .date();
        add_days(submitted, DECISION_DAYS, PeriodOptions::default())
            .map(|o| o.last_day)
            .map_err(|e| AppError::Internal(format!("decision period: {e}")))
    }

    /// An application the actor may read, with what it still lacks.
    pub async fn filing(&self, ctx: &Ctx, id: FilingId) -> Result<FilingApplication, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, filing) = self
            .filing_for(ctx, tx, id, Action::ReadFiling, "filing.read")
            .await?;
        self.audit(
            &mut *tx,
            ctx,
            "filing.read",
            &format!("filing:{id}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(filing)
    }

    /// The actor's own applications.
    pub async fn my_filings(&self, ctx: &Ctx) -> Result<Vec<FilingApplication>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let filings = tx.filings_of_applicant(actor.account_id).await?;
        self.audit(
            &mut *tx,
            ctx,
            "filing.list_own",
            &format!("account:{}", actor.account_id),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(filings)
    }

    /// The filing officer's queue: submitted applications of the officer's court, oldest first,
    /// each with its decision deadline.
    pub async fn review_queue(&self, ctx: &Ctx) -> Result<Vec<QueuedFiling>, AppError> {
        let court = ctx
            .actor
            .as_ref()
            .and_then(|a| a.court_id)
            .ok_or(AppError::Forbidden)?;
        self.authorise(
            ctx,
            Action::ReviewFiling,
            Resource::Court(court),
            "filing.queue",
            &format!("court:{court}"),
        )
        .await?;
        let today = self.clock.today_in_china();
        let mut tx = self.store.begin().await?;
        let filings = tx.filings_in_status(court, FilingStatus::Submitted).await?;
        self.audit(
            &mut *tx,
            ctx,
            "filing.queue",
            &format!("court:{court}"),
            AuditOutcome::Success,
            &format!("{} applications", filings.len()),
        )
        .await?;
        tx.commit().await?;
        filings
            .into_iter()
            .map(|filing| {
                let decide_by = self.decision_deadline(&filing)?;
                let submitted_on =
                    from_micros(filing.submitted_at_us.unwrap_or(filing.created_at_us))
                        .to_offset(CHINA_OFFSET)
                        .date();
                Ok(QueuedFiling {
                    filing,
                    submitted_on,
                    decide_by,
                    overdue: today > decide_by,
                })
            })
            .collect()
    }

    /// Loads a submitted filing for a decision by a filing officer.
    async fn filing_to_decide(
        &self,
        ctx: &Ctx,
        tx: Box<dyn Tx>,
        id: FilingId,
        to: FilingStatus,
        audit_action: &str,
    ) -> Result<(Box<dyn Tx>, FilingApplication), AppError> {
        let (tx, filing) = self
            .filing_for(ctx, tx, id, Action::ReviewFiling, audit_action)
            .await?;
        filing.check_transition(to).map_err(AppError::from)?;
        Ok((tx, filing))
    }

    /// Takes the next case number of a court for a type code, in the caller's transaction.
    pub(crate) async fn issue_case_number(
        &self,
        tx: &mut dyn Tx,
        court: CourtId,
        type_code: &str,
        on: Date,
    ) -> Result<String, AppError> {
        let court_row = tx.court(court).await?.ok_or(AppError::NotFound)?;
        let code = CourtCode::parse(&court_row.code)
            .map_err(|e| AppError::Internal(format!("court code: {e}")))?;
        let type_code = CaseTypeCode::lookup(type_code)
            .ok_or_else(|| AppError::Internal(format!("type code {type_code}")))?;
        let year = on.year();
        let sequence = tx
            .next_case_sequence(court, "", type_code.code, year)
            .await?;
        let number = StandardCaseNumber::new(
            u16::try_from(year).map_err(|_| AppError::Internal("year".into()))?,
            code,
            None,
            type_code,
            u32::try_from(sequence).map_err(|_| AppError::Internal("sequence overflow".into()))?,
            None,
        )
        .map_err(|e| AppError::Internal(format!("case number: {e}")))?;
        Ok(number.to_string())
    }

    /// 登记立案: creates the case with its number and, where a fee is due in advance, the fee
    /// notice with its 7-day payment period — all in one transaction with the audit events.
    pub async fn docket_filing(
        &self,
        ctx: &Ctx,
        id: FilingId,
        decision: DocketDecision,
    ) -> Result<(Case, Option<FeeNotice>), AppError> {
        let today = self.clock.today_in_china();
        let tx = self.store.begin().await?;
        let (mut tx, mut filing) = self
            .filing_to_decide(ctx, tx, id, FilingStatus::Docketed, "filing.docket")
            .await?;
        if !filing.category.procedures().contains(&decision.procedure) {
            return Err(AppError::invalid(
                "filing.invalid_procedure",
                format!(
                    "{}不适用{}",
                    filing.category.label(),
                    decision.procedure.label()
                ),
            ));
        }
        let court_fees = tx
            .court(filing.court_id)
            .await?
            .ok_or(AppError::NotFound)?
            .fees();
        let case_number = self
            .issue_case_number(
                &mut *tx,
                filing.court_id,
                filing.category.type_code(),
                today,
            )
            .await?;
        let mut case = Case {
            id: CaseId::new(),
            court_id: filing.court_id,
            case_number,
            filing_id: filing.id,
            filer_id: filing.applicant_id,
            category: filing.category,
            cause: filing.cause.clone(),
            procedure: decision.procedure,
            parties: filing.parties.clone(),
            claims: filing.claims.clone(),
            status: CaseStatus::Docketed,
            docketed_on: today,
            division_id: None,
            judge_id: None,
            assignment_reason: String::new(),
            closure_mode: None,
            closed_on: None,
            fee_overdue: false,
            panel: Vec::new(),
            participants: filer_participation(&filing).into_iter().collect(),
        };
        self.mediation_participants(&mut *tx, &filing, &mut case)
            .await?;
        tx.insert_case(&case).await?;
        // 审判流程信息公开 (Rules art. 9): the code the parties follow the case with.
        let query_code = self.issue_query_code(&mut *tx, &case).await?;
        self.deposit_in_ledger(
            &mut *tx,
            &Deposit {
                kind: EntryKind::CaseDocketed,
                subjects: vec![
                    format!("case:{}", case.id),
                    format!("filing:{}", filing.id),
                    format!("case_number:{}", case.case_number),
                ],
                content: None,
            },
        )
        .await?;
        // Materials submitted with the filing join the case dossier (Rules art. 20 ¶1).
        tx.attach_filing_materials(filing.id, case.id).await?;
        filing.status = FilingStatus::Docketed;
        filing.case_id = Some(case.id);
        filing.decision_note = format!("已登记立案，案号{}", case.case_number);
        tx.update_filing(&filing).await?;
        let address = match &filing.electronic_delivery {
            Some(given) => Some(
                self.address_from_complaint(&mut *tx, ctx, &filing, &case, given)
                    .await?,
            ),
            None => None,
        };
        let notice = match crate::fees::advance_fee(&filing, decision.procedure, &court_fees)? {
            Some(item) => {
                let due_on = add_days(today, 7, PeriodOptions::default())
                    .map_err(|e| AppError::Internal(format!("fee period: {e}")))?
                    .last_day;
                let notice = FeeNotice {
                    id: FeeNoticeId::new(),
                    case_id: case.id,
                    payer_id: filing.applicant_id,
                    total: item.amount,
                    items: vec![item],
                    due_on,
                    status: FeeNoticeStatus::Unpaid,
                    issued_at_us: to_micros(self.clock.now()),
                };
                tx.insert_fee_notice(&notice).await?;
                self.audit(
                    &mut *tx,
                    ctx,
                    "fees.notice_issued",
                    &format!("case:{}", case.id),
                    AuditOutcome::Success,
                    &notice.total.to_string(),
                )
                .await?;
                Some(notice)
            }
            None => None,
        };
        let fee_text = notice.as_ref().map_or(String::new(), |n| {
            format!("请于{}前交纳诉讼费用{}元。", n.due_on, n.total)
        });
        self.notify(
            &mut *tx,
            filing.applicant_id,
            "已登记立案",
            &format!(
                "您的立案申请已登记立案，案号{}。{fee_text}案件流程信息查询码：{query_code}（凭案号和查询码可在“审判流程信息公开”查询案件进展，请妥善保管）。",
                case.case_number
            ),
            Some(format!("/cases/{}", case.id)),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "filing.docket",
            &format!("filing:{id}"),
            AuditOutcome::Success,
            &case.case_number,
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "docket.create",
            &format!("case:{}", case.id),
            AuditOutcome::Success,
            &case.case_number,
        )
        .await?;
        tx.commit().await?;
        if let Some((address, filer)) = &address {
            self.file_address_confirmation(ctx, case.id, filer, address)
                .await;
        }
        self.deliver_on_docketing(
            ctx,
            case.id,
            case.filer_id,
            notice.is_some(),
            address.as_ref().map(|(a, _)| a),
        )
        .await;
        Ok((case, notice))
    }

    /// 补正: returns the application to the applicant with what to complete.
    pub async fn request_correction(
        &self,
        ctx: &Ctx,
        id: FilingId,
        note: &str,
    ) -> Result<FilingApplication, AppError> {
        self.decide_without_case(ctx, id, &CORRECTION, note).await
    }

    /// 不予受理: refuses with reasons (recorded as the ruling's text).
    pub async fn refuse_filing(
        &self,
        ctx: &Ctx,
        id: FilingId,
        reasons: &str,
    ) -> Result<FilingApplication, AppError> {
        self.decide_without_case(ctx, id, &REFUSAL, reasons).await
    }

    async fn decide_without_case(
        &self,
        ctx: &Ctx,
        id: FilingId,
        kind: &NoteDecision,
        note: &str,
    ) -> Result<FilingApplication, AppError> {
        let NoteDecision {
            to,
            template,
            audit_action,
            subject,
            lead,
        } = *kind;
        let note = note.trim();
        if note.is_empty() || note.chars().count() > 5_000 {
            return Err(AppError::invalid(
                "filing.note_required",
                "请写明补正内容或不予受理的理由（不超过5000字）",
            ));
        }
        let today = self.clock.today_in_china();
        let tx = self.store.begin().await?;
        let (mut tx, mut filing) = self.filing_to_decide(ctx, tx, id, to, audit_action).await?;
        // A refusal is a ruling and takes a number of the case type applied for, as a docketed
        // case would (the number is used up by the ruling).
        let number = if to == FilingStatus::Refused {
            self.issue_case_number(
                &mut *tx,
                filing.court_id,
                filing.category.type_code(),
                today,
            )
            .await?
        } else {
            String::new()
        };
        filing.status = to;
        filing.decision_note = note.to_string();
        tx.update_filing(&filing).await?;
        self.notify(
            &mut *tx,
            filing.applicant_id,
            subject,
            &format!("{lead}{note}"),
            Some(format!("/filings/{id}")),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            audit_action,
            &format!("filing:{id}"),
            AuditOutcome::Success,
            &number,
        )
        .await?;
        tx.commit().await?;
        self.file_filing_decision(ctx, &filing, template, &number)
            .await;
        Ok(filing)
    }

    /// 诉前调解分流: with the applicant's consent, issues a 民诉前调 number and sends the dispute
    /// to pre-filing mediation.
    pub async fn divert_filing(
        &self,
        ctx: &Ctx,
        id: FilingId,
    ) -> Result<FilingApplication, AppError> {
        let today = self.clock.today_in_china();
        let tx = self.store.begin().await?;
        let (mut tx, mut filing) = self
            .filing_to_decide(ctx, tx, id, FilingStatus::Diverted, "filing.divert")
            .await?;
        if filing.status != FilingStatus::Submitted {
            return Err(AppError::invalid(
                "filing.invalid_transition",
                "只能分流已提交的立案申请。",
            ));
        }
        if !filing.consents_to_mediation {
            return Err(AppError::invalid(
                "filing.no_mediation_consent",
                "当事人未同意诉前调解，不能分流",
            ));
        }
        if filing.category != FilingCategory::CivilFirstInstance {
            return Err(AppError::invalid(
                "filing.not_mediable",
                "仅民事一审案件可分流诉前调解",
            ));
        }
        let number = self
            .issue_case_number(
                &mut *tx,
                filing.court_id,
                PRE_FILING_MEDIATION_TYPE_CODE,
                today,
            )
            .await?;
        filing.status = FilingStatus::Diverted;
        filing.decision_note = format!("转入诉前调解，调解案号{number}");
        tx.update_filing(&filing).await?;
        let (mediation, invitations) = self
            .open_pre_filing(&mut *tx, ctx, &filing, &number)
            .await?;
        self.notify(
            &mut *tx,
            filing.applicant_id,
            "转入诉前调解",
            &format!("经您同意，纠纷已转入诉前调解（{number}）。调解不成的，依法登记立案。"),
            Some(format!("/filings/{id}")),
        )
        .await?;
        self.audit(
            &mut *tx,
            ctx,
            "filing.divert",
            &format!("filing:{id}"),
            AuditOutcome::Success,
            &number,
        )
        .await?;
        tx.commit().await?;
        self.send_invitations(&mediation, &invitations).await;
        Ok(filing)
    }
}

/// The filer's part in the case docketed from its filing: for the first party of the side it
/// acts for (the first plaintiff), as the party itself or, when a lawyer filed, as its agent.
fn filer_participation(filing: &FilingApplication) -> Option<CaseParticipant> {
    let party = filing
        .parties
        .iter()
        .find(|p| p.role == PartyRole::Plaintiff)
        .or(filing.parties.first())?;
    Some(CaseParticipant {
        account_id: filing.applicant_id,
        side: party.role,
        party_name: party.name.clone(),
        capacity: if filing.filed_by_agent {
            Capacity::Agent
        } else {
            Capacity::Party
        },
    })
}
