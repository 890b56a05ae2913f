//! `fayuan serve`: runs the court on one address.

use std::net::SocketAddr;

use anyhow::{Context, bail};
use fayuan_app::demo::{DEMO_PASSWORD, seed};
use fayuan_web::router;

use crate::config::Settings;
use crate::wiring;

/// Serves until interrupted. With `demo`, refuses non-loopback addresses, seeds the demo court
/// and prints how to log in.
pub async fn run(settings: &Settings, demo: bool) -> anyhow::Result<()> {
    let addr: SocketAddr = settings
        .bind
        .parse()
        .with_context(|| format!("invalid bind address {}", settings.bind))?;
    if demo && !addr.ip().is_loopback() {
        bail!(
            "--demo only binds to a loopback address (127.0.0.1 or ::1): its accounts and password are public"
        );
    }
    let app = wiring::app(settings).await?;
    if demo {
        let logins = seed(&app)
            .await
            .map_err(|e| anyhow::anyhow!("seeding the demo: {e}"))?;
        print_demo_logins(settings, &addr, &logins);
    }
    // The search index is derived from the database: a new or lost index is rebuilt at start.
    if app.search_is_empty() {
        let n = app
            .reindex_judgments()
            .await
            .map_err(|e| anyhow::anyhow!("rebuilding the search index: {e}"))?;
        if n > 0 {
            tracing::info!(documents = n, "search index rebuilt from the database");
        }
    }
    let incidents = app.spawn_incident_watch();
    let scheduler = app.spawn_scheduler();
    let sequencer = app.spawn_ledger_sequencer();
    let jobs = app.spawn_job_runner();
    let web = router(app, crate::wiring::web_config(settings));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!(%addr, database = %settings.database(), "fayuan serving");
    println!("fayuan 已启动：http://{addr}");
    axum::serve(
        listener,
        web.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .context("serving")?;
    incidents.abort();
    scheduler.abort();
    sequencer.abort();
    jobs.abort();
    Ok(())
}

fn print_demo_logins(
    settings: &Settings,
    addr: &SocketAddr,
    logins: &[fayuan_app::demo::DemoLogin],
) {
    println!();
    println!(
        "== 演示法院（demo）：{} ==",
        fayuan_app::demo::DEMO_COURT_NAME
    );
    println!("打开 http://{addr}/ ，所有演示账号的密码均为：{DEMO_PASSWORD}");
    println!();
    for login in logins {
        let totp = if login.needs_totp {
            "  （需动态验证码）"
        } else {
            ""
        };
        println!("  {:<14} {}{}", login.login, login.description, totp);
    }
    println!();
    println!("法院工作人员登录需要动态验证码（TOTP）。取当前验证码：");
    println!(
        "  cargo run --release -- demo totp LOGIN --data-dir {}",
        settings.data_dir.display()
    );
    println!(
        "  例如：cargo run --release -- demo totp admin --data-dir {}",
        settings.data_dir.display()
    );
    println!(
        "沙箱：身份核验与短信均为内置沙箱；重置密码的短信验证码可由 admin 在“短信沙箱”页查看。"
    );
    println!();
}
