//! 庭审 (Rules arts. 25, 33): scheduling a case's sittings (`/api/v1/cases/{id}/hearings`),
//! moving them through their states (`/api/v1/hearings/{id}/…`), the court's calendar and the
//! public notices of hearings (`/api/v1/public/hearings`).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::hearing::{HearingDraft, HearingNotice};
use fayuan_core::id::{AccountId, CourtroomId};
use fayuan_domain::hearing::{HearingSession, SessionKind, SessionStatus};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use super::court::parse_field;
use super::delivery::parse_date;
use super::dossier::id;
use super::{ApiJson, ApiQuery, created, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// A participant of a sitting.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendeeView {
    /// Name.
    pub name: String,
    /// The side, when known.
    pub side: Option<String>,
    /// A lawyer acting for a party.
    pub lawyer: bool,
    /// `online` or `in_person`.
    pub attendance: String,
    /// Marked present in the courtroom.
    pub present: bool,
    /// Takes part through the platform.
    pub online_account: bool,
}

/// A sitting.
#[derive(Debug, Serialize, ToSchema)]
pub struct HearingView {
    /// Id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// The case's number.
    pub case_number: String,
    /// `pre_trial_meeting`, `evidence_exchange`, `hearing` or `pronouncement`.
    pub kind: String,
    /// Starts (RFC 3339).
    pub starts_at: String,
    /// Ends (RFC 3339).
    pub ends_at: String,
    /// The courtroom.
    pub courtroom_id: Option<String>,
    /// Heard in public.
    pub public: bool,
    /// Why at less than three days' notice.
    pub urgent_reason: String,
    /// `scheduled`, `waiting`, `in_session`, `adjourned` or `concluded`.
    pub status: String,
    /// The participants.
    pub attendees: Vec<AttendeeView>,
    /// Reasons of adjournments.
    pub adjournments: Vec<String>,
}

impl From<&HearingSession> for HearingView {
    fn from(s: &HearingSession) -> Self {
        Self {
            id: s.id.to_string(),
            case_id: s.case_id.to_string(),
            case_number: s.case_number.clone(),
            kind: s.kind.as_str().into(),
            starts_at: rfc3339(s.starts_at),
            ends_at: rfc3339(s.ends_at),
            courtroom_id: s.courtroom_id.map(|c| c.to_string()),
            public: s.public,
            urgent_reason: s.urgent_reason.clone(),
            status: s.status.as_str().into(),
            attendees: s
                .attendees
                .iter()
                .map(|a| AttendeeView {
                    name: a.name.clone(),
                    side: a.side.map(|x| x.as_str().into()),
                    lawyer: a.lawyer,
                    attendance: a.attendance.as_str().into(),
                    present: a.present,
                    online_account: a.account_id.is_some(),
                })
                .collect(),
            adjournments: s.adjournments.iter().map(|a| a.reason.clone()).collect(),
        }
    }
}

/// A sitting to schedule.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ScheduleRequest {
    /// `pre_trial_meeting`, `evidence_exchange`, `hearing` or `pronouncement`.
    pub kind: String,
    /// Starts (RFC 3339, e.g. 2026-12-07T09:00:00+08:00).
    pub starts_at: String,
    /// Planned minutes.
    pub minutes: i64,
    /// The courtroom (required when anyone attends in person).
    pub courtroom_id: Option<String>,
    /// Heard in public.
    #[serde(default)]
    pub public: bool,
    /// Why less than three days' notice of a hearing.
    #[serde(default)]
    pub urgent_reason: String,
    /// Accounts (parties or agents of the case) attending in the courtroom; the others online.
    #[serde(default)]
    pub in_person: Vec<String>,
}

fn instant(text: &str) -> Result<OffsetDateTime, ApiError> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).map_err(|_| {
        ApiError(AppError::invalid(
            "hearing.time",
            "时间格式应为 RFC 3339，如 2026-12-07T09:00:00+08:00",
        ))
    })
}

fn courtroom(text: Option<&str>) -> Result<Option<CourtroomId>, ApiError> {
    match text {
        None | Some("") => Ok(None),
        Some(t) => t
            .parse()
            .map(Some)
            .map_err(|_| ApiError(AppError::invalid("hearing.courtroom", "请选择本院的法庭。"))),
    }
}

/// Schedules a sitting: refused (409) when the judge, a panel member, the clerk, the courtroom
/// or a lawyer is booked elsewhere at the time, naming that sitting; a hearing needs three days'
/// notice unless urgent with a reason. Summons and notices are served on the participants.
#[utoipa::path(post, path = "/api/v1/cases/{id}/hearings", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")), request_body = ScheduleRequest,
    responses((status = 201, body = HearingView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn schedule(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(req): ApiJson<ScheduleRequest>,
) -> Result<Response, ApiError> {
    let kind = parse_field(&req.kind, SessionKind::parse, "hearing.kind")?;
    let mut in_person = Vec::new();
    for a in &req.in_person {
        in_person.push(a.parse::<AccountId>().map_err(|_| {
            ApiError(AppError::invalid(
                "hearing.attendee",
                "到庭人员应为本案参加人的账号。",
            ))
        })?);
    }
    let draft = HearingDraft {
        kind,
        starts_at: instant(&req.starts_at)?,
        minutes: req.minutes,
        courtroom_id: courtroom(req.courtroom_id.as_deref())?,
        public: req.public,
        urgent_reason: req.urgent_reason,
        in_person,
    };
    let session = s.app.schedule_hearing(&ctx, id(&case)?, draft).await?;
    Ok(created(HearingView::from(&session)))
}

/// A case's sittings.
#[utoipa::path(get, path = "/api/v1/cases/{id}/hearings", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = Vec<HearingView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn of_case(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
) -> Result<Json<Vec<HearingView>>, ApiError> {
    let list = s.app.case_hearings(&ctx, id(&case)?).await?;
    Ok(Json(list.iter().map(Into::into).collect()))
}

/// What to look for.
#[derive(Debug, Deserialize, IntoParams)]
pub struct SuggestQuery {
    /// Planned minutes.
    pub minutes: i64,
    /// The courtroom, if one is needed.
    pub courtroom: Option<String>,
}

/// Free starting times for a sitting of the case (court hours on working days in the next three
/// weeks, at least three days ahead).
#[utoipa::path(get, path = "/api/v1/cases/{id}/hearing-times", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id"), SuggestQuery),
    responses((status = 200, body = Vec<String>), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn suggest(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiQuery(q): ApiQuery<SuggestQuery>,
) -> Result<Json<Vec<String>>, ApiError> {
    let times = s
        .app
        .suggest_hearing_times(
            &ctx,
            id(&case)?,
            q.minutes,
            courtroom(q.courtroom.as_deref())?,
        )
        .await?;
    Ok(Json(times.into_iter().map(rfc3339).collect()))
}

/// A new time.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RescheduleRequest {
    /// Starts (RFC 3339).
    pub starts_at: String,
    /// Planned minutes.
    pub minutes: i64,
    /// Why less than three days' notice of a hearing.
    #[serde(default)]
    pub urgent_reason: String,
}

/// Moves a scheduled sitting to another time (the same checks as scheduling).
#[utoipa::path(post, path = "/api/v1/hearings/{id}/reschedule", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")), request_body = RescheduleRequest,
    responses((status = 200, body = HearingView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn reschedule(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
    ApiJson(req): ApiJson<RescheduleRequest>,
) -> Result<Json<HearingView>, ApiError> {
    let session = s
        .app
        .reschedule_hearing(
            &ctx,
            id(&hearing)?,
            instant(&req.starts_at)?,
            req.minutes,
            &req.urgent_reason,
        )
        .await?;
    Ok(Json(HearingView::from(&session)))
}

/// A reason.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AdjournRequest {
    /// Why the sitting is adjourned.
    pub reason: String,
}

/// Adjourns a sitting (延期审理), within the case's limit of adjournments.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/adjournment", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")), request_body = AdjournRequest,
    responses((status = 200, body = HearingView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn adjourn(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
    ApiJson(req): ApiJson<AdjournRequest>,
) -> Result<Json<HearingView>, ApiError> {
    let session = s
        .app
        .adjourn_hearing(&ctx, id(&hearing)?, &req.reason)
        .await?;
    Ok(Json(HearingView::from(&session)))
}

/// A new state.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusRequest {
    /// `waiting` (open the waiting room), `in_session` or `concluded`.
    pub status: String,
}

/// The judge moves a sitting to its next state.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/status", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")), request_body = StatusRequest,
    responses((status = 200, body = HearingView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn advance(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
    ApiJson(req): ApiJson<StatusRequest>,
) -> Result<Json<HearingView>, ApiError> {
    let to = parse_field(&req.status, SessionStatus::parse, "hearing.status")?;
    let session = s.app.advance_hearing(&ctx, id(&hearing)?, to).await?;
    Ok(Json(HearingView::from(&session)))
}

/// Presence in the courtroom.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PresenceRequest {
    /// The participant's name.
    pub name: String,
    /// Present in the courtroom.
    pub present: bool,
}

/// The clerk records who is present in the courtroom.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/presence", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")), request_body = PresenceRequest,
    responses((status = 200, body = HearingView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn presence(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
    ApiJson(req): ApiJson<PresenceRequest>,
) -> Result<Json<HearingView>, ApiError> {
    let session = s
        .app
        .mark_presence(&ctx, id(&hearing)?, &req.name, req.present)
        .await?;
    Ok(Json(HearingView::from(&session)))
}

/// A day of the calendar.
#[derive(Debug, Deserialize, IntoParams)]
pub struct CalendarQuery {
    /// The day (YYYY-MM-DD).
    pub date: String,
    /// Only this courtroom.
    pub courtroom: Option<String>,
}

/// The court's sittings of one day (its staff).
#[utoipa::path(get, path = "/api/v1/hearing-calendar", tag = "hearing", security(("bearer" = [])),
    params(CalendarQuery),
    responses((status = 200, body = Vec<HearingView>), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn calendar(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    ApiQuery(q): ApiQuery<CalendarQuery>,
) -> Result<Json<Vec<HearingView>>, ApiError> {
    let list = s
        .app
        .hearing_calendar(
            &ctx,
            parse_date(&q.date)?,
            courtroom(q.courtroom.as_deref())?,
        )
        .await?;
    Ok(Json(list.iter().map(Into::into).collect()))
}

/// A public notice of a hearing.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    /// The court.
    pub court_name: String,
    /// The case's number.
    pub case_number: String,
    /// 案由.
    pub cause: String,
    /// The parties.
    pub parties: Vec<String>,
    /// Starts (RFC 3339).
    pub starts_at: String,
    /// Where.
    pub place: String,
}

impl From<HearingNotice> for NoticeView {
    fn from(n: HearingNotice) -> Self {
        Self {
            court_name: n.court_name,
            case_number: n.case_number,
            cause: n.cause,
            parties: n.parties,
            starts_at: rfc3339(n.starts_at),
            place: n.place,
        }
    }
}

/// The public notices of upcoming public hearings (开庭公告, 民事诉讼法 art. 139), for everyone.
#[utoipa::path(get, path = "/api/v1/public/hearings", tag = "hearing",
    responses((status = 200, body = Vec<NoticeView>)))]
pub async fn notices(State(s): State<WebState>) -> Result<Json<Vec<NoticeView>>, ApiError> {
    let list = s.app.hearing_notices().await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}
