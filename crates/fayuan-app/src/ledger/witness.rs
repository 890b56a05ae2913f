//! Witnessing (C2SP tlog-witness `add-checkpoint`): this installation cosigns checkpoints of
//! peer courts' logs it is configured to follow, after checking each is consistent with the
//! last one it cosigned — so no court can show different histories to different parties.

use fayuan_core::clock::to_micros;
use fayuan_domain::DomainError;
use fayuan_domain::ledger::WitnessedLog;
use fayuan_domain::security::AuditOutcome;
use fayuan_ledger::{Checkpoint, Hash, HashAlg, NoteVerifier, open_note, parse_verifier_key};

use super::sequencer::decode_hash;
use crate::{App, AppError, Ctx};

/// A log this installation witnesses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessedLogKey {
    /// Its origin line.
    pub origin: String,
    /// Its checkpoint verifier key (`name+hexid+base64`).
    pub verifier_key: String,
    /// Its tree hash (SHA-256 for tlog-ecosystem logs; a peer fayuan may use SM3).
    pub alg: HashAlg,
}

/// What `add-checkpoint` answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WitnessOutcome {
    /// Cosigned: the cosignature lines.
    Cosigned(String),
    /// The old size is not the size last cosigned, which is given (HTTP 409).
    SizeMismatch(u64),
}

/// Most consistency-proof lines a request may carry (tlog-witness).
const MAX_PROOF_LINES: usize = 63;

/// A parsed `add-checkpoint` request body.
struct Request<'a> {
    old: u64,
    proof: Vec<Hash>,
    note: &'a str,
}

fn syntax(message: &str) -> AppError {
    AppError::invalid(
        "ledger.witness_syntax",
        format!("见证请求格式错误：{message}"),
    )
}

fn parse_request(body: &str) -> Result<Request<'_>, AppError> {
    let (head, note) = body.split_once("\n\n").ok_or_else(|| syntax("缺少空行"))?;
    let mut lines = head.split('\n');
    let old = lines
        .next()
        .and_then(|l| l.strip_prefix("old "))
        .filter(|n| *n == "0" || (!n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit())))
        .and_then(|n| n.parse::<u64>().ok())
        .ok_or_else(|| syntax("第一行应为 old <size>"))?;
    let proof = lines
        .map(|line| {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(line)
                .map_err(|_| syntax("一致性证明行不是base64"))?;
            <Hash>::try_from(bytes.as_slice()).map_err(|_| syntax("一致性证明哈希长度错误"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if proof.len() > MAX_PROOF_LINES {
        return Err(syntax("一致性证明过长"));
    }
    Ok(Request { old, proof, note })
}

impl App {
    /// Handles one `add-checkpoint` request (tlog-witness): verifies the log's signature, that
    /// `old` is the size last cosigned, and the consistency proof; then records the checkpoint
    /// and returns this witness's cosignature. Check and record are one transaction.
    pub async fn witness_add_checkpoint(
        &self,
        ctx: &Ctx,
        body: &str,
    ) -> Result<WitnessOutcome, AppError> {
        let witness = self.ledger.witness.as_ref().ok_or(AppError::NotFound)?;
        let request = parse_request(body)?;
        let origin = request.note.split('\n').next().unwrap_or_default();
        let log = self
            .ledger
            .witnessed
            .iter()
            .find(|l| l.origin == origin)
            .ok_or(AppError::NotFound)?;
        let verifier = parse_verifier_key(&log.verifier_key)
            .map_err(|e| AppError::Internal(format!("witnessed log key: {e}")))?;
        let opened = open_note(request.note, &[verifier.as_ref() as &dyn NoteVerifier])
            .map_err(|_| AppError::Forbidden)?;
        let checkpoint =
            Checkpoint::parse(&opened.text).map_err(|e| syntax(&format!("检查点：{e}")))?;
        if checkpoint.origin != log.origin {
            return Err(AppError::NotFound);
        }
        if request.old > checkpoint.size {
            return Err(AppError::invalid(
                "ledger.witness_old_size",
                "old 大于检查点的树大小。",
            ));
        }
        let mut tx = self.store.begin().await?;
        let last = tx.witnessed_log(&log.origin).await?;
        let (last_size, last_root) = match &last {
            Some(l) => (l.size as u64, Some(decode_hash(&l.root)?)),
            None => (0, None),
        };
        if request.old != last_size {
            return Ok(WitnessOutcome::SizeMismatch(last_size));
        }
        match last_root {
            Some(root) if last_size == checkpoint.size && root != checkpoint.root => {
                return Ok(WitnessOutcome::SizeMismatch(last_size));
            }
            Some(root) if last_size > 0 && last_size < checkpoint.size => {
                fayuan_ledger::verify_consistency(
                    &log.alg,
                    last_size,
                    checkpoint.size,
                    &request.proof,
                    &root,
                    &checkpoint.root,
                )
                .map_err(|e| {
                    AppError::invalid("ledger.witness_proof", format!("一致性证明不成立：{e}"))
                })?;
            }
            _ if !request.proof.is_empty() && last_size == 0 => {
                return Err(AppError::invalid(
                    "ledger.witness_proof",
                    "old 为 0 时一致性证明必须为空。",
                ));
            }
            _ => {}
        }
        let now = self.clock.now();
        let timestamp = u64::try_from(now.unix_timestamp()).unwrap_or(0);
        let cosignature = witness
            .cosigner()
            .cosign(&opened.text, timestamp)
            .map_err(|e| AppError::Internal(format!("cosigning: {e}")))?;
        let record = WitnessedLog {
            origin: log.origin.clone(),
            size: i64::try_from(checkpoint.size).unwrap_or(i64::MAX),
            root: hex::encode(checkpoint.root),
            note: request.note.to_owned(),
            updated_at_us: to_micros(now),
        };
        match tx.advance_witnessed_log(last_size as i64, &record).await {
            Err(DomainError::Conflict { .. }) => {
                // Another request advanced it meanwhile: report the size now recorded.
                drop(tx);
                let mut tx = self.store.begin().await?;
                let size = tx.witnessed_log(&log.origin).await?.map_or(0, |l| l.size);
                return Ok(WitnessOutcome::SizeMismatch(size as u64));
            }
            other => other?,
        }
        self.audit(
            &mut *tx,
            ctx,
            "ledger.witness",
            &format!("log:{}", log.origin),
            AuditOutcome::Success,
            &format!("size {} root {}", checkpoint.size, record.root),
        )
        .await?;
        tx.commit().await?;
        Ok(WitnessOutcome::Cosigned(cosignature))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_parse_per_tlog_witness() {
        let body = "old 3\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n\nexample/log\n5\nroot\n\n— sig\n";
        let r = parse_request(body).unwrap();
        assert_eq!(r.old, 3);
        assert_eq!(r.proof.len(), 1);
        assert!(r.note.starts_with("example/log\n5\n"));
        assert!(parse_request("old 03\n\nx").is_err());
        assert!(parse_request("old 3\nnot-base64!\n\nx").is_err());
        assert!(parse_request("new 3\n\nx").is_err());
        assert!(parse_request("old 3\n").is_err());
        assert_eq!(parse_request("old 0\n\nx\n").unwrap().old, 0);
    }
}
