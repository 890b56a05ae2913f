//! The public roster of mediation organisations and mediators (`/mediators`) and the forms that
//! keep it: adding an organisation, (de)activating it, appointing a mediator and changing a
//! mediator's status.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use fayuan_app::AppError;
use fayuan_app::mediation::roster::{MediatorDraft, OrganisationDraft, Roster};
use fayuan_core::id::{CourtId, OrganisationId};
use fayuan_domain::mediation::roster::{
    Mediator, MediatorProfile, Organisation, OrganisationKind, RosterStatus,
};
use serde::Deserialize;

use super::items;
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;
use crate::pages::parse;
use crate::pages::{Chrome, CsrfForm, MessagePage, error_page, render, with_status};

/// A mediator on the roster as listed.
struct RosterRow {
    line: fayuan_app::mediation::roster::RosterLine,
    specialities: String,
    regions: String,
    languages: String,
    /// The viewer may change this entry's status.
    manageable: bool,
    /// The statuses the entry may move to.
    next: Vec<RosterStatus>,
}

#[derive(Template)]
#[template(path = "mediation/roster.html")]
struct RosterPage {
    chrome: Chrome,
    roster: Roster,
    rows: Vec<RosterRow>,
    courts: Vec<(CourtId, String)>,
    kinds: &'static [OrganisationKind],
    /// Organisations a new mediator may join, as the viewer may choose them.
    joinable: Vec<Organisation>,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RosterQuery {
    court: Option<String>,
    #[serde(default)]
    done: String,
}

pub(super) async fn roster(
    State(state): State<WebState>,
    page: PageCtx,
    Query(q): Query<RosterQuery>,
) -> Response {
    let notice = (!q.done.is_empty()).then(|| page.lang.t("mediation.roster_saved").to_owned());
    let court = match q.court.as_deref() {
        Some(c) => parse(c),
        None => match state.app.list_courts().await {
            Ok(courts) => match courts.first() {
                Some(c) => Ok(c.id),
                None => {
                    // An installation without courts yet has an empty roster, not a missing page.
                    let chrome = Chrome::of(&page);
                    return render(&MessagePage {
                        heading: chrome.t("mediation.roster_title").into(),
                        message: chrome.t("mediation.roster_empty").into(),
                        tone: "info",
                        back_href: "/".into(),
                        back_label: chrome.t("error.back").into(),
                        chrome,
                    });
                }
            },
            Err(e) => Err(e),
        },
    };
    match court {
        Ok(court) => roster_page(&state, &page, court, None, notice).await,
        Err(e) => error_page(&page, e),
    }
}

async fn roster_page(
    state: &WebState,
    page: &PageCtx,
    court: CourtId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    let loaded = async {
        Ok::<_, AppError>((
            state.app.roster(&page.ctx, court).await?,
            state.app.list_courts().await?,
        ))
    }
    .await;
    let (roster, courts) = match loaded {
        Ok(l) => l,
        Err(e) => return error_page(page, e),
    };
    let manages = |m: &Mediator| {
        roster.can_manage || (roster.manages.is_some() && m.organisation_id == roster.manages)
    };
    let rows = roster
        .lines
        .iter()
        .map(|line| RosterRow {
            specialities: line.mediator.profile.specialities.join("、"),
            regions: line.mediator.profile.regions.join("、"),
            languages: line.mediator.profile.languages.join("、"),
            manageable: manages(&line.mediator),
            next: RosterStatus::ALL
                .iter()
                .copied()
                .filter(|s| line.mediator.check_status_change(*s).is_ok())
                .collect(),
            line: line.clone(),
        })
        .collect();
    let joinable = roster
        .organisations
        .iter()
        .filter(|o| o.active && (roster.can_manage || Some(o.id) == roster.manages))
        .cloned()
        .collect();
    let status = error.as_ref().map(status_of);
    let body = render(&RosterPage {
        chrome: Chrome::of(page),
        rows,
        courts: courts.into_iter().map(|c| (c.id, c.name)).collect(),
        kinds: OrganisationKind::ALL,
        joinable,
        roster,
        error: error.map(|e| e.to_string()),
        notice,
    });
    with_status(status, body)
}

/// After a roster form: back to the roster, or the roster with the refusal.
async fn after_roster(
    state: &WebState,
    page: &PageCtx,
    court: &str,
    outcome: Result<(), AppError>,
) -> Response {
    let court: CourtId = match parse(court) {
        Ok(c) => c,
        Err(e) => return error_page(page, e),
    };
    match outcome {
        Ok(()) => Redirect::to(&format!("/mediators?court={court}&done=saved")).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            roster_page(state, page, court, Some(e), None).await
        }
        Err(e) => error_page(page, e),
    }
}

#[derive(Deserialize)]
pub(super) struct OrganisationForm {
    #[serde(default)]
    court: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    region: String,
    charges_fee: Option<String>,
}

pub(super) async fn create_organisation(
    State(state): State<WebState>,
    CsrfForm { page, form }: CsrfForm<OrganisationForm>,
) -> Response {
    let outcome = async {
        let kind = OrganisationKind::parse(&form.kind).ok_or_else(|| {
            AppError::invalid("mediation.organisation_kind", "请选择调解组织类型。")
        })?;
        let draft = OrganisationDraft {
            name: form.name.clone(),
            kind,
            scope: form.scope.clone(),
            region: form.region.clone(),
            charges_fee: form.charges_fee.is_some(),
        };
        state
            .app
            .create_organisation(&page.ctx, parse(&form.court)?, draft)
            .await
            .map(|_| ())
    }
    .await;
    after_roster(&state, &page, &form.court, outcome).await
}

#[derive(Deserialize)]
pub(super) struct OrganisationStatusForm {
    #[serde(default)]
    court: String,
    #[serde(default)]
    active: String,
}

pub(super) async fn organisation_status(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<OrganisationStatusForm>,
) -> Response {
    let outcome = match parse::<OrganisationId>(&id) {
        Ok(id) => state
            .app
            .set_organisation_active(&page.ctx, id, form.active == "1")
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    after_roster(&state, &page, &form.court, outcome).await
}

#[derive(Deserialize)]
pub(super) struct AppointForm {
    #[serde(default)]
    court: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    organisation_id: String,
    manages_organisation: Option<String>,
    #[serde(default)]
    specialities: String,
    #[serde(default)]
    regions: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    introduction: String,
}

pub(super) async fn appoint(
    State(state): State<WebState>,
    CsrfForm { page, form }: CsrfForm<AppointForm>,
) -> Response {
    let outcome = async {
        let organisation_id = match form.organisation_id.trim() {
            "" => None,
            o => Some(o.parse().map_err(|_| {
                AppError::invalid(
                    "mediation.organisation_unknown",
                    "请选择本院名册中的调解组织。",
                )
            })?),
        };
        let profile = MediatorProfile::new(
            &items(&form.specialities),
            &items(&form.regions),
            &items(&form.languages),
            &form.introduction,
        )?;
        let draft = MediatorDraft {
            login: form.login.clone(),
            organisation_id,
            manages_organisation: form.manages_organisation.is_some(),
            profile,
        };
        state
            .app
            .appoint_mediator(&page.ctx, parse(&form.court)?, draft)
            .await
            .map(|_| ())
    }
    .await;
    after_roster(&state, &page, &form.court, outcome).await
}

#[derive(Deserialize)]
pub(super) struct MediatorStatusForm {
    #[serde(default)]
    court: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    reason: String,
}

pub(super) async fn mediator_status(
    State(state): State<WebState>,
    Path(account): Path<String>,
    CsrfForm { page, form }: CsrfForm<MediatorStatusForm>,
) -> Response {
    let outcome = async {
        let to = RosterStatus::parse(&form.status)
            .ok_or_else(|| AppError::invalid("mediation.roster_status", "请选择名册状态。"))?;
        state
            .app
            .set_mediator_status(
                &page.ctx,
                parse(&form.court)?,
                parse(&account)?,
                to,
                &form.reason,
            )
            .await
            .map(|_| ())
    }
    .await;
    after_roster(&state, &page, &form.court, outcome).await
}
