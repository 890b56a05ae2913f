//! Starting a mediation from a filing (诉前) or a case (诉中), and the judge's decision on a
//! judicial confirmation.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use fayuan_core::id::{CaseId, FilingId};
use serde::Deserialize;

use super::{Empty, refused};
use crate::WebState;
use crate::pages::CsrfForm;
use crate::pages::parse;

/// 申请诉前调解 from the applicant's filing page.
pub(super) async fn apply(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let applied = match parse::<FilingId>(&id) {
        Ok(filing) => state.app.apply_for_mediation(&page.ctx, filing).await,
        Err(e) => Err(e),
    };
    match applied {
        Ok(m) => Redirect::to(&format!("/mediations/{}?done=applied", m.id)).into_response(),
        Err(e) => refused(&page, e, format!("/filings/{id}"), "filing.one"),
    }
}

/// 发起诉中调解 from the judge's case page.
pub(super) async fn start_in_case(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let started = match parse::<CaseId>(&id) {
        Ok(case) => state.app.start_case_mediation(&page.ctx, case).await,
        Err(e) => Err(e),
    };
    match started {
        Ok(m) => Redirect::to(&format!("/mediations/{}?done=started", m.id)).into_response(),
        Err(e) => refused(
            &page,
            e,
            format!("/staff/cases/{id}"),
            "mediation.back_to_case",
        ),
    }
}

#[derive(Deserialize)]
pub(super) struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reasons: String,
}

/// 确认有效 / 驳回申请 on a 民特 confirmation case.
pub(super) async fn decide_confirmation(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<DecisionForm>,
) -> Response {
    let decided = match parse::<CaseId>(&id) {
        Ok(case) => {
            state
                .app
                .decide_confirmation(&page.ctx, case, form.decision == "grant", &form.reasons)
                .await
        }
        Err(e) => Err(e),
    };
    match decided {
        Ok(case) => Redirect::to(&format!("/staff/cases/{}?done=closed", case.id)).into_response(),
        Err(e) => refused(
            &page,
            e,
            format!("/staff/cases/{id}"),
            "mediation.back_to_case",
        ),
    }
}
