//! 送达 pages (Rules art. 26): the party's 送达地址确认书, what was served on it (read, download,
//! sign for), and the staff's page to serve documents of a case, follow each trace and record
//! postal service.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::delivery::{AddressDraft, DeliveryDraft, DeliveryTrace, PostalRecord};
use fayuan_app::documents::DocumentInputs;
use fayuan_core::id::{CaseId, DeliveryId, MaterialId};
use fayuan_domain::delivery::{Delivery, DeliveryAddress, DeliveryChannel, DocumentKind};
use fayuan_domain::docket::Case;
use fayuan_domain::documents::{CourtDocument, Template as DocTemplate};
use fayuan_domain::dossier::{Channel, Material, Volume};
use serde::Deserialize;

use super::{Chrome, CsrfForm, Done, china_time, error_page, parse, render, with_status};
use crate::WebState;
use crate::api::documents::document_inputs;
use crate::ctx::PageCtx;
use crate::error::status_of;

/// The delivery routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/deliveries", get(mine))
        .route("/deliveries/{id}", get(show))
        .route("/deliveries/{id}/documents/{material}", get(document))
        .route("/deliveries/{id}/certificate", get(certificate))
        .route("/deliveries/{id}/receipt-form", get(receipt_form))
        .route("/deliveries/{id}/sign", post(sign))
        .route("/deliveries/{id}/postal", post(postal))
        .route("/deliveries/{id}/resend", post(resend))
        .route(
            "/cases/{id}/delivery-address",
            get(address_page).post(confirm_address),
        )
        .route("/cases/{id}/deliveries", get(case_page).post(deliver))
        .route("/cases/{id}/documents/draft", post(draft_document))
        .route("/cases/{id}/documents", post(issue_document))
}

/// A delivery as listed.
struct Line {
    delivery: Delivery,
    created: String,
    delivered: String,
}

impl Line {
    fn of(d: &Delivery) -> Self {
        Self {
            created: china_time(d.created_at_us),
            delivered: d.delivered_at_us.map(china_time).unwrap_or_default(),
            delivery: d.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "delivery/list.html")]
struct ListPage {
    chrome: Chrome,
    lines: Vec<Line>,
}

async fn mine(State(state): State<WebState>, page: PageCtx) -> Response {
    match state.app.my_deliveries(&page.ctx).await {
        Ok(list) => render(&ListPage {
            chrome: Chrome::of(&page),
            lines: list.iter().map(Line::of).collect(),
        }),
        Err(e) => error_page(&page, e),
    }
}

/// One trace line.
struct Step {
    label: &'static str,
    channel: &'static str,
    at: String,
    detail: String,
    ledger_index: Option<i64>,
}

#[derive(Template)]
#[template(path = "delivery/show.html")]
struct ShowPage {
    chrome: Chrome,
    trace: DeliveryTrace,
    steps: Vec<Step>,
    delivered: String,
    is_recipient: bool,
    signed: bool,
    /// Postal service was chosen: staff record it here.
    postal: bool,
    /// Channels staff may send through again.
    channels: &'static [DeliveryChannel],
    /// Paper scanned into the case's main volume, to attach as the return receipt's scan.
    scans: Vec<Material>,
    error: Option<String>,
    notice: Option<String>,
}

async fn show(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let notice = (!done.done.is_empty()).then(|| page.lang.t("delivery.saved").to_owned());
    match parse(&id) {
        Ok(id) => trace_page(&state, &page, id, None, notice).await,
        Err(e) => error_page(&page, e),
    }
}

async fn trace_page(
    state: &WebState,
    page: &PageCtx,
    id: DeliveryId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    let trace = match state.app.delivery_trace(&page.ctx, id).await {
        Ok(t) => t,
        Err(e) => return error_page(page, e),
    };
    let is_recipient = page
        .ctx
        .actor
        .as_ref()
        .is_some_and(|a| a.account_id == trace.delivery.recipient_id);
    let steps = trace
        .events
        .iter()
        .map(|e| Step {
            label: e.kind.label(),
            channel: e.channel.map_or("", |c| c.label()),
            at: china_time(e.at_us),
            detail: e.detail.clone(),
            ledger_index: e.ledger_index,
        })
        .collect();
    let postal = trace.delivery.channels.contains(&DeliveryChannel::Postal);
    let scans = if postal && !is_recipient {
        match state
            .app
            .dossier(&page.ctx, trace.delivery.case_id, Volume::Main)
            .await
        {
            Ok(view) => view
                .entries
                .into_iter()
                .map(|(m, _)| m)
                .filter(|m| m.channel == Channel::Offline)
                .collect(),
            Err(e) => return error_page(page, e),
        }
    } else {
        Vec::new()
    };
    let status = error.as_ref().map(status_of);
    let body = render(&ShowPage {
        chrome: Chrome::of(page),
        postal,
        scans,
        channels: DeliveryChannel::ALL,
        delivered: trace
            .delivery
            .delivered_at_us
            .map(china_time)
            .unwrap_or_default(),
        signed: trace
            .events
            .iter()
            .any(|e| e.kind == fayuan_domain::delivery::EventKind::SignedFor),
        trace,
        steps,
        is_recipient,
        error: error.map(|e| e.to_string()),
        notice,
    });
    with_status(status, body)
}

/// After a form on a delivery: back to it, or the page with the refusal.
async fn after_delivery(
    state: &WebState,
    page: &PageCtx,
    id: DeliveryId,
    outcome: Result<(), AppError>,
) -> Response {
    match outcome {
        Ok(()) => Redirect::to(&format!("/deliveries/{id}?done=saved")).into_response(),
        Err(
            e @ (AppError::Invalid { .. }
            | AppError::Conflict { .. }
            | AppError::InvalidCredentials),
        ) => trace_page(state, page, id, Some(e), None).await,
        Err(e) => error_page(page, e),
    }
}

async fn document(
    State(state): State<WebState>,
    page: PageCtx,
    Path((id, material)): Path<(String, String)>,
) -> Response {
    let ids = parse::<DeliveryId>(&id).and_then(|d| Ok((d, parse::<MaterialId>(&material)?)));
    let content = match ids {
        Ok((d, m)) => state.app.download_delivered(&page.ctx, d, m).await,
        Err(e) => Err(e),
    };
    match content {
        Ok(c) => crate::api::dossier::content_response(c),
        Err(e) => error_page(&page, e),
    }
}

async fn certificate(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
) -> Response {
    let pdf = match parse(&id) {
        Ok(id) => state.app.delivery_certificate(&page.ctx, id).await,
        Err(e) => Err(e),
    };
    match pdf {
        Ok(pdf) => crate::api::delivery::pdf_response(pdf, "delivery-certificate.pdf"),
        Err(e) => error_page(&page, e),
    }
}

async fn receipt_form(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
) -> Response {
    let pdf = match parse(&id) {
        Ok(id) => state.app.service_receipt_form(&page.ctx, id).await,
        Err(e) => Err(e),
    };
    match pdf {
        Ok(pdf) => crate::api::delivery::pdf_response(pdf, "service-receipt.pdf"),
        Err(e) => error_page(&page, e),
    }
}

#[derive(Deserialize)]
struct SignForm {
    password: String,
}

async fn sign(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<SignForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: DeliveryId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let outcome = state
        .app
        .sign_for_delivery(&page.ctx, id, form.password)
        .await
        .map(|_| ());
    after_delivery(&state, &page, id, outcome).await
}

#[derive(Deserialize)]
struct PostalForm {
    #[serde(default)]
    tracking_number: String,
    #[serde(default)]
    return_receipt_date: String,
    #[serde(default)]
    return_receipt_scan: String,
}

async fn postal(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<PostalForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: DeliveryId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let record = if form.return_receipt_date.trim().is_empty() {
        Ok(PostalRecord::Posted {
            tracking_number: form.tracking_number,
        })
    } else {
        let scan = match form.return_receipt_scan.trim() {
            "" => Ok(None),
            s => parse::<MaterialId>(s).map(Some),
        };
        scan.and_then(|scan| {
            crate::api::delivery::parse_date(&form.return_receipt_date)
                .map(|signed_on| PostalRecord::ReturnReceipt { signed_on, scan })
                .map_err(|e| e.0)
        })
    };
    let outcome = match record {
        Ok(record) => state
            .app
            .record_postal(&page.ctx, id, record)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    after_delivery(&state, &page, id, outcome).await
}

/// Checked `channel_<name>` boxes of a form.
fn ticked_channels(form: &HashMap<String, String>) -> Vec<DeliveryChannel> {
    DeliveryChannel::ALL
        .iter()
        .copied()
        .filter(|c| form.contains_key(&format!("channel_{}", c.as_str())))
        .collect()
}

async fn resend(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<HashMap<String, String>>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: DeliveryId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let outcome = state
        .app
        .resend_delivery(&page.ctx, id, ticked_channels(&form))
        .await
        .map(|_| ());
    after_delivery(&state, &page, id, outcome).await
}

#[derive(Template)]
#[template(path = "delivery/address.html")]
struct AddressPage {
    chrome: Chrome,
    case_id: CaseId,
    history: Vec<(DeliveryAddress, String)>,
    current: Option<DeliveryAddress>,
    error: Option<String>,
    notice: Option<String>,
}

async fn address_page(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let notice = (!done.done.is_empty()).then(|| page.lang.t("delivery.saved").to_owned());
    match parse(&id) {
        Ok(id) => address_of(&state, &page, id, None, notice).await,
        Err(e) => error_page(&page, e),
    }
}

async fn address_of(
    state: &WebState,
    page: &PageCtx,
    case_id: CaseId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    let Some(actor) = page.ctx.actor.as_ref() else {
        return error_page(page, AppError::Unauthenticated);
    };
    let history = match state
        .app
        .delivery_addresses(&page.ctx, case_id, actor.account_id)
        .await
    {
        Ok(h) => h,
        Err(e) => return error_page(page, e),
    };
    let status = error.as_ref().map(status_of);
    let body = render(&AddressPage {
        chrome: Chrome::of(page),
        case_id,
        current: history.last().cloned(),
        history: history
            .into_iter()
            .rev()
            .map(|a| {
                let at = china_time(a.confirmed_at_us);
                (a, at)
            })
            .collect(),
        error: error.map(|e| e.to_string()),
        notice,
    });
    with_status(status, body)
}

#[derive(Deserialize)]
struct AddressForm {
    #[serde(default)]
    mobile: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    postal_address: String,
    #[serde(default)]
    consents_electronic: Option<String>,
}

async fn confirm_address(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<AddressForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: CaseId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let draft = AddressDraft {
        mobile: form.mobile,
        email: form.email,
        postal_address: form.postal_address,
        consents_electronic: form.consents_electronic.is_some(),
    };
    match state
        .app
        .confirm_delivery_address(&page.ctx, id, draft)
        .await
    {
        Ok(_) => Redirect::to(&format!("/cases/{id}/delivery-address?done=saved")).into_response(),
        Err(e @ AppError::Invalid { .. }) => address_of(&state, &page, id, Some(e), None).await,
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "delivery/case.html")]
struct CasePage {
    chrome: Chrome,
    case: Case,
    templates: Vec<DocTemplate>,
    lines: Vec<Line>,
    documents: Vec<Material>,
    kinds: &'static [DocumentKind],
    channels: &'static [DeliveryChannel],
    /// Kinds of document a publication may be recorded for.
    publication_types: &'static [fayuan_domain::publication::DocumentType],
    error: Option<String>,
    notice: Option<String>,
}

async fn case_page(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let notice = match done.done.as_str() {
        "" => None,
        "issued" => Some(page.lang.t("documents.issued").to_owned()),
        _ => Some(page.lang.t("delivery.delivered").to_owned()),
    };
    match parse(&id) {
        Ok(id) => case_of(&state, &page, id, None, notice).await,
        Err(e) => error_page(&page, e),
    }
}

async fn case_of(
    state: &WebState,
    page: &PageCtx,
    id: CaseId,
    error: Option<AppError>,
    notice: Option<String>,
) -> Response {
    let list = match state.app.case_deliveries(&page.ctx, id).await {
        Ok(l) => l,
        Err(e) => return error_page(page, e),
    };
    let view = match state.app.dossier(&page.ctx, id, Volume::Main).await {
        Ok(v) => v,
        Err(e) => return error_page(page, e),
    };
    let status = error.as_ref().map(status_of);
    let body = render(&CasePage {
        chrome: Chrome::of(page),
        documents: view.entries.into_iter().map(|(m, _)| m).collect(),
        case: view.case,
        lines: list.iter().map(Line::of).collect(),
        kinds: DocumentKind::ALL,
        // 不予受理 is ruled at filing review, never on a docketed case.
        templates: DocTemplate::ALL
            .iter()
            .copied()
            .filter(|t| *t != DocTemplate::RefusalRuling)
            .collect(),
        channels: DeliveryChannel::ALL,
        publication_types: fayuan_domain::publication::DocumentType::ALL,
        error: error.map(|e| e.to_string()),
        notice,
    });
    with_status(status, body)
}

/// The compose form: `recipient`, `kind`, `title`, a `channel_<name>` per channel ticked and a
/// `m_<material id>` per document ticked.
async fn deliver(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<HashMap<String, String>>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: CaseId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let field = |name: &str| form.get(name).map_or("", String::as_str);
    let draft = (|| {
        Ok::<_, AppError>(DeliveryDraft {
            recipient: field("recipient")
                .parse()
                .map_err(|_| AppError::invalid("delivery.not_a_participant", "请选择受送达人。"))?,
            kind: DocumentKind::parse(field("kind"))
                .ok_or_else(|| AppError::invalid("delivery.invalid_kind", "请选择文书类型。"))?,
            title: field("title").to_owned(),
            materials: form
                .keys()
                .filter_map(|k| k.strip_prefix("m_"))
                .filter_map(|m| m.parse().ok())
                .collect(),
            channels: ticked_channels(&form),
        })
    })();
    let outcome = match draft {
        Ok(draft) => state.app.deliver(&page.ctx, id, draft).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Redirect::to(&format!("/cases/{id}/deliveries?done=delivered")).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            case_of(&state, &page, id, Some(e), None).await
        }
        Err(e) => error_page(&page, e),
    }
}

#[derive(Template)]
#[template(path = "delivery/document.html")]
struct DocumentPage {
    chrome: Chrome,
    case_id: CaseId,
    template: DocTemplate,
    /// What the clerk chose, carried to the issue form.
    form: DocumentForm,
    document: CourtDocument,
    /// The paragraphs, one per line, for editing.
    text: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct DocumentForm {
    template: String,
    #[serde(default)]
    addressee: String,
    #[serde(default)]
    appointment_at: Option<String>,
    #[serde(default)]
    appointment_place: Option<String>,
    #[serde(default)]
    note: Option<String>,
    /// Edited paragraphs, one per line (issue only).
    #[serde(default)]
    text: Option<String>,
}

fn document_choice(form: &DocumentForm) -> Result<(DocTemplate, DocumentInputs), AppError> {
    let template = DocTemplate::parse(&form.template)
        .ok_or_else(|| AppError::invalid("documents.template", "请选择文书模板。"))?;
    let inputs = document_inputs(
        Some(&form.addressee),
        form.appointment_at.as_deref(),
        form.appointment_place.as_deref(),
        form.note.as_deref(),
    )?;
    Ok((template, inputs))
}

/// The template filled from the case, in a form to edit before issue.
async fn draft_document(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<DocumentForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: CaseId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let drafted = match document_choice(&form) {
        Ok((template, inputs)) => state
            .app
            .draft_document(&page.ctx, id, template, &inputs)
            .await
            .map(|d| (template, d)),
        Err(e) => Err(e),
    };
    match drafted {
        Ok((template, document)) => render(&DocumentPage {
            chrome: Chrome::of(&page),
            case_id: id,
            template,
            text: document.paragraphs.join("\n"),
            form,
            document,
            error: None,
        }),
        Err(e @ AppError::Invalid { .. }) => case_of(&state, &page, id, Some(e), None).await,
        Err(e) => error_page(&page, e),
    }
}

/// Issues the (edited) document and returns to the case's service page to serve it.
async fn issue_document(
    Path(id): Path<String>,
    State(state): State<WebState>,
    f: CsrfForm<DocumentForm>,
) -> Response {
    let CsrfForm { page, form } = f;
    let id: CaseId = match parse(&id) {
        Ok(id) => id,
        Err(e) => return error_page(&page, e),
    };
    let paragraphs = form
        .text
        .as_deref()
        .map(|t| t.lines().map(str::to_owned).collect::<Vec<_>>());
    let issued = match document_choice(&form) {
        Ok((template, inputs)) => {
            state
                .app
                .issue_document(&page.ctx, id, template, &inputs, paragraphs)
                .await
        }
        Err(e) => Err(e),
    };
    match issued {
        Ok(_) => Redirect::to(&format!("/cases/{id}/deliveries?done=issued")).into_response(),
        Err(e @ AppError::Invalid { .. }) => case_of(&state, &page, id, Some(e), None).await,
        Err(e) => error_page(&page, e),
    }
}
