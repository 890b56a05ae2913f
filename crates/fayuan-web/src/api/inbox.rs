//! `/api/v1/inbox`: messages about one's filings and cases.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use fayuan_app::AppError;
use fayuan_domain::inbox::Notification;
use serde::Serialize;
use utoipa::ToSchema;

use super::rfc3339;
use crate::WebState;
use crate::ctx::ApiCtx;
use crate::error::{ApiError, Problem};

/// A message.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    /// Id.
    pub id: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
    /// Page it points to.
    pub link: Option<String>,
    /// Sent (RFC 3339).
    pub created_at: String,
    /// Read.
    pub read: bool,
}

impl From<&Notification> for NotificationView {
    fn from(n: &Notification) -> Self {
        NotificationView {
            id: n.id.to_string(),
            subject: n.subject.clone(),
            body: n.body.clone(),
            link: n.link.clone(),
            created_at: rfc3339(fayuan_core::clock::from_micros(n.created_at_us)),
            read: n.read_at_us.is_some(),
        }
    }
}

/// How new inbox messages are announced besides the inbox.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct PreferencesView {
    /// By text message to the account's phone.
    pub by_sms: bool,
    /// By e-mail to the account's address.
    pub by_email: bool,
}

/// The caller's announcement preferences.
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "inbox", security(("bearer" = [])), responses((status = 200, body = PreferencesView), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn preferences(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<PreferencesView>, ApiError> {
    let p = s.app.notify_preferences(&ctx).await?;
    Ok(Json(PreferencesView {
        by_sms: p.by_sms,
        by_email: p.by_email,
    }))
}

/// Sets how new inbox messages are announced (a link only, never the content).
#[utoipa::path(put, path = "/api/v1/me/notifications", tag = "inbox", security(("bearer" = [])), request_body = PreferencesView, responses((status = 200, body = PreferencesView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_preferences(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    crate::api::ApiJson(req): crate::api::ApiJson<PreferencesView>,
) -> Result<Json<PreferencesView>, ApiError> {
    s.app
        .set_notify_preferences(
            &ctx,
            fayuan_domain::inbox::NotifyPreferences {
                by_sms: req.by_sms,
                by_email: req.by_email,
            },
        )
        .await?;
    Ok(Json(req))
}

/// How many messages are unread.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadView {
    /// Unread messages.
    pub unread: i64,
}

/// The caller's unread count (for a badge).
#[utoipa::path(get, path = "/api/v1/inbox/unread", tag = "inbox", security(("bearer" = [])), responses((status = 200, body = UnreadView), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn unread(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<UnreadView>, ApiError> {
    if ctx.actor.is_none() {
        return Err(ApiError(fayuan_app::AppError::Unauthenticated));
    }
    Ok(Json(UnreadView {
        unread: s.app.unread_count(&ctx).await?,
    }))
}

/// The caller's latest messages, newest first.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "inbox", security(("bearer" = [])), responses((status = 200, body = Vec<NotificationView>), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
) -> Result<Json<Vec<NotificationView>>, ApiError> {
    Ok(Json(
        s.app
            .inbox(&ctx)
            .await?
            .iter()
            .map(NotificationView::from)
            .collect(),
    ))
}

/// Marks a message read.
#[utoipa::path(post, path = "/api/v1/inbox/{id}/read", tag = "inbox", security(("bearer" = [])), params(("id" = String, Path, description = "Message id")),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn mark_read(
    State(s): State<WebState>,
    ApiCtx(ctx): ApiCtx,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    s.app.mark_read(&ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
