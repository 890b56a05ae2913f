//! `/api/v1/fee-notices/{id}/payments`, `/api/v1/payments`: paying fees online (Rules art. 18).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_domain::fees::Payment;
use serde::Serialize;
use utoipa::ToSchema;

use super::{created, rfc3339};
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
