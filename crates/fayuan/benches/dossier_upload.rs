//! Benchmark (issue #4): upload throughput (MB/s) and the server's peak resident memory for one
//! large upload, over real HTTP against `fayuan serve` wiring (SQLite, local blob store on the
//! same disk). Two files of the same size: a picture (the content checks read headers only) and
//! a PDF (its structure is parsed, which reads the whole file into memory).
//!
//! Run: `cargo bench -p fayuan --bench dossier_upload` (FAYUAN_BENCH_MB, default 200).
//! Peak memory is the process's VmHWM, reset before each upload through /proc/self/clear_refs.

// A benchmark reports by printing and stops loudly when its setup fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use fayuan::config::Settings;
use fayuan::wiring::build_app;
use fayuan_app::PasswordCost;
use fayuan_core::clock::SystemClock;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CHUNK: usize = 1 << 20;

/// One request on a fresh connection; `body` writes the request body.
async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    content_type: &str,
    length: u64,
    body: impl AsyncFnOnce(&mut TcpStream),
) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let auth = if token.is_empty() {
        String::new()
    } else {
        format!("authorization: Bearer {token}\r\n")
    };
    let head = format!(
        "{method} {path} HTTP/1.1\r\nhost: bench\r\nconnection: close\r\n{auth}content-type: {content_type}\r\ncontent-length: {length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    body(&mut stream).await;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.unwrap();
    let text = String::from_utf8_lossy(&reply);
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let json = text
        .split_once("\r\n\r\n")
        .and_then(|(_, b)| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null);
    (status, json)
}

async fn json_post(addr: SocketAddr, path: &str, token: &str, body: Value) -> (u16, Value) {
    let text = body.to_string();
    request(
        addr,
        "POST",
        path,
        token,
        "application/json",
        text.len() as u64,
        async |s: &mut TcpStream| {
            s.write_all(text.as_bytes()).await.unwrap();
        },
    )
    .await
}

/// Peak resident memory (VmHWM) in MB, optionally resetting it.
fn peak_rss_mb(reset: bool) -> f64 {
    if reset {
        // "5" resets the peak to the current resident size (Linux ≥ 4.0).
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The bytes of a test file of `size` bytes: `head`, filler, `tail`, written in chunks.
async fn stream_file(s: &mut TcpStream, head: &[u8], size: u64, tail: &[u8], seed: u8) {
    s.write_all(head).await.unwrap();
    let filler = size - head.len() as u64 - tail.len() as u64;
    let chunk: Vec<u8> = (0..CHUNK)
        .map(|i| (i as u8).wrapping_mul(31) ^ seed)
        .collect();
    let mut left = filler;
    while left > 0 {
        let n = left.min(CHUNK as u64) as usize;
        s.write_all(&chunk[..n]).await.unwrap();
        left -= n as u64;
    }
    s.write_all(tail).await.unwrap();
}

fn jpeg_head() -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08];
    out.extend_from_slice(&3508u16.to_be_bytes());
    out.extend_from_slice(&2480u16.to_be_bytes());
    out.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    out
}

/// A PDF with one page whose content stream holds the filler; offsets computed for `size`.
fn pdf_parts(size: u64) -> (Vec<u8>, Vec<u8>) {
    let mut head = b"%PDF-1.7\n".to_vec();
    let catalog = head.len();
    head.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    let pages = head.len();
    head.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
    let page = head.len();
    head.extend_from_slice(
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n",
    );
    let content = head.len();
    // Lengths are fixed-width so the offsets do not depend on the filler's size.
    let tail_template = |xref: u64| {
        format!(
            "\nendstream\nendobj\nxref\n0 5\n0000000000 65535 f \n{catalog:010} 00000 n \n{pages:010} 00000 n \n{page:010} 00000 n \n{content:010} 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref:012}\n%%EOF\n"
        )
        .into_bytes()
    };
    let stream_head =
        |length: u64| format!("4 0 obj\n<< /Length {length:012} >>\nstream\n").into_bytes();
    let fixed = head.len() as u64 + stream_head(0).len() as u64 + tail_template(0).len() as u64;
    let length = size - fixed;
    head.extend_from_slice(&stream_head(length));
    let xref_at = head.len() as u64 + length + "\nendstream\nendobj\n".len() as u64;
    (head, tail_template(xref_at))
}

#[tokio::main]
async fn main() {
    let mb: u64 = std::env::var("FAYUAN_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let size = mb * 1024 * 1024;
    let dir = std::env::temp_dir().join(format!("fayuan-upload-bench-{}", std::process::id()));
    let settings = Settings {
        data_dir: dir.clone(),
        max_upload_mb: mb + 16,
        max_submission_mb: mb + 16,
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

    let (_, session) = json_post(
        addr,
        "/api/v1/sessions",
        "",
        json!({"login": "13800000001", "password": fayuan_app::demo::DEMO_PASSWORD}),
    )
    .await;
    let token = session["token"].as_str().unwrap().to_owned();
    let (status, filing) = json_post(
        addr,
        "/api/v1/filings",
        &token,
        json!({
            "court_id": court, "category": "civil_first_instance", "cause": "民间借贷纠纷",
            "procedure_requested": "civil_ordinary",
            "parties": [
                {"role": "plaintiff", "kind": "person", "name": "张三", "address": "北京"},
                {"role": "defendant", "kind": "person", "name": "王五", "address": "北京"}
            ],
            "claims": [{"text": "返还借款", "amount_fen": 100}], "facts": "借款未还。",
            "materials": [{"kind": "evidence_list", "title": "证据"}]
        }),
    )
    .await;
    assert_eq!(status, 201, "{filing}");
    let filing = filing["id"].as_str().unwrap().to_owned();

    println!(
        "dossier upload benchmark: {mb} MB per file, SQLite + local blob store under {}",
        dir.display()
    );
    let baseline = peak_rss_mb(true);
    println!("resident before uploads: {baseline:.1} MB");
    let (pdf_head, pdf_tail) = pdf_parts(size);
    let jpeg = jpeg_head();
    let cases: [(&str, &str, &[u8], &[u8]); 2] = [
        ("JPEG (headers checked)", "scan.jpg", &jpeg, &[0xFF, 0xD9]),
        ("PDF (structure parsed)", "scan.pdf", &pdf_head, &pdf_tail),
    ];
    for (i, (label, name, head, tail)) in cases.into_iter().enumerate() {
        let before = peak_rss_mb(true);
        let path = format!("/api/v1/filings/{filing}/materials?kind=evidence&file_name={name}");
        let started = Instant::now();
        let (status, reply) = request(
            addr,
            "POST",
            &path,
            &token,
            "application/octet-stream",
            size,
            async |s: &mut TcpStream| {
                stream_file(s, head, size, tail, i as u8).await;
            },
        )
        .await;
        let elapsed = started.elapsed().as_secs_f64();
        assert_eq!(status, 201, "{reply}");
        let peak = peak_rss_mb(false);
        println!(
            "{label}: {:.1} MB/s ({elapsed:.2} s); peak resident {peak:.1} MB (+{:.1} MB over the {before:.1} MB before)",
            mb as f64 / elapsed,
            peak - before
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
