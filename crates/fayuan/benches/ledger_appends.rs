//! Benchmark (issue #5): the evidence ledger.
//!
//! 1. Sustained appends per second with batching (group commit of concurrent appends, SQLite
//!    with `synchronous=FULL` on the data directory's disk), the sequencer signing checkpoints
//!    meanwhile; the run ends with every append covered by a checkpoint.
//! 2. Inclusion-proof latency from the stored tree at FAYUAN_BENCH_LEDGER_N entries (default
//!    10⁶): p50/p99 over 2,000 random indexes.
//! 3. SM3 against SHA-256: leaf hashing of a typical entry and node hashing, and a whole root.
//!
//! Run: `cargo bench -p fayuan --bench ledger_appends` (FAYUAN_BENCH_SECS, default 10;
//! FAYUAN_BENCH_CLIENTS, default 256; FAYUAN_BENCH_DIR, default ./target/ledger-bench).

// A benchmark reports by printing and stops loudly when its setup fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use fayuan::config::Settings;
use fayuan::wiring::build_app;
use fayuan_app::ledger::Deposit;
use fayuan_app::{App, PasswordCost};
use fayuan_core::clock::SystemClock;
use fayuan_core::digest::ContentHash;
use fayuan_domain::ledger::EntryKind;
use fayuan_ledger::{HashAlg, LogHasher, root_of};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn deposit(n: u64) -> Deposit {
    Deposit {
        kind: EntryKind::MaterialDeposited,
        subjects: vec![format!("material:bench-{n}")],
        content: Some(ContentHash::of(&n.to_le_bytes())),
    }
}

async fn app_in(dir: &std::path::Path) -> App {
    let _ = std::fs::remove_dir_all(dir);
    let settings = Settings {
        data_dir: dir.to_path_buf(),
        ..Settings::default()
    };
    let store = fayuan::wiring::open_store(&settings).await.unwrap();
    let blobs = fayuan::wiring::open_blobs(&settings).unwrap();
    build_app(
        store,
        blobs,
        &settings,
        Arc::new(SystemClock),
        PasswordCost::Fast,
    )
    .unwrap()
}

/// Appends from `clients` concurrent tasks until `until`, counting acknowledged appends.
async fn append_for(app: &App, clients: u64, run: Duration) -> u64 {
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (app, done, stop) = (app.clone(), done.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = client << 32;
            while !stop.load(Ordering::Relaxed) {
                app.append_to_ledger(deposit(n)).await.unwrap();
                done.fetch_add(1, Ordering::Relaxed);
                n += 1;
            }
        }));
    }
    tokio::time::sleep(run).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    done.load(Ordering::Relaxed)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let secs = env("FAYUAN_BENCH_SECS", 10);
    let clients = env("FAYUAN_BENCH_CLIENTS", 256);
    let n = env("FAYUAN_BENCH_LEDGER_N", 1_000_000);
    let base = std::env::var("FAYUAN_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::PathBuf::from("target/ledger-bench"));

    // 1. Sustained appends with the sequencer running.
    let app = app_in(&base.join("appends")).await;
    let sequencer = app.spawn_ledger_sequencer();
    let started = Instant::now();
    let appended = append_for(&app, clients, Duration::from_secs(secs)).await;
    let elapsed = started.elapsed().as_secs_f64();
    let settle = Instant::now();
    while app.latest_checkpoint().await.unwrap().size < appended as i64 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    sequencer.abort();
    let checkpoints = app.checkpoint_history(None, 200).await.unwrap().len();
    println!(
        "appends: {appended} in {elapsed:.1} s from {clients} clients = {:.0}/s durable \
         (SQLite synchronous=FULL); last checkpoint {:.0} ms after the last append; \
         {checkpoints}{} checkpoints signed",
        appended as f64 / elapsed,
        settle.elapsed().as_secs_f64() * 1000.0,
        if checkpoints == 200 { "+" } else { "" }
    );

    // 2. Inclusion proofs at n entries.
    let app = app_in(&base.join("proofs")).await;
    let load = Instant::now();
    let mut next = 0;
    while next < n {
        let batch = (n - next).min(4096);
        let tasks: Vec<_> = (next..next + batch)
            .map(|i| {
                let app = app.clone();
                tokio::spawn(async move { app.append_to_ledger(deposit(i)).await.unwrap() })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        next += batch;
        if next % 262_144 == 0 || next == n {
            app.integrate_ledger().await.unwrap();
        }
    }
    println!(
        "loaded {n} entries in {:.1} s ({:.0}/s, batches of 4096 concurrent appends, integrated \
         every 262,144)",
        load.elapsed().as_secs_f64(),
        n as f64 / load.elapsed().as_secs_f64()
    );
    let mut latencies = Vec::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let index = x % n;
        let t = Instant::now();
        let (size, proof) = app.inclusion_proof(index, None).await.unwrap();
        latencies.push(t.elapsed());
        assert_eq!(size, n);
        assert!(!proof.is_empty());
    }
    latencies.sort();
    println!(
        "inclusion proof at {n} entries: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        latencies.last().unwrap().as_secs_f64() * 1000.0
    );

    // 3. SM3 against SHA-256.
    let entry = br#"{"at":"2026-11-27T02:00:00.000000Z","kind":"material_deposited","sha256":"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d","sm3":"1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b","subjects":["material:019abcde-0000-7000-8000-000000000000","case:019abcde-0000-7000-8000-000000000001"]}"#;
    for alg in [HashAlg::Sha256, HashAlg::Sm3] {
        let rounds = 200_000;
        let t = Instant::now();
        let mut h = [0u8; 32];
        for _ in 0..rounds {
            h = alg.hash_leaf(entry);
        }
        let leaf_ns = t.elapsed().as_nanos() as f64 / rounds as f64;
        let t = Instant::now();
        for _ in 0..rounds {
            h = alg.hash_children(&h, &h);
        }
        let node_ns = t.elapsed().as_nanos() as f64 / rounds as f64;
        let leaves: Vec<_> = (0..1_000_000u32)
            .map(|i| alg.hash_leaf(&i.to_le_bytes()))
            .collect();
        let t = Instant::now();
        let root = root_of(&alg, &leaves);
        println!(
            "{:>6}: leaf hash of a {}-byte entry {leaf_ns:.0} ns, node hash {node_ns:.0} ns, \
             root of 10^6 leaves {:.0} ms ({})",
            alg.as_str(),
            entry.len(),
            t.elapsed().as_secs_f64() * 1000.0,
            &hex::encode(root)[..8]
        );
    }
    let _ = std::fs::remove_dir_all(&base);
}
