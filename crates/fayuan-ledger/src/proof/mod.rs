//! Merkle tree hashes and proofs (RFC 6962 §2.1, RFC 9162 §2.1).
//!
//! - [`root_of`], [`inclusion_proof`] and [`consistency_proof`] are the RFC's recursive
//!   definitions over a full list of leaf hashes: the reference for tests and audits.
//! - [`verify_inclusion`] and [`verify_consistency`] are the RFC 9162 verification algorithms.
//! - [`inclusion_plan`] and [`consistency_plan`] build proofs from a store that keeps every
//!   perfect subtree hash (keyed by [`NodeId`](crate::NodeId)): a [`ProofPlan`] names the nodes
//!   to fetch, then assembles the proof, recomputing the incomplete subtrees on the tree's right
//!   border from their perfect-subtree decomposition ([`range_nodes`]).

mod plan;
mod reference;
mod verify;

pub use plan::{ProofPlan, consistency_plan, inclusion_plan, range_nodes};
pub use reference::{consistency_proof, inclusion_proof, root_of};
pub use verify::{verify_consistency, verify_inclusion};

#[cfg(test)]
mod tests;
