//! 在线调解 pages (Rules art. 16; 人民法院在线调解规则): the public roster of mediation
//! organisations and mediators with the forms that keep it (`/mediators`), the user's
//! mediations (`/mediations`), the room — parties, mediator, threads with live updates,
//! materials, record, settlement and the form of every step (`/mediations/{id}`) — the
//! invitation answered with the texted code, the court's statistics, and the forms that start a
//! mediation from a filing or a case and decide a judicial confirmation.

mod invitation;
mod list;
mod live;
mod materials;
mod room;
mod roster;
mod start;
mod steps;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_core::id::MediationId;
use serde::Deserialize;

use super::{Chrome, MessagePage, error_page, render, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The mediation routes. Sharing a file takes bodies up to the upload limits (checked while
/// streaming), not the site-wide form limit.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/mediators", get(roster::roster))
        .route(
            "/mediators/organisations",
            post(roster::create_organisation),
        )
        .route(
            "/mediators/organisations/{id}/status",
            post(roster::organisation_status),
        )
        .route("/mediators/appointments", post(roster::appoint))
        .route("/mediators/{account}/status", post(roster::mediator_status))
        .route("/mediations", get(list::mine))
        .route("/mediations/statistics", get(list::statistics))
        .route("/mediations/{id}", get(room::room))
        .route("/mediations/{id}/events", get(live::events))
        .route(
            "/mediations/{id}/invitation",
            get(invitation::invitation_form).post(invitation::invitation),
        )
        .route("/mediations/{id}/answer", post(invitation::answer))
        .route("/mediations/{id}/choice", post(steps::choose))
        .route("/mediations/{id}/designation", post(steps::designate))
        .route("/mediations/{id}/acceptance", post(steps::accept))
        .route("/mediations/{id}/declination", post(steps::decline))
        .route("/mediations/{id}/messages", post(steps::post_message))
        .route(
            "/mediations/{id}/materials",
            post(materials::share).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/mediations/{id}/materials/{material}",
            get(materials::material),
        )
        .route("/mediations/{id}/record", post(steps::record))
        .route("/mediations/{id}/settlement", post(steps::draft_settlement))
        .route("/mediations/{id}/settlement/signatures", post(steps::sign))
        .route("/mediations/{id}/settlement/refusal", post(steps::refuse))
        .route("/mediations/{id}/extension", post(steps::extend))
        .route("/mediations/{id}/sessions", post(steps::schedule))
        .route(
            "/mediations/{id}/sessions/{number}/cancellation",
            post(steps::cancel_session),
        )
        .route("/mediations/{id}/end", post(steps::end))
        .route("/mediations/{id}/withdrawal", post(steps::withdraw))
        .route(
            "/mediations/{id}/confirmation",
            post(steps::apply_confirmation),
        )
        .route("/mediations/{id}/statement", post(steps::statement))
        .route("/filings/{id}/mediation", post(start::apply))
        .route("/staff/cases/{id}/mediations", post(start::start_in_case))
        .route(
            "/staff/cases/{id}/confirmation-decision",
            post(start::decide_confirmation),
        )
}

/// A form refused by the use case, shown as a message with a way back; anything else is the
/// ordinary error page.
fn refused(page: &PageCtx, error: AppError, back_href: String, back_key: &str) -> Response {
    if !matches!(error, AppError::Invalid { .. } | AppError::Conflict { .. }) {
        return error_page(page, error);
    }
    let chrome = Chrome::of(page);
    let body = render(&MessagePage {
        heading: chrome.t("mediation.not_done").into(),
        message: error.to_string(),
        tone: "error",
        back_href,
        back_label: chrome.t(back_key).into(),
        chrome,
    });
    with_status(Some(status_of(&error)), body)
}

/// Items typed into one field, separated by commas or 、.
fn items(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Lines of a textarea, one paragraph each.
fn paragraphs(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

/// After a form in the room: back to the room with the suffix (`?done=…`, `#…`) the outcome
/// names, or the room with the refusal.
async fn after(
    state: &WebState,
    page: &PageCtx,
    id: MediationId,
    outcome: Result<String, AppError>,
) -> Response {
    match outcome {
        Ok(to) => Redirect::to(&format!("/mediations/{id}{to}")).into_response(),
        Err(
            e @ (AppError::Invalid { .. }
            | AppError::Conflict { .. }
            | AppError::InvalidCredentials),
        ) => room::room_page(state, page, id, Some(e), None).await,
        Err(e) => error_page(page, e),
    }
}

/// The `?done=` suffix of a room form that worked.
fn done<T>(code: &str) -> impl FnOnce(T) -> String + '_ {
    move |_| format!("?done={code}")
}

#[derive(Deserialize)]
struct Empty {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_lists_split_on_chinese_and_latin_commas() {
        assert_eq!(
            items(" 婚姻家庭、物业，借贷, ;劳动 "),
            vec!["婚姻家庭", "物业", "借贷", "劳动"]
        );
        assert!(items(" ， ").is_empty());
    }
}
