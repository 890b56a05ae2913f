//! `fayuan ledger …`: the offline verifier of the evidence ledger (exit 0 = valid, 1 = invalid,
//! 2 = usage error), and the audit of a court's stored log.

use std::path::Path;

use fayuan_app::ledger::Receipt;
use fayuan_core::digest::ContentHasher;
use fayuan_ledger::{
    Checkpoint, Hash, HashAlg, LogHasher, NoteVerifier, open_note, parse_verifier_key,
    verify_consistency, verify_inclusion,
};

use crate::config::Settings;
use crate::wiring;

/// Why a verification could not even start (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(String);

/// A verdict: `Ok(lines)` when valid (printed), `Err(reason)` when invalid.
pub type Verdict = Result<Vec<String>, String>;

/// A usage error with this message.
pub fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

/// Parses `sha256` or `sm3`.
pub fn alg(text: &str) -> Result<HashAlg, UsageError> {
    HashAlg::parse(text).map_err(|_| usage(format!("--alg must be sha256 or sm3, not {text}")))
}

/// Parses one 32-byte hash in hex.
pub fn hash(text: &str) -> Result<Hash, UsageError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut out)
        .map_err(|_| usage(format!("not a 32-byte hex hash: {text}")))?;
    Ok(out)
}

/// Parses a comma-separated proof (empty: no hashes).
pub fn proof(text: Option<&str>) -> Result<Vec<Hash>, UsageError> {
    match text.map(str::trim) {
        None | Some("") => Ok(Vec::new()),
        Some(list) => list.split(',').map(hash).collect(),
    }
}

fn read(path: &Path) -> Result<String, UsageError> {
    std::fs::read_to_string(path).map_err(|e| usage(format!("{}: {e}", path.display())))
}

/// `leaf-hash`: the RFC 6962 leaf hash of hex-encoded data.
pub fn leaf_hash(alg: HashAlg, data_hex: &str) -> Result<String, UsageError> {
    let data = hex::decode(data_hex.trim()).map_err(|_| usage("--hex is not hex"))?;
    Ok(hex::encode(alg.hash_leaf(&data)))
}

/// `verify-inclusion`.
pub fn inclusion(
    alg: HashAlg,
    leaf: &Hash,
    index: u64,
    size: u64,
    root: &Hash,
    proof: &[Hash],
) -> Verdict {
    verify_inclusion(&alg, index, size, leaf, proof, root)
        .map(|()| {
            vec![format!(
                "inclusion proven: leaf {index} is in the tree of size {size}"
            )]
        })
        .map_err(|e| format!("inclusion proof INVALID: {e}"))
}

/// `verify-consistency`.
pub fn consistency(
    alg: HashAlg,
    (size1, root1): (u64, &Hash),
    (size2, root2): (u64, &Hash),
    proof: &[Hash],
) -> Verdict {
    verify_consistency(&alg, size1, size2, proof, root1, root2)
        .map(|()| {
            vec![format!(
                "consistent: the tree of size {size2} extends size {size1}"
            )]
        })
        .map_err(|e| format!("consistency proof INVALID: {e}"))
}

fn verifiers(keys: &[String]) -> Result<Vec<Box<dyn NoteVerifier + Send + Sync>>, UsageError> {
    keys.iter()
        .map(|k| parse_verifier_key(k).map_err(|e| usage(format!("--vkey {k}: {e}"))))
        .collect()
}

/// `verify-note`: a C2SP signed note (e.g. a checkpoint) against verifier keys.
pub fn note(keys: &[String], file: &Path) -> Result<Verdict, UsageError> {
    let text = read(file)?;
    let verifiers = verifiers(keys)?;
    let refs: Vec<&dyn NoteVerifier> = verifiers.iter().map(|v| v.as_ref() as _).collect();
    Ok(match open_note(&text, &refs) {
        Ok(opened) => {
            let mut lines: Vec<String> = opened
                .signatures
                .iter()
                .map(|s| format!("signature verified: {} ({:08x})", s.name, s.key_id))
                .collect();
            if let Ok(c) = Checkpoint::parse(&opened.text) {
                lines.push(format!(
                    "checkpoint: origin {} size {} root {}",
                    c.origin,
                    c.size,
                    hex::encode(c.root)
                ));
            }
            Ok(lines)
        }
        Err(e) => Err(format!("note INVALID: {e}")),
    })
}

/// `verify-receipt`: the receipt's proof and signature; with `material`, that the file is the
/// one deposited; with `checkpoint`, that the receipt's checkpoint is that trusted one.
pub fn receipt(
    file: &Path,
    keys: &[String],
    material: Option<&Path>,
    checkpoint: Option<&Path>,
) -> Result<Verdict, UsageError> {
    let receipt = match Receipt::parse(&read(file)?) {
        Ok(r) => r,
        Err(e) => return Ok(Err(format!("receipt INVALID: {e}"))),
    };
    let content = match material {
        Some(path) => Some(hash_file(path)?),
        None => None,
    };
    verifiers(keys)?;
    let check = match receipt.verify(keys, content.as_ref()) {
        Ok(check) => check,
        Err(e) => return Ok(Err(format!("receipt INVALID: {e}"))),
    };
    let mut lines = vec![
        format!(
            "receipt valid: entry {} ({}) deposited {} is in the tree of size {}",
            check.index, check.kind, check.at, check.tree_size
        ),
        format!("subjects: {}", check.subjects.join(", ")),
        format!("checkpoint signed by: {}", check.signed_by.join(", ")),
    ];
    if check.content_checked {
        lines.push(format!(
            "the file matches the deposited SHA-256 {}",
            check.sha256
        ));
    }
    if let Some(path) = checkpoint {
        if keys.is_empty() {
            return Err(usage("--checkpoint needs --vkey: the keys you trust"));
        }
        let verifiers = verifiers(keys)?;
        let refs: Vec<&dyn NoteVerifier> = verifiers.iter().map(|v| v.as_ref() as _).collect();
        let trusted = match open_note(&read(path)?, &refs)
            .map_err(|e| e.to_string())
            .and_then(|n| Checkpoint::parse(&n.text).map_err(|e| e.to_string()))
        {
            Ok(c) => c,
            Err(e) => return Ok(Err(format!("trusted checkpoint INVALID: {e}"))),
        };
        let ours = open_note(&receipt.checkpoint, &refs)
            .map_err(|e| e.to_string())
            .and_then(|n| Checkpoint::parse(&n.text).map_err(|e| e.to_string()));
        match ours {
            Ok(ours) if ours.size != trusted.size => {
                return Ok(Err(format!(
                    "the trusted checkpoint has size {}, the receipt is proven against size {}: \
                     fetch the court's checkpoint of size {} to compare",
                    trusted.size, ours.size, ours.size
                )));
            }
            Ok(ours) if ours.root != trusted.root || ours.origin != trusted.origin => {
                return Ok(Err(
                    "the receipt's checkpoint CONTRADICTS the trusted one (same size, other root)"
                        .into(),
                ));
            }
            Ok(_) => lines.push("the receipt's checkpoint is the trusted one".into()),
            Err(e) => return Ok(Err(format!("receipt checkpoint INVALID: {e}"))),
        }
    } else if !check.keys_supplied {
        lines.push(
            "note: signature checked with the keys inside the receipt; compare them with the \
             court's published keys or pass --vkey"
                .into(),
        );
    }
    Ok(Ok(lines))
}

/// Hashes a file in chunks (SHA-256 and SM3).
fn hash_file(path: &Path) -> Result<fayuan_core::digest::ContentHash, UsageError> {
    use std::io::Read;
    let mut file =
        std::fs::File::open(path).map_err(|e| usage(format!("{}: {e}", path.display())))?;
    let mut hasher = ContentHasher::default();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| usage(format!("{}: {e}", path.display())))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finish().0)
}

/// `audit`: recomputes the court's tree from its stored leaves. A usage error when the court's
/// keys are not where the settings say.
pub async fn audit(settings: &Settings) -> anyhow::Result<Result<Verdict, UsageError>> {
    let key_dir = wiring::ledger_key_dir(settings);
    if !fayuan_app::ledger::keys::LedgerKeys::exist_in(&key_dir) {
        return Ok(Err(usage(format!(
            "no ledger keys in {}: pass the court's --data-dir (or set ledger.key_dir)",
            key_dir.display()
        ))));
    }
    let app = wiring::app(settings).await?;
    let audit = app
        .audit_ledger()
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let summary = format!(
        "{} leaves recomputed, {} checkpoints checked",
        audit.leaves, audit.checkpoints
    );
    Ok(Ok(if audit.problems.is_empty() {
        Ok(vec![format!("ledger intact: {summary}")])
    } else {
        Err(format!(
            "ledger BROKEN ({summary}):\n{}",
            audit.problems.join("\n")
        ))
    }))
}
