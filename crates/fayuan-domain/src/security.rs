//! Audit (Rules arts. 12, 34): every access to personal or case data and every security event is
//! recorded as an append-only, hash-chained event. Each event stores the hash of the one before,
//! so altering or removing any row breaks the chain, which [`verify_chain`] detects.

use fayuan_core::id::{AccountId, RequestId};
use fayuan_core::str_enum;
use sha2::{Digest, Sha256};

use crate::DomainError;

str_enum! {
    /// How the audited action ended.
    pub enum AuditOutcome {
        /// It was carried out.
        Success = "success" / "成功",
        /// It was refused (authentication, authorisation, validation).
        Denied = "denied" / "拒绝",
        /// It failed.
        Failure = "failure" / "失败",
    }
}

/// An audit event before it is chained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEvent {
    /// When, in microseconds since the Unix epoch (UTC).
    pub at_us: i64,
    /// Who acted; `None` for anonymous requests.
    pub actor_id: Option<AccountId>,
    /// The actor's role or account kind at the time (`admin`, `person`, `anonymous` …).
    pub actor_role: String,
    /// What was done, as `subsystem.verb` (e.g. `accounts.login`).
    pub action: String,
    /// What it was done to (`account:<id>`, `court:<id>` …).
    pub target: String,
    /// Client network address.
    pub client_addr: String,
    /// Request id of the HTTP request (or the CLI run).
    pub request_id: RequestId,
    /// Outcome.
    pub outcome: AuditOutcome,
    /// Short detail (never a password or secret).
    pub detail: String,
}

/// A stored audit event with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// The event.
    pub event: NewAuditEvent,
    /// Hash of the previous event (hex), or the anchor hash for the first retained event.
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and the event's fields (hex).
    pub hash: String,
}

/// The hash of the (non-existent) event before the first one.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Computes the chained hash of `event` at position `seq` after `prev_hash`. Every field is
/// length-prefixed so no two different events serialise alike.
pub fn chain_hash(seq: i64, prev_hash: &str, event: &NewAuditEvent) -> String {
    let mut h = Sha256::new();
    let actor = event.actor_id.map(|a| a.to_string()).unwrap_or_default();
    let request = event.request_id.to_string();
    let seq_text = seq.to_string();
    let at_text = event.at_us.to_string();
    for field in [
        seq_text.as_str(),
        prev_hash,
        at_text.as_str(),
        actor.as_str(),
        event.actor_role.as_str(),
        event.action.as_str(),
        event.target.as_str(),
        event.client_addr.as_str(),
        request.as_str(),
        event.outcome.as_str(),
        event.detail.as_str(),
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Where a chain starts: the sequence number and previous hash of its first retained event
/// (seq 1 and [`GENESIS_HASH`] until retention removes old events), and where it must end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBounds {
    /// Sequence number of the first retained event.
    pub first_seq: i64,
    /// The hash the first retained event must name as previous.
    pub anchor_hash: String,
    /// Sequence number of the last event written (0 when none).
    pub head_seq: i64,
    /// Hash of the last event written.
    pub head_hash: String,
}

/// Verifies a chain fed in order of `seq`, one event at a time, so a long log never has to be
/// held in memory. Detects a gap (removed row), a wrong previous hash, a hash that does not match
/// the content (edited row), and a head that does not match the last event (removed tail).
#[derive(Debug)]
pub struct ChainVerifier {
    bounds: ChainBounds,
    expected_seq: i64,
    prev: String,
}

impl ChainVerifier {
    /// Starts verifying a chain with these bounds.
    pub fn new(bounds: ChainBounds) -> Self {
        let expected_seq = bounds.first_seq;
        let prev = bounds.anchor_hash.clone();
        Self {
            bounds,
            expected_seq,
            prev,
        }
    }

    /// Checks the next event.
    pub fn feed(&mut self, e: &AuditEvent) -> Result<(), DomainError> {
        let broken = |seq: i64, reason: String| DomainError::AuditChainBroken { seq, reason };
        if e.seq != self.expected_seq {
            return Err(broken(
                self.expected_seq,
                format!("event missing (next present is {})", e.seq),
            ));
        }
        if e.prev_hash != self.prev {
            return Err(broken(e.seq, "previous hash does not match".into()));
        }
        if chain_hash(e.seq, &e.prev_hash, &e.event) != e.hash {
            return Err(broken(e.seq, "content does not match its hash".into()));
        }
        self.prev = e.hash.clone();
        self.expected_seq += 1;
        Ok(())
    }

    /// Checks that the chain ended where the head says; returns the number of events checked.
    pub fn finish(self) -> Result<i64, DomainError> {
        let last = self.expected_seq - 1;
        if last != self.bounds.head_seq
            || (last >= self.bounds.first_seq && self.prev != self.bounds.head_hash)
        {
            return Err(DomainError::AuditChainBroken {
                seq: self.expected_seq,
                reason: format!(
                    "chain ends at {last} but head records {}",
                    self.bounds.head_seq
                ),
            });
        }
        Ok(last - self.bounds.first_seq + 1)
    }
}

/// Verifies a whole chain held in memory; see [`ChainVerifier`].
pub fn verify_chain<'a>(
    bounds: &ChainBounds,
    events: impl IntoIterator<Item = &'a AuditEvent>,
) -> Result<i64, DomainError> {
    let mut verifier = ChainVerifier::new(bounds.clone());
    for e in events {
        verifier.feed(e)?;
    }
    verifier.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> (ChainBounds, Vec<AuditEvent>) {
        let mut prev = GENESIS_HASH.to_string();
        let mut events = Vec::new();
        for seq in 1..=n {
            let event = NewAuditEvent {
                at_us: seq * 1000,
                actor_id: None,
                actor_role: "anonymous".into(),
                action: "accounts.login".into(),
                target: format!("login:{seq}"),
                client_addr: "127.0.0.1".into(),
                request_id: RequestId::new(),
                outcome: AuditOutcome::Denied,
                detail: String::new(),
            };
            let hash = chain_hash(seq, &prev, &event);
            events.push(AuditEvent {
                seq,
                event,
                prev_hash: prev.clone(),
                hash: hash.clone(),
            });
            prev = hash;
        }
        let bounds = ChainBounds {
            first_seq: 1,
            anchor_hash: GENESIS_HASH.into(),
            head_seq: n,
            head_hash: prev,
        };
        (bounds, events)
    }

    #[test]
    fn intact_chain_verifies() {
        let (bounds, events) = chain(5);
        assert_eq!(verify_chain(&bounds, &events).unwrap(), 5);
    }

    #[test]
    fn edit_removal_and_truncation_are_detected() {
        let (bounds, mut events) = chain(5);
        events[2].event.detail = "tampered".into();
        assert!(matches!(
            verify_chain(&bounds, &events),
            Err(DomainError::AuditChainBroken { seq: 3, .. })
        ));

        let (bounds, mut events) = chain(5);
        events.remove(1);
        assert!(matches!(
            verify_chain(&bounds, &events),
            Err(DomainError::AuditChainBroken { seq: 2, .. })
        ));

        let (bounds, mut events) = chain(5);
        events.pop();
        assert!(matches!(
            verify_chain(&bounds, &events),
            Err(DomainError::AuditChainBroken { seq: 5, .. })
        ));
    }
}
