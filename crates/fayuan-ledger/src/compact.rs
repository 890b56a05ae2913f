//! The right frontier of a Merkle log growing from size 0: enough state to append leaves and
//! compute the root without the rest of the tree.
//!
//! A tree of `size` leaves decomposes into one perfect subtree per set bit of `size`, largest
//! (leftmost) first; a [`CompactRange`] keeps exactly those subtree hashes.
//!
//! Stored text form ([`CompactRange::encode`]): the size in canonical decimal, followed — when the
//! tree is not empty — by `:` and the subtree hashes as 64 lowercase hex digits separated by
//! commas, left to right. Examples: `0`, `1:6e34…a01d`, `3:fac5…c125,0298…7fe7`.

use crate::node::NodeId;
use crate::{Hash, LedgerError, LogHasher, decimal, hex};

/// The perfect-subtree hashes on the right frontier of a tree of `size` leaves.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CompactRange {
    size: u64,
    hashes: Vec<Hash>,
}

impl CompactRange {
    /// The frontier of the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Rebuilds a frontier from its size and subtree hashes, left (largest) to right; there
    /// must be exactly `size.count_ones()` hashes.
    pub fn from_parts(size: u64, hashes: Vec<Hash>) -> Result<Self, LedgerError> {
        let expected = size.count_ones() as usize;
        if hashes.len() != expected {
            return Err(LedgerError::HashCountMismatch {
                expected,
                actual: hashes.len(),
            });
        }
        Ok(Self { size, hashes })
    }

    /// The number of leaves in the tree.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The frontier's perfect-subtree hashes, left (largest) to right.
    pub fn hashes(&self) -> &[Hash] {
        &self.hashes
    }

    /// Appends one leaf hash. `visit` sees the new leaf (level 0) and then, bottom-up, every
    /// perfect subtree this append completes, so a caller can store each new node hash.
    ///
    /// A tree already holding `u64::MAX` leaves cannot grow and is left unchanged.
    pub fn append(
        &mut self,
        h: &impl LogHasher,
        leaf_hash: Hash,
        mut visit: impl FnMut(NodeId, &Hash),
    ) {
        let Some(new_size) = self.size.checked_add(1) else {
            return;
        };
        visit(NodeId::new(0, self.size), &leaf_hash);
        let mut hash = leaf_hash;
        let mut level = 0u8;
        while (self.size >> level) & 1 == 1 {
            let Some(left) = self.hashes.pop() else {
                break;
            };
            hash = h.hash_children(&left, &hash);
            level += 1;
            visit(NodeId::new(level, self.size >> level), &hash);
        }
        self.hashes.push(hash);
        self.size = new_size;
    }

    /// The tree's root hash; [`LogHasher::empty_root`] for the empty tree.
    pub fn root(&self, h: &impl LogHasher) -> Hash {
        let mut rest = self.hashes.iter().rev();
        match rest.next() {
            None => h.empty_root(),
            Some(last) => rest.fold(*last, |acc, left| h.hash_children(left, &acc)),
        }
    }

    /// The stored text form described in the module documentation.
    pub fn encode(&self) -> String {
        let mut out = self.size.to_string();
        for (i, hash) in self.hashes.iter().enumerate() {
            out.push(if i == 0 { ':' } else { ',' });
            out.push_str(&hex::encode(hash));
        }
        out
    }

    /// Parses the text form written by [`CompactRange::encode`]; the empty string is the empty
    /// tree. Only the canonical form is accepted.
    pub fn decode(s: &str) -> Result<Self, LedgerError> {
        if s.is_empty() {
            return Ok(Self::new());
        }
        let (size_text, hashes_text) = match s.split_once(':') {
            Some((size, hashes)) => (size, Some(hashes)),
            None => (s, None),
        };
        let size = decimal::parse_u64(size_text).ok_or(LedgerError::MalformedCompactRange(
            "size is not a canonical decimal",
        ))?;
        let hashes = match hashes_text {
            None => Vec::new(),
            Some(text) => text
                .split(',')
                .map(|hash| {
                    hex::decode_hash(hash).ok_or(LedgerError::MalformedCompactRange(
                        "hash is not 64 lowercase hex digits",
                    ))
                })
                .collect::<Result<_, _>>()?,
        };
        Self::from_parts(size, hashes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hasher::Sha256Hasher;
    use crate::hasher::tests::h;

    /// transparency-dev/merkle testonly/constants.go: leaf inputs.
    const LEAVES: [&[u8]; 8] = [
        &[],
        &[0x00],
        &[0x10],
        &[0x20, 0x21],
        &[0x30, 0x31],
        &[0x40, 0x41, 0x42, 0x43],
        &[0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        &[
            0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d,
            0x6e, 0x6f,
        ],
    ];

    #[test]
    fn frontier_matches_transparency_dev_compact_trees() {
        // transparency-dev/merkle testonly/constants.go: CompactTrees() and RootHashes().
        let n = |s: &str| h(s);
        let l00 = n("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        let l02 = n("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7");
        let l04 = n("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        let l06 = n("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f");
        let l10 = n("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        let l12 = n("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a");
        let l20 = n("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        let l30 = n("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
        let want: [Vec<Hash>; 9] = [
            vec![],
            vec![l00],
            vec![l10],
            vec![l10, l02],
            vec![l20],
            vec![l20, l04],
            vec![l20, l12],
            vec![l20, l12, l06],
            vec![l30],
        ];
        let roots = [
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        let mut range = CompactRange::new();
        for (size, leaf) in LEAVES.iter().enumerate() {
            assert_eq!(range.hashes(), want[size].as_slice(), "size {size}");
            assert_eq!(range.root(&Sha256Hasher), h(roots[size]), "size {size}");
            range.append(&Sha256Hasher, Sha256Hasher.hash_leaf(leaf), |_, _| {});
        }
        assert_eq!(range.size(), 8);
        assert_eq!(range.hashes(), want[8].as_slice());
        assert_eq!(range.root(&Sha256Hasher), h(roots[8]));
    }

    #[test]
    fn append_visits_leaf_then_completed_subtrees() {
        let mut range = CompactRange::new();
        for i in 0..7u8 {
            range.append(&Sha256Hasher, Sha256Hasher.hash_leaf(&[i]), |_, _| {});
        }
        let mut seen = Vec::new();
        range.append(&Sha256Hasher, Sha256Hasher.hash_leaf(&[7]), |id, _| {
            seen.push(id)
        });
        assert_eq!(
            seen,
            [
                NodeId::new(0, 7),
                NodeId::new(1, 3),
                NodeId::new(2, 1),
                NodeId::new(3, 0)
            ]
        );
    }

    #[test]
    fn text_form_round_trips() {
        let mut range = CompactRange::new();
        assert_eq!(range.encode(), "0");
        assert_eq!(CompactRange::decode("").unwrap(), range);
        assert_eq!(CompactRange::decode("0").unwrap(), range);
        for i in 0..11u8 {
            range.append(&Sha256Hasher, Sha256Hasher.hash_leaf(&[i]), |_, _| {});
            let text = range.encode();
            assert_eq!(CompactRange::decode(&text).unwrap(), range, "{text}");
        }
        let text = range.encode();
        assert!(text.starts_with("11:"));
        assert_eq!(text.matches(',').count(), 2);
    }

    #[test]
    fn decode_rejects_non_canonical_text() {
        let hash = "ab".repeat(32);
        for bad in [
            "0:".to_owned(),
            "1".to_owned(),
            "1:".to_owned(),
            format!("01:{hash}"),
            format!("+1:{hash}"),
            format!("1:{}", hash.to_uppercase()),
            format!("2:{hash},{hash}"),
            format!("3:{hash}"),
            format!("3:{hash},{hash},{hash}"),
            format!("3:{hash},,{hash}"),
            format!("1:{hash},"),
            format!("1:{hash} "),
            format!("0:{hash}"),
        ] {
            assert!(CompactRange::decode(&bad).is_err(), "{bad}");
        }
        assert!(CompactRange::decode(&format!("3:{hash},{hash}")).is_ok());
    }

    #[test]
    fn from_parts_checks_hash_count() {
        assert!(CompactRange::from_parts(5, vec![[0; 32]]).is_err());
        let range = CompactRange::from_parts(5, vec![[0; 32], [1; 32]]).unwrap();
        assert_eq!(range.size(), 5);
        assert_eq!(range.hashes().len(), 2);
    }
}
