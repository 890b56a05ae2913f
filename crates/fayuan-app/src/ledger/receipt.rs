//! Receipts (存证编号): a self-contained file that proves, offline, that an entry is in the log
//! — the entry, its leaf hash, a signed checkpoint and the inclusion proof against it.

use fayuan_core::digest::ContentHash;
use fayuan_ledger::{
    Checkpoint, HashAlg, LogHasher, NoteVerifier, open_note, parse_verifier_key, verify_inclusion,
};
use serde::{Deserialize, Serialize};

use super::sequencer::decode_hash;
use crate::AppError;

/// The `format` of receipts this version writes.
pub const RECEIPT_FORMAT: &str = "fayuan-ledger-receipt/1";

/// A receipt, as downloaded (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Always [`RECEIPT_FORMAT`].
    pub format: String,
    /// The log's origin.
    pub origin: String,
    /// The tree's hash: `sha256` or `sm3`.
    pub alg: String,
    /// The entry's index (存证编号).
    pub index: u64,
    /// RFC 6962 leaf hash of `entry`, hex.
    pub leaf_hash: String,
    /// The entry: canonical JSON of {at, kind, sha256, sm3, subjects}.
    pub entry: String,
    /// A signed checkpoint (C2SP signed note) of a tree that contains the entry.
    pub checkpoint: String,
    /// Inclusion proof of the leaf in that tree, hex hashes.
    pub inclusion_proof: Vec<String>,
    /// The log's verifier keys as the court published them when the receipt was made (check
    /// them against the keys on the court's `/ledger` page or pass your own).
    pub verifier_keys: Vec<String>,
}

/// What a verified receipt says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptCheck {
    /// The entry's index.
    pub index: u64,
    /// Size of the checkpoint it was proven against.
    pub tree_size: u64,
    /// Kind of entry (stable name).
    pub kind: String,
    /// When it was deposited (RFC 3339 UTC).
    pub at: String,
    /// What it is about.
    pub subjects: Vec<String>,
    /// SHA-256 of the deposited content (empty when none).
    pub sha256: String,
    /// Names of the keys whose signatures on the checkpoint verified.
    pub signed_by: Vec<String>,
    /// The signature was checked with keys given by the verifier, not only those in the file.
    pub keys_supplied: bool,
    /// The content was compared with a file or hash given by the verifier.
    pub content_checked: bool,
}

/// The entry's fields, as parsed back from its JSON.
#[derive(Deserialize)]
struct EntryFields {
    at: String,
    kind: String,
    sha256: String,
    sm3: String,
    subjects: Vec<String>,
}

fn invalid(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::invalid(code, message)
}

impl Receipt {
    /// Parses a receipt file.
    pub fn parse(text: &str) -> Result<Self, AppError> {
        let receipt: Receipt = serde_json::from_str(text)
            .map_err(|e| invalid("ledger.receipt_syntax", format!("存证回执格式错误：{e}")))?;
        if receipt.format != RECEIPT_FORMAT {
            return Err(invalid(
                "ledger.receipt_format",
                format!("不支持的存证回执版本：{}", receipt.format),
            ));
        }
        Ok(receipt)
    }

    /// Verifies the receipt offline: the leaf hash of the entry, the checkpoint's signature (with
    /// `keys` when given, else with the keys in the file), the origin, and the inclusion proof;
    /// with `content`, also that the entry records exactly that content.
    pub fn verify(
        &self,
        keys: &[String],
        content: Option<&ContentHash>,
    ) -> Result<ReceiptCheck, AppError> {
        let alg = HashAlg::parse(&self.alg).map_err(|_| {
            invalid(
                "ledger.receipt_alg",
                format!("未知的哈希算法：{}", self.alg),
            )
        })?;
        let leaf_hash = alg.hash_leaf(self.entry.as_bytes());
        if hex::encode(leaf_hash) != self.leaf_hash {
            return Err(invalid(
                "ledger.receipt_leaf",
                "存证内容与叶哈希不符，回执已被改动。",
            ));
        }
        let fields: EntryFields = serde_json::from_str(&self.entry)
            .map_err(|_| invalid("ledger.receipt_entry", "存证内容不是有效的条目。"))?;
        if let Some(content) = content
            && (content.sha256 != fields.sha256
                || (!fields.sm3.is_empty() && content.sm3 != fields.sm3))
        {
            return Err(invalid(
                "ledger.content_mismatch",
                "文件与存证记录的哈希不一致：文件已被改动或不是该存证的文件。",
            ));
        }
        let keys_supplied = !keys.is_empty();
        let key_texts = if keys_supplied {
            keys
        } else {
            &self.verifier_keys
        };
        let verifiers = key_texts
            .iter()
            .map(|k| {
                parse_verifier_key(k)
                    .map_err(|e| invalid("ledger.vkey", format!("验证公钥格式错误：{e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&dyn NoteVerifier> = verifiers
            .iter()
            .map(|v| v.as_ref() as &dyn NoteVerifier)
            .collect();
        let note = open_note(&self.checkpoint, &refs).map_err(|e| {
            invalid(
                "ledger.receipt_signature",
                format!("检查点签名无法验证：{e}"),
            )
        })?;
        let checkpoint = Checkpoint::parse(&note.text)
            .map_err(|e| invalid("ledger.receipt_checkpoint", format!("检查点格式错误：{e}")))?;
        if checkpoint.origin != self.origin {
            return Err(invalid(
                "ledger.receipt_origin",
                "检查点不属于回执所称的日志。",
            ));
        }
        let proof = self
            .inclusion_proof
            .iter()
            .map(|h| {
                decode_hash(h).map_err(|_| invalid("ledger.receipt_proof", "包含证明格式错误。"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        verify_inclusion(
            &alg,
            self.index,
            checkpoint.size,
            &leaf_hash,
            &proof,
            &checkpoint.root,
        )
        .map_err(|e| invalid("ledger.receipt_inclusion", format!("包含证明不成立：{e}")))?;
        Ok(ReceiptCheck {
            index: self.index,
            tree_size: checkpoint.size,
            kind: fields.kind,
            at: fields.at,
            subjects: fields.subjects,
            sha256: fields.sha256,
            signed_by: note.signatures.iter().map(|s| s.name.clone()).collect(),
            keys_supplied,
            content_checked: content.is_some(),
        })
    }
}
