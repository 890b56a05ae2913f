//! The platform under the features: portal, audit chain, OpenAPI, metrics, headers, errors.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fayuan_web::pages::portal::{ONLINE_SERVICES, OPENNESS_SERVICES, SUPPORT_SERVICES};
use serde_json::json;

use crate::harness::Harness;

/// Issue #2 acceptance: `/` is in Chinese and lists every online service of the Rules.
async fn portal(h: Harness) {
    let r = h.get("/", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<html lang=\"zh-CN\">"));
    for s in ONLINE_SERVICES
        .iter()
        .chain(OPENNESS_SERVICES)
        .chain(SUPPORT_SERVICES)
    {
        assert!(r.body.contains(s.name), "missing service {}", s.name);
        let page = h.get(&s.href(), None).await;
        assert_eq!(page.status, StatusCode::OK, "{} → {}", s.name, s.href());
    }
    for required in [
        "在线调解",
        "在线立案",
        "在线交费",
        "在线证据交换",
        "在线委托鉴定",
        "在线保全",
        "在线庭审",
        "在线执行",
        "在线阅卷",
        "在线查档",
        "在线送达",
        "在线公告",
        "跨域诉讼服务",
        "诉讼指引",
    ] {
        assert!(r.body.contains(required), "art. 5 ¶3 names {required}");
    }
    assert_eq!(
        h.get("/services/no-such-service", None).await.status,
        StatusCode::NOT_FOUND
    );
    let css = h.get("/static/fayuan.css", None).await;
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
}
crate::on_both_backends!(portal_lists_every_service, portal);

/// Replaces one stored value behind the application's back.
async fn tamper(url: &str, sql: &'static str) {
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    }
}

/// Runs the real binary's `audit verify` and returns whether it exited 0.
fn verify_with_binary(url: &str) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fayuan"))
        .args(["audit", "verify", "--database", url])
        .output()
        .expect("run fayuan");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Issue #2 acceptance: `fayuan audit verify` passes after a scripted session and fails after any
/// single audit row is edited or deleted.
async fn audit_chain(h: Harness) {
    h.demo().await;
    let token = h
        .login("13800000002", fayuan_app::demo::DEMO_PASSWORD)
        .await;
    h.get("/api/v1/me", Some(&token)).await;
    h.json(
        "POST",
        "/api/v1/sessions",
        None,
        json!({"login": "13800000002", "password": "nope-Nope-1"}),
    )
    .await;
    let url = h.settings.database();

    let (ok, out) = verify_with_binary(&url);
    assert!(ok, "intact chain must verify: {out}");
    assert!(fayuan::cli::audit::verify(&h.settings).await.unwrap());

    tamper(
        &url,
        "UPDATE audit_events SET detail = 'edited' WHERE seq = 3",
    )
    .await;
    let (ok, out) = verify_with_binary(&url);
    assert!(
        !ok && out.contains("event 3"),
        "an edited row must be named: {out}"
    );

    tamper(&url, "UPDATE audit_events SET detail = (SELECT detail FROM audit_events WHERE seq = 4) WHERE seq = 3 AND 1 = 0").await;
    tamper(&url, "DELETE FROM audit_events WHERE seq = 3").await;
    let (ok, out) = verify_with_binary(&url);
    assert!(
        !ok && out.contains("event 3"),
        "a removed row must be named: {out}"
    );
}
crate::on_both_backends!(audit_verify_detects_edits_and_removals, audit_chain);

/// Removing the newest event (the tail) is detected too.
async fn audit_tail(h: Harness) {
    h.demo().await;
    let url = h.settings.database();
    assert!(verify_with_binary(&url).0);
    tamper(
        &url,
        "DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)",
    )
    .await;
    assert!(!verify_with_binary(&url).0);
}
crate::on_both_backends!(audit_verify_detects_a_removed_tail, audit_tail);

/// Retention removes events older than 180 days and the chain still verifies from its anchor.
async fn retention(h: Harness) {
    h.demo().await;
    h.clock.advance(time::Duration::days(181));
    h.login("13800000001", fayuan_app::demo::DEMO_PASSWORD)
        .await;
    let report = h
        .app
        .run_maintenance(&fayuan_app::Ctx::operator("test"))
        .await
        .unwrap();
    assert!(report.audit_events_pruned > 0);
    assert!(h.app.verify_audit_chain().await.unwrap().is_ok());
}
crate::on_both_backends!(audit_retention_keeps_the_chain_verifiable, retention);

/// Issue #2 acceptance: the OpenAPI document is 3.1 and lists every endpoint of the API.
async fn openapi(h: Harness) {
    let doc = h.get("/api/openapi.json", None).await.json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert!(doc["info"]["title"].is_string());
    let expected = [
        ("post", "/api/v1/accounts"),
        ("get", "/api/v1/accounts/{id}"),
        ("post", "/api/v1/sessions"),
        ("delete", "/api/v1/sessions/current"),
        ("get", "/api/v1/me"),
        ("post", "/api/v1/me/password"),
        ("post", "/api/v1/me/totp"),
        ("post", "/api/v1/me/totp/confirm"),
        ("post", "/api/v1/me/totp/disable"),
        ("post", "/api/v1/password-resets"),
        ("post", "/api/v1/password-resets/confirm"),
        ("get", "/api/v1/courts"),
        ("post", "/api/v1/courts"),
        ("get", "/api/v1/courts/{id}"),
        ("post", "/api/v1/courts/{id}/divisions"),
        ("post", "/api/v1/courts/{id}/courtrooms"),
        ("get", "/api/v1/courts/{id}/fee-schedule"),
        ("put", "/api/v1/courts/{id}/fee-schedule"),
        ("get", "/api/v1/staff"),
        ("post", "/api/v1/staff"),
        ("patch", "/api/v1/staff/{id}"),
        ("post", "/api/v1/filings"),
        ("get", "/api/v1/filings"),
        ("get", "/api/v1/filings/{id}"),
        ("patch", "/api/v1/filings/{id}"),
        ("post", "/api/v1/filings/{id}/submit"),
        ("get", "/api/v1/filing-queue"),
        ("post", "/api/v1/filings/{id}/docket"),
        ("post", "/api/v1/filings/{id}/request-correction"),
        ("post", "/api/v1/filings/{id}/refuse"),
        ("post", "/api/v1/filings/{id}/divert"),
        ("post", "/api/v1/filings/{id}/mediation"),
        ("get", "/api/v1/mediations"),
        ("get", "/api/v1/mediations/{id}"),
        ("post", "/api/v1/cases/{id}/mediations"),
        ("get", "/api/v1/cases/{id}/mediations"),
        ("post", "/api/v1/mediations/{id}/invitation"),
        ("post", "/api/v1/mediations/{id}/answer"),
        ("post", "/api/v1/mediations/{id}/choice"),
        ("post", "/api/v1/mediations/{id}/designation"),
        ("post", "/api/v1/mediations/{id}/acceptance"),
        ("post", "/api/v1/mediations/{id}/declination"),
        ("get", "/api/v1/mediations/{id}/messages"),
        ("post", "/api/v1/mediations/{id}/messages"),
        ("get", "/api/v1/mediations/{id}/events"),
        ("get", "/api/v1/mediations/{id}/video"),
        ("post", "/api/v1/mediations/{id}/recordings"),
        ("get", "/api/v1/mediations/{id}/recordings"),
        ("get", "/api/v1/recordings/{id}"),
        ("patch", "/api/v1/recordings/{id}"),
        ("post", "/api/v1/recordings/{id}/finish"),
        ("get", "/api/v1/mediations/{id}/materials"),
        ("post", "/api/v1/mediations/{id}/materials"),
        ("get", "/api/v1/mediations/{id}/materials/{material}"),
        ("put", "/api/v1/mediations/{id}/record"),
        ("post", "/api/v1/mediations/{id}/sessions"),
        (
            "post",
            "/api/v1/mediations/{id}/sessions/{number}/cancellation",
        ),
        ("get", "/api/v1/mediations/{id}/settlement"),
        ("put", "/api/v1/mediations/{id}/settlement"),
        ("post", "/api/v1/mediations/{id}/settlement/signatures"),
        ("post", "/api/v1/mediations/{id}/settlement/refusal"),
        ("post", "/api/v1/mediations/{id}/extension"),
        ("post", "/api/v1/mediations/{id}/end"),
        ("post", "/api/v1/mediations/{id}/withdrawal"),
        ("post", "/api/v1/mediations/{id}/confirmation"),
        ("post", "/api/v1/cases/{id}/confirmation-decision"),
        ("post", "/api/v1/mediations/{id}/statement"),
        ("get", "/api/v1/courts/{id}/mediation-roster"),
        ("post", "/api/v1/courts/{id}/mediation-organisations"),
        ("post", "/api/v1/mediation-organisations/{id}/status"),
        ("post", "/api/v1/courts/{id}/mediators"),
        ("post", "/api/v1/courts/{id}/mediators/{account}/status"),
        ("put", "/api/v1/courts/{id}/mediators/{account}/profile"),
        ("get", "/api/v1/courts/{id}/mediation-statistics"),
        ("post", "/api/v1/cases/{id}/hearings"),
        ("get", "/api/v1/cases/{id}/hearings"),
        ("get", "/api/v1/cases/{id}/hearing-times"),
        ("post", "/api/v1/hearings/{id}/reschedule"),
        ("post", "/api/v1/hearings/{id}/adjournment"),
        ("post", "/api/v1/hearings/{id}/status"),
        ("post", "/api/v1/hearings/{id}/presence"),
        ("get", "/api/v1/hearing-calendar"),
        ("get", "/api/v1/public/hearings"),
        ("post", "/api/v1/incidents"),
        ("post", "/api/v1/incidents/{id}/lift"),
        ("post", "/api/v1/incidents/{id}/extensions"),
        ("get", "/api/v1/public/incidents"),
        ("get", "/api/v1/public/statistics"),
        ("post", "/api/v1/public/process"),
        ("post", "/api/v1/cases/{id}/query-code"),
        ("get", "/api/v1/hearings/{id}/transcript"),
        ("put", "/api/v1/hearings/{id}/transcript"),
        ("post", "/api/v1/hearings/{id}/transcript/review"),
        ("post", "/api/v1/hearings/{id}/transcript/reopen"),
        ("post", "/api/v1/hearings/{id}/transcript/signatures"),
        ("post", "/api/v1/hearings/{id}/transcript/objections"),
        (
            "post",
            "/api/v1/hearings/{id}/transcript/objections/{number}/resolution",
        ),
        (
            "post",
            "/api/v1/hearings/{id}/transcript/signers/{number}/accounting",
        ),
        ("post", "/api/v1/hearings/{id}/transcript/lock"),
        ("post", "/api/v1/hearings/{id}/recordings"),
        ("get", "/api/v1/hearings/{id}/recordings"),
        ("get", "/api/v1/cases"),
        ("get", "/api/v1/cases/{id}"),
        ("get", "/api/v1/cases/{id}/fees"),
        ("post", "/api/v1/cases/{id}/assign"),
        ("post", "/api/v1/cases/{id}/close"),
        ("post", "/api/v1/cases/{id}/archive"),
        ("post", "/api/v1/cases/{id}/suspensions"),
        ("post", "/api/v1/cases/{id}/suspensions/{suspension}/end"),
        ("post", "/api/v1/cases/{id}/extensions"),
        ("post", "/api/v1/extensions/{id}/decision"),
        ("get", "/api/v1/time-limits"),
        ("post", "/api/v1/fee-notices/{id}/payments"),
        ("get", "/api/v1/payments/{id}"),
        ("post", "/api/v1/payments/callback"),
        ("post", "/api/v1/fee-notices/{id}/relief"),
        ("post", "/api/v1/fee-relief/{id}/decision"),
        ("get", "/api/v1/cases/{id}/fee-relief"),
        ("get", "/api/v1/inbox"),
        ("get", "/api/v1/inbox/unread"),
        ("get", "/api/v1/me/notifications"),
        ("put", "/api/v1/me/notifications"),
        ("post", "/api/v1/inbox/{id}/read"),
        ("post", "/api/v1/cases/{id}/documents/draft"),
        ("post", "/api/v1/cases/{id}/documents"),
        ("put", "/api/v1/cases/{id}/delivery-address"),
        ("get", "/api/v1/cases/{id}/delivery-addresses/{account}"),
        ("post", "/api/v1/cases/{id}/deliveries"),
        ("get", "/api/v1/cases/{id}/deliveries"),
        ("get", "/api/v1/deliveries"),
        ("get", "/api/v1/deliveries/{id}"),
        ("get", "/api/v1/deliveries/{id}/documents/{material}"),
        ("get", "/api/v1/deliveries/{id}/certificate"),
        ("get", "/api/v1/deliveries/{id}/receipt-form"),
        ("post", "/api/v1/cases/{id}/publications"),
        ("get", "/api/v1/cases/{id}/publications"),
        ("get", "/api/v1/publications"),
        ("get", "/api/v1/publications/{id}"),
        ("post", "/api/v1/publications/{id}/approve"),
        ("post", "/api/v1/publications/{id}/withdraw"),
        ("post", "/api/v1/publications/{id}/correct"),
        ("get", "/api/v1/public/judgments"),
        ("get", "/api/v1/public/judgments/{id}"),
        ("get", "/api/v1/public/judgments/{id}/related"),
        ("post", "/api/v1/deliveries/{id}/sign"),
        ("post", "/api/v1/deliveries/{id}/postal"),
        ("post", "/api/v1/deliveries/{id}/resend"),
        ("get", "/api/v1/ledger"),
        ("get", "/api/v1/ledger/checkpoints"),
        ("get", "/api/v1/ledger/checkpoints/{size}"),
        ("get", "/api/v1/ledger/entries/{index}"),
        ("get", "/api/v1/ledger/entries/{index}/receipt"),
        ("post", "/api/v1/ledger/lookup"),
        ("post", "/api/v1/ledger/lookup/file"),
        ("get", "/api/v1/ledger/proofs/consistency"),
        ("get", "/api/v1/ledger/proofs/inclusion"),
        ("post", "/api/v1/ledger/receipts/verify"),
        ("get", "/api/v1/audit-events"),
        ("get", "/api/v1/sandbox/sms"),
        ("post", "/api/v1/cases/{id}/materials"),
        ("post", "/api/v1/filings/{id}/materials"),
        ("get", "/api/v1/filings/{id}/materials"),
        ("post", "/api/v1/cases/{id}/scans"),
        ("get", "/api/v1/cases/{id}/dossier"),
        ("get", "/api/v1/materials/{id}/content"),
        ("patch", "/api/v1/materials/{id}"),
        ("get", "/api/v1/cases/{id}/dossier/export"),
        ("get", "/api/v1/cases/{id}/dossier/manifest"),
        ("post", "/api/v1/cases/{id}/reading-requests"),
        ("get", "/api/v1/cases/{id}/reading-requests"),
        ("post", "/api/v1/reading-requests/{id}/decide"),
        ("post", "/api/v1/cases/{id}/participants"),
        ("get", "/api/v1/cases/{id}/evidence"),
        ("post", "/api/v1/cases/{id}/evidence"),
        ("post", "/api/v1/cases/{id}/evidence-exchange"),
        ("post", "/api/v1/evidence/{id}/opinions"),
        ("post", "/api/v1/evidence/{id}/finding"),
        ("get", "/healthz"),
        ("get", "/readyz"),
        ("get", "/metrics"),
        ("get", "/api/openapi.json"),
    ];
    let paths = doc["paths"].as_object().unwrap();
    let listed: usize = paths
        .values()
        .map(|p| {
            p.as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .count()
        })
        .sum();
    assert_eq!(
        listed,
        expected.len(),
        "every operation is expected: {:?}",
        paths.keys().collect::<Vec<_>>()
    );
    for (method, path) in expected {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} missing");
        assert!(op["responses"].is_object(), "{method} {path} has responses");
        if let Some(schema_ref) =
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()
        {
            let name = schema_ref.rsplit('/').next().unwrap();
            assert!(
                doc["components"]["schemas"][name].is_object(),
                "{schema_ref} resolves"
            );
        }
    }
    let api_page = h.get("/api", None).await;
    assert!(api_page.body.contains("/api/v1/sessions"));
}
crate::on_both_backends!(openapi_lists_every_endpoint, openapi);

/// `/metrics` exposes request counts and latencies; `/healthz` and `/readyz` answer.
async fn operations(h: Harness) {
    assert_eq!(h.get("/healthz", None).await.body, "ok");
    assert_eq!(h.get("/readyz", None).await.body, "ready");
    h.get("/api/v1/courts", None).await;
    let metrics = h.get("/metrics", None).await;
    assert!(
        metrics.body.contains("http_requests_total{"),
        "{}",
        metrics.body
    );
    assert!(metrics.body.contains("route=\"/api/v1/courts\""));
    assert!(
        metrics
            .body
            .contains("http_request_duration_seconds_bucket")
    );
}
crate::on_both_backends!(health_and_metrics, operations);

/// Security headers, request ids, and problem+json for malformed requests — never a 500.
async fn edges(h: Harness) {
    let r = h.get("/", None).await;
    let csp = r.header("content-security-policy");
    assert!(
        csp.contains("script-src 'self'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe-inline")
    );
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    assert!(!r.header("referrer-policy").is_empty());
    assert!(!r.header("x-request-id").is_empty());
    let echoed = h
        .send(
            Request::get("/healthz")
                .header("x-request-id", "01a21b17-a1f3-74d3-bf84-a710f6475ebd")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        echoed.header("x-request-id"),
        "01a21b17-a1f3-74d3-bf84-a710f6475ebd"
    );

    let malformed = h
        .send(
            Request::post("/api/v1/accounts")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.json()["code"], "request.malformed_json");
    let missing = h
        .json("POST", "/api/v1/accounts", None, json!({"kind": "person"}))
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.header("content-type"), "application/problem+json");
    let no_type = h
        .send(
            Request::post("/api/v1/sessions")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(no_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = h
        .send(
            Request::post("/api/v1/accounts")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(vec![b' '; 2 << 20]))
                .unwrap(),
        )
        .await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    let unknown = h.get("/api/v1/nothing-here", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json()["code"], "not_found");
    let bad_kind = h
        .json(
            "POST",
            "/api/v1/accounts",
            None,
            json!({"kind": "alien", "name": "x", "phone": "13800000000", "password": "x"}),
        )
        .await;
    assert_eq!(bad_kind.json()["code"], "accounts.invalid_kind");
    let bad_cursor = h.get("/api/v1/audit-events?from=yesterday", None).await;
    assert_eq!(bad_cursor.status, StatusCode::UNPROCESSABLE_ENTITY);
}
crate::on_both_backends!(security_headers_and_bad_input, edges);

/// Issue #9: the public API is rate-limited per client address (429 problem with `Retry-After`);
/// the rest of the API is not counted.
#[tokio::test]
async fn the_public_api_is_rate_limited() {
    let h = Harness::sqlite_with(|s| s.public_requests_per_minute = 3).await;
    for _ in 0..3 {
        assert_eq!(
            h.get("/api/v1/public/hearings", None).await.status,
            StatusCode::OK
        );
    }
    let refused = h.get("/api/v1/public/judgments", None).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.header("retry-after"), "20");
    assert_eq!(refused.json()["code"], "rate_limited");
    assert_eq!(refused.header("content-type"), "application/problem+json");
    assert_eq!(h.get("/api/v1/courts", None).await.status, StatusCode::OK);
}
