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
    /// Why it is moved (counts against the limit of adjournments).
    pub reason: String,
    /// Why less than three days' notice of a hearing.
    #[serde(default)]
    pub urgent_reason: String,
}

/// Moves a scheduled sitting to another time, with a reason (the same checks as scheduling; it
/// counts against the limit of adjournments).
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
            fayuan_app::hearing::Reschedule {
                starts_at: instant(&req.starts_at)?,
                minutes: req.minutes,
                reason: req.reason,
                urgent_reason: req.urgent_reason,
            },
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

/// Which public notices: one day's, or all upcoming; a page of them.
#[derive(Debug, Deserialize, IntoParams)]
pub struct NoticesQuery {
    /// Only the hearings of this day in China (YYYY-MM-DD; today's: 今日开庭).
    pub date: Option<String>,
    /// Page, from 1 (default 1).
    pub page: Option<u32>,
    /// Notices per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

/// A page of public notices.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticesPage {
    /// How many notices there are in all.
    pub total: i64,
    /// This page, from 1.
    pub page: u32,
    /// Notices per page.
    pub per_page: u32,
    /// The notices, earliest first.
    pub notices: Vec<NoticeView>,
}

/// The public notices of upcoming public hearings (开庭公告, 民事诉讼法 art. 139), for everyone,
/// a page at a time; `date` keeps one day's.
#[utoipa::path(get, path = "/api/v1/public/hearings", tag = "hearing", params(NoticesQuery),
    responses((status = 200, body = NoticesPage), (status = 422, body = Problem, content_type = "application/problem+json"), (status = 429, body = Problem, content_type = "application/problem+json")))]
pub async fn notices(
    State(s): State<WebState>,
    ApiQuery(q): ApiQuery<NoticesQuery>,
) -> Result<Json<NoticesPage>, ApiError> {
    let on = q.date.as_deref().map(parse_date).transpose()?;
    let page = q.page.unwrap_or(1).max(1);
    let per_page = q.per_page.unwrap_or(20).clamp(1, 100);
    let offset = (page - 1).saturating_mul(per_page);
    let (list, total) = s.app.hearing_notices(on, offset, per_page).await?;
    Ok(Json(NoticesPage {
        total,
        page,
        per_page,
        notices: list.into_iter().map(Into::into).collect(),
    }))
}

/// A signer as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignerView {
    /// Name.
    pub name: String,
    /// Capacity (审判员, 书记员, 原告 …).
    pub capacity: String,
    /// Signed online (RFC 3339).
    pub signed_at: Option<String>,
    /// The clerk's note of a refusal to sign.
    pub refusal: Option<String>,
    /// The scan of a signature on paper.
    pub paper: Option<String>,
}

/// An objection as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionView {
    /// Who asked.
    pub name: String,
    /// What should be corrected.
    pub text: String,
    /// How the clerk resolved it.
    pub resolution: Option<String>,
}

/// A sitting's transcript.
#[derive(Debug, Serialize, ToSchema)]
pub struct TranscriptView {
    /// `drafting`, `reviewing` or `locked`.
    pub status: String,
    /// Changes to the text so far.
    pub version: i64,
    /// The text.
    pub paragraphs: Vec<String>,
    /// Who signs, numbered from 1 in this order.
    pub signers: Vec<SignerView>,
    /// Requests for corrections, numbered from 1 in this order.
    pub objections: Vec<ObjectionView>,
    /// The locked transcript in the dossier.
    pub material_id: Option<String>,
    /// The caller types and locks it.
    pub can_edit: bool,
}

impl From<&fayuan_app::hearing::transcript::TranscriptView> for TranscriptView {
    fn from(v: &fayuan_app::hearing::transcript::TranscriptView) -> Self {
        let t = &v.transcript;
        Self {
            status: t.status.as_str().into(),
            version: t.version,
            paragraphs: t.paragraphs.clone(),
            signers: t
                .signers
                .iter()
                .map(|s| SignerView {
                    name: s.name.clone(),
                    capacity: s.capacity.clone(),
                    signed_at: s
                        .signed_at_us
                        .map(|us| rfc3339(fayuan_core::clock::from_micros(us))),
                    refusal: s.refusal.clone(),
                    paper: s.paper.map(|m| m.to_string()),
                })
                .collect(),
            objections: t
                .objections
                .iter()
                .map(|o| ObjectionView {
                    name: o.name.clone(),
                    text: o.text.clone(),
                    resolution: o.resolution.clone(),
                })
                .collect(),
            material_id: t.material_id.map(|m| m.to_string()),
            can_edit: v.can_edit,
        }
    }
}

type Transcribed = Result<Json<TranscriptView>, ApiError>;

fn shown(v: &fayuan_app::hearing::transcript::TranscriptView) -> Transcribed {
    Ok(Json(TranscriptView::from(v)))
}

/// A sitting's transcript (for the case's readers).
#[utoipa::path(get, path = "/api/v1/hearings/{id}/transcript", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")),
    responses((status = 200, body = TranscriptView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn transcript(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
) -> Transcribed {
    shown(&s.app.transcript(&ctx, id(&hearing)?).await?)
}

/// The text of a transcript.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TranscriptText {
    /// The paragraphs.
    pub paragraphs: Vec<String>,
}

/// Types the transcript (those handling the case), while it is not under review: a transcript
/// under review or locked cannot be edited.
#[utoipa::path(put, path = "/api/v1/hearings/{id}/transcript", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")), request_body = TranscriptText,
    responses((status = 200, body = TranscriptView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn write_transcript(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
    ApiJson(req): ApiJson<TranscriptText>,
) -> Transcribed {
    shown(
        &s.app
            .write_transcript(&ctx, id(&hearing)?, req.paragraphs)
            .await?,
    )
}

/// Hands the transcript to the signers.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/transcript/review", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")),
    responses((status = 200, body = TranscriptView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn submit_transcript(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
) -> Transcribed {
    shown(&s.app.submit_transcript(&ctx, id(&hearing)?).await?)
}

/// Takes the transcript back for corrections (the signatures given to it are void).
#[utoipa::path(post, path = "/api/v1/hearings/{id}/transcript/reopen", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")),
    responses((status = 200, body = TranscriptView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn reopen_transcript(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
) -> Transcribed {
    shown(&s.app.reopen_transcript(&ctx, id(&hearing)?).await?)
}

/// A signature on the transcript.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TranscriptSignature {
    /// The account's password.
    pub password: Option<String>,
    /// Or a current TOTP code.
    pub totp: Option<String>,
    /// A handwritten signature as PNG, base64 (a data URL is accepted).
    pub handwriting: Option<String>,
}

/// A signer signs the transcript under review.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/transcript/signatures", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")), request_body = TranscriptSignature,
    responses((status = 200, body = TranscriptView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn sign_transcript(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
    ApiJson(req): ApiJson<TranscriptSignature>,
) -> Transcribed {
    let handwriting = super::mediation::decode_handwriting(req.handwriting.as_deref())?;
    let proof = fayuan_app::mediation::settlement::SigningProof {
        password: req.password,
        totp: req.totp,
    };
    shown(
        &s.app
            .sign_transcript(&ctx, id(&hearing)?, proof, handwriting)
            .await?,
    )
}

/// A request to correct the transcript.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ObjectionRequest {
    /// What should be corrected.
    pub text: String,
}

/// A signer asks for a correction.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/transcript/objections", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")), request_body = ObjectionRequest,
    responses((status = 200, body = TranscriptView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn object_to_transcript(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
    ApiJson(req): ApiJson<ObjectionRequest>,
) -> Transcribed {
    shown(
        &s.app
            .object_to_transcript(&ctx, id(&hearing)?, &req.text)
            .await?,
    )
}

/// A note.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NoteRequest {
    /// The note.
    pub note: String,
}

/// The clerk resolves an objection (numbered from 1).
#[utoipa::path(post, path = "/api/v1/hearings/{id}/transcript/objections/{number}/resolution", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id"), ("number" = usize, Path, description = "Objection number, from 1")), request_body = NoteRequest,
    responses((status = 200, body = TranscriptView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn resolve_objection(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path((hearing, number)): Path<(String, usize)>,
    ApiJson(req): ApiJson<NoteRequest>,
) -> Transcribed {
    shown(
        &s.app
            .resolve_objection(&ctx, id(&hearing)?, number, &req.note)
            .await?,
    )
}

/// How a signer who did not sign online is accounted for.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AccountingRequest {
    /// The circumstances of a refusal to sign.
    pub refusal: Option<String>,
    /// The scan of a signature on paper (a material of the case's dossier).
    pub paper: Option<String>,
}

/// The clerk notes that a signer (numbered from 1) refused to sign or signed on paper.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/transcript/signers/{number}/accounting", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id"), ("number" = usize, Path, description = "Signer number, from 1")), request_body = AccountingRequest,
    responses((status = 200, body = TranscriptView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn account_for_signer(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path((hearing, number)): Path<(String, usize)>,
    ApiJson(req): ApiJson<AccountingRequest>,
) -> Transcribed {
    let paper = match req.paper.as_deref() {
        None | Some("") => None,
        Some(m) => Some(m.parse().map_err(|_| {
            ApiError(AppError::invalid(
                "transcript.paper",
                "纸质签名的扫描件应为本案卷宗中的材料。",
            ))
        })?),
    };
    shown(
        &s.app
            .account_for_signer(&ctx, id(&hearing)?, number, req.refusal, paper)
            .await?,
    )
}

/// Locks the transcript (everyone accounted for, every objection resolved) and files it.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/transcript/lock", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")),
    responses((status = 200, body = TranscriptView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn lock_transcript(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
) -> Transcribed {
    shown(&s.app.lock_transcript(&ctx, id(&hearing)?).await?)
}

/// The presiding judge starts recording a sitting whose room is open (the browser uploads the
/// pieces to `/api/v1/recordings/{id}` as it records).
#[utoipa::path(post, path = "/api/v1/hearings/{id}/recordings", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")),
    responses((status = 201, body = super::mediation::RecordingView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn start_recording(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
) -> Result<Response, ApiError> {
    let r = s.app.start_hearing_recording(&ctx, id(&hearing)?).await?;
    Ok(created(super::mediation::RecordingView::from(&r)))
}

/// The recordings of a sitting (for the case's readers).
#[utoipa::path(get, path = "/api/v1/hearings/{id}/recordings", tag = "hearing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Sitting id")),
    responses((status = 200, body = Vec<super::mediation::RecordingView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn recordings(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(hearing): Path<String>,
) -> Result<Json<Vec<super::mediation::RecordingView>>, ApiError> {
    let list = s
        .app
        .recordings(
            &ctx,
            fayuan_domain::recording::Recorded::Hearing(id(&hearing)?),
        )
        .await?;
    Ok(Json(list.iter().map(Into::into).collect()))
}
