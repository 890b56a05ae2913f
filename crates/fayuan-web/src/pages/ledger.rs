//! 司法区块链存证核验 (Rules arts. 10, 21, 23): the public verification page. Anyone uploads a
//! file, pastes a hash or a receipt, and learns whether, when and under which entry it was
//! deposited — each answer's inclusion proof checked against the latest signed checkpoint.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use fayuan_app::AppError;
use fayuan_app::ledger::{LookupQuery, ReceiptCheck};
use fayuan_core::digest::ContentHasher;
use fayuan_domain::ledger::StoredLeaf;
use serde::Deserialize;

use super::{Chrome, china_time, render, same_origin, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The ledger routes.
pub fn routes() -> Router<WebState> {
    Router::new().route(
        "/ledger",
        get(show).post(verify).layer(DefaultBodyLimit::disable()),
    )
}

/// An entry as the page shows it.
struct EntryLine {
    index: i64,
    kind: &'static str,
    at: String,
    subjects: String,
    sha256: String,
    leaf_hash: String,
    proven_in: Option<u64>,
}

impl EntryLine {
    fn of(leaf: &StoredLeaf, proven_in: Option<u64>) -> Self {
        let subjects = serde_json::from_str::<serde_json::Value>(&leaf.entry)
            .ok()
            .and_then(|v| v.get("subjects").cloned())
            .and_then(|s| serde_json::from_value::<Vec<String>>(s).ok())
            .unwrap_or_default()
            .join("，");
        Self {
            index: leaf.index,
            kind: leaf.kind.label(),
            at: china_time(leaf.created_at_us),
            subjects,
            sha256: leaf.content_sha256.clone(),
            leaf_hash: leaf.leaf_hash.clone(),
            proven_in,
        }
    }
}

#[derive(Template)]
#[template(path = "ledger/index.html")]
struct LedgerPage {
    chrome: Chrome,
    origin: String,
    alg: &'static str,
    verifier_keys: Vec<String>,
    witness_key: Option<String>,
    size: i64,
    root: String,
    note: String,
    signed_at: String,
    /// A lookup was made.
    asked: bool,
    found: Vec<EntryLine>,
    pending: Vec<EntryLine>,
    receipt: Option<ReceiptCheck>,
    error: Option<String>,
}

/// `?index=N` shows one entry; `?hash=H` looks a hash up.
#[derive(Deserialize)]
struct ShowQuery {
    index: Option<String>,
    hash: Option<String>,
}

async fn show(
    State(state): State<WebState>,
    page: PageCtx,
    Query(q): Query<ShowQuery>,
) -> Response {
    let query = match (q.index.as_deref().map(str::trim), q.hash.as_deref()) {
        (Some(index), _) => Some(
            index
                .parse::<u64>()
                .map(LookupQuery::Index)
                .map_err(|_| AppError::invalid("ledger.number", "存证编号应为非负整数。")),
        ),
        (None, Some(hash)) if !hash.trim().is_empty() => Some(Ok(LookupQuery::Hash(hash.into()))),
        _ => None,
    };
    answer_page(&state, &page, query).await
}

async fn verify(
    State(state): State<WebState>,
    page: PageCtx,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let query = read_form(&state, &page, &headers, form).await;
    answer_page(&state, &page, Some(query)).await
}

/// Reads the form: `_csrf` first, then a file (hashed as it arrives, not kept), a hash or a
/// receipt.
async fn read_form(
    state: &WebState,
    page: &PageCtx,
    headers: &HeaderMap,
    mut form: Multipart,
) -> Result<LookupQuery, AppError> {
    let malformed = |_| AppError::invalid("request.invalid_form", "表单内容不正确，请重新提交。");
    let mut csrf_ok = false;
    let mut query = None;
    while let Some(mut field) = form.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "_csrf" {
            let token = field.text().await.map_err(malformed)?;
            csrf_ok = same_origin(headers) && !page.csrf.is_empty() && token == page.csrf;
            continue;
        }
        if !csrf_ok {
            return Err(AppError::Forbidden);
        }
        match name.as_str() {
            "file" if field.file_name().is_some_and(|n| !n.is_empty()) => {
                let limit = state.app.config.uploads.max_file_bytes;
                let mut hasher = ContentHasher::default();
                while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                    hasher.update(&chunk);
                    if hasher.len() > limit {
                        return Err(AppError::invalid(
                            "dossier.file_too_large",
                            "文件超过大小上限。",
                        ));
                    }
                }
                query = Some(LookupQuery::Content(hasher.finish().0));
            }
            "hash" => {
                let text = field.text().await.map_err(malformed)?;
                if query.is_none() && !text.trim().is_empty() {
                    query = Some(LookupQuery::Hash(text));
                }
            }
            "receipt" => {
                let text = field.text().await.map_err(malformed)?;
                if query.is_none() && !text.trim().is_empty() {
                    query = Some(LookupQuery::Receipt(text));
                }
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(AppError::Forbidden);
    }
    query.ok_or_else(|| {
        AppError::invalid(
            "ledger.nothing_to_verify",
            "请选择文件，或填写哈希值，或粘贴存证回执。",
        )
    })
}

async fn answer_page(
    state: &WebState,
    page: &PageCtx,
    query: Option<Result<LookupQuery, AppError>>,
) -> Response {
    let answer = match query {
        None => None,
        Some(Ok(query)) => Some(state.app.lookup_ledger(&query).await),
        Some(Err(e)) => Some(Err(e)),
    };
    let status = match &answer {
        Some(Err(e)) => Some(status_of(e)),
        _ => None,
    };
    let mut view = LedgerPage {
        chrome: Chrome::of(page),
        origin: state.app.ledger.origin.clone(),
        alg: state.app.ledger.alg.as_str(),
        verifier_keys: state.app.ledger.verifier_keys.clone(),
        witness_key: state.app.ledger.witness_key(),
        size: 0,
        root: String::new(),
        note: String::new(),
        signed_at: String::new(),
        asked: answer.is_some(),
        found: Vec::new(),
        pending: Vec::new(),
        receipt: None,
        error: None,
    };
    if let Ok(c) = state.app.latest_checkpoint().await {
        view.size = c.size;
        view.root = c.root;
        view.note = c.note;
        view.signed_at = china_time(c.created_at_us);
    }
    match answer {
        Some(Ok(lookup)) => {
            view.found = lookup
                .found
                .iter()
                .map(|f| EntryLine::of(&f.leaf, Some(f.proven_in)))
                .collect();
            view.pending = lookup
                .pending
                .iter()
                .map(|l| EntryLine::of(l, None))
                .collect();
            view.receipt = lookup.receipt;
        }
        Some(Err(e)) => view.error = Some(crate::error::public_detail(&e)),
        None => {}
    }
    with_status(status, render(&view))
}
