//! RFC 6962 §2.1 (RFC 9162 §2.1.1) tree hashing, instantiated with SHA-256 or SM3.
//!
//! Leaves are hashed as `H(0x00 || data)`, interior nodes as `H(0x01 || left || right)`, and the
//! empty tree's root is `H("")`; the prefixes keep leaf and node hashes apart.

use crate::{Hash, LedgerError};
use sha2::Digest;
use sha2::digest::consts::U32;

const LEAF_PREFIX: u8 = 0x00;
const NODE_PREFIX: u8 = 0x01;

/// The hash functions of a Merkle log: how leaves, interior nodes and the empty tree hash.
pub trait LogHasher {
    /// Hashes one log entry into its leaf hash, `H(0x00 || data)`.
    fn hash_leaf(&self, data: &[u8]) -> Hash;
    /// Hashes two child subtree hashes into their parent, `H(0x01 || left || right)`.
    fn hash_children(&self, left: &Hash, right: &Hash) -> Hash;
    /// The root hash of a tree with no leaves, `H("")`.
    fn empty_root(&self) -> Hash;
}

fn leaf<D: Digest<OutputSize = U32>>(data: &[u8]) -> Hash {
    D::new()
        .chain_update([LEAF_PREFIX])
        .chain_update(data)
        .finalize()
        .into()
}

fn children<D: Digest<OutputSize = U32>>(left: &Hash, right: &Hash) -> Hash {
    D::new()
        .chain_update([NODE_PREFIX])
        .chain_update(left)
        .chain_update(right)
        .finalize()
        .into()
}

/// RFC 6962 hashing with SHA-256, as in Certificate Transparency and C2SP tlog-tiles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sha256Hasher;

impl LogHasher for Sha256Hasher {
    fn hash_leaf(&self, data: &[u8]) -> Hash {
        leaf::<sha2::Sha256>(data)
    }

    fn hash_children(&self, left: &Hash, right: &Hash) -> Hash {
        children::<sha2::Sha256>(left, right)
    }

    fn empty_root(&self) -> Hash {
        sha2::Sha256::digest([]).into()
    }
}

/// RFC 6962 hashing with SM3 (GB/T 32905), for deployments that require 国密 algorithms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sm3Hasher;

impl LogHasher for Sm3Hasher {
    fn hash_leaf(&self, data: &[u8]) -> Hash {
        leaf::<sm3::Sm3>(data)
    }

    fn hash_children(&self, left: &Hash, right: &Hash) -> Hash {
        children::<sm3::Sm3>(left, right)
    }

    fn empty_root(&self) -> Hash {
        sm3::Sm3::digest([]).into()
    }
}

/// The hash algorithm a log is configured with, chosen at run time; hashes by dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// SHA-256, see [`Sha256Hasher`].
    Sha256,
    /// SM3, see [`Sm3Hasher`].
    Sm3,
}

impl HashAlg {
    /// The algorithm's configuration and storage name: `"sha256"` or `"sm3"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sha256 => "sha256",
            Self::Sm3 => "sm3",
        }
    }

    /// Parses a name written by [`HashAlg::as_str`]; anything else is an error.
    pub fn parse(s: &str) -> Result<Self, LedgerError> {
        match s {
            "sha256" => Ok(Self::Sha256),
            "sm3" => Ok(Self::Sm3),
            _ => Err(LedgerError::UnknownHashAlg(s.to_owned())),
        }
    }
}

impl LogHasher for HashAlg {
    fn hash_leaf(&self, data: &[u8]) -> Hash {
        match self {
            Self::Sha256 => Sha256Hasher.hash_leaf(data),
            Self::Sm3 => Sm3Hasher.hash_leaf(data),
        }
    }

    fn hash_children(&self, left: &Hash, right: &Hash) -> Hash {
        match self {
            Self::Sha256 => Sha256Hasher.hash_children(left, right),
            Self::Sm3 => Sm3Hasher.hash_children(left, right),
        }
    }

    fn empty_root(&self) -> Hash {
        match self {
            Self::Sha256 => Sha256Hasher.empty_root(),
            Self::Sm3 => Sm3Hasher.empty_root(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Decodes a hex test vector; test-only helper shared by the crate's tests.
    pub(crate) fn h(hex: &str) -> Hash {
        crate::hex::decode_hash(hex).unwrap()
    }

    #[test]
    fn sha256_empty_root_is_rfc6962_value() {
        // RFC 6962 §2.1: MTH({}) = SHA-256() (value from transparency-dev/merkle testonly/constants.go).
        assert_eq!(
            Sha256Hasher.empty_root(),
            h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
    }

    #[test]
    fn sha256_leaf_and_node_hashes_match_transparency_dev_vectors() {
        // transparency-dev/merkle testonly/constants.go: NodeHashes()[0][0..2] and [1][0].
        let l0 = Sha256Hasher.hash_leaf(&[]);
        let l1 = Sha256Hasher.hash_leaf(&[0x00]);
        assert_eq!(
            l0,
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        );
        assert_eq!(
            l1,
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")
        );
        assert_eq!(
            Sha256Hasher.hash_children(&l0, &l1),
            h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")
        );
    }

    #[test]
    fn sm3_abc_vector() {
        // GB/T 32905-2016 Appendix A, example 1: SM3("abc").
        let digest: Hash = sm3::Sm3::digest(b"abc").into();
        assert_eq!(
            digest,
            h("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        );
    }

    #[test]
    fn sm3_hasher_uses_rfc6962_prefixes() {
        let leaf: Hash = sm3::Sm3::new()
            .chain_update([0u8])
            .chain_update(b"x")
            .finalize()
            .into();
        assert_eq!(Sm3Hasher.hash_leaf(b"x"), leaf);
        let node: Hash = sm3::Sm3::new()
            .chain_update([1u8])
            .chain_update(leaf)
            .chain_update(leaf)
            .finalize()
            .into();
        assert_eq!(Sm3Hasher.hash_children(&leaf, &leaf), node);
        assert_eq!(Sm3Hasher.empty_root(), <Hash>::from(sm3::Sm3::digest(b"")));
    }

    #[test]
    fn hash_alg_dispatches_and_round_trips_names() {
        for alg in [HashAlg::Sha256, HashAlg::Sm3] {
            assert_eq!(HashAlg::parse(alg.as_str()), Ok(alg));
        }
        assert_eq!(
            HashAlg::Sha256.hash_leaf(b"a"),
            Sha256Hasher.hash_leaf(b"a")
        );
        assert_eq!(HashAlg::Sm3.hash_leaf(b"a"), Sm3Hasher.hash_leaf(b"a"));
        assert_eq!(HashAlg::Sm3.empty_root(), Sm3Hasher.empty_root());
        let (a, b) = ([1u8; 32], [2u8; 32]);
        assert_eq!(
            HashAlg::Sha256.hash_children(&a, &b),
            Sha256Hasher.hash_children(&a, &b)
        );
        assert_eq!(
            HashAlg::Sm3.hash_children(&a, &b),
            Sm3Hasher.hash_children(&a, &b)
        );
        assert!(HashAlg::parse("SHA256").is_err());
        assert!(HashAlg::parse("").is_err());
    }
}
