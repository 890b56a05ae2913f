//! Audio and video recordings of mediation sessions and hearings (Rules art. 16: 保存调解过程中
//! 的所有音视频和文字材料; art. 25: 庭审…保存音视频). The mesh sends no media through the server,
//! so the browser of the mediator or the presiding judge records the session and uploads it in
//! pieces while it runs; the pieces are appended in order to one file, which is filed in the
//! dossier and deposited in the ledger when the recording ends. An interrupted upload resumes
//! from the length the server holds.

use fayuan_core::id::{AccountId, HearingId, MaterialId, MediationId, RecordingId};
use fayuan_core::str_enum;

use crate::DomainError;

str_enum! {
    /// Where a recording stands.
    pub enum RecordingStatus {
        /// Pieces are being uploaded.
        Recording = "recording" / "录制中",
        /// Filed (or, when nothing arrived, closed empty).
        Finished = "finished" / "已归档",
    }
}

/// Largest piece accepted in one upload.
pub const MAX_PIECE_BYTES: usize = 16 * 1024 * 1024;
/// Largest recording (about twenty hours at the browser's usual rate).
pub const MAX_RECORDING_BYTES: i64 = 8 * 1024 * 1024 * 1024;

/// What is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// A mediation's session.
    Mediation(MediationId),
    /// A sitting of a case.
    Hearing(HearingId),
}

/// One recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    /// Identifier.
    pub id: RecordingId,
    /// What is recorded.
    pub subject: Recorded,
    /// Who records (the mediator, the presiding judge).
    pub started_by: AccountId,
    /// Started (µs).
    pub started_at_us: i64,
    /// Bytes received so far, in order.
    pub bytes: i64,
    /// Last piece received (µs).
    pub updated_at_us: i64,
    /// Where it stands.
    pub status: RecordingStatus,
    /// The filed recording.
    pub material_id: Option<MaterialId>,
    /// Finished (µs).
    pub finished_at_us: Option<i64>,
}

impl Recording {
    /// Checks a piece of `len` bytes may be appended at `offset`: the recording is running, the
    /// piece continues exactly where the received bytes end, and the limits hold.
    pub fn check_append(&self, offset: i64, len: usize) -> Result<(), DomainError> {
        if self.status != RecordingStatus::Recording {
            return Err(DomainError::invalid(
                "recording.finished",
                "录制已结束，不能再上传。",
            ));
        }
        if offset != self.bytes {
            return Err(DomainError::invalid(
                "recording.offset",
                format!("续传位置应为{}字节。", self.bytes),
            ));
        }
        let len = i64::try_from(len).unwrap_or(i64::MAX);
        if len == 0 || len > MAX_PIECE_BYTES as i64 {
            return Err(DomainError::invalid(
                "recording.piece_size",
                "每段上传应为1字节至16MB。",
            ));
        }
        if self.bytes.saturating_add(len) > MAX_RECORDING_BYTES {
            return Err(DomainError::invalid(
                "recording.too_long",
                "录音录像过大，请结束本段录制后重新开始。",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_continue_where_the_recording_ends() {
        let mut r = Recording {
            id: RecordingId::new(),
            subject: Recorded::Mediation(MediationId::new()),
            started_by: AccountId::new(),
            started_at_us: 0,
            bytes: 100,
            updated_at_us: 0,
            status: RecordingStatus::Recording,
            material_id: None,
            finished_at_us: None,
        };
        assert!(r.check_append(100, 10).is_ok());
        assert!(r.check_append(90, 10).is_err(), "a repeated piece");
        assert!(r.check_append(110, 10).is_err(), "a gap");
        assert!(r.check_append(100, 0).is_err());
        assert!(r.check_append(100, MAX_PIECE_BYTES + 1).is_err());
        r.bytes = MAX_RECORDING_BYTES - 5;
        assert!(r.check_append(r.bytes, 10).is_err());
        r.bytes = 100;
        r.status = RecordingStatus::Finished;
        assert!(r.check_append(100, 10).is_err());
    }
}
