//! 在线调解 (Rules art. 16; 人民法院在线调解规则): the roster (`/api/v1/courts/{id}/mediation-…`),
//! starting a mediation (`/api/v1/filings/{id}/mediation`, `/api/v1/cases/{id}/mediations`),
//! the room with its live stream (`/api/v1/mediations/{id}/…`), the settlement, judicial
//! confirmation and the mediation statement.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine;
use fayuan_app::mediation::roster::{MediatorDraft, OrganisationDraft, Roster};
use fayuan_app::mediation::settlement::SigningProof;
use fayuan_app::mediation::stats::{MediationStatistics, Tally};
use fayuan_app::mediation::{InvitationSummary, MediationView as AppView, Standing};
use fayuan_app::{AppError, Ctx};
use fayuan_core::id::{AccountId, MediationId};
use fayuan_domain::dossier::MaterialKind;
use fayuan_domain::mediation::roster::{
    Mediator, MediatorProfile, Organisation, OrganisationKind, RosterStatus,
};
use fayuan_domain::mediation::settlement::Settlement;
use fayuan_domain::mediation::{
    EndReason, Mediation, Member, Message, ScheduledSession, SessionMode, Thread,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::court::parse_field;
use super::dossier::{MaterialView, content_response, id, stage_body};
use super::{ApiJson, ApiQuery, created, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// A party as the room shows it (no identity numbers or phones).
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyView {
    /// `plaintiff`, `defendant` or `third_party`.
    pub side: String,
    /// Name.
    pub name: String,
    /// `pending`, `accepted` or `refused`.
    pub consent: String,
    /// An account acts for the party in the room.
    pub online: bool,
    /// The mediator this party chose, if any.
    pub chosen_mediator: Option<String>,
}

/// A mediation.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediationView {
    /// Id.
    pub id: String,
    /// 民诉前调 number, or the case's number.
    pub number: String,
    /// `pre_filing` or `in_litigation`.
    pub kind: String,
    /// `inviting`, `assigning`, `in_progress`, `settled`, `failed` or `withdrawn`.
    pub status: String,
    /// 案由.
    pub cause: String,
    /// 纠纷简要情况.
    pub summary: String,
    /// The filing it came from.
    pub filing_id: Option<String>,
    /// The case it is held in.
    pub case_id: Option<String>,
    /// The parties.
    pub parties: Vec<PartyView>,
    /// The mediator.
    pub mediator_id: Option<String>,
    /// The mediator accepted.
    pub accepted: bool,
    /// Last day to answer the invitation.
    pub answer_by: String,
    /// The period started on.
    pub started_on: Option<String>,
    /// The period's last day.
    pub deadline_on: Option<String>,
    /// Days of a pending extension proposal.
    pub extension_days: Option<u32>,
    /// The mediation record (调解笔录).
    pub record: Vec<String>,
    /// The sessions scheduled, numbered from 1 in this order.
    pub sessions: Vec<SessionView>,
    /// Why it ended without a settlement.
    pub end_reason: Option<String>,
    /// The mediator's account of how it ended.
    pub end_note: String,
    /// Parties that applied for judicial confirmation.
    pub confirmation_applicants: usize,
    /// The confirmation application.
    pub confirmation_filing_id: Option<String>,
    /// The court's decision on it.
    pub confirmation_granted: Option<bool>,
    /// The 调解书.
    pub statement_id: Option<String>,
    /// Started (RFC 3339).
    pub created_at: String,
    /// Ended (RFC 3339).
    pub ended_at: Option<String>,
}

impl From<&Mediation> for MediationView {
    fn from(m: &Mediation) -> Self {
        let date = |d: Option<time::Date>| d.map(|d| d.to_string());
        Self {
            id: m.id.to_string(),
            number: m.number.clone(),
            kind: m.kind.as_str().into(),
            status: m.status.as_str().into(),
            cause: m.cause.clone(),
            summary: m.summary.clone(),
            filing_id: m.filing_id.map(|f| f.to_string()),
            case_id: m.case_id.map(|c| c.to_string()),
            parties: m
                .parties
                .iter()
                .map(|p| PartyView {
                    side: p.side.as_str().into(),
                    name: p.name.clone(),
                    consent: p.consent.as_str().into(),
                    online: p.account_id.is_some(),
                    chosen_mediator: p.chosen_mediator.map(|a| a.to_string()),
                })
                .collect(),
            mediator_id: m.mediator_id.map(|a| a.to_string()),
            accepted: m.accepted_at_us.is_some(),
            answer_by: m.answer_by.to_string(),
            started_on: date(m.started_on),
            deadline_on: date(m.deadline_on),
            extension_days: m.extension.as_ref().map(|e| e.days),
            record: m.record.clone(),
            sessions: m
                .sessions
                .iter()
                .map(|s| SessionView {
                    starts_at: rfc3339(s.starts_at),
                    minutes: s.minutes,
                    mode: s.mode.as_str().into(),
                    place: s.place.clone(),
                    note: s.note.clone(),
                    cancelled: s.cancelled,
                })
                .collect(),
            end_reason: m.end_reason.map(|r| r.as_str().into()),
            end_note: m.end_note.clone(),
            confirmation_applicants: m.confirmation.applicants.len(),
            confirmation_filing_id: m.confirmation.filing_id.map(|f| f.to_string()),
            confirmation_granted: m.confirmation.granted,
            statement_id: m.statement_id.map(|s| s.to_string()),
            created_at: rfc3339(fayuan_core::clock::from_micros(m.created_at_us)),
            ended_at: m
                .ended_at_us
                .map(|us| rfc3339(fayuan_core::clock::from_micros(us))),
        }
    }
}

/// A scheduled session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// Starts (RFC 3339).
    pub starts_at: String,
    /// Planned minutes.
    pub minutes: u32,
    /// `video`, `mixed` or `on_site`.
    pub mode: String,
    /// Where, for those attending in person.
    pub place: String,
    /// What to prepare.
    pub note: String,
    /// Cancelled.
    pub cancelled: bool,
}

/// A session to schedule.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SessionRequest {
    /// Starts (RFC 3339, e.g. 2026-12-01T09:30:00+08:00).
    pub starts_at: String,
    /// Planned minutes (15–480).
    pub minutes: u32,
    /// `video`, `mixed` or `on_site`.
    pub mode: String,
    /// Where, for those attending in person.
    #[serde(default)]
    pub place: String,
    /// What to prepare.
    #[serde(default)]
    pub note: String,
}

/// The mediator schedules a session (在线调解规则 art. 16); the parties are told.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/sessions", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = SessionRequest,
    responses((status = 201, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn schedule(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<SessionRequest>,
) -> Result<Response, ApiError> {
    let starts_at = time::OffsetDateTime::parse(
        &req.starts_at,
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|_| {
        ApiError(AppError::invalid(
            "mediation.session_time",
            "时间格式应为 RFC 3339，如 2026-12-01T09:30:00+08:00",
        ))
    })?;
    let mode = parse_field(&req.mode, SessionMode::parse, "mediation.session_mode")?;
    let session = ScheduledSession::new(
        starts_at,
        req.minutes,
        mode,
        &req.place,
        &req.note,
        s.app.clock.now(),
    )
    .map_err(AppError::from)?;
    let m = s
        .app
        .schedule_session(&ctx, mediation_id(&mid)?, session)
        .await?;
    Ok(created(MediationView::from(&m)))
}

/// The mediator cancels a scheduled session (numbered from 1).
#[utoipa::path(post, path = "/api/v1/mediations/{id}/sessions/{number}/cancellation", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id"), ("number" = usize, Path, description = "Session number, from 1")),
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn cancel_session(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path((mid, number)): Path<(String, usize)>,
) -> Result<Json<MediationView>, ApiError> {
    let m = s
        .app
        .cancel_session(&ctx, mediation_id(&mid)?, number)
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// A mediation with how the caller stands in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediationDetail {
    /// The mediation.
    #[serde(flatten)]
    pub mediation: MediationView,
    /// `party:<side>`, `mediator`, `court` (overseeing) or `court_decides` (may designate).
    pub standing: String,
    /// The mediator's name.
    pub mediator_name: String,
}

/// The caller's standing as text.
pub fn standing_text(standing: Standing) -> String {
    match standing {
        Standing::Member(Member::Party(side)) => format!("party:{}", side.as_str()),
        Standing::Member(Member::Mediator) => "mediator".into(),
        Standing::Court { decides: true } => "court_decides".into(),
        Standing::Court { decides: false } => "court".into(),
    }
}

impl From<&AppView> for MediationDetail {
    fn from(v: &AppView) -> Self {
        Self {
            mediation: MediationView::from(&v.mediation),
            standing: standing_text(v.standing),
            mediator_name: v.mediator_name.clone(),
        }
    }
}

fn mediation_id(text: &str) -> Result<MediationId, ApiError> {
    id(text)
}

/// The caller's mediations (as party or mediator; staff also those they oversee).
#[utoipa::path(get, path = "/api/v1/mediations", tag = "mediation", security(("bearer" = [])),
    responses((status = 200, body = Vec<MediationView>), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn mine(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Vec<MediationView>>, ApiError> {
    let list = s.app.my_mediations(&ctx).await?;
    Ok(Json(list.iter().map(Into::into).collect()))
}

/// A mediation: 404 for anyone not in it and not overseeing it.
#[utoipa::path(get, path = "/api/v1/mediations/{id}", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")),
    responses((status = 200, body = MediationDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
) -> Result<Json<MediationDetail>, ApiError> {
    let view = s.app.mediation(&ctx, mediation_id(&mid)?).await?;
    Ok(Json(MediationDetail::from(&view)))
}

/// The applicant asks for pre-filing mediation of its (complete) application (在线调解规则 art. 8).
#[utoipa::path(post, path = "/api/v1/filings/{id}/mediation", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Filing id")),
    responses((status = 201, body = MediationView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn apply(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(filing): Path<String>,
) -> Result<Response, ApiError> {
    let m = s.app.apply_for_mediation(&ctx, id(&filing)?).await?;
    Ok(created(MediationView::from(&m)))
}

/// The judge starts a mediation in a case being heard.
#[utoipa::path(post, path = "/api/v1/cases/{id}/mediations", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses((status = 201, body = MediationView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn start_in_case(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
) -> Result<Response, ApiError> {
    let m = s.app.start_case_mediation(&ctx, id(&case)?).await?;
    Ok(created(MediationView::from(&m)))
}

/// The mediations held in a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/mediations", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = Vec<MediationView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn of_case(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
) -> Result<Json<Vec<MediationView>>, ApiError> {
    let list = s.app.case_mediations(&ctx, id(&case)?).await?;
    Ok(Json(list.iter().map(Into::into).collect()))
}

/// The code from the invitation text message.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CodeRequest {
    /// The invitation code.
    pub code: String,
}

/// What an invitation is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationView {
    /// The mediation's number.
    pub number: String,
    /// The court.
    pub court_name: String,
    /// 案由.
    pub cause: String,
    /// The invited party.
    pub invited: String,
    /// Who asked for mediation.
    pub applicants: Vec<String>,
    /// Last day to answer.
    pub answer_by: String,
}

impl From<InvitationSummary> for InvitationView {
    fn from(i: InvitationSummary) -> Self {
        Self {
            number: i.number,
            court_name: i.court_name,
            cause: i.cause,
            invited: i.invited,
            applicants: i.applicants,
            answer_by: i.answer_by.to_string(),
        }
    }
}

/// An invitee reads the invitation with its code (its verified identity must match the party's).
#[utoipa::path(post, path = "/api/v1/mediations/{id}/invitation", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = CodeRequest,
    responses((status = 200, body = InvitationView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn invitation(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<CodeRequest>,
) -> Result<Json<InvitationView>, ApiError> {
    let summary = s
        .app
        .invitation(&ctx, mediation_id(&mid)?, &req.code)
        .await?;
    Ok(Json(summary.into()))
}

/// An answer to the invitation.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerRequest {
    /// The invitation code (not needed by a party already linked, e.g. in a case).
    pub code: Option<String>,
    /// Agrees to mediate online.
    pub accept: bool,
    /// Why not.
    #[serde(default)]
    pub reason: String,
}

/// The invited party agrees or refuses (在线调解规则 art. 15).
#[utoipa::path(post, path = "/api/v1/mediations/{id}/answer", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = AnswerRequest,
    responses((status = 200, body = MediationView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn answer(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<AnswerRequest>,
) -> Result<Json<MediationView>, ApiError> {
    let m = s
        .app
        .answer_invitation(
            &ctx,
            mediation_id(&mid)?,
            req.code.as_deref(),
            req.accept,
            &req.reason,
        )
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// A mediator from the roster.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MediatorRequest {
    /// The mediator's account id.
    pub mediator: String,
}

/// A party chooses a mediator; when all parties chose the same one, that mediator is asked.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/choice", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = MediatorRequest,
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn choose(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<MediatorRequest>,
) -> Result<Json<MediationView>, ApiError> {
    let mediator = account_id(&req.mediator)?;
    let m = s
        .app
        .choose_mediator(&ctx, mediation_id(&mid)?, mediator)
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// The court designates the mediator (the judge may host the mediation himself).
#[utoipa::path(post, path = "/api/v1/mediations/{id}/designation", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = MediatorRequest,
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn designate(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<MediatorRequest>,
) -> Result<Json<MediationView>, ApiError> {
    let mediator = account_id(&req.mediator)?;
    let m = s
        .app
        .designate_mediator(&ctx, mediation_id(&mid)?, mediator)
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// An account id in a request body; malformed is a 422.
fn account_id(text: &str) -> Result<AccountId, ApiError> {
    text.parse().map_err(|_| {
        ApiError(AppError::invalid(
            "mediation.mediator_unavailable",
            "请从名册中选择调解员。",
        ))
    })
}

/// The mediator accepts (在线调解规则 art. 12): the room opens and the period runs.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/acceptance", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")),
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn accept(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
) -> Result<Json<MediationView>, ApiError> {
    let m = s.app.accept_mediation(&ctx, mediation_id(&mid)?).await?;
    Ok(Json(MediationView::from(&m)))
}

/// A reason.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReasonRequest {
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// The mediator declines with reasons.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/declination", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = ReasonRequest,
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn decline(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<ReasonRequest>,
) -> Result<Json<MediationView>, ApiError> {
    let m = s
        .app
        .decline_mediation(&ctx, mediation_id(&mid)?, &req.reason)
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// A message.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    /// Its place in the mediation's messages.
    pub seq: i64,
    /// `main`, `caucus_plaintiff`, `caucus_defendant` or `caucus_third_party`.
    pub thread: String,
    /// Who wrote it, as shown.
    pub author: String,
    /// The text.
    pub body: String,
    /// Sent (RFC 3339).
    pub sent_at: String,
}

impl From<&Message> for MessageView {
    fn from(m: &Message) -> Self {
        Self {
            seq: m.seq,
            thread: m.thread.as_str().into(),
            author: m.author.clone(),
            body: m.body.clone(),
            sent_at: rfc3339(fayuan_core::clock::from_micros(m.sent_at_us)),
        }
    }
}

/// Where to continue.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AfterQuery {
    /// Only messages after this sequence number.
    pub after: Option<i64>,
}

/// The messages of the threads the caller reads, oldest first (at most 200 after `after`).
#[utoipa::path(get, path = "/api/v1/mediations/{id}/messages", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id"), AfterQuery),
    responses((status = 200, body = Vec<MessageView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn messages(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiQuery(q): ApiQuery<AfterQuery>,
) -> Result<Json<Vec<MessageView>>, ApiError> {
    let list = s
        .app
        .messages(&ctx, mediation_id(&mid)?, q.after.unwrap_or(0))
        .await?;
    Ok(Json(list.iter().map(Into::into).collect()))
}

/// A message to send.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PostMessage {
    /// `main` (default) or the caller's caucus thread.
    pub thread: Option<String>,
    /// The text (up to 2,000 characters).
    pub body: String,
}

/// Sends a message; it is kept as sent.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/messages", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = PostMessage,
    responses((status = 201, body = MessageView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn post_message(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<PostMessage>,
) -> Result<Response, ApiError> {
    let thread = match req.thread.as_deref() {
        None => Thread::Main,
        Some(t) => parse_field(t, Thread::parse, "mediation.thread")?,
    };
    let m = s
        .app
        .post_message(&ctx, mediation_id(&mid)?, thread, &req.body)
        .await?;
    Ok(created(MessageView::from(&m)))
}

/// The live stream of the room (server-sent events): every new message the caller may read,
/// as `event: message`, `id: <seq>`, JSON data. Resumes after `Last-Event-ID` or `after`.
#[utoipa::path(get, path = "/api/v1/mediations/{id}/events", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id"), AfterQuery),
    responses((status = 200, description = "text/event-stream of messages", content_type = "text/event-stream"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn events(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<AfterQuery>,
) -> Result<Response, ApiError> {
    let id = mediation_id(&mid)?;
    let after = crate::live::resume_after(&headers, q.after);
    Ok(crate::live::message_stream(&s.app, ctx, id, after, |m| {
        serde_json::to_string(&MessageView::from(m)).unwrap_or_default()
    })
    .await?)
}

/// How to join the mediation's video room.
#[derive(Debug, Serialize, ToSchema)]
pub struct VideoTicketView {
    /// The room.
    pub room: String,
    /// How the caller appears to the others.
    pub display_name: String,
    /// `mesh` (signal over `signal_path`, a WebSocket) or `sfu` (connect to `url` with `token`).
    pub kind: String,
    /// Mesh: the signalling WebSocket's path.
    pub signal_path: Option<String>,
    /// Mesh: STUN/TURN URLs.
    pub ice_servers: Vec<String>,
    /// Mesh: most participants.
    pub capacity: Option<usize>,
    /// SFU: its URL.
    pub url: Option<String>,
    /// SFU: the access token.
    pub token: Option<String>,
}

/// A member's ticket to the mediation's audio and video room (the room is open while the
/// mediation is in progress); joining is audited.
#[utoipa::path(get, path = "/api/v1/mediations/{id}/video", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")),
    responses((status = 200, body = VideoTicketView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn video(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
) -> Result<Json<VideoTicketView>, ApiError> {
    let joined = s
        .app
        .join_mediation_video(&ctx, mediation_id(&mid)?)
        .await?;
    let mut view = VideoTicketView {
        room: joined.room,
        display_name: joined.participant.display_name,
        kind: String::new(),
        signal_path: None,
        ice_servers: Vec::new(),
        capacity: None,
        url: None,
        token: None,
    };
    match joined.ticket {
        fayuan_domain::ports::RoomTicket::Mesh {
            signal_path,
            ice_servers,
            capacity,
        } => {
            view.kind = "mesh".into();
            view.signal_path = Some(signal_path);
            view.ice_servers = ice_servers;
            view.capacity = Some(capacity);
        }
        fayuan_domain::ports::RoomTicket::Sfu { url, token } => {
            view.kind = "sfu".into();
            view.url = Some(url);
            view.token = Some(token);
        }
    }
    Ok(Json(view))
}

/// A recording of the room.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordingView {
    /// Id.
    pub id: String,
    /// Bytes received, in order (the offset of the next piece).
    pub bytes: i64,
    /// `recording` or `finished`.
    pub status: String,
    /// The filed recording (a material of the room), once finished.
    pub material_id: Option<String>,
    /// Started (RFC 3339).
    pub started_at: String,
}

impl From<&fayuan_domain::recording::Recording> for RecordingView {
    fn from(r: &fayuan_domain::recording::Recording) -> Self {
        Self {
            id: r.id.to_string(),
            bytes: r.bytes,
            status: r.status.as_str().into(),
            material_id: r.material_id.map(|m| m.to_string()),
            started_at: rfc3339(fayuan_core::clock::from_micros(r.started_at_us)),
        }
    }
}

/// The mediator starts recording a session (the browser uploads the pieces as it records).
#[utoipa::path(post, path = "/api/v1/mediations/{id}/recordings", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")),
    responses((status = 201, body = RecordingView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn start_recording(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
) -> Result<Response, ApiError> {
    let r = s
        .app
        .start_mediation_recording(&ctx, mediation_id(&mid)?)
        .await?;
    Ok(created(RecordingView::from(&r)))
}

/// The recordings of a mediation.
#[utoipa::path(get, path = "/api/v1/mediations/{id}/recordings", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")),
    responses((status = 200, body = Vec<RecordingView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn recordings(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
) -> Result<Json<Vec<RecordingView>>, ApiError> {
    let list = s
        .app
        .recordings(
            &ctx,
            fayuan_domain::recording::Recorded::Mediation(mediation_id(&mid)?),
        )
        .await?;
    Ok(Json(list.iter().map(Into::into).collect()))
}

/// A recording as its recorder sees it: `bytes` is where an interrupted upload resumes.
#[utoipa::path(get, path = "/api/v1/recordings/{id}", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Recording id")),
    responses((status = 200, body = RecordingView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn recording(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(rid): Path<String>,
) -> Result<Json<RecordingView>, ApiError> {
    let r = s.app.recording(&ctx, id(&rid)?).await?;
    Ok(Json(RecordingView::from(&r)))
}

/// Where a piece goes.
#[derive(Debug, Deserialize, IntoParams)]
pub struct OffsetQuery {
    /// The piece's offset: the recording's `bytes` so far.
    pub offset: i64,
}

/// Reads a piece of a recording (at most 16 MB) from a request body.
pub async fn read_piece(body: Body) -> Result<Vec<u8>, ApiError> {
    use futures_util::StreamExt;
    let limit = fayuan_domain::recording::MAX_PIECE_BYTES;
    let mut piece = Vec::new();
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError(AppError::invalid(
                "recording.interrupted",
                "上传中断，请从已接收的位置续传。",
            ))
        })?;
        if piece.len() + chunk.len() > limit {
            return Err(ApiError(AppError::invalid(
                "recording.piece_size",
                "每段上传应为1字节至16MB。",
            )));
        }
        piece.extend_from_slice(&chunk);
    }
    Ok(piece)
}

/// Appends a piece of the recording at `offset`, which must equal the bytes received so far.
#[utoipa::path(patch, path = "/api/v1/recordings/{id}", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Recording id"), OffsetQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The piece"),
    responses((status = 200, body = RecordingView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn append_recording(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(rid): Path<String>,
    ApiQuery(q): ApiQuery<OffsetQuery>,
    body: Body,
) -> Result<Json<RecordingView>, ApiError> {
    let piece = read_piece(body).await?;
    let r = s
        .app
        .append_recording(&ctx, id(&rid)?, q.offset, &piece)
        .await?;
    Ok(Json(RecordingView::from(&r)))
}

/// Finishes a recording: it is filed in the dossier as 录音录像 and deposited in the ledger.
#[utoipa::path(post, path = "/api/v1/recordings/{id}/finish", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Recording id")),
    responses((status = 200, body = RecordingView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn finish_recording(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(rid): Path<String>,
) -> Result<Json<RecordingView>, ApiError> {
    let r = s.app.finish_recording(&ctx, id(&rid)?).await?;
    Ok(Json(RecordingView::from(&r)))
}

/// A file shared in the room.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ShareQuery {
    /// Kind (as for a case's materials, e.g. `evidence`, `other`).
    pub kind: String,
    /// Title.
    pub title: Option<String>,
    /// The file's name (its extension must match the content).
    pub file_name: String,
}

/// Shares a file in the room; it goes through the dossier's checks into the filing's or the
/// case's dossier.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/materials", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id"), ShareQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file"),
    responses((status = 201, body = MaterialView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn share(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiQuery(q): ApiQuery<ShareQuery>,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = parse_field(&q.kind, MaterialKind::parse, "dossier.invalid_kind")?;
    let staged = stage_body(&s, &q.file_name, body).await?;
    let draft = fayuan_app::dossier::MaterialDraft {
        kind,
        title: q.title.clone().unwrap_or_default(),
    };
    let material = s
        .app
        .share_material(&ctx, mediation_id(&mid)?, draft, staged)
        .await?;
    Ok(created(MaterialView::from(&material)))
}

/// The room's materials.
#[utoipa::path(get, path = "/api/v1/mediations/{id}/materials", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")),
    responses((status = 200, body = Vec<MaterialView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn materials(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
) -> Result<Json<Vec<MaterialView>>, ApiError> {
    let found = s.app.room_materials(&ctx, mediation_id(&mid)?).await?;
    Ok(Json(found.materials.iter().map(Into::into).collect()))
}

/// A material of the room (watermarked for parties and mediators).
#[utoipa::path(get, path = "/api/v1/mediations/{id}/materials/{material}", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id"), ("material" = String, Path, description = "Material id")),
    responses((status = 200, description = "The file"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn material(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path((mid, material)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let content = s
        .app
        .room_material_content(&ctx, mediation_id(&mid)?, id(&material)?)
        .await?;
    Ok(content_response(content))
}

/// Paragraphs of text.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ParagraphsRequest {
    /// The paragraphs.
    pub paragraphs: Vec<String>,
}

/// The mediator keeps the mediation record (调解笔录).
#[utoipa::path(put, path = "/api/v1/mediations/{id}/record", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = ParagraphsRequest,
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<ParagraphsRequest>,
) -> Result<Json<MediationView>, ApiError> {
    let m = s
        .app
        .write_record(&ctx, mediation_id(&mid)?, req.paragraphs)
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// A signature on the settlement as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignatureView {
    /// The name signed.
    pub name: String,
    /// The side, or empty for the mediator.
    pub side: String,
    /// When (RFC 3339).
    pub signed_at: String,
    /// A handwritten signature was drawn.
    pub handwritten: bool,
}

/// The settlement agreement.
#[derive(Debug, Serialize, ToSchema)]
pub struct SettlementView {
    /// The clauses.
    pub clauses: Vec<String>,
    /// `drafting`, `signing` or `effective`.
    pub status: String,
    /// The signatures.
    pub signatures: Vec<SignatureView>,
    /// The signed PDF (a material of the room), once effective.
    pub material_id: Option<String>,
    /// Its ledger receipt.
    pub receipt_url: Option<String>,
}

fn settlement_view(s: &Settlement, receipt_url: Option<String>) -> SettlementView {
    SettlementView {
        clauses: s.clauses.clone(),
        status: s.status.as_str().into(),
        signatures: s
            .signatures
            .iter()
            .map(|g| SignatureView {
                name: g.name.clone(),
                side: g.side.map_or(String::new(), |s| s.as_str().into()),
                signed_at: rfc3339(fayuan_core::clock::from_micros(g.signed_at_us)),
                handwritten: g.handwriting.is_some(),
            })
            .collect(),
        material_id: s.material_id.map(|m| m.to_string()),
        receipt_url,
    }
}

/// The settlement with the receipt of its signed PDF.
async fn settlement_reply(
    s: &WebState,
    ctx: &Ctx,
    id: MediationId,
    settlement: &Settlement,
) -> Result<SettlementView, ApiError> {
    let mut receipt = None;
    if let Some(material) = settlement.material_id {
        let room = s.app.room_materials(ctx, id).await?;
        receipt = room
            .materials
            .iter()
            .find(|m| m.id == material)
            .and_then(|m| m.ledger_index)
            .map(|i| format!("/api/v1/ledger/entries/{i}/receipt"));
    }
    Ok(settlement_view(settlement, receipt))
}

/// The settlement, once drafted.
#[utoipa::path(get, path = "/api/v1/mediations/{id}/settlement", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")),
    responses((status = 200, body = SettlementView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn settlement(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
) -> Result<Json<SettlementView>, ApiError> {
    let id = mediation_id(&mid)?;
    let found = s
        .app
        .settlement(&ctx, id)
        .await?
        .ok_or(ApiError(AppError::NotFound))?;
    Ok(Json(settlement_reply(&s, &ctx, id, &found).await?))
}

/// The text of a settlement draft.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DraftRequest {
    /// The clauses; omitted to start from the template.
    pub clauses: Option<Vec<String>>,
}

/// The mediator drafts the settlement from the template or edits it.
#[utoipa::path(put, path = "/api/v1/mediations/{id}/settlement", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = DraftRequest,
    responses((status = 200, body = SettlementView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn draft_settlement(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<DraftRequest>,
) -> Result<Json<SettlementView>, ApiError> {
    let id = mediation_id(&mid)?;
    let draft = s.app.draft_settlement(&ctx, id, req.clauses).await?;
    Ok(Json(settlement_view(&draft, None)))
}

/// A signature.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SignRequest {
    /// The account's password.
    pub password: Option<String>,
    /// Or a current TOTP code.
    pub totp: Option<String>,
    /// A handwritten signature as PNG, base64 (a `data:image/png;base64,` prefix is allowed).
    pub handwriting: Option<String>,
}

/// The PNG bytes of a handwritten signature as sent.
pub fn decode_handwriting(text: Option<&str>) -> Result<Option<Vec<u8>>, ApiError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let data = text.strip_prefix("data:image/png;base64,").unwrap_or(text);
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .map(Some)
        .map_err(|_| {
            ApiError(AppError::invalid(
                "mediation.handwriting",
                "手写签名须为PNG图片。",
            ))
        })
}

/// Signs the settlement (the mediator first, then each party); the last party's signature puts
/// it into effect.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/settlement/signatures", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = SignRequest,
    responses((status = 200, body = SettlementView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn sign(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<SignRequest>,
) -> Result<Json<SettlementView>, ApiError> {
    let id = mediation_id(&mid)?;
    let handwriting = decode_handwriting(req.handwriting.as_deref())?;
    let proof = SigningProof {
        password: req.password,
        totp: req.totp,
    };
    let signed = s.app.sign_settlement(&ctx, id, proof, handwriting).await?;
    Ok(Json(settlement_reply(&s, &ctx, id, &signed).await?))
}

/// A party refuses to sign: the mediation ends (在线调解规则 art. 25 (七)).
#[utoipa::path(post, path = "/api/v1/mediations/{id}/settlement/refusal", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = ReasonRequest,
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn refuse(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<ReasonRequest>,
) -> Result<Json<MediationView>, ApiError> {
    let m = s
        .app
        .refuse_settlement(&ctx, mediation_id(&mid)?, &req.reason)
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// An extension.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ExtensionRequest {
    /// Days to add (1–90).
    pub days: u32,
}

/// Proposes or agrees to extending the period; it takes effect when every party agreed.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/extension", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = ExtensionRequest,
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn extend(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<ExtensionRequest>,
) -> Result<Json<MediationView>, ApiError> {
    let m = s
        .app
        .extend_mediation(&ctx, mediation_id(&mid)?, req.days)
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// Ending without agreement.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EndRequest {
    /// `unreachable`, `unwilling`, `disagreement` or `other` (a party: `unwilling`).
    pub reason: String,
    /// The basic situation, why it failed, conduct that raised the others' costs (art. 21).
    #[serde(default)]
    pub note: String,
}

/// Ends the mediation without agreement: a diverted filing returns to review for docketing, a
/// case resumes.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/end", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")), request_body = EndRequest,
    responses((status = 200, body = MediationView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn end(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
    ApiJson(req): ApiJson<EndRequest>,
) -> Result<Json<MediationView>, ApiError> {
    let reason = parse_field(&req.reason, EndReason::parse, "mediation.end_reason")?;
    let m = s
        .app
        .end_mediation(&ctx, mediation_id(&mid)?, reason, &req.note)
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// The applicant withdraws its application (the parties settled themselves).
#[utoipa::path(post, path = "/api/v1/mediations/{id}/withdrawal", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")),
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn withdraw(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
) -> Result<Json<MediationView>, ApiError> {
    let m = s.app.withdraw_mediation(&ctx, mediation_id(&mid)?).await?;
    Ok(Json(MediationView::from(&m)))
}

/// A party applies for judicial confirmation; when every party applied, the application goes to
/// the court's filing review.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/confirmation", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")),
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn apply_confirmation(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
) -> Result<Json<MediationView>, ApiError> {
    let m = s
        .app
        .apply_for_confirmation(&ctx, mediation_id(&mid)?)
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// The decision on a confirmation application.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ConfirmationDecision {
    /// The agreement is valid.
    pub granted: bool,
    /// Why the application is rejected (required then).
    #[serde(default)]
    pub reasons: String,
}

/// The judge rules on a 民特 confirmation case: the ruling is issued, served on every applicant,
/// and closes the case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/confirmation-decision", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")), request_body = ConfirmationDecision,
    responses((status = 200, description = "The closed case"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn decide_confirmation(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(req): ApiJson<ConfirmationDecision>,
) -> Result<Json<super::docket::CaseView>, ApiError> {
    let case = s
        .app
        .decide_confirmation(&ctx, id(&case)?, req.granted, &req.reasons)
        .await?;
    Ok(Json(super::docket::CaseView::from(&case)))
}

/// The judge makes the 调解书 from the settlement reached in the case, serves it and closes the
/// case by mediation.
#[utoipa::path(post, path = "/api/v1/mediations/{id}/statement", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Mediation id")),
    responses((status = 200, body = MediationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn statement(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(mid): Path<String>,
) -> Result<Json<MediationView>, ApiError> {
    let m = s
        .app
        .issue_mediation_statement(&ctx, mediation_id(&mid)?)
        .await?;
    Ok(Json(MediationView::from(&m)))
}

/// An organisation on the roster.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `peoples_committee`, `industry`, `lawyer_studio` or `invited`.
    pub kind: String,
    /// Disputes it takes.
    pub scope: String,
    /// Region served.
    pub region: String,
    /// Charges for mediation.
    pub charges_fee: bool,
    /// On the roster.
    pub active: bool,
}

impl From<&Organisation> for OrganisationView {
    fn from(o: &Organisation) -> Self {
        Self {
            id: o.id.to_string(),
            name: o.name.clone(),
            kind: o.kind.as_str().into(),
            scope: o.scope.clone(),
            region: o.region.clone(),
            charges_fee: o.charges_fee,
            active: o.active,
        }
    }
}

/// A mediator on the roster.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediatorView {
    /// The account.
    pub account_id: String,
    /// Name (filled in roster listings).
    pub name: String,
    /// The organisation.
    pub organisation_id: Option<String>,
    /// The organisation's name.
    pub organisation: String,
    /// `nominated`, `active`, `suspended` or `removed`.
    pub status: String,
    /// Manages the organisation's people.
    pub manages_organisation: bool,
    /// 擅长领域.
    pub specialities: Vec<String>,
    /// Regions served.
    pub regions: Vec<String>,
    /// Languages.
    pub languages: Vec<String>,
    /// 基本情况.
    pub introduction: String,
    /// Mediations in hand.
    pub caseload: usize,
    /// Settled.
    pub settled: usize,
    /// Ended without settlement.
    pub failed: usize,
}

impl From<&Mediator> for MediatorView {
    fn from(m: &Mediator) -> Self {
        Self {
            account_id: m.account_id.to_string(),
            name: String::new(),
            organisation_id: m.organisation_id.map(|o| o.to_string()),
            organisation: String::new(),
            status: m.status.as_str().into(),
            manages_organisation: m.manages_organisation,
            specialities: m.profile.specialities.clone(),
            regions: m.profile.regions.clone(),
            languages: m.profile.languages.clone(),
            introduction: m.profile.introduction.clone(),
            caseload: 0,
            settled: 0,
            failed: 0,
        }
    }
}

/// A court's roster.
#[derive(Debug, Serialize, ToSchema)]
pub struct RosterView {
    /// The inviting court.
    pub court_name: String,
    /// Organisations.
    pub organisations: Vec<OrganisationView>,
    /// Mediators.
    pub mediators: Vec<MediatorView>,
}

impl From<&Roster> for RosterView {
    fn from(r: &Roster) -> Self {
        Self {
            court_name: r.court_name.clone(),
            organisations: r.organisations.iter().map(Into::into).collect(),
            mediators: r
                .lines
                .iter()
                .map(|l| MediatorView {
                    name: l.name.clone(),
                    organisation: l.organisation.clone(),
                    caseload: l.caseload,
                    settled: l.settled,
                    failed: l.failed,
                    ..MediatorView::from(&l.mediator)
                })
                .collect(),
        }
    }
}

/// A court's roster (public: the active entries; the court's managers see all).
#[utoipa::path(get, path = "/api/v1/courts/{id}/mediation-roster", tag = "mediation",
    params(("id" = String, Path, description = "Court id")),
    responses((status = 200, body = RosterView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn roster(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(court): Path<String>,
) -> Result<Json<RosterView>, ApiError> {
    let roster = s.app.roster(&ctx, id(&court)?).await?;
    Ok(Json(RosterView::from(&roster)))
}

/// A new organisation.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OrganisationRequest {
    /// Name.
    pub name: String,
    /// `peoples_committee`, `industry`, `lawyer_studio` or `invited`.
    pub kind: String,
    /// Disputes it takes.
    #[serde(default)]
    pub scope: String,
    /// Region served.
    #[serde(default)]
    pub region: String,
    /// Charges for mediation.
    #[serde(default)]
    pub charges_fee: bool,
}

/// The court invites an organisation onto its roster.
#[utoipa::path(post, path = "/api/v1/courts/{id}/mediation-organisations", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Court id")), request_body = OrganisationRequest,
    responses((status = 201, body = OrganisationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_organisation(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(court): Path<String>,
    ApiJson(req): ApiJson<OrganisationRequest>,
) -> Result<Response, ApiError> {
    let kind = parse_field(
        &req.kind,
        OrganisationKind::parse,
        "mediation.organisation_kind",
    )?;
    let o = s
        .app
        .create_organisation(
            &ctx,
            id(&court)?,
            OrganisationDraft {
                name: req.name,
                kind,
                scope: req.scope,
                region: req.region,
                charges_fee: req.charges_fee,
            },
        )
        .await?;
    Ok(created(OrganisationView::from(&o)))
}

/// On or off the roster.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ActiveRequest {
    /// On the roster.
    pub active: bool,
}

/// The court takes an organisation off its roster or back on.
#[utoipa::path(post, path = "/api/v1/mediation-organisations/{id}/status", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id")), request_body = ActiveRequest,
    responses((status = 200, body = OrganisationView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn organisation_status(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(org): Path<String>,
    ApiJson(req): ApiJson<ActiveRequest>,
) -> Result<Json<OrganisationView>, ApiError> {
    let o = s
        .app
        .set_organisation_active(&ctx, id(&org)?, req.active)
        .await?;
    Ok(Json(OrganisationView::from(&o)))
}

/// A mediator's profile.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ProfileRequest {
    /// 擅长领域.
    #[serde(default)]
    pub specialities: Vec<String>,
    /// Regions served.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Languages.
    #[serde(default)]
    pub languages: Vec<String>,
    /// 基本情况.
    #[serde(default)]
    pub introduction: String,
}

impl ProfileRequest {
    fn profile(&self) -> Result<MediatorProfile, ApiError> {
        Ok(MediatorProfile::new(
            &self.specialities,
            &self.regions,
            &self.languages,
            &self.introduction,
        )
        .map_err(AppError::from)?)
    }
}

/// A mediator to put on the roster.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AppointRequest {
    /// The account: phone, identity number or staff username.
    pub login: String,
    /// The organisation (omitted for the court's own mediators).
    pub organisation_id: Option<String>,
    /// Manages the organisation's people (court appointments only).
    #[serde(default)]
    pub manages_organisation: bool,
    /// The profile.
    #[serde(flatten)]
    pub profile: ProfileRequest,
}

/// Puts a mediator on the roster: appointed by the court, or nominated by an organisation's
/// manager for the court to appoint.
#[utoipa::path(post, path = "/api/v1/courts/{id}/mediators", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Court id")), request_body = AppointRequest,
    responses((status = 201, body = MediatorView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn appoint(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(court): Path<String>,
    ApiJson(req): ApiJson<AppointRequest>,
) -> Result<Response, ApiError> {
    let organisation_id = match req.organisation_id.as_deref() {
        None | Some("") => None,
        Some(o) => Some(o.parse().map_err(|_| {
            ApiError(AppError::invalid(
                "mediation.organisation_unknown",
                "请选择本院名册中的调解组织。",
            ))
        })?),
    };
    let m = s
        .app
        .appoint_mediator(
            &ctx,
            id(&court)?,
            MediatorDraft {
                login: req.login.clone(),
                organisation_id,
                manages_organisation: req.manages_organisation,
                profile: req.profile.profile()?,
            },
        )
        .await?;
    Ok(created(MediatorView::from(&m)))
}

/// A change of roster status.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RosterStatusRequest {
    /// `active`, `suspended` or `removed`.
    pub status: String,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// Appoints, suspends, reinstates or removes a mediator.
#[utoipa::path(post, path = "/api/v1/courts/{id}/mediators/{account}/status", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Court id"), ("account" = String, Path, description = "Mediator's account id")), request_body = RosterStatusRequest,
    responses((status = 200, body = MediatorView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn mediator_status(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path((court, account)): Path<(String, String)>,
    ApiJson(req): ApiJson<RosterStatusRequest>,
) -> Result<Json<MediatorView>, ApiError> {
    let status = parse_field(&req.status, RosterStatus::parse, "mediation.roster_status")?;
    let m = s
        .app
        .set_mediator_status(&ctx, id(&court)?, id(&account)?, status, &req.reason)
        .await?;
    Ok(Json(MediatorView::from(&m)))
}

/// Updates a mediator's profile (the mediator, its organisation's manager, or the court).
#[utoipa::path(put, path = "/api/v1/courts/{id}/mediators/{account}/profile", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Court id"), ("account" = String, Path, description = "Mediator's account id")), request_body = ProfileRequest,
    responses((status = 200, body = MediatorView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn mediator_profile(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path((court, account)): Path<(String, String)>,
    ApiJson(req): ApiJson<ProfileRequest>,
) -> Result<Json<MediatorView>, ApiError> {
    let m = s
        .app
        .update_mediator_profile(&ctx, id(&court)?, id(&account)?, req.profile()?)
        .await?;
    Ok(Json(MediatorView::from(&m)))
}

/// Counts for a group.
#[derive(Debug, Serialize, ToSchema)]
pub struct TallyView {
    /// The group.
    pub name: String,
    /// All.
    pub total: usize,
    /// Not over.
    pub open: usize,
    /// Settled.
    pub settled: usize,
    /// Failed or withdrawn.
    pub unsettled: usize,
    /// Settled among ended, per mille.
    pub success_permille: Option<i64>,
    /// Mean duration of ended mediations, days.
    pub mean_days: Option<i64>,
}

impl From<&Tally> for TallyView {
    fn from(t: &Tally) -> Self {
        Self {
            name: t.name.clone(),
            total: t.total,
            open: t.open,
            settled: t.settled,
            unsettled: t.unsettled,
            success_permille: t.success_permille(),
            mean_days: t.mean_days(),
        }
    }
}

/// A court's mediation statistics.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatisticsView {
    /// All mediations.
    pub overall: TallyView,
    /// Count per status.
    pub by_status: Vec<(String, usize)>,
    /// Per organisation.
    pub by_organisation: Vec<TallyView>,
    /// Per mediator.
    pub by_mediator: Vec<TallyView>,
}

impl From<&MediationStatistics> for StatisticsView {
    fn from(s: &MediationStatistics) -> Self {
        Self {
            overall: (&s.overall).into(),
            by_status: s
                .by_status
                .iter()
                .map(|(status, n)| (status.as_str().to_owned(), *n))
                .collect(),
            by_organisation: s.by_organisation.iter().map(Into::into).collect(),
            by_mediator: s.by_mediator.iter().map(Into::into).collect(),
        }
    }
}

/// The court's mediation statistics (its filing division and leaders).
#[utoipa::path(get, path = "/api/v1/courts/{id}/mediation-statistics", tag = "mediation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Court id")),
    responses((status = 200, body = StatisticsView), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn statistics(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(court): Path<String>,
) -> Result<Json<StatisticsView>, ApiError> {
    let stats = s.app.mediation_statistics(&ctx, id(&court)?).await?;
    Ok(Json(StatisticsView::from(&stats)))
}
