//! Recording mediation sessions and sittings (Rules art. 16: 保存调解过程中的所有音视频和文字
//! 材料; art. 25: 保存庭审音视频): the browser of the mediator or the presiding judge uploads
//! pieces while it records; they are appended in order to one file in
//! `<staging>/recordings`, the database holding the length received (the file is cut back to it
//! before every append, so a piece half-written by a crash is simply sent again). Finishing
//! files the recording as 录音录像 in the dossier (blob, catalogue line, ledger leaf) and removes
//! the file. The sweep finishes recordings left without a piece for half an hour, and files any
//! whose filing was interrupted, so nothing received is lost.

use std::path::PathBuf;

use fayuan_core::clock::{CHINA_OFFSET, from_micros, to_micros};
use fayuan_core::id::{HearingId, MediationId, RecordingId};
use fayuan_domain::dossier::{Channel, MaterialKind, UploadPolicy};
use fayuan_domain::hearing::SessionStatus;
use fayuan_domain::mediation::{MediationStatus, Member};
use fayuan_domain::recording::{MAX_RECORDING_BYTES, Recorded, Recording, RecordingStatus};
use fayuan_domain::security::AuditOutcome;
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use crate::dossier::staging::StagedUpload;
use crate::dossier::{Destination, MaterialDraft};
use crate::mediation::Standing;
use crate::mediation::room::destination;
use crate::{App, AppError, Ctx};

/// A running recording without a new piece for this long is finished by the sweep.
pub const IDLE_LIMIT: time::Duration = time::Duration::minutes(30);

impl App {
    /// Where a recording's pieces are appended.
    fn recording_path(&self, id: RecordingId) -> PathBuf {
        self.config
            .staging_dir
            .join("recordings")
            .join(format!("{id}.webm"))
    }

    /// Creates a recording of `subject` by the actor, in the caller's transaction (which has
    /// checked the actor may record it), with its empty file.
    async fn begin_recording(
        &self,
        tx: &mut dyn fayuan_domain::store::Tx,
        ctx: &Ctx,
        subject: Recorded,
        target: &str,
    ) -> Result<Recording, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let now = to_micros(self.clock.now());
        let recording = Recording {
            id: RecordingId::new(),
            subject,
            started_by: actor.account_id,
            started_at_us: now,
            bytes: 0,
            updated_at_us: now,
            status: RecordingStatus::Recording,
            material_id: None,
            finished_at_us: None,
        };
        let path = self.recording_path(recording.id);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| AppError::Internal(format!("recordings directory: {e}")))?;
        }
        tokio::fs::File::create(&path)
            .await
            .map_err(|e| AppError::Internal(format!("recording file: {e}")))?;
        tx.insert_recording(&recording).await?;
        self.audit(
            tx,
            ctx,
            "recording.start",
            target,
            AuditOutcome::Success,
            &format!("recording:{}", recording.id),
        )
        .await?;
        Ok(recording)
    }

    /// The mediator starts recording a session (the room must be open).
    pub async fn start_mediation_recording(
        &self,
        ctx: &Ctx,
        mediation: MediationId,
    ) -> Result<Recording, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, m, standing) = self
            .mediation_in(ctx, tx, mediation, "recording.start")
            .await?;
        if standing != Standing::Member(Member::Mediator) {
            return Err(AppError::Forbidden);
        }
        if m.status != MediationStatus::InProgress {
            return Err(AppError::invalid(
                "mediation.room_closed",
                "调解室尚未开放或调解已经终结。",
            ));
        }
        let recording = self
            .begin_recording(
                &mut *tx,
                ctx,
                Recorded::Mediation(mediation),
                &format!("mediation:{mediation}"),
            )
            .await?;
        tx.commit().await?;
        Ok(recording)
    }

    /// The presiding judge starts recording a sitting (its room must be open).
    pub async fn start_hearing_recording(
        &self,
        ctx: &Ctx,
        hearing: HearingId,
    ) -> Result<Recording, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let mut tx = self.store.begin().await?;
        let target = format!("hearing:{hearing}");
        let session = tx
            .hearing(hearing)
            .await?
            .filter(|s| s.judge_id == actor.account_id);
        let Some(session) = session else {
            return Err(self
                .refuse_in(tx, ctx, "recording.start", &target, AppError::NotFound)
                .await);
        };
        if !matches!(
            session.status,
            SessionStatus::Waiting | SessionStatus::InSession
        ) {
            return Err(AppError::invalid(
                "hearing.room_closed",
                "候审室尚未开放或庭审已经结束。",
            ));
        }
        let recording = self
            .begin_recording(&mut *tx, ctx, Recorded::Hearing(hearing), &target)
            .await?;
        tx.commit().await?;
        Ok(recording)
    }

    /// The recordings of a mediation (for its members and the court) or a sitting (for the
    /// case's readers).
    pub async fn recordings(
        &self,
        ctx: &Ctx,
        subject: Recorded,
    ) -> Result<Vec<Recording>, AppError> {
        let tx = self.store.begin().await?;
        let mut tx = match subject {
            Recorded::Mediation(m) => self.mediation_in(ctx, tx, m, "recording.list").await?.0,
            Recorded::Hearing(h) => {
                let mut tx = tx;
                let Some(session) = tx.hearing(h).await? else {
                    return Err(self
                        .refuse_in(
                            tx,
                            ctx,
                            "recording.list",
                            &format!("hearing:{h}"),
                            AppError::NotFound,
                        )
                        .await);
                };
                self.case_for(
                    ctx,
                    tx,
                    session.case_id,
                    crate::policy::Action::ReadCase,
                    "recording.list",
                )
                .await?
                .0
            }
        };
        let list = tx.recordings_of(subject).await?;
        tx.commit().await?;
        Ok(list)
    }

    /// The recording as its recorder sees it (how much arrived, to resume from there).
    pub async fn recording(&self, ctx: &Ctx, id: RecordingId) -> Result<Recording, AppError> {
        let tx = self.store.begin().await?;
        let (tx, recording) = self.recording_of_recorder(ctx, tx, id).await?;
        tx.commit().await?;
        Ok(recording)
    }

    /// The recording, for the member who started it; anyone else is told it does not exist.
    async fn recording_of_recorder(
        &self,
        ctx: &Ctx,
        mut tx: Box<dyn fayuan_domain::store::Tx>,
        id: RecordingId,
    ) -> Result<(Box<dyn fayuan_domain::store::Tx>, Recording), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let target = format!("recording:{id}");
        let Some(recording) = tx.recording(id).await? else {
            return Err(self
                .refuse_in(tx, ctx, "recording.upload", &target, AppError::NotFound)
                .await);
        };
        let mut tx = tx;
        let still_recorder = match recording.subject {
            Recorded::Mediation(m) => {
                let (t, _, standing) = self.mediation_in(ctx, tx, m, "recording.upload").await?;
                tx = t;
                standing == Standing::Member(Member::Mediator)
            }
            Recorded::Hearing(h) => tx
                .hearing(h)
                .await?
                .is_some_and(|s| s.judge_id == actor.account_id),
        };
        if !still_recorder || recording.started_by != actor.account_id {
            return Err(self
                .refuse_in(tx, ctx, "recording.upload", &target, AppError::NotFound)
                .await);
        }
        Ok((tx, recording))
    }

    /// Appends a piece at `offset` (which must be the length received so far).
    pub async fn append_recording(
        &self,
        ctx: &Ctx,
        id: RecordingId,
        offset: i64,
        piece: &[u8],
    ) -> Result<Recording, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, mut recording) = self.recording_of_recorder(ctx, tx, id).await?;
        recording.check_append(offset, piece.len())?;
        let io = |e: std::io::Error| AppError::Internal(format!("recording file: {e}"));
        let mut file = tokio::fs::OpenOptions::new()
            .write(true)
            .open(self.recording_path(id))
            .await
            .map_err(io)?;
        let at = u64::try_from(recording.bytes).unwrap_or(0);
        // Whatever lies beyond the recorded length is a piece a crash left half-written.
        file.set_len(at).await.map_err(io)?;
        file.seek(std::io::SeekFrom::Start(at)).await.map_err(io)?;
        file.write_all(piece).await.map_err(io)?;
        file.sync_data().await.map_err(io)?;
        recording.bytes += i64::try_from(piece.len()).unwrap_or(i64::MAX);
        recording.updated_at_us = to_micros(self.clock.now());
        tx.update_recording(&recording).await?;
        tx.commit().await?;
        Ok(recording)
    }

    /// The recorder finishes the recording: it is filed in the dossier and deposited.
    pub async fn finish_recording(
        &self,
        ctx: &Ctx,
        id: RecordingId,
    ) -> Result<Recording, AppError> {
        let tx = self.store.begin().await?;
        let (tx, _) = self.recording_of_recorder(ctx, tx, id).await?;
        tx.commit().await?;
        self.close_recording(ctx, id).await
    }

    /// Stops a recording and files what arrived; idempotent (a second call files what a first
    /// one could not).
    pub(crate) async fn close_recording(
        &self,
        ctx: &Ctx,
        id: RecordingId,
    ) -> Result<Recording, AppError> {
        let mut tx = self.store.begin().await?;
        let mut recording = tx.recording(id).await?.ok_or(AppError::NotFound)?;
        let (to, what, target) = match recording.subject {
            Recorded::Mediation(m) => {
                let mediation = tx.mediation(m).await?.ok_or(AppError::NotFound)?;
                (
                    destination(&mediation)?,
                    "调解录音录像",
                    format!("mediation:{m}"),
                )
            }
            Recorded::Hearing(h) => {
                let session = tx.hearing(h).await?.ok_or(AppError::NotFound)?;
                (
                    Destination::Case(session.case_id),
                    "庭审录音录像",
                    format!("hearing:{h}"),
                )
            }
        };
        if recording.status == RecordingStatus::Recording {
            recording.status = RecordingStatus::Finished;
            recording.finished_at_us = Some(to_micros(self.clock.now()));
            tx.update_recording(&recording).await?;
            self.audit(
                &mut *tx,
                ctx,
                "recording.finish",
                &target,
                AuditOutcome::Success,
                &format!("recording:{id} {} bytes", recording.bytes),
            )
            .await?;
        }
        tx.commit().await?;
        if recording.material_id.is_some() || recording.bytes == 0 {
            let _ = tokio::fs::remove_file(self.recording_path(id)).await;
            return Ok(recording);
        }
        let staged = self.stage_recording(&recording).await?;
        let started = from_micros(recording.started_at_us)
            .to_offset(CHINA_OFFSET)
            .format(&time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]"
            ))
            .unwrap_or_default();
        let policy = UploadPolicy {
            max_file_bytes: u64::try_from(MAX_RECORDING_BYTES).unwrap_or(u64::MAX),
            ..self.config.uploads.clone()
        };
        let material = self
            .deposit_under(
                &policy,
                ctx,
                to,
                MaterialDraft {
                    kind: MaterialKind::AudioVideo,
                    title: format!("{what}（{started}）"),
                },
                staged,
                Channel::Online,
                String::new(),
            )
            .await?;
        let mut tx = self.store.begin().await?;
        let mut recording = tx.recording(id).await?.ok_or(AppError::NotFound)?;
        recording.material_id = Some(material.id);
        tx.update_recording(&recording).await?;
        tx.commit().await?;
        let _ = tokio::fs::remove_file(self.recording_path(id)).await;
        Ok(recording)
    }

    /// Copies the received bytes into a staged upload (hashing them on the way).
    async fn stage_recording(
        &self,
        recording: &Recording,
    ) -> Result<crate::dossier::staging::StagedFile, AppError> {
        let io = |e: std::io::Error| AppError::Internal(format!("recording file: {e}"));
        let mut file = tokio::fs::File::open(self.recording_path(recording.id))
            .await
            .map_err(io)?;
        let mut staged = StagedUpload::create(
            &self.config.staging_dir,
            "recording.webm",
            u64::try_from(MAX_RECORDING_BYTES).unwrap_or(u64::MAX),
        )
        .await?;
        let mut left = u64::try_from(recording.bytes).unwrap_or(0);
        let mut buffer = vec![0u8; 1024 * 1024];
        while left > 0 {
            let want = usize::try_from(left.min(buffer.len() as u64)).unwrap_or(buffer.len());
            let read = file.read(&mut buffer[..want]).await.map_err(io)?;
            if read == 0 {
                return Err(AppError::Internal(
                    "recording file shorter than recorded".into(),
                ));
            }
            staged.write(&buffer[..read]).await?;
            left -= read as u64;
        }
        staged.finish().await
    }
}
