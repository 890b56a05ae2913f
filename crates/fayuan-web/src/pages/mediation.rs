//! 在线调解 pages (Rules art. 16; 人民法院在线调解规则): the public roster of mediation
//! organisations and mediators with the forms that keep it (`/mediators`), the user's
//! mediations (`/mediations`), the room — parties, mediator, threads with live updates,
//! materials, record, settlement and the form of every step (`/mediations/{id}`) — the
//! invitation answered with the texted code, the court's statistics, and the forms that start a
//! mediation from a filing or a case and decide a judicial confirmation.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::mediation::roster::{MediatorDraft, OrganisationDraft, Roster};
use fayuan_app::mediation::settlement::SigningProof;
use fayuan_app::mediation::stats::Tally;
use fayuan_app::mediation::{InvitationSummary, Standing};
use fayuan_app::{Actor, App, AppError, Ctx};
use fayuan_core::id::{AccountId, CaseId, CourtId, FilingId, MediationId, OrganisationId};
use fayuan_domain::dossier::MaterialKind;
use fayuan_domain::mediation::roster::{
    Mediator, MediatorProfile, Organisation, OrganisationKind, RosterStatus,
};
use fayuan_domain::mediation::settlement::{Settlement, SettlementStatus, side_label};
use fayuan_domain::mediation::{
    EndReason, Mediation, MediationKind, MediationStatus, Member, Message, ScheduledSession,
    SessionMode, Thread,
};
use serde::{Deserialize, Serialize};

use super::{Chrome, CsrfForm, Done, MessagePage, china_time, error_page, render, with_status};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The mediation routes. Sharing a file takes bodies up to the upload limits (checked while
/// streaming), not the site-wide form limit.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/mediators", get(roster))
        .route("/mediators/organisations", post(create_organisation))
        .route(
            "/mediators/organisations/{id}/status",
            post(organisation_status),
        )
        .route("/mediators/appointments", post(appoint))
        .route("/mediators/{account}/status", post(mediator_status))
        .route("/mediations", get(mine))
        .route("/mediations/statistics", get(statistics))
        .route("/mediations/{id}", get(room))
        .route("/mediations/{id}/events", get(events))
        .route(
            "/mediations/{id}/invitation",
            get(invitation_form).post(invitation),
        )
        .route("/mediations/{id}/answer", post(answer))
        .route("/mediations/{id}/choice", post(choose))
        .route("/mediations/{id}/designation", post(designate))
        .route("/mediations/{id}/acceptance", post(accept))
        .route("/mediations/{id}/declination", post(decline))
        .route("/mediations/{id}/messages", post(post_message))
        .route(
            "/mediations/{id}/materials",
            post(share).layer(DefaultBodyLimit::disable()),
        )
        .route("/mediations/{id}/materials/{material}", get(material))
        .route("/mediations/{id}/record", post(record))
        .route("/mediations/{id}/settlement", post(draft_settlement))
        .route("/mediations/{id}/settlement/signatures", post(sign))
        .route("/mediations/{id}/settlement/refusal", post(refuse))
        .route("/mediations/{id}/extension", post(extend))
        .route("/mediations/{id}/sessions", post(schedule))
        .route(
            "/mediations/{id}/sessions/{number}/cancellation",
            post(cancel_session),
        )
        .route("/mediations/{id}/end", post(end))
        .route("/mediations/{id}/withdrawal", post(withdraw))
        .route("/mediations/{id}/confirmation", post(apply_confirmation))
        .route("/mediations/{id}/statement", post(statement))
        .route("/filings/{id}/mediation", post(apply))
        .route("/staff/cases/{id}/mediations", post(start_in_case))
        .route(
            "/staff/cases/{id}/confirmation-decision",
            post(decide_confirmation),
        )
}

fn parse<T: std::str::FromStr>(text: &str) -> Result<T, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
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

// ---------------------------------------------------------------------------------------------
// The roster.

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
struct RosterQuery {
    court: Option<String>,
    #[serde(default)]
    done: String,
}

async fn roster(
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
                    return render(&super::MessagePage {
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
struct OrganisationForm {
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

async fn create_organisation(
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
struct OrganisationStatusForm {
    #[serde(default)]
    court: String,
    #[serde(default)]
    active: String,
}

async fn organisation_status(
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
struct AppointForm {
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

async fn appoint(
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
struct MediatorStatusForm {
    #[serde(default)]
    court: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    reason: String,
}

async fn mediator_status(
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

// ---------------------------------------------------------------------------------------------
// The user's mediations and the statistics.

/// A mediation as listed.
struct ListLine {
    m: Mediation,
    /// The answer deadline while inviting, the period's last day once it runs.
    deadline: String,
}

#[derive(Template)]
#[template(path = "mediation/list.html")]
struct ListPage {
    chrome: Chrome,
    lines: Vec<ListLine>,
    notice: Option<String>,
}

async fn mine(State(state): State<WebState>, page: PageCtx, Query(done): Query<Done>) -> Response {
    if page.ctx.actor.is_none() {
        return super::login_prompt(&page);
    }
    let notice = match done.done.as_str() {
        "declined" => Some(page.lang.t("mediation.done_declined").to_owned()),
        _ => None,
    };
    match state.app.my_mediations(&page.ctx).await {
        Ok(list) => render(&ListPage {
            chrome: Chrome::of(&page),
            lines: list
                .into_iter()
                .map(|m| ListLine {
                    deadline: match (m.status, m.deadline_on) {
                        (MediationStatus::Inviting, _) => m.answer_by.to_string(),
                        (_, Some(d)) => d.to_string(),
                        (_, None) => String::new(),
                    },
                    m,
                })
                .collect(),
            notice,
        }),
        Err(e) => error_page(&page, e),
    }
}

/// A rate in per mille as a percentage with one decimal: 750 → `75.0%`.
fn percent(permille: i64) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

/// A tally as a table row.
struct TallyRow {
    name: String,
    total: usize,
    open: usize,
    settled: usize,
    unsettled: usize,
    /// 成功率, e.g. `75.0%` (empty when nothing ended).
    rate: String,
    /// 平均用时 in days (empty when nothing ended).
    mean_days: String,
}

impl From<&Tally> for TallyRow {
    fn from(t: &Tally) -> Self {
        Self {
            name: t.name.clone(),
            total: t.total,
            open: t.open,
            settled: t.settled,
            unsettled: t.unsettled,
            rate: t.success_permille().map(percent).unwrap_or_default(),
            mean_days: t.mean_days().map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "mediation/statistics.html")]
struct StatisticsPage {
    chrome: Chrome,
    by_status: Vec<(&'static str, usize)>,
    /// The tables: overall, per organisation, per mediator.
    sections: Vec<(&'static str, Vec<TallyRow>)>,
}

async fn statistics(State(state): State<WebState>, page: PageCtx) -> Response {
    let court = match page.ctx.actor.as_ref() {
        None => return error_page(&page, AppError::Unauthenticated),
        Some(actor) => match actor.court_id {
            Some(court) => court,
            None => return error_page(&page, AppError::Forbidden),
        },
    };
    match state.app.mediation_statistics(&page.ctx, court).await {
        Ok(stats) => render(&StatisticsPage {
            chrome: Chrome::of(&page),
            by_status: stats
                .by_status
                .iter()
                .map(|(s, n)| (s.label(), *n))
                .collect(),
            sections: vec![
                (
                    page.lang.t("mediation.overall"),
                    vec![(&stats.overall).into()],
                ),
                (
                    page.lang.t("mediation.by_organisation"),
                    stats.by_organisation.iter().map(Into::into).collect(),
                ),
                (
                    page.lang.t("mediation.by_mediator"),
                    stats.by_mediator.iter().map(Into::into).collect(),
                ),
            ],
        }),
        Err(e) => error_page(&page, e),
    }
}

// ---------------------------------------------------------------------------------------------
// The room.

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
struct MessageLine {
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

/// What the viewer may do now; each form shows only when the use case would take it.
struct Offers {
    choose: bool,
    designate: bool,
    /// The judge may host the mediation himself (in a case).
    host: bool,
    accept: bool,
    write: bool,
    record: bool,
    draft: bool,
    sign: bool,
    refuse: bool,
    extend: bool,
    /// Days of a pending extension the viewer (a party) has not agreed to yet.
    agree_days: Option<u32>,
    end_as_mediator: bool,
    end_as_party: bool,
    withdraw: bool,
    confirm: bool,
    statement: bool,
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

/// The forms the viewer is offered in the room.
fn offers(
    m: &Mediation,
    standing: Standing,
    decides: bool,
    actor: &Actor,
    settlement: Option<&Settlement>,
) -> Offers {
    let party = matches!(standing, Standing::Member(Member::Party(_)));
    let mediator = standing == Standing::Member(Member::Mediator);
    let actor = actor.account_id;
    let open = m.status == MediationStatus::InProgress;
    let assigning = m.status == MediationStatus::Assigning;
    let settled = m.status == MediationStatus::Settled;
    let text = settlement.map(|s| s.status);
    let unsigned = settlement.is_some_and(|s| !s.signed_by(actor));
    Offers {
        choose: party && assigning && m.mediator_id.is_none(),
        designate: decides && assigning && !mediator,
        host: decides && assigning && !mediator && m.kind == MediationKind::InLitigation,
        accept: mediator && assigning && m.accepted_at_us.is_none(),
        write: open && matches!(standing, Standing::Member(_)),
        record: mediator && open,
        draft: mediator && open && matches!(text, None | Some(SettlementStatus::Drafting)),
        // The mediator signs first, which fixes the text; then each party.
        sign: open
            && unsigned
            && ((mediator && text == Some(SettlementStatus::Drafting))
                || (party && text == Some(SettlementStatus::Signing))),
        refuse: party && open && unsigned && text == Some(SettlementStatus::Signing),
        extend: (party || mediator) && open,
        agree_days: m
            .extension
            .as_ref()
            .filter(|x| party && open && !x.agreed.contains(&actor))
            .map(|x| x.days),
        end_as_mediator: mediator && open,
        end_as_party: party && !m.status.is_final(),
        withdraw: m.kind == MediationKind::PreFiling
            && m.created_by == actor
            && !m.status.is_final(),
        confirm: party
            && m.kind == MediationKind::PreFiling
            && settled
            && m.confirmation.filing_id.is_none()
            && !m.confirmation.applicants.contains(&actor),
        statement: decides
            && m.kind == MediationKind::InLitigation
            && settled
            && text == Some(SettlementStatus::Effective)
            && m.statement_id.is_none(),
    }
}

async fn room(
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
async fn room_page(
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
        ) => room_page(state, page, id, Some(e), None).await,
        Err(e) => error_page(page, e),
    }
}

/// The `?done=` suffix of a room form that worked.
fn done<T>(code: &str) -> impl FnOnce(T) -> String + '_ {
    move |_| format!("?done={code}")
}

#[derive(Deserialize)]
struct Empty {}

#[derive(Deserialize)]
struct MediatorForm {
    #[serde(default)]
    mediator: String,
}

impl MediatorForm {
    fn mediator(&self) -> Result<AccountId, AppError> {
        self.mediator.trim().parse().map_err(|_| {
            AppError::invalid("mediation.mediator_unavailable", "请从名册中选择调解员。")
        })
    }
}

async fn choose(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<MediatorForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match form.mediator() {
        Ok(to) => state.app.choose_mediator(&page.ctx, id, to).await,
        Err(e) => Err(e),
    };
    after(&state, &page, id, outcome.map(done("saved"))).await
}

async fn designate(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<MediatorForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match form.mediator() {
        Ok(to) => state.app.designate_mediator(&page.ctx, id, to).await,
        Err(e) => Err(e),
    };
    after(&state, &page, id, outcome.map(done("saved"))).await
}

async fn accept(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.accept_mediation(&page.ctx, id).await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

#[derive(Deserialize)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

async fn decline(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ReasonForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    // The mediator who declined is no longer in the room: back to the list.
    match state
        .app
        .decline_mediation(&page.ctx, id, &form.reason)
        .await
    {
        Ok(_) => Redirect::to("/mediations?done=declined").into_response(),
        Err(e) => after(&state, &page, id, Err(e)).await,
    }
}

#[derive(Deserialize)]
struct MessageForm {
    #[serde(default)]
    thread: String,
    #[serde(default)]
    body: String,
}

async fn post_message(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<MessageForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match Thread::parse(&form.thread) {
        Some(thread) => state
            .app
            .post_message(&page.ctx, id, thread, &form.body)
            .await
            .map(|m| format!("#m{}", m.seq)),
        None => Err(AppError::NotFound),
    };
    after(&state, &page, id, outcome).await
}

/// Shares the files of the upload form in order; stops at the first refusal (the earlier files
/// stay shared and the page says which one failed).
async fn share_all(
    state: &WebState,
    page: &PageCtx,
    headers: &HeaderMap,
    id: MediationId,
    form: Multipart,
) -> Result<(), AppError> {
    let fields = super::dossier::read_upload(state, page, headers, form).await?;
    let kind = fields
        .kind
        .ok_or_else(|| AppError::invalid("dossier.invalid_kind", "请选择材料类型。"))?;
    for staged in fields.files {
        let file_name = staged.file_name.clone();
        let draft = fayuan_app::dossier::MaterialDraft {
            kind,
            title: fields.title.clone(),
        };
        state
            .app
            .share_material(&page.ctx, id, draft, staged)
            .await
            .map_err(|e| match e {
                AppError::Invalid { code, message } => AppError::Invalid {
                    code,
                    message: format!("{file_name}：{message}"),
                },
                other => other,
            })?;
    }
    Ok(())
}

async fn share(
    State(state): State<WebState>,
    page: PageCtx,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Multipart,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = share_all(&state, &page, &headers, id, form).await;
    let to = |()| "?done=saved#materials".to_owned();
    after(&state, &page, id, outcome.map(to)).await
}

async fn material(
    State(state): State<WebState>,
    page: PageCtx,
    Path((id, material)): Path<(String, String)>,
) -> Response {
    let content = match (parse(&id), parse(&material)) {
        (Ok(id), Ok(material)) => {
            state
                .app
                .room_material_content(&page.ctx, id, material)
                .await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match content {
        Ok(c) => crate::api::dossier::content_response(c),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct TextForm {
    text: Option<String>,
}

async fn record(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<TextForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let text = form.text.unwrap_or_default();
    let outcome = state
        .app
        .write_record(&page.ctx, id, paragraphs(&text))
        .await
        .map(|_| "?done=saved#record".to_owned());
    after(&state, &page, id, outcome).await
}

async fn draft_settlement(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<TextForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    // Without a text the draft starts from the template.
    let clauses = form.text.as_deref().map(paragraphs);
    let outcome = state
        .app
        .draft_settlement(&page.ctx, id, clauses)
        .await
        .map(|_| "?done=saved#settlement".to_owned());
    after(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
struct SignForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    totp: String,
    /// The handwritten signature drawn by the page's script, as a PNG data URL.
    #[serde(default)]
    handwriting: String,
}

async fn sign(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<SignForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let given = |s: String| Some(s).filter(|s| !s.trim().is_empty());
    let outcome = match crate::api::mediation::decode_handwriting(Some(&form.handwriting)) {
        Ok(handwriting) => {
            let proof = SigningProof {
                password: given(form.password),
                totp: given(form.totp),
            };
            state
                .app
                .sign_settlement(&page.ctx, id, proof, handwriting)
                .await
                .map(|_| "?done=signed#settlement".to_owned())
        }
        Err(e) => Err(e.0),
    };
    after(&state, &page, id, outcome).await
}

async fn refuse(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ReasonForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state
        .app
        .refuse_settlement(&page.ctx, id, &form.reason)
        .await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

#[derive(Deserialize)]
struct ExtensionForm {
    #[serde(default)]
    days: String,
}

async fn extend(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<ExtensionForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match form.days.trim().parse::<u32>() {
        Ok(days) => state.app.extend_mediation(&page.ctx, id, days).await,
        Err(_) => Err(AppError::invalid(
            "mediation.extension_days",
            "请填写延长的天数。",
        )),
    };
    after(&state, &page, id, outcome.map(done("saved"))).await
}

#[derive(Deserialize)]
struct SessionForm {
    /// Beijing time as a `datetime-local` field sends it (2026-12-01T09:30).
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    note: String,
}

/// The session a form describes, checked.
fn session_of(form: &SessionForm, now: time::OffsetDateTime) -> Result<ScheduledSession, AppError> {
    let local = time::PrimitiveDateTime::parse(
        form.starts_at.trim(),
        &time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]"),
    )
    .map_err(|_| AppError::invalid("mediation.session_time", "请填写调解时间。"))?;
    let minutes =
        form.minutes.trim().parse().map_err(|_| {
            AppError::invalid("mediation.session_length", "请填写调解时长（分钟）。")
        })?;
    let mode = SessionMode::parse(&form.mode)
        .ok_or_else(|| AppError::invalid("mediation.session_mode", "请选择调解方式。"))?;
    Ok(ScheduledSession::new(
        local.assume_offset(fayuan_core::clock::CHINA_OFFSET),
        minutes,
        mode,
        &form.place,
        &form.note,
        now,
    )?)
}

async fn schedule(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<SessionForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match session_of(&form, state.app.clock.now()) {
        Ok(session) => state.app.schedule_session(&page.ctx, id, session).await,
        Err(e) => Err(e),
    };
    after(&state, &page, id, outcome.map(done("saved"))).await
}

async fn cancel_session(
    State(state): State<WebState>,
    Path((id, number)): Path<(String, String)>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let (Ok(id), Ok(number)) = (id.parse::<MediationId>(), number.parse::<usize>()) else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.cancel_session(&page.ctx, id, number).await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

#[derive(Deserialize)]
struct EndForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

async fn end(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<EndForm>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = match EndReason::parse(&form.reason) {
        Some(reason) => {
            state
                .app
                .end_mediation(&page.ctx, id, reason, &form.note)
                .await
        }
        None => Err(AppError::invalid(
            "mediation.end_reason",
            "请选择终结调解的理由。",
        )),
    };
    after(&state, &page, id, outcome.map(done("saved"))).await
}

async fn withdraw(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.withdraw_mediation(&page.ctx, id).await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

async fn apply_confirmation(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.apply_for_confirmation(&page.ctx, id).await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

async fn statement(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let outcome = state.app.issue_mediation_statement(&page.ctx, id).await;
    after(&state, &page, id, outcome.map(done("saved"))).await
}

// ---------------------------------------------------------------------------------------------
// The live stream of the room.

#[derive(Deserialize)]
struct AfterQuery {
    after: Option<i64>,
}

/// The room's new messages as server-sent events for the page's script (the shared live
/// stream, authenticated by the page's session cookie).
async fn events(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(q): Query<AfterQuery>,
) -> Response {
    let id: MediationId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let after = crate::live::resume_after(&headers, q.after);
    match crate::live::message_stream(&state.app, page.ctx.clone(), id, after, |m| {
        serde_json::to_string(&MessageLine::from(m)).unwrap_or_default()
    })
    .await
    {
        Ok(stream) => stream,
        Err(e) => error_page(&page, e),
    }
}

/// Most messages one read returns.
fn page_size() -> usize {
    usize::try_from(fayuan_app::mediation::room::MESSAGE_PAGE).unwrap_or(usize::MAX)
}

// ---------------------------------------------------------------------------------------------
// The invitation.

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

async fn invitation_form(
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
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn invitation(
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
struct AnswerForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    accept: String,
    #[serde(default)]
    reason: String,
}

async fn answer(
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

// ---------------------------------------------------------------------------------------------
// Starting a mediation, and the judge's decision on a confirmation.

/// 申请诉前调解 from the applicant's filing page.
async fn apply(
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
async fn start_in_case(
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
struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reasons: String,
}

/// 确认有效 / 驳回申请 on a 民特 confirmation case.
async fn decide_confirmation(
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

    #[test]
    fn rates_show_as_percentages_with_one_decimal() {
        assert_eq!(percent(750), "75.0%");
        assert_eq!(percent(1000), "100.0%");
        assert_eq!(percent(3), "0.3%");
        let row = TallyRow::from(&Tally::default());
        assert_eq!((row.rate.as_str(), row.mean_days.as_str()), ("", ""));
    }
}
