//! Issue #10 item 6, backup and restore (Rules arts. 13, 37, 39): a court with a case, a dossier
//! file and ledger entries under a signed checkpoint is backed up, its data directory deleted,
//! and restored — every case, blob and ledger entry comes back and both audits pass; a tampered
//! backup is refused before anything is touched; a non-empty backup directory is refused.

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::http::StatusCode;
use fayuan::cli::backup::manifest::{DatabaseKind, Manifest, PartName, files_under};
use fayuan::config::Settings;
use fayuan_store_tests::TempDir;
use sqlx::Connection;

use crate::dossier::{pdf, upload};
use crate::filing::assigned_case;
use crate::harness::Harness;

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

/// The demo court with a docketed case holding one uploaded PDF, every ledger entry covered by a
/// signed checkpoint; returns the PDF's SHA-256 and bytes.
async fn court_with_material(h: &Harness) -> (String, Vec<u8>) {
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
    h.app
        .integrate_ledger()
        .await
        .unwrap()
        .expect("a checkpoint");
    (reply.json()["sha256"].as_str().unwrap().to_owned(), bytes)
}

/// Cases in the SQLite database at `url`.
async fn cases(url: &str) -> i64 {
    let mut connection = sqlx::SqliteConnection::connect(url).await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cases")
        .fetch_one(&mut connection)
        .await
        .unwrap();
    connection.close().await.unwrap();
    n
}

/// An installation with everything in its data directory (the default layout).
fn installation(data_dir: &Path) -> Settings {
    Settings {
        data_dir: data_dir.to_path_buf(),
        ..Settings::default()
    }
}

/// Runs the real binary on the data directory `data_dir`: the exit code and the output.
fn fayuan(args: &[&str], data_dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fayuan"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .output()
        .expect("run fayuan");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_wipe_restore_round_trip_keeps_every_case_blob_and_ledger_entry() {
    let h = Harness::sqlite().await;
    let (sha256, bytes) = court_with_material(&h).await;
    let cases_before = cases(&h.settings.database()).await;
    let ledger_before = h.app.audit_ledger().await.unwrap();
    let events_before = h.app.verify_audit_chain().await.unwrap().unwrap();
    assert!(cases_before > 0 && ledger_before.leaves > 0 && ledger_before.checkpoints > 0);

    let backups = TempDir::new();
    let to = backups.path.join("2026-11-27");
    let manifest = fayuan::cli::backup::run(&h.settings, &to).await.unwrap();
    assert_eq!(manifest.database, DatabaseKind::Sqlite);
    assert_eq!(manifest, Manifest::read(&to).unwrap());
    let blobs = manifest.part(PartName::Blobs).unwrap();
    assert!(blobs.entries.iter().any(|e| e.sha256 == sha256));
    assert_eq!(manifest.part(PartName::Ledger).unwrap().files, 2);
    assert_eq!(manifest.part(PartName::Database).unwrap().files, 1);

    // Wipe: the harness's data directory (blobs, keys) and database go with it.
    let data_dir: PathBuf = h.data.path.clone();
    drop(h);
    assert!(!data_dir.exists());
    let _cleanup = TempDir {
        path: data_dir.clone(),
    };
    let restored = installation(&data_dir);
    let stale_index = data_dir.join("search");
    std::fs::create_dir_all(&stale_index).unwrap();
    std::fs::write(stale_index.join("meta.json"), "{}").unwrap();

    fayuan::cli::restore::run(&restored, &to, false)
        .await
        .unwrap();
    assert!(!stale_index.exists(), "the index is rebuilt, not restored");
    let again = fayuan::cli::restore::run(&restored, &to, false).await;
    let refusal = format!("{:#}", again.unwrap_err());
    assert!(refusal.contains("--force"), "{refusal}");
    fayuan::cli::restore::run(&restored, &to, true)
        .await
        .unwrap();
    assert_eq!(
        files_under(&data_dir, &[])
            .unwrap()
            .iter()
            .filter(|f| f.contains(".restoring") || f.contains(".replaced"))
            .count(),
        0
    );

    assert_eq!(cases(&restored.database()).await, cases_before);
    let app = fayuan::wiring::app(&restored).await.unwrap();
    assert_eq!(app.blobs.get(&sha256).await.unwrap(), bytes);
    let ledger_after = app.audit_ledger().await.unwrap();
    assert_eq!(ledger_after.leaves, ledger_before.leaves);
    assert_eq!(ledger_after.checkpoints, ledger_before.checkpoints);
    assert!(
        ledger_after.problems.is_empty(),
        "{:?}",
        ledger_after.problems
    );
    assert_eq!(
        app.verify_audit_chain().await.unwrap().unwrap(),
        events_before
    );
    assert!(fayuan::cli::audit::verify(&restored).await.unwrap());
    assert!(matches!(
        fayuan::cli::ledger::audit(&restored).await.unwrap(),
        Ok(Ok(_))
    ));
    for command in [
        &["audit", "verify"][..],
        &["ledger", "audit"],
        &["blobs", "check"],
    ] {
        let (code, out) = fayuan(command, &data_dir);
        assert_eq!(code, 0, "{command:?}: {out}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_a_tampered_backup_and_leaves_nothing() {
    let h = Harness::sqlite().await;
    let (sha256, _) = court_with_material(&h).await;
    let backups = TempDir::new();
    let manifest = fayuan::cli::backup::run(&h.settings, &backups.path)
        .await
        .unwrap();
    let blob = manifest
        .part(PartName::Blobs)
        .unwrap()
        .entries
        .iter()
        .find(|e| e.sha256 == sha256)
        .unwrap();
    let file = PartName::Blobs.dir_in(&backups.path).join(&blob.path);
    let mut altered = std::fs::read(&file).unwrap();
    altered[100] ^= 1;
    std::fs::write(&file, altered).unwrap();

    let target = TempDir::new();
    let refused = fayuan::cli::restore::run(&installation(&target.path), &backups.path, false)
        .await
        .unwrap_err();
    let message = format!("{refused:#}");
    assert!(message.contains(&blob.path), "names the file: {message}");
    assert!(message.contains("does not match the manifest"), "{message}");
    assert_eq!(
        files_under(&target.path, &[]).unwrap(),
        Vec::<String>::new(),
        "nothing restored, nothing staged"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_installation_without_dossier_files_round_trips() {
    let h = Harness::sqlite().await;
    let backups = TempDir::new();
    let manifest = fayuan::cli::backup::run(&h.settings, &backups.path)
        .await
        .unwrap();
    assert_eq!(manifest.part(PartName::Blobs).unwrap().files, 0);
    let target = TempDir::new();
    let restored = installation(&target.path);
    fayuan::cli::restore::run(&restored, &backups.path, false)
        .await
        .unwrap();
    assert!(target.path.join("blobs").is_dir());
    assert!(fayuan::cli::audit::verify(&restored).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_refuses_a_non_empty_directory() {
    let h = Harness::sqlite().await;
    let backups = TempDir::new();
    std::fs::write(backups.path.join("notes.txt"), "keep me").unwrap();
    let (code, out) = fayuan(
        &[
            "backup",
            "--to",
            &backups.path.display().to_string(),
            "--database",
            &h.settings.database(),
        ],
        &h.data.path,
    );
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("the backup directory is not empty"), "{out}");
    assert_eq!(
        files_under(&backups.path, &[]).unwrap(),
        vec!["notes.txt".to_owned()]
    );
}

/// On PostgreSQL (when `FAYUAN_TEST_PG` is set): the blobs and keys are backed up, the dump is
/// left to `pg_dump` with the exact commands written beside them (password masked), a dump taken
/// first joins the manifest, and a restore checks it and puts the files back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_backup_copies_the_files_and_explains_the_dump() {
    let Some(h) = Harness::postgres().await else {
        return;
    };
    let (sha256, _) = court_with_material(&h).await;
    let url = h.settings.database();
    let password = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .map(|(_, password)| password.to_owned());

    let first = TempDir::new();
    let manifest = fayuan::cli::backup::run(&h.settings, &first.path)
        .await
        .unwrap();
    assert_eq!(manifest.database, DatabaseKind::Postgresql);
    assert!(manifest.part(PartName::Database).is_none());
    let note = std::fs::read_to_string(first.path.join("POSTGRESQL.txt")).unwrap();
    assert!(note.contains("pg_dump --format=custom"), "{note}");
    assert!(note.contains("pg_restore --clean"), "{note}");
    if let Some(password) = password.filter(|p| !p.is_empty()) {
        assert!(!note.contains(&password), "{note}");
    }

    // The operator's dump, taken first, is part of the backup and checked on restore.
    let second = TempDir::new();
    std::fs::write(second.path.join("fayuan.pgdump"), b"PGDMP stand-in").unwrap();
    let manifest = fayuan::cli::backup::run(&h.settings, &second.path)
        .await
        .unwrap();
    assert_eq!(manifest.part(PartName::Database).unwrap().files, 1);
    let target = TempDir::new();
    let restored = Settings {
        database_url: Some(url),
        ..installation(&target.path)
    };
    fayuan::cli::restore::run(&restored, &second.path, false)
        .await
        .unwrap();
    let blob = manifest
        .part(PartName::Blobs)
        .unwrap()
        .entries
        .iter()
        .find(|e| e.sha256 == sha256)
        .unwrap();
    assert!(target.path.join("blobs").join(&blob.path).is_file());
    assert!(fayuan_app::ledger::keys::LedgerKeys::exist_in(
        &fayuan::wiring::ledger_key_dir(&restored)
    ));
}
