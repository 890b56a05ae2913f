//! The mediation room: messages in the main thread and the caucus threads, the live stream of
//! new messages, shared materials (through the dossier's checks) and the mediation record
//! (调解笔录, art. 22). Everything is kept (Rules art. 16) and audited.

use fayuan_core::clock::to_micros;
use fayuan_core::id::{MaterialId, MediationId, MessageId};
use fayuan_domain::dossier::{Material, MaterialKind};
use fayuan_domain::mediation::{
    MAX_MESSAGE_CHARS, MAX_RECORD_CHARS, Mediation, MediationStatus, Member, Message,
    ScheduledSession, SessionMode, Thread, check_text,
};
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;
use tokio::sync::broadcast;

use super::Standing;
use crate::dossier::staging::StagedFile;
use crate::dossier::{Destination, MaterialContent, MaterialDraft};
use crate::{App, AppError, Ctx};

/// Wakes the live streams of a room when a message is sent. Streams read the messages from the
/// database (so several server processes share one truth); the wake-up only saves them waiting
/// for their next poll.
#[derive(Debug, Clone)]
pub struct Rooms {
    sender: broadcast::Sender<MediationId>,
}

impl Default for Rooms {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(256).0,
        }
    }
}

impl Rooms {
    /// Subscribes to sent messages (of every room; callers filter).
    pub fn subscribe(&self) -> broadcast::Receiver<MediationId> {
        self.sender.subscribe()
    }

    fn wake(&self, room: MediationId) {
        // No subscriber is not an error: nobody is watching.
        let _ = self.sender.send(room);
    }
}

/// Most messages returned by one read.
pub const MESSAGE_PAGE: i64 = 200;

/// The room's materials as the actor sees them.
#[derive(Debug, Clone)]
pub struct RoomMaterials {
    /// The materials of the filing or case the mediation belongs to, in catalogue order.
    pub materials: Vec<Material>,
}

impl App {
    /// Sends a message. Only members write, only in their threads, only while the room is open;
    /// a sent message is never changed.
    pub async fn post_message(
        &self,
        ctx: &Ctx,
        id: MediationId,
        thread: Thread,
        body: &str,
    ) -> Result<Message, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let body = check_text("mediation.message", "消息", body, MAX_MESSAGE_CHARS, true)?;
        let tx = self.store.begin().await?;
        let (mut tx, mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.message").await?;
        let Standing::Member(member) = standing else {
            return Err(AppError::Forbidden);
        };
        if !thread.open_to(member) {
            // Another side's caucus does not exist for this member.
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    "mediation.message",
                    &format!("mediation:{id}"),
                    AppError::NotFound,
                )
                .await);
        }
        if mediation.status != MediationStatus::InProgress {
            return Err(AppError::invalid(
                "mediation.room_closed",
                "调解室尚未开放或调解已经终结。",
            ));
        }
        let author = match member {
            Member::Mediator => format!("调解员 {}", actor.name),
            Member::Party(side) => {
                let name = mediation
                    .party_of(actor.account_id)
                    .map_or(actor.name.as_str(), |p| p.name.as_str());
                format!(
                    "{} {name}",
                    fayuan_domain::mediation::settlement::side_label(side)
                )
            }
        };
        let mut message = Message {
            id: MessageId::new(),
            mediation_id: id,
            seq: 0,
            thread,
            author_id: actor.account_id,
            author,
            body,
            sent_at_us: to_micros(self.clock.now()),
        };
        message.seq = tx.insert_message(&message).await?;
        self.audit(
            &mut *tx,
            ctx,
            "mediation.message",
            &format!("mediation:{id}"),
            AuditOutcome::Success,
            &format!("{} #{}", thread.as_str(), message.seq),
        )
        .await?;
        tx.commit().await?;
        self.rooms.wake(id);
        Ok(message)
    }

    /// The messages after `after_seq` in the threads the actor reads, oldest first.
    pub async fn messages(
        &self,
        ctx: &Ctx,
        id: MediationId,
        after_seq: i64,
    ) -> Result<Vec<Message>, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.read").await?;
        let threads = readable_threads(&mediation, standing);
        let messages = tx
            .messages(id, &threads, after_seq.max(0), MESSAGE_PAGE)
            .await?;
        tx.commit().await?;
        Ok(messages)
    }

    /// Shares a file in the room: it goes through the dossier's checks and into the dossier of
    /// the filing (before filing: it follows the dispute to docketing) or of the case.
    pub async fn share_material(
        &self,
        ctx: &Ctx,
        id: MediationId,
        draft: MaterialDraft,
        staged: StagedFile,
    ) -> Result<Material, AppError> {
        let tx = self.store.begin().await?;
        let (tx, mediation, standing) = self.mediation_in(ctx, tx, id, "mediation.share").await?;
        drop(tx);
        if !matches!(standing, Standing::Member(_)) {
            return Err(AppError::Forbidden);
        }
        if mediation.status != MediationStatus::InProgress {
            return Err(AppError::invalid(
                "mediation.room_closed",
                "调解室尚未开放或调解已经终结。",
            ));
        }
        if !draft.kind.submittable_by_litigants() {
            return Err(AppError::invalid(
                "dossier.kind_not_allowed",
                format!("调解中不能提交“{}”类材料。", draft.kind.label()),
            ));
        }
        let to = destination(&mediation)?;
        let material = self
            .deposit(
                ctx,
                to,
                draft,
                staged,
                fayuan_domain::dossier::Channel::Online,
                String::new(),
            )
            .await?;
        let mut tx = self.store.begin().await?;
        self.audit(
            &mut *tx,
            ctx,
            "mediation.share",
            &format!("mediation:{id}"),
            AuditOutcome::Success,
            &format!("material:{}", material.id),
        )
        .await?;
        tx.commit().await?;
        Ok(material)
    }

    /// The materials of the room (the filing's or the case's main volume).
    pub async fn room_materials(
        &self,
        ctx: &Ctx,
        id: MediationId,
    ) -> Result<RoomMaterials, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mediation, _) = self.mediation_in(ctx, tx, id, "mediation.read").await?;
        let materials = room_materials_in(&mut *tx, &mediation).await?;
        tx.commit().await?;
        Ok(RoomMaterials { materials })
    }

    /// A material of the room, for its members and the court overseeing it: litigants and
    /// mediators receive a watermarked copy.
    pub async fn room_material_content(
        &self,
        ctx: &Ctx,
        id: MediationId,
        material_id: MaterialId,
    ) -> Result<MaterialContent, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.view").await?;
        let Some(material) = room_materials_in(&mut *tx, &mediation)
            .await?
            .into_iter()
            .find(|m| m.id == material_id)
        else {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    "mediation.view",
                    &format!("material:{material_id}"),
                    AppError::NotFound,
                )
                .await);
        };
        self.audit(
            &mut *tx,
            ctx,
            "mediation.view",
            &format!("material:{material_id}"),
            AuditOutcome::Success,
            &format!("mediation:{id}"),
        )
        .await?;
        tx.commit().await?;
        let watermark = !matches!(standing, Standing::Court { .. });
        self.serve_material(ctx, material, &mediation.number, watermark)
            .await
    }

    /// The mediator keeps the mediation record (调解笔录, art. 22) while the room is open; it is
    /// filed when the mediation ends.
    pub async fn write_record(
        &self,
        ctx: &Ctx,
        id: MediationId,
        paragraphs: Vec<String>,
    ) -> Result<Mediation, AppError> {
        let paragraphs: Vec<String> = paragraphs
            .into_iter()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if paragraphs.iter().map(|p| p.chars().count()).sum::<usize>() > MAX_RECORD_CHARS {
            return Err(AppError::invalid(
                "mediation.record",
                format!("调解笔录不超过{MAX_RECORD_CHARS}字"),
            ));
        }
        let tx = self.store.begin().await?;
        let (mut tx, mut mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.record").await?;
        if standing != Standing::Member(Member::Mediator) {
            return Err(AppError::Forbidden);
        }
        if mediation.status != MediationStatus::InProgress {
            return Err(AppError::invalid(
                "mediation.room_closed",
                "调解室尚未开放或调解已经终结。",
            ));
        }
        mediation.record = paragraphs;
        self.save_mediation(&mut *tx, ctx, &mediation, "mediation.record", "")
            .await?;
        tx.commit().await?;
        Ok(mediation)
    }

    /// Files the mediation record (调解笔录) with the account of how it ended (art. 21) in the
    /// filing's or case's dossier. Run after the ending commits; a failure is logged and never
    /// undoes the ending.
    pub(crate) async fn file_mediation_record(&self, ctx: &Ctx, mediation: &Mediation) {
        let filed = async {
            let to = destination(mediation)?;
            let mut tx = self.store.begin().await?;
            let court = tx
                .court(mediation.court_id)
                .await?
                .map(|c| c.name)
                .unwrap_or_default();
            let mediator = match mediation.mediator_id {
                Some(m) => tx.account(m).await?.map(|a| a.name).unwrap_or_default(),
                None => String::new(),
            };
            let messages = tx
                .messages(mediation.id, &[Thread::Main], 0, i64::MAX)
                .await?;
            tx.commit().await?;
            let document = record_document(
                mediation,
                &court,
                &mediator,
                &messages,
                self.clock.today_in_china(),
            );
            self.file_document(
                ctx,
                to,
                &document,
                "mediation_record",
                MaterialDraft {
                    kind: MaterialKind::CourtRecord,
                    title: "调解笔录".into(),
                },
                String::new(),
            )
            .await
        }
        .await;
        if let Err(e) = filed {
            tracing::error!(error = ?e, mediation = %mediation.id, "the mediation record was not filed");
        }
    }
}

/// The threads a viewer reads: members their own (the mediator every side's caucus), the court
/// overseeing it the main thread only.
pub fn readable_threads(mediation: &Mediation, standing: Standing) -> Vec<Thread> {
    match standing {
        Standing::Member(Member::Mediator) => {
            let sides = mediation.sides();
            Thread::ALL
                .iter()
                .copied()
                .filter(|t| *t == Thread::Main || sides.iter().any(|s| Thread::caucus(*s) == *t))
                .collect()
        }
        Standing::Member(member) => Thread::ALL
            .iter()
            .copied()
            .filter(|t| t.open_to(member))
            .collect(),
        Standing::Court { .. } => vec![Thread::Main],
    }
}

/// Where a mediation's materials go: the case's dossier, else the filing's.
pub(crate) fn destination(mediation: &Mediation) -> Result<Destination, AppError> {
    match (mediation.case_id, mediation.filing_id) {
        (Some(case), _) => Ok(Destination::Case(case)),
        (None, Some(filing)) => Ok(Destination::Filing(filing)),
        (None, None) => Err(AppError::Internal("mediation without dossier".into())),
    }
}

/// The main-volume materials of the mediation's filing or case.
async fn room_materials_in(
    tx: &mut dyn Tx,
    mediation: &Mediation,
) -> Result<Vec<Material>, AppError> {
    Ok(match destination(mediation)? {
        Destination::Case(case) => {
            tx.materials_of_case(case, Some(fayuan_domain::dossier::Volume::Main))
                .await?
        }
        Destination::Filing(filing) => tx.materials_of_filing(filing).await?,
    })
}

/// The 调解笔录: who took part, the record the mediator kept, the main thread's messages, and how
/// the mediation ended (art. 21: 调解基本情况、调解不成的原因 …).
fn record_document(
    mediation: &Mediation,
    court: &str,
    mediator: &str,
    messages: &[Message],
    today: time::Date,
) -> fayuan_domain::documents::CourtDocument {
    use fayuan_domain::documents::{CourtDocument, Field};
    let mut document = CourtDocument::new(court, "调解笔录", &mediation.number, today);
    document.fields = vec![
        Field::new("案由", &mediation.cause),
        Field::new("调解方式", "在线调解"),
        Field::new("调解员", mediator),
        Field::new(
            "当事人",
            mediation
                .parties
                .iter()
                .map(|p| {
                    format!(
                        "{}：{}",
                        fayuan_domain::mediation::settlement::side_label(p.side),
                        p.name
                    )
                })
                .collect::<Vec<_>>()
                .join("；"),
        ),
        Field::new(
            "调解期间",
            format!(
                "{}至{}",
                mediation
                    .started_on
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                mediation
                    .deadline_on
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            ),
        ),
        Field::new("结果", mediation.status.label()),
    ];
    document.paragraphs = mediation.record.clone();
    if let Some(reason) = mediation.end_reason {
        document.paragraphs.push(format!(
            "调解终结：{}（《人民法院在线调解规则》{}）。{}",
            reason.label(),
            reason.article(),
            mediation.end_note
        ));
    }
    if !messages.is_empty() {
        document.paragraphs.push("调解室文字记录：".into());
        for m in messages {
            document
                .paragraphs
                .push(format!("{}：{}", m.author, m.body));
        }
    }
    if document.paragraphs.is_empty() {
        document.paragraphs.push("（无记录）".into());
    }
    document.signatures = vec![format!("调解员　{mediator}")];
    document
}

impl App {
    /// The mediator schedules a session (在线调解规则 art. 16: by video at one time, partly at a
    /// place with equipment, or in person); the parties are told in their inbox.
    pub async fn schedule_session(
        &self,
        ctx: &Ctx,
        id: MediationId,
        session: ScheduledSession,
    ) -> Result<Mediation, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mut mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.schedule").await?;
        if standing != Standing::Member(Member::Mediator) {
            return Err(AppError::Forbidden);
        }
        if mediation.status != MediationStatus::InProgress {
            return Err(AppError::invalid(
                "mediation.room_closed",
                "调解室尚未开放或调解已经终结。",
            ));
        }
        if mediation.sessions.len() >= MAX_SESSIONS {
            return Err(AppError::invalid(
                "mediation.sessions",
                format!("一件调解最多安排{MAX_SESSIONS}次。"),
            ));
        }
        let when = session
            .starts_at
            .to_offset(fayuan_core::clock::CHINA_OFFSET)
            .format(&time::macros::format_description!(
                "[year]年[month]月[day]日[hour]时[minute]分"
            ))
            .unwrap_or_default();
        let place = match session.mode {
            SessionMode::Video => "调解平台音视频调解室".to_owned(),
            SessionMode::Mixed => format!("调解平台音视频调解室，或到{}参加", session.place),
            SessionMode::OnSite => session.place.clone(),
        };
        let text = format!(
            "{}：定于{when}{}（{}）。{}",
            mediation.number,
            session.mode.label(),
            place,
            session.note
        );
        mediation.sessions.push(session);
        for account in mediation.party_accounts() {
            self.notify(
                &mut *tx,
                account,
                "调解安排",
                &text,
                Some(format!("/mediations/{id}")),
            )
            .await?;
        }
        self.save_mediation(&mut *tx, ctx, &mediation, "mediation.schedule", &when)
            .await?;
        tx.commit().await?;
        Ok(mediation)
    }

    /// The mediator cancels a scheduled session (numbered from 1); the parties are told.
    pub async fn cancel_session(
        &self,
        ctx: &Ctx,
        id: MediationId,
        number: usize,
    ) -> Result<Mediation, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mut mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.schedule").await?;
        if standing != Standing::Member(Member::Mediator) {
            return Err(AppError::Forbidden);
        }
        let Some(session) = number
            .checked_sub(1)
            .and_then(|i| mediation.sessions.get_mut(i))
            .filter(|s| !s.cancelled)
        else {
            return Err(AppError::NotFound);
        };
        session.cancelled = true;
        for account in mediation.party_accounts() {
            self.notify(
                &mut *tx,
                account,
                "调解安排取消",
                &format!("{}：第{number}次调解安排已取消。", mediation.number),
                Some(format!("/mediations/{id}")),
            )
            .await?;
        }
        self.save_mediation(
            &mut *tx,
            ctx,
            &mediation,
            "mediation.cancel_session",
            &number.to_string(),
        )
        .await?;
        tx.commit().await?;
        Ok(mediation)
    }
}

/// Most sessions one mediation may schedule.
pub const MAX_SESSIONS: usize = 50;
