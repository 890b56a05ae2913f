//! The evidence page of a case (Rules arts. 22–23): each side's list, the opinions on each item
//! side by side with the court's finding, and the forms to add evidence, open the exchange,
//! cross-examine and record findings.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::evidence::{EvidenceBoard, EvidenceDraft, FindingDraft, OpinionDraft};
use fayuan_core::id::{CaseId, EvidenceItemId};
use fayuan_domain::dossier::{Material, Volume};
use fayuan_domain::evidence::{EvidenceItem, Finding, Opinion, Position, Stance};
use serde::Deserialize;

use super::{Chrome, CsrfForm, Done, china_time, error_page, render, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The evidence routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/cases/{id}/evidence", get(show).post(add))
        .route("/cases/{id}/evidence/exchange", post(open_exchange))
        .route("/evidence/{id}/opinion", post(cross_examine))
        .route("/evidence/{id}/finding", post(record_finding))
}

/// One item with what was said about it.
struct Row {
    item: EvidenceItem,
    submitted: String,
    opinions: Vec<Opinion>,
    finding: Option<Finding>,
    /// The viewer may give an opinion on it (a litigant of another side, exchange open).
    may_examine: bool,
}

#[derive(Template)]
#[template(path = "evidence/show.html")]
struct ShowPage {
    chrome: Chrome,
    board: EvidenceBoard,
    rows: Vec<Row>,
    /// The litigant's own materials in the main volume, to attach to a new item.
    my_materials: Vec<Material>,
    deadline: String,
    error: Option<String>,
    notice: Option<String>,
}

fn case_id(text: &str) -> Result<CaseId, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

async fn show(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let notice = (!done.done.is_empty()).then(|| page.lang.t("evidence.saved").to_owned());
    match case_id(&id) {
        Ok(id) => page_of(&state, &page, id, None, notice).await,
        Err(e) => error_page(&page, e),
    }
}

async fn page_of(
    state: &WebState,
    page: &PageCtx,
    id: CaseId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    if page.ctx.actor.is_none() {
        return error_page(page, AppError::Unauthenticated);
    }
    let board = match state.app.evidence_board(&page.ctx, id).await {
        Ok(b) => b,
        Err(e) => return error_page(page, e),
    };
    let rows = board
        .items
        .iter()
        .map(|item| Row {
            submitted: china_time(item.submitted_at_us),
            opinions: board
                .opinions
                .iter()
                .filter(|o| o.item_id == item.id)
                .cloned()
                .collect(),
            finding: board
                .findings
                .iter()
                .find(|f| f.item_id == item.id)
                .cloned(),
            may_examine: board.exchange.is_some()
                && board.my_side.is_some_and(|side| side != item.side),
            item: item.clone(),
        })
        .collect();
    let my_materials = match (&board.my_side, page.ctx.actor.as_ref()) {
        (Some(_), Some(actor)) => state
            .app
            .dossier(&page.ctx, id, Volume::Main)
            .await
            .map(|view| {
                view.entries
                    .into_iter()
                    .map(|(m, _)| m)
                    .filter(|m| m.submitted_by == actor.account_id)
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let status = error.as_ref().map(status_of);
    let body = render(&ShowPage {
        chrome: Chrome::of(page),
        my_materials,
        deadline: board
            .exchange
            .as_ref()
            .map(|e| china_time(e.deadline_us))
            .unwrap_or_default(),
        board,
        rows,
        error: error.map(|e| e.to_string()),
        notice,
    });
    with_status(status, body)
}

/// After a form: back to the page, or the page with the refusal.
async fn after(
    state: &WebState,
    page: &PageCtx,
    case: CaseId,
    outcome: Result<(), AppError>,
) -> Response {
    match outcome {
        Ok(()) => Redirect::to(&format!("/cases/{case}/evidence?done=saved")).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            page_of(state, page, case, Some(e), None).await
        }
        Err(e) => error_page(page, e),
    }
}

#[derive(Deserialize)]
struct ItemForm {
    name: String,
    #[serde(default)]
    source: String,
    purpose: String,
    #[serde(default)]
    pages: String,
    #[serde(default)]
    material_id: String,
}

async fn add(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<ItemForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let draft = EvidenceDraft {
        name: form.name,
        source: form.source,
        purpose: form.purpose,
        pages: form.pages,
        material_id: form.material_id.parse().ok(),
    };
    let outcome = state
        .app
        .add_evidence(&page.ctx, id, draft)
        .await
        .map(|_| ());
    after(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
struct ExchangeForm {
    deadline: String,
}

async fn open_exchange(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<ExchangeForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id = match case_id(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let outcome = match time::Date::parse(
        form.deadline.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    ) {
        Ok(deadline) => state
            .app
            .open_exchange(&page.ctx, id, deadline)
            .await
            .map(|_| ()),
        Err(_) => Err(AppError::invalid(
            "evidence.invalid_date",
            "请填写期限（年-月-日）。",
        )),
    };
    after(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
struct OpinionForm {
    case_id: String,
    authenticity: String,
    #[serde(default)]
    authenticity_reason: String,
    legality: String,
    #[serde(default)]
    legality_reason: String,
    relevance: String,
    #[serde(default)]
    relevance_reason: String,
}

fn position(stance: &str, reason: String) -> Position {
    Position {
        stance: Stance::parse(stance).unwrap_or(Stance::Dispute),
        reason,
    }
}

async fn cross_examine(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<OpinionForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let (Ok(item), Ok(case)) = (id.parse::<EvidenceItemId>(), case_id(&form.case_id)) else {
        return error_page(&page, AppError::NotFound);
    };
    let draft = OpinionDraft {
        authenticity: position(&form.authenticity, form.authenticity_reason),
        legality: position(&form.legality, form.legality_reason),
        relevance: position(&form.relevance, form.relevance_reason),
    };
    let outcome = state
        .app
        .cross_examine(&page.ctx, item, draft)
        .await
        .map(|_| ());
    after(&state, &page, case, outcome).await
}

#[derive(Deserialize)]
struct FindingForm {
    case_id: String,
    #[serde(default)]
    authenticity: Option<String>,
    #[serde(default)]
    legality: Option<String>,
    #[serde(default)]
    relevance: Option<String>,
    reasoning: String,
}

async fn record_finding(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<FindingForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let (Ok(item), Ok(case)) = (id.parse::<EvidenceItemId>(), case_id(&form.case_id)) else {
        return error_page(&page, AppError::NotFound);
    };
    let draft = FindingDraft {
        authenticity: form.authenticity.is_some(),
        legality: form.legality.is_some(),
        relevance: form.relevance.is_some(),
        reasoning: form.reasoning,
    };
    let outcome = state
        .app
        .record_finding(&page.ctx, item, draft)
        .await
        .map(|_| ());
    after(&state, &page, case, outcome).await
}
