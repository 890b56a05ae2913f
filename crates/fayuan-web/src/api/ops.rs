//! Operational endpoints: `/healthz`, `/readyz`, `/metrics`, `/api/openapi.json`, and the SMS
//! sandbox's outbox.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::rfc3339;
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem, problem};

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "ops", responses((status = 200, description = "ok")))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers.
#[utoipa::path(get, path = "/readyz", tag = "ops", responses((status = 200, description = "ready"), (status = 503, body = Problem, content_type = "application/problem+json")))]
pub async fn readyz(State(s): State<WebState>) -> Response {
    match s.app.ready().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::error!(error = %e, "database not ready");
            problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "ops.database_unavailable",
                "数据库不可用".into(),
            )
        }
    }
}

/// Prometheus metrics: request counts and latencies per route.
#[utoipa::path(get, path = "/metrics", tag = "ops", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(s): State<WebState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        s.metrics.render(),
    )
        .into_response()
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "ops", responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi_json(State(s): State<WebState>) -> Json<utoipa::openapi::OpenApi> {
    Json((*s.openapi).clone())
}

/// A message recorded by the SMS sandbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct SmsView {
    /// Recipient.
    pub phone: String,
    /// Text.
    pub text: String,
    /// When (RFC 3339).
    pub at: String,
}

/// Page size.
#[derive(Debug, Deserialize, IntoParams)]
pub struct SmsQuery {
    /// How many (1–500, default 50).
    pub limit: Option<i64>,
}

/// Messages the SMS sandbox recorded, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/sandbox/sms", tag = "ops", security(("bearer" = [])), params(SmsQuery),
    responses((status = 200, body = Vec<SmsView>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn sandbox_sms(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Query(q): Query<SmsQuery>,
) -> Result<Json<Vec<SmsView>>, ApiError> {
    let messages = s.app.sandbox_sms(&ctx, q.limit.unwrap_or(50)).await?;
    Ok(Json(
        messages
            .into_iter()
            .map(|m| SmsView {
                phone: m.phone,
                text: m.text,
                at: rfc3339(fayuan_core::clock::from_micros(m.at_us)),
            })
            .collect(),
    ))
}
