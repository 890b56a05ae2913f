//! 审判流程信息公开 (Rules art. 9): the public page where a party types the case number and the
//! query code issued at docketing and sees the case's progress (`/process`), and the form on the
//! case page that issues a new code (`/cases/{id}/query-code`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::process::{ProcessInfo, QueryCode};
use fayuan_core::clock::to_micros;
use serde::Deserialize;

use super::{Chrome, CsrfForm, china_time, error_page, parse, render, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The routes of process information.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/process", get(form).post(query))
        .route("/cases/{id}/query-code", post(renew))
}

/// The query form, and below it the case's progress once found.
#[derive(Template)]
#[template(path = "process/query.html")]
struct QueryPage {
    chrome: Chrome,
    case_number: String,
    info: Option<Shown>,
    error: Option<String>,
}

/// A case's progress with its instants as Beijing time.
struct Shown {
    p: ProcessInfo,
    /// (kind, when, place, status) of each sitting.
    hearings: Vec<(String, String, String, String)>,
    /// (title, recipient, status, when served) of each delivery.
    deliveries: Vec<(String, String, String, String)>,
}

impl Shown {
    fn of(p: ProcessInfo) -> Self {
        let hearings = p
            .hearings
            .iter()
            .map(|h| {
                (
                    h.kind.clone(),
                    china_time(to_micros(h.starts_at)),
                    h.place.clone(),
                    h.status.clone(),
                )
            })
            .collect();
        let deliveries = p
            .deliveries
            .iter()
            .map(|d| {
                (
                    d.title.clone(),
                    d.recipient.clone(),
                    d.status.clone(),
                    d.delivered_at
                        .map(|at| china_time(to_micros(at)))
                        .unwrap_or_default(),
                )
            })
            .collect();
        Self {
            p,
            hearings,
            deliveries,
        }
    }
}

async fn form(page: PageCtx) -> Response {
    render(&QueryPage {
        chrome: Chrome::of(&page),
        case_number: String::new(),
        info: None,
        error: None,
    })
}

#[derive(Deserialize)]
struct QueryForm {
    #[serde(default)]
    case_number: String,
    #[serde(default)]
    code: String,
}

/// The code travels in the form body (POST), never in the URL.
async fn query(State(state): State<WebState>, f: CsrfForm<QueryForm>) -> Response {
    let CsrfForm { page, form } = f;
    let outcome = state
        .app
        .process_info(&page.ctx, &form.case_number, &form.code)
        .await;
    let (info, error, status) = match outcome {
        Ok(p) => (Some(Shown::of(p)), None, None),
        Err(e @ (AppError::Invalid { .. } | AppError::Throttled { .. })) => {
            let status = status_of(&e);
            (None, Some(e.to_string()), Some(status))
        }
        Err(e) => return error_page(&page, e),
    };
    let body = render(&QueryPage {
        chrome: Chrome::of(&page),
        case_number: form.case_number.trim().to_owned(),
        info,
        error,
    });
    with_status(status, body)
}

/// The new code, shown once.
#[derive(Template)]
#[template(path = "process/code.html")]
struct CodePage {
    chrome: Chrome,
    case_id: String,
    q: QueryCode,
}

async fn renew(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Response {
    let CsrfForm { page, .. } = f;
    let case = match parse(&id) {
        Ok(c) => c,
        Err(e) => return error_page(&page, e),
    };
    match state.app.renew_query_code(&page.ctx, case).await {
        Ok(q) => render(&CodePage {
            chrome: Chrome::of(&page),
            case_id: id,
            q,
        }),
        Err(e) => error_page(&page, e),
    }
}
