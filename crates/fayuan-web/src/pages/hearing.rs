//! 庭审 pages: a case's sittings with the forms that schedule, move and adjourn them and the way
//! into the video room (`/cases/{id}/hearings`), the court's daily calendar
//! (`/staff/calendar`), and the public notices of hearings (`/hearings`, 开庭公告).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::hearing::{HearingDraft, HearingNotice};
use fayuan_core::id::{CaseId, HearingId};
use fayuan_domain::accounts::AccountKind;
use fayuan_domain::court::Courtroom;
use fayuan_domain::hearing::{HearingSession, SessionKind, SessionStatus};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{Chrome, CsrfForm, Done, error_page, login_prompt, render, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The hearing routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/cases/{id}/hearings", get(case_page).post(schedule))
        .route("/hearings/{id}/status", post(advance))
        .route("/hearings/{id}/adjournment", post(adjourn))
        .route("/hearings/{id}/presence", post(presence))
        .route("/hearings/{id}/reschedule", post(reschedule))
        .route("/hearings", get(notices))
        .route("/staff/calendar", get(calendar))
        .route(
            "/hearings/{id}/transcript",
            get(transcript).post(write_transcript),
        )
        .route("/hearings/{id}/transcript/{step}", post(transcript_step))
        .route(
            "/hearings/{id}/transcript/objections/{number}/resolution",
            post(resolve_objection),
        )
        .route(
            "/hearings/{id}/transcript/signers/{number}/accounting",
            post(account_for_signer),
        )
}

/// A time as the pages show it, in Beijing time.
fn shown(at: OffsetDateTime) -> String {
    super::china_time(fayuan_core::clock::to_micros(at))
}

/// A sitting as a line of the pages.
struct SittingLine {
    s: HearingSession,
    starts: String,
    place: String,
    /// The video room is open.
    room_open: bool,
    /// The next state the judge may move it to.
    next: Option<SessionStatus>,
    /// Planned minutes.
    minutes: i64,
}

fn lines(list: Vec<HearingSession>, rooms: &[Courtroom], judge: bool) -> Vec<SittingLine> {
    list.into_iter()
        .map(|s| SittingLine {
            starts: shown(s.starts_at),
            place: s
                .courtroom_id
                .and_then(|r| rooms.iter().find(|x| x.id == r))
                .map_or_else(|| "线上".to_owned(), |r| r.name.clone()),
            room_open: matches!(s.status, SessionStatus::Waiting | SessionStatus::InSession),
            minutes: (s.ends_at - s.starts_at).whole_minutes(),
            next: match s.status {
                SessionStatus::Scheduled if judge => Some(SessionStatus::Waiting),
                SessionStatus::Waiting if judge => Some(SessionStatus::InSession),
                SessionStatus::InSession if judge => Some(SessionStatus::Concluded),
                _ => None,
            },
            s,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "hearing/case.html")]
struct CasePage {
    chrome: Chrome,
    case_id: CaseId,
    case_number: String,
    sittings: Vec<SittingLine>,
    /// The viewer handles the case (schedules, adjourns).
    handles: bool,
    kinds: &'static [SessionKind],
    rooms: Vec<Courtroom>,
    suggestions: Vec<String>,
    error: Option<String>,
    notice: Option<String>,
}

async fn case_page(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let notice = (done.done == "saved").then(|| page.lang.t("hearing.saved").to_owned());
    match id.parse() {
        Ok(id) => show(&state, &page, id, None, notice).await,
        Err(_) => error_page(&page, AppError::NotFound),
    }
}

/// The case's sittings page, with a refusal to show when a form was refused.
async fn show(
    state: &WebState,
    page: &PageCtx,
    id: CaseId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    if page.ctx.actor.is_none() {
        return login_prompt(page);
    }
    let loaded = async {
        let file = state.app.case_file(&page.ctx, id).await?;
        let list = state.app.case_hearings(&page.ctx, id).await?;
        let (_, _, rooms) = state.app.court_detail(file.case.court_id).await?;
        Ok::<_, AppError>((file, list, rooms))
    }
    .await;
    let (file, list, rooms) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => return error_page(page, e),
    };
    let actor = page.ctx.actor.as_ref();
    let judge = actor.is_some_and(|a| Some(a.account_id) == file.case.judge_id);
    // Those who may schedule get free times (the use case decides who may); others neither.
    let staff = actor.is_some_and(|a| a.kind == AccountKind::Staff);
    let (handles, suggestions) = if staff {
        match state
            .app
            .suggest_hearing_times(&page.ctx, id, 120, None)
            .await
        {
            Ok(times) => (true, times.into_iter().map(shown).collect()),
            Err(_) => (false, Vec::new()),
        }
    } else {
        (false, Vec::new())
    };
    let status = error.as_ref().map(status_of);
    let body = render(&CasePage {
        chrome: Chrome::of(page),
        case_id: id,
        case_number: file.case.case_number.clone(),
        sittings: lines(list, &rooms, judge),
        handles,
        kinds: SessionKind::ALL,
        rooms,
        suggestions,
        error: error.map(|e| e.to_string()),
        notice,
    });
    with_status(status, body)
}

/// After a form: back to the case's sittings, or the page again with the refusal.
async fn after(
    state: &WebState,
    page: &PageCtx,
    case: CaseId,
    outcome: Result<HearingSession, AppError>,
) -> Response {
    match outcome {
        Ok(_) => Redirect::to(&format!("/cases/{case}/hearings?done=saved")).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            show(state, page, case, Some(e), None).await
        }
        Err(e) => error_page(page, e),
    }
}

#[derive(Deserialize)]
struct ScheduleForm {
    #[serde(default)]
    kind: String,
    /// Beijing time as a `datetime-local` field sends it.
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    courtroom: String,
    #[serde(default)]
    public: Option<String>,
    #[serde(default)]
    urgent_reason: String,
}

/// The sitting a form describes.
fn draft_of(form: &ScheduleForm) -> Result<HearingDraft, AppError> {
    let starts = time::PrimitiveDateTime::parse(
        form.starts_at.trim(),
        &time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]"),
    )
    .map_err(|_| AppError::invalid("hearing.time", "请填写开庭时间。"))?;
    Ok(HearingDraft {
        kind: SessionKind::parse(&form.kind)
            .ok_or_else(|| AppError::invalid("hearing.kind", "请选择开庭类型。"))?,
        starts_at: starts.assume_offset(fayuan_core::clock::CHINA_OFFSET),
        minutes: form
            .minutes
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("hearing.time", "请填写开庭时长（分钟）。"))?,
        courtroom_id: match form.courtroom.trim() {
            "" => None,
            r => Some(
                r.parse()
                    .map_err(|_| AppError::invalid("hearing.courtroom", "请选择本院的法庭。"))?,
            ),
        },
        public: form.public.is_some(),
        urgent_reason: form.urgent_reason.clone(),
        in_person: Vec::new(),
    })
}

async fn schedule(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ScheduleForm>,
) -> Response {
    let Ok(case) = id.parse::<CaseId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match draft_of(&form) {
        Ok(draft) => state.app.schedule_hearing(&page.ctx, case, draft).await,
        Err(e) => Err(e),
    };
    after(&state, &page, case, outcome).await
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    case: String,
}

async fn advance(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<StatusForm>,
) -> Response {
    let (Ok(id), Ok(case)) = (id.parse::<HearingId>(), form.case.parse::<CaseId>()) else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match SessionStatus::parse(&form.status) {
        Some(to) => state.app.advance_hearing(&page.ctx, id, to).await,
        None => Err(AppError::invalid("hearing.status", "取值不正确。")),
    };
    after(&state, &page, case, outcome).await
}

#[derive(Deserialize)]
struct AdjournForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    case: String,
}

async fn adjourn(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<AdjournForm>,
) -> Response {
    let (Ok(id), Ok(case)) = (id.parse::<HearingId>(), form.case.parse::<CaseId>()) else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.adjourn_hearing(&page.ctx, id, &form.reason).await;
    after(&state, &page, case, outcome).await
}

#[derive(Deserialize)]
struct PresenceForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    present: String,
    #[serde(default)]
    case: String,
}

/// The clerk marks a participant present in (or absent from) the courtroom.
async fn presence(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<PresenceForm>,
) -> Response {
    let (Ok(id), Ok(case)) = (id.parse::<HearingId>(), form.case.parse::<CaseId>()) else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state
        .app
        .mark_presence(&page.ctx, id, &form.name, !form.present.is_empty())
        .await;
    after(&state, &page, case, outcome).await
}

#[derive(Deserialize)]
struct RescheduleForm {
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    urgent_reason: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    case: String,
}

/// Moves a scheduled sitting to another time.
async fn reschedule(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<RescheduleForm>,
) -> Response {
    let (Ok(id), Ok(case)) = (id.parse::<HearingId>(), form.case.parse::<CaseId>()) else {
        return error_page(&page, AppError::NotFound);
    };
    let parsed = ScheduleForm {
        kind: SessionKind::Hearing.as_str().to_owned(),
        starts_at: form.starts_at.clone(),
        minutes: form.minutes.clone(),
        courtroom: String::new(),
        public: None,
        urgent_reason: form.urgent_reason.clone(),
    };
    let outcome = match draft_of(&parsed) {
        Ok(d) => {
            state
                .app
                .reschedule_hearing(
                    &page.ctx,
                    id,
                    fayuan_app::hearing::Reschedule {
                        starts_at: d.starts_at,
                        minutes: d.minutes,
                        reason: form.reason.clone(),
                        urgent_reason: d.urgent_reason,
                    },
                )
                .await
        }
        Err(e) => Err(e),
    };
    after(&state, &page, case, outcome).await
}

#[derive(Template)]
#[template(path = "hearing/notices.html")]
struct NoticesPage {
    chrome: Chrome,
    /// 今日开庭: the day's public hearings not yet concluded.
    today: Vec<(HearingNotice, String)>,
    /// All upcoming, a page of them.
    notices: Vec<(HearingNotice, String)>,
    page: u32,
    pages: u32,
}

/// Notices per page of 开庭公告.
const NOTICES_PER_PAGE: u32 = 20;

#[derive(Deserialize)]
struct NoticesQuery {
    page: Option<u32>,
}

/// 开庭公告: today's public hearings, then all upcoming ones of every court, a page at a time
/// (民事诉讼法 art. 139).
async fn notices(
    State(state): State<WebState>,
    page: PageCtx,
    Query(q): Query<NoticesQuery>,
) -> Response {
    let with_time = |list: Vec<HearingNotice>| {
        list.into_iter()
            .map(|n| {
                let when = shown(n.starts_at);
                (n, when)
            })
            .collect::<Vec<_>>()
    };
    let number = q.page.unwrap_or(1).max(1);
    let today = state.app.clock.today_in_china();
    let found = async {
        let (today, _) = state.app.hearing_notices(Some(today), 0, 100).await?;
        let (all, total) = state
            .app
            .hearing_notices(
                None,
                (number - 1).saturating_mul(NOTICES_PER_PAGE),
                NOTICES_PER_PAGE,
            )
            .await?;
        Ok::<_, AppError>((today, all, total))
    };
    match found.await {
        Ok((today, all, total)) => render(&NoticesPage {
            chrome: Chrome::of(&page),
            today: with_time(today),
            notices: with_time(all),
            page: number,
            pages: u32::try_from(total.max(0))
                .unwrap_or(u32::MAX)
                .div_ceil(NOTICES_PER_PAGE),
        }),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "hearing/transcript.html")]
struct TranscriptPage {
    chrome: Chrome,
    v: fayuan_app::hearing::transcript::TranscriptView,
    text: String,
    drafting: bool,
    reviewing: bool,
    /// The viewer may sign now.
    may_sign: bool,
    /// Materials of the case a paper signature's scan may be (for those who edit).
    scans: Vec<(fayuan_core::id::MaterialId, String)>,
    error: Option<String>,
    notice: Option<String>,
}

async fn transcript(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let notice = (done.done == "saved").then(|| page.lang.t("hearing.saved").to_owned());
    match id.parse() {
        Ok(id) => transcript_page(&state, &page, id, None, notice).await,
        Err(_) => error_page(&page, AppError::NotFound),
    }
}

async fn transcript_page(
    state: &WebState,
    page: &PageCtx,
    id: HearingId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    if page.ctx.actor.is_none() {
        return login_prompt(page);
    }
    let v = match state.app.transcript(&page.ctx, id).await {
        Ok(v) => v,
        Err(e) => return error_page(page, e),
    };
    use fayuan_domain::hearing::transcript::TranscriptStatus;
    let status = error.as_ref().map(status_of);
    let reviewing = v.transcript.status == TranscriptStatus::Reviewing;
    let may_sign = reviewing
        && v.my_signer
            .is_some_and(|i| v.transcript.signers[i].signed_at_us.is_none());
    let watching = !v.can_edit && v.transcript.status == TranscriptStatus::Drafting;
    let scans = if v.can_edit && reviewing {
        match state
            .app
            .dossier(
                &page.ctx,
                v.hearing.case_id,
                fayuan_domain::dossier::Volume::Main,
            )
            .await
        {
            Ok(d) => d
                .entries
                .into_iter()
                .map(|(m, _)| (m.id, m.title))
                .collect(),
            Err(e) => return error_page(page, e),
        }
    } else {
        Vec::new()
    };
    let body = render(&TranscriptPage {
        chrome: Chrome::of(page),
        scans,
        text: v.transcript.paragraphs.join("\n"),
        drafting: v.transcript.status == TranscriptStatus::Drafting,
        reviewing,
        may_sign,
        v,
        error: error.map(|e| e.to_string()),
        notice,
    });
    if watching {
        // Those who only watch the clerk type see the text follow (Rules art. 25: 同步形成).
        return (
            [(axum::http::header::REFRESH, "10")],
            with_status(status, body),
        )
            .into_response();
    }
    with_status(status, body)
}

/// After a transcript form: back to the transcript, or the page again with the refusal.
async fn after_transcript(
    state: &WebState,
    page: &PageCtx,
    id: HearingId,
    outcome: Result<fayuan_app::hearing::transcript::TranscriptView, AppError>,
) -> Response {
    match outcome {
        Ok(_) => Redirect::to(&format!("/hearings/{id}/transcript?done=saved")).into_response(),
        Err(
            e @ (AppError::Invalid { .. }
            | AppError::Conflict { .. }
            | AppError::InvalidCredentials),
        ) => transcript_page(state, page, id, Some(e), None).await,
        Err(e) => error_page(page, e),
    }
}

#[derive(Deserialize)]
struct TextForm {
    #[serde(default)]
    text: String,
}

async fn write_transcript(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<TextForm>,
) -> Response {
    let Ok(id) = id.parse::<HearingId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let paragraphs = form.text.lines().map(str::to_owned).collect();
    let outcome = state.app.write_transcript(&page.ctx, id, paragraphs).await;
    after_transcript(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
struct StepForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    totp: String,
    #[serde(default)]
    handwriting: String,
    #[serde(default)]
    text: String,
}

/// The steps of a transcript: review, reopen, lock, sign, object.
async fn transcript_step(
    State(state): State<WebState>,
    Path((id, step)): Path<(String, String)>,
    CsrfForm { page, form }: CsrfForm<StepForm>,
) -> Response {
    let Ok(id) = id.parse::<HearingId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let app = &state.app;
    let outcome = match step.as_str() {
        "review" => app.submit_transcript(&page.ctx, id).await,
        "reopen" => app.reopen_transcript(&page.ctx, id).await,
        "lock" => app.lock_transcript(&page.ctx, id).await,
        "objections" => app.object_to_transcript(&page.ctx, id, &form.text).await,
        "signatures" => match crate::api::mediation::decode_handwriting(Some(&form.handwriting)) {
            Ok(handwriting) => {
                let proof = fayuan_app::mediation::settlement::SigningProof {
                    password: Some(form.password.clone()).filter(|p| !p.is_empty()),
                    totp: Some(form.totp.clone()).filter(|t| !t.is_empty()),
                };
                app.sign_transcript(&page.ctx, id, proof, handwriting).await
            }
            Err(e) => Err(e.0),
        },
        _ => Err(AppError::NotFound),
    };
    after_transcript(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    note: String,
    /// A scanned paper signature (a material of the case), instead of a refusal.
    #[serde(default)]
    paper: String,
}

async fn resolve_objection(
    State(state): State<WebState>,
    Path((id, number)): Path<(String, String)>,
    CsrfForm { page, form }: CsrfForm<NoteForm>,
) -> Response {
    let (Ok(id), Ok(number)) = (id.parse::<HearingId>(), number.parse::<usize>()) else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state
        .app
        .resolve_objection(&page.ctx, id, number, &form.note)
        .await;
    after_transcript(&state, &page, id, outcome).await
}

async fn account_for_signer(
    State(state): State<WebState>,
    Path((id, number)): Path<(String, String)>,
    CsrfForm { page, form }: CsrfForm<NoteForm>,
) -> Response {
    let (Ok(id), Ok(number)) = (id.parse::<HearingId>(), number.parse::<usize>()) else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match form.paper.trim() {
        "" => {
            state
                .app
                .account_for_signer(&page.ctx, id, number, Some(form.note.clone()), None)
                .await
        }
        scan => match scan.parse() {
            Ok(scan) => {
                state
                    .app
                    .account_for_signer(&page.ctx, id, number, None, Some(scan))
                    .await
            }
            Err(_) => Err(AppError::invalid(
                "transcript.paper",
                "纸质签名的扫描件应为本案卷宗中的材料。",
            )),
        },
    };
    after_transcript(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
struct CalendarQuery {
    #[serde(default)]
    date: String,
    #[serde(default)]
    courtroom: String,
}

#[derive(Template)]
#[template(path = "hearing/calendar.html")]
struct CalendarPage {
    chrome: Chrome,
    date: String,
    sittings: Vec<SittingLine>,
    rooms: Vec<Courtroom>,
    courtroom: String,
}

/// The court's sittings of one day, by time (its staff).
async fn calendar(
    State(state): State<WebState>,
    page: PageCtx,
    Query(q): Query<CalendarQuery>,
) -> Response {
    let day = time::Date::parse(
        q.date.trim(),
        &time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap_or_else(|_| state.app.clock.today_in_china());
    let court = page.ctx.actor.as_ref().and_then(|a| a.court_id);
    let loaded = async {
        let room = q.courtroom.parse().ok();
        let list = state.app.hearing_calendar(&page.ctx, day, room).await?;
        let rooms = match court {
            Some(c) => state.app.court_detail(c).await?.2,
            None => Vec::new(),
        };
        Ok::<_, AppError>((list, rooms))
    }
    .await;
    match loaded {
        Ok((list, rooms)) => render(&CalendarPage {
            chrome: Chrome::of(&page),
            date: day.to_string(),
            sittings: lines(list, &rooms, false),
            rooms,
            courtroom: q.courtroom.clone(),
        }),
        Err(e) => error_page(&page, e),
    }
}
