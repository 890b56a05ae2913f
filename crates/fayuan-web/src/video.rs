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
use fayuan_core::id::{HearingId, MediationId};
use fayuan_domain::ports::{RoomRole, RoomTicket};
use fayuan_domain::recording::Recorded;
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
        .route("/hearings/{id}/video", get(hearing_room))
        .route("/video/{room}/signal", get(signal))
        .route("/static/video.js", get(script))
        .route("/mediations/{id}/video/recordings", post(start_recording))
        .route(
            "/hearings/{id}/video/recordings",
            post(start_hearing_recording),
        )
        .route(
            "/mediations/{id}/video/recordings/{recording}",
            get(recording).patch(append_recording),
        )
        .route(
            "/hearings/{id}/video/recordings/{recording}",
            get(recording).patch(append_recording),
        )
        .route(
            "/mediations/{id}/video/recordings/{recording}/finish",
            post(finish_recording),
        )
        .route(
            "/hearings/{id}/video/recordings/{recording}/finish",
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
fn recording_json(r: &fayuan_domain::recording::Recording) -> Response {
    axum::Json(crate::api::mediation::RecordingView::from(r)).into_response()
}

/// The mediator's browser starts recording (the page's counterpart of the API call).
async fn start_recording(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let subject = id.parse().ok().map(Recorded::Mediation);
    start(&state, &page, &headers, subject).await
}

/// The presiding judge's browser starts recording a sitting.
async fn start_hearing_recording(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let subject = id.parse().ok().map(Recorded::Hearing);
    start(&state, &page, &headers, subject).await
}

/// Starts recording what the room is about, for the room's script.
async fn start(
    state: &WebState,
    page: &PageCtx,
    headers: &HeaderMap,
    subject: Option<Recorded>,
) -> Response {
    if !script_request(page, headers) {
        return refused();
    }
    let started = match subject {
        Some(Recorded::Mediation(m)) => state.app.start_mediation_recording(&page.ctx, m).await,
        Some(Recorded::Hearing(h)) => state.app.start_hearing_recording(&page.ctx, h).await,
        None => Err(AppError::NotFound),
    };
    match started {
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

/// The rooms of this process: who is in each, and who waits to be admitted.
#[derive(Debug, Default)]
pub struct Hub {
    rooms: Mutex<HashMap<String, Room>>,
    next: AtomicU64,
}

#[derive(Debug, Default)]
struct Room {
    peers: HashMap<u64, Peer>,
    waiting: HashMap<u64, Peer>,
}

#[derive(Debug)]
struct Peer {
    name: String,
    role: RoomRole,
    outbox: mpsc::Sender<Outgoing>,
}

/// What the relay sends one browser.
#[derive(Debug)]
enum Outgoing {
    /// A JSON message.
    Text(String),
    /// Close the connection (removed, or the sitting ended).
    Close,
}

impl Room {
    fn send_all(&self, text: &str, except: Option<u64>) {
        for (id, p) in &self.peers {
            if Some(*id) != except {
                let _ = p.outbox.try_send(Outgoing::Text(text.to_owned()));
            }
        }
    }

    fn send_hosts(&self, text: &str) {
        for p in self.peers.values().filter(|p| p.role == RoomRole::Host) {
            let _ = p.outbox.try_send(Outgoing::Text(text.to_owned()));
        }
    }

    fn listing(&self, except: u64) -> Vec<Value> {
        self.peers
            .iter()
            .filter(|(id, _)| **id != except)
            .map(|(id, p)| json!({"id": id, "name": p.name}))
            .collect()
    }

    fn waiting_list(&self) -> Vec<Value> {
        self.waiting
            .iter()
            .map(|(id, p)| json!({"id": id, "name": p.name}))
            .collect()
    }

    /// Moves a peer into the room: it is welcomed with who is there (and, for a host, who
    /// waits), and the others are told.
    fn enter(&mut self, id: u64, peer: Peer) {
        let mut welcome = json!({"type": "welcome", "id": id, "peers": self.listing(id)});
        if peer.role == RoomRole::Host {
            welcome["waiting"] = Value::from(self.waiting_list());
        }
        let _ = peer.outbox.try_send(Outgoing::Text(welcome.to_string()));
        let joined = json!({"type": "joined", "peer": {"id": id, "name": peer.name}}).to_string();
        self.send_all(&joined, Some(id));
        self.peers.insert(id, peer);
    }
}

impl Hub {
    /// Adds a peer to a room, or to its waiting room when a guest; `None` when the room is full.
    fn join(
        &self,
        room: &str,
        name: &str,
        role: RoomRole,
        capacity: usize,
        outbox: mpsc::Sender<Outgoing>,
    ) -> Option<u64> {
        let mut rooms = self.rooms.lock().ok()?;
        let state = rooms.entry(room.to_owned()).or_default();
        if state.peers.len() + state.waiting.len() >= capacity {
            return None;
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let peer = Peer {
            name: name.to_owned(),
            role,
            outbox,
        };
        if role == RoomRole::Guest {
            let _ = peer.outbox.try_send(Outgoing::Text(
                json!({"type": "held", "id": id}).to_string(),
            ));
            state.send_hosts(
                &json!({"type": "waiting", "peer": {"id": id, "name": name}}).to_string(),
            );
            state.waiting.insert(id, peer);
        } else {
            state.enter(id, peer);
        }
        Some(id)
    }

    /// Removes a peer and tells the others; an empty room is forgotten.
    fn leave(&self, room: &str, id: u64) {
        let Ok(mut rooms) = self.rooms.lock() else {
            return;
        };
        if let Some(state) = rooms.get_mut(room) {
            if state.peers.remove(&id).is_some() {
                state.send_all(&json!({"type": "left", "id": id}).to_string(), None);
            } else if state.waiting.remove(&id).is_some() {
                state.send_hosts(&json!({"type": "unwaiting", "id": id}).to_string());
            }
            if state.peers.is_empty() && state.waiting.is_empty() {
                rooms.remove(room);
            }
        }
    }

    /// Handles a message from a peer: a signal passed to another peer of the room, or — from
    /// the host — admitting, muting or removing a peer, or ending the sitting.
    fn relay(&self, room: &str, from: u64, name: &str, text: &str) {
        let Ok(message) = serde_json::from_str::<Value>(text) else {
            return;
        };
        let Ok(mut rooms) = self.rooms.lock() else {
            return;
        };
        let Some(state) = rooms.get_mut(room) else {
            return;
        };
        let Some(sender) = state.peers.get(&from) else {
            return;
        };
        let host = sender.role == RoomRole::Host;
        let to = message["peer"].as_u64().or(message["to"].as_u64());
        match (message["type"].as_str(), to) {
            (Some("signal"), Some(to)) => {
                if let Some(peer) = state.peers.get(&to) {
                    let forwarded = json!({"type": "signal", "from": from, "name": name, "data": message["data"]});
                    let _ = peer.outbox.try_send(Outgoing::Text(forwarded.to_string()));
                }
            }
            (Some("admit"), Some(to)) if host => {
                if let Some(peer) = state.waiting.remove(&to) {
                    state.enter(to, peer);
                }
            }
            (Some("mute"), Some(to)) if host => {
                if let Some(peer) = state.peers.get(&to) {
                    let _ = peer
                        .outbox
                        .try_send(Outgoing::Text(json!({"type": "mute"}).to_string()));
                }
            }
            (Some("remove"), Some(to)) if host && to != from => {
                let removed = if let Some(peer) = state.peers.remove(&to) {
                    state.send_all(&json!({"type": "left", "id": to}).to_string(), None);
                    Some(peer)
                } else {
                    let peer = state.waiting.remove(&to);
                    state.send_hosts(&json!({"type": "unwaiting", "id": to}).to_string());
                    peer
                };
                if let Some(peer) = removed {
                    let _ = peer
                        .outbox
                        .try_send(Outgoing::Text(json!({"type": "removed"}).to_string()));
                    let _ = peer.outbox.try_send(Outgoing::Close);
                }
            }
            (Some("end"), _) if host => {
                let ended = json!({"type": "ended"}).to_string();
                for peer in state.peers.values().chain(state.waiting.values()) {
                    let _ = peer.outbox.try_send(Outgoing::Text(ended.clone()));
                    let _ = peer.outbox.try_send(Outgoing::Close);
                }
                rooms.remove(room);
            }
            _ => {}
        }
    }

    /// Serves one browser's connection until it closes or is closed.
    async fn run(
        &self,
        room: String,
        name: String,
        role: RoomRole,
        capacity: usize,
        mut socket: WebSocket,
    ) {
        let (outbox, mut inbox) = mpsc::channel::<Outgoing>(QUEUE);
        let Some(id) = self.join(&room, &name, role, capacity, outbox) else {
            let full = json!({"type": "full", "capacity": capacity}).to_string();
            let _ = socket.send(Message::Text(full.into())).await;
            return;
        };
        loop {
            tokio::select! {
                received = socket.recv() => match received {
                    Some(Ok(Message::Text(text))) => self.relay(&room, id, &name, &text),
                    Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                    Some(Ok(_)) => {}
                },
                queued = inbox.recv() => match queued {
                    Some(Outgoing::Text(text)) => {
                        if socket.send(Message::Text(text.into())).await.is_err() {
                            break;
                        }
                    }
                    Some(Outgoing::Close) | None => {
                        let _ = socket.send(Message::Close(None)).await;
                        break;
                    }
                },
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
    if let Some(id) = room.strip_prefix("mediation-") {
        let id: MediationId = id.parse().map_err(|_| AppError::NotFound)?;
        return state.app.join_mediation_video(&page.ctx, id).await;
    }
    let id: HearingId = room
        .strip_prefix("hearing-")
        .and_then(|id| id.parse().ok())
        .ok_or(AppError::NotFound)?;
    state.app.join_hearing_video(&page.ctx, id).await
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
    let (name, role) = (joined.participant.display_name, joined.participant.role);
    upgrade
        .max_message_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| async move {
            state
                .video
                .run(joined.room, name, role, capacity, socket)
                .await;
        })
}

#[derive(Template)]
#[template(path = "video/room.html")]
struct RoomPage {
    chrome: Chrome,
    /// The page the room belongs to (the mediation room, the case).
    back_href: String,
    number: String,
    name: String,
    signal_path: String,
    ice_servers: String,
    capacity: usize,
    /// Where the recorder's browser uploads, when the participant records.
    recordings: Option<String>,
    /// The participant conducts the sitting (admits, mutes, removes, ends).
    host: bool,
    /// Who takes part and how.
    attendance: Vec<String>,
}

/// The page of a room the participant joined: the local picture, one picture per other
/// participant, and the controls (microphone, camera, screen sharing, leave; the host's
/// waiting room and controls; the recorder's button).
fn room_page(
    page: &PageCtx,
    joined: VideoJoin,
    back_href: String,
    recordings: Option<String>,
) -> Response {
    let RoomTicket::Mesh {
        signal_path,
        ice_servers,
        capacity,
    } = joined.ticket
    else {
        return error_page(page, AppError::NotFound);
    };
    render(&RoomPage {
        chrome: Chrome::of(page),
        back_href,
        number: joined.number,
        name: joined.participant.display_name,
        signal_path,
        ice_servers: serde_json::to_string(&ice_servers).unwrap_or_else(|_| "[]".into()),
        capacity,
        recordings: recordings.filter(|_| joined.may_record),
        host: joined.participant.role == RoomRole::Host,
        attendance: joined.attendance,
    })
}

/// The video room of a mediation.
async fn mediation_room(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
) -> Response {
    let Ok(mediation_id) = id.parse::<MediationId>() else {
        return error_page(&page, AppError::NotFound);
    };
    match state
        .app
        .join_mediation_video(&page.ctx, mediation_id)
        .await
    {
        Ok(joined) => room_page(
            &page,
            joined,
            format!("/mediations/{mediation_id}"),
            Some(format!("/mediations/{mediation_id}/video/recordings")),
        ),
        Err(e) => error_page(&page, e),
    }
}

/// The video room of a hearing: the judge conducts it from the waiting room.
async fn hearing_room(
    State(state): State<WebState>,
    page: PageCtx,
    Path(id): Path<String>,
) -> Response {
    let Ok(hearing_id) = id.parse::<HearingId>() else {
        return error_page(&page, AppError::NotFound);
    };
    match state.app.join_hearing_video(&page.ctx, hearing_id).await {
        Ok(joined) => {
            let back = if page
                .ctx
                .actor
                .as_ref()
                .is_some_and(|a| a.kind == fayuan_domain::accounts::AccountKind::Staff)
            {
                "/staff/cases".to_owned()
            } else {
                "/cases".to_owned()
            };
            room_page(
                &page,
                joined,
                back,
                Some(format!("/hearings/{hearing_id}/video/recordings")),
            )
        }
        Err(e) => error_page(&page, e),
    }
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

    /// The next JSON message queued for a peer.
    fn next(rx: &mut mpsc::Receiver<Outgoing>) -> Value {
        match rx.try_recv().unwrap() {
            Outgoing::Text(text) => serde_json::from_str(&text).unwrap(),
            Outgoing::Close => json!({"type": "close"}),
        }
    }

    #[test]
    fn rooms_fill_relay_and_empty() {
        let hub = Hub::default();
        let (a_tx, mut a_rx) = mpsc::channel(8);
        let (b_tx, mut b_rx) = mpsc::channel(8);
        let (c_tx, _c_rx) = mpsc::channel(8);
        let a = hub.join("r", "甲", RoomRole::Member, 2, a_tx).unwrap();
        assert_eq!(next(&mut a_rx)["peers"], json!([]));
        let b = hub.join("r", "乙", RoomRole::Member, 2, b_tx).unwrap();
        assert_eq!(next(&mut b_rx)["peers"][0]["name"], "甲");
        assert!(
            hub.join("r", "丙", RoomRole::Member, 2, c_tx).is_none(),
            "full"
        );
        assert_eq!(next(&mut a_rx)["peer"]["id"], b);
        let signal = json!({"type": "signal", "to": a, "data": {"sdp": "x"}}).to_string();
        hub.relay("r", b, "乙", &signal);
        let got = next(&mut a_rx);
        assert_eq!(
            (got["from"].as_u64(), got["data"]["sdp"].as_str()),
            (Some(b), Some("x"))
        );
        hub.relay(
            "other",
            b,
            "乙",
            &json!({"type": "signal", "to": a}).to_string(),
        );
        hub.relay("r", b, "乙", "not json");
        hub.relay("r", b, "乙", &json!({"type": "end"}).to_string());
        assert!(
            a_rx.try_recv().is_err(),
            "nothing crosses rooms, parses from garbage, or obeys a member"
        );
        hub.leave("r", a);
        assert_eq!(next(&mut b_rx)["id"], a);
        hub.leave("r", b);
        assert!(hub.rooms.lock().unwrap().is_empty());
    }

    #[test]
    fn the_host_admits_mutes_removes_and_ends() {
        let hub = Hub::default();
        let (j_tx, mut judge) = mpsc::channel(8);
        let (p_tx, mut party) = mpsc::channel(8);
        let (q_tx, mut other) = mpsc::channel(8);
        let j = hub.join("h", "审判长", RoomRole::Host, 6, j_tx).unwrap();
        assert_eq!(next(&mut judge)["waiting"], json!([]));
        let p = hub
            .join("h", "原告 张三", RoomRole::Guest, 6, p_tx)
            .unwrap();
        assert_eq!(next(&mut party)["type"], "held");
        assert_eq!(next(&mut judge)["peer"]["name"], "原告 张三");
        // A guest cannot signal from the waiting room; the host admits.
        hub.relay(
            "h",
            p,
            "原告 张三",
            &json!({"type": "signal", "to": j}).to_string(),
        );
        assert!(judge.try_recv().is_err());
        hub.relay(
            "h",
            j,
            "审判长",
            &json!({"type": "admit", "peer": p}).to_string(),
        );
        let welcome = next(&mut party);
        assert_eq!(
            (welcome["type"].as_str(), welcome["peers"][0]["id"].as_u64()),
            (Some("welcome"), Some(j))
        );
        assert_eq!(next(&mut judge)["type"], "joined");
        hub.relay(
            "h",
            j,
            "审判长",
            &json!({"type": "mute", "peer": p}).to_string(),
        );
        assert_eq!(next(&mut party)["type"], "mute");
        let q = hub
            .join("h", "被告 李四", RoomRole::Guest, 6, q_tx)
            .unwrap();
        assert_eq!(next(&mut judge)["type"], "waiting");
        assert_eq!(next(&mut other)["type"], "held");
        hub.relay(
            "h",
            j,
            "审判长",
            &json!({"type": "remove", "peer": q}).to_string(),
        );
        assert_eq!(next(&mut other)["type"], "removed");
        assert_eq!(next(&mut other)["type"], "close");
        assert_eq!(next(&mut judge)["type"], "unwaiting");
        hub.relay("h", j, "审判长", &json!({"type": "end"}).to_string());
        assert_eq!(next(&mut party)["type"], "ended");
        assert_eq!(next(&mut party)["type"], "close");
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
