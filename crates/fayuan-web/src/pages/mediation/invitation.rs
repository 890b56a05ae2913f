//! The invitation to a mediation (`/mediations/{id}/invitation`): entering the texted code,
//! reading what the invitation is about, and answering it.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use fayuan_app::AppError;
use fayuan_app::mediation::InvitationSummary;
use fayuan_core::id::MediationId;
use serde::Deserialize;

use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;
use crate::pages::parse;
use crate::pages::{Chrome, CsrfForm, MessagePage, error_page, render, with_status};

#[derive(Template)]
#[template(path = "mediation/invitation.html")]
struct InvitationPage {
    chrome: Chrome,
    id: MediationId,
    /// What the invitation is about, once the code was accepted (or the party is linked).
    summary: Option<InvitationSummary>,
    code: String,
    error: Option<String>,
}

fn invitation_page(
    page: &PageCtx,
    id: MediationId,
    summary: Option<InvitationSummary>,
    code: String,
    error: Option<AppError>,
) -> Response {
    let status = error.as_ref().map(status_of);
    let body = render(&InvitationPage {
        chrome: Chrome::of(page),
        id,
        summary,
        code,
        error: error.map(|e| match e {
            AppError::NotFound => page.lang.t("mediation.code_unknown").to_owned(),
            other => other.to_string(),
        }),
    });
    with_status(status, body)
}

pub(super) async fn invitation_form(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
) -> Response {
    let id: MediationId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    if page.ctx.actor.is_none() {
        return error_page(&page, AppError::Unauthenticated);
    }
    // A party whose account is already linked (in a case) answers without a code.
    match state.app.invitation(&page.ctx, id, "").await {
        Ok(summary) => invitation_page(&page, id, Some(summary), String::new(), None),
        Err(AppError::NotFound) => invitation_page(&page, id, None, String::new(), None),
        Err(e @ AppError::Invalid { .. }) => {
            invitation_page(&page, id, None, String::new(), Some(e))
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
pub(super) struct CodeForm {
    #[serde(default)]
    code: String,
}

pub(super) async fn invitation(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<CodeForm>,
) -> Response {
    let id: MediationId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let code = form.code.trim().to_uppercase();
    match state.app.invitation(&page.ctx, id, &code).await {
        Ok(summary) => invitation_page(&page, id, Some(summary), code, None),
        Err(e @ (AppError::NotFound | AppError::Invalid { .. })) => {
            invitation_page(&page, id, None, code, Some(e))
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
pub(super) struct AnswerForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    accept: String,
    #[serde(default)]
    reason: String,
}

pub(super) async fn answer(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<AnswerForm>,
) -> Response {
    let id: MediationId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let accept = form.accept == "yes";
    let code = Some(form.code.trim()).filter(|c| !c.is_empty());
    match state
        .app
        .answer_invitation(&page.ctx, id, code, accept, &form.reason)
        .await
    {
        Ok(_) if accept => Redirect::to(&format!("/mediations/{id}?done=answered")).into_response(),
        Ok(_) => {
            // Refusing ends the attempt; the refusing party does not enter the room.
            let chrome = Chrome::of(&page);
            render(&MessagePage {
                heading: chrome.t("mediation.refused_title").into(),
                message: chrome.t("mediation.refused_text").into(),
                tone: "info",
                back_href: "/".into(),
                back_label: chrome.t("error.back").into(),
                chrome,
            })
        }
        Err(e @ (AppError::NotFound | AppError::Invalid { .. })) => {
            invitation_page(&page, id, None, form.code, Some(e))
        }
        Err(e) => error_page(&page, e),
    }
}
