//! Browser journeys (tests/browser/journeys.mjs, video.mjs) against the real binary serving the demo court.
//! Runs when `FAYUAN_TEST_BROWSER` names a Chromium executable; `.ci/run` sets it up.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use fayuan_store_tests::TempDir;

use crate::harness::{Server, free_port};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_journeys() {
    run_script("journeys.mjs", "browser journeys: 7 passed, 0 failed").await;
}

/// The video rooms with fake cameras and microphones, one after the other (two media-heavy
/// browsers at once would starve a small machine): two parties' browsers meet in a mediation's
/// room and the mediator records; the judge admits a party from a hearing's waiting room.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_video_rooms() {
    run_script("video.mjs", "video room: 2 passed, 0 failed").await;
    run_script("hearing.mjs", "hearing room: 1 passed, 0 failed").await;
}

/// Runs a script of tests/browser against a fresh demo server and expects its summary line.
async fn run_script(script: &str, summary: &str) {
    let Some(chromium) = std::env::var("FAYUAN_TEST_BROWSER")
        .ok()
        .filter(|b| !b.is_empty())
    else {
        eprintln!("FAYUAN_TEST_BROWSER not set: {script} skipped");
        return;
    };
    let scripts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser");
    assert!(
        scripts.join("node_modules/playwright-core").exists(),
        "run `npm ci` in tests/browser first"
    );
    let dir = TempDir::new();
    let data_dir = dir.path.to_string_lossy().to_string();
    let bind = format!("127.0.0.1:{}", free_port());
    let binary = env!("CARGO_BIN_EXE_fayuan");
    let _server = Server(
        Command::new(binary)
            .args(["serve", "--demo", "--bind", &bind, "--data-dir", &data_dir])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start fayuan"),
    );
    let base = format!("http://{bind}");
    let mut ready = false;
    for _ in 0..100 {
        if let Ok(mut stream) = tokio::net::TcpStream::connect(&bind).await {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let _ = stream.write_all(b"GET /readyz HTTP/1.0\r\n\r\n").await;
            let mut reply = String::new();
            let _ = stream.read_to_string(&mut reply).await;
            if reply.contains("ready") {
                ready = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(ready, "fayuan did not become ready at {base}");
    let out = Command::new("node")
        .current_dir(&scripts)
        .env("FAYUAN_TEST_BROWSER", &chromium)
        .args([
            script,
            &base,
            binary,
            "demo",
            "totp",
            "{login}",
            "--data-dir",
            &data_dir,
        ])
        .output()
        .expect("run node");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{script} failed:\n{log}");
    assert!(log.contains(summary), "{log}");
}
