//! Issue #5: the evidence ledger on both backends — receipts of uploaded materials verified
//! offline by the real binary, tampering found by the audit, the signer refusing an
//! inconsistent checkpoint, proofs and tiles over HTTP, and witnessing a peer log.

use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fayuan_ledger::{
    Checkpoint, Ed25519Signer, Hash, HashAlg, LogHasher, NoteVerifier, consistency_proof,
    open_note, parse_verifier_key, root_of, sign_note, verify_consistency, verify_inclusion,
};
use serde_json::{Value, json};

use crate::dossier::{pdf, upload};
use crate::filing::assigned_case;
use crate::harness::Harness;

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

fn hash(hex_text: &str) -> Hash {
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_text, &mut out).unwrap();
    out
}

/// Runs `fayuan ledger …`; the exit code and the output.
fn cli(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fayuan"))
        .arg("ledger")
        .args(args)
        .output()
        .expect("run fayuan");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// Where the harness's database and keys are, as CLI flags.
fn location(h: &Harness) -> Vec<String> {
    vec![
        "--data-dir".into(),
        h.data.path.display().to_string(),
        "--database".into(),
        h.settings.database(),
    ]
}

/// `fayuan ledger audit` on the harness's data.
fn audit_cli(h: &Harness) -> (i32, String) {
    let location = location(h);
    let mut args = vec!["audit"];
    args.extend(location.iter().map(String::as_str));
    cli(&args)
}

/// A case with one PDF uploaded by the plaintiff: (case id, upload reply JSON, file bytes).
async fn case_with_material(h: &Harness) -> (String, Value, Vec<u8>) {
    h.demo().await;
    let (case, _, _) = assigned_case(h).await;
    let litigant = h.login("13800000001", PW).await;
    let bytes = pdf("借款合同原件");
    let reply = upload(
        h,
        &format!("/api/v1/cases/{case}/materials?kind=evidence&file_name=contract.pdf"),
        &litigant,
        bytes.clone(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    (case, reply.json(), bytes)
}

async fn material_receipt_verifies_offline(h: Harness) {
    let (case, material, bytes) = case_with_material(&h).await;
    let index = material["ledger_index"]
        .as_i64()
        .expect("deposited with the material");
    let receipt_url = material["receipt_url"].as_str().unwrap().to_owned();

    // Durable before acknowledged; a receipt once a checkpoint covers it.
    let pending = h.get(&receipt_url, None).await;
    assert_eq!(pending.status, StatusCode::CONFLICT, "{}", pending.body);
    assert_eq!(pending.json()["code"], "ledger.pending");
    h.app
        .integrate_ledger()
        .await
        .unwrap()
        .expect("a checkpoint");
    let reply = h.get(&receipt_url, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.header("content-disposition").contains("attachment"));
    let receipt = reply.json();
    assert_eq!(receipt["index"], index);
    assert!(
        receipt["entry"]
            .as_str()
            .unwrap()
            .contains("material_deposited")
    );

    // The offline verifier accepts it with the material, and refuses one altered byte.
    let dir = &h.data.path;
    let receipt_file = dir.join("receipt.json");
    std::fs::write(&receipt_file, &reply.body).unwrap();
    let material_file = dir.join("contract.pdf");
    std::fs::write(&material_file, &bytes).unwrap();
    let receipt_path = receipt_file.display().to_string();
    let material_path = material_file.display().to_string();
    let (code, out) = cli(&[
        "verify-receipt",
        &receipt_path,
        "--material",
        &material_path,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("receipt valid"), "{out}");
    let mut altered = bytes.clone();
    let middle = altered.len() / 2;
    altered[middle] ^= 0x01;
    std::fs::write(&material_file, &altered).unwrap();
    let (code, out) = cli(&[
        "verify-receipt",
        &receipt_path,
        "--material",
        &material_path,
    ]);
    assert_eq!(code, 1, "{out}");

    // With the court's published keys; with a stranger's key it fails; a forged entry fails.
    let info = h.get("/api/v1/ledger", None).await.json();
    let vkeys: Vec<String> = info["verifier_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(vkeys.len(), 2, "Ed25519 and SM2");
    let (code, out) = cli(&["verify-receipt", &receipt_path, "--vkey", &vkeys[1]]);
    assert_eq!(code, 0, "SM2 signature alone: {out}");
    let stranger = Ed25519Signer::from_seed(&h.app.ledger.origin, [9; 32]).unwrap();
    let (code, _) = cli(&[
        "verify-receipt",
        &receipt_path,
        "--vkey",
        &stranger.verifier_key(),
    ]);
    assert_eq!(code, 1);
    let mut forged: Value = receipt.clone();
    forged["entry"] = Value::String(
        receipt["entry"]
            .as_str()
            .unwrap()
            .replace("material_deposited", "judgment_published"),
    );
    std::fs::write(&receipt_file, forged.to_string()).unwrap();
    let (code, _) = cli(&["verify-receipt", &receipt_path]);
    assert_eq!(code, 1);
    let (code, _) = cli(&["verify-receipt", "/nonexistent/receipt.json"]);
    assert_eq!(code, 2, "usage error");

    // A trusted checkpoint of the same size agrees; the checkpoint endpoint serves it.
    std::fs::write(&receipt_file, &reply.body).unwrap();
    let checkpoint = h.get("/ledger/checkpoint", None).await;
    assert!(checkpoint.header("content-type").starts_with("text/plain"));
    let checkpoint_file = dir.join("checkpoint.txt");
    std::fs::write(&checkpoint_file, &checkpoint.body).unwrap();
    let (code, out) = cli(&[
        "verify-receipt",
        &receipt_path,
        "--checkpoint",
        &checkpoint_file.display().to_string(),
        "--vkey",
        &vkeys[0],
    ]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = cli(&[
        "verify-note",
        "--vkey",
        &vkeys[0],
        &checkpoint_file.display().to_string(),
    ]);
    assert_eq!(code, 0, "{out}");

    // Public lookups: by file, by hash, by receipt — and the page.
    let by_file = h
        .send(
            Request::post("/api/v1/ledger/lookup/file")
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .body(Body::from(bytes.clone()))
                .unwrap(),
        )
        .await;
    assert_eq!(by_file.status, StatusCode::OK, "{}", by_file.body);
    assert_eq!(by_file.json()["found"][0]["entry"]["index"], index);
    let by_altered = h
        .send(
            Request::post("/api/v1/ledger/lookup/file")
                .body(Body::from(altered))
                .unwrap(),
        )
        .await;
    assert_eq!(by_altered.json()["found"].as_array().unwrap().len(), 0);
    let sha = material["sha256"].as_str().unwrap();
    let by_hash = h
        .json(
            "POST",
            "/api/v1/ledger/lookup",
            None,
            json!({ "hash": sha }),
        )
        .await;
    assert_eq!(by_hash.json()["found"][0]["entry"]["index"], index);
    let by_receipt = h
        .json(
            "POST",
            "/api/v1/ledger/lookup",
            None,
            json!({ "receipt": receipt }),
        )
        .await;
    assert_eq!(by_receipt.status, StatusCode::OK, "{}", by_receipt.body);
    assert_eq!(by_receipt.json()["receipt"]["index"], index);
    let bad = h
        .json(
            "POST",
            "/api/v1/ledger/lookup",
            None,
            json!({ "hash": "xyz" }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["code"], "ledger.hash");
    let page = h.get(&format!("/ledger?hash={sha}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("#{index}")), "{}", page.body);
    assert!(page.body.contains(&vkeys[0]));
    let page = h.get("/ledger?index=999999", None).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);

    // The dossier shows each material's entry.
    let litigant = h.login("13800000001", PW).await;
    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&litigant))
        .await
        .json();
    assert_eq!(dossier["catalogue"][0]["material"]["ledger_index"], index);
}

async fn proofs_and_tiles(h: Harness) {
    h.demo().await;
    let (case, _, _) = assigned_case(&h).await;
    let litigant = h.login("13800000001", PW).await;
    for i in 0..5 {
        let reply = upload(
            &h,
            &format!("/api/v1/cases/{case}/materials?kind=evidence&file_name=e{i}.pdf"),
            &litigant,
            pdf(&format!("证据{i}")),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED);
        if i == 1 {
            h.app.integrate_ledger().await.unwrap();
        }
    }
    h.app.integrate_ledger().await.unwrap();
    let info = h.get("/api/v1/ledger", None).await.json();
    let size = info["checkpoint"]["size"].as_u64().unwrap();
    let root = hash(info["checkpoint"]["root"].as_str().unwrap());
    assert!(size >= 7, "filing, docketing and five materials: {size}");

    // Level-0 tile: every leaf hash, in order; the entry bundle: every entry.
    let tile = h.get(&format!("/ledger/tile/0/000.p/{size}"), None).await;
    assert_eq!(tile.status, StatusCode::OK, "{}", tile.body);
    let leaves: Vec<Hash> = tile
        .bytes
        .chunks(32)
        .map(|c| <Hash>::try_from(c).unwrap())
        .collect();
    assert_eq!(leaves.len() as u64, size);
    assert_eq!(root_of(&HashAlg::Sha256, &leaves), root);
    let bundle = h
        .get(&format!("/ledger/tile/entries/000.p/{size}"), None)
        .await;
    let entries = fayuan_ledger::decode_entry_bundle(&bundle.bytes).unwrap();
    assert_eq!(entries.len() as u64, size);
    assert_eq!(HashAlg::Sha256.hash_leaf(&entries[3]), leaves[3]);
    assert_eq!(
        h.get(&format!("/ledger/tile/0/000.p/{}", size + 1), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.get("/ledger/tile/0/000", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.get("/ledger/tile/x/y", None).await.status,
        StatusCode::NOT_FOUND
    );

    // Inclusion by index and by hash; consistency with every earlier checkpoint.
    for index in 0..size {
        let p = h
            .get(
                &format!("/api/v1/ledger/proofs/inclusion?index={index}"),
                None,
            )
            .await
            .json();
        let proof: Vec<Hash> = p["proof"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| hash(x.as_str().unwrap()))
            .collect();
        verify_inclusion(
            &HashAlg::Sha256,
            index,
            size,
            &leaves[index as usize],
            &proof,
            &root,
        )
        .unwrap();
    }
    let by_hash = h
        .get(
            &format!(
                "/api/v1/ledger/proofs/inclusion?hash={}",
                hex::encode(leaves[2])
            ),
            None,
        )
        .await;
    assert_eq!(by_hash.json()["index"], 2, "{}", by_hash.body);
    let history = h.get("/api/v1/ledger/checkpoints", None).await.json();
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 2, "every checkpoint is kept");
    for old in history.iter().skip(1) {
        let size1 = old["size"].as_u64().unwrap();
        if size1 == 0 {
            continue;
        }
        let p = h
            .get(
                &format!("/api/v1/ledger/proofs/consistency?size1={size1}&size2={size}"),
                None,
            )
            .await
            .json();
        let proof: Vec<Hash> = p["proof"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| hash(x.as_str().unwrap()))
            .collect();
        verify_consistency(
            &HashAlg::Sha256,
            size1,
            size,
            &proof,
            &hash(old["root"].as_str().unwrap()),
            &root,
        )
        .unwrap();
    }
    let bad = h
        .get(
            &format!(
                "/api/v1/ledger/proofs/consistency?size1=1&size2={}",
                size + 5
            ),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = h
        .get("/api/v1/ledger/proofs/consistency?size1=0&size2=1", None)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = h.get("/api/v1/ledger/proofs/inclusion", None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = h.get("/api/v1/ledger/entries/100000", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // The audit recomputes it all from the leaves.
    let (code, out) = audit_cli(&h);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ledger intact"), "{out}");
}

/// Raw SQL on the harness's database (the tamperer's view).
async fn tamper(h: &Harness, sql: &'static str) {
    let url = h.settings.database();
    if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    }
}

async fn tampering_is_found_and_refused(h: Harness) {
    let (case, _, _) = case_with_material(&h).await;
    h.app.integrate_ledger().await.unwrap();
    let audit = h.app.audit_ledger().await.unwrap();
    assert!(audit.problems.is_empty(), "{:?}", audit.problems);
    assert_eq!((audit.leaves, audit.checkpoints), (3, 1), "{audit:?}");

    // An edited entry.
    tamper(&h, "UPDATE ledger_leaves SET entry = replace(entry, 'filing_submitted', 'case_docketed') WHERE idx = 0").await;
    let audit = h.app.audit_ledger().await.unwrap();
    assert!(!audit.problems.is_empty());
    assert!(audit.problems[0].contains("leaf 0"), "{:?}", audit.problems);
    let (code, out) = audit_cli(&h);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("BROKEN"), "{out}");
    tamper(&h, "UPDATE ledger_leaves SET entry = replace(entry, 'case_docketed', 'filing_submitted') WHERE idx = 0").await;
    assert!(h.app.audit_ledger().await.unwrap().problems.is_empty());

    // A deleted leaf.
    tamper(
        &h,
        "CREATE TABLE saved_leaf AS SELECT * FROM ledger_leaves WHERE idx = 1",
    )
    .await;
    tamper(&h, "DELETE FROM ledger_leaves WHERE idx = 1").await;
    let audit = h.app.audit_ledger().await.unwrap();
    assert!(
        audit
            .problems
            .iter()
            .any(|p| p.contains("leaf 1 is missing")),
        "{:?}",
        audit.problems
    );
    tamper(&h, "INSERT INTO ledger_leaves SELECT * FROM saved_leaf").await;
    assert!(h.app.audit_ledger().await.unwrap().problems.is_empty());

    // A rewritten subtree hash under the signed tree: the next checkpoint is refused, nothing
    // is signed, and the old checkpoint stays the latest.
    let before = h.app.latest_checkpoint().await.unwrap();
    let litigant = h.login("13800000001", PW).await;
    let reply = upload(
        &h,
        &format!("/api/v1/cases/{case}/materials?kind=evidence&file_name=more.pdf"),
        &litigant,
        pdf("补充证据"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    tamper(&h, "UPDATE ledger_nodes SET hash = '0000000000000000000000000000000000000000000000000000000000000000' WHERE level = 1 AND idx = 0").await;
    let refused = h.app.integrate_ledger().await;
    assert!(
        matches!(&refused, Err(fayuan_app::AppError::Internal(m)) if m.contains("refused")),
        "{refused:?}"
    );
    assert_eq!(h.app.latest_checkpoint().await.unwrap(), before);
    // A stored frontier that no longer matches the signed root is refused too.
    tamper(&h, "UPDATE ledger_tree SET compact_range = '' WHERE id = 1").await;
    assert!(h.app.integrate_ledger().await.is_err());
    assert_eq!(h.app.latest_checkpoint().await.unwrap(), before);
}

crate::on_both_backends!(
    material_receipts_verify_offline,
    material_receipt_verifies_offline
);
crate::on_both_backends!(ledger_proofs_and_tiles, proofs_and_tiles);
crate::on_both_backends!(
    ledger_tampering_is_found_and_refused,
    tampering_is_found_and_refused
);

/// A peer court's log, made with the ledger crate alone.
struct PeerLog {
    signer: Ed25519Signer,
    leaves: Vec<Hash>,
}

impl PeerLog {
    const ORIGIN: &'static str = "peer.court.example/ledger";

    fn new(size: usize) -> Self {
        let mut log = PeerLog {
            signer: Ed25519Signer::from_seed(Self::ORIGIN, [3; 32]).unwrap(),
            leaves: Vec::new(),
        };
        log.grow(size);
        log
    }

    fn grow(&mut self, to: usize) {
        while self.leaves.len() < to {
            let n = self.leaves.len();
            self.leaves
                .push(HashAlg::Sha256.hash_leaf(format!("entry {n}").as_bytes()));
        }
    }

    fn checkpoint(&self, size: usize) -> String {
        let body = Checkpoint {
            origin: Self::ORIGIN.into(),
            size: size as u64,
            root: root_of(&HashAlg::Sha256, &self.leaves[..size]),
            extensions: Vec::new(),
        }
        .to_body();
        sign_note(&body, &[&self.signer]).unwrap()
    }

    fn request(&self, old: usize, size: usize) -> String {
        let mut body = format!("old {old}\n");
        if old > 0 && old < size {
            use base64::Engine as _;
            for h in
                consistency_proof(&HashAlg::Sha256, &self.leaves, old as u64, size as u64).unwrap()
            {
                body.push_str(&base64::engine::general_purpose::STANDARD.encode(h));
                body.push('\n');
            }
        }
        body.push('\n');
        body.push_str(&self.checkpoint(size));
        body
    }
}

async fn add_checkpoint(h: &Harness, body: String) -> crate::harness::Reply {
    h.send(
        Request::post("/ledger/add-checkpoint")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

async fn witnessing(h: Harness) {
    let mut peer = PeerLog::new(5);
    let witness_key = h.app.ledger.witness_key().expect("witness configured");
    let witness = parse_verifier_key(&witness_key).unwrap();

    // First contact: old 0, no proof; the cosignature verifies as a note signature.
    let reply = add_checkpoint(&h, peer.request(0, 3)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.starts_with("— "), "{}", reply.body);
    let cosigned = format!("{}{}", peer.checkpoint(3), reply.body);
    let opened = open_note(&cosigned, &[witness.as_ref() as &dyn NoteVerifier]).unwrap();
    assert_eq!(opened.signatures.len(), 1);

    // A stale old size: 409 with the size last cosigned.
    let stale = add_checkpoint(&h, peer.request(0, 5)).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.header("content-type"), "text/x.tlog.size");
    assert_eq!(stale.body, "3\n");

    // Growth with a consistency proof is cosigned; a wrong proof is 422.
    peer.grow(9);
    let mut wrong = peer.request(3, 9);
    wrong = wrong.replacen(
        "old 3\n",
        "old 3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        1,
    );
    assert_eq!(
        add_checkpoint(&h, wrong).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let grown = add_checkpoint(&h, peer.request(3, 9)).await;
    assert_eq!(grown.status, StatusCode::OK, "{}", grown.body);

    // The same size with another root is a conflict (a fork).
    let mut fork = PeerLog::new(9);
    fork.leaves[4] = HashAlg::Sha256.hash_leaf(b"rewritten");
    assert_eq!(
        add_checkpoint(&h, fork.request(9, 9)).await.status,
        StatusCode::CONFLICT
    );

    // Unknown log 404, a signature by another key 403, garbage 400, old > size 400.
    let stranger = Ed25519Signer::from_seed("nobody.example/log", [4; 32]).unwrap();
    let unknown = format!(
        "old 0\n\n{}",
        sign_note(
            "nobody.example/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
            &[&stranger]
        )
        .unwrap()
    );
    assert_eq!(
        add_checkpoint(&h, unknown).await.status,
        StatusCode::NOT_FOUND
    );
    let impostor = Ed25519Signer::from_seed(PeerLog::ORIGIN, [5; 32]).unwrap();
    let body = Checkpoint {
        origin: PeerLog::ORIGIN.into(),
        size: 9,
        root: root_of(&HashAlg::Sha256, &peer.leaves[..9]),
        extensions: Vec::new(),
    }
    .to_body();
    let forged = format!("old 9\n\n{}", sign_note(&body, &[&impostor]).unwrap());
    assert_eq!(
        add_checkpoint(&h, forged).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        add_checkpoint(&h, "hello".into()).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        add_checkpoint(&h, peer.request(0, 9).replacen("old 0", "old 12", 1))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    // The witness's own ledger shows its key.
    let info = h.get("/api/v1/ledger", None).await.json();
    assert_eq!(info["witness_key"], witness_key);
}

fn witness_settings(s: &mut fayuan::config::Settings) {
    s.ledger.witness = true;
    s.ledger.witnessed_logs = vec![fayuan::config::WitnessedLogSettings {
        origin: PeerLog::ORIGIN.into(),
        verifier_key: Ed25519Signer::from_seed(PeerLog::ORIGIN, [3; 32])
            .unwrap()
            .verifier_key(),
        hash: "sha256".into(),
    }];
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn witnesses_peer_logs() {
    witnessing(Harness::sqlite_with(witness_settings).await).await;
    if let Some(h) = Harness::postgres_with(witness_settings).await {
        witnessing(h).await;
    }
}

#[test]
fn cli_verifies_rfc6962_proofs() {
    // Leaves "" and "\x00" of the transparency-dev/merkle vectors: tree of size 2.
    let (code, out) = cli(&["leaf-hash", "--alg", "sha256", "--hex", ""]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.trim(),
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    );
    let leaves = [
        HashAlg::Sha256.hash_leaf(b""),
        HashAlg::Sha256.hash_leaf(&[0]),
    ];
    let root = hex::encode(root_of(&HashAlg::Sha256, &leaves));
    let leaf0 = hex::encode(leaves[0]);
    let sibling = hex::encode(leaves[1]);
    let ok = cli(&[
        "verify-inclusion",
        "--leaf-hash",
        &leaf0,
        "--index",
        "0",
        "--size",
        "2",
        "--root",
        &root,
        "--proof",
        &sibling,
    ]);
    assert_eq!(ok.0, 0, "{}", ok.1);
    let bad = cli(&[
        "verify-inclusion",
        "--leaf-hash",
        &leaf0,
        "--index",
        "1",
        "--size",
        "2",
        "--root",
        &root,
        "--proof",
        &sibling,
    ]);
    assert_eq!(bad.0, 1);
    let usage = cli(&[
        "verify-inclusion",
        "--leaf-hash",
        "zz",
        "--index",
        "0",
        "--size",
        "2",
        "--root",
        &root,
    ]);
    assert_eq!(usage.0, 2);
    let root1 = hex::encode(leaves[0]);
    let ok = cli(&[
        "verify-consistency",
        "--size1",
        "1",
        "--size2",
        "2",
        "--root1",
        &root1,
        "--root2",
        &root,
        "--proof",
        &sibling,
    ]);
    assert_eq!(ok.0, 0, "{}", ok.1);
    let from_zero = cli(&[
        "verify-consistency",
        "--size1",
        "0",
        "--size2",
        "2",
        "--root1",
        &root1,
        "--root2",
        &root,
    ]);
    assert_eq!(from_zero.0, 1, "a proof from size 0 is an error");
    let sm3 = cli(&["leaf-hash", "--alg", "sm3", "--hex", "00"]);
    assert_eq!(sm3.0, 0);
    assert_eq!(sm3.1.trim(), hex::encode(HashAlg::Sm3.hash_leaf(&[0])));
    assert_eq!(cli(&["leaf-hash", "--alg", "md5", "--hex", "00"]).0, 2);
    let dir = std::env::temp_dir().join("fayuan-no-such-court");
    let (code, out) = cli(&["audit", "--data-dir", &dir.display().to_string()]);
    assert_eq!(
        code, 2,
        "an audit without the court's keys is a usage error: {out}"
    );
}
