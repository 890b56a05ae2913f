//! Online mediation (在线调解, Rules art. 16; 人民法院在线调解规则): starting a mediation from a
//! diverted filing, a party's application or the judge in a case; asking the other side
//! (art. 15); choosing or designating the mediator (arts. 10–12); ending it (arts. 21, 25),
//! withdrawing and extending it (art. 24). The room, the settlement, judicial confirmation, the
//! roster and the statistics have their own modules.

pub mod confirmation;
pub mod room;
pub mod roster;
pub mod settlement;
pub mod stats;
pub mod sweep;
pub mod video;

use fayuan_core::clock::to_micros;
use fayuan_core::id::{AccountId, CaseId, FilingId, MediationId};
use fayuan_core::period::add_working_days;
use fayuan_domain::accounts::{AccountKind, Role};
use fayuan_domain::docket::{Case, CaseStatus};
use fayuan_domain::filing::{FilingApplication, FilingStatus, PRE_FILING_MEDIATION_TYPE_CODE};
use fayuan_domain::mediation::roster::RosterStatus;
use fayuan_domain::mediation::{
    Confirmation, Consent, EndReason, ExtensionProposal, MAX_EXTENSION_DAYS, MAX_NOTE_CHARS,
    Mediation, MediationKind, MediationParty, MediationStatus, Member, check_text, period_days,
};
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;
use time::Date;

use crate::docket::case_resource;
use crate::passwords::{random_bytes, token_hash};
use crate::policy::{Action, Decision, decide};
use crate::{Actor, App, AppError, Ctx};

/// How the actor stands in a mediation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// A party's account or the mediator.
    Member(Member),
    /// Court staff overseeing it: the filing division before filing, those handling the case
    /// during it. `decides` when they may designate the mediator (the filing officer, the judge).
    Court {
        /// May designate the mediator.
        decides: bool,
    },
}

/// An invitation to send by text message once the transaction that made it has committed.
#[derive(Debug, Clone)]
pub(crate) struct Invitation {
    phone: String,
    code: String,
}

/// A mediation as one actor sees it.
#[derive(Debug, Clone)]
pub struct MediationView {
    /// The mediation.
    pub mediation: Mediation,
    /// How the actor stands in it.
    pub standing: Standing,
    /// The mediator's name.
    pub mediator_name: String,
    /// The actor is the court staff who decides on it (designates the mediator, issues the
    /// 调解书) — also when hosting it as its mediator.
    pub decides: bool,
}

/// What an invitee sees after entering the code from the text message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationSummary {
    /// The mediation's number.
    pub number: String,
    /// The court.
    pub court_name: String,
    /// 案由.
    pub cause: String,
    /// The invited party's name.
    pub invited: String,
    /// Who applied (the other parties' names).
    pub applicants: Vec<String>,
    /// The last day to answer.
    pub answer_by: Date,
}

/// How many working days the court takes to designate, and the mediator to accept (arts. 10, 12).
pub const ACCEPT_WORKING_DAYS: u32 = 3;
/// Reminders go out this many days before the period ends.
pub const REMIND_DAYS_BEFORE: i64 = 3;

impl App {
    /// The mediation and how the actor stands in it; anyone else — the public included — is
    /// told it does not exist (mediation is not public: 在线调解规则 art. 29 (四)).
    pub(crate) async fn mediation_in(
        &self,
        ctx: &Ctx,
        mut tx: Box<dyn Tx>,
        id: MediationId,
        audit_action: &str,
    ) -> Result<(Box<dyn Tx>, Mediation, Standing), AppError> {
        let target = format!("mediation:{id}");
        let Some(actor) = ctx.actor.as_ref() else {
            return Err(self
                .refuse_in(tx, ctx, audit_action, &target, AppError::NotFound)
                .await);
        };
        let Some(mediation) = tx.mediation(id).await? else {
            return Err(self
                .refuse_in(tx, ctx, audit_action, &target, AppError::NotFound)
                .await);
        };
        if let Some(member) = mediation.member(actor.account_id) {
            return Ok((tx, mediation, Standing::Member(member)));
        }
        match self.court_standing(&mut *tx, actor, &mediation).await? {
            Some(standing) => Ok((tx, mediation, standing)),
            None => Err(self
                .refuse_in(tx, ctx, audit_action, &target, AppError::NotFound)
                .await),
        }
    }

    /// Whether court staff oversee the mediation, and whether they decide on it.
    pub(crate) async fn court_standing(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        mediation: &Mediation,
    ) -> Result<Option<Standing>, AppError> {
        if actor.kind != AccountKind::Staff || actor.court_id != Some(mediation.court_id) {
            return Ok(None);
        }
        let leader = actor.has_role(Role::DivisionChief) || actor.has_role(Role::CourtPresident);
        match (mediation.kind, mediation.case_id) {
            (MediationKind::InLitigation, Some(case_id)) => {
                let case = tx.case(case_id).await?.ok_or(AppError::NotFound)?;
                let resource = case_resource(&case, Some(actor));
                let decides = decide(actor, Action::Adjudicate, resource) == Decision::Allow;
                let handles = decide(actor, Action::ManageDossier, resource) == Decision::Allow;
                Ok((decides || handles || leader).then_some(Standing::Court { decides }))
            }
            _ => {
                let decides = actor.has_role(Role::FilingOfficer);
                Ok((decides || leader).then_some(Standing::Court { decides }))
            }
        }
    }

    /// Stores a changed mediation with its audit event, in the caller's transaction.
    pub(crate) async fn save_mediation(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        mediation: &Mediation,
        audit_action: &str,
        detail: &str,
    ) -> Result<(), AppError> {
        tx.update_mediation(mediation).await?;
        self.audit(
            tx,
            ctx,
            audit_action,
            &format!("mediation:{}", mediation.id),
            AuditOutcome::Success,
            detail,
        )
        .await
    }

    /// A mediation as the actor may see it.
    pub async fn mediation(&self, ctx: &Ctx, id: MediationId) -> Result<MediationView, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.read").await?;
        let mediator_name = match mediation.mediator_id {
            Some(m) => tx.account(m).await?.map(|a| a.name).unwrap_or_default(),
            None => String::new(),
        };
        let decides = match ctx.actor.as_ref() {
            Some(actor) => {
                self.court_standing(&mut *tx, actor, &mediation).await?
                    == Some(Standing::Court { decides: true })
            }
            None => false,
        };
        tx.commit().await?;
        Ok(MediationView {
            mediation,
            standing,
            mediator_name,
            decides,
        })
    }

    /// The mediations the actor takes part in; for court staff, also those of their court they
    /// oversee.
    pub async fn my_mediations(&self, ctx: &Ctx) -> Result<Vec<Mediation>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let mut list = tx.mediations_of_account(actor.account_id).await?;
        if let Some(court) = actor.court_id.filter(|_| actor.kind == AccountKind::Staff) {
            for m in tx.mediations_of_court(court).await? {
                if !list.iter().any(|l| l.id == m.id)
                    && self.court_standing(&mut *tx, actor, &m).await?.is_some()
                {
                    list.push(m);
                }
            }
            list.sort_by_key(|m| std::cmp::Reverse(m.created_at_us));
        }
        tx.commit().await?;
        Ok(list)
    }

    /// The mediations held in a case, for those who may read the case.
    pub async fn case_mediations(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
    ) -> Result<Vec<Mediation>, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, _) = self
            .case_for(ctx, tx, case_id, Action::ReadCase, "mediation.list")
            .await?;
        let list = tx.mediations_of_case(case_id).await?;
        tx.commit().await?;
        Ok(list)
    }

    /// The last day to answer an invitation sent today: the configured number of working days.
    /// Beyond the holiday calendar's last year, Monday to Friday count as working days (and a
    /// warning asks the operator to load the new year's calendar).
    fn answer_by(&self) -> Result<Date, AppError> {
        let today = self.clock.today_in_china();
        let days = self.config.mediation_answer_days.max(1);
        match add_working_days(today, days) {
            Ok(outcome) => Ok(outcome.last_day),
            Err(e) => {
                tracing::warn!(error = %e, "holiday calendar does not cover the answer period; counting weekdays");
                weekdays_after(today, days)
            }
        }
    }

    /// A mediation of a filing, in the caller's transaction: the applicant's side has agreed
    /// (it asked for mediation); every other party is invited by text message with a code.
    pub(crate) async fn open_pre_filing(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        filing: &FilingApplication,
        number: &str,
    ) -> Result<(Mediation, Vec<Invitation>), AppError> {
        let applicant_side = filing
            .parties
            .iter()
            .find(|p| p.role == fayuan_domain::filing::PartyRole::Plaintiff)
            .or(filing.parties.first())
            .map(|p| p.role);
        let mut linked = false;
        let mut invitations = Vec::new();
        let mut parties = Vec::new();
        for p in &filing.parties {
            let ours = Some(p.role) == applicant_side;
            let account_id = (ours && !linked).then_some(filing.applicant_id);
            linked |= account_id.is_some();
            let mut party = MediationParty {
                side: p.role,
                name: p.name.clone(),
                id_number: p.id_number.clone(),
                phone: p.phone.clone(),
                account_id,
                consent: if ours {
                    Consent::Accepted
                } else {
                    Consent::Pending
                },
                refusal_reason: String::new(),
                invitation_hash: String::new(),
                chosen_mediator: None,
            };
            if !ours && let Some(phone) = p.phone.clone() {
                let code = invitation_code()?;
                party.invitation_hash = token_hash(&code);
                invitations.push(Invitation { phone, code });
            }
            parties.push(party);
        }
        let mediation = Mediation {
            id: MediationId::new(),
            court_id: filing.court_id,
            number: number.to_owned(),
            kind: MediationKind::PreFiling,
            status: MediationStatus::Inviting,
            filing_id: Some(filing.id),
            case_id: None,
            procedure: None,
            cause: filing.cause.clone(),
            summary: filing.facts.chars().take(2_000).collect(),
            parties,
            mediator_id: None,
            accepted_at_us: None,
            answer_by: self.answer_by()?,
            started_on: None,
            deadline_on: None,
            extension: None,
            reminded: false,
            record: Vec::new(),
            sessions: Vec::new(),
            end_reason: None,
            end_note: String::new(),
            confirmation: Confirmation::default(),
            statement_id: None,
            created_by: filing.applicant_id,
            created_at_us: to_micros(self.clock.now()),
            ended_at_us: None,
        };
        tx.insert_mediation(&mediation).await?;
        self.audit(
            tx,
            ctx,
            "mediation.start",
            &format!("mediation:{}", mediation.id),
            AuditOutcome::Success,
            number,
        )
        .await?;
        Ok((mediation, invitations))
    }

    /// Sends the invitations of a mediation by text message; a failure is logged (the answer
    /// period then ends the attempt, art. 15 ¶2).
    pub(crate) async fn send_invitations(&self, mediation: &Mediation, invitations: &[Invitation]) {
        let applicants: Vec<&str> = mediation
            .parties
            .iter()
            .filter(|p| p.consent == Consent::Accepted)
            .map(|p| p.name.as_str())
            .collect();
        for invitation in invitations {
            let text = format!(
                "【{}】{}申请就{}与您在线调解（{}）。请登录{}/mediations/{}，以邀请码{}答复是否同意调解；{}前未答复的，视为不同意。",
                self.config.sms_signature,
                if applicants.is_empty() {
                    "人民法院".to_owned()
                } else {
                    applicants.join("、")
                },
                mediation.cause,
                mediation.number,
                self.config.public_url,
                mediation.id,
                invitation.code,
                mediation.answer_by,
            );
            if let Err(e) = self.sms.send(&invitation.phone, &text).await {
                tracing::warn!(error = %e, mediation = %mediation.id, "invitation text failed");
            }
        }
    }

    /// 申请诉前调解: the applicant asks for its dispute to be mediated before filing (在线调解规则
    /// art. 8), from a complete draft or a submitted application; it takes a 民诉前调 number.
    pub async fn apply_for_mediation(
        &self,
        ctx: &Ctx,
        filing_id: FilingId,
    ) -> Result<Mediation, AppError> {
        let today = self.clock.today_in_china();
        let tx = self.store.begin().await?;
        let (mut tx, mut filing) = self
            .filing_for(ctx, tx, filing_id, Action::EditFiling, "mediation.apply")
            .await?;
        filing
            .check_transition(FilingStatus::Diverted)
            .map_err(AppError::from)?;
        let missing = filing.missing();
        if !missing.is_empty() {
            return Err(AppError::invalid(
                "filing.incomplete",
                format!("申请尚不完整：{}", missing.join("；")),
            ));
        }
        if filing.category != fayuan_domain::filing::FilingCategory::CivilFirstInstance {
            return Err(AppError::invalid(
                "filing.not_mediable",
                "仅民事一审纠纷可申请诉前调解",
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
        filing.consents_to_mediation = true;
        filing.status = FilingStatus::Diverted;
        filing.decision_note = format!("申请诉前调解，调解案号{number}");
        tx.update_filing(&filing).await?;
        let (mediation, invitations) = self
            .open_pre_filing(&mut *tx, ctx, &filing, &number)
            .await?;
        tx.commit().await?;
        self.send_invitations(&mediation, &invitations).await;
        Ok(mediation)
    }

    /// 诉中调解: the judge starts a mediation in a case being heard; every party is asked, in
    /// the inbox when its account takes part in the case, else by text message with a code.
    pub async fn start_case_mediation(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
    ) -> Result<Mediation, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(ctx, tx, case_id, Action::Adjudicate, "mediation.start")
            .await?;
        if case.status != CaseStatus::Assigned {
            return Err(AppError::invalid(
                "mediation.case_not_heard",
                "只有审理中的案件可以开展诉中调解。",
            ));
        }
        if tx
            .mediations_of_case(case_id)
            .await?
            .iter()
            .any(|m| !m.status.is_final())
        {
            return Err(AppError::Conflict {
                code: "mediation.already_open",
                message: "本案已有进行中的调解。".into(),
            });
        }
        let (mediation, invitations) = self.case_mediation(&case)?;
        tx.insert_mediation(&mediation).await?;
        for party in &mediation.parties {
            if let Some(account) = party.account_id {
                self.notify(
                    &mut *tx,
                    account,
                    "调解邀请",
                    &format!(
                        "法官建议{}案在线调解。请于{}前在调解室答复是否同意调解。",
                        case.case_number, mediation.answer_by
                    ),
                    Some(format!("/mediations/{}", mediation.id)),
                )
                .await?;
            }
        }
        self.audit(
            &mut *tx,
            ctx,
            "mediation.start",
            &format!("mediation:{}", mediation.id),
            AuditOutcome::Success,
            &case.case_number,
        )
        .await?;
        tx.commit().await?;
        self.send_invitations(&mediation, &invitations).await;
        Ok(mediation)
    }

    /// The mediation of a case: its parties, each with the first account taking part for it.
    fn case_mediation(&self, case: &Case) -> Result<(Mediation, Vec<Invitation>), AppError> {
        let mut invitations = Vec::new();
        let mut parties = Vec::new();
        for p in &case.parties {
            let account_id = case
                .participants
                .iter()
                .find(|c| c.party_name == p.name)
                .map(|c| c.account_id);
            let mut party = MediationParty {
                side: p.role,
                name: p.name.clone(),
                id_number: p.id_number.clone(),
                phone: p.phone.clone(),
                account_id,
                consent: Consent::Pending,
                refusal_reason: String::new(),
                invitation_hash: String::new(),
                chosen_mediator: None,
            };
            if account_id.is_none()
                && let Some(phone) = p.phone.clone()
            {
                let code = invitation_code()?;
                party.invitation_hash = token_hash(&code);
                invitations.push(Invitation { phone, code });
            }
            parties.push(party);
        }
        let judge = case.judge_id.ok_or(AppError::NotFound)?;
        Ok((
            Mediation {
                id: MediationId::new(),
                court_id: case.court_id,
                number: case.case_number.clone(),
                kind: MediationKind::InLitigation,
                status: MediationStatus::Inviting,
                filing_id: None,
                case_id: Some(case.id),
                procedure: Some(case.procedure),
                cause: case.cause.clone(),
                summary: case
                    .claims
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
                parties,
                mediator_id: None,
                accepted_at_us: None,
                answer_by: self.answer_by()?,
                started_on: None,
                deadline_on: None,
                extension: None,
                reminded: false,
                record: Vec::new(),
                sessions: Vec::new(),
                end_reason: None,
                end_note: String::new(),
                confirmation: Confirmation::default(),
                statement_id: None,
                created_by: judge,
                created_at_us: to_micros(self.clock.now()),
                ended_at_us: None,
            },
            invitations,
        ))
    }

    /// What an invitee sees after entering its code: enough to decide, nothing more.
    pub async fn invitation(
        &self,
        ctx: &Ctx,
        id: MediationId,
        code: &str,
    ) -> Result<InvitationSummary, AppError> {
        let mut tx = self.store.begin().await?;
        let (mediation, index) = self.invited_party(&mut *tx, ctx, id, Some(code)).await?;
        let court_name = tx
            .court(mediation.court_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        tx.commit().await?;
        Ok(InvitationSummary {
            number: mediation.number.clone(),
            court_name,
            cause: mediation.cause.clone(),
            invited: mediation.parties[index].name.clone(),
            applicants: mediation
                .parties
                .iter()
                .filter(|p| p.consent == Consent::Accepted)
                .map(|p| p.name.clone())
                .collect(),
            answer_by: mediation.answer_by,
        })
    }

    /// The party the actor answers for: its own (linked) party, or the one whose code it holds
    /// and whose identity number matches its verified account. Anything else is "not found".
    async fn invited_party(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        id: MediationId,
        code: Option<&str>,
    ) -> Result<(Mediation, usize), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mediation = tx.mediation(id).await?.ok_or(AppError::NotFound)?;
        if mediation.status != MediationStatus::Inviting {
            if mediation.member(actor.account_id).is_some() {
                return Err(AppError::invalid(
                    "mediation.answered",
                    "该调解已不在征询意见阶段。",
                ));
            }
            return Err(AppError::NotFound);
        }
        if let Some(index) = mediation
            .parties
            .iter()
            .position(|p| p.account_id == Some(actor.account_id) && p.consent == Consent::Pending)
        {
            return Ok((mediation, index));
        }
        let hash = token_hash(code.map(str::trim).unwrap_or_default());
        let Some(index) = mediation
            .parties
            .iter()
            .position(|p| !p.invitation_hash.is_empty() && p.invitation_hash == hash)
        else {
            return Err(AppError::NotFound);
        };
        let party = &mediation.parties[index];
        if party.account_id.is_some() || party.consent != Consent::Pending {
            return Err(AppError::NotFound);
        }
        // 在线调解规则 art. 17: the identity of those taking part is verified.
        let account = tx
            .account(actor.account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if account.kind == AccountKind::Staff
            || account.verification != fayuan_domain::accounts::Verification::Verified
        {
            return Err(AppError::invalid(
                "mediation.identity",
                "请使用已实名认证的当事人账号答复。",
            ));
        }
        if let Some(number) = &party.id_number {
            let own = account.id_number.as_deref().or(account.uscc.as_deref());
            if own.map(str::to_uppercase) != Some(number.to_uppercase()) {
                return Err(AppError::invalid(
                    "mediation.identity",
                    "您的身份信息与被邀请的当事人不符。",
                ));
            }
        }
        Ok((mediation, index))
    }

    /// The invited party answers (art. 15): agreeing links its account to the mediation;
    /// refusing ends the attempt (and a diverted filing returns to review).
    pub async fn answer_invitation(
        &self,
        ctx: &Ctx,
        id: MediationId,
        code: Option<&str>,
        accept: bool,
        reason: &str,
    ) -> Result<Mediation, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let reason = check_text("mediation.reason", "理由", reason, MAX_NOTE_CHARS, false)?;
        let mut tx = self.store.begin().await?;
        let (mut mediation, index) = match self.invited_party(&mut *tx, ctx, id, code).await {
            Ok(found) => found,
            Err(e) => {
                return Err(self
                    .refuse_in(tx, ctx, "mediation.answer", &format!("mediation:{id}"), e)
                    .await);
            }
        };
        let party = &mut mediation.parties[index];
        party.account_id = Some(actor.account_id);
        party.invitation_hash.clear();
        let name = party.name.clone();
        if !accept {
            party.consent = Consent::Refused;
            party.refusal_reason = reason.clone();
            let note = format!("{name}拒绝调解。{reason}");
            return self
                .fail(tx, ctx, mediation, EndReason::Refused, &note)
                .await;
        }
        party.consent = Consent::Accepted;
        if mediation.everyone_accepted() {
            mediation.check_transition(MediationStatus::Assigning)?;
            mediation.status = MediationStatus::Assigning;
            for account in mediation.party_accounts() {
                self.notify(
                    &mut *tx,
                    account,
                    "各方同意调解",
                    &format!(
                        "{}：各方当事人均已同意调解。可在两个工作日内共同选择调解员，逾期由法院指定（《人民法院在线调解规则》第十条）。",
                        mediation.number
                    ),
                    Some(format!("/mediations/{id}")),
                )
                .await?;
            }
        }
        self.save_mediation(&mut *tx, ctx, &mediation, "mediation.answer", "accepted")
            .await?;
        tx.commit().await?;
        Ok(mediation)
    }

    /// Ends a mediation without a settlement (arts. 15, 21, 25), in the caller's transaction,
    /// which it commits: a diverted filing returns to review for docketing (art. 21 (一)(二)),
    /// a case resumes (art. 21 (三)). The mediation record is filed afterwards.
    pub(crate) async fn fail(
        &self,
        mut tx: Box<dyn Tx>,
        ctx: &Ctx,
        mut mediation: Mediation,
        reason: EndReason,
        note: &str,
    ) -> Result<Mediation, AppError> {
        mediation.check_transition(MediationStatus::Failed)?;
        mediation.status = MediationStatus::Failed;
        mediation.end_reason = Some(reason);
        mediation.end_note = note.to_owned();
        mediation.ended_at_us = Some(to_micros(self.clock.now()));
        let text = format!(
            "{}调解终结：{}（《人民法院在线调解规则》{}）。",
            mediation.number,
            reason.label(),
            reason.article()
        );
        let follow_up = match (mediation.filing_id, mediation.case_id) {
            (Some(filing_id), _) => {
                let mut filing = tx.filing(filing_id).await?.ok_or(AppError::NotFound)?;
                filing
                    .check_transition(FilingStatus::Submitted)
                    .map_err(AppError::from)?;
                filing.status = FilingStatus::Submitted;
                filing.submitted_at_us = Some(to_micros(self.clock.now()));
                filing.decision_note =
                    format!("诉前调解不成（{}），转入立案审查。", reason.label());
                tx.update_filing(&filing).await?;
                "调解材料已随立案申请转入立案审查，人民法院依法登记立案。"
            }
            (None, Some(case_id)) => {
                if let Some(judge) = tx.case(case_id).await?.and_then(|c| c.judge_id) {
                    self.notify(
                        &mut *tx,
                        judge,
                        "调解不成，恢复审理",
                        &text,
                        Some(format!("/mediations/{}", mediation.id)),
                    )
                    .await?;
                }
                "案件恢复审理。"
            }
            (None, None) => "",
        };
        let mut to: Vec<AccountId> = mediation.party_accounts();
        to.extend(mediation.mediator_id);
        for account in to {
            self.notify(
                &mut *tx,
                account,
                "调解终结",
                &format!("{text}{follow_up}"),
                Some(format!("/mediations/{}", mediation.id)),
            )
            .await?;
        }
        self.save_mediation(&mut *tx, ctx, &mediation, "mediation.fail", reason.as_str())
            .await?;
        tx.commit().await?;
        self.file_mediation_record(ctx, &mediation).await;
        Ok(mediation)
    }

    /// A party chooses a mediator from the roster (art. 10 ¶2); when every party chose the
    /// same one, that mediator is asked to accept.
    pub async fn choose_mediator(
        &self,
        ctx: &Ctx,
        id: MediationId,
        mediator: AccountId,
    ) -> Result<Mediation, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mut mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.choose").await?;
        let Standing::Member(Member::Party(_)) = standing else {
            return Err(AppError::Forbidden);
        };
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        self.check_assignable(&mut *tx, &mediation, mediator)
            .await?;
        for p in mediation
            .parties
            .iter_mut()
            .filter(|p| p.account_id == Some(actor.account_id))
        {
            p.chosen_mediator = Some(mediator);
        }
        let mut detail = "chosen".to_owned();
        if let Some(agreed) = mediation.agreed_mediator() {
            self.put_mediator(&mut *tx, &mut mediation, agreed).await?;
            detail = "agreed".into();
        }
        self.save_mediation(&mut *tx, ctx, &mediation, "mediation.choose", &detail)
            .await?;
        tx.commit().await?;
        Ok(mediation)
    }

    /// The court designates the mediator (arts. 10, 12 ¶2): the filing officer before filing,
    /// the judge during a case — who may also host the mediation himself.
    pub async fn designate_mediator(
        &self,
        ctx: &Ctx,
        id: MediationId,
        mediator: AccountId,
    ) -> Result<Mediation, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mut mediation, standing) = self
            .mediation_in(ctx, tx, id, "mediation.designate")
            .await?;
        if standing != (Standing::Court { decides: true }) {
            return Err(AppError::Forbidden);
        }
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let judge_hosts =
            mediation.kind == MediationKind::InLitigation && mediator == actor.account_id;
        if !judge_hosts {
            self.check_assignable(&mut *tx, &mediation, mediator)
                .await?;
        }
        self.put_mediator(&mut *tx, &mut mediation, mediator)
            .await?;
        if judge_hosts {
            // Art. 24 ¶2: a mediation hosted by the judge runs from the parties' consent.
            self.begin_period(&mut mediation)?;
        }
        self.save_mediation(&mut *tx, ctx, &mediation, "mediation.designate", "")
            .await?;
        tx.commit().await?;
        Ok(mediation)
    }

    /// Checks a mediator may be given this mediation: all parties agreed, and the mediator is
    /// on the court's roster and active.
    async fn check_assignable(
        &self,
        tx: &mut dyn Tx,
        mediation: &Mediation,
        mediator: AccountId,
    ) -> Result<(), AppError> {
        if mediation.status != MediationStatus::Assigning {
            return Err(AppError::invalid(
                "mediation.not_assigning",
                "当前不能选择或指定调解员。",
            ));
        }
        let on_roster = tx
            .mediator(mediation.court_id, mediator)
            .await?
            .is_some_and(|m| m.status == RosterStatus::Active);
        if !on_roster || mediation.party_accounts().contains(&mediator) {
            return Err(AppError::invalid(
                "mediation.mediator_unavailable",
                "请从本院在册的调解员中选择。",
            ));
        }
        Ok(())
    }

    /// Sets the mediator and asks them to accept.
    async fn put_mediator(
        &self,
        tx: &mut dyn Tx,
        mediation: &mut Mediation,
        mediator: AccountId,
    ) -> Result<(), AppError> {
        mediation.mediator_id = Some(mediator);
        mediation.accepted_at_us = None;
        self.notify(
            tx,
            mediator,
            "调解委派",
            &format!(
                "{}（{}）委派您主持调解，请在三个工作日内确认是否接受（《人民法院在线调解规则》第十二条）。",
                mediation.number, mediation.cause
            ),
            Some(format!("/mediations/{}", mediation.id)),
        )
        .await
    }

    /// Starts the period (art. 24) today and opens the room.
    fn begin_period(&self, mediation: &mut Mediation) -> Result<(), AppError> {
        mediation.check_transition(MediationStatus::InProgress)?;
        let today = self.clock.today_in_china();
        let deadline = days_after(today, period_days(mediation.kind, mediation.procedure))?;
        mediation.status = MediationStatus::InProgress;
        mediation.accepted_at_us = Some(to_micros(self.clock.now()));
        mediation.started_on = Some(today);
        mediation.deadline_on = Some(deadline);
        Ok(())
    }

    /// The mediator accepts (art. 12): the room opens and the period runs from today (art. 24).
    pub async fn accept_mediation(
        &self,
        ctx: &Ctx,
        id: MediationId,
    ) -> Result<Mediation, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mut mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.accept").await?;
        if standing != Standing::Member(Member::Mediator) {
            return Err(AppError::Forbidden);
        }
        if mediation.accepted_at_us.is_some() {
            return Err(AppError::invalid("mediation.accepted", "您已接受本调解。"));
        }
        self.begin_period(&mut mediation)?;
        for account in mediation.party_accounts() {
            self.notify(
                &mut *tx,
                account,
                "调解开始",
                &format!(
                    "{}：调解员已接受委派，调解期限至{}。",
                    mediation.number,
                    mediation
                        .deadline_on
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ),
                Some(format!("/mediations/{id}")),
            )
            .await?;
        }
        self.save_mediation(&mut *tx, ctx, &mediation, "mediation.accept", "")
            .await?;
        tx.commit().await?;
        Ok(mediation)
    }

    /// The mediator declines with reasons (art. 12 ¶1); the parties choose again or the court
    /// designates another (art. 12 ¶2).
    pub async fn decline_mediation(
        &self,
        ctx: &Ctx,
        id: MediationId,
        reason: &str,
    ) -> Result<Mediation, AppError> {
        let reason = check_text(
            "mediation.reason",
            "不予接受的理由",
            reason,
            MAX_NOTE_CHARS,
            true,
        )?;
        let tx = self.store.begin().await?;
        let (mut tx, mut mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.decline").await?;
        if standing != Standing::Member(Member::Mediator) || mediation.accepted_at_us.is_some() {
            return Err(AppError::Forbidden);
        }
        mediation.mediator_id = None;
        for p in &mut mediation.parties {
            p.chosen_mediator = None;
        }
        for account in mediation.party_accounts() {
            self.notify(
                &mut *tx,
                account,
                "调解员不予接受",
                &format!(
                    "{}：调解员不予接受（{reason}），请重新选择调解员或由法院指定。",
                    mediation.number
                ),
                Some(format!("/mediations/{id}")),
            )
            .await?;
        }
        self.save_mediation(&mut *tx, ctx, &mediation, "mediation.decline", &reason)
            .await?;
        tx.commit().await?;
        Ok(mediation)
    }

    /// Ends the mediation without agreement: the mediator for the reasons of art. 25 (三)(四)(五)
    /// (八) with the account art. 21 asks for; a party by declaring it will not continue (四).
    pub async fn end_mediation(
        &self,
        ctx: &Ctx,
        id: MediationId,
        reason: EndReason,
        note: &str,
    ) -> Result<Mediation, AppError> {
        let tx = self.store.begin().await?;
        let (tx, mediation, standing) = self.mediation_in(ctx, tx, id, "mediation.end").await?;
        let allowed = match standing {
            Standing::Member(Member::Mediator) => EndReason::BY_MEDIATOR.contains(&reason),
            Standing::Member(Member::Party(_)) => reason == EndReason::Unwilling,
            Standing::Court { .. } => false,
        };
        if !allowed {
            return Err(AppError::invalid(
                "mediation.end_reason",
                "不能以该理由终结调解。",
            ));
        }
        let required = standing == Standing::Member(Member::Mediator);
        let note = check_text(
            "mediation.end_note",
            "调解基本情况和调解不成的原因",
            note,
            MAX_NOTE_CHARS,
            required,
        )?;
        self.fail(tx, ctx, mediation, reason, &note).await
    }

    /// The applicant withdraws its application (art. 25 (二): the parties settled themselves).
    pub async fn withdraw_mediation(
        &self,
        ctx: &Ctx,
        id: MediationId,
    ) -> Result<Mediation, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let tx = self.store.begin().await?;
        let (mut tx, mut mediation, _) =
            self.mediation_in(ctx, tx, id, "mediation.withdraw").await?;
        if mediation.kind != MediationKind::PreFiling || mediation.created_by != actor.account_id {
            return Err(AppError::Forbidden);
        }
        mediation.check_transition(MediationStatus::Withdrawn)?;
        mediation.status = MediationStatus::Withdrawn;
        mediation.end_reason = Some(EndReason::Withdrawn);
        mediation.ended_at_us = Some(to_micros(self.clock.now()));
        let mut to = mediation.party_accounts();
        to.extend(mediation.mediator_id);
        for account in to.into_iter().filter(|a| *a != actor.account_id) {
            self.notify(
                &mut *tx,
                account,
                "调解申请已撤回",
                &format!("{}：申请人已撤回调解申请。", mediation.number),
                Some(format!("/mediations/{id}")),
            )
            .await?;
        }
        self.save_mediation(&mut *tx, ctx, &mediation, "mediation.withdraw", "")
            .await?;
        tx.commit().await?;
        Ok(mediation)
    }

    /// Proposes or agrees to extending the period (art. 24: 各方当事人同意延长的，不受此限). The
    /// mediator or a party proposes a number of days; it takes effect when every party agreed.
    pub async fn extend_mediation(
        &self,
        ctx: &Ctx,
        id: MediationId,
        days: u32,
    ) -> Result<Mediation, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        if days == 0 || days > MAX_EXTENSION_DAYS {
            return Err(AppError::invalid(
                "mediation.extension_days",
                format!("延长天数应为1至{MAX_EXTENSION_DAYS}日"),
            ));
        }
        let tx = self.store.begin().await?;
        let (mut tx, mut mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.extend").await?;
        if mediation.status != MediationStatus::InProgress {
            return Err(AppError::invalid(
                "mediation.not_in_progress",
                "调解尚未开始或已经终结。",
            ));
        }
        let party = matches!(standing, Standing::Member(Member::Party(_)));
        if !party && standing != Standing::Member(Member::Mediator) {
            return Err(AppError::Forbidden);
        }
        let mut proposal = match mediation.extension.take() {
            Some(p) if p.days == days => p,
            _ => ExtensionProposal {
                days,
                agreed: Vec::new(),
            },
        };
        if party && !proposal.agreed.contains(&actor.account_id) {
            proposal.agreed.push(actor.account_id);
        }
        mediation.extension = Some(proposal);
        let mut detail = format!("{days} days proposed");
        if mediation.extension_agreed() {
            let deadline = mediation.deadline_on.ok_or(AppError::NotFound)?;
            mediation.deadline_on = Some(days_after(deadline, days)?);
            mediation.extension = None;
            mediation.reminded = false;
            detail = format!("{days} days agreed");
            let mut to = mediation.party_accounts();
            to.extend(mediation.mediator_id);
            for account in to {
                self.notify(
                    &mut *tx,
                    account,
                    "调解期限已延长",
                    &format!(
                        "{}：各方当事人同意延长调解期限{days}日，调解期限至{}。",
                        mediation.number,
                        mediation
                            .deadline_on
                            .map(|d| d.to_string())
                            .unwrap_or_default()
                    ),
                    Some(format!("/mediations/{id}")),
                )
                .await?;
            }
        }
        self.save_mediation(&mut *tx, ctx, &mediation, "mediation.extend", &detail)
            .await?;
        tx.commit().await?;
        Ok(mediation)
    }
}

/// The last day of a mediation period of `days` days starting after `from` (在线调解规则
/// art. 24). The period is a time limit of the mediation, counted in calendar days like the
/// trial time limit (审限), not a party's procedural period: its last day does not move off
/// holidays (民事诉讼法 art. 85 governs the parties' periods).
fn days_after(from: Date, days: u32) -> Result<Date, AppError> {
    from.checked_add(time::Duration::days(i64::from(days)))
        .ok_or_else(|| AppError::Internal("date out of range".into()))
}

/// The `count`-th day after `from` counting Monday to Friday only.
fn weekdays_after(from: Date, count: u32) -> Result<Date, AppError> {
    let mut day = from;
    let mut counted = 0;
    while counted < count {
        day = day
            .next_day()
            .ok_or_else(|| AppError::Internal("date out of range".into()))?;
        if !matches!(
            day.weekday(),
            time::Weekday::Saturday | time::Weekday::Sunday
        ) {
            counted += 1;
        }
    }
    Ok(day)
}

/// A fresh invitation code: ten characters of an alphabet without look-alikes (50 bits).
fn invitation_code() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    Ok(random_bytes::<10>()?
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_count_calendar_days_and_weekdays() {
        use time::macros::date;
        // 30 days from Friday 2026-11-27 end on Sunday 2026-12-27: a time limit does not roll.
        assert_eq!(
            days_after(date!(2026 - 11 - 27), 30).unwrap(),
            date!(2026 - 12 - 27)
        );
        // Three weekdays after Wednesday 2026-12-30: Thursday, Friday, Monday.
        assert_eq!(
            weekdays_after(date!(2026 - 12 - 30), 3).unwrap(),
            date!(2027 - 01 - 04)
        );
    }

    #[test]
    fn invitation_codes_are_fresh_and_readable() {
        let (a, b) = (invitation_code().unwrap(), invitation_code().unwrap());
        assert_eq!(a.len(), 10);
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
        assert!(!a.contains('0') && !a.contains('O') && !a.contains('1') && !a.contains('I'));
    }
}
