//! 故障公告 (Rules art. 40): the public list and page of each incident (`/incidents`), the
//! administrators' forms to declare and lift one, and the staff's extension of a payment period
//! an incident blocked.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::incident::IncidentDraft;
use fayuan_core::id::{FeeNoticeId, IncidentId};
use fayuan_domain::accounts::Role;
use fayuan_domain::ops::{Incident, IncidentCause, OnlineService};

use super::{Chrome, CsrfForm, china_time, error_page, parse, render, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The routes of incidents.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/incidents", get(list).post(declare))
        .route("/incidents/{id}", get(show))
        .route("/incidents/{id}/lift", post(lift))
        .route("/incidents/{id}/extensions", post(extend))
}

/// An incident with its times as Beijing time.
struct Line {
    i: Incident,
    started: String,
    ended: String,
}

impl Line {
    fn of(i: Incident) -> Self {
        Line {
            started: china_time(i.started_at_us),
            ended: i.ended_at_us.map(china_time).unwrap_or_default(),
            i,
        }
    }
}

#[derive(Template)]
#[template(path = "incident/list.html")]
struct ListPage {
    chrome: Chrome,
    incidents: Vec<Line>,
    /// The viewer may declare one.
    manages: bool,
    causes: &'static [IncidentCause],
    services: &'static [OnlineService],
    error: Option<String>,
}

fn manages(page: &PageCtx) -> bool {
    page.ctx
        .actor
        .as_ref()
        .is_some_and(|a| a.has_role(Role::Admin))
}

async fn list_page(state: &WebState, page: &PageCtx, error: Option<AppError>) -> Response {
    let incidents = match state.app.public_incidents().await {
        Ok(all) => all.into_iter().map(Line::of).collect(),
        Err(e) => return error_page(page, e),
    };
    let status = error.as_ref().map(status_of);
    with_status(
        status,
        render(&ListPage {
            chrome: Chrome::of(page),
            incidents,
            manages: manages(page),
            causes: IncidentCause::ALL,
            services: OnlineService::ALL,
            error: error.map(|e| e.to_string()),
        }),
    )
}

async fn list(State(state): State<WebState>, page: PageCtx) -> Response {
    list_page(&state, &page, None).await
}

/// The declaration form: `services` repeats, one per service.
async fn declare(State(state): State<WebState>, f: CsrfForm<Vec<(String, String)>>) -> Response {
    let CsrfForm { page, form } = f;
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let draft = IncidentDraft {
        title: field("title"),
        cause: IncidentCause::parse(&field("cause")).unwrap_or(IncidentCause::Fault),
        services: form
            .iter()
            .filter(|(k, _)| k == "services")
            .filter_map(|(_, v)| OnlineService::parse(v))
            .collect(),
        notice: field("notice"),
    };
    match state.app.declare_incident(&page.ctx, draft).await {
        Ok(i) => Redirect::to(&format!("/incidents/{}", i.id)).into_response(),
        Err(e @ AppError::Invalid { .. }) => list_page(&state, &page, Some(e)).await,
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "incident/show.html")]
struct ShowPage {
    chrome: Chrome,
    line: Line,
    manages: bool,
    /// Staff see the payment periods it blocked.
    staff: bool,
    error: Option<String>,
}

async fn show_page(
    state: &WebState,
    page: &PageCtx,
    id: IncidentId,
    error: Option<AppError>,
) -> Response {
    match state.app.incident(id).await {
        Ok(i) => with_status(
            error.as_ref().map(status_of),
            render(&ShowPage {
                chrome: Chrome::of(page),
                line: Line::of(i),
                manages: manages(page),
                staff: Chrome::of(page).is_staff,
                error: error.map(|e| e.to_string()),
            }),
        ),
        Err(e) => error_page(page, e),
    }
}

async fn show(State(state): State<WebState>, page: PageCtx, Path(id): Path<String>) -> Response {
    match parse::<IncidentId>(&id) {
        Ok(id) => show_page(&state, &page, id, None).await,
        Err(e) => error_page(&page, e),
    }
}

/// After a form on an incident: back to it, or its page with the refusal.
async fn after(
    state: &WebState,
    page: &PageCtx,
    id: IncidentId,
    outcome: Result<(), AppError>,
) -> Response {
    match outcome {
        Ok(()) => Redirect::to(&format!("/incidents/{id}")).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            show_page(state, page, id, Some(e)).await
        }
        Err(e) => error_page(page, e),
    }
}

#[derive(serde::Deserialize)]
struct LiftForm {
    #[serde(default)]
    actions: String,
}

async fn lift(
    State(state): State<WebState>,
    Path(id): Path<String>,
    f: CsrfForm<LiftForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: IncidentId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let outcome = state
        .app
        .lift_incident(&page.ctx, id, &form.actions)
        .await
        .map(|_| ());
    after(&state, &page, id, outcome).await
}

#[derive(serde::Deserialize)]
struct ExtendForm {
    #[serde(default)]
    fee_notice_id: String,
}

async fn extend(
    State(state): State<WebState>,
    Path(id): Path<String>,
    f: CsrfForm<ExtendForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let (id, notice): (IncidentId, FeeNoticeId) = match (parse(&id), parse(&form.fee_notice_id)) {
        (Ok(id), Ok(notice)) => (id, notice),
        (Err(e), _) | (_, Err(e)) => return error_page(&page, e),
    };
    let outcome = state
        .app
        .extend_for_incident(&page.ctx, id, notice)
        .await
        .map(|_| ());
    after(&state, &page, id, outcome).await
}
