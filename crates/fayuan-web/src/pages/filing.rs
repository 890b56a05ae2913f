//! The litigant's online filing (Rules art. 17): the 我要立案 wizard on one page (court and
//! category → parties → claims → facts and reasons → materials → confirmation), the list of one's
//! applications and one application with what it still lacks.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::filing::FilingDraft;
use fayuan_core::cause::civil_causes;
use fayuan_core::id::FilingId;
use fayuan_core::money::Fen;
use fayuan_core::time_limit::Procedure;
use fayuan_domain::accounts::{AccountKind, Verification};
use fayuan_domain::court::Court;
use fayuan_domain::filing::{
    Claim, ElectronicDelivery, FilingApplication, FilingCategory, FilingStatus, Material,
    MaterialKind, Party, PartyKind, PartyRole,
};

use super::{
    Chrome, CsrfForm, Done, MessagePage, china_time, error_page, login_prompt, render, with_status,
};
use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The filing routes of the public.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/filings", get(list))
        .route("/filings/new", get(new_form).post(create))
        .route("/filings/{id}", get(show))
        .route("/filings/{id}/edit", get(edit_form).post(update))
        .route("/filings/{id}/submit", post(submit))
}

/// The roles of the party rows a new application starts with.
const PARTY_ROWS: [PartyRole; 5] = [
    PartyRole::Plaintiff,
    PartyRole::Plaintiff,
    PartyRole::Defendant,
    PartyRole::Defendant,
    PartyRole::ThirdParty,
];
/// The number of claim rows a new application starts with.
const CLAIM_ROWS: usize = 3;
/// The kinds of the material rows a new application starts with (the three every filing needs).
const MATERIAL_ROWS: [MaterialKind; 4] = [
    MaterialKind::Complaint,
    MaterialKind::IdentityProof,
    MaterialKind::EvidenceList,
    MaterialKind::Other,
];
/// Row numbers at or above this are ignored (the app refuses more items than the domain allows).
const MAX_ROW_INDEX: usize = 200;

/// One party row of the wizard, as typed.
#[derive(Debug, Clone, Default)]
struct PartyRow {
    role: String,
    kind: String,
    name: String,
    id_number: String,
    address: String,
    phone: String,
}

impl PartyRow {
    fn is_empty(&self) -> bool {
        [&self.name, &self.id_number, &self.address, &self.phone]
            .iter()
            .all(|t| t.trim().is_empty())
    }
}

/// One claim row, as typed (amount in yuan).
#[derive(Debug, Clone, Default)]
struct ClaimRow {
    text: String,
    amount: String,
}

/// One material row, as typed.
#[derive(Debug, Clone, Default)]
struct MaterialRow {
    kind: String,
    title: String,
}

/// Everything the wizard shows and posts, as text, so a refused form comes back as typed.
#[derive(Debug, Clone, Default)]
struct WizardForm {
    court_id: String,
    category: String,
    cause: String,
    procedure: String,
    parties: Vec<PartyRow>,
    claims: Vec<ClaimRow>,
    facts: String,
    materials: Vec<MaterialRow>,
    consents_to_mediation: bool,
    /// E-mail given for electronic delivery.
    delivery_email: String,
    /// Mobile given for electronic delivery.
    delivery_mobile: String,
    /// `save` or `submit`: which button was pressed.
    action: String,
}

fn some(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// Parses an amount typed in yuan; thousands separators and a trailing 元 are accepted.
fn parse_amount(text: &str, row: usize) -> Result<Option<Fen>, AppError> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('元')
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    Fen::parse_yuan(&cleaned).map(Some).ok_or_else(|| {
        AppError::invalid(
            "filing.invalid_amount",
            format!(
                "第{row}项诉讼请求的金额“{}”无法识别：请以元为单位填写数字，最多两位小数，例如 100000 或 1234.50",
                text.trim()
            ),
        )
    })
}

impl WizardForm {
    /// A blank application: civil first instance under the ordinary procedure.
    fn blank() -> Self {
        WizardForm {
            category: FilingCategory::CivilFirstInstance.as_str().into(),
            procedure: Procedure::CivilOrdinary.as_str().into(),
            ..Default::default()
        }
        .padded(0)
    }

    /// The form of a saved application, with one spare row of each kind.
    fn of(f: &FilingApplication) -> Self {
        WizardForm {
            court_id: f.court_id.to_string(),
            category: f.category.as_str().into(),
            cause: f.cause.clone(),
            procedure: f.procedure_requested.as_str().into(),
            parties: f
                .parties
                .iter()
                .map(|p| PartyRow {
                    role: p.role.as_str().into(),
                    kind: p.kind.as_str().into(),
                    name: p.name.clone(),
                    id_number: p.id_number.clone().unwrap_or_default(),
                    address: p.address.clone(),
                    phone: p.phone.clone().unwrap_or_default(),
                })
                .collect(),
            claims: f
                .claims
                .iter()
                .map(|c| ClaimRow {
                    text: c.text.clone(),
                    amount: c.amount.map(|a| a.to_string()).unwrap_or_default(),
                })
                .collect(),
            facts: f.facts.clone(),
            materials: f
                .materials
                .iter()
                .map(|m| MaterialRow {
                    kind: m.kind.as_str().into(),
                    title: m.title.clone(),
                })
                .collect(),
            consents_to_mediation: f.consents_to_mediation,
            delivery_email: f
                .electronic_delivery
                .as_ref()
                .map(|e| e.email.clone())
                .unwrap_or_default(),
            delivery_mobile: f
                .electronic_delivery
                .as_ref()
                .map(|e| e.mobile.clone())
                .unwrap_or_default(),
            action: String::new(),
        }
        .padded(1)
    }

    /// The form as posted: fixed fields by name, rows by their `_N` suffix.
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut form = WizardForm::default();
        let mut parties: BTreeMap<usize, PartyRow> = BTreeMap::new();
        let mut claims: BTreeMap<usize, ClaimRow> = BTreeMap::new();
        let mut materials: BTreeMap<usize, MaterialRow> = BTreeMap::new();
        for (key, value) in pairs {
            let value = value.clone();
            match key.as_str() {
                "court_id" => form.court_id = value,
                "category" => form.category = value,
                "cause" => form.cause = value,
                "procedure" => form.procedure = value,
                "facts" => form.facts = value,
                "consents_to_mediation" => form.consents_to_mediation = true,
                "delivery_email" => form.delivery_email = value,
                "delivery_mobile" => form.delivery_mobile = value,
                "action" => form.action = value,
                _ => {
                    let Some((field, index)) = key.rsplit_once('_') else {
                        continue;
                    };
                    let Some(i) = index.parse::<usize>().ok().filter(|i| *i < MAX_ROW_INDEX) else {
                        continue;
                    };
                    match field {
                        "party_role" => parties.entry(i).or_default().role = value,
                        "party_kind" => parties.entry(i).or_default().kind = value,
                        "party_name" => parties.entry(i).or_default().name = value,
                        "party_id_number" => parties.entry(i).or_default().id_number = value,
                        "party_address" => parties.entry(i).or_default().address = value,
                        "party_phone" => parties.entry(i).or_default().phone = value,
                        "claim_text" => claims.entry(i).or_default().text = value,
                        "claim_amount" => claims.entry(i).or_default().amount = value,
                        "material_kind" => materials.entry(i).or_default().kind = value,
                        "material_title" => materials.entry(i).or_default().title = value,
                        _ => {}
                    }
                }
            }
        }
        form.parties = parties.into_values().collect();
        form.claims = claims.into_values().collect();
        form.materials = materials.into_values().collect();
        form.padded(0)
    }

    /// Adds blank rows up to the starting layout, or `spare` beyond what is filled.
    fn padded(mut self, spare: usize) -> Self {
        let parties = (self.parties.len() + spare).max(PARTY_ROWS.len());
        while self.parties.len() < parties {
            let role = PARTY_ROWS
                .get(self.parties.len())
                .copied()
                .unwrap_or(PartyRole::Plaintiff);
            self.parties.push(PartyRow {
                role: role.as_str().into(),
                kind: PartyKind::Person.as_str().into(),
                ..Default::default()
            });
        }
        let claims = (self.claims.len() + spare).max(CLAIM_ROWS);
        self.claims.resize_with(claims, ClaimRow::default);
        let materials = (self.materials.len() + spare).max(MATERIAL_ROWS.len());
        while self.materials.len() < materials {
            let kind = MATERIAL_ROWS
                .get(self.materials.len())
                .copied()
                .unwrap_or(MaterialKind::Other);
            self.materials.push(MaterialRow {
                kind: kind.as_str().into(),
                title: String::new(),
            });
        }
        self
    }

    /// The draft the app takes; empty rows are left out. Only the shape of the input is checked
    /// here: what is complete or allowed is the app's to decide.
    fn to_draft(&self) -> Result<FilingDraft, AppError> {
        let court_id = self
            .court_id
            .parse()
            .map_err(|_| AppError::invalid("filing.unknown_court", "请选择受理法院"))?;
        let category = FilingCategory::parse(&self.category)
            .ok_or_else(|| AppError::invalid("filing.invalid_category", "请选择立案类别"))?;
        let procedure_requested = if self.procedure.is_empty() {
            category.procedures().first().copied()
        } else {
            Procedure::parse(&self.procedure)
        }
        .ok_or_else(|| AppError::invalid("filing.invalid_procedure", "请选择审理程序"))?;
        let parties = self
            .parties
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| {
                Ok(Party {
                    role: PartyRole::parse(&p.role).ok_or_else(|| {
                        AppError::invalid("filing.invalid_party_role", "当事人诉讼地位不正确")
                    })?,
                    kind: PartyKind::parse(&p.kind).ok_or_else(|| {
                        AppError::invalid("filing.invalid_party_kind", "当事人类型不正确")
                    })?,
                    name: p.name.trim().to_string(),
                    id_number: some(&p.id_number),
                    address: p.address.trim().to_string(),
                    phone: some(&p.phone),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let mut claims = Vec::new();
        for (i, c) in self.claims.iter().enumerate() {
            if c.text.trim().is_empty() && c.amount.trim().is_empty() {
                continue;
            }
            claims.push(Claim {
                text: c.text.trim().to_string(),
                amount: parse_amount(&c.amount, i + 1)?,
            });
        }
        let materials = self
            .materials
            .iter()
            .filter(|m| !m.title.trim().is_empty())
            .map(|m| {
                Ok(Material {
                    kind: MaterialKind::parse(&m.kind).ok_or_else(|| {
                        AppError::invalid("filing.invalid_material_kind", "材料类型不正确")
                    })?,
                    title: m.title.trim().to_string(),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok(FilingDraft {
            court_id,
            category,
            cause: self.cause.clone(),
            procedure_requested,
            parties,
            claims,
            facts: self.facts.clone(),
            materials,
            consents_to_mediation: self.consents_to_mediation,
            electronic_delivery: ElectronicDelivery::from_entry(
                &self.delivery_email,
                &self.delivery_mobile,
            )?,
        })
    }
}

/// The procedures of the select, grouped by the categories that allow them.
struct ProcedureGroup {
    label: String,
    procedures: &'static [Procedure],
}

fn procedure_groups() -> Vec<ProcedureGroup> {
    let mut groups: Vec<ProcedureGroup> = Vec::new();
    for category in FilingCategory::ALL {
        let procedures = category.procedures();
        match groups.iter_mut().find(|g| g.procedures == procedures) {
            Some(group) => {
                group.label.push('、');
                group.label.push_str(category.label());
            }
            None => groups.push(ProcedureGroup {
                label: category.label().into(),
                procedures,
            }),
        }
    }
    groups
}

/// Level-3 names of the civil cause list, offered as suggestions for 案由.
fn cause_suggestions() -> Vec<&'static str> {
    civil_causes()
        .map(|causes| {
            causes
                .iter()
                .filter(|c| c.level == 3)
                .map(|c| c.name)
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "filing/wizard.html")]
struct WizardPage {
    chrome: Chrome,
    /// Where the form posts.
    action: String,
    /// The saved application, if any: its status, note and what it lacks.
    saved: Option<FilingApplication>,
    missing: Vec<String>,
    form: WizardForm,
    courts: Vec<Court>,
    categories: &'static [FilingCategory],
    procedure_groups: Vec<ProcedureGroup>,
    causes: Vec<&'static str>,
    party_roles: &'static [PartyRole],
    party_kinds: &'static [PartyKind],
    material_kinds: &'static [MaterialKind],
    error: Option<String>,
    notice: Option<String>,
}

/// What a wizard page shows besides the form.
#[derive(Default)]
struct WizardState {
    id: Option<FilingId>,
    saved: Option<FilingApplication>,
    error: Option<AppError>,
    notice: Option<String>,
}

async fn show_wizard(
    state: &WebState,
    page: &PageCtx,
    form: WizardForm,
    extra: WizardState,
) -> Response {
    let courts = match state.app.list_courts().await {
        Ok(c) => c,
        Err(e) => return error_page(page, e),
    };
    let id = extra.id.or(extra.saved.as_ref().map(|f| f.id));
    let status = extra.error.as_ref().map(status_of);
    let body = render(&WizardPage {
        chrome: Chrome::of(page),
        action: id.map_or_else(
            || "/filings/new".to_string(),
            |i| format!("/filings/{i}/edit"),
        ),
        missing: extra
            .saved
            .as_ref()
            .map(|f| f.missing())
            .unwrap_or_default(),
        saved: extra.saved,
        form,
        courts,
        categories: FilingCategory::ALL,
        procedure_groups: procedure_groups(),
        causes: cause_suggestions(),
        party_roles: PartyRole::ALL,
        party_kinds: PartyKind::ALL,
        material_kinds: MaterialKind::ALL,
        error: extra.error.map(|e| e.to_string()),
        notice: extra.notice,
    });
    with_status(status, body)
}

/// Refuses the wizard to those who cannot file: anonymous visitors are asked to log in, staff
/// are refused, unverified accounts are told why and sent to their account page. `None`: may
/// file.
fn refusal_to_file(page: &PageCtx) -> Option<Response> {
    let Some(actor) = page.ctx.actor.as_ref() else {
        return Some(login_prompt(page));
    };
    if actor.kind == AccountKind::Staff {
        return Some(error_page(page, AppError::Forbidden));
    }
    if actor.verification != Verification::Verified {
        let chrome = Chrome::of(page);
        return Some(render(&MessagePage {
            heading: chrome.t("filing.new").into(),
            message: format!(
                "您的账户实名认证状态为“{}”。依照《人民法院在线运行规则》第十五条，完成实名认证后方可在线立案；请在“我的账户”查看认证结果。",
                actor.verification.label()
            ),
            tone: "info",
            back_href: "/account".into(),
            back_label: chrome.t("nav.account").into(),
            chrome,
        }));
    }
    None
}

fn is_editable(f: &FilingApplication) -> bool {
    matches!(
        f.status,
        FilingStatus::Draft | FilingStatus::CorrectionRequested
    )
}

fn is_staff(page: &PageCtx) -> bool {
    page.ctx
        .actor
        .as_ref()
        .is_some_and(|a| a.kind == AccountKind::Staff)
}

async fn new_form(State(state): State<WebState>, page: PageCtx) -> Response {
    if let Some(r) = refusal_to_file(&page) {
        return r;
    }
    show_wizard(&state, &page, WizardForm::blank(), WizardState::default()).await
}

/// After a draft was saved: submits it if 提交 was pressed, else shows it again with what it
/// still lacks.
async fn after_save(
    state: &WebState,
    page: &PageCtx,
    filing: FilingApplication,
    action: &str,
) -> Response {
    if action != "submit" {
        return Redirect::to(&format!("/filings/{}/edit?done=saved", filing.id)).into_response();
    }
    match state.app.submit_filing(&page.ctx, filing.id).await {
        Ok(f) => Redirect::to(&format!("/filings/{}?done=submitted", f.id)).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            show_wizard(
                state,
                page,
                WizardForm::of(&filing),
                WizardState {
                    saved: Some(filing),
                    error: Some(e),
                    notice: Some(page_text(page, "filing.saved_not_submitted")),
                    ..Default::default()
                },
            )
            .await
        }
        Err(e) => error_page(page, e),
    }
}

fn page_text(page: &PageCtx, key: &str) -> String {
    page.lang.t(key).to_string()
}

async fn create(
    State(state): State<WebState>,
    CsrfForm { page, form }: CsrfForm<Vec<(String, String)>>,
) -> Response {
    if let Some(r) = refusal_to_file(&page) {
        return r;
    }
    let form = WizardForm::from_pairs(&form);
    let result = match form.to_draft() {
        Ok(draft) => state.app.create_filing(&page.ctx, draft).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(filing) => after_save(&state, &page, filing, &form.action).await,
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let extra = WizardState {
                error: Some(e),
                ..Default::default()
            };
            show_wizard(&state, &page, form, extra).await
        }
        Err(e) => error_page(&page, e),
    }
}

async fn edit_form(
    State(state): State<WebState>,
    Path(id): Path<String>,
    Query(done): Query<Done>,
    page: PageCtx,
) -> Response {
    let Ok(id) = id.parse::<FilingId>() else {
        return error_page(&page, AppError::NotFound);
    };
    match state.app.filing(&page.ctx, id).await {
        Ok(filing) if is_editable(&filing) => {
            let notice = (done.done == "saved").then(|| page_text(&page, "filing.saved"));
            show_wizard(
                &state,
                &page,
                WizardForm::of(&filing),
                WizardState {
                    saved: Some(filing),
                    notice,
                    ..Default::default()
                },
            )
            .await
        }
        Ok(filing) => Redirect::to(&format!("/filings/{}", filing.id)).into_response(),
        Err(e) => error_page(&page, e),
    }
}

async fn update(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, form }: CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Ok(id) = id.parse::<FilingId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let form = WizardForm::from_pairs(&form);
    let result = match form.to_draft() {
        Ok(draft) => state.app.update_filing(&page.ctx, id, draft).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(filing) => after_save(&state, &page, filing, &form.action).await,
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let saved = state.app.filing(&page.ctx, id).await.ok();
            let extra = WizardState {
                id: Some(id),
                saved,
                error: Some(e),
                notice: None,
            };
            show_wizard(&state, &page, form, extra).await
        }
        Err(e) => error_page(&page, e),
    }
}

/// One row of 我的立案.
struct FilingRow {
    filing: FilingApplication,
    submitted: String,
}

#[derive(Template)]
#[template(path = "filing/list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<FilingRow>,
}

async fn list(State(state): State<WebState>, page: PageCtx) -> Response {
    if is_staff(&page) {
        return Redirect::to("/staff/filings").into_response();
    }
    match state.app.my_filings(&page.ctx).await {
        Ok(filings) => render(&ListPage {
            chrome: Chrome::of(&page),
            rows: filings
                .into_iter()
                .map(|filing| FilingRow {
                    submitted: filing.submitted_at_us.map(china_time).unwrap_or_default(),
                    filing,
                })
                .collect(),
        }),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "filing/show.html")]
struct ShowPage {
    chrome: Chrome,
    filing: FilingApplication,
    court_name: String,
    submitted: String,
    missing: Vec<String>,
    editable: bool,
    /// 申请诉前调解 is offered (the applicant; a civil first-instance draft or submitted one).
    can_mediate: bool,
    error: Option<String>,
    notice: Option<String>,
}

async fn show_filing(
    state: &WebState,
    page: &PageCtx,
    id: FilingId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    let loaded = async {
        let filing = state.app.filing(&page.ctx, id).await?;
        let courts = state.app.list_courts().await?;
        Ok::<_, AppError>((filing, courts))
    }
    .await;
    let (filing, courts) = match loaded {
        Ok(l) => l,
        Err(e) => return error_page(page, e),
    };
    let status = error.as_ref().map(status_of);
    let body = render(&ShowPage {
        chrome: Chrome::of(page),
        court_name: courts
            .iter()
            .find(|c| c.id == filing.court_id)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        submitted: filing.submitted_at_us.map(china_time).unwrap_or_default(),
        missing: filing.missing(),
        editable: is_editable(&filing),
        can_mediate: page
            .ctx
            .actor
            .as_ref()
            .is_some_and(|a| a.account_id == filing.applicant_id)
            && filing.category == FilingCategory::CivilFirstInstance
            && matches!(filing.status, FilingStatus::Draft | FilingStatus::Submitted),
        filing,
        error: error.map(|e| e.to_string()),
        notice,
    });
    with_status(status, body)
}

async fn show(
    State(state): State<WebState>,
    Path(id): Path<String>,
    Query(done): Query<Done>,
    page: PageCtx,
) -> Response {
    if is_staff(&page) {
        return Redirect::to(&format!("/staff/filings/{id}")).into_response();
    }
    let Ok(id) = id.parse::<FilingId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let notice = (done.done == "submitted").then(|| page_text(&page, "filing.submitted"));
    show_filing(&state, &page, id, None, notice).await
}

#[derive(serde::Deserialize)]
struct Empty {}

async fn submit(
    State(state): State<WebState>,
    Path(id): Path<String>,
    CsrfForm { page, .. }: CsrfForm<Empty>,
) -> Response {
    let Ok(id) = id.parse::<FilingId>() else {
        return error_page(&page, AppError::NotFound);
    };
    match state.app.submit_filing(&page.ctx, id).await {
        Ok(f) => Redirect::to(&format!("/filings/{}?done=submitted", f.id)).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            show_filing(&state, &page, id, Some(e), None).await
        }
        Err(e) => error_page(&page, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn rows_are_read_by_suffix_and_empty_rows_left_out() {
        let court = fayuan_core::id::CourtId::new();
        let form = WizardForm::from_pairs(&pairs(&[
            ("court_id", &court.to_string()),
            ("category", "civil_first_instance"),
            ("procedure", "civil_ordinary"),
            ("party_role_0", "plaintiff"),
            ("party_kind_0", "person"),
            ("party_name_0", "张三"),
            ("party_address_0", "北京市"),
            ("party_role_1", "plaintiff"),
            ("party_kind_1", "person"),
            ("party_name_1", " "),
            ("claim_text_0", "返还借款"),
            ("claim_amount_0", "100,000元"),
            ("claim_text_1", ""),
            ("claim_amount_1", ""),
            ("material_kind_0", "complaint"),
            ("material_title_0", "民事起诉状"),
            ("material_kind_1", "identity_proof"),
            ("material_title_1", ""),
            ("consents_to_mediation", "on"),
            ("delivery_email", " Zhang@Example.com "),
            ("delivery_mobile", ""),
        ]));
        assert_eq!(form.parties.len(), PARTY_ROWS.len());
        let draft = form.to_draft().unwrap();
        assert_eq!(draft.court_id, court);
        assert_eq!(draft.parties.len(), 1);
        assert_eq!(draft.claims.len(), 1);
        assert_eq!(draft.claims[0].amount, Some(Fen::yuan(100_000)));
        assert_eq!(draft.materials.len(), 1);
        assert!(draft.consents_to_mediation);
        let given = draft.electronic_delivery.unwrap();
        assert_eq!(
            (given.email.as_str(), given.mobile.as_str()),
            ("zhang@example.com", "")
        );
        let mut bad = form.clone();
        bad.delivery_mobile = "12345".into();
        assert!(bad.to_draft().is_err(), "a malformed mobile is refused");
        bad.delivery_mobile = String::new();
        bad.delivery_email = String::new();
        assert_eq!(bad.to_draft().unwrap().electronic_delivery, None);
    }

    #[test]
    fn bad_amounts_are_refused_readably() {
        let err = parse_amount("十万", 2).unwrap_err();
        assert!(err.to_string().contains("第2项"), "{err}");
        assert_eq!(parse_amount(" ", 1).unwrap(), None);
        assert_eq!(parse_amount("1234.5", 1).unwrap(), Some(Fen(123_450)));
    }

    #[test]
    fn a_saved_application_gets_a_spare_row() {
        let mut form = WizardForm::blank();
        form.parties.truncate(0);
        assert_eq!(form.padded(1).parties.len(), PARTY_ROWS.len());
        assert_eq!(procedure_groups().len(), 4);
    }
}
