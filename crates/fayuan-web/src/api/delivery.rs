//! `/api/v1/…/delivery-address`, `/deliveries`: electronic delivery (送达, Rules art. 26) —
//! parties confirm their addresses; staff serve documents and record postal service; recipients
//! read, download and sign for what is served on them. Every step is in the trace, with its
//! ledger entry.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::delivery::{AddressDraft, DeliveryDraft, DeliveryTrace, PostalRecord};
use fayuan_core::id::{AccountId, DeliveryId, MaterialId};
use fayuan_domain::delivery::{Delivery, DeliveryAddress, DeliveryChannel, DocumentKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::court::parse_field;
use super::dossier::{content_response, id};
use super::{ApiJson, created, rfc3339};
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

fn at(us: i64) -> String {
    rfc3339(fayuan_core::clock::from_micros(us))
}

/// A version of a party's 送达地址确认书.
#[derive(Debug, Serialize, ToSchema)]
pub struct AddressView {
    /// Version (the highest is in force).
    pub version: i64,
    /// Mobile.
    pub mobile: String,
    /// E-mail.
    pub email: String,
    /// Postal address.
    pub postal_address: String,
    /// Consents to electronic service.
    pub consents_electronic: bool,
    /// Confirmed (RFC 3339).
    pub confirmed_at: String,
}

impl From<&DeliveryAddress> for AddressView {
    fn from(a: &DeliveryAddress) -> Self {
        Self {
            version: a.version,
            mobile: a.mobile.clone(),
            email: a.email.clone(),
            postal_address: a.postal_address.clone(),
            consents_electronic: a.consents_electronic,
            confirmed_at: at(a.confirmed_at_us),
        }
    }
}

/// What a party confirms.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AddressRequest {
    /// Mobile for text notices.
    #[serde(default)]
    pub mobile: String,
    /// E-mail for electronic service.
    #[serde(default)]
    pub email: String,
    /// Postal address.
    #[serde(default)]
    pub postal_address: String,
    /// Consents to electronic service (在线诉讼规则 art. 29).
    pub consents_electronic: bool,
}

/// Confirms (or changes: a new version) the caller's delivery addresses in a case.
#[utoipa::path(put, path = "/api/v1/cases/{id}/delivery-address", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")), request_body = AddressRequest,
    responses((status = 200, body = AddressView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn confirm_address(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(req): ApiJson<AddressRequest>,
) -> Result<Json<AddressView>, ApiError> {
    let address = s
        .app
        .confirm_delivery_address(
            &ctx,
            id(&case)?,
            AddressDraft {
                mobile: req.mobile,
                email: req.email,
                postal_address: req.postal_address,
                consents_electronic: req.consents_electronic,
            },
        )
        .await?;
    Ok(Json((&address).into()))
}

/// Every version of one participant's delivery addresses (the participant, or staff serving).
#[utoipa::path(get, path = "/api/v1/cases/{id}/delivery-addresses/{account}", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id"), ("account" = String, Path, description = "Account id")),
    responses((status = 200, body = Vec<AddressView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn addresses(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path((case, account)): Path<(String, String)>,
) -> Result<Json<Vec<AddressView>>, ApiError> {
    let account: AccountId = id(&account)?;
    let history = s.app.delivery_addresses(&ctx, id(&case)?, account).await?;
    Ok(Json(history.iter().map(Into::into).collect()))
}

/// A delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    /// Id.
    pub id: String,
    /// Case id.
    pub case_id: String,
    /// Recipient account.
    pub recipient_id: String,
    /// Recipient name.
    pub recipient_name: String,
    /// Document kind (`judgment`, `ruling`, `complaint_copy`, …).
    pub kind: String,
    /// Title.
    pub title: String,
    /// Materials served.
    pub materials: Vec<String>,
    /// Channels (`inbox`, `sms`, `email`, `postal`, `announcement`).
    pub channels: Vec<String>,
    /// Consent to electronic service was on record.
    pub consented: bool,
    /// `in_progress` or `served`.
    pub status: String,
    /// The legal delivery instant (RFC 3339), once served.
    pub delivered_at: Option<String>,
    /// Created (RFC 3339).
    pub created_at: String,
}

impl From<&Delivery> for DeliveryView {
    fn from(d: &Delivery) -> Self {
        Self {
            id: d.id.to_string(),
            case_id: d.case_id.to_string(),
            recipient_id: d.recipient_id.to_string(),
            recipient_name: d.recipient_name.clone(),
            kind: d.kind.as_str().into(),
            title: d.title.clone(),
            materials: d.materials.iter().map(ToString::to_string).collect(),
            channels: d.channels.iter().map(|c| c.as_str().to_owned()).collect(),
            consented: d.consented,
            status: d.status.as_str().into(),
            delivered_at: d.delivered_at_us.map(at),
            created_at: at(d.created_at_us),
        }
    }
}

/// One step of the trace.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    /// `created`, `sent`, `delivered`, `opened`, `downloaded`, `signed_for`, `posted`,
    /// `return_receipt`, `failed`.
    pub kind: String,
    /// In Chinese.
    pub label: String,
    /// Channel, if any.
    pub channel: Option<String>,
    /// When (RFC 3339).
    pub at: String,
    /// Details.
    pub detail: String,
    /// Its ledger entry (存证编号).
    pub ledger_index: Option<i64>,
    /// Its ledger receipt.
    pub receipt_url: Option<String>,
}

/// A period running from the delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodView {
    /// 上诉期, 答辩期, 举证期限.
    pub name: String,
    /// Days.
    pub days: u32,
    /// The article.
    pub basis: String,
    /// The civil date of service (Asia/Shanghai).
    pub delivered_on: String,
    /// The last day (none while the year's holiday calendar is not yet known).
    pub last_day: Option<String>,
    /// How it was counted, or why the last day is pending.
    pub reasoning: Vec<String>,
}

/// A delivery with its trace.
#[derive(Debug, Serialize, ToSchema)]
pub struct TraceView {
    /// The delivery.
    pub delivery: DeliveryView,
    /// The trace, in order.
    pub events: Vec<EventView>,
    /// The period it started, once served.
    pub period: Option<PeriodView>,
}

impl From<&DeliveryTrace> for TraceView {
    fn from(t: &DeliveryTrace) -> Self {
        Self {
            delivery: (&t.delivery).into(),
            events: t
                .events
                .iter()
                .map(|e| EventView {
                    kind: e.kind.as_str().into(),
                    label: e.kind.label().into(),
                    channel: e.channel.map(|c| c.as_str().to_owned()),
                    at: at(e.at_us),
                    detail: e.detail.clone(),
                    ledger_index: e.ledger_index,
                    receipt_url: e
                        .ledger_index
                        .map(|i| format!("/api/v1/ledger/entries/{i}/receipt")),
                })
                .collect(),
            period: t.period.as_ref().map(|p| PeriodView {
                name: p.rule.name.into(),
                days: p.rule.days,
                basis: p.rule.basis.into(),
                delivered_on: p.delivered_on.to_string(),
                last_day: p.outcome.as_ref().ok().map(|o| o.last_day.to_string()),
                reasoning: match &p.outcome {
                    Ok(o) => o.reasoning.clone(),
                    Err(pending) => vec![pending.clone()],
                },
            }),
        }
    }
}

/// What to serve.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ServeRequest {
    /// Recipient account (a participant of the case).
    pub recipient: String,
    /// `judgment`, `ruling`, `mediation_statement`, `complaint_copy`, `evidence_notice`,
    /// `summons`, `notice`.
    pub kind: String,
    /// Title (default: the kind's name).
    #[serde(default)]
    pub title: String,
    /// Material ids of the case's main volume.
    pub materials: Vec<String>,
    /// `inbox`, `sms`, `email`, `postal`, `announcement` (公告送达).
    pub channels: Vec<String>,
}

/// Serves documents on a participant (judges, assistants, clerks handling the case).
#[utoipa::path(post, path = "/api/v1/cases/{id}/deliveries", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")), request_body = ServeRequest,
    responses((status = 201, body = TraceView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn deliver(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
    ApiJson(req): ApiJson<ServeRequest>,
) -> Result<Response, ApiError> {
    let draft = DeliveryDraft {
        recipient: req
            .recipient
            .parse()
            .map_err(|_| AppError::invalid("delivery.not_a_participant", "受送达人不正确。"))?,
        kind: parse_field(&req.kind, DocumentKind::parse, "delivery.invalid_kind")?,
        title: req.title,
        materials: req
            .materials
            .iter()
            .map(|m| m.parse::<MaterialId>())
            .collect::<Result<_, _>>()
            .map_err(|_| AppError::invalid("delivery.unknown_document", "材料编号不正确。"))?,
        channels: req
            .channels
            .iter()
            .map(|c| parse_field(c, DeliveryChannel::parse, "delivery.invalid_channel"))
            .collect::<Result<_, _>>()?,
    };
    let trace = s.app.deliver(&ctx, id(&case)?, draft).await?;
    Ok(created(TraceView::from(&trace)))
}

/// A case's deliveries (staff serving in it).
#[utoipa::path(get, path = "/api/v1/cases/{id}/deliveries", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = Vec<DeliveryView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn case_deliveries(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(case): Path<String>,
) -> Result<Json<Vec<DeliveryView>>, ApiError> {
    let list = s.app.case_deliveries(&ctx, id(&case)?).await?;
    Ok(Json(list.iter().map(Into::into).collect()))
}

/// What was served on the caller, newest first.
#[utoipa::path(get, path = "/api/v1/deliveries", tag = "delivery", security(("bearer" = [])),
    responses((status = 200, body = Vec<DeliveryView>), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn mine(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Vec<DeliveryView>>, ApiError> {
    let list = s.app.my_deliveries(&ctx).await?;
    Ok(Json(list.iter().map(Into::into).collect()))
}

/// A delivery and its trace; the recipient's first read is recorded (已阅知).
#[utoipa::path(get, path = "/api/v1/deliveries/{id}", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Delivery id")),
    responses((status = 200, body = TraceView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn trace(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(delivery): Path<String>,
) -> Result<Json<TraceView>, ApiError> {
    let trace = s.app.delivery_trace(&ctx, id(&delivery)?).await?;
    Ok(Json((&trace).into()))
}

/// Downloads a served document (recorded as 已下载).
#[utoipa::path(get, path = "/api/v1/deliveries/{id}/documents/{material}", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Delivery id"), ("material" = String, Path, description = "Material id")),
    responses((status = 200, description = "The document"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn document(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path((delivery, material)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let content = s
        .app
        .download_delivered(&ctx, id::<DeliveryId>(&delivery)?, id(&material)?)
        .await?;
    Ok(content_response(content))
}

/// The 电子送达凭证 as PDF: the delivery and every step with its ledger entry.
#[utoipa::path(get, path = "/api/v1/deliveries/{id}/certificate", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Delivery id")),
    responses((status = 200, description = "PDF", content_type = "application/pdf"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn certificate(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(delivery): Path<String>,
) -> Result<Response, ApiError> {
    let pdf = s.app.delivery_certificate(&ctx, id(&delivery)?).await?;
    Ok(pdf_response(pdf, "delivery-certificate.pdf"))
}

/// The 送达回证 to print for service on paper (staff).
#[utoipa::path(get, path = "/api/v1/deliveries/{id}/receipt-form", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Delivery id")),
    responses((status = 200, description = "PDF", content_type = "application/pdf"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn receipt_form(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(delivery): Path<String>,
) -> Result<Response, ApiError> {
    let pdf = s.app.service_receipt_form(&ctx, id(&delivery)?).await?;
    Ok(pdf_response(pdf, "service-receipt.pdf"))
}

/// A generated PDF, offered for download under `file_name`.
pub fn pdf_response(pdf: Vec<u8>, file_name: &'static str) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                &format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        pdf,
    )
        .into_response()
}

/// The password that signs for a delivery.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SignRequest {
    /// The recipient's password.
    pub password: String,
}

/// The recipient signs for the delivery (签收) with its password.
#[utoipa::path(post, path = "/api/v1/deliveries/{id}/sign", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Delivery id")), request_body = SignRequest,
    responses((status = 200, body = TraceView), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn sign(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(delivery): Path<String>,
    ApiJson(req): ApiJson<SignRequest>,
) -> Result<Json<TraceView>, ApiError> {
    let trace = s
        .app
        .sign_for_delivery(&ctx, id(&delivery)?, req.password)
        .await?;
    Ok(Json((&trace).into()))
}

/// Channels to send through again.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResendRequest {
    /// `inbox`, `sms`, `email`, `postal`, `announcement`.
    pub channels: Vec<String>,
}

/// Sends a delivery again or through another channel (staff); the trace continues.
#[utoipa::path(post, path = "/api/v1/deliveries/{id}/resend", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Delivery id")), request_body = ResendRequest,
    responses((status = 200, body = TraceView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn resend(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(delivery): Path<String>,
    ApiJson(req): ApiJson<ResendRequest>,
) -> Result<Json<TraceView>, ApiError> {
    let channels = req
        .channels
        .iter()
        .map(|c| parse_field(c, DeliveryChannel::parse, "delivery.invalid_channel"))
        .collect::<Result<_, _>>()?;
    let trace = s
        .app
        .resend_delivery(&ctx, id(&delivery)?, channels)
        .await?;
    Ok(Json((&trace).into()))
}

/// Postal service as recorded by the clerk: a tracking number, or a return receipt's date.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PostalRequest {
    /// 邮件单号, when posting.
    pub tracking_number: Option<String>,
    /// The date signed on the return receipt (YYYY-MM-DD).
    pub return_receipt_date: Option<String>,
    /// The scanned return receipt: a material of the case's main volume (scan it in first).
    pub return_receipt_scan: Option<String>,
}

/// Records postal service in the delivery's trace (staff).
#[utoipa::path(post, path = "/api/v1/deliveries/{id}/postal", tag = "delivery", security(("bearer" = [])),
    params(("id" = String, Path, description = "Delivery id")), request_body = PostalRequest,
    responses((status = 200, body = TraceView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn postal(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(delivery): Path<String>,
    ApiJson(req): ApiJson<PostalRequest>,
) -> Result<Json<TraceView>, ApiError> {
    let record = match (req.tracking_number, req.return_receipt_date) {
        (Some(tracking_number), None) => PostalRecord::Posted { tracking_number },
        (None, Some(date)) => PostalRecord::ReturnReceipt {
            signed_on: parse_date(&date)?,
            scan: req
                .return_receipt_scan
                .as_deref()
                .map(id::<MaterialId>)
                .transpose()?,
        },
        _ => {
            return Err(ApiError(AppError::invalid(
                "delivery.postal_record",
                "请填写邮件单号或回执签收日期之一。",
            )));
        }
    };
    let trace = s.app.record_postal(&ctx, id(&delivery)?, record).await?;
    Ok(Json((&trace).into()))
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<time::Date, ApiError> {
    time::Date::parse(
        text.trim(),
        &time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| {
        ApiError(AppError::invalid(
            "delivery.date",
            "日期格式应为 YYYY-MM-DD。",
        ))
    })
}
