//! Online mediation (在线调解, Rules art. 16; 人民法院在线调解规则): before filing (诉前调解) or
//! during a case (诉中调解). The other side is asked and answers (art. 15), a mediator is chosen
//! by the parties or designated by the court (arts. 10–12), the room holds messages, caucus
//! threads and shared materials, and the mediation ends in a settlement (art. 19), in failure
//! (arts. 21, 25) or by withdrawal, within its period (art. 24).

pub mod roster;
pub mod settlement;

use fayuan_core::id::{AccountId, CaseId, CourtId, FilingId, MaterialId, MediationId, MessageId};
use fayuan_core::str_enum;
use fayuan_core::time_limit::Procedure;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::DomainError;
use crate::filing::PartyRole;

str_enum! {
    /// When the mediation takes place.
    pub enum MediationKind {
        /// 诉前调解: before the dispute is docketed (a diverted filing or a party's application).
        PreFiling = "pre_filing" / "诉前调解",
        /// 诉中调解: during a docketed case, started by the judge.
        InLitigation = "in_litigation" / "诉中调解",
    }
}

str_enum! {
    /// Where a mediation stands. Every change goes through one use case per transition.
    pub enum MediationStatus {
        /// The other side is being asked whether it agrees to mediate (art. 15).
        Inviting = "inviting" / "征询调解意愿",
        /// Everyone agreed; the mediator is being chosen, designated or asked to accept (arts. 10–12).
        Assigning = "assigning" / "确定调解员",
        /// The mediator accepted: the room is open and the period runs (art. 24).
        InProgress = "in_progress" / "调解中",
        /// The settlement was signed by everyone and took effect (art. 19).
        Settled = "settled" / "达成调解协议",
        /// Ended without agreement (arts. 15, 25).
        Failed = "failed" / "调解不成",
        /// The applicant withdrew (art. 25 (二)).
        Withdrawn = "withdrawn" / "已撤回",
    }
}

impl MediationStatus {
    /// Whether the mediation is over.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            MediationStatus::Settled | MediationStatus::Failed | MediationStatus::Withdrawn
        )
    }
}

str_enum! {
    /// A party's answer to the invitation to mediate.
    pub enum Consent {
        /// Not answered yet.
        Pending = "pending" / "待答复",
        /// Agrees to mediate online (art. 4).
        Accepted = "accepted" / "同意调解",
        /// Refuses (art. 15 ¶2).
        Refused = "refused" / "拒绝调解",
    }
}

str_enum! {
    /// Why a mediation ended without a settlement (在线调解规则 arts. 15, 25).
    pub enum EndReason {
        /// 对方当事人拒绝调解 (art. 15 ¶2).
        Refused = "refused" / "对方当事人拒绝调解",
        /// 无法联系到当事人 (art. 25 (三); art. 15 ¶2: no answer in time).
        Unreachable = "unreachable" / "无法联系到当事人",
        /// 当事人一方明确表示不愿意继续调解 (art. 25 (四)).
        Unwilling = "unwilling" / "当事人一方明确表示不愿意继续调解",
        /// 当事人分歧较大且难以达成调解协议 (art. 25 (五)).
        Disagreement = "disagreement" / "当事人分歧较大且难以达成调解协议",
        /// 调解期限届满，未达成调解协议且未合意延长 (art. 25 (六)).
        Expired = "expired" / "调解期限届满未达成调解协议",
        /// 当事人一方拒绝在调解协议上签章 (art. 25 (七)).
        RefusedToSign = "refused_to_sign" / "当事人一方拒绝在调解协议上签章",
        /// 当事人自行和解，撤回调解申请 (art. 25 (二)).
        Withdrawn = "withdrawn" / "当事人撤回调解申请",
        /// 其他导致调解无法进行的情形 (art. 25 (八)).
        Other = "other" / "其他导致调解无法进行的情形",
    }
}

impl EndReason {
    /// The reasons a mediator may record when ending the mediation (the others arise from a
    /// party's act or from the calendar).
    pub const BY_MEDIATOR: &'static [EndReason] = &[
        EndReason::Unreachable,
        EndReason::Unwilling,
        EndReason::Disagreement,
        EndReason::Other,
    ];

    /// The article of 在线调解规则 the reason rests on.
    pub fn article(self) -> &'static str {
        match self {
            EndReason::Refused => "第十五条第二款",
            EndReason::Unreachable => "第二十五条第（三）项",
            EndReason::Unwilling => "第二十五条第（四）项",
            EndReason::Disagreement => "第二十五条第（五）项",
            EndReason::Expired => "第二十五条第（六）项",
            EndReason::RefusedToSign => "第二十五条第（七）项",
            EndReason::Withdrawn => "第二十五条第（二）项",
            EndReason::Other => "第二十五条第（八）项",
        }
    }
}

/// A party of the dispute as the mediation knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediationParty {
    /// The side (原告/申请人, 被告/被申请人, 第三人).
    pub side: PartyRole,
    /// Name.
    pub name: String,
    /// Identity number or credit code, when known: an invitee's account must match it.
    pub id_number: Option<String>,
    /// Mobile number the invitation goes to.
    pub phone: Option<String>,
    /// The account acting for this party in the room (the party itself or its agent).
    pub account_id: Option<AccountId>,
    /// The answer to the invitation.
    pub consent: Consent,
    /// Why it refused.
    pub refusal_reason: String,
    /// SHA-256 (hex) of the invitation code sent by text message; empty when invited in the
    /// platform inbox.
    pub invitation_hash: String,
    /// The mediator this party chooses from the roster (art. 10 ¶2).
    pub chosen_mediator: Option<AccountId>,
}

/// A proposal to extend the period, which takes effect when every party agrees (art. 24).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionProposal {
    /// Days to add.
    pub days: u32,
    /// The accounts that agreed so far.
    pub agreed: Vec<AccountId>,
}

/// The joint application for judicial confirmation (司法确认, 民事诉讼法 art. 205: 双方当事人
/// 共同申请) and its result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    /// The parties' accounts that applied so far.
    pub applicants: Vec<AccountId>,
    /// The application filed with the court once every party applied.
    pub filing_id: Option<FilingId>,
    /// The court's decision: `Some(true)` confirmed valid, `Some(false)` rejected.
    pub granted: Option<bool>,
}

str_enum! {
    /// How a scheduled session is held (在线调解规则 art. 16).
    pub enum SessionMode {
        /// Everyone by audio and video at the same time, in the platform's video room (art. 16 (一)).
        Video = "video" / "音视频调解",
        /// Some by video, those without the means at a place with equipment (art. 16 (二)).
        Mixed = "mixed" / "线上线下结合",
        /// Everyone in person (art. 16 ¶2).
        OnSite = "on_site" / "现场调解",
    }
}

/// A session the mediator schedules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledSession {
    /// When it starts.
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: time::OffsetDateTime,
    /// Planned length in minutes.
    pub minutes: u32,
    /// How it is held.
    pub mode: SessionMode,
    /// Where, for those who attend in person (required unless by video only).
    pub place: String,
    /// What the parties should prepare.
    pub note: String,
    /// Cancelled by the mediator.
    pub cancelled: bool,
}

impl ScheduledSession {
    /// A session as entered, checked: in the future, 15 minutes to 8 hours, a place unless
    /// everyone joins by video.
    pub fn new(
        starts_at: time::OffsetDateTime,
        minutes: u32,
        mode: SessionMode,
        place: &str,
        note: &str,
        now: time::OffsetDateTime,
    ) -> Result<Self, DomainError> {
        if starts_at <= now {
            return Err(DomainError::invalid(
                "mediation.session_time",
                "调解时间应晚于当前时间。",
            ));
        }
        if !(15..=480).contains(&minutes) {
            return Err(DomainError::invalid(
                "mediation.session_length",
                "调解时长应为15分钟至8小时。",
            ));
        }
        let place = check_text(
            "mediation.session_place",
            "地点",
            place,
            200,
            mode != SessionMode::Video,
        )?;
        Ok(Self {
            starts_at,
            minutes,
            mode,
            place,
            note: check_text(
                "mediation.session_note",
                "说明",
                note,
                MAX_NOTE_CHARS,
                false,
            )?,
            cancelled: false,
        })
    }
}

/// One mediation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mediation {
    /// Identifier.
    pub id: MediationId,
    /// The court whose platform it runs on.
    pub court_id: CourtId,
    /// Its number: a 民诉前调 case number before filing, the case's number during a case.
    pub number: String,
    /// Before filing or during a case.
    pub kind: MediationKind,
    /// Where it stands.
    pub status: MediationStatus,
    /// The filing it came from (pre-filing); its materials are the room's materials.
    pub filing_id: Option<FilingId>,
    /// The case it takes place in (in-litigation).
    pub case_id: Option<CaseId>,
    /// The case's procedure (in-litigation), which sets the period.
    pub procedure: Option<Procedure>,
    /// 案由.
    pub cause: String,
    /// 纠纷简要情况 (art. 8).
    pub summary: String,
    /// The parties.
    pub parties: Vec<MediationParty>,
    /// The mediator: designated or chosen, or the judge hosting it.
    pub mediator_id: Option<AccountId>,
    /// When the mediator accepted (art. 12); the period runs from that day (art. 24 ¶2).
    pub accepted_at_us: Option<i64>,
    /// The last day to answer the invitation.
    pub answer_by: Date,
    /// The day the period started.
    pub started_on: Option<Date>,
    /// The last day of the period.
    pub deadline_on: Option<Date>,
    /// A pending proposal to extend the period.
    pub extension: Option<ExtensionProposal>,
    /// The parties were reminded that the period is ending.
    pub reminded: bool,
    /// The mediation record (调解笔录, art. 22), kept by the mediator as it goes.
    pub record: Vec<String>,
    /// The sessions the mediator scheduled.
    #[serde(default)]
    pub sessions: Vec<ScheduledSession>,
    /// Why it ended without a settlement.
    pub end_reason: Option<EndReason>,
    /// The mediator's account of a failed mediation (art. 21: 调解基本情况、调解不成的原因 …).
    pub end_note: String,
    /// Judicial confirmation (pre-filing settlements).
    pub confirmation: Confirmation,
    /// The 调解书 issued in the case (in-litigation settlements).
    pub statement_id: Option<MaterialId>,
    /// Who started it.
    pub created_by: AccountId,
    /// Started (µs).
    pub created_at_us: i64,
    /// Ended (µs).
    pub ended_at_us: Option<i64>,
}

/// What an account is in a mediation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    /// Acts for a party of this side.
    Party(PartyRole),
    /// The mediator.
    Mediator,
}

str_enum! {
    /// The threads of a room: the main thread everyone reads, and one caucus (背对背) thread per
    /// side between that side and the mediator.
    pub enum Thread {
        /// Everyone in the room.
        Main = "main" / "调解室",
        /// The mediator and the plaintiff's side.
        CaucusPlaintiff = "caucus_plaintiff" / "背对背（原告方）",
        /// The mediator and the defendant's side.
        CaucusDefendant = "caucus_defendant" / "背对背（被告方）",
        /// The mediator and third parties.
        CaucusThirdParty = "caucus_third_party" / "背对背（第三人）",
    }
}

impl Thread {
    /// The caucus thread of a side.
    pub fn caucus(side: PartyRole) -> Thread {
        match side {
            PartyRole::Plaintiff => Thread::CaucusPlaintiff,
            PartyRole::Defendant => Thread::CaucusDefendant,
            PartyRole::ThirdParty => Thread::CaucusThirdParty,
        }
    }

    /// Whether a member reads and writes in this thread: the main thread is everyone's, a caucus
    /// only its side's and the mediator's.
    pub fn open_to(self, member: Member) -> bool {
        match member {
            Member::Mediator => true,
            Member::Party(side) => self == Thread::Main || self == Thread::caucus(side),
        }
    }
}

/// A message in a room. Messages are never changed or deleted once sent (Rules art. 16:
/// 保存调解过程中的所有音视频和文字材料); the database refuses updates to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Identifier.
    pub id: MessageId,
    /// The mediation.
    pub mediation_id: MediationId,
    /// Its place in the mediation's messages (1, 2, 3 …), the cursor of the live stream.
    pub seq: i64,
    /// The thread.
    pub thread: Thread,
    /// Who wrote it.
    pub author_id: AccountId,
    /// How the author appears, e.g. 调解员 卫调解 or 原告（申请人） 张三.
    pub author: String,
    /// The text.
    pub body: String,
    /// Sent (µs).
    pub sent_at_us: i64,
}

/// The period of a mediation in days (在线调解规则 art. 24): 30 before filing; during a case 15
/// under the ordinary procedure and 7 under the summary procedure (small claims are a form of it).
pub fn period_days(kind: MediationKind, procedure: Option<Procedure>) -> u32 {
    match (kind, procedure) {
        (MediationKind::PreFiling, _) => 30,
        (
            MediationKind::InLitigation,
            Some(Procedure::CivilSummary | Procedure::CivilSmallClaims),
        ) => 7,
        (MediationKind::InLitigation, _) => 15,
    }
}

/// Limits on free text in a mediation.
pub const MAX_NOTE_CHARS: usize = 5_000;
/// Limit on one message.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// Limit on the mediation record.
pub const MAX_RECORD_CHARS: usize = 50_000;
/// Limit on one extension.
pub const MAX_EXTENSION_DAYS: u32 = 90;

impl Mediation {
    /// Checks the mediation may move from its status to `to`; the one place the state machine
    /// lives.
    pub fn check_transition(&self, to: MediationStatus) -> Result<(), DomainError> {
        use MediationStatus::*;
        let allowed = matches!(
            (self.status, to),
            (Inviting, Assigning | Failed | Withdrawn)
                | (Assigning, Assigning | InProgress | Failed | Withdrawn)
                | (InProgress, Assigning | Settled | Failed | Withdrawn)
        );
        if allowed {
            Ok(())
        } else {
            Err(DomainError::invalid(
                "mediation.invalid_transition",
                format!(
                    "调解当前为“{}”，不能变为“{}”",
                    self.status.label(),
                    to.label()
                ),
            ))
        }
    }

    /// What `account` is in this mediation, if anything.
    pub fn member(&self, account: AccountId) -> Option<Member> {
        if self.mediator_id == Some(account) && !self.status.eq(&MediationStatus::Inviting) {
            return Some(Member::Mediator);
        }
        self.parties
            .iter()
            .find(|p| p.account_id == Some(account) && p.consent == Consent::Accepted)
            .map(|p| Member::Party(p.side))
    }

    /// The party `account` acts for (whatever its answer), if any.
    pub fn party_of(&self, account: AccountId) -> Option<&MediationParty> {
        self.parties.iter().find(|p| p.account_id == Some(account))
    }

    /// The distinct accounts acting for parties.
    pub fn party_accounts(&self) -> Vec<AccountId> {
        let mut out: Vec<AccountId> = Vec::new();
        for id in self.parties.iter().filter_map(|p| p.account_id) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// Whether every party agreed to mediate.
    pub fn everyone_accepted(&self) -> bool {
        self.parties.iter().all(|p| p.consent == Consent::Accepted)
    }

    /// The mediator every party with an account chose, when they all chose the same one.
    pub fn agreed_mediator(&self) -> Option<AccountId> {
        let mut choices = self
            .parties
            .iter()
            .filter(|p| p.account_id.is_some())
            .map(|p| p.chosen_mediator);
        let first = choices.next()??;
        choices.all(|c| c == Some(first)).then_some(first)
    }

    /// Whether every party's account agreed to the pending extension.
    pub fn extension_agreed(&self) -> bool {
        self.extension
            .as_ref()
            .is_some_and(|e| self.party_accounts().iter().all(|a| e.agreed.contains(a)))
    }

    /// Whether every party's account applied for judicial confirmation.
    pub fn confirmation_joint(&self) -> bool {
        let accounts = self.party_accounts();
        !accounts.is_empty()
            && accounts
                .iter()
                .all(|a| self.confirmation.applicants.contains(a))
    }

    /// The sides taking part, in order of first appearance.
    pub fn sides(&self) -> Vec<PartyRole> {
        let mut out = Vec::new();
        for p in &self.parties {
            if !out.contains(&p.side) {
                out.push(p.side);
            }
        }
        out
    }
}

/// Checks free text against a limit; blank text is refused when `required`.
pub fn check_text(
    code: &'static str,
    what: &str,
    text: &str,
    max: usize,
    required: bool,
) -> Result<String, DomainError> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(DomainError::invalid(code, format!("请填写{what}")));
    }
    if text.chars().count() > max {
        return Err(DomainError::invalid(code, format!("{what}不超过{max}字")));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn party(side: PartyRole, account: Option<AccountId>, consent: Consent) -> MediationParty {
        MediationParty {
            side,
            name: "张三".into(),
            id_number: None,
            phone: None,
            account_id: account,
            consent,
            refusal_reason: String::new(),
            invitation_hash: String::new(),
            chosen_mediator: None,
        }
    }

    fn mediation(parties: Vec<MediationParty>) -> Mediation {
        Mediation {
            id: MediationId::new(),
            court_id: CourtId::new(),
            number: "（2026）京0105民诉前调1号".into(),
            kind: MediationKind::PreFiling,
            status: MediationStatus::Inviting,
            filing_id: None,
            case_id: None,
            procedure: None,
            cause: "买卖合同纠纷".into(),
            summary: String::new(),
            parties,
            mediator_id: None,
            accepted_at_us: None,
            answer_by: date!(2026 - 12 - 02),
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
            created_by: AccountId::new(),
            created_at_us: 0,
            ended_at_us: None,
        }
    }

    #[test]
    fn periods_of_article_24() {
        assert_eq!(period_days(MediationKind::PreFiling, None), 30);
        assert_eq!(
            period_days(MediationKind::InLitigation, Some(Procedure::CivilOrdinary)),
            15
        );
        assert_eq!(
            period_days(MediationKind::InLitigation, Some(Procedure::CivilSummary)),
            7
        );
        assert_eq!(
            period_days(
                MediationKind::InLitigation,
                Some(Procedure::CivilSmallClaims)
            ),
            7
        );
    }

    #[test]
    fn state_machine() {
        let mut m = mediation(vec![]);
        assert!(m.check_transition(MediationStatus::Assigning).is_ok());
        assert!(m.check_transition(MediationStatus::Settled).is_err());
        m.status = MediationStatus::InProgress;
        assert!(m.check_transition(MediationStatus::Settled).is_ok());
        m.status = MediationStatus::Settled;
        for to in MediationStatus::ALL {
            assert!(m.check_transition(*to).is_err(), "{to} after settled");
        }
    }

    #[test]
    fn members_threads_and_agreement() {
        let (a, b, mediator, stranger) = (
            AccountId::new(),
            AccountId::new(),
            AccountId::new(),
            AccountId::new(),
        );
        let mut m = mediation(vec![
            party(PartyRole::Plaintiff, Some(a), Consent::Accepted),
            party(PartyRole::Defendant, Some(b), Consent::Pending),
        ]);
        m.mediator_id = Some(mediator);
        assert_eq!(m.member(a), Some(Member::Party(PartyRole::Plaintiff)));
        assert_eq!(
            m.member(b),
            None,
            "an invitee is not in the room before accepting"
        );
        assert_eq!(m.member(mediator), None, "no mediator while inviting");
        assert_eq!(m.member(stranger), None);
        assert!(!m.everyone_accepted());
        m.parties[1].consent = Consent::Accepted;
        m.status = MediationStatus::Assigning;
        assert_eq!(m.member(mediator), Some(Member::Mediator));
        assert!(m.everyone_accepted());

        let plaintiff = Member::Party(PartyRole::Plaintiff);
        assert!(Thread::Main.open_to(plaintiff));
        assert!(Thread::CaucusPlaintiff.open_to(plaintiff));
        assert!(!Thread::CaucusDefendant.open_to(plaintiff));
        assert!(Thread::CaucusDefendant.open_to(Member::Mediator));

        assert_eq!(m.agreed_mediator(), None);
        m.parties[0].chosen_mediator = Some(mediator);
        assert_eq!(m.agreed_mediator(), None, "one choice is no agreement");
        m.parties[1].chosen_mediator = Some(mediator);
        assert_eq!(m.agreed_mediator(), Some(mediator));

        m.extension = Some(ExtensionProposal {
            days: 10,
            agreed: vec![a],
        });
        assert!(!m.extension_agreed());
        m.extension = Some(ExtensionProposal {
            days: 10,
            agreed: vec![a, b],
        });
        assert!(m.extension_agreed());

        assert!(!m.confirmation_joint());
        m.confirmation.applicants = vec![b, a];
        assert!(m.confirmation_joint());
    }

    #[test]
    fn sessions_are_checked() {
        use time::macros::datetime;
        let now = datetime!(2026-11-27 02:00 UTC);
        let later = datetime!(2026-11-30 01:30 UTC);
        assert!(ScheduledSession::new(later, 60, SessionMode::Video, "", "", now).is_ok());
        assert!(ScheduledSession::new(later, 60, SessionMode::OnSite, " ", "", now).is_err());
        assert!(
            ScheduledSession::new(later, 60, SessionMode::Mixed, "诉讼服务中心", "", now).is_ok()
        );
        assert!(ScheduledSession::new(now, 60, SessionMode::Video, "", "", now).is_err());
        assert!(ScheduledSession::new(later, 5, SessionMode::Video, "", "", now).is_err());
    }

    #[test]
    fn end_reasons_cite_articles() {
        assert_eq!(EndReason::Expired.article(), "第二十五条第（六）项");
        assert!(!EndReason::BY_MEDIATOR.contains(&EndReason::Expired));
        assert!(check_text("x", "说明", " ", 10, true).is_err());
        assert_eq!(check_text("x", "说明", " 好 ", 10, true).unwrap(), "好");
        assert!(check_text("x", "说明", &"长".repeat(11), 10, false).is_err());
    }
}
