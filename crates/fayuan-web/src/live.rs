//! The live stream of a mediation room as server-sent events, shared by the API and the room
//! page: every new message the viewer may read (`event: message`, `id: <seq>`, the message as
//! JSON in the caller's shape), resuming after a sequence number.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use fayuan_app::mediation::room::MESSAGE_PAGE;
use fayuan_app::{App, AppError, Ctx};
use fayuan_core::id::MediationId;
use fayuan_domain::mediation::Message;
use tokio::sync::broadcast::error::RecvError;

/// How long a stream waits for a wake-up before reading anyway (another server process may
/// have written).
const POLL: Duration = Duration::from_secs(5);

/// The stream of the room's messages after `after`, each rendered by `render`. Access is
/// checked now (the error is returned) and on every read (a viewer who lost it sees the stream
/// end).
pub async fn message_stream(
    app: &App,
    ctx: Ctx,
    id: MediationId,
    after: i64,
    render: fn(&Message) -> String,
) -> Result<Response, AppError> {
    // Subscribe before the first read, so nothing sent in between is missed.
    let wake = app.rooms.subscribe();
    let backlog = app.messages(&ctx, id, after).await?;
    let live = Live {
        app: app.clone(),
        ctx,
        id,
        last: after,
        more: backlog.len() as i64 >= MESSAGE_PAGE,
        buffer: backlog.into(),
        wake,
        render,
    };
    Ok(Sse::new(live.into_stream())
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// The state of one live stream.
struct Live {
    app: App,
    ctx: Ctx,
    id: MediationId,
    last: i64,
    more: bool,
    buffer: VecDeque<Message>,
    wake: tokio::sync::broadcast::Receiver<MediationId>,
    render: fn(&Message) -> String,
}

impl Live {
    fn into_stream(self) -> impl futures_util::Stream<Item = Result<Event, Infallible>> {
        futures_util::stream::unfold(self, |mut live| async move {
            loop {
                if let Some(m) = live.buffer.pop_front() {
                    live.last = m.seq;
                    let event = Event::default()
                        .event("message")
                        .id(m.seq.to_string())
                        .data((live.render)(&m));
                    return Some((Ok(event), live));
                }
                if !live.more {
                    live.wait().await;
                }
                let next = live
                    .app
                    .messages(&live.ctx, live.id, live.last)
                    .await
                    .ok()?;
                live.more = next.len() as i64 >= MESSAGE_PAGE;
                live.buffer.extend(next);
            }
        })
    }

    /// Waits for a message in this room, or for the poll interval.
    async fn wait(&mut self) {
        let id = self.id;
        let wake = &mut self.wake;
        let _ = tokio::time::timeout(POLL, async {
            loop {
                match wake.recv().await {
                    Ok(room) if room == id => return,
                    Ok(_) => {}
                    Err(RecvError::Lagged(_)) => return,
                    Err(RecvError::Closed) => std::future::pending::<()>().await,
                }
            }
        })
        .await;
    }
}

/// Where a stream resumes: `Last-Event-ID` when the browser reconnects, else `after`, else 0.
pub fn resume_after(headers: &axum::http::HeaderMap, after: Option<i64>) -> i64 {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .or(after)
        .unwrap_or(0)
}
