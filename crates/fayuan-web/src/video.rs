//! Audio and video rooms, built-in mesh: the room page (`/mediations/{id}/video`), its script,
//! and the signalling WebSocket (`/video/{room}/signal`) that relays offers, answers and ICE
//! candidates between the browsers of one room. No media passes through the server. The relay
//! lives in this process: behind several server processes, a room's participants must reach the
//! same one (sticky routing on the room's path), or an SFU adapter replaces the mesh.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use askama::Template;
use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fayuan_app::AppError;
use fayuan_app::mediation::video::VideoJoin;
use fayuan_core::id::MediationId;
use fayuan_domain::ports::RoomTicket;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::WebState;
use crate::ctx::PageCtx;
use crate::pages::{Chrome, error_page, render};

/// Largest signalling message accepted (an SDP offer is a few kilobytes).
const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// Messages queued for one slow browser before further ones are dropped.
const QUEUE: usize = 64;

/// The routes of the video rooms.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/mediations/{id}/video", get(mediation_room))
        .route("/video/{room}/signal", get(signal))
        .route("/static/video.js", get(script))
        .route("/mediations/{id}/video/recordings", post(start_recording))
        .route(
            "/mediations/{id}/video/recordings/{recording}",
            get(recording).patch(append_recording),
        )
        .route(
            "/mediations/{id}/video/recordings/{recording}/finish",
            post(finish_recording),
        )
}

/// Whether a script request of the room page may proceed: this site's origin and the session's
/// anti-CSRF token in `X-CSRF-Token`.
fn script_request(page: &PageCtx, headers: &HeaderMap) -> bool {
    let token = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    same_origin(headers) && !page.csrf.is_empty() && token == Some(page.csrf.as_str())
}

/// The answer to a script request that failed the check.
fn refused() -> Response {
    crate::error::ApiError(AppError::Forbidden).into_response()
}

/// A recording as the room's script needs it.
fn recording_json(r: &fayuan_domain::mediation::recording::Recording) -> Response {
    axum::Json(crate::api::mediation::RecordingView::from(r)).into_response()
}

/// The mediator's browser starts recording (the page's counterpart of the API call).
async fn start_recording(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !script_request(&page, &headers) {
        return refused();
    }
    let Ok(id) = id.parse::<MediationId>() else {
        return crate::error::ApiError(AppError::NotFound).into_response();
    };
    match state.app.start_recording(&page.ctx, id).await {
        Ok(r) => (StatusCode::CREATED, recording_json(&r)).into_response(),
        Err(e) => crate::error::ApiError(e).into_response(),
    }
}

/// Where an interrupted upload resumes.
async fn recording(
    State(state): State<WebState>,
    page: PageCtx,
    Path((_, recording)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !script_request(&page, &headers) {
        return refused();
    }
    let Ok(id) = recording.parse() else {
        return crate::error::ApiError(AppError::NotFound).into_response();
    };
    match state.app.recording(&page.ctx, id).await {
        Ok(r) => recording_json(&r),
        Err(e) => crate::error::ApiError(e).into_response(),
    }
}

/// Appends a piece the browser recorded.
async fn append_recording(
    State(state): State<WebState>,
    page: PageCtx,
    Path((_, recording)): Path<(String, String)>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<crate::api::mediation::OffsetQuery>,
    body: axum::body::Body,
) -> Response {
    if !script_request(&page, &headers) {
        return refused();
    }
    let Ok(id) = recording.parse() else {
        return crate::error::ApiError(AppError::NotFound).into_response();
    };
    let piece = match crate::api::mediation::read_piece(body).await {
        Ok(piece) => piece,
        Err(e) => return e.into_response(),
    };
    match state
        .app
        .append_recording(&page.ctx, id, q.offset, &piece)
        .await
    {
        Ok(r) => recording_json(&r),
        Err(e) => crate::error::ApiError(e).into_response(),
    }
}

/// Files the recording when the mediator stops it.
async fn finish_recording(
    State(state): State<WebState>,
    page: PageCtx,
    Path((_, recording)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !script_request(&page, &headers) {
        return refused();
    }
    let Ok(id) = recording.parse() else {
        return crate::error::ApiError(AppError::NotFound).into_response();
    };
    match state.app.finish_recording(&page.ctx, id).await {
        Ok(r) => recording_json(&r),
        Err(e) => crate::error::ApiError(e).into_response(),
    }
}

/// The rooms of this process and who is in each.
#[derive(Debug, Default)]
pub struct Hub {
    rooms: Mutex<HashMap<String, HashMap<u64, Peer>>>,
    next: AtomicU64,
}

#[derive(Debug)]
struct Peer {
    name: String,
    outbox: mpsc::Sender<String>,
}

impl Hub {
    /// Adds a peer to a room unless it is full; returns its id and the others already there.
    fn join(
        &self,
        room: &str,
        name: &str,
        capacity: usize,
        outbox: mpsc::Sender<String>,
    ) -> Option<(u64, Vec<Value>)> {
        let mut rooms = self.rooms.lock().ok()?;
        let peers = rooms.entry(room.to_owned()).or_default();
        if peers.len() >= capacity {
            return None;
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let others = peers
            .iter()
            .map(|(id, p)| json!({"id": id, "name": p.name}))
            .collect();
        let joined = json!({"type": "joined", "peer": {"id": id, "name": name}}).to_string();
        for p in peers.values() {
            let _ = p.outbox.try_send(joined.clone());
        }
        peers.insert(
            id,
            Peer {
                name: name.to_owned(),
                outbox,
            },
        );
        Some((id, others))
    }

    /// Removes a peer and tells the others; an empty room is forgotten.
    fn leave(&self, room: &str, id: u64) {
        let Ok(mut rooms) = self.rooms.lock() else {
            return;
        };
        if let Some(peers) = rooms.get_mut(room) {
            peers.remove(&id);
            let left = json!({"type": "left", "id": id}).to_string();
            for p in peers.values() {
                let _ = p.outbox.try_send(left.clone());
            }
            if peers.is_empty() {
                rooms.remove(room);
            }
        }
    }

    /// Passes a signal from one peer to another in the same room; anything else is ignored.
    fn relay(&self, room: &str, from: u64, name: &str, text: &str) {
        let Ok(message) = serde_json::from_str::<Value>(text) else {
            return;
        };
        let (Some("signal"), Some(to)) = (message["type"].as_str(), message["to"].as_u64()) else {
            return;
        };
        let Ok(rooms) = self.rooms.lock() else {
            return;
        };
        if let Some(peer) = rooms.get(room).and_then(|peers| peers.get(&to)) {
            let forwarded =
                json!({"type": "signal", "from": from, "name": name, "data": message["data"]});
            let _ = peer.outbox.try_send(forwarded.to_string());
        }
    }

    /// Serves one browser's connection until it closes.
    async fn run(&self, room: String, name: String, capacity: usize, mut socket: WebSocket) {
        let (outbox, mut inbox) = mpsc::channel::<String>(QUEUE);
        let Some((id, others)) = self.join(&room, &name, capacity, outbox) else {
            let full = json!({"type": "full", "capacity": capacity}).to_string();
            let _ = socket.send(Message::Text(full.into())).await;
            return;
        };
        let welcome = json!({"type": "welcome", "id": id, "peers": others}).to_string();
        if socket.send(Message::Text(welcome.into())).await.is_ok() {
            loop {
                tokio::select! {
                    received = socket.recv() => match received {
                        Some(Ok(Message::Text(text))) => self.relay(&room, id, &name, &text),
                        Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                        Some(Ok(_)) => {}
                    },
                    queued = inbox.recv() => match queued {
                        Some(text) => {
                            if socket.send(Message::Text(text.into())).await.is_err() {
                                break;
                            }
                        }
                        None => break,
                    },
                }
            }
        }
        self.leave(&room, id);
    }
}

/// Whether a WebSocket handshake comes from this site's own pages: browsers send cookies with
/// cross-site WebSocket handshakes, so the origin must name the host asked.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        None => true,
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest);
            origin_host.is_some() && origin_host == host
        }
    }
}

/// Who may join the named room: the use case that authorises the actor for it.
async fn join(state: &WebState, page: &PageCtx, room: &str) -> Result<VideoJoin, AppError> {
    let id: MediationId = room
        .strip_prefix("mediation-")
        .and_then(|id| id.parse().ok())
        .ok_or(AppError::NotFound)?;
    state.app.join_mediation_video(&page.ctx, id).await
}

/// The signalling WebSocket of a room, for the participants the use case admits: browsers by
/// their session cookie, other clients by `Authorization: Bearer`.
async fn signal(
    State(state): State<WebState>,
    mut page: PageCtx,
    Path(room): Path<String>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !same_origin(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let (None, Some(token)) = (&page.ctx.actor, bearer) {
        page.ctx.actor = state.app.actor_for_token(token.trim()).await.ok().flatten();
    }
    let joined = match join(&state, &page, &room).await {
        Ok(joined) => joined,
        Err(e) => return crate::error::ApiError(e).into_response(),
    };
    let RoomTicket::Mesh { capacity, .. } = joined.ticket else {
        // Rooms of an SFU are not relayed here.
        return StatusCode::NOT_FOUND.into_response();
    };
    let name = joined.participant.display_name;
    upgrade
        .max_message_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| async move {
            state.video.run(joined.room, name, capacity, socket).await;
        })
}

#[derive(Template)]
#[template(path = "video/room.html")]
struct RoomPage {
    chrome: Chrome,
    mediation_id: MediationId,
    number: String,
    name: String,
    signal_path: String,
    ice_servers: String,
    capacity: usize,
    may_record: bool,
}

/// The video room of a mediation: the local picture, one picture per other participant, and
/// the controls (microphone, camera, screen sharing, leave).
async fn mediation_room(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
) -> Response {
    let Ok(mediation_id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    let joined = match state
        .app
        .join_mediation_video(&page.ctx, mediation_id)
        .await
    {
        Ok(joined) => joined,
        Err(e) => return error_page(&page, e),
    };
    let RoomTicket::Mesh {
        signal_path,
        ice_servers,
        capacity,
    } = joined.ticket
    else {
        return error_page(&page, AppError::NotFound);
    };
    render(&RoomPage {
        chrome: Chrome::of(&page),
        mediation_id,
        number: joined.number,
        name: joined.participant.display_name,
        signal_path,
        ice_servers: serde_json::to_string(&ice_servers).unwrap_or_else(|_| "[]".into()),
        capacity,
        may_record: joined.may_record,
    })
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        include_str!("../static/video.js"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooms_fill_relay_and_empty() {
        let hub = Hub::default();
        let (a_tx, mut a_rx) = mpsc::channel(8);
        let (b_tx, mut b_rx) = mpsc::channel(8);
        let (c_tx, _c_rx) = mpsc::channel(8);
        let (a, none) = hub.join("r", "甲", 2, a_tx).unwrap();
        assert!(none.is_empty());
        let (b, others) = hub.join("r", "乙", 2, b_tx).unwrap();
        assert_eq!(others[0]["name"], "甲");
        assert!(hub.join("r", "丙", 2, c_tx).is_none(), "full");
        let joined: Value = serde_json::from_str(&a_rx.try_recv().unwrap()).unwrap();
        assert_eq!(joined["peer"]["id"], b);
        hub.relay(
            "r",
            b,
            "乙",
            &json!({"type": "signal", "to": a, "data": {"sdp": "x"}}).to_string(),
        );
        let signal: Value = serde_json::from_str(&a_rx.try_recv().unwrap()).unwrap();
        assert_eq!(
            (signal["from"].as_u64(), signal["data"]["sdp"].as_str()),
            (Some(b), Some("x"))
        );
        hub.relay(
            "other",
            b,
            "乙",
            &json!({"type": "signal", "to": a}).to_string(),
        );
        hub.relay("r", b, "乙", "not json");
        assert!(
            a_rx.try_recv().is_err(),
            "nothing crosses rooms or parses from garbage"
        );
        hub.leave("r", a);
        let left: Value = serde_json::from_str(&b_rx.try_recv().unwrap()).unwrap();
        assert_eq!(left["id"], a);
        hub.leave("r", b);
        assert!(hub.rooms.lock().unwrap().is_empty());
    }

    #[test]
    fn only_our_pages_open_sockets() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "court.example:8080".parse().unwrap());
        assert!(same_origin(&headers));
        headers.insert(header::ORIGIN, "http://court.example:8080".parse().unwrap());
        assert!(same_origin(&headers));
        headers.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(!same_origin(&headers));
    }
}
