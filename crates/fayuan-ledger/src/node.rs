//! Addresses of perfect subtrees in a Merkle log.

/// A perfect subtree of `2^level` leaves covering leaves `[index << level, (index + 1) << level)`.
///
/// Level 0 addresses a single leaf hash; the log's store keys every perfect subtree hash by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    /// Height above the leaves: the subtree has `2^level` leaves.
    pub level: u8,
    /// Position among the subtrees of this level, counted from the left.
    pub index: u64,
}

impl NodeId {
    /// The subtree at `level` and `index`.
    pub const fn new(level: u8, index: u64) -> Self {
        Self { level, index }
    }
}
