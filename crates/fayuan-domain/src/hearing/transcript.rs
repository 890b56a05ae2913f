//! The transcript of a sitting (庭审笔录, Rules art. 25; 民事诉讼法 art. 150): typed by the clerk,
//! reviewed by every participant, who signs it or asks for corrections; the clerk resolves
//! objections (re-opening the text, which clears the signatures) and notes who refused to sign
//! or signed on paper; locked when everyone required has signed or is accounted for.

use fayuan_core::id::{AccountId, HearingId, MaterialId};
use fayuan_core::str_enum;
use serde::{Deserialize, Serialize};

use crate::DomainError;

str_enum! {
    /// Where a transcript stands.
    pub enum TranscriptStatus {
        /// The clerk is typing it.
        Drafting = "drafting" / "记录中",
        /// The participants review and sign it.
        Reviewing = "reviewing" / "核对签名中",
        /// Signed by everyone required (or accounted for): it cannot change any more.
        Locked = "locked" / "已定稿",
    }
}

/// Someone who must sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    /// The account, when they sign online.
    pub account_id: Option<AccountId>,
    /// The name signed.
    pub name: String,
    /// The capacity (审判员, 书记员, 原告 …).
    pub capacity: String,
    /// Signed online (µs).
    pub signed_at_us: Option<i64>,
    /// The handwritten signature drawn when signing, as PNG.
    #[serde(default)]
    pub handwriting: Option<String>,
    /// The clerk noted a refusal to sign (拒绝签名的，记明情况附卷).
    pub refusal: Option<String>,
    /// The clerk scanned a signature given on paper.
    pub paper: Option<MaterialId>,
}

impl Signer {
    /// Accounted for: signed online, signed on paper, or refused with the clerk's note.
    pub fn accounted_for(&self) -> bool {
        self.signed_at_us.is_some() || self.refusal.is_some() || self.paper.is_some()
    }
}

/// A participant's request to correct the transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objection {
    /// Who asked.
    pub by: AccountId,
    /// Their name.
    pub name: String,
    /// What should be corrected.
    pub text: String,
    /// When (µs).
    pub at_us: i64,
    /// How the clerk resolved it.
    pub resolution: Option<String>,
}

/// A sitting's transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    /// The sitting.
    pub hearing_id: HearingId,
    /// The text, paragraph by paragraph.
    pub paragraphs: Vec<String>,
    /// Changes to the text so far (signatures are given to one version).
    pub version: i64,
    /// Where it stands.
    pub status: TranscriptStatus,
    /// Who must sign.
    pub signers: Vec<Signer>,
    /// Requests for corrections.
    pub objections: Vec<Objection>,
    /// The locked transcript's PDF in the dossier.
    pub material_id: Option<MaterialId>,
}

/// Limit on a transcript's text.
pub const MAX_TRANSCRIPT_CHARS: usize = 200_000;

fn invalid(code: &'static str, message: &str) -> DomainError {
    DomainError::invalid(code, message.to_owned())
}

impl Transcript {
    /// A new, empty transcript with its signers.
    pub fn new(hearing_id: HearingId, signers: Vec<Signer>) -> Self {
        Self {
            hearing_id,
            paragraphs: Vec::new(),
            version: 0,
            status: TranscriptStatus::Drafting,
            signers,
            objections: Vec::new(),
            material_id: None,
        }
    }

    /// Replaces the text: only while it is being typed (a text under review is re-opened
    /// first, which clears the signatures given to it).
    pub fn edit(&mut self, paragraphs: Vec<String>) -> Result<(), DomainError> {
        if self.status != TranscriptStatus::Drafting {
            return Err(invalid(
                "transcript.locked_text",
                "笔录已提交核对或已定稿，不能修改；需更正的，请先退回修改（已有签名将作废）。",
            ));
        }
        let paragraphs: Vec<String> = paragraphs
            .into_iter()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if paragraphs.iter().map(|p| p.chars().count()).sum::<usize>() > MAX_TRANSCRIPT_CHARS {
            return Err(invalid("transcript.too_long", "笔录过长。"));
        }
        self.paragraphs = paragraphs;
        self.version += 1;
        Ok(())
    }

    /// Hands the text to the participants for review and signature.
    pub fn submit_for_review(&mut self) -> Result<(), DomainError> {
        if self.status != TranscriptStatus::Drafting || self.paragraphs.is_empty() {
            return Err(invalid("transcript.not_ready", "笔录为空或已在核对中。"));
        }
        self.status = TranscriptStatus::Reviewing;
        Ok(())
    }

    /// Takes the text back for corrections: every signature given to it is void.
    pub fn reopen(&mut self) -> Result<(), DomainError> {
        if self.status != TranscriptStatus::Reviewing {
            return Err(invalid("transcript.not_reviewing", "笔录不在核对中。"));
        }
        self.status = TranscriptStatus::Drafting;
        for s in &mut self.signers {
            s.signed_at_us = None;
            s.handwriting = None;
        }
        Ok(())
    }

    /// The signer `account` signs.
    pub fn sign(
        &mut self,
        account: AccountId,
        at_us: i64,
        handwriting: Option<String>,
    ) -> Result<(), DomainError> {
        if self.status != TranscriptStatus::Reviewing {
            return Err(invalid(
                "transcript.not_reviewing",
                "笔录不在核对签名阶段。",
            ));
        }
        let signer = self
            .signers
            .iter_mut()
            .find(|s| s.account_id == Some(account))
            .ok_or_else(|| invalid("transcript.not_signer", "您不是本笔录的签名人。"))?;
        if signer.signed_at_us.is_some() {
            return Err(invalid("transcript.signed", "您已签名。"));
        }
        signer.signed_at_us = Some(at_us);
        signer.handwriting = handwriting;
        Ok(())
    }

    /// A participant asks for a correction.
    pub fn object(
        &mut self,
        by: AccountId,
        name: &str,
        text: &str,
        at_us: i64,
    ) -> Result<(), DomainError> {
        if self.status != TranscriptStatus::Reviewing {
            return Err(invalid(
                "transcript.not_reviewing",
                "笔录不在核对签名阶段。",
            ));
        }
        if !self.signers.iter().any(|s| s.account_id == Some(by)) {
            return Err(invalid("transcript.not_signer", "您不是本笔录的签名人。"));
        }
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 5_000 {
            return Err(invalid(
                "transcript.objection",
                "请写明需要更正的内容（不超过5000字）。",
            ));
        }
        self.objections.push(Objection {
            by,
            name: name.to_owned(),
            text: text.to_owned(),
            at_us,
            resolution: None,
        });
        Ok(())
    }

    /// The clerk resolves objection `index` (0-based) with a note.
    pub fn resolve(&mut self, index: usize, note: &str) -> Result<(), DomainError> {
        if self.status == TranscriptStatus::Locked {
            return Err(invalid("transcript.locked", "笔录已定稿。"));
        }
        let note = note.trim();
        if note.is_empty() {
            return Err(invalid("transcript.resolution", "请写明处理情况。"));
        }
        let objection = self
            .objections
            .get_mut(index)
            .filter(|o| o.resolution.is_none())
            .ok_or_else(|| invalid("transcript.objection_unknown", "没有该项待处理的更正申请。"))?;
        objection.resolution = Some(note.to_owned());
        Ok(())
    }

    /// The clerk notes that signer `index` refused to sign, or signed on paper (`paper`).
    pub fn account_for(
        &mut self,
        index: usize,
        refusal: Option<String>,
        paper: Option<MaterialId>,
    ) -> Result<(), DomainError> {
        if self.status != TranscriptStatus::Reviewing {
            return Err(invalid(
                "transcript.not_reviewing",
                "笔录不在核对签名阶段。",
            ));
        }
        let signer = self
            .signers
            .get_mut(index)
            .filter(|s| !s.accounted_for())
            .ok_or_else(|| invalid("transcript.signer_unknown", "没有该名未签名的签名人。"))?;
        match (
            refusal
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty()),
            paper,
        ) {
            (Some(note), None) => signer.refusal = Some(note),
            (None, Some(scan)) => signer.paper = Some(scan),
            _ => {
                return Err(invalid(
                    "transcript.account_for",
                    "请写明拒绝签名的情况，或上传纸质签名的扫描件。",
                ));
            }
        }
        Ok(())
    }

    /// Locks it: every signer accounted for and every objection resolved.
    pub fn lock(&mut self) -> Result<(), DomainError> {
        if self.status != TranscriptStatus::Reviewing {
            return Err(invalid(
                "transcript.not_reviewing",
                "笔录不在核对签名阶段。",
            ));
        }
        if let Some(s) = self.signers.iter().find(|s| !s.accounted_for()) {
            return Err(DomainError::invalid(
                "transcript.unsigned",
                format!("{}{}尚未签名，也未记明拒绝签名的情况。", s.capacity, s.name),
            ));
        }
        if self.objections.iter().any(|o| o.resolution.is_none()) {
            return Err(invalid(
                "transcript.objections_open",
                "尚有未处理的更正申请。",
            ));
        }
        self.status = TranscriptStatus::Locked;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(account: Option<AccountId>, name: &str) -> Signer {
        Signer {
            account_id: account,
            name: name.into(),
            capacity: "原告".into(),
            signed_at_us: None,
            handwriting: None,
            refusal: None,
            paper: None,
        }
    }

    #[test]
    fn signing_objecting_and_locking() {
        let (a, b) = (AccountId::new(), AccountId::new());
        let mut t = Transcript::new(
            HearingId::new(),
            vec![
                signer(Some(a), "张三"),
                signer(Some(b), "李四"),
                signer(None, "王五"),
            ],
        );
        assert!(t.submit_for_review().is_err(), "nothing to review");
        t.edit(vec!["审判长：现在开庭。".into(), " ".into()])
            .unwrap();
        assert_eq!(t.paragraphs.len(), 1);
        t.submit_for_review().unwrap();
        assert!(
            t.edit(vec!["改".into()]).is_err(),
            "the text under review is fixed"
        );
        t.sign(a, 1, None).unwrap();
        assert!(t.sign(a, 2, None).is_err(), "once");
        assert!(t.sign(AccountId::new(), 2, None).is_err(), "only signers");
        t.object(b, "李四", "第3行应为“不同意”。", 3).unwrap();
        assert!(t.lock().is_err(), "李四 and 王五 not accounted for");
        // The clerk takes the text back: 张三's signature is void.
        t.reopen().unwrap();
        assert!(t.signers[0].signed_at_us.is_none());
        t.edit(vec!["审判长：现在开庭。".into(), "李四：不同意。".into()])
            .unwrap();
        t.resolve(0, "已更正").unwrap();
        t.submit_for_review().unwrap();
        t.sign(a, 4, None).unwrap();
        t.sign(b, 5, None).unwrap();
        let err = t.lock().unwrap_err().to_string();
        assert!(err.contains("王五"), "{err}");
        assert!(t.account_for(2, None, None).is_err());
        t.account_for(2, Some("经传票传唤未到庭".into()), None)
            .unwrap();
        t.lock().unwrap();
        assert!(t.edit(vec!["x".into()]).is_err());
        assert!(t.reopen().is_err(), "a locked transcript stays locked");
    }
}
