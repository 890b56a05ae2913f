//! The inbox (消息): what the court tells an account about its filings and cases.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_core::id::NotificationId;
use fayuan_domain::delivery::Delivery;
use fayuan_domain::inbox::Notification;
use serde::Deserialize;

use super::{Chrome, CsrfForm, china_time, error_page, render};
use crate::WebState;
use crate::ctx::PageCtx;

/// The inbox routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/inbox", get(list))
        .route("/inbox/{id}/read", post(mark_read))
}

/// A message as the inbox shows it.
struct MessageRow {
    message: Notification,
    sent: String,
    /// The page it points to, when it is a page of ours.
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    chrome: Chrome,
    /// Documents served on the account that it has not signed for yet.
    to_sign: Vec<(Delivery, String)>,
    messages: Vec<MessageRow>,
}

async fn list(State(state): State<WebState>, page: PageCtx) -> Response {
    let to_sign = match state.app.deliveries_to_sign(&page.ctx).await {
        Ok(list) => list,
        Err(e) => return error_page(&page, e),
    };
    match state.app.inbox(&page.ctx).await {
        Ok(messages) => render(&InboxPage {
            chrome: Chrome::of(&page),
            to_sign: to_sign
                .into_iter()
                .map(|d| {
                    let sent = china_time(d.created_at_us);
                    (d, sent)
                })
                .collect(),
            messages: messages
                .into_iter()
                .map(|message| MessageRow {
                    sent: china_time(message.created_at_us),
                    link: message
                        .link
                        .clone()
                        .filter(|l| l.starts_with('/') && !l.starts_with("//")),
                    message,
                })
                .collect(),
        }),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn mark_read(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<NotificationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    match state.app.mark_read(&page.ctx, id).await {
        Ok(()) => Redirect::to("/inbox").into_response(),
        Err(e) => error_page(&page, e),
    }
}
