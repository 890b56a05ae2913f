//! The POST handlers of the room's forms: choosing, designating, accepting or declining the
//! mediator, messages, the record, the settlement and its signatures, the extension, sessions,
//! ending or withdrawing, applying for judicial confirmation and issuing the statement.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use fayuan_app::AppError;
use fayuan_app::mediation::settlement::SigningProof;
use fayuan_core::id::{AccountId, MediationId};
use fayuan_domain::mediation::{EndReason, ScheduledSession, SessionMode, Thread};
use serde::Deserialize;

use super::{Empty, after, done, paragraphs};
use crate::WebState;
use crate::pages::{CsrfForm, error_page};

#[derive(Deserialize)]
pub(super) struct MediatorForm {
    #[serde(default)]
    mediator: String,
}

impl MediatorForm {
    fn mediator(&self) -> Result<AccountId, AppError> {
        self.mediator.trim().parse().map_err(|_| {
            AppError::invalid("mediation.mediator_unavailable", "请从名册中选择调解员。")
        })
    }
}

pub(super) async fn choose(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<MediatorForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match form.mediator() {
        Ok(to) => state.app.choose_mediator(&page.ctx, id, to).await,
        Err(e) => Err(e),
    };
    after(&state, &page, id, outcome.map(done("saved"))).await
}

pub(super) async fn designate(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<MediatorForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match form.mediator() {
        Ok(to) => state.app.designate_mediator(&page.ctx, id, to).await,
        Err(e) => Err(e),
    };
    after(&state, &page, id, outcome.map(done("saved"))).await
}

pub(super) async fn accept(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.accept_mediation(&page.ctx, id).await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

#[derive(Deserialize)]
pub(super) struct ReasonForm {
    #[serde(default)]
    reason: String,
}

pub(super) async fn decline(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ReasonForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    // The mediator who declined is no longer in the room: back to the list.
    match state
        .app
        .decline_mediation(&page.ctx, id, &form.reason)
        .await
    {
        Ok(_) => Redirect::to("/mediations?done=declined").into_response(),
        Err(e) => after(&state, &page, id, Err(e)).await,
    }
}

#[derive(Deserialize)]
pub(super) struct MessageForm {
    #[serde(default)]
    thread: String,
    #[serde(default)]
    body: String,
}

pub(super) async fn post_message(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<MessageForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match Thread::parse(&form.thread) {
        Some(thread) => state
            .app
            .post_message(&page.ctx, id, thread, &form.body)
            .await
            .map(|m| format!("#m{}", m.seq)),
        None => Err(AppError::NotFound),
    };
    after(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
pub(super) struct TextForm {
    text: Option<String>,
}

pub(super) async fn record(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<TextForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let text = form.text.unwrap_or_default();
    let outcome = state
        .app
        .write_record(&page.ctx, id, paragraphs(&text))
        .await
        .map(|_| "?done=saved#record".to_owned());
    after(&state, &page, id, outcome).await
}

pub(super) async fn draft_settlement(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<TextForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    // Without a text the draft starts from the template.
    let clauses = form.text.as_deref().map(paragraphs);
    let outcome = state
        .app
        .draft_settlement(&page.ctx, id, clauses)
        .await
        .map(|_| "?done=saved#settlement".to_owned());
    after(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
pub(super) struct SignForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    totp: String,
    /// The handwritten signature drawn by the page's script, as a PNG data URL.
    #[serde(default)]
    handwriting: String,
}

pub(super) async fn sign(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<SignForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let given = |s: String| Some(s).filter(|s| !s.trim().is_empty());
    let outcome = match crate::api::mediation::decode_handwriting(Some(&form.handwriting)) {
        Ok(handwriting) => {
            let proof = SigningProof {
                password: given(form.password),
                totp: given(form.totp),
            };
            state
                .app
                .sign_settlement(&page.ctx, id, proof, handwriting)
                .await
                .map(|_| "?done=signed#settlement".to_owned())
        }
        Err(e) => Err(e.0),
    };
    after(&state, &page, id, outcome).await
}

pub(super) async fn refuse(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ReasonForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state
        .app
        .refuse_settlement(&page.ctx, id, &form.reason)
        .await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

#[derive(Deserialize)]
pub(super) struct ExtensionForm {
    #[serde(default)]
    days: String,
}

pub(super) async fn extend(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ExtensionForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match form.days.trim().parse::<u32>() {
        Ok(days) => state.app.extend_mediation(&page.ctx, id, days).await,
        Err(_) => Err(AppError::invalid(
            "mediation.extension_days",
            "请填写延长的天数。",
        )),
    };
    after(&state, &page, id, outcome.map(done("saved"))).await
}

#[derive(Deserialize)]
pub(super) struct SessionForm {
    /// Beijing time as a `datetime-local` field sends it (2026-12-01T09:30).
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    note: String,
}

/// The session a form describes, checked.
fn session_of(form: &SessionForm, now: time::OffsetDateTime) -> Result<ScheduledSession, AppError> {
    let local = time::PrimitiveDateTime::parse(
        form.starts_at.trim(),
        &time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]"),
    )
    .map_err(|_| AppError::invalid("mediation.session_time", "请填写调解时间。"))?;
    let minutes =
        form.minutes.trim().parse().map_err(|_| {
            AppError::invalid("mediation.session_length", "请填写调解时长（分钟）。")
        })?;
    let mode = SessionMode::parse(&form.mode)
        .ok_or_else(|| AppError::invalid("mediation.session_mode", "请选择调解方式。"))?;
    Ok(ScheduledSession::new(
        local.assume_offset(fayuan_core::clock::CHINA_OFFSET),
        minutes,
        mode,
        &form.place,
        &form.note,
        now,
    )?)
}

pub(super) async fn schedule(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<SessionForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match session_of(&form, state.app.clock.now()) {
        Ok(session) => state.app.schedule_session(&page.ctx, id, session).await,
        Err(e) => Err(e),
    };
    after(&state, &page, id, outcome.map(done("saved"))).await
}

pub(super) async fn cancel_session(
    State(state): State<WebState>,
    Path((id, number)): Path<(String, String)>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let (Ok(id), Ok(number)) = (id.parse::<MediationId>(), number.parse::<usize>()) else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.cancel_session(&page.ctx, id, number).await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

#[derive(Deserialize)]
pub(super) struct EndForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

pub(super) async fn end(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<EndForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match EndReason::parse(&form.reason) {
        Some(reason) => {
            state
                .app
                .end_mediation(&page.ctx, id, reason, &form.note)
                .await
        }
        None => Err(AppError::invalid(
            "mediation.end_reason",
            "请选择终结调解的理由。",
        )),
    };
    after(&state, &page, id, outcome.map(done("saved"))).await
}

pub(super) async fn withdraw(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.withdraw_mediation(&page.ctx, id).await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

pub(super) async fn apply_confirmation(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.apply_for_confirmation(&page.ctx, id).await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

pub(super) async fn statement(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.issue_mediation_statement(&page.ctx, id).await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}
