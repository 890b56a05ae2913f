//! Service suspension at the edge (Rules art. 40): a request to a service an incident stops is
//! answered 503 with the incident's notice and `Retry-After` — problem+json under `/api`, a page
//! elsewhere. Which service a path belongs to is decided here, once.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use fayuan_domain::ops::OnlineService;

use crate::WebState;
use crate::ctx::PageCtx;
use crate::error::problem;
use crate::pages::{Chrome, MessagePage, render};

/// Seconds a client is asked to wait before trying a suspended service again.
pub const RETRY_AFTER_SECS: u32 = 300;

/// The online service a request path belongs to, if any (the portal, accounts, the inbox, the
/// incident pages and the operational endpoints belong to none and are never suspended).
pub fn service_of(path: &str) -> Option<OnlineService> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let rest = match segments.as_slice() {
        ["api", "v1", rest @ ..] => rest,
        rest => rest,
    };
    use OnlineService::{Delivery, Dossier, Filing, Hearing, Mediation, Openness, Payment};
    match rest {
        ["filings", ..] => Some(Filing),
        ["fee-notices" | "payments" | "fee-relief", ..] => Some(Payment),
        ["cases", _, "fees", ..] => Some(Payment),
        ["materials" | "evidence" | "reading-requests", ..] => Some(Dossier),
        [
            "cases",
            _,
            "dossier" | "materials" | "evidence" | "reading" | "reading-requests",
            ..,
        ] => Some(Dossier),
        ["mediations" | "mediators" | "mediation-organisations", ..] => Some(Mediation),
        ["cases", _, "mediations", ..] => Some(Mediation),
        [
            "courts",
            _,
            "mediation-roster" | "mediators" | "mediation-organisations",
            ..,
        ] => Some(Mediation),
        ["public", "incidents", ..] => None,
        ["hearings"] | ["public", ..] | ["judgments" | "process" | "statistics", ..] => {
            Some(Openness)
        }
        ["hearings", ..] | ["hearing-calendar", ..] | ["staff", "calendar", ..] => Some(Hearing),
        ["cases", _, "hearings" | "hearing-times", ..] => Some(Hearing),
        ["deliveries", ..] => Some(Delivery),
        [
            "cases",
            _,
            "deliveries" | "documents" | "delivery-address" | "addresses",
            ..,
        ] => Some(Delivery),
        _ => None,
    }
}

/// Answers 503 for a service an incident stops; lets everything else through.
pub async fn suspend_services(State(state): State<WebState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let Some(incident) = service_of(&path).and_then(|s| state.app.suspended(s)) else {
        return next.run(req).await;
    };
    let detail = format!("{}：{}", incident.title, incident.notice);
    let mut response = if path.starts_with("/api/") {
        problem(StatusCode::SERVICE_UNAVAILABLE, "service.suspended", detail)
    } else {
        let (mut parts, _) = req.into_parts();
        let page = match PageCtx::from_request_parts(&mut parts, &state).await {
            Ok(page) => page,
            Err(never) => match never {},
        };
        let chrome = Chrome::of(&page);
        let body = MessagePage {
            heading: chrome.t("incident.suspended").to_owned(),
            message: detail,
            tone: "error",
            back_href: "/incidents".into(),
            back_label: chrome.t("incident.title").to_owned(),
            chrome,
        };
        (StatusCode::SERVICE_UNAVAILABLE, render(&body)).into_response()
    };
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_their_service() {
        use OnlineService::*;
        let cases = [
            ("/api/v1/filings", Some(Filing)),
            ("/filings/new", Some(Filing)),
            ("/api/v1/fee-notices/x/payments", Some(Payment)),
            ("/fee-notices/x/pay", Some(Payment)),
            ("/api/v1/cases/x/materials", Some(Dossier)),
            ("/cases/x/dossier", Some(Dossier)),
            ("/mediations/x/messages", Some(Mediation)),
            ("/api/v1/courts/x/mediation-roster", Some(Mediation)),
            ("/hearings", Some(Openness)),
            ("/api/v1/public/hearings", Some(Openness)),
            ("/judgments/x", Some(Openness)),
            ("/hearings/x/video", Some(Hearing)),
            ("/cases/x/hearings", Some(Hearing)),
            ("/api/v1/deliveries", Some(Delivery)),
            ("/cases/x/documents", Some(Delivery)),
            ("/", None),
            ("/login", None),
            ("/incidents", None),
            ("/api/v1/incidents/x/lift", None),
            ("/api/v1/public/incidents", None),
            ("/cases/x", None),
            ("/inbox", None),
            ("/healthz", None),
        ];
        for (path, service) in cases {
            assert_eq!(service_of(path), service, "{path}");
        }
    }
}
