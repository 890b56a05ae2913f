//! The evidence ledger (司法区块链, Rules arts. 10, 21, 23): what is deposited in the court's
//! transparency log. Each entry is a leaf whose bytes are the canonical JSON of {kind, subject,
//! content hashes, time}; the tree over the leaves and its signed checkpoints let anyone check,
//! offline, that an item existed at a time and was never altered.

use fayuan_core::str_enum;
use serde::Serialize;

str_enum! {
    /// What a ledger entry records.
    pub enum EntryKind {
        /// A material filed in a dossier (电子卷宗材料存证).
        MaterialDeposited = "material_deposited" / "材料存证",
        /// A filing application submitted.
        FilingSubmitted = "filing_submitted" / "立案申请",
        /// A case docketed.
        CaseDocketed = "case_docketed" / "登记立案",
        /// A delivery event (送达).
        DeliveryEvent = "delivery_event" / "送达",
        /// A transcript signed (笔录).
        TranscriptSigned = "transcript_signed" / "笔录签署",
        /// A judgment published (裁判文书).
        JudgmentPublished = "judgment_published" / "裁判文书",
        /// A published judgment withdrawn (裁判文书撤回).
        JudgmentWithdrawn = "judgment_withdrawn" / "裁判文书撤回",
        /// A published judgment's text corrected in place (裁判文书更正).
        JudgmentCorrected = "judgment_corrected" / "裁判文书更正",
        /// An enforcement action (执行行为).
        EnforcementAction = "enforcement_action" / "执行行为",
        /// An anchor of the audit chain.
        AuditAnchor = "audit_anchor" / "审计日志锚定",
    }
}

/// One deposited item. Field order is alphabetical so that the serialized JSON is canonical
/// (no whitespace, keys sorted): the leaf bytes are exactly `serde_json::to_vec(&entry)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// When it was deposited, RFC 3339 UTC with microseconds.
    pub at: String,
    /// Kind (stable name).
    pub kind: &'static str,
    /// SHA-256 of the content, lowercase hex (empty when the entry has no file).
    pub sha256: String,
    /// SM3 of the content, lowercase hex (empty when the entry has no file).
    pub sm3: String,
    /// The ids the entry is about, e.g. `["case:…", "material:…"]`.
    pub subjects: Vec<String>,
}

impl LedgerEntry {
    /// The canonical bytes of the leaf.
    pub fn leaf_bytes(&self) -> Vec<u8> {
        // Serializing a struct of strings cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// A stored leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLeaf {
    /// Index in the log (0-based).
    pub index: i64,
    /// Kind.
    pub kind: EntryKind,
    /// The main subject (`material:…`), for lookups.
    pub subject: String,
    /// SHA-256 of the content (lookups by file).
    pub content_sha256: String,
    /// The canonical JSON of the entry (the leaf bytes).
    pub entry: String,
    /// The RFC 6962 leaf hash, hex.
    pub leaf_hash: String,
    /// Appended (µs).
    pub created_at_us: i64,
}

/// The tree as integrated by the sequencer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerTree {
    /// The hash algorithm (`sha256` or `sm3`), fixed by the first checkpoint; empty before.
    pub alg: String,
    /// Leaves integrated (the size of the latest checkpoint).
    pub size: i64,
    /// The tree's right frontier at `size`, as encoded by the ledger crate.
    pub compact_range: String,
}

/// A signed checkpoint as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    /// Tree size.
    pub size: i64,
    /// Root hash, hex.
    pub root: String,
    /// The whole signed note (C2SP tlog-checkpoint).
    pub note: String,
    /// Signed (µs).
    pub created_at_us: i64,
}

/// The latest checkpoint this installation cosigned for a log it witnesses (C2SP tlog-witness).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessedLog {
    /// The log's origin line.
    pub origin: String,
    /// Tree size of the latest cosigned checkpoint.
    pub size: i64,
    /// Its root, hex.
    pub root: String,
    /// The checkpoint note as received.
    pub note: String,
    /// When it was cosigned (µs).
    pub updated_at_us: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaf_bytes_are_canonical_json() {
        let e = LedgerEntry {
            at: "2026-11-27T02:00:00.000000Z".into(),
            kind: EntryKind::MaterialDeposited.as_str(),
            sha256: "ab".into(),
            sm3: "cd".into(),
            subjects: vec!["case:1".into(), "material:2".into()],
        };
        assert_eq!(
            String::from_utf8(e.leaf_bytes()).unwrap(),
            r#"{"at":"2026-11-27T02:00:00.000000Z","kind":"material_deposited","sha256":"ab","sm3":"cd","subjects":["case:1","material:2"]}"#
        );
    }
}
