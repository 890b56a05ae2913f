//! Crash consistency of the dossier (issue #4): the real binary is killed between writing a
//! blob and committing its row (a failpoint aborts the process there); after a restart no row
//! points at a missing blob, the unrecorded blob is found and swept, and uploads work again.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use fayuan_store_tests::TempDir;

use crate::harness::{Server, free_port};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

async fn start(data_dir: &str, bind: &str, failpoint: bool) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fayuan"));
    command
        .args(["serve", "--demo", "--bind", bind, "--data-dir", data_dir])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if failpoint {
        command.env("FAYUAN_FAILPOINTS", "[\"dossier.after_blob_put\"]");
    }
    let server = Server(command.spawn().expect("start fayuan"));
    for _ in 0..200 {
        if let Ok((200, _)) = request(bind, "GET", "/readyz", None, &[]).await {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server did not become ready");
}

/// One HTTP/1.1 request over a fresh connection; the status and body, or an error when the
/// connection dies without an answer.
async fn request(
    bind: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = tokio::net::TcpStream::connect(bind).await?;
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {bind}\r\nConnection: close\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await?;
    let text = String::from_utf8_lossy(&reply).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no answer: {text:?}")))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.as_bytes().to_vec())
        .unwrap_or_default();
    Ok((status, body))
}

async fn json_request(
    bind: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let (status, bytes) = request(bind, method, path, token, body.to_string().as_bytes())
        .await
        .expect("answer");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn blobs(args: &[&str], data_dir: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fayuan"))
        .arg("blobs")
        .args(args)
        .args(["--data-dir", data_dir])
        .output()
        .expect("run fayuan blobs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A litigant's filing draft at the demo court; returns (token, filing id).
async fn filing(bind: &str) -> (String, String) {
    let (_, session) = json_request(
        bind,
        "POST",
        "/api/v1/sessions",
        None,
        json!({"login": "13800000001", "password": PW}),
    )
    .await;
    let token = session["token"].as_str().unwrap().to_owned();
    let (_, courts) = json_request(bind, "GET", "/api/v1/courts", None, json!(null)).await;
    let court = courts[0]["id"].as_str().unwrap();
    let (status, created) = json_request(
        bind,
        "POST",
        "/api/v1/filings",
        Some(&token),
        json!({
            "court_id": court,
            "category": "civil_first_instance",
            "cause": "民间借贷纠纷",
            "procedure_requested": "civil_ordinary",
            "parties": [
                {"role": "plaintiff", "kind": "person", "name": "张三", "address": "北京市东城区示范路1号"},
                {"role": "defendant", "kind": "person", "name": "王五", "address": "北京市西城区示范路2号"}
            ],
            "claims": [{"text": "判令被告返还借款", "amount_fen": 100_000}],
            "facts": "借款未还。",
            "materials": [{"kind": "complaint", "title": "民事起诉状"}],
            "consents_to_mediation": false
        }),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    (token, created["id"].as_str().unwrap().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_between_blob_and_row_leaves_a_consistent_state() {
    let dir = TempDir::new();
    let data_dir = dir.path.to_string_lossy().to_string();
    let bind = format!("127.0.0.1:{}", free_port());
    let pdf = crate::dossier::pdf("民事起诉状");
    let upload = |filing: &str| {
        format!("/api/v1/filings/{filing}/materials?kind=complaint&file_name=qisu.pdf")
    };

    let mut server = start(&data_dir, &bind, true).await;
    let (token, filing_id) = filing(&bind).await;
    let answer = request(&bind, "POST", &upload(&filing_id), Some(&token), &pdf).await;
    assert!(
        answer.as_ref().map_or(true, |(status, _)| *status >= 500),
        "the process dies before answering: {answer:?}"
    );
    let status = tokio::task::spawn_blocking(move || server.0.wait().expect("wait"))
        .await
        .unwrap();
    assert!(!status.success(), "aborted at the failpoint: {status:?}");

    // After the crash: nothing recorded is missing; the blob written before the crash is an
    // unrecorded object, which the sweeper removes.
    let check = blobs(&["check"], &data_dir);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("blobs recorded: 0; missing: 0; unrecorded objects: 1"),
        "{}",
        stdout(&check)
    );
    let young = blobs(&["sweep"], &data_dir);
    assert!(
        stdout(&young).contains("removed 0"),
        "within the grace period: {}",
        stdout(&young)
    );
    let sweep = blobs(&["sweep", "--grace-secs", "0"], &data_dir);
    assert!(stdout(&sweep).contains("removed 1"), "{}", stdout(&sweep));
    let clean = blobs(&["check"], &data_dir);
    assert!(
        stdout(&clean).contains("blobs recorded: 0; missing: 0; unrecorded objects: 0"),
        "{}",
        stdout(&clean)
    );

    // Restarted without the failpoint: no row was left, and the upload now succeeds.
    let _server = start(&data_dir, &bind, false).await;
    let (_, session) = json_request(
        &bind,
        "POST",
        "/api/v1/sessions",
        None,
        json!({"login": "13800000001", "password": PW}),
    )
    .await;
    let token = session["token"].as_str().unwrap().to_owned();
    let materials = format!("/api/v1/filings/{filing_id}/materials");
    let (_, listed) = json_request(&bind, "GET", &materials, Some(&token), json!(null)).await;
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");
    let (status, _) = request(&bind, "POST", &upload(&filing_id), Some(&token), &pdf)
        .await
        .unwrap();
    assert_eq!(status, 201);
    let after = blobs(&["check"], &data_dir);
    assert!(
        stdout(&after).contains("blobs recorded: 1; missing: 0; unrecorded objects: 0"),
        "{}",
        stdout(&after)
    );
}
