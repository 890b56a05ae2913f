//! Known-answer, differential and property tests for the proof module.

use super::*;
use crate::hasher::tests::h;
use crate::hasher::{Sha256Hasher, Sm3Hasher};
use crate::{CompactRange, Hash, LedgerError, LogHasher, NodeId};
use proptest::prelude::*;
use std::collections::HashMap;

// ---- RFC 6962 vectors: transparency-dev/merkle testonly/constants.go and proof/verify_test.go.

/// The eight leaf inputs of testonly.LeafInputs().
const LEAVES: [&[u8]; 8] = [
    &[],
    &[0x00],
    &[0x10],
    &[0x20, 0x21],
    &[0x30, 0x31],
    &[0x40, 0x41, 0x42, 0x43],
    &[0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
    &[
        0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e,
        0x6f,
    ],
];

/// testonly.NodeHashes()[0]: the leaf hashes of LEAVES.
const LEAF_HASHES: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
];

/// testonly.RootHashes(): roots for tree sizes 0 to 8.
const ROOTS: [&str; 9] = [
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

/// verify_test.go inclusionProofs: (1-based leaf, tree size, proof).
const INCLUSION: [(u64, u64, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        3,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        2,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// verify_test.go consistencyProofs: (size1, size2, proof).
const CONSISTENCY: [(u64, u64, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

/// verify_test.go sha256SomeHash: an arbitrary hash that is no node of the test tree.
fn some_hash() -> Hash {
    h("abacaba000000000000000000000000000000000000000000060061e00123456")
}

fn hashes(list: &[&str]) -> Vec<Hash> {
    list.iter().map(|s| h(s)).collect()
}

fn vector_leaf_hashes() -> Vec<Hash> {
    LEAVES.iter().map(|d| Sha256Hasher.hash_leaf(d)).collect()
}

/// Every perfect subtree hash of a tree, as the log's store keeps them.
fn stored_nodes(hr: &impl LogHasher, leaves: &[Hash]) -> HashMap<NodeId, Hash> {
    let mut store = HashMap::new();
    let mut range = CompactRange::new();
    for leaf in leaves {
        range.append(hr, *leaf, |id, hash| {
            store.insert(id, *hash);
        });
    }
    store
}

fn fetch(plan: &ProofPlan, store: &HashMap<NodeId, Hash>) -> Vec<Hash> {
    plan.nodes().iter().map(|id| store[id]).collect()
}

fn with_hash(proof: &[Hash], at_front: bool, extra: Hash) -> Vec<Hash> {
    let mut out = proof.to_vec();
    if at_front {
        out.insert(0, extra);
    } else {
        out.push(extra);
    }
    out
}

#[test]
fn leaf_hashes_and_roots_match_vectors() {
    let leaves = vector_leaf_hashes();
    assert_eq!(leaves, hashes(&LEAF_HASHES));
    for (size, root) in ROOTS.iter().enumerate() {
        assert_eq!(
            root_of(&Sha256Hasher, &leaves[..size]),
            h(root),
            "size {size}"
        );
    }
}

#[test]
fn inclusion_vectors_generate_verify_and_reject_corruption() {
    let leaves = vector_leaf_hashes();
    let store = stored_nodes(&Sha256Hasher, &leaves);
    let hr = Sha256Hasher;
    for (leaf, size, want) in INCLUSION {
        let index = leaf - 1;
        let proof = hashes(want);
        let root = h(ROOTS[size as usize]);
        let leaf_hash = leaves[index as usize];
        assert_eq!(inclusion_proof(&hr, &leaves, index, size).unwrap(), proof);
        let plan = inclusion_plan(index, size).unwrap();
        assert_eq!(plan.assemble(&hr, &fetch(&plan, &store)).unwrap(), proof);
        verify_inclusion(&hr, index, size, &leaf_hash, &proof, &root).unwrap();

        // Corruptions from verify_test.go corruptInclusionProof.
        let wrong_leaf = hr.hash_leaf(b"WrongLeaf");
        let empty_root = hr.empty_root();
        let mut probes: Vec<(u64, u64, Hash, Vec<Hash>, Hash, String)> = vec![
            (
                index.wrapping_sub(1),
                size,
                leaf_hash,
                proof.clone(),
                root,
                "index - 1".into(),
            ),
            (
                index + 1,
                size,
                leaf_hash,
                proof.clone(),
                root,
                "index + 1".into(),
            ),
            (
                index ^ 2,
                size,
                leaf_hash,
                proof.clone(),
                root,
                "index ^ 2".into(),
            ),
            (
                index,
                size * 2,
                leaf_hash,
                proof.clone(),
                root,
                "size * 2".into(),
            ),
            (
                index,
                size / 2,
                leaf_hash,
                proof.clone(),
                root,
                "size / 2".into(),
            ),
            (
                index,
                size,
                wrong_leaf,
                proof.clone(),
                root,
                "wrong leaf".into(),
            ),
            (
                index,
                size,
                leaf_hash,
                proof.clone(),
                empty_root,
                "empty root".into(),
            ),
            (
                index,
                size,
                leaf_hash,
                proof.clone(),
                some_hash(),
                "random root".into(),
            ),
            (
                index,
                size,
                leaf_hash,
                with_hash(&proof, false, [0; 32]),
                root,
                "trailing".into(),
            ),
            (
                index,
                size,
                leaf_hash,
                with_hash(&proof, false, root),
                root,
                "trailing root".into(),
            ),
            (
                index,
                size,
                leaf_hash,
                with_hash(&proof, true, [0; 32]),
                root,
                "preceding".into(),
            ),
            (
                index,
                size,
                leaf_hash,
                with_hash(&proof, true, root),
                root,
                "preceding root".into(),
            ),
        ];
        for i in 0..proof.len() {
            let mut bad = proof.clone();
            bad[i][0] ^= 8;
            probes.push((
                index,
                size,
                leaf_hash,
                bad,
                root,
                format!("bit flip in proof[{i}]"),
            ));
        }
        if let Some((_, head)) = proof.split_last() {
            probes.push((
                index,
                size,
                leaf_hash,
                head.to_vec(),
                root,
                "truncated".into(),
            ));
        }
        if proof.len() > 1 {
            let mut bad = proof.clone();
            bad.insert(1, some_hash());
            probes.push((index, size, leaf_hash, bad, root, "inserted".into()));
        }
        for (i, s, l, p, r, desc) in probes {
            assert!(
                verify_inclusion(&hr, i, s, &l, &p, &r).is_err(),
                "leaf {leaf} size {size}: {desc} verified"
            );
        }
    }
}

#[test]
fn inclusion_verification_edge_cases() {
    let hr = Sha256Hasher;
    // verify_test.go TestVerifyInclusionSingleEntry: a one-leaf tree's root is its leaf hash.
    let leaf = hr.hash_leaf(b"data");
    verify_inclusion(&hr, 0, 1, &leaf, &[], &leaf).unwrap();
    assert!(verify_inclusion(&hr, 0, 1, &leaf, &[], &some_hash()).is_err());
    assert!(verify_inclusion(&hr, 0, 1, &some_hash(), &[], &leaf).is_err());
    // verify_test.go TestVerifyInclusion probes: index outside the tree.
    for (index, size) in [(0, 0), (1, 0), (2, 1), (1, 1)] {
        assert_eq!(
            verify_inclusion(&hr, index, size, &some_hash(), &[], &hr.empty_root()),
            Err(LedgerError::IndexOutOfRange { index, size })
        );
    }
}

#[test]
fn consistency_vectors_generate_verify_and_reject_corruption() {
    let leaves = vector_leaf_hashes();
    let store = stored_nodes(&Sha256Hasher, &leaves);
    let hr = Sha256Hasher;
    for (size1, size2, want) in CONSISTENCY {
        let proof = hashes(want);
        let root1 = h(ROOTS[size1 as usize]);
        let root2 = h(ROOTS[size2 as usize]);
        assert_eq!(
            consistency_proof(&hr, &leaves, size1, size2).unwrap(),
            proof
        );
        let plan = consistency_plan(size1, size2).unwrap();
        assert_eq!(plan.assemble(&hr, &fetch(&plan, &store)).unwrap(), proof);
        verify_consistency(&hr, size1, size2, &proof, &root1, &root2).unwrap();
        if proof.is_empty() {
            continue;
        }

        // Corruptions from verify_test.go corruptConsistencyProof.
        let wrong = some_hash();
        let mut probes: Vec<(u64, u64, Hash, Hash, Vec<Hash>, String)> = vec![
            (
                size1 - 1,
                size2,
                root1,
                root2,
                proof.clone(),
                "size1 - 1".into(),
            ),
            (
                size1 + 1,
                size2,
                root1,
                root2,
                proof.clone(),
                "size1 + 1".into(),
            ),
            (
                size1 ^ 2,
                size2,
                root1,
                root2,
                proof.clone(),
                "size1 ^ 2".into(),
            ),
            (
                size1,
                size2 * 2,
                root1,
                root2,
                proof.clone(),
                "size2 * 2".into(),
            ),
            (
                size1,
                size2 / 2,
                root1,
                root2,
                proof.clone(),
                "size2 / 2".into(),
            ),
            (
                size1,
                size2,
                wrong,
                root2,
                proof.clone(),
                "wrong root1".into(),
            ),
            (
                size1,
                size2,
                root1,
                wrong,
                proof.clone(),
                "wrong root2".into(),
            ),
            (
                size1,
                size2,
                root2,
                root1,
                proof.clone(),
                "swapped roots".into(),
            ),
            (size1, size2, root1, root2, Vec::new(), "empty proof".into()),
            (
                size1,
                size2,
                root1,
                root2,
                with_hash(&proof, false, [0; 32]),
                "trailing".into(),
            ),
            (
                size1,
                size2,
                root1,
                root2,
                with_hash(&proof, false, root1),
                "trailing root1".into(),
            ),
            (
                size1,
                size2,
                root1,
                root2,
                with_hash(&proof, false, root2),
                "trailing root2".into(),
            ),
            (
                size1,
                size2,
                root1,
                root2,
                with_hash(&proof, true, [0; 32]),
                "preceding".into(),
            ),
            (
                size1,
                size2,
                root1,
                root2,
                with_hash(&proof, true, root1),
                "preceding root1".into(),
            ),
            (
                size1,
                size2,
                root1,
                root2,
                with_hash(&proof, true, root2),
                "preceding root2".into(),
            ),
            (
                size1,
                size2,
                root1,
                root2,
                with_hash(&proof, true, proof[0]),
                "preceding [0]".into(),
            ),
            (
                size1,
                size2,
                root1,
                root2,
                proof[..proof.len() - 1].to_vec(),
                "truncated".into(),
            ),
        ];
        for i in 0..proof.len() {
            let mut bad = proof.clone();
            bad[i][0] ^= 16;
            probes.push((
                size1,
                size2,
                root1,
                root2,
                bad,
                format!("bit flip in proof[{i}]"),
            ));
        }
        for (s1, s2, r1, r2, p, desc) in probes {
            assert!(
                verify_consistency(&hr, s1, s2, &p, &r1, &r2).is_err(),
                "{size1} to {size2}: {desc} verified"
            );
        }
    }
}

#[test]
fn consistency_verification_edge_cases() {
    let hr = Sha256Hasher;
    let (a, b) = (some_hash(), hr.empty_root());
    // size1 == 0 is always an error here, unlike transparency-dev's verifier.
    for (size1, size2) in [(0, 0), (0, 1), (0, 8)] {
        assert_eq!(
            verify_consistency(&hr, size1, size2, &[], &a, &a),
            Err(LedgerError::InvalidConsistencySizes { size1, size2 })
        );
    }
    // Time travel to the past.
    assert!(verify_consistency(&hr, 1, 0, &[], &a, &b).is_err());
    assert!(verify_consistency(&hr, 2, 1, &[], &a, &b).is_err());
    // Equal sizes: roots must match and the proof must be empty.
    verify_consistency(&hr, 1, 1, &[], &a, &a).unwrap();
    verify_consistency(&hr, 5, 5, &[], &b, &b).unwrap();
    assert_eq!(
        verify_consistency(&hr, 1, 1, &[], &a, &b),
        Err(LedgerError::RootMismatch)
    );
    assert!(verify_consistency(&hr, 1, 1, &[b], &b, &b).is_err());
    assert!(verify_consistency(&hr, 4, 4, &[a], &a, &a).is_err());
    // An empty proof between different sizes.
    assert!(verify_consistency(&hr, 1, 2, &[], &a, &b).is_err());
}

#[test]
fn reference_proofs_reject_bad_arguments() {
    let leaves = vector_leaf_hashes();
    let hr = Sha256Hasher;
    assert!(inclusion_proof(&hr, &leaves, 0, 0).is_err());
    assert!(inclusion_proof(&hr, &leaves, 3, 3).is_err());
    assert!(inclusion_proof(&hr, &leaves, 0, 9).is_err());
    assert!(consistency_proof(&hr, &leaves, 0, 3).is_err());
    assert!(consistency_proof(&hr, &leaves, 4, 3).is_err());
    assert!(consistency_proof(&hr, &leaves, 3, 9).is_err());
    assert_eq!(
        consistency_proof(&hr, &leaves, 3, 3).unwrap(),
        Vec::<Hash>::new()
    );
}

#[test]
fn sm3_roots_match_direct_computation() {
    use sm3::{Digest, Sm3};
    let leaf = |d: &[u8]| -> Hash {
        Sm3::new()
            .chain_update([0x00])
            .chain_update(d)
            .finalize()
            .into()
    };
    let node = |l: Hash, r: Hash| -> Hash {
        Sm3::new()
            .chain_update([0x01])
            .chain_update(l)
            .chain_update(r)
            .finalize()
            .into()
    };
    let d: Vec<Hash> = (0..5u8).map(|i| leaf(&[i, i])).collect();
    let want = [
        Sm3::digest(b"").into(),
        d[0],
        node(d[0], d[1]),
        node(node(d[0], d[1]), d[2]),
        node(node(d[0], d[1]), node(d[2], d[3])),
        node(node(node(d[0], d[1]), node(d[2], d[3])), d[4]),
    ];
    let hr = Sm3Hasher;
    let mut range = CompactRange::new();
    for (size, expected) in want.iter().enumerate() {
        assert_eq!(root_of(&hr, &d[..size]), *expected, "size {size}");
        assert_eq!(range.root(&hr), *expected, "size {size}");
        if let Some(&next) = d.get(size) {
            assert_eq!(hr.hash_leaf(&[size as u8, size as u8]), next);
            range.append(&hr, next, |_, _| {});
        }
    }
    // Inclusion of leaf 2 in the 5-leaf tree: [d3, H(d0,d1), d4].
    let proof = inclusion_proof(&hr, &d, 2, 5).unwrap();
    assert_eq!(proof, [d[3], node(d[0], d[1]), d[4]]);
    verify_inclusion(&hr, 2, 5, &d[2], &proof, &want[5]).unwrap();
    let proof = consistency_proof(&hr, &d, 3, 5).unwrap();
    verify_consistency(&hr, 3, 5, &proof, &want[3], &want[5]).unwrap();
}

// ---- Differential test against ct-merkle (an independent RFC 6962 implementation).

fn ct_tree(
    size: u64,
) -> (
    ct_merkle::mem_backed_tree::MemoryBackedTree<sha2::Sha256, Vec<u8>>,
    Vec<Hash>,
) {
    let mut tree = ct_merkle::mem_backed_tree::MemoryBackedTree::new();
    let mut leaves = Vec::new();
    for i in 0..size {
        let data = format!("entry {i}").into_bytes();
        leaves.push(Sha256Hasher.hash_leaf(&data));
        tree.push(data);
    }
    (tree, leaves)
}

fn concat(proof: &[Hash]) -> Vec<u8> {
    proof.concat()
}

#[test]
fn agrees_with_ct_merkle_exhaustively_on_small_trees() {
    let hr = Sha256Hasher;
    for size in 1..=40u64 {
        let (tree, leaves) = ct_tree(size);
        assert_eq!(tree.root().as_bytes().as_slice(), root_of(&hr, &leaves));
        for index in 0..size {
            let ours = inclusion_proof(&hr, &leaves, index, size).unwrap();
            let theirs = tree.prove_inclusion(index as usize);
            assert_eq!(
                theirs.as_bytes(),
                concat(&ours),
                "inclusion {index} in {size}"
            );
        }
        for size1 in 1..size {
            let ours = consistency_proof(&hr, &leaves, size1, size).unwrap();
            let theirs = tree.prove_consistency((size - size1) as usize);
            assert_eq!(
                theirs.as_bytes(),
                concat(&ours),
                "consistency {size1} to {size}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn agrees_with_ct_merkle(size in 1u64..=300, a in any::<u64>(), b in any::<u64>()) {
        let hr = Sha256Hasher;
        let (tree, leaves) = ct_tree(size);
        let root = tree.root();
        prop_assert_eq!(root.as_bytes().as_slice(), root_of(&hr, &leaves));
        let index = a % size;
        let ours = inclusion_proof(&hr, &leaves, index, size).unwrap();
        let theirs = tree.prove_inclusion(index as usize);
        prop_assert_eq!(theirs.as_bytes(), concat(&ours));
        let size1 = 1 + b % size;
        if size1 < size {
            let ours = consistency_proof(&hr, &leaves, size1, size).unwrap();
            let theirs = tree.prove_consistency((size - size1) as usize);
            prop_assert_eq!(theirs.as_bytes(), concat(&ours));
        }
    }
}

// ---- Properties of the compact range and of proof plans over a stored tree.

fn random_leaves(size: u64, seed: u64) -> Vec<Hash> {
    (0..size)
        .map(|i| Sha256Hasher.hash_leaf(&[seed.to_be_bytes(), i.to_be_bytes()].concat()))
        .collect()
}

fn leaf_range(id: NodeId) -> std::ops::Range<usize> {
    let begin = (id.index << id.level) as usize;
    begin..begin + (1usize << id.level)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn compact_range_tracks_reference_tree(size in 0u64..=300, seed in any::<u64>(), cut in any::<u64>()) {
        let hr = Sha256Hasher;
        let leaves = random_leaves(size, seed);
        let checkpoint = if size == 0 { 0 } else { cut % size };
        let mut range = CompactRange::new();
        for (i, leaf) in leaves.iter().enumerate() {
            if i as u64 == checkpoint {
                prop_assert_eq!(range.root(&hr), root_of(&hr, &leaves[..i]));
                prop_assert_eq!(CompactRange::decode(&range.encode()).unwrap(), range.clone());
            }
            let mut visited = Vec::new();
            range.append(&hr, *leaf, |id, hash| visited.push((id, *hash)));
            prop_assert_eq!(visited[0], (NodeId::new(0, i as u64), *leaf));
            for (id, hash) in visited {
                prop_assert_eq!(hash, root_of(&hr, &leaves[leaf_range(id)]));
            }
        }
        prop_assert_eq!(range.size(), size);
        prop_assert_eq!(range.root(&hr), root_of(&hr, &leaves));
        let rebuilt = CompactRange::from_parts(size, range.hashes().to_vec()).unwrap();
        prop_assert_eq!(rebuilt, range);
    }

    #[test]
    fn plans_reproduce_reference_proofs(
        size2 in 1u64..=300,
        seed in any::<u64>(),
        a in any::<u64>(),
        b in any::<u64>(),
        bit in 0usize..256,
    ) {
        let hr = Sha256Hasher;
        let leaves = random_leaves(size2, seed);
        let store = stored_nodes(&hr, &leaves);
        let size1 = 1 + a % size2;
        let index = b % size1;
        let root1 = root_of(&hr, &leaves[..size1 as usize]);
        let root2 = root_of(&hr, &leaves);

        let want = inclusion_proof(&hr, &leaves, index, size1).unwrap();
        let plan = inclusion_plan(index, size1).unwrap();
        let proof = plan.assemble(&hr, &fetch(&plan, &store)).unwrap();
        prop_assert_eq!(&proof, &want);
        let leaf = leaves[index as usize];
        prop_assert!(verify_inclusion(&hr, index, size1, &leaf, &proof, &root1).is_ok());
        if !proof.is_empty() {
            let mut bad = proof.clone();
            let at = (a as usize) % bad.len();
            bad[at][bit / 8] ^= 1 << (bit % 8);
            prop_assert!(verify_inclusion(&hr, index, size1, &leaf, &bad, &root1).is_err());
        }

        let want = consistency_proof(&hr, &leaves, size1, size2).unwrap();
        let plan = consistency_plan(size1, size2).unwrap();
        let proof = plan.assemble(&hr, &fetch(&plan, &store)).unwrap();
        prop_assert_eq!(&proof, &want);
        prop_assert!(verify_consistency(&hr, size1, size2, &proof, &root1, &root2).is_ok());
        if !proof.is_empty() {
            let mut bad = proof.clone();
            let at = (b as usize) % bad.len();
            bad[at][bit / 8] ^= 1 << (bit % 8);
            prop_assert!(verify_consistency(&hr, size1, size2, &bad, &root1, &root2).is_err());
        }
    }
}
