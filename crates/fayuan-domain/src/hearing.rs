//! Hearings (庭审, Rules arts. 25, 33; 在线诉讼规则 arts. 21–28): sittings scheduled for a case
//! without conflicts for the judges, the clerk, the courtroom and the lawyers; notice three days
//! ahead (民事诉讼法 art. 139); each participant online or in the courtroom, so mixed hearings are
//! one sitting; adjournments within the limits of the time-limit rules.

pub mod transcript;

use fayuan_core::id::{AccountId, CaseId, CourtId, CourtroomId, HearingId};
use fayuan_core::str_enum;
use fayuan_core::time_limit::Procedure;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::DomainError;
use crate::filing::PartyRole;

str_enum! {
    /// What the sitting is.
    pub enum SessionKind {
        /// 庭前会议.
        PreTrialMeeting = "pre_trial_meeting" / "庭前会议",
        /// 证据交换.
        EvidenceExchange = "evidence_exchange" / "证据交换",
        /// 开庭审理.
        Hearing = "hearing" / "开庭审理",
        /// 宣判.
        Pronouncement = "pronouncement" / "宣判",
    }
}

str_enum! {
    /// Where a sitting stands. Every change goes through one use case per transition.
    pub enum SessionStatus {
        /// 已排期.
        Scheduled = "scheduled" / "已排期",
        /// 候审: the room is open, participants wait to be admitted.
        Waiting = "waiting" / "候审",
        /// 庭审中.
        InSession = "in_session" / "庭审中",
        /// 休庭（延期审理）: adjourned to another day.
        Adjourned = "adjourned" / "延期审理",
        /// 已闭庭.
        Concluded = "concluded" / "已闭庭",
    }
}

str_enum! {
    /// How a participant attends (Rules art. 33: some online, some in the courtroom).
    pub enum Attendance {
        /// By video.
        Online = "online" / "线上参加",
        /// In the courtroom.
        InPerson = "in_person" / "到庭参加",
    }
}

/// Someone who takes part in a sitting besides the court.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    /// The account, when they take part through the platform.
    pub account_id: Option<AccountId>,
    /// Name.
    pub name: String,
    /// The side they are (or act) for.
    pub side: Option<PartyRole>,
    /// A lawyer acting for a party (a lawyer cannot be in two places at once).
    pub lawyer: bool,
    /// How they attend.
    pub attendance: Attendance,
    /// Marked present in the courtroom by the clerk (in-person attendance).
    pub present: bool,
}

/// An adjournment (延期审理) with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjournment {
    /// When it was decided (µs).
    pub at_us: i64,
    /// Why.
    pub reason: String,
}

/// A scheduled sitting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingSession {
    /// Identifier.
    pub id: HearingId,
    /// The court.
    pub court_id: CourtId,
    /// The case.
    pub case_id: CaseId,
    /// The case's number (how the sitting is named in conflicts and notices).
    pub case_number: String,
    /// What it is.
    pub kind: SessionKind,
    /// Starts.
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    /// Ends (planned).
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
    /// The courtroom; `None` for a sitting held only online.
    pub courtroom_id: Option<CourtroomId>,
    /// Heard in public: a public notice (开庭公告) is published.
    pub public: bool,
    /// Why it is held at less than three days' notice (empty otherwise).
    pub urgent_reason: String,
    /// Where it stands.
    pub status: SessionStatus,
    /// The judge in charge.
    pub judge_id: AccountId,
    /// The other members of the panel.
    pub panel: Vec<AccountId>,
    /// The clerk.
    pub clerk_id: Option<AccountId>,
    /// The parties and agents taking part.
    pub attendees: Vec<Attendee>,
    /// Adjournments so far.
    pub adjournments: Vec<Adjournment>,
    /// Who scheduled it.
    pub created_by: AccountId,
    /// Scheduled (µs).
    pub created_at_us: i64,
}

/// A clash with another sitting: whom or what, and the sitting it clashes with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Who or what is double-booked (a name, or the courtroom).
    pub what: String,
    /// The other sitting's case number.
    pub case_number: String,
    /// When the other sitting starts.
    pub starts_at: OffsetDateTime,
}

/// Days of notice before a hearing (民事诉讼法 art. 139: 开庭三日前通知).
pub const NOTICE_DAYS: i64 = 3;
/// Longest sitting that may be scheduled, in minutes.
pub const MAX_SESSION_MINUTES: i64 = 12 * 60;

impl HearingSession {
    /// The staff taking part: the judge, the panel and the clerk.
    pub fn court_people(&self) -> Vec<AccountId> {
        let mut out = vec![self.judge_id];
        out.extend(self.panel.iter().copied());
        out.extend(self.clerk_id);
        out.dedup();
        out
    }

    /// The lawyers' accounts.
    pub fn lawyers(&self) -> Vec<AccountId> {
        self.attendees
            .iter()
            .filter(|a| a.lawyer)
            .filter_map(|a| a.account_id)
            .collect()
    }

    /// Whether it occupies time (cancelled-like states free it).
    pub fn occupies(&self) -> bool {
        matches!(
            self.status,
            SessionStatus::Scheduled | SessionStatus::Waiting | SessionStatus::InSession
        )
    }

    /// Whether the two sittings overlap in time.
    pub fn overlaps(&self, other: &HearingSession) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }

    /// The first clash of this sitting with one of `others` (another sitting at an overlapping
    /// time sharing a judge, panel member, clerk, the courtroom or a lawyer), named through
    /// `name_of` for people.
    pub fn first_conflict(
        &self,
        others: &[HearingSession],
        name_of: impl Fn(AccountId) -> String,
        courtroom_name: impl Fn(CourtroomId) -> String,
    ) -> Option<Conflict> {
        let ours = self.court_people();
        let our_lawyers = self.lawyers();
        for other in others
            .iter()
            .filter(|o| o.id != self.id && o.occupies() && self.overlaps(o))
        {
            let clash = |what: String| Conflict {
                what,
                case_number: other.case_number.clone(),
                starts_at: other.starts_at,
            };
            if let Some(p) = ours.iter().find(|p| other.court_people().contains(p)) {
                return Some(clash(name_of(*p)));
            }
            if let (Some(a), Some(b)) = (self.courtroom_id, other.courtroom_id)
                && a == b
            {
                return Some(clash(courtroom_name(a)));
            }
            if let Some(l) = our_lawyers.iter().find(|l| other.lawyers().contains(l)) {
                return Some(clash(name_of(*l)));
            }
        }
        None
    }
}

/// Checks a sitting's time: it ends after it starts, lasts at most twelve hours, and starts in the
/// future; a hearing (开庭审理) is notified at least three days ahead (民事诉讼法 art. 139) — the
/// hearing day is at least three days after `today` — unless urgent with a reason.
pub fn check_time(
    kind: SessionKind,
    starts_at: OffsetDateTime,
    ends_at: OffsetDateTime,
    now: OffsetDateTime,
    today: Date,
    urgent_reason: &str,
) -> Result<(), DomainError> {
    let minutes = (ends_at - starts_at).whole_minutes();
    if minutes <= 0 || minutes > MAX_SESSION_MINUTES {
        return Err(DomainError::invalid(
            "hearing.time",
            "结束时间应晚于开始时间，且一次开庭不超过12小时。",
        ));
    }
    if starts_at <= now {
        return Err(DomainError::invalid(
            "hearing.time",
            "开庭时间应晚于当前时间。",
        ));
    }
    let day = starts_at.to_offset(fayuan_core::clock::CHINA_OFFSET).date();
    if kind == SessionKind::Hearing
        && (day - today).whole_days() < NOTICE_DAYS
        && urgent_reason.trim().is_empty()
    {
        return Err(DomainError::invalid(
            "hearing.notice_period",
            "应当在开庭三日前通知当事人和其他诉讼参与人（《民事诉讼法》第一百三十九条）；确需紧急开庭的，请说明理由。",
        ));
    }
    Ok(())
}

/// How many times a case may be adjourned (RULES.md §4.2: at most twice under the ordinary
/// procedure, once under the summary procedure and small claims).
pub fn max_adjournments(procedure: Procedure) -> usize {
    match procedure {
        Procedure::CivilSummary | Procedure::CivilSmallClaims => 1,
        _ => 2,
    }
}

/// Free times for a sitting of `minutes` within court hours (9:00–12:00, 14:00–17:30 Beijing
/// time) on the given working days, avoiding `busy` intervals; at most `limit`, earliest first,
/// on the hour and half-hour.
pub fn free_slots(
    days: &[Date],
    minutes: i64,
    busy: &[(OffsetDateTime, OffsetDateTime)],
    after: OffsetDateTime,
    limit: usize,
) -> Vec<OffsetDateTime> {
    let mut out = Vec::new();
    let length = time::Duration::minutes(minutes);
    for day in days {
        for (open, close) in [((9, 0), (12, 0)), ((14, 0), (17, 30))] {
            let at = |(h, m): (u8, u8)| {
                time::Time::from_hms(h, m, 0).ok().map(|t| {
                    day.with_time(t)
                        .assume_offset(fayuan_core::clock::CHINA_OFFSET)
                })
            };
            let (Some(mut start), Some(close)) = (at(open), at(close)) else {
                continue;
            };
            while start + length <= close {
                let end = start + length;
                let free = busy.iter().all(|(b, e)| end <= *b || *e <= start);
                if start > after && free {
                    out.push(start);
                    if out.len() == limit {
                        return out;
                    }
                }
                start += time::Duration::minutes(30);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn sitting(judge: AccountId, starts: OffsetDateTime, minutes: i64) -> HearingSession {
        HearingSession {
            id: HearingId::new(),
            court_id: CourtId::new(),
            case_id: CaseId::new(),
            case_number: "（2026）京0199民初1号".into(),
            kind: SessionKind::Hearing,
            starts_at: starts,
            ends_at: starts + time::Duration::minutes(minutes),
            courtroom_id: None,
            public: true,
            urgent_reason: String::new(),
            status: SessionStatus::Scheduled,
            judge_id: judge,
            panel: Vec::new(),
            clerk_id: None,
            attendees: Vec::new(),
            adjournments: Vec::new(),
            created_by: judge,
            created_at_us: 0,
        }
    }

    #[test]
    fn conflicts_name_who_and_which_sitting() {
        let (judge, other_judge, lawyer) = (AccountId::new(), AccountId::new(), AccountId::new());
        let room = CourtroomId::new();
        let at = datetime!(2026-12-07 09:00 +8);
        let existing = {
            let mut s = sitting(other_judge, at, 120);
            s.case_number = "（2026）京0199民初7号".into();
            s.courtroom_id = Some(room);
            s.attendees.push(Attendee {
                account_id: Some(lawyer),
                name: "王律师".into(),
                side: Some(PartyRole::Plaintiff),
                lawyer: true,
                attendance: Attendance::InPerson,
                present: false,
            });
            s
        };
        let names = |a: AccountId| {
            if a == lawyer {
                "王律师".into()
            } else {
                "法官".to_string()
            }
        };
        let rooms = |_| "第一法庭".to_string();
        let mut ours = sitting(judge, at + time::Duration::minutes(60), 60);
        assert_eq!(
            ours.first_conflict(std::slice::from_ref(&existing), names, rooms),
            None
        );
        ours.courtroom_id = Some(room);
        let c = ours
            .first_conflict(std::slice::from_ref(&existing), names, rooms)
            .unwrap();
        assert_eq!(
            (c.what.as_str(), c.case_number.as_str()),
            ("第一法庭", "（2026）京0199民初7号")
        );
        ours.courtroom_id = None;
        ours.attendees = existing.attendees.clone();
        assert_eq!(
            ours.first_conflict(std::slice::from_ref(&existing), names, rooms)
                .unwrap()
                .what,
            "王律师"
        );
        ours.attendees.clear();
        ours.panel.push(other_judge);
        assert!(
            ours.first_conflict(std::slice::from_ref(&existing), names, rooms)
                .is_some()
        );
        // Back to back is no clash; an adjourned sitting frees its time.
        let after = sitting(other_judge, at + time::Duration::minutes(120), 30);
        assert_eq!(
            after.first_conflict(std::slice::from_ref(&existing), names, rooms),
            None
        );
        let mut adjourned = existing;
        adjourned.status = SessionStatus::Adjourned;
        assert_eq!(ours.first_conflict(&[adjourned], names, rooms), None);
    }

    #[test]
    fn three_days_notice_of_a_hearing() {
        let now = datetime!(2026-11-27 10:00 +8);
        let today = date!(2026 - 11 - 27);
        let check = |starts: OffsetDateTime, kind, urgent: &str| {
            check_time(
                kind,
                starts,
                starts + time::Duration::hours(2),
                now,
                today,
                urgent,
            )
        };
        assert!(check(datetime!(2026-11-30 09:00 +8), SessionKind::Hearing, "").is_ok());
        assert!(check(datetime!(2026-11-29 09:00 +8), SessionKind::Hearing, "").is_err());
        assert!(
            check(
                datetime!(2026-11-29 09:00 +8),
                SessionKind::Hearing,
                "诉前保全紧急"
            )
            .is_ok()
        );
        assert!(
            check(
                datetime!(2026-11-28 09:00 +8),
                SessionKind::PreTrialMeeting,
                ""
            )
            .is_ok()
        );
        assert!(
            check(
                datetime!(2026-11-27 09:00 +8),
                SessionKind::PreTrialMeeting,
                ""
            )
            .is_err()
        );
        let start = datetime!(2026-12-01 09:00 +8);
        assert!(check_time(SessionKind::Hearing, start, start, now, today, "").is_err());
        assert_eq!(max_adjournments(Procedure::CivilSummary), 1);
        assert_eq!(max_adjournments(Procedure::CivilOrdinary), 2);
    }

    #[test]
    fn free_slots_skip_busy_times() {
        let day = date!(2026 - 12 - 01);
        let busy = [(
            datetime!(2026-12-01 09:00 +8),
            datetime!(2026-12-01 11:00 +8),
        )];
        let slots = free_slots(&[day], 60, &busy, datetime!(2026-11-27 10:00 +8), 3);
        assert_eq!(
            slots,
            [
                datetime!(2026-12-01 11:00 +8),
                datetime!(2026-12-01 14:00 +8),
                datetime!(2026-12-01 14:30 +8)
            ]
        );
    }
}
