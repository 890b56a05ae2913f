//! The mediation room (`/mediations/{id}`): parties, mediator, threads, materials, record,
//! settlement and sessions as the viewer sees them, with the forms the viewer is offered now.

mod offers;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use fayuan_app::mediation::Standing;
use fayuan_app::{App, AppError, Ctx};
use fayuan_core::id::{AccountId, MediationId};
use fayuan_domain::dossier::MaterialKind;
use fayuan_domain::mediation::roster::RosterStatus;
use fayuan_domain::mediation::settlement::{Settlement, SettlementStatus, side_label};
use fayuan_domain::mediation::{
    EndReason, Mediation, Member, Message, ScheduledSession, SessionMode, Thread,
};
use serde::Serialize;

use self::offers::{Offers, offers};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;
use crate::pages::parse;
use crate::pages::{Chrome, Done, MessagePage, china_time, error_page, render, with_status};

/// A party as the room shows it: never its identity number or phone.
struct PartyLine {
    name: String,
    side: &'static str,
    consent: &'static str,
    /// The mediator it chose, while the mediator is being chosen.
    chosen: String,
}

/// A message as shown (and as sent on the live stream).
#[derive(Serialize)]
pub(super) struct MessageLine {
    seq: i64,
    thread: &'static str,
    author: String,
    body: String,
    sent: String,
}

impl From<&Message> for MessageLine {
    fn from(m: &Message) -> Self {
        Self {
            seq: m.seq,
            thread: m.thread.as_str(),
            author: m.author.clone(),
            body: m.body.clone(),
            sent: china_time(m.sent_at_us),
        }
    }
}

/// A thread the viewer reads.
struct ThreadView {
    thread: Thread,
    messages: Vec<MessageLine>,
}

/// A material of the room as listed.
struct MaterialLine {
    id: String,
    title: String,
    kind: &'static str,
    submitted: String,
}

/// A signature on the settlement as shown.
struct SignatureLine {
    name: String,
    role: &'static str,
    at: String,
    handwritten: bool,
}

/// The settlement as shown.
struct SettlementView {
    status: SettlementStatus,
    clauses: Vec<String>,
    signatures: Vec<SignatureLine>,
    /// The signed agreement in the dossier, once in effect.
    material: Option<String>,
}

impl SettlementView {
    /// The settlement as shown, the mediator's signature under `mediator`.
    fn of(s: &Settlement, mediator: &'static str) -> Self {
        Self {
            status: s.status,
            clauses: s.clauses.clone(),
            signatures: s
                .signatures
                .iter()
                .map(|g| SignatureLine {
                    name: g.name.clone(),
                    role: g.side.map_or(mediator, side_label),
                    at: china_time(g.signed_at_us),
                    handwritten: g.handwriting.is_some(),
                })
                .collect(),
            material: s.material_id.map(|m| m.to_string()),
        }
    }
}

/// A mediator the parties may choose or the court designate.
struct Choice {
    id: String,
    name: String,
    organisation: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "mediation/room.html")]
struct RoomPage {
    chrome: Chrome,
    m: Mediation,
    /// The viewer's account (a judge may designate himself).
    me: AccountId,
    mediator_name: String,
    /// How the viewer takes part, as shown.
    standing: &'static str,
    parties: Vec<PartyLine>,
    party_accounts: usize,
    threads: Vec<ThreadView>,
    last_seq: i64,
    materials: Vec<MaterialLine>,
    kinds: Vec<MaterialKind>,
    record: String,
    settlement: Option<SettlementView>,
    settlement_text: String,
    choices: Vec<Choice>,
    offers: Offers,
    end_reasons: &'static [EndReason],
    /// The scheduled sessions with their times in Beijing time.
    sessions: Vec<(usize, String, ScheduledSession)>,
    session_modes: &'static [SessionMode],
    error: Option<String>,
    notice: Option<String>,
}

/// Every message the viewer may read, page after page.
async fn all_messages(app: &App, ctx: &Ctx, id: MediationId) -> Result<Vec<Message>, AppError> {
    let mut all: Vec<Message> = Vec::new();
    loop {
        let after = all.last().map_or(0, |m| m.seq);
        let batch = app.messages(ctx, id, after).await?;
        let full = batch.len() >= page_size();
        all.extend(batch);
        if !full {
            return Ok(all);
        }
    }
}

pub(super) async fn room(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let id: MediationId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let key = match done.done.as_str() {
        "applied" => "mediation.done_applied",
        "started" => "mediation.done_started",
        "answered" => "mediation.done_answered",
        "signed" => "mediation.done_signed",
        "saved" => "mediation.done_saved",
        _ => "",
    };
    let notice = (!key.is_empty()).then(|| page.lang.t(key).to_owned());
    room_page(&state, &page, id, None, notice).await
}

/// Renders the room for the viewer (with the refusal of a form, if any).
pub(super) async fn room_page(
    state: &WebState,
    page: &PageCtx,
    id: MediationId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    let Some(actor) = page.ctx.actor.as_ref() else {
        // The texted link leads here: log in first, then come back.
        return error_page(page, AppError::Unauthenticated);
    };
    let view = match state.app.mediation(&page.ctx, id).await {
        Ok(v) => v,
        Err(AppError::NotFound) => return not_in_room(state, page, id).await,
        Err(e) => return error_page(page, e),
    };
    let loaded = async {
        Ok::<_, AppError>((
            all_messages(&state.app, &page.ctx, id).await?,
            state.app.room_materials(&page.ctx, id).await?,
            state.app.settlement(&page.ctx, id).await?,
        ))
    }
    .await;
    let (messages, materials, settlement) = match loaded {
        Ok(l) => l,
        Err(e) => return error_page(page, e),
    };
    let m = view.mediation;
    let offers = offers(&m, view.standing, view.decides, actor, settlement.as_ref());
    let roster_lines = if offers.choose || offers.designate {
        match state.app.roster(&page.ctx, m.court_id).await {
            Ok(r) => r.lines,
            Err(e) => return error_page(page, e),
        }
    } else {
        Vec::new()
    };
    let mediator_name = |account: AccountId| {
        roster_lines
            .iter()
            .find(|l| l.mediator.account_id == account)
            .map(|l| l.name.clone())
            .unwrap_or_default()
    };
    let own_choice = m.party_of(actor.account_id).and_then(|p| p.chosen_mediator);
    let party_accounts = m.party_accounts();
    let choices = roster_lines
        .iter()
        .filter(|l| {
            l.mediator.status == RosterStatus::Active
                && !party_accounts.contains(&l.mediator.account_id)
        })
        .map(|l| Choice {
            id: l.mediator.account_id.to_string(),
            name: l.name.clone(),
            organisation: l.organisation.clone(),
            selected: own_choice == Some(l.mediator.account_id),
        })
        .collect();
    let parties = m
        .parties
        .iter()
        .map(|p| PartyLine {
            name: p.name.clone(),
            side: p.side.label(),
            consent: p.consent.label(),
            chosen: p.chosen_mediator.map(mediator_name).unwrap_or_default(),
        })
        .collect();
    let threads = fayuan_app::mediation::room::readable_threads(&m, view.standing)
        .into_iter()
        .map(|thread| ThreadView {
            thread,
            messages: messages
                .iter()
                .filter(|x| x.thread == thread)
                .map(Into::into)
                .collect(),
        })
        .collect();
    let standing = match view.standing {
        Standing::Member(Member::Party(side)) => side.label(),
        Standing::Member(Member::Mediator) => page.lang.t("mediation.mediator"),
        Standing::Court { .. } => page.lang.t("mediation.as_court"),
    };
    let status = error.as_ref().map(status_of);
    let body = render(&RoomPage {
        chrome: Chrome::of(page),
        me: actor.account_id,
        mediator_name: view.mediator_name,
        standing,
        parties,
        party_accounts: party_accounts.len(),
        threads,
        last_seq: messages.last().map_or(0, |x| x.seq),
        materials: materials
            .materials
            .iter()
            .map(|x| MaterialLine {
                id: x.id.to_string(),
                title: x.title.clone(),
                kind: x.kind.label(),
                submitted: china_time(x.submitted_at_us),
            })
            .collect(),
        kinds: MaterialKind::ALL
            .iter()
            .copied()
            .filter(|k| k.submittable_by_litigants())
            .collect(),
        record: m.record.join("\n"),
        settlement_text: settlement
            .as_ref()
            .map(|s| s.clauses.join("\n"))
            .unwrap_or_default(),
        settlement: settlement
            .as_ref()
            .map(|s| SettlementView::of(s, page.lang.t("mediation.mediator"))),
        choices,
        offers,
        end_reasons: EndReason::BY_MEDIATOR,
        sessions: m
            .sessions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    i + 1,
                    china_time(fayuan_core::clock::to_micros(s.starts_at)),
                    s.clone(),
                )
            })
            .collect(),
        session_modes: SessionMode::ALL,
        m,
        error: error.map(|e| e.to_string()),
        notice,
    });
    with_status(status, body)
}

/// The answer to someone the room does not know: an invited party whose account is already
/// linked (in a case) is taken to its invitation; anyone else reads that there is no such
/// mediation, with the way to enter a texted invitation code.
async fn not_in_room(state: &WebState, page: &PageCtx, id: MediationId) -> Response {
    if state.app.invitation(&page.ctx, id, "").await.is_ok() {
        return Redirect::to(&format!("/mediations/{id}/invitation")).into_response();
    }
    let chrome = Chrome::of(page);
    let body = render(&MessagePage {
        heading: chrome.t("error.title").into(),
        message: chrome.t("mediation.not_found").into(),
        tone: "error",
        back_href: format!("/mediations/{id}/invitation"),
        back_label: chrome.t("mediation.enter_code").into(),
        chrome,
    });
    with_status(Some(status_of(&AppError::NotFound)), body)
}

/// Most messages one read returns.
fn page_size() -> usize {
    usize::try_from(fayuan_app::mediation::room::MESSAGE_PAGE).unwrap_or(usize::MAX)
}
