//! The JSON API under `/api/v1`, with its OpenAPI 3.1 document generated from the handlers.

pub mod accounts;
pub mod audit;
pub mod court;
pub mod delivery;
pub mod docket;
pub mod documents;
pub mod dossier;
pub mod evidence;
pub mod fees;
pub mod filing;
pub mod hearing;
pub mod inbox;
pub mod incident;
pub mod ledger;
pub mod mediation;
pub mod ops;
pub mod process;
pub mod publication;
pub mod staff;
pub mod statistics;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::WebState;
use crate::error::problem;

/// Top-level description of the API document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "fayuan API",
        description = "人民法院在线服务开放接口。Authenticate with `POST /api/v1/sessions`, then send `Authorization: Bearer <token>`. Errors are RFC 9457 problem+json with a stable `code`.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// Declares the bearer-token security scheme.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API routes and the OpenAPI document describing exactly them.
pub fn routes() -> (axum::Router<WebState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(accounts::register))
        .routes(routes!(accounts::account))
        .routes(routes!(accounts::login))
        .routes(routes!(accounts::logout))
        .routes(routes!(accounts::me))
        .routes(routes!(accounts::change_password))
        .routes(routes!(accounts::offer_totp))
        .routes(routes!(accounts::confirm_totp))
        .routes(routes!(accounts::disable_totp))
        .routes(routes!(accounts::request_password_reset))
        .routes(routes!(accounts::confirm_password_reset))
        .routes(routes!(court::list_courts, court::create_court))
        .routes(routes!(court::court_detail))
        .routes(routes!(court::create_division))
        .routes(routes!(court::create_courtroom))
        .routes(routes!(court::fee_schedule, court::set_fee_schedule))
        .routes(routes!(staff::list_staff, staff::create_staff))
        .routes(routes!(staff::update_staff))
        .routes(routes!(filing::create, filing::mine))
        .routes(routes!(filing::read, filing::update))
        .routes(routes!(filing::submit))
        .routes(routes!(filing::queue))
        .routes(routes!(filing::docket))
        .routes(routes!(filing::request_correction))
        .routes(routes!(filing::refuse))
        .routes(routes!(filing::divert))
        .routes(routes!(docket::list))
        .routes(routes!(docket::read))
        .routes(routes!(docket::fees))
        .routes(routes!(docket::assign))
        .routes(routes!(docket::close))
        .routes(routes!(docket::archive))
        .routes(routes!(docket::record_suspension))
        .routes(routes!(docket::end_suspension))
        .routes(routes!(docket::request_extension))
        .routes(routes!(docket::decide_extension))
        .routes(routes!(docket::dashboard))
        .routes(routes!(dossier::submit_to_case))
        .routes(routes!(
            dossier::submit_to_filing,
            dossier::filing_materials
        ))
        .routes(routes!(dossier::scan))
        .routes(routes!(dossier::dossier))
        .routes(routes!(dossier::content))
        .routes(routes!(dossier::edit))
        .routes(routes!(dossier::export))
        .routes(routes!(dossier::manifest))
        .routes(routes!(dossier::apply_reading, dossier::reading_requests))
        .routes(routes!(dossier::decide_reading))
        .routes(routes!(dossier::add_participant))
        .routes(routes!(evidence::board, evidence::add))
        .routes(routes!(evidence::open_exchange))
        .routes(routes!(evidence::cross_examine))
        .routes(routes!(evidence::record_finding))
        .routes(routes!(
            publication::record_effective,
            publication::case_publications
        ))
        .routes(routes!(publication::queue))
        .routes(routes!(publication::review))
        .routes(routes!(publication::approve))
        .routes(routes!(publication::withdraw))
        .routes(routes!(publication::correct))
        .routes(routes!(publication::public_judgments))
        .routes(routes!(publication::public_judgment))
        .routes(routes!(statistics::public_statistics))
        .routes(routes!(publication::related_judgments))
        .routes(routes!(process::query))
        .routes(routes!(process::renew))
        .routes(routes!(mediation::mine))
        .routes(routes!(mediation::read))
        .routes(routes!(mediation::apply))
        .routes(routes!(mediation::start_in_case, mediation::of_case))
        .routes(routes!(mediation::invitation))
        .routes(routes!(mediation::answer))
        .routes(routes!(mediation::choose))
        .routes(routes!(mediation::designate))
        .routes(routes!(mediation::accept))
        .routes(routes!(mediation::decline))
        .routes(routes!(mediation::messages, mediation::post_message))
        .routes(routes!(mediation::events))
        .routes(routes!(mediation::video))
        .routes(routes!(mediation::start_recording, mediation::recordings))
        .routes(routes!(mediation::recording, mediation::append_recording))
        .routes(routes!(mediation::finish_recording))
        .routes(routes!(mediation::materials, mediation::share))
        .routes(routes!(mediation::material))
        .routes(routes!(mediation::record))
        .routes(routes!(mediation::schedule))
        .routes(routes!(mediation::cancel_session))
        .routes(routes!(mediation::settlement, mediation::draft_settlement))
        .routes(routes!(mediation::sign))
        .routes(routes!(mediation::refuse))
        .routes(routes!(mediation::extend))
        .routes(routes!(mediation::end))
        .routes(routes!(mediation::withdraw))
        .routes(routes!(mediation::apply_confirmation))
        .routes(routes!(mediation::decide_confirmation))
        .routes(routes!(mediation::statement))
        .routes(routes!(mediation::roster))
        .routes(routes!(mediation::create_organisation))
        .routes(routes!(mediation::organisation_status))
        .routes(routes!(mediation::appoint))
        .routes(routes!(mediation::mediator_status))
        .routes(routes!(mediation::mediator_profile))
        .routes(routes!(mediation::statistics))
        .routes(routes!(hearing::schedule, hearing::of_case))
        .routes(routes!(hearing::suggest))
        .routes(routes!(hearing::reschedule))
        .routes(routes!(hearing::adjourn))
        .routes(routes!(hearing::advance))
        .routes(routes!(hearing::presence))
        .routes(routes!(hearing::calendar))
        .routes(routes!(hearing::notices))
        .routes(routes!(hearing::transcript, hearing::write_transcript))
        .routes(routes!(hearing::submit_transcript))
        .routes(routes!(hearing::reopen_transcript))
        .routes(routes!(hearing::sign_transcript))
        .routes(routes!(hearing::object_to_transcript))
        .routes(routes!(hearing::resolve_objection))
        .routes(routes!(hearing::account_for_signer))
        .routes(routes!(hearing::lock_transcript))
        .routes(routes!(hearing::start_recording, hearing::recordings))
        .routes(routes!(documents::draft))
        .routes(routes!(documents::issue))
        .routes(routes!(delivery::confirm_address))
        .routes(routes!(delivery::addresses))
        .routes(routes!(delivery::deliver, delivery::case_deliveries))
        .routes(routes!(delivery::mine))
        .routes(routes!(delivery::trace))
        .routes(routes!(delivery::document))
        .routes(routes!(delivery::certificate))
        .routes(routes!(delivery::receipt_form))
        .routes(routes!(delivery::sign))
        .routes(routes!(delivery::postal))
        .routes(routes!(delivery::resend))
        .routes(routes!(ledger::info))
        .routes(routes!(ledger::checkpoints))
        .routes(routes!(ledger::checkpoint))
        .routes(routes!(ledger::entry))
        .routes(routes!(ledger::receipt))
        .routes(routes!(ledger::inclusion))
        .routes(routes!(ledger::consistency))
        .routes(routes!(ledger::lookup))
        .routes(routes!(ledger::lookup_file))
        .routes(routes!(ledger::verify_receipt))
        .routes(routes!(fees::start))
        .routes(routes!(fees::read))
        .routes(routes!(fees::callback))
        .routes(routes!(fees::apply_relief))
        .routes(routes!(fees::decide_relief))
        .routes(routes!(fees::case_reliefs))
        .routes(routes!(inbox::list))
        .routes(routes!(inbox::unread))
        .routes(routes!(inbox::preferences, inbox::set_preferences))
        .routes(routes!(inbox::mark_read))
        .routes(routes!(audit::search))
        .routes(routes!(incident::declare))
        .routes(routes!(incident::lift))
        .routes(routes!(incident::extend))
        .routes(routes!(incident::public))
        .routes(routes!(ops::sandbox_sms))
        .routes(routes!(ops::healthz))
        .routes(routes!(ops::readyz))
        .routes(routes!(ops::metrics))
        .routes(routes!(ops::openapi_json))
        .split_for_parts()
}

/// A JSON request body whose rejections are problem+json like every other API error.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// A query string whose rejections are problem+json (422 `request.invalid_query`).
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(rejection) => Err(problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "request.invalid_query",
                format!("查询参数不正确：{}", rejection.body_text()),
            )),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> Response {
    let (status, code) = match &rejection {
        JsonRejection::MissingJsonContentType(_) => {
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "request.content_type")
        }
        JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, "request.malformed_json"),
        JsonRejection::JsonDataError(_) => {
            (StatusCode::UNPROCESSABLE_ENTITY, "request.invalid_body")
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            (StatusCode::PAYLOAD_TOO_LARGE, "request.too_large")
        }
        other => (other.status(), "request.unreadable_body"),
    };
    problem(
        status,
        code,
        format!("请求体不正确：{}", rejection.body_text()),
    )
}

/// Formats an instant as RFC 3339.
pub fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A response with status 201 and a JSON body.
pub fn created<T: serde::Serialize>(body: T) -> Response {
    (StatusCode::CREATED, axum::Json(body)).into_response()
}
