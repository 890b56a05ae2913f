//! Benchmark (issue #3): filing applications created and submitted per second, and the p99
//! latency of `POST /api/v1/filings` + `POST /api/v1/filings/{id}/submit`, with 32 concurrent
//! clients over real HTTP against `fayuan serve` wiring on SQLite with `synchronous=FULL`.
//!
//! Run: `cargo bench -p fayuan --bench filing_submissions` (FAYUAN_BENCH_SECONDS, default 10;
//! FAYUAN_BENCH_CLIENTS, default 32).

// A benchmark reports by printing and stops loudly when its setup fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fayuan::config::Settings;
use fayuan::wiring::build_app;
use fayuan_app::{Ctx, PasswordCost};
use fayuan_core::clock::SystemClock;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// A minimal keep-alive HTTP/1.1 client: one connection, one request at a time.
struct Client {
    stream: BufReader<TcpStream>,
    token: String,
}

impl Client {
    async fn connect(addr: SocketAddr) -> Client {
        Client {
            stream: BufReader::new(TcpStream::connect(addr).await.unwrap()),
            token: String::new(),
        }
    }

    async fn post(&mut self, path: &str, body: &Value) -> (u16, Value) {
        let body = body.to_string();
        let auth = if self.token.is_empty() {
            String::new()
        } else {
            format!("authorization: Bearer {}\r\n", self.token)
        };
        let request = format!(
            "POST {path} HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\n{auth}content-length: {}\r\n\r\n{body}",
            body.len()
        );
        self.stream
            .get_mut()
            .write_all(request.as_bytes())
            .await
            .unwrap();
        let mut status_line = String::new();
        self.stream.read_line(&mut status_line).await.unwrap();
        let status: u16 = status_line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut buf = vec![0u8; length];
        self.stream.read_exact(&mut buf).await.unwrap();
        (status, serde_json::from_slice(&buf).unwrap_or(Value::Null))
    }
}

fn filing(court: &str, n: usize) -> Value {
    json!({
        "court_id": court,
        "category": "civil_first_instance",
        "cause": "民间借贷纠纷",
        "procedure_requested": "civil_ordinary",
        "parties": [
            {"role": "plaintiff", "kind": "person", "name": format!("原告{n}"), "address": "北京市东城区示范路1号"},
            {"role": "defendant", "kind": "person", "name": "被告", "address": "北京市西城区示范路2号"}
        ],
        "claims": [{"text": "返还借款", "amount_fen": 10_000_000}],
        "facts": "借款到期未还。",
        "materials": [
            {"kind": "complaint", "title": "民事起诉状"},
            {"kind": "identity_proof", "title": "身份证"},
            {"kind": "evidence_list", "title": "借条"}
        ]
    })
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let seconds = env_number("FAYUAN_BENCH_SECONDS", 10);
    let clients = env_number("FAYUAN_BENCH_CLIENTS", 32) as usize;
    let dir = std::env::temp_dir().join(format!("fayuan-bench-{}", std::process::id()));
    let settings = Settings {
        data_dir: dir.clone(),
        ..Settings::default()
    };
    let store = fayuan::wiring::open_store(&settings).await.unwrap();
    let blobs = fayuan::wiring::open_blobs(&settings).unwrap();
    let app = build_app(
        store,
        blobs,
        &settings,
        Arc::new(SystemClock),
        PasswordCost::Fast,
    )
    .unwrap();
    fayuan_app::demo::seed(&app).await.unwrap();
    let court = app.list_courts().await.unwrap()[0].id.to_string();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = fayuan_web::router(app.clone(), fayuan_web::WebConfig::default());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });

    // One verified litigant per client, logged in before the clock starts.
    let mut sessions = Vec::new();
    for i in 0..clients {
        let id = id_number(i);
        app.put_sandbox_identity(&Ctx::operator("bench"), &id, &format!("当事人{i}"))
            .await
            .unwrap();
        let mut c = Client::connect(addr).await;
        let phone = format!("1370000{i:04}");
        let (status, _) = c.post("/api/v1/accounts", &json!({"kind": "person", "name": format!("当事人{i}"), "id_number": id, "phone": phone, "password": "Bench-Password-1"})).await;
        assert_eq!(status, 201);
        let (status, session) = c
            .post(
                "/api/v1/sessions",
                &json!({"login": phone, "password": "Bench-Password-1"}),
            )
            .await;
        assert_eq!(status, 201);
        c.token = session["token"].as_str().unwrap().to_string();
        sessions.push(c);
    }

    println!(
        "fayuan filing benchmark: {clients} clients, {seconds} s, SQLite synchronous=FULL (WAL), real HTTP on {addr}"
    );
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, mut c) in sessions.into_iter().enumerate() {
        let court = court.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut n = 0;
            while Instant::now() < deadline {
                let t = Instant::now();
                let (status, created) = c
                    .post("/api/v1/filings", &filing(&court, i * 1_000_000 + n))
                    .await;
                assert_eq!(status, 201, "{created}");
                let id = created["id"].as_str().unwrap().to_string();
                let (status, submitted) = c
                    .post(&format!("/api/v1/filings/{id}/submit"), &json!({}))
                    .await;
                assert_eq!(status, 200, "{submitted}");
                latencies.push(t.elapsed());
                n += 1;
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "submissions: {} in {elapsed:.1} s = {:.1} filings created+submitted per second",
        latencies.len(),
        latencies.len() as f64 / elapsed
    );
    println!(
        "latency of create+submit: p50 {:?}  p90 {:?}  p99 {:?}  max {:?}",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        latencies[latencies.len() - 1]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A valid citizen identity number, distinct per client (sequence code 100 + i).
fn id_number(i: usize) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let first17 = format!("11010119900307{:03}", 100 + i);
    let sum: u32 = first17
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}
