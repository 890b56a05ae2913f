//! Hearings (庭审, Rules arts. 25, 33): scheduling a sitting of a case without conflicts, with
//! notice served on the participants and, for a public hearing, the public notice (开庭公告);
//! rescheduling, adjournment within its limits, the sitting's states, the clerk's record of who
//! is in the courtroom, the court's calendar and the public list of hearings.

pub mod transcript;

use fayuan_core::clock::{CHINA_OFFSET, to_micros};
use fayuan_core::id::{AccountId, CaseId, CourtId, CourtroomId, HearingId};
use fayuan_domain::accounts::AccountKind;
use fayuan_domain::delivery::{DeliveryChannel, DocumentKind};
use fayuan_domain::docket::{Capacity, Case, CaseStatus};
use fayuan_domain::documents::{Appointment, Template};
use fayuan_domain::hearing::{
    Adjournment, Attendance, Attendee, HearingSession, SessionKind, SessionStatus, check_time,
    free_slots, max_adjournments,
};
use fayuan_domain::mediation::{MAX_NOTE_CHARS, check_text};
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;
use time::{Date, OffsetDateTime};

use crate::delivery::DeliveryDraft;
use crate::documents::DocumentInputs;
use crate::policy::Action;
use crate::{App, AppError, Ctx};

/// What the judge or assistant enters to schedule a sitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingDraft {
    /// What it is.
    pub kind: SessionKind,
    /// Starts.
    pub starts_at: OffsetDateTime,
    /// Planned minutes.
    pub minutes: i64,
    /// The courtroom; required when anyone attends in person.
    pub courtroom_id: Option<CourtroomId>,
    /// Heard in public.
    pub public: bool,
    /// Why less than three days' notice, if so.
    pub urgent_reason: String,
    /// Participants who attend in the courtroom (by account); everyone else attends online.
    pub in_person: Vec<AccountId>,
}

/// A sitting moved to another time, with why (it counts against the limit of adjournments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reschedule {
    /// The new start.
    pub starts_at: OffsetDateTime,
    /// Planned minutes.
    pub minutes: i64,
    /// Why it is moved.
    pub reason: String,
    /// Why less than three days' notice, if so.
    pub urgent_reason: String,
}

/// A public notice of a hearing (开庭公告, 民事诉讼法 art. 139: 公告当事人姓名、案由和开庭的时间、地点).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingNotice {
    /// The court.
    pub court_name: String,
    /// The case's number.
    pub case_number: String,
    /// 案由.
    pub cause: String,
    /// The parties' names.
    pub parties: Vec<String>,
    /// Starts.
    pub starts_at: OffsetDateTime,
    /// Where: the courtroom's name, or 线上庭审.
    pub place: String,
}

/// Suggested free starting times of at most this many.
pub const SUGGESTIONS: usize = 5;
/// How far ahead free times are looked for, in days.
pub const SUGGESTION_DAYS: i64 = 21;

impl App {
    /// Schedules a sitting of a case (the judge, the panel, assistants and clerks handling it).
    /// Refused when the judge, a panel member, the clerk, the courtroom or a lawyer is already
    /// in another sitting at an overlapping time (naming it), or a hearing comes at less than
    /// three days' notice without an urgent reason. The participants are told in their inbox,
    /// and served the summons (parties) or the hearing notice (agents) afterwards.
    pub async fn schedule_hearing(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        draft: HearingDraft,
    ) -> Result<HearingSession, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let urgent_reason = check_text(
            "hearing.urgent_reason",
            "紧急开庭的理由",
            &draft.urgent_reason,
            MAX_NOTE_CHARS,
            false,
        )?;
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(
                ctx,
                tx,
                case_id,
                Action::ScheduleHearings,
                "hearing.schedule",
            )
            .await?;
        let Some(judge_id) = case
            .judge_id
            .filter(|_| case.status == CaseStatus::Assigned)
        else {
            return Err(AppError::invalid(
                "hearing.case_not_heard",
                "只有已分案、审理中的案件可以排期。",
            ));
        };
        check_time(
            draft.kind,
            draft.starts_at,
            draft.starts_at + time::Duration::minutes(draft.minutes),
            self.clock.now(),
            self.clock.today_in_china(),
            &urgent_reason,
        )?;
        let attendees = attendees_of(&mut *tx, &case, &draft.in_person).await?;
        if let Some(room) = draft.courtroom_id {
            let rooms = tx.list_courtrooms(case.court_id).await?;
            let Some(room) = rooms.iter().find(|r| r.id == room) else {
                return Err(AppError::invalid("hearing.courtroom", "请选择本院的法庭。"));
            };
            // Everyone in the courtroom needs a seat: the court and who attends in person.
            // The judges (the judge in charge and the rest of the panel) and the clerk.
            let court_seats = 2 + case
                .panel
                .iter()
                .filter(|p| Some(**p) != case.judge_id)
                .count();
            let seated = court_seats
                + attendees
                    .iter()
                    .filter(|a| a.attendance == Attendance::InPerson)
                    .count();
            if room.capacity > 0 && i64::try_from(seated).unwrap_or(i64::MAX) > room.capacity {
                return Err(AppError::invalid(
                    "hearing.capacity",
                    format!(
                        "{}只有{}个座位，到庭人员{seated}人。",
                        room.name, room.capacity
                    ),
                ));
            }
        } else if attendees
            .iter()
            .any(|a| a.attendance == Attendance::InPerson)
        {
            return Err(AppError::invalid(
                "hearing.courtroom",
                "有到庭参加的人员，请选择法庭。",
            ));
        }
        let session = HearingSession {
            id: HearingId::new(),
            court_id: case.court_id,
            case_id,
            case_number: case.case_number.clone(),
            kind: draft.kind,
            starts_at: draft.starts_at,
            ends_at: draft.starts_at + time::Duration::minutes(draft.minutes),
            courtroom_id: draft.courtroom_id,
            public: draft.public,
            urgent_reason,
            status: SessionStatus::Scheduled,
            judge_id,
            panel: case
                .panel
                .iter()
                .copied()
                .filter(|p| *p != judge_id)
                .collect(),
            clerk_id: clerk_of(&mut *tx, actor.account_id).await?,
            attendees,
            adjournments: Vec::new(),
            created_by: actor.account_id,
            created_at_us: to_micros(self.clock.now()),
        };
        self.check_conflicts(&mut *tx, &session).await?;
        tx.insert_hearing(&session).await?;
        let when = china_time(session.starts_at);
        for account in session.attendees.iter().filter_map(|a| a.account_id) {
            self.notify(
                &mut *tx,
                account,
                "开庭通知",
                &format!(
                    "{}定于{when}{}。请按时参加。",
                    session.case_number,
                    session.kind.label()
                ),
                Some(format!("/cases/{case_id}")),
            )
            .await?;
        }
        self.audit(
            &mut *tx,
            ctx,
            "hearing.schedule",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &format!("hearing:{} {when}", session.id),
        )
        .await?;
        tx.commit().await?;
        self.serve_hearing_notices(ctx, &session).await;
        Ok(session)
    }

    /// Refuses a sitting that clashes with another (across courts: lawyers appear in several).
    async fn check_conflicts(
        &self,
        tx: &mut dyn Tx,
        session: &HearingSession,
    ) -> Result<(), AppError> {
        let others = tx
            .hearings_overlapping(to_micros(session.starts_at), to_micros(session.ends_at))
            .await?;
        let mut names = std::collections::HashMap::new();
        for other in others.iter().filter(|o| session.overlaps(o)) {
            for p in other.court_people().into_iter().chain(other.lawyers()) {
                if let std::collections::hash_map::Entry::Vacant(e) = names.entry(p) {
                    e.insert(tx.account(p).await?.map(|a| a.name).unwrap_or_default());
                }
            }
        }
        let rooms = tx.list_courtrooms(session.court_id).await?;
        let conflict = session.first_conflict(
            &others,
            |a| names.get(&a).cloned().unwrap_or_default(),
            |r| {
                rooms
                    .iter()
                    .find(|x| x.id == r)
                    .map_or_else(String::new, |x| x.name.clone())
            },
        );
        match conflict {
            Some(c) => Err(AppError::Conflict {
                code: "hearing.conflict",
                message: format!(
                    "{}在{}已有{}的开庭安排，时间冲突。",
                    c.what,
                    china_time(c.starts_at),
                    c.case_number
                ),
            }),
            None => Ok(()),
        }
    }

    /// Issues and serves the summons (parties) or hearing notice (agents) of a sitting on every
    /// participant with an account. Run after scheduling commits; a failure is logged and leaves
    /// the service to the clerk.
    async fn serve_hearing_notices(&self, ctx: &Ctx, session: &HearingSession) {
        let place = self.place_of(session).await;
        for attendee in &session.attendees {
            let Some(account) = attendee.account_id else {
                continue;
            };
            let template = if attendee.lawyer {
                Template::HearingNotice
            } else {
                Template::Summons
            };
            let served = async {
                let inputs = DocumentInputs {
                    addressee: Some(account),
                    appointment: Some(Appointment {
                        at: china_time(session.starts_at),
                        place: place.clone(),
                    }),
                    note: None,
                };
                let material = self
                    .issue_document(ctx, session.case_id, template, &inputs, None)
                    .await?;
                self.deliver(
                    ctx,
                    session.case_id,
                    DeliveryDraft {
                        recipient: account,
                        kind: if attendee.lawyer {
                            DocumentKind::Notice
                        } else {
                            DocumentKind::Summons
                        },
                        title: String::new(),
                        materials: vec![material.id],
                        channels: vec![DeliveryChannel::Inbox],
                    },
                )
                .await
            }
            .await;
            if let Err(e) = served {
                tracing::warn!(error = ?e, hearing = %session.id, "notice of hearing not served; the clerk serves it");
            }
        }
    }

    /// Where a sitting is held, as notices name it.
    async fn place_of(&self, session: &HearingSession) -> String {
        let online = "人民法院在线诉讼平台（线上庭审）";
        let Some(room) = session.courtroom_id else {
            return online.to_owned();
        };
        let rooms = match self.store.begin().await {
            Ok(mut tx) => tx
                .list_courtrooms(session.court_id)
                .await
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        let name = rooms
            .iter()
            .find(|r| r.id == room)
            .map_or_else(String::new, |r| r.name.clone());
        if session
            .attendees
            .iter()
            .any(|a| a.attendance == Attendance::Online)
        {
            format!("{name}（部分参加人线上参加）")
        } else {
            name
        }
    }

    /// A sitting and the case it belongs to, for someone allowed `action` on the case.
    async fn hearing_for(
        &self,
        ctx: &Ctx,
        id: HearingId,
        action: Action,
        audit_action: &str,
    ) -> Result<(Box<dyn Tx>, HearingSession, Case), AppError> {
        let mut tx = self.store.begin().await?;
        let Some(session) = tx.hearing(id).await? else {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    audit_action,
                    &format!("hearing:{id}"),
                    AppError::NotFound,
                )
                .await);
        };
        let (tx, case) = self
            .case_for(ctx, tx, session.case_id, action, audit_action)
            .await?;
        Ok((tx, session, case))
    }

    /// Moves a scheduled sitting to another time (with the same checks as scheduling).
    pub async fn reschedule_hearing(
        &self,
        ctx: &Ctx,
        id: HearingId,
        change: Reschedule,
    ) -> Result<HearingSession, AppError> {
        let Reschedule {
            starts_at,
            minutes,
            reason,
            urgent_reason,
        } = change;
        let reason = check_text(
            "hearing.reason",
            "改期的理由",
            &reason,
            MAX_NOTE_CHARS,
            true,
        )?;
        let (mut tx, mut session, case) = self
            .hearing_for(ctx, id, Action::ScheduleHearings, "hearing.reschedule")
            .await?;
        if session.status != SessionStatus::Scheduled {
            return Err(AppError::invalid(
                "hearing.invalid_transition",
                "只有尚未开庭的排期可以改期。",
            ));
        }
        // Postponing a sitting counts like an adjournment (RULES.md §4.2).
        self.check_adjournment_limit(&mut *tx, &case).await?;
        let urgent_reason = check_text(
            "hearing.urgent_reason",
            "紧急开庭的理由",
            &urgent_reason,
            MAX_NOTE_CHARS,
            false,
        )?;
        let ends_at = starts_at + time::Duration::minutes(minutes);
        check_time(
            session.kind,
            starts_at,
            ends_at,
            self.clock.now(),
            self.clock.today_in_china(),
            &urgent_reason,
        )?;
        session.starts_at = starts_at;
        session.ends_at = ends_at;
        session.urgent_reason = urgent_reason;
        session.adjournments.push(Adjournment {
            at_us: to_micros(self.clock.now()),
            reason: format!("改期：{reason}"),
        });
        self.check_conflicts(&mut *tx, &session).await?;
        tx.update_hearing(&session).await?;
        let when = china_time(starts_at);
        for account in session.attendees.iter().filter_map(|a| a.account_id) {
            self.notify(
                &mut *tx,
                account,
                "开庭时间变更",
                &format!(
                    "{}{}改期至{when}。",
                    session.case_number,
                    session.kind.label()
                ),
                Some(format!("/cases/{}", session.case_id)),
            )
            .await?;
        }
        self.audit(
            &mut *tx,
            ctx,
            "hearing.reschedule",
            &format!("hearing:{id}"),
            AuditOutcome::Success,
            &when,
        )
        .await?;
        tx.commit().await?;
        self.serve_hearing_notices(ctx, &session).await;
        Ok(session)
    }

    /// Adjourns a sitting (延期审理) with its reason, within the case's limit of adjournments
    /// (RULES.md §4.2: twice under the ordinary procedure, once under the summary procedure).
    pub async fn adjourn_hearing(
        &self,
        ctx: &Ctx,
        id: HearingId,
        reason: &str,
    ) -> Result<HearingSession, AppError> {
        let reason = check_text(
            "hearing.reason",
            "延期审理的理由",
            reason,
            MAX_NOTE_CHARS,
            true,
        )?;
        let (mut tx, mut session, case) = self
            .hearing_for(ctx, id, Action::ScheduleHearings, "hearing.adjourn")
            .await?;
        if !session.occupies() {
            return Err(AppError::invalid(
                "hearing.invalid_transition",
                "该次开庭已经结束或已延期。",
            ));
        }
        self.check_adjournment_limit(&mut *tx, &case).await?;
        session.status = SessionStatus::Adjourned;
        session.adjournments.push(Adjournment {
            at_us: to_micros(self.clock.now()),
            reason: reason.clone(),
        });
        tx.update_hearing(&session).await?;
        for account in session.attendees.iter().filter_map(|a| a.account_id) {
            self.notify(
                &mut *tx,
                account,
                "延期审理",
                &format!(
                    "{}定于{}的{}延期审理：{reason}",
                    session.case_number,
                    china_time(session.starts_at),
                    session.kind.label()
                ),
                Some(format!("/cases/{}", session.case_id)),
            )
            .await?;
        }
        self.audit(
            &mut *tx,
            ctx,
            "hearing.adjourn",
            &format!("hearing:{id}"),
            AuditOutcome::Success,
            &reason,
        )
        .await?;
        tx.commit().await?;
        Ok(session)
    }

    /// Refuses another adjournment or postponement beyond the procedure's limit.
    async fn check_adjournment_limit(&self, tx: &mut dyn Tx, case: &Case) -> Result<(), AppError> {
        let so_far: usize = tx
            .hearings_of_case(case.id)
            .await?
            .iter()
            .map(|s| s.adjournments.len())
            .sum();
        let limit = max_adjournments(case.procedure);
        if so_far >= limit {
            return Err(AppError::invalid(
                "hearing.adjournment_limit",
                format!(
                    "本案适用{}，延期审理（含改期）不得超过{limit}次。",
                    case.procedure.label()
                ),
            ));
        }
        Ok(())
    }

    /// Moves a sitting through its states: the judge opens the waiting room, starts and
    /// concludes the sitting.
    pub async fn advance_hearing(
        &self,
        ctx: &Ctx,
        id: HearingId,
        to: SessionStatus,
    ) -> Result<HearingSession, AppError> {
        let (mut tx, mut session, _) = self
            .hearing_for(ctx, id, Action::Adjudicate, "hearing.advance")
            .await?;
        let allowed = matches!(
            (session.status, to),
            (SessionStatus::Scheduled, SessionStatus::Waiting)
                | (SessionStatus::Waiting, SessionStatus::InSession)
                | (SessionStatus::InSession, SessionStatus::Concluded)
        );
        if !allowed {
            return Err(AppError::invalid(
                "hearing.invalid_transition",
                format!(
                    "开庭当前为“{}”，不能变为“{}”",
                    session.status.label(),
                    to.label()
                ),
            ));
        }
        session.status = to;
        tx.update_hearing(&session).await?;
        self.audit(
            &mut *tx,
            ctx,
            "hearing.advance",
            &format!("hearing:{id}"),
            AuditOutcome::Success,
            to.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(session)
    }

    /// The clerk records who is present in the courtroom (Rules art. 33: online and offline
    /// participants in one sitting).
    pub async fn mark_presence(
        &self,
        ctx: &Ctx,
        id: HearingId,
        name: &str,
        present: bool,
    ) -> Result<HearingSession, AppError> {
        let (mut tx, mut session, _) = self
            .hearing_for(ctx, id, Action::ManageDossier, "hearing.presence")
            .await?;
        let Some(attendee) = session.attendees.iter_mut().find(|a| a.name == name.trim()) else {
            return Err(AppError::invalid(
                "hearing.unknown_attendee",
                "请选择本次开庭的参加人。",
            ));
        };
        attendee.present = present;
        if present {
            attendee.attendance = Attendance::InPerson;
        }
        tx.update_hearing(&session).await?;
        self.audit(
            &mut *tx,
            ctx,
            "hearing.presence",
            &format!("hearing:{id}"),
            AuditOutcome::Success,
            &format!("{name} {present}"),
        )
        .await?;
        tx.commit().await?;
        Ok(session)
    }

    /// A case's sittings, for those who may read the case.
    pub async fn case_hearings(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
    ) -> Result<Vec<HearingSession>, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, _) = self
            .case_for(ctx, tx, case_id, Action::ReadCase, "hearing.list")
            .await?;
        let list = tx.hearings_of_case(case_id).await?;
        tx.commit().await?;
        Ok(list)
    }

    /// Free starting times for a sitting of the case: court hours on working days in the next
    /// three weeks when the judge, the panel, the clerk, the courtroom and the lawyers are free.
    pub async fn suggest_hearing_times(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        minutes: i64,
        courtroom_id: Option<CourtroomId>,
    ) -> Result<Vec<OffsetDateTime>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        if !(15..=fayuan_domain::hearing::MAX_SESSION_MINUTES).contains(&minutes) {
            return Err(AppError::invalid(
                "hearing.time",
                "开庭时长应为15分钟至12小时。",
            ));
        }
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(
                ctx,
                tx,
                case_id,
                Action::ScheduleHearings,
                "hearing.suggest",
            )
            .await?;
        let Some(judge_id) = case.judge_id else {
            return Err(AppError::invalid(
                "hearing.case_not_heard",
                "只有已分案、审理中的案件可以排期。",
            ));
        };
        let now = self.clock.now();
        let until = now + time::Duration::days(SUGGESTION_DAYS);
        let probe = HearingSession {
            id: HearingId::new(),
            court_id: case.court_id,
            case_id,
            case_number: case.case_number.clone(),
            kind: SessionKind::Hearing,
            starts_at: now,
            ends_at: until,
            courtroom_id,
            public: false,
            urgent_reason: String::new(),
            status: SessionStatus::Scheduled,
            judge_id,
            panel: case.panel.clone(),
            clerk_id: clerk_of(&mut *tx, actor.account_id).await?,
            attendees: attendees_of(&mut *tx, &case, &[]).await?,
            adjournments: Vec::new(),
            created_by: actor.account_id,
            created_at_us: 0,
        };
        let busy: Vec<(OffsetDateTime, OffsetDateTime)> = tx
            .hearings_overlapping(to_micros(now), to_micros(until))
            .await?
            .into_iter()
            .filter(|o| o.occupies())
            .filter(|o| {
                o.court_people()
                    .iter()
                    .any(|p| probe.court_people().contains(p))
                    || (courtroom_id.is_some() && o.courtroom_id == courtroom_id)
                    || o.lawyers().iter().any(|l| probe.lawyers().contains(l))
            })
            .map(|o| (o.starts_at, o.ends_at))
            .collect();
        tx.commit().await?;
        let days = working_days(self.clock.today_in_china(), SUGGESTION_DAYS);
        Ok(free_slots(
            &days,
            minutes,
            &busy,
            now + time::Duration::days(fayuan_domain::hearing::NOTICE_DAYS),
            SUGGESTIONS,
        ))
    }

    /// The court's calendar of one day (its staff), optionally of one courtroom.
    pub async fn hearing_calendar(
        &self,
        ctx: &Ctx,
        day: Date,
        courtroom_id: Option<CourtroomId>,
    ) -> Result<Vec<HearingSession>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let court = actor
            .court_id
            .filter(|_| actor.kind == AccountKind::Staff)
            .ok_or(AppError::Forbidden)?;
        let start = day.midnight().assume_offset(CHINA_OFFSET);
        let mut tx = self.store.begin().await?;
        let mut list = tx
            .hearings_of_court(
                court,
                to_micros(start),
                to_micros(start + time::Duration::days(1)),
            )
            .await?;
        tx.commit().await?;
        if courtroom_id.is_some() {
            list.retain(|s| s.courtroom_id == courtroom_id);
        }
        Ok(list)
    }

    /// The public notices of public hearings not yet concluded (开庭公告), for everyone: those of
    /// one civil day in China (`on`: 今日开庭 for today) or all starting from now, earliest first,
    /// a page of them with the total.
    pub async fn hearing_notices(
        &self,
        on: Option<Date>,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<HearingNotice>, i64), AppError> {
        let now = to_micros(self.clock.now());
        let (from, until) = match on {
            Some(day) => {
                let start = |d: Date| to_micros(d.midnight().assume_offset(CHINA_OFFSET));
                let next = day
                    .next_day()
                    .ok_or_else(|| AppError::invalid("hearing.date", "日期超出范围"))?;
                (start(day), start(next))
            }
            None => (now, i64::MAX),
        };
        let mut tx = self.store.begin().await?;
        let (sessions, total) = tx
            .public_hearings(
                from,
                until,
                i64::from(offset),
                i64::from(limit.clamp(1, 100)),
            )
            .await?;
        let mut courts: std::collections::HashMap<CourtId, (String, Vec<(CourtroomId, String)>)> =
            std::collections::HashMap::new();
        let mut notices = Vec::new();
        for s in sessions {
            if let std::collections::hash_map::Entry::Vacant(e) = courts.entry(s.court_id) {
                let name = tx
                    .court(s.court_id)
                    .await?
                    .map(|c| c.name)
                    .unwrap_or_default();
                let rooms = tx
                    .list_courtrooms(s.court_id)
                    .await?
                    .into_iter()
                    .map(|r| (r.id, r.name))
                    .collect();
                e.insert((name, rooms));
            }
            let Some(case) = tx.case(s.case_id).await? else {
                continue;
            };
            let (court_name, rooms) = &courts[&s.court_id];
            notices.push(HearingNotice {
                court_name: court_name.clone(),
                case_number: s.case_number.clone(),
                cause: case.cause.clone(),
                parties: case.parties.iter().map(|p| p.name.clone()).collect(),
                starts_at: s.starts_at,
                place: s
                    .courtroom_id
                    .and_then(|r| rooms.iter().find(|(id, _)| *id == r))
                    .map_or_else(|| "线上庭审".to_owned(), |(_, n)| n.clone()),
            });
        }
        tx.commit().await?;
        Ok((notices, total))
    }
}

/// The participants of a case's sitting: every account taking part (parties and agents), and
/// the parties without one (who can only attend in person).
async fn attendees_of(
    tx: &mut dyn Tx,
    case: &Case,
    in_person: &[AccountId],
) -> Result<Vec<Attendee>, AppError> {
    let mut out = Vec::new();
    for p in &case.participants {
        if out
            .iter()
            .any(|a: &Attendee| a.account_id == Some(p.account_id))
        {
            continue;
        }
        let name = match p.capacity {
            Capacity::Agent => tx
                .account(p.account_id)
                .await?
                .map_or_else(|| p.party_name.clone(), |a| a.name),
            Capacity::Party => p.party_name.clone(),
        };
        out.push(Attendee {
            account_id: Some(p.account_id),
            name,
            side: Some(p.side),
            lawyer: p.capacity == Capacity::Agent,
            attendance: if in_person.contains(&p.account_id) {
                Attendance::InPerson
            } else {
                Attendance::Online
            },
            present: false,
        });
    }
    for party in &case.parties {
        let represented = case.participants.iter().any(|p| p.party_name == party.name);
        if !represented && !out.iter().any(|a| a.name == party.name) {
            out.push(Attendee {
                account_id: None,
                name: party.name.clone(),
                side: Some(party.role),
                lawyer: false,
                attendance: Attendance::InPerson,
                present: false,
            });
        }
    }
    Ok(out)
}

/// The clerk of a sitting: the actor scheduling it when a clerk (cases do not record their
/// clerk yet).
async fn clerk_of(tx: &mut dyn Tx, actor: AccountId) -> Result<Option<AccountId>, AppError> {
    Ok(tx
        .account(actor)
        .await?
        .filter(|a| a.roles.contains(&fayuan_domain::accounts::Role::Clerk))
        .map(|a| a.id))
}

/// Working days from tomorrow for `days` calendar days (weekdays where the holiday calendar
/// ends).
fn working_days(today: Date, days: i64) -> Vec<Date> {
    let calendar = fayuan_core::calendar::official().ok();
    (1..=days)
        .filter_map(|n| today.checked_add(time::Duration::days(n)))
        .filter(|d| match calendar.as_ref().map(|c| c.is_working_day(*d)) {
            Some(Ok(working)) => working,
            _ => !matches!(d.weekday(), time::Weekday::Saturday | time::Weekday::Sunday),
        })
        .collect()
}

/// A time as notices write it, in Beijing time: 2026年12月01日09时30分.
fn china_time(at: OffsetDateTime) -> String {
    at.to_offset(CHINA_OFFSET)
        .format(&time::macros::format_description!(
            "[year]年[month]月[day]日[hour]时[minute]分"
        ))
        .unwrap_or_default()
}

impl App {
    /// Joins a sitting's video room: the presiding judge conducts it, the panel and the clerk
    /// enter directly, the parties and agents wait until the judge admits them (their name is
    /// shown with whether their identity was verified, 在线诉讼规则 art. 7). The room is open
    /// while the sitting waits or is in session.
    pub async fn join_hearing_video(
        &self,
        ctx: &Ctx,
        id: HearingId,
    ) -> Result<crate::mediation::video::VideoJoin, AppError> {
        use fayuan_domain::ports::{RoomParticipant, RoomRole};
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let target = format!("hearing:{id}");
        let mut tx = self.store.begin().await?;
        let Some(session) = tx.hearing(id).await? else {
            return Err(self
                .refuse_in(tx, ctx, "hearing.video", &target, AppError::NotFound)
                .await);
        };
        let attendee = session
            .attendees
            .iter()
            .find(|a| a.account_id == Some(actor.account_id));
        let (role, capacity) = if actor.account_id == session.judge_id {
            (RoomRole::Host, "审判长")
        } else if session.panel.contains(&actor.account_id) {
            (RoomRole::Member, "审判员")
        } else if session.clerk_id == Some(actor.account_id) {
            (RoomRole::Member, "书记员")
        } else if attendee.is_some() {
            (RoomRole::Guest, "")
        } else {
            return Err(self
                .refuse_in(tx, ctx, "hearing.video", &target, AppError::NotFound)
                .await);
        };
        if !matches!(
            session.status,
            SessionStatus::Waiting | SessionStatus::InSession
        ) {
            return Err(AppError::invalid(
                "hearing.room_closed",
                "候审室尚未开放或庭审已经结束。",
            ));
        }
        let display_name = match attendee.filter(|_| role == RoomRole::Guest) {
            Some(a) => {
                let verified = tx.account(actor.account_id).await?.is_some_and(|x| {
                    x.verification == fayuan_domain::accounts::Verification::Verified
                });
                format!(
                    "{}{} {}（{}）",
                    a.side.map_or("", |s| match s {
                        fayuan_domain::filing::PartyRole::Plaintiff => "原告",
                        fayuan_domain::filing::PartyRole::Defendant => "被告",
                        fayuan_domain::filing::PartyRole::ThirdParty => "第三人",
                    }),
                    if a.lawyer { "代理人" } else { "" },
                    a.name,
                    if verified {
                        "已实名认证"
                    } else {
                        "未实名认证"
                    }
                )
            }
            None => format!("{capacity} {}", actor.name),
        };
        self.audit(
            &mut *tx,
            ctx,
            "hearing.video",
            &target,
            AuditOutcome::Success,
            &display_name,
        )
        .await?;
        tx.commit().await?;
        let participant = RoomParticipant {
            account_id: actor.account_id,
            display_name,
            role,
        };
        let room = format!("hearing-{id}");
        let ticket = self.video.ticket(&room, &participant)?;
        Ok(crate::mediation::video::VideoJoin {
            room,
            number: session.case_number,
            participant,
            ticket,
            may_record: role == RoomRole::Host,
            attendance: session
                .attendees
                .iter()
                .map(|a| match (a.attendance, a.present) {
                    (Attendance::InPerson, true) => format!("{}（到庭，已到庭）", a.name),
                    (Attendance::InPerson, false) => format!("{}（到庭参加）", a.name),
                    (Attendance::Online, _) => format!("{}（线上参加）", a.name),
                })
                .collect(),
        })
    }
}
