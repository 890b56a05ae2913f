//! RFC 9162 §2.1.3.2 and §2.1.4.2: verifying inclusion and consistency proofs.

use crate::{Hash, LedgerError, LogHasher};

/// Checks that `proof` shows the leaf `leaf_hash` at `index` in the tree of `size` leaves whose
/// root is `root` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    h: &impl LogHasher,
    index: u64,
    size: u64,
    leaf_hash: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), LedgerError> {
    if index >= size {
        return Err(LedgerError::IndexOutOfRange { index, size });
    }
    let expected = inclusion_len(index, size);
    if proof.len() != expected {
        return Err(LedgerError::WrongProofLength {
            expected,
            actual: proof.len(),
        });
    }
    let mut fnode = index;
    let mut snode = size - 1;
    let mut r = *leaf_hash;
    for p in proof {
        if snode == 0 {
            return Err(LedgerError::RootMismatch);
        }
        if fnode & 1 == 1 || fnode == snode {
            r = h.hash_children(p, &r);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            r = h.hash_children(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode == 0 && r == *root {
        Ok(())
    } else {
        Err(LedgerError::RootMismatch)
    }
}

/// Checks that `proof` shows the tree of `size1` leaves with root `root1` to be a prefix of the
/// tree of `size2` leaves with root `root2` (RFC 9162 §2.1.4.2).
///
/// `size1 == 0` and `size1 > size2` are errors; for equal sizes the proof must be empty and the
/// roots equal.
pub fn verify_consistency(
    h: &impl LogHasher,
    size1: u64,
    size2: u64,
    proof: &[Hash],
    root1: &Hash,
    root2: &Hash,
) -> Result<(), LedgerError> {
    if size1 == 0 || size1 > size2 {
        return Err(LedgerError::InvalidConsistencySizes { size1, size2 });
    }
    let expected = if size1 == size2 {
        0
    } else {
        consistency_len(size1, size2)
    };
    if proof.len() != expected {
        return Err(LedgerError::WrongProofLength {
            expected,
            actual: proof.len(),
        });
    }
    if size1 == size2 {
        return if root1 == root2 {
            Ok(())
        } else {
            Err(LedgerError::RootMismatch)
        };
    }
    // When size1 is a power of two the old root itself starts the path.
    let (seed, rest) = match proof.split_first() {
        Some((first, rest)) if !size1.is_power_of_two() => (*first, rest),
        _ => (*root1, proof),
    };
    let mut fnode = size1 - 1;
    let mut snode = size2 - 1;
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let mut fr = seed;
    let mut sr = seed;
    for c in rest {
        if snode == 0 {
            return Err(LedgerError::RootMismatch);
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = h.hash_children(c, &fr);
            sr = h.hash_children(c, &sr);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            sr = h.hash_children(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode == 0 && fr == *root1 && sr == *root2 {
        Ok(())
    } else {
        Err(LedgerError::RootMismatch)
    }
}

/// The number of bits needed to write `x`.
fn bit_len(x: u64) -> u32 {
    u64::BITS - x.leading_zeros()
}

/// Length of the inclusion proof for `index < size`: the levels where the leaf's path and the
/// last leaf's path differ, plus the left siblings above them.
fn inclusion_len(index: u64, size: u64) -> usize {
    let inner = bit_len(index ^ (size - 1));
    let border = index.checked_shr(inner).unwrap_or(0).count_ones();
    (inner + border) as usize
}

/// Length of the consistency proof for `0 < size1 < size2`.
fn consistency_len(size1: u64, size2: u64) -> usize {
    let level = size1.trailing_zeros();
    let index = (size1 - 1) >> level;
    let inner = bit_len(index ^ ((size2 - 1) >> level));
    let border = index.checked_shr(inner).unwrap_or(0).count_ones();
    let seed = u32::from(index != 0);
    (seed + inner + border) as usize
}
