//! The filing division's review (Rules art. 17; 民事诉讼法 arts. 122–126): the queue of submitted
//! applications with their decision deadlines, and on one application the four decisions —
//! 登记立案, 补正, 不予受理 and 诉前调解分流.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::filing::{DocketDecision, QueuedFiling};
use fayuan_core::id::FilingId;
use fayuan_core::time_limit::Procedure;
use fayuan_domain::filing::{FilingApplication, FilingStatus, PartyRole};
use serde::Deserialize;

use super::cases::CaseSheet;
use super::{Chrome, CsrfForm, Done, china_time, error_page, render, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The review routes of filing officers.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/staff/filings", get(queue))
        .route("/staff/filings/{id}", get(show))
        .route("/staff/filings/{id}/docket", post(docket))
        .route(
            "/staff/filings/{id}/request-correction",
            post(request_correction),
        )
        .route("/staff/filings/{id}/refuse", post(refuse))
        .route("/staff/filings/{id}/divert", post(divert))
}

/// Who applied, as the queue shows it: the plaintiffs (applicants) named in the application.
fn applicant_of(f: &FilingApplication) -> String {
    let names: Vec<&str> = f
        .parties
        .iter()
        .filter(|p| p.role == PartyRole::Plaintiff)
        .map(|p| p.name.as_str())
        .collect();
    let mut text = names.join("、");
    if f.filed_by_agent {
        text.push_str("（律师代为立案）");
    }
    text
}

/// One row of the queue.
struct QueueRow {
    queued: QueuedFiling,
    applicant: String,
}

#[derive(Template)]
#[template(path = "review/queue.html")]
struct QueuePage {
    chrome: Chrome,
    rows: Vec<QueueRow>,
}

async fn queue(State(state): State<WebState>, page: PageCtx) -> Response {
    match state.app.review_queue(&page.ctx).await {
        Ok(queue) => render(&QueuePage {
            chrome: Chrome::of(&page),
            rows: queue
                .into_iter()
                .map(|queued| QueueRow {
                    applicant: applicant_of(&queued.filing),
                    queued,
                })
                .collect(),
        }),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "review/show.html")]
struct ReviewPage {
    chrome: Chrome,
    filing: FilingApplication,
    applicant: String,
    court_name: String,
    submitted: String,
    missing: Vec<String>,
    /// The decision forms are shown (the application waits for a decision).
    decidable: bool,
    procedures: &'static [Procedure],
    /// The procedure preselected: the one asked for when the category allows it.
    procedure: Procedure,
    /// The case docketed from it, with its number and fee notice.
    docketed: Option<CaseSheet>,
    /// Text typed in the correction form, kept when refused.
    correction_note: String,
    /// Text typed in the refusal form, kept when refused.
    refusal_reasons: String,
    error: Option<String>,
    notice: Option<String>,
}

/// What the review page shows besides the application.
#[derive(Default)]
struct ReviewExtras {
    error: Option<AppError>,
    notice: Option<String>,
    correction_note: String,
    refusal_reasons: String,
}

async fn show_review(
    state: &WebState,
    page: &PageCtx,
    id: FilingId,
    extras: ReviewExtras,
) -> Response {
    let loaded = async {
        let filing = state.app.filing(&page.ctx, id).await?;
        let courts = state.app.list_courts().await?;
        let docketed = match filing.case_id {
            Some(case) => Some(CaseSheet::of(
                state.app.case_file(&page.ctx, case).await?,
                page,
                false,
                &state.app.court_judges(&page.ctx).await?,
            )),
            None => None,
        };
        Ok::<_, AppError>((filing, courts, docketed))
    }
    .await;
    let (filing, courts, docketed) = match loaded {
        Ok(l) => l,
        Err(e) => return error_page(page, e),
    };
    let procedures = filing.category.procedures();
    let procedure = if procedures.contains(&filing.procedure_requested) {
        filing.procedure_requested
    } else {
        procedures
            .first()
            .copied()
            .unwrap_or(filing.procedure_requested)
    };
    let status = extras.error.as_ref().map(status_of);
    let body = render(&ReviewPage {
        chrome: Chrome::of(page),
        applicant: applicant_of(&filing),
        court_name: courts
            .iter()
            .find(|c| c.id == filing.court_id)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        submitted: filing.submitted_at_us.map(china_time).unwrap_or_default(),
        missing: filing.missing(),
        decidable: filing.status == FilingStatus::Submitted,
        procedures,
        procedure,
        docketed,
        filing,
        correction_note: extras.correction_note,
        refusal_reasons: extras.refusal_reasons,
        error: extras.error.map(|e| e.to_string()),
        notice: extras.notice,
    });
    with_status(status, body)
}

fn filing_id(text: &str) -> Result<FilingId, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

async fn show(
    State(state): State<WebState>,
    Path(id): Path<String>,
    Query(done): Query<Done>,
    page: PageCtx,
) -> Response {
    let id = match filing_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let key = match done.done.as_str() {
        "docketed" => "review.done_docketed",
        "correction" => "review.done_correction",
        "refused" => "review.done_refused",
        "diverted" => "review.done_diverted",
        _ => "",
    };
    let notice = (!key.is_empty()).then(|| page.lang.t(key).to_string());
    let extras = ReviewExtras {
        notice,
        ..Default::default()
    };
    show_review(&state, &page, id, extras).await
}

/// After a decision: back to the application with the outcome (post/redirect/get), or the page
/// again with the rule that refused it and what was typed.
async fn after_decision<T>(
    state: &WebState,
    page: &PageCtx,
    id: FilingId,
    result: Result<T, AppError>,
    done: &str,
    extras: ReviewExtras,
) -> Response {
    match result {
        Ok(_) => Redirect::to(&format!("/staff/filings/{id}?done={done}")).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let extras = ReviewExtras {
                error: Some(e),
                ..extras
            };
            show_review(state, page, id, extras).await
        }
        Err(e) => error_page(page, e),
    }
}

#[derive(Deserialize)]
struct DocketForm {
    procedure: String,
}

async fn docket(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<DocketForm>,
) -> Response {
    let id = match filing_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let result = match Procedure::parse(&form.procedure) {
        Some(procedure) => {
            state
                .app
                .docket_filing(&page.ctx, id, DocketDecision { procedure })
                .await
        }
        None => Err(AppError::invalid(
            "filing.invalid_procedure",
            "请选择审理程序",
        )),
    };
    after_decision(
        &state,
        &page,
        id,
        result,
        "docketed",
        ReviewExtras::default(),
    )
    .await
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    note: String,
}

async fn request_correction(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<NoteForm>,
) -> Response {
    let id = match filing_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let result = state
        .app
        .request_correction(&page.ctx, id, &form.note)
        .await;
    let extras = ReviewExtras {
        correction_note: form.note,
        ..Default::default()
    };
    after_decision(&state, &page, id, result, "correction", extras).await
}

async fn refuse(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<NoteForm>,
) -> Response {
    let id = match filing_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let result = state.app.refuse_filing(&page.ctx, id, &form.note).await;
    let extras = ReviewExtras {
        refusal_reasons: form.note,
        ..Default::default()
    };
    after_decision(&state, &page, id, result, "refused", extras).await
}

#[derive(Deserialize)]
struct Empty {}

async fn divert(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let id = match filing_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let result = state.app.divert_filing(&page.ctx, id).await;
    after_decision(
        &state,
        &page,
        id,
        result,
        "diverted",
        ReviewExtras::default(),
    )
    .await
}
