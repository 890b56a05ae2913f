//! `/api/v1/audit-events`: searching the audit log (administrators).

use axum::Json;
use axum::extract::{Query, State};
use fayuan_app::AppError;
use fayuan_core::clock::{from_micros, to_micros};
use fayuan_domain::security::AuditEvent;
use fayuan_domain::store::AuditFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rfc3339;
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// Filter of the audit search.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Only this actor (account id).
    pub actor_id: Option<String>,
    /// Only actions starting with this (e.g. `accounts.`).
    pub action: Option<String>,
    /// Only this target (e.g. `account:<id>`).
    pub target: Option<String>,
    /// From this instant (RFC 3339).
    pub from: Option<String>,
    /// Until this instant (RFC 3339, exclusive).
    pub until: Option<String>,
    /// Cursor: only events older than this sequence number.
    pub before_seq: Option<i64>,
    /// Page size (1–500, default 100).
    pub limit: Option<i64>,
}

/// One audit event.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventView {
    /// Position in the chain.
    pub seq: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Actor account id.
    pub actor_id: Option<String>,
    /// Actor's role or kind.
    pub actor_role: String,
    /// Action.
    pub action: String,
    /// Target.
    pub target: String,
    /// Client address.
    pub client_addr: String,
    /// Request id.
    pub request_id: String,
    /// `success`, `denied` or `failure`.
    pub outcome: String,
    /// Detail.
    pub detail: String,
    /// Chained hash.
    pub hash: String,
}

impl From<&AuditEvent> for AuditEventView {
    fn from(e: &AuditEvent) -> Self {
        AuditEventView {
            seq: e.seq,
            at: rfc3339(from_micros(e.event.at_us)),
            actor_id: e.event.actor_id.map(|a| a.to_string()),
            actor_role: e.event.actor_role.clone(),
            action: e.event.action.clone(),
            target: e.event.target.clone(),
            client_addr: e.event.client_addr.clone(),
            request_id: e.event.request_id.to_string(),
            outcome: e.event.outcome.as_str().into(),
            detail: e.event.detail.clone(),
            hash: e.hash.clone(),
        }
    }
}

/// A page of audit events, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    /// Events.
    pub events: Vec<AuditEventView>,
    /// Pass as `before_seq` for the next page; absent on the last page.
    pub next_before_seq: Option<i64>,
}

fn instant(text: &Option<String>) -> Result<Option<i64>, AppError> {
    text.as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                .map(to_micros)
                .map_err(|_| AppError::invalid("audit.invalid_instant", "时间应为 RFC 3339 格式"))
        })
        .transpose()
}

/// Turns query parameters into a filter.
pub fn filter_of(q: &AuditQuery) -> Result<AuditFilter, AppError> {
    let actor_id = q
        .actor_id
        .as_deref()
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse()
                .map_err(|_| AppError::invalid("audit.invalid_actor", "操作人编号格式不正确"))
        })
        .transpose()?;
    Ok(AuditFilter {
        actor_id,
        action_prefix: q.action.clone().filter(|a| !a.is_empty()),
        target: q.target.clone().filter(|t| !t.is_empty()),
        from_us: instant(&q.from)?,
        until_us: instant(&q.until)?,
        before_seq: q.before_seq,
        limit: q.limit.unwrap_or(100),
    })
}

/// Searches the audit log, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/audit-events", tag = "security", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn search(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Query(q): Query<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let filter = filter_of(&q)?;
    let limit = filter.limit.clamp(1, 500);
    let events = s.app.search_audit(&ctx, filter).await?;
    let next_before_seq = if events.len() as i64 == limit {
        events.last().map(|e| e.seq)
    } else {
        None
    };
    Ok(Json(AuditPage {
        events: events.iter().map(AuditEventView::from).collect(),
        next_before_seq,
    }))
}
