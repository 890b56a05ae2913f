//! 裁判文书公开 pages: the public reads and searches published documents (`/judgments`); staff
//! record a case's documents as effective, review the masked draft beside the original with
//! every change marked, approve, withhold or withdraw (`/publications`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::publication::{PublicationReview, ReviewDecision};
use fayuan_core::id::{CaseId, PublicationId};
use fayuan_domain::ports::SearchResults;
use fayuan_domain::publication::{DocumentType, JudgmentPublication, PublicationStatus};
use serde::Deserialize;

use super::{
    Chrome, CsrfForm, Done, MessagePage, china_time, error_page, parse, render, with_status,
};
use crate::WebState;
use crate::api::publication::{PublicQuery, RelatedView, SearchView, search_request};
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The publication routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/judgments", get(search))
        .route("/judgments/{id}", get(read))
        .route("/publications", get(queue))
        .route("/publications/{id}", get(review))
        .route("/publications/{id}/approve", post(approve))
        .route("/publications/{id}/withdraw", post(withdraw))
        .route("/publications/{id}/correct", post(correct))
        .route("/cases/{id}/publications", post(record_effective))
}

/// Documents per page of the public list.
const PER_PAGE: u32 = 20;

/// A link that narrows the search to one facet value.
struct FacetLink {
    value: String,
    count: u64,
    href: String,
}

#[derive(Template)]
#[template(path = "publication/search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    /// The earlier queries searched within, joined with `|`.
    within: String,
    by_date: bool,
    results: SearchView,
    facets: Vec<(String, Vec<FacetLink>)>,
    /// Links to the previous and next pages, and to the other order.
    prev: Option<String>,
    next: Option<String>,
    reorder: String,
    pages: usize,
    error: Option<String>,
}

/// `/judgments` with these parameters.
fn search_href(q: &str, within: &str, by_date: bool, page: u32) -> String {
    let mut params = vec![("q", q.to_owned())];
    if !within.is_empty() {
        params.push(("within", within.to_owned()));
    }
    if by_date {
        params.push(("sort", "date".to_owned()));
    }
    if page > 1 {
        params.push(("page", page.to_string()));
    }
    format!(
        "/judgments?{}",
        serde_urlencoded::to_string(params).unwrap_or_default()
    )
}

async fn search(
    State(state): State<WebState>,
    page: PageCtx,
    Query(query): Query<PublicQuery>,
) -> Response {
    let (request, n) = search_request(&query, PER_PAGE);
    let q = request.query.clone();
    let within = query.within.clone().unwrap_or_default();
    let by_date = request.by_date;
    let (results, error) = match state.app.search_judgments(request).await {
        Ok(r) => (SearchView::of(r, n), None),
        Err(e @ AppError::Invalid { .. }) => (
            SearchView::of(SearchResults::default(), 1),
            Some(e.to_string()),
        ),
        Err(e) => return error_page(&page, e),
    };
    let facets = results
        .facets
        .iter()
        .filter(|f| !f.values.is_empty())
        .map(|f| {
            let links = f
                .values
                .iter()
                .map(|v| FacetLink {
                    href: search_href(
                        format!("{q} {}:{}", f.name, v.value).trim(),
                        &within,
                        by_date,
                        1,
                    ),
                    value: v.value.clone(),
                    count: v.count,
                })
                .collect();
            (f.name.clone(), links)
        })
        .collect();
    let pages = results.total.div_ceil(PER_PAGE as usize);
    render(&SearchPage {
        chrome: Chrome::of(&page),
        prev: (n > 1).then(|| search_href(&q, &within, by_date, n - 1)),
        next: ((n as usize) < pages).then(|| search_href(&q, &within, by_date, n + 1)),
        reorder: search_href(&q, &within, !by_date, 1),
        pages,
        q,
        within,
        by_date,
        results,
        facets,
        error,
    })
}

#[derive(Template)]
#[template(path = "publication/read.html")]
struct ReadPage {
    chrome: Chrome,
    p: JudgmentPublication,
    published: String,
    paragraphs: Vec<String>,
    /// 关联文书 (none once withdrawn).
    related: Vec<RelatedView>,
    /// (when, why) of each correction in place.
    corrections: Vec<(String, String)>,
}

async fn read(State(state): State<WebState>, page: PageCtx, Path(id): Path<String>) -> Response {
    let id = match parse::<PublicationId>(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let p = match state.app.public_judgment(id).await {
        Ok(p) => p,
        Err(e) => return error_page(&page, e),
    };
    let related = if p.status == PublicationStatus::Withdrawn {
        Vec::new()
    } else {
        match state.app.related_judgments(id).await {
            Ok(hits) => hits.into_iter().map(RelatedView::from).collect(),
            Err(e) => return error_page(&page, e),
        }
    };
    render(&ReadPage {
        chrome: Chrome::of(&page),
        published: p.published_at_us.map(china_time).unwrap_or_default(),
        paragraphs: p
            .public_text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        related,
        corrections: p
            .corrections
            .iter()
            .map(|c| (china_time(c.at_us), c.reason.clone()))
            .collect(),
        p,
    })
}

#[derive(Template)]
#[template(path = "publication/queue.html")]
struct QueuePage {
    chrome: Chrome,
    queue: Vec<(JudgmentPublication, bool)>,
}

async fn queue(State(state): State<WebState>, page: PageCtx) -> Response {
    match state.app.publication_queue(&page.ctx).await {
        Ok(queue) => render(&QueuePage {
            chrome: Chrome::of(&page),
            queue,
        }),
        Err(e) => error_page(&page, e),
    }
}

/// A run of the original text, marked when masking changes it.
struct Piece {
    text: String,
    /// The change's number and replacement, when this run is changed.
    change: Option<(usize, String, &'static str)>,
}

#[derive(Template)]
#[template(path = "publication/review.html")]
struct ReviewPage {
    chrome: Chrome,
    review: PublicationReview,
    pieces: Vec<Piece>,
    error: Option<String>,
    notice: Option<String>,
}

async fn review(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let notice = (!done.done.is_empty()).then(|| page.lang.t("publication.saved").to_owned());
    match parse(&id) {
        Ok(id) => review_page(&state, &page, id, None, notice).await,
        Err(e) => error_page(&page, e),
    }
}

async fn review_page(
    state: &WebState,
    page: &PageCtx,
    id: PublicationId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    let review = match state.app.publication_review(&page.ctx, id).await {
        Ok(r) => r,
        Err(e) => return error_page(page, e),
    };
    let chars: Vec<char> = review.publication.original_text.chars().collect();
    let mut pieces = Vec::new();
    let mut next = 0;
    for (i, c) in review.changes.iter().enumerate() {
        pieces.push(Piece {
            text: chars[next..c.start].iter().collect(),
            change: None,
        });
        pieces.push(Piece {
            text: c.original.clone(),
            change: Some((i, c.replacement.clone(), c.rule.article())),
        });
        next = c.end;
    }
    pieces.push(Piece {
        text: chars[next..].iter().collect(),
        change: None,
    });
    let status = error.as_ref().map(status_of);
    let body = render(&ReviewPage {
        chrome: Chrome::of(page),
        review,
        pieces,
        error: error.map(|e| e.to_string()),
        notice,
    });
    with_status(status, body)
}

/// After a form on a publication: back to it, or the page with the refusal.
async fn after(
    state: &WebState,
    page: &PageCtx,
    id: PublicationId,
    outcome: Result<(), AppError>,
) -> Response {
    match outcome {
        Ok(()) => Redirect::to(&format!("/publications/{id}?done=saved")).into_response(),
        Err(e @ AppError::Invalid { .. }) => review_page(state, page, id, Some(e), None).await,
        Err(e) => error_page(page, e),
    }
}

async fn approve(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: PublicationId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let decision = ReviewDecision {
        keep_original: form
            .keys()
            .filter_map(|k| k.strip_prefix("keep_"))
            .filter_map(|i| i.parse().ok())
            .collect(),
        also_hide: form
            .get("also_hide")
            .map(|t| {
                t.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        withhold_reason: form
            .get("withhold_reason")
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty()),
    };
    let outcome = state
        .app
        .approve_publication(&page.ctx, id, &decision)
        .await
        .map(|_| ());
    after(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
struct WithdrawForm {
    #[serde(default)]
    reason: String,
}

async fn withdraw(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<WithdrawForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: PublicationId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let outcome = state
        .app
        .withdraw_publication(&page.ctx, id, &form.reason)
        .await
        .map(|_| ());
    after(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
struct CorrectForm {
    #[serde(default)]
    reason: String,
    /// One string to hide per line.
    #[serde(default)]
    hide: String,
}

async fn correct(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<CorrectForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: PublicationId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let hide: Vec<String> = form
        .hide
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let outcome = state
        .app
        .correct_publication(&page.ctx, id, &form.reason, &hide)
        .await
        .map(|_| ());
    after(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
struct EffectiveForm {
    #[serde(default)]
    material: String,
    #[serde(default)]
    effective_on: String,
    #[serde(default)]
    document_type: String,
}

async fn record_effective(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<EffectiveForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let case: CaseId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let recorded = async {
        let material = form
            .material
            .parse()
            .map_err(|_| AppError::invalid("publication.material", "请选择文书。"))?;
        let effective_on = crate::api::delivery::parse_date(&form.effective_on).map_err(|e| e.0)?;
        let kind = DocumentType::parse(&form.document_type)
            .ok_or_else(|| AppError::invalid("publication.document_type", "请选择文书种类。"))?;
        state
            .app
            .record_effective(&page.ctx, case, material, effective_on, kind)
            .await
    }
    .await;
    match recorded {
        Ok(p) => Redirect::to(&format!("/publications/{}", p.id)).into_response(),
        Err(e @ AppError::Invalid { .. }) => {
            let chrome = Chrome::of(&page);
            let body = render(&MessagePage {
                heading: chrome.t("publication.not_recorded").into(),
                message: e.to_string(),
                tone: "error",
                back_href: format!("/cases/{case}/deliveries"),
                back_label: chrome.t("delivery.back_to_case").into(),
                chrome,
            });
            with_status(Some(status_of(&e)), body)
        }
        Err(e) => error_page(&page, e),
    }
}
