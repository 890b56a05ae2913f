//! `/api/v1/fee-notices/{id}/payments`, `/api/v1/payments`: paying fees online (Rules art. 18).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_domain::fees::{FeeReliefApplication, Payment, ReliefKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::court::parse_field;
use super::{ApiJson, created, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// Header carrying the gateway's HMAC-SHA256 signature of a callback body.
pub const SIGNATURE_HEADER: &str = "x-payment-signature";

/// A payment.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentView {
    /// Id (the order number at the gateway).
    pub id: String,
    /// Fee notice id.
    pub fee_notice_id: String,
    /// Amount in fen.
    pub amount_fen: i64,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    /// The gateway's reference, once settled.
    pub gateway_ref: Option<String>,
    /// Settled (RFC 3339).
    pub settled_at: Option<String>,
}

impl From<&Payment> for PaymentView {
    fn from(p: &Payment) -> Self {
        PaymentView {
            id: p.id.to_string(),
            fee_notice_id: p.fee_notice_id.to_string(),
            amount_fen: p.amount.0,
            status: p.status.as_str().into(),
            gateway_ref: p.gateway_ref.clone(),
            settled_at: p
                .settled_at_us
                .map(|us| rfc3339(fayuan_core::clock::from_micros(us))),
        }
    }
}

/// A payment just started.
#[derive(Debug, Serialize, ToSchema)]
pub struct StartedPaymentView {
    /// The payment.
    pub payment: PaymentView,
    /// Where the payer goes to pay.
    pub checkout_url: String,
}

/// Starts paying a fee notice. Send an `Idempotency-Key` header to make retries safe.
#[utoipa::path(post, path = "/api/v1/fee-notices/{id}/payments", tag = "fees", security(("bearer" = [])),
    params(("id" = String, Path, description = "Fee notice id"), ("Idempotency-Key" = Option<String>, Header, description = "Same key, same payment")),
    responses((status = 201, body = StartedPaymentView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, description = "Already paid", body = Problem, content_type = "application/problem+json")))]
pub async fn start(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let notice = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let started = s.app.start_payment(&ctx, notice, key).await?;
    Ok(created(StartedPaymentView {
        payment: PaymentView::from(&started.payment),
        checkout_url: started.checkout_url,
    }))
}

/// A payment's status.
#[utoipa::path(get, path = "/api/v1/payments/{id}", tag = "fees", security(("bearer" = [])), params(("id" = String, Path, description = "Payment id")),
    responses((status = 200, body = PaymentView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<PaymentView>, ApiError> {
    let id = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    Ok(Json(PaymentView::from(
        &s.app.payment(&ctx, id).await?.payment,
    )))
}

/// The payment gateway's signed notification. Forged or mismatched notifications are refused
/// (422) and audited; a replay of a settled payment changes nothing.
#[utoipa::path(post, path = "/api/v1/payments/callback", tag = "fees",
    params(("x-payment-signature" = String, Header, description = "HMAC-SHA256 of the body, hex")),
    request_body(content = String, description = "JSON {payment_id, amount_fen, status, gateway_ref}", content_type = "application/json"),
    responses((status = 200, body = PaymentView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn callback(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<PaymentView>, ApiError> {
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Ok(Json(PaymentView::from(
        &s.app.payment_callback(&ctx, &body, signature).await?,
    )))
}

/// An application for judicial aid on fees.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReliefView {
    /// Id.
    pub id: String,
    /// Fee notice id.
    pub fee_notice_id: String,
    /// Case id.
    pub case_id: String,
    /// `deferral`, `reduction` or `waiver`.
    pub kind: String,
    /// Reduction in percent (reductions).
    pub percent: Option<u8>,
    /// The circumstances.
    pub reason: String,
    /// `requested`, `granted` or `refused`.
    pub status: String,
    /// The court's written decision.
    pub decision_note: String,
}

impl From<&FeeReliefApplication> for ReliefView {
    fn from(r: &FeeReliefApplication) -> Self {
        ReliefView {
            id: r.id.to_string(),
            fee_notice_id: r.fee_notice_id.to_string(),
            case_id: r.case_id.to_string(),
            kind: r.kind.as_str().into(),
            percent: r.percent,
            reason: r.reason.clone(),
            status: r.status.as_str().into(),
            decision_note: r.decision_note.clone(),
        }
    }
}

/// An application for judicial aid.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReliefBody {
    /// `deferral` (缓交), `reduction` (减交, ≥ 30 %) or `waiver` (免交, natural persons).
    pub kind: String,
    /// Reduction asked for, in percent (30–99).
    pub percent: Option<u8>,
    /// The circumstances and the ground relied on (诉讼费用交纳办法 arts. 45–47).
    pub reason: String,
}

/// 申请司法救助 on an unpaid fee notice (the payer).
#[utoipa::path(post, path = "/api/v1/fee-notices/{id}/relief", tag = "fees", security(("bearer" = [])), request_body = ReliefBody,
    params(("id" = String, Path, description = "Fee notice id")),
    responses((status = 201, body = ReliefView), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn apply_relief(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReliefBody>,
) -> Result<Response, ApiError> {
    let notice = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    let kind = parse_field(&body.kind, ReliefKind::parse, "fees.invalid_relief_kind")?;
    let application = s
        .app
        .apply_fee_relief(&ctx, notice, kind, body.percent, &body.reason)
        .await?;
    Ok(created(ReliefView::from(&application)))
}

/// The court's decision on judicial aid.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReliefDecisionBody {
    /// Grant (`true`) or refuse.
    pub grant: bool,
    /// Reduction granted in percent (reductions; defaults to what was asked).
    pub percent: Option<u8>,
    /// Written decision; required when refusing (art. 48 ¶3).
    #[serde(default)]
    pub note: String,
}

/// Decides an application for judicial aid (filing officers, the president).
#[utoipa::path(post, path = "/api/v1/fee-relief/{id}/decision", tag = "fees", security(("bearer" = [])), request_body = ReliefDecisionBody,
    params(("id" = String, Path, description = "Application id")),
    responses((status = 200, body = ReliefView), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn decide_relief(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReliefDecisionBody>,
) -> Result<Json<ReliefView>, ApiError> {
    let id = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    Ok(Json(ReliefView::from(
        &s.app
            .decide_fee_relief(&ctx, id, body.grant, body.percent, &body.note)
            .await?,
    )))
}

/// A case's applications for judicial aid.
#[utoipa::path(get, path = "/api/v1/cases/{id}/fee-relief", tag = "fees", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = Vec<ReliefView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn case_reliefs(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<Vec<ReliefView>>, ApiError> {
    let id = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    Ok(Json(
        s.app
            .case_file(&ctx, id)
            .await?
            .reliefs
            .iter()
            .map(ReliefView::from)
            .collect(),
    ))
}
