//! Proofs from a stored tree: which perfect-subtree hashes to fetch, and how to combine them.
//!
//! A proof element is either a stored perfect subtree or, on the tree's right border, an
//! incomplete subtree whose hash is recomputed from its perfect-subtree decomposition.

use crate::node::NodeId;
use crate::{Hash, LedgerError, LogHasher};

/// The stored nodes a proof needs and how they combine into the proof's hashes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProofPlan {
    nodes: Vec<NodeId>,
    /// For each proof element, how many consecutive entries of `nodes` it folds together.
    groups: Vec<usize>,
}

impl ProofPlan {
    /// The perfect subtrees whose hashes [`ProofPlan::assemble`] needs, in the order it needs
    /// them. A node may appear only once per plan.
    pub fn nodes(&self) -> &[NodeId] {
        &self.nodes
    }

    /// Builds the proof from the hashes of [`ProofPlan::nodes`], given in the same order.
    pub fn assemble(&self, h: &impl LogHasher, hashes: &[Hash]) -> Result<Vec<Hash>, LedgerError> {
        if hashes.len() != self.nodes.len() {
            return Err(LedgerError::HashCountMismatch {
                expected: self.nodes.len(),
                actual: hashes.len(),
            });
        }
        let mut proof = Vec::with_capacity(self.groups.len());
        let mut rest = hashes;
        for &count in &self.groups {
            let (group, tail) = rest.split_at(count);
            rest = tail;
            if let Some((last, left)) = group.split_last() {
                proof.push(
                    left.iter()
                        .rev()
                        .fold(*last, |acc, l| h.hash_children(l, &acc)),
                );
            }
        }
        Ok(proof)
    }

    fn push_node(&mut self, node: NodeId) {
        self.nodes.push(node);
        self.groups.push(1);
    }

    fn push_range(&mut self, begin: u64, end: u64) {
        let nodes = range_nodes(begin, end);
        self.groups.push(nodes.len());
        self.nodes.extend(nodes);
    }

    /// Appends the siblings on the path from the node at `start_level` above leaf `leaf` up to
    /// the root of the tree of `size` leaves (`leaf < size`).
    fn push_path(&mut self, leaf: u64, start_level: u32, size: u64) {
        let root_level = u64::BITS - (size - 1).leading_zeros();
        for level in start_level..root_level {
            let sibling = (leaf >> level) ^ 1;
            if sibling > (size - 1) >> level {
                // No leaves right of this node yet: it is promoted unchanged.
                continue;
            }
            if sibling < size >> level {
                self.push_node(NodeId::new(level_u8(level), sibling));
            } else {
                self.push_range(sibling << level, size);
            }
        }
    }
}

/// Levels are below 64, so they fit a `u8`.
fn level_u8(level: u32) -> u8 {
    u8::try_from(level).unwrap_or(u8::MAX)
}

/// The plan for the inclusion proof of leaf `index` in the tree of `size` leaves.
pub fn inclusion_plan(index: u64, size: u64) -> Result<ProofPlan, LedgerError> {
    if index >= size {
        return Err(LedgerError::IndexOutOfRange { index, size });
    }
    let mut plan = ProofPlan::default();
    plan.push_path(index, 0, size);
    Ok(plan)
}

/// The plan for the consistency proof from the tree of `size1` leaves to the tree of `size2`
/// leaves; empty when the sizes are equal, an error when `size1 == 0` or `size1 > size2`.
pub fn consistency_plan(size1: u64, size2: u64) -> Result<ProofPlan, LedgerError> {
    if size1 == 0 || size1 > size2 {
        return Err(LedgerError::InvalidConsistencySizes { size1, size2 });
    }
    let mut plan = ProofPlan::default();
    if size1 == size2 {
        return Ok(plan);
    }
    // The largest perfect subtree ending at size1, then its inclusion path in the new tree.
    // When size1 is a power of two that subtree is the old root, which the verifier knows.
    let level = size1.trailing_zeros();
    let index = (size1 - 1) >> level;
    if index != 0 {
        plan.push_node(NodeId::new(level_u8(level), index));
    }
    plan.push_path(size1 - 1, level, size2);
    Ok(plan)
}

/// The perfect subtrees that exactly cover leaves `[begin, end)`, left to right, each as large
/// as its alignment allows; empty when `begin >= end`.
pub fn range_nodes(begin: u64, end: u64) -> Vec<NodeId> {
    let mut nodes = Vec::new();
    let mut at = begin;
    while at < end {
        let align = if at == 0 {
            u64::BITS - 1
        } else {
            at.trailing_zeros()
        };
        let fit = u64::BITS - 1 - (end - at).leading_zeros();
        let level = align.min(fit);
        nodes.push(NodeId::new(level_u8(level), at >> level));
        at += 1 << level;
    }
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two sizes (or an index and a size) and the expected `(level, index)` node list.
    type PlanCase = (u64, u64, &'static [(u8, u64)]);

    fn ids(list: &[(u8, u64)]) -> Vec<NodeId> {
        list.iter().map(|&(l, i)| NodeId::new(l, i)).collect()
    }

    #[test]
    fn range_nodes_decomposes_into_aligned_subtrees() {
        assert_eq!(range_nodes(0, 0), []);
        assert_eq!(range_nodes(5, 5), []);
        assert_eq!(range_nodes(0, 7), ids(&[(2, 0), (1, 2), (0, 6)]));
        assert_eq!(range_nodes(3, 12), ids(&[(0, 3), (2, 1), (2, 2)]));
        assert_eq!(range_nodes(0, 1 << 63), ids(&[(63, 0)]));
        assert_eq!(
            range_nodes(u64::MAX - 1, u64::MAX),
            ids(&[(0, u64::MAX - 1)])
        );
        assert_eq!(range_nodes(0, u64::MAX).len(), 64);
    }

    // Expected node sets from transparency-dev/merkle proof/proof_test.go (TestInclusion and
    // TestConsistency). That code lists a recomputed border subtree right to left; this crate
    // lists it left to right, so those groups are reversed here.
    #[test]
    fn inclusion_plans_match_transparency_dev_node_lists() {
        let cases: &[PlanCase] = &[
            (0, 1, &[]),
            (0, 2, &[(0, 1)]),
            (1, 2, &[(0, 0)]),
            (1, 3, &[(0, 0), (0, 2)]),
            (0, 7, &[(0, 1), (1, 1), (1, 2), (0, 6)]),
            (2, 7, &[(0, 3), (1, 0), (1, 2), (0, 6)]),
            (4, 7, &[(0, 5), (0, 6), (2, 0)]),
            (6, 7, &[(1, 2), (2, 0)]),
            (3, 5, &[(0, 2), (1, 0), (0, 4)]),
            (4, 6, &[(0, 5), (2, 0)]),
            (10, 15, &[(0, 11), (1, 4), (1, 6), (0, 14), (3, 0)]),
            (
                24,
                31,
                &[(0, 25), (1, 13), (1, 14), (0, 30), (3, 2), (4, 0)],
            ),
            (
                81,
                95,
                &[
                    (0, 80),
                    (1, 41),
                    (2, 21),
                    (2, 22),
                    (1, 46),
                    (0, 94),
                    (4, 4),
                    (6, 0),
                ],
            ),
        ];
        for &(index, size, want) in cases {
            let plan = inclusion_plan(index, size).unwrap();
            assert_eq!(plan.nodes(), ids(want), "inclusion {index} in {size}");
        }
        for (index, size) in [(0, 0), (1, 0), (2, 1), (8, 7)] {
            assert!(inclusion_plan(index, size).is_err());
        }
    }

    #[test]
    fn consistency_plans_match_transparency_dev_node_lists() {
        let cases: &[PlanCase] = &[
            (1, 2, &[(0, 1)]),
            (1, 4, &[(0, 1), (1, 1)]),
            (1, 6, &[(0, 1), (1, 1), (1, 2)]),
            (2, 3, &[(0, 2)]),
            (2, 8, &[(1, 1), (2, 1)]),
            (3, 7, &[(0, 2), (0, 3), (1, 0), (1, 2), (0, 6)]),
            (4, 7, &[(1, 2), (0, 6)]),
            (5, 7, &[(0, 4), (0, 5), (0, 6), (2, 0)]),
            (6, 7, &[(1, 2), (0, 6), (2, 0)]),
            (7, 8, &[(0, 6), (0, 7), (1, 2), (2, 0)]),
            (7, 7, &[]),
            (2, 4, &[(1, 1)]),
            (3, 5, &[(0, 2), (0, 3), (1, 0), (0, 4)]),
            (4, 6, &[(1, 2)]),
            (1, 7, &[(0, 1), (1, 1), (1, 2), (0, 6)]),
            (10, 15, &[(1, 4), (1, 5), (1, 6), (0, 14), (3, 0)]),
            (24, 31, &[(3, 2), (2, 6), (1, 14), (0, 30), (4, 0)]),
            (
                81,
                95,
                &[
                    (0, 80),
                    (0, 81),
                    (1, 41),
                    (2, 21),
                    (2, 22),
                    (1, 46),
                    (0, 94),
                    (4, 4),
                    (6, 0),
                ],
            ),
        ];
        for &(size1, size2, want) in cases {
            let plan = consistency_plan(size1, size2).unwrap();
            assert_eq!(plan.nodes(), ids(want), "consistency {size1} to {size2}");
        }
        for (size1, size2) in [(0, 0), (0, 5), (5, 0), (9, 8)] {
            assert!(consistency_plan(size1, size2).is_err());
        }
    }

    #[test]
    fn assemble_checks_hash_count() {
        let plan = inclusion_plan(0, 7).unwrap();
        let h = crate::hasher::Sha256Hasher;
        assert!(plan.assemble(&h, &[[0; 32]; 3]).is_err());
        assert_eq!(plan.assemble(&h, &[[0; 32]; 4]).unwrap().len(), 3);
    }
}
