//! The RFC 6962 §2.1 recursive definitions: MTH, PATH and PROOF over a list of leaf hashes.

use crate::{Hash, LedgerError, LogHasher};

/// The Merkle Tree Hash (RFC 6962 §2.1 `MTH`) of a list of leaf hashes.
///
/// Recomputes the whole tree: meant for tests, audits and small trees.
pub fn root_of(h: &impl LogHasher, leaf_hashes: &[Hash]) -> Hash {
    if leaf_hashes.is_empty() {
        h.empty_root()
    } else {
        mth(h, leaf_hashes)
    }
}

/// The audit path (RFC 6962 §2.1.1 `PATH`) of leaf `index` in the tree made of the first `size`
/// leaf hashes, ordered from the leaf's sibling up to the root's child.
pub fn inclusion_proof(
    h: &impl LogHasher,
    leaf_hashes: &[Hash],
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, LedgerError> {
    let leaves = prefix(leaf_hashes, size)?;
    let m = usize::try_from(index)
        .ok()
        .filter(|&m| m < leaves.len())
        .ok_or(LedgerError::IndexOutOfRange { index, size })?;
    let mut proof = Vec::new();
    path(h, m, leaves, &mut proof);
    Ok(proof)
}

/// The consistency proof (RFC 6962 §2.1.2 `PROOF`) between the trees made of the first `size1`
/// and the first `size2` leaf hashes. Equal sizes give an empty proof; `size1 == 0` or
/// `size1 > size2` is an error.
pub fn consistency_proof(
    h: &impl LogHasher,
    leaf_hashes: &[Hash],
    size1: u64,
    size2: u64,
) -> Result<Vec<Hash>, LedgerError> {
    if size1 == 0 || size1 > size2 {
        return Err(LedgerError::InvalidConsistencySizes { size1, size2 });
    }
    let leaves = prefix(leaf_hashes, size2)?;
    let m = usize::try_from(size1)
        .map_err(|_| LedgerError::InvalidConsistencySizes { size1, size2 })?;
    let mut proof = Vec::new();
    subproof(h, m, leaves, true, &mut proof);
    Ok(proof)
}

fn prefix(leaf_hashes: &[Hash], size: u64) -> Result<&[Hash], LedgerError> {
    usize::try_from(size)
        .ok()
        .and_then(|n| leaf_hashes.get(..n))
        .ok_or(LedgerError::NotEnoughLeaves {
            size,
            available: leaf_hashes.len(),
        })
}

/// The largest power of two below `n`, for `n >= 2`: where RFC 6962 splits a tree.
fn split_point(n: usize) -> usize {
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

fn mth(h: &impl LogHasher, leaves: &[Hash]) -> Hash {
    match leaves {
        [] => h.empty_root(),
        [only] => *only,
        _ => {
            let (left, right) = leaves.split_at(split_point(leaves.len()));
            h.hash_children(&mth(h, left), &mth(h, right))
        }
    }
}

fn path(h: &impl LogHasher, m: usize, leaves: &[Hash], out: &mut Vec<Hash>) {
    if leaves.len() <= 1 {
        return;
    }
    let k = split_point(leaves.len());
    let (left, right) = leaves.split_at(k);
    if m < k {
        path(h, m, left, out);
        out.push(mth(h, right));
    } else {
        path(h, m - k, right, out);
        out.push(mth(h, left));
    }
}

fn subproof(h: &impl LogHasher, m: usize, leaves: &[Hash], complete: bool, out: &mut Vec<Hash>) {
    if m == leaves.len() {
        if !complete {
            out.push(mth(h, leaves));
        }
        return;
    }
    let k = split_point(leaves.len());
    let (left, right) = leaves.split_at(k);
    if m <= k {
        subproof(h, m, left, complete, out);
        out.push(mth(h, right));
    } else {
        subproof(h, m - k, right, false, out);
        out.push(mth(h, left));
    }
}
