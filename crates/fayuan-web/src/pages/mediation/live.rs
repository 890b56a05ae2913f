//! The live stream of the room: new messages as server-sent events for the page's script.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use fayuan_core::id::MediationId;
use serde::Deserialize;

use super::room::MessageLine;
use crate::WebState;
use crate::ctx::PageCtx;
use crate::pages::error_page;
use crate::pages::parse;

#[derive(Deserialize)]
pub(super) struct AfterQuery {
    after: Option<i64>,
}

/// The room's new messages as server-sent events for the page's script (the shared live
/// stream, authenticated by the page's session cookie).
pub(super) async fn events(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(q): Query<AfterQuery>,
) -> Response {
    let id: MediationId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let after = crate::live::resume_after(&headers, q.after);
    match crate::live::message_stream(&state.app, page.ctx.clone(), id, after, |m| {
        serde_json::to_string(&MessageLine::from(m)).unwrap_or_default()
    })
    .await
    {
        Ok(stream) => stream,
        Err(e) => error_page(&page, e),
    }
}
