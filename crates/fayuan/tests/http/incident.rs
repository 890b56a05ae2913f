//! Issue #10 (Rules art. 40): an incident declared through the API suspends the named services
//! at once (503 with the notice and `Retry-After`, a banner on every page), is public, and when
//! lifted lists the payment periods it blocked, which the judge extends (民事诉讼法 art. 86).

use std::sync::Arc;

use axum::http::StatusCode;
use fayuan_domain::DomainError;
use fayuan_domain::ports::{BlobStore, StoredObject};
use fayuan_domain::store::{Store, Tx};
use serde_json::json;

use crate::delivery::page_request;
use crate::filing::assigned_case;
use crate::harness::Harness;

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

async fn incidents(h: Harness) {
    h.demo().await;
    // A case whose advance fee is due 2026-12-04 (seven days after docketing on 27 November).
    let (case, docketed, judge_name) = assigned_case(&h).await;
    let notice = docketed["fee_notice"]["id"].as_str().unwrap().to_owned();
    assert_eq!(docketed["fee_notice"]["due_on"], "2026-12-04");
    h.clock.advance(time::Duration::seconds(31)); // a fresh TOTP step for each staff login
    let admin = h.login("admin", PW).await;
    let zhang = h.login("13800000001", PW).await;

    // Only administrators declare; a declaration needs a cause, a notice and services.
    let declaration = json!({
        "title": "机房电力中断",
        "cause": "power",
        "services": ["payment", "filing"],
        "notice": "网上立案、网上交费暂停，恢复时间另行通知。"
    });
    let refused = h
        .json(
            "POST",
            "/api/v1/incidents",
            Some(&zhang),
            declaration.clone(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let mut bad = declaration.clone();
    bad["services"] = json!([]);
    let bad = h.json("POST", "/api/v1/incidents", Some(&admin), bad).await;
    assert_eq!(bad.json()["code"], "incident.services");
    let declared = h
        .json("POST", "/api/v1/incidents", Some(&admin), declaration)
        .await;
    assert_eq!(declared.status, StatusCode::CREATED, "{}", declared.body);
    let id = declared.json()["id"].as_str().unwrap().to_owned();

    // At once: the named services answer 503 with the notice; the others still answer.
    let suspended = h
        .json("POST", "/api/v1/filings", Some(&zhang), json!({}))
        .await;
    assert_eq!(suspended.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(suspended.header("retry-after"), "300");
    assert_eq!(suspended.json()["code"], "service.suspended");
    assert!(
        suspended.json()["detail"]
            .as_str()
            .unwrap()
            .contains("网上交费暂停")
    );
    let pay = h
        .json(
            "POST",
            &format!("/api/v1/fee-notices/{notice}/payments"),
            Some(&zhang),
            json!({}),
        )
        .await;
    assert_eq!(pay.status, StatusCode::SERVICE_UNAVAILABLE);
    let page = h.get("/filings/new", None).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.body.contains("机房电力中断"), "{}", page.body);
    assert_eq!(h.get("/api/v1/courts", None).await.status, StatusCode::OK);
    let portal = h.get("/", None).await;
    assert!(
        portal.body.contains("role=\"alert\"") && portal.body.contains("机房电力中断"),
        "a banner on every page"
    );
    // The payer of a notice due within the week is told.
    let inbox = h.get("/api/v1/inbox", Some(&zhang)).await.json();
    assert!(inbox.to_string().contains("网上交费暂停"), "{inbox}");
    // Public, without the cases it touched.
    let public = h.get("/api/v1/public/incidents", None).await.json();
    assert_eq!(public[0]["title"], "机房电力中断");
    assert_eq!(public[0]["ended_at"], json!(null));
    assert_eq!(public[0]["affected"], json!([]));

    // Lifted on 5 December: the fee period that ended on the 4th was blocked; the judge is
    // told and extends it by the eight days the incident took (27 Nov – 4 Dec) after the 5th.
    h.clock.advance(time::Duration::days(8));
    let admin = h.login("admin", PW).await;
    let zhang = h.login("13800000001", PW).await;
    let lifted = h
        .json(
            "POST",
            &format!("/api/v1/incidents/{id}/lift"),
            Some(&admin),
            json!({ "actions": "切换备用电源，核查数据完整" }),
        )
        .await;
    assert_eq!(lifted.status, StatusCode::OK, "{}", lifted.body);
    let lifted = lifted.json();
    assert_eq!(lifted["affected"][0]["fee_notice_id"], notice.as_str());
    assert_eq!(lifted["affected"][0]["due_on"], "2026-12-04");
    assert_ne!(
        h.json("POST", "/api/v1/filings", Some(&zhang), json!({}))
            .await
            .status,
        StatusCode::SERVICE_UNAVAILABLE,
        "service restored"
    );
    let judge = h.login(&judge_name, PW).await;
    let told = h.get("/api/v1/inbox", Some(&judge)).await.json();
    assert!(told.to_string().contains("第八十六条"), "{told}");
    let extend = |token: String| {
        let h = &h;
        let path = format!("/api/v1/incidents/{id}/extensions");
        let body = json!({ "fee_notice_id": notice });
        async move { h.json("POST", &path, Some(&token), body).await }
    };
    assert_eq!(
        extend(zhang.clone()).await.status,
        StatusCode::FORBIDDEN,
        "the payer cannot extend their own period"
    );
    let extended = extend(judge.clone()).await;
    assert_eq!(extended.status, StatusCode::OK, "{}", extended.body);
    assert_eq!(extended.json()["due_on"], "2026-12-13");
    assert_eq!(extend(judge).await.status, StatusCode::CONFLICT);
    let fees = h
        .get(&format!("/api/v1/cases/{case}/fees"), Some(&zhang))
        .await
        .json();
    assert_eq!(fees[0]["due_on"], "2026-12-13", "{fees}");

    // The public page tells the whole story; the staff page lists the extension.
    let page = h.get(&format!("/incidents/{id}"), None).await;
    assert!(page.body.contains("切换备用电源") && !page.body.contains("依法顺延"));
    h.clock.advance(time::Duration::seconds(31));
    let cookie = h.page_login("admin", PW).await;
    let page = h
        .send(page_request(&cookie, &format!("/incidents/{id}"), None))
        .await;
    assert!(page.body.contains("2026-12-13"), "{}", page.body);
    let audit = h
        .get("/api/v1/audit-events?action=ops.incident", Some(&admin))
        .await
        .json();
    let mut events: Vec<(String, String)> = audit["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].to_string(), e["outcome"].to_string()))
        .collect();
    events.sort();
    assert_eq!(
        events,
        [
            ("\"ops.incident_declare\"".into(), "\"denied\"".into()),
            ("\"ops.incident_declare\"".into(), "\"success\"".into()),
            ("\"ops.incident_lift\"".into(), "\"success\"".into()),
        ]
    );
}

crate::on_both_backends!(
    incidents_suspend_services_and_extend_blocked_periods,
    incidents
);

/// A database that no longer answers its ping.
struct DownStore(Arc<dyn Store>);

#[async_trait::async_trait]
impl Store for DownStore {
    async fn begin(&self) -> Result<Box<dyn Tx>, DomainError> {
        self.0.begin().await
    }
    async fn ping(&self) -> Result<(), DomainError> {
        Err(DomainError::Storage("connection refused".into()))
    }
    async fn migrate(&self) -> Result<Vec<i64>, DomainError> {
        self.0.migrate().await
    }
    fn backend(&self) -> &'static str {
        self.0.backend()
    }
}

/// A blob store whose disk went read-only.
struct ReadOnlyBlobs(Arc<dyn BlobStore>);

#[async_trait::async_trait]
impl BlobStore for ReadOnlyBlobs {
    async fn put_file(
        &self,
        _: &std::path::Path,
        _: &fayuan_core::digest::ContentHash,
    ) -> Result<(), DomainError> {
        Err(DomainError::Storage("read-only file system".into()))
    }
    async fn get(&self, sha256: &str) -> Result<Vec<u8>, DomainError> {
        self.0.get(sha256).await
    }
    async fn get_range(&self, sha256: &str, start: u64, end: u64) -> Result<Vec<u8>, DomainError> {
        self.0.get_range(sha256, start, end).await
    }
    async fn exists(&self, sha256: &str) -> Result<bool, DomainError> {
        self.0.exists(sha256).await
    }
    async fn list(&self) -> Result<Vec<StoredObject>, DomainError> {
        self.0.list().await
    }
    async fn delete(&self, key: &str) -> Result<(), DomainError> {
        self.0.delete(key).await
    }
    async fn check(&self) -> Result<(), DomainError> {
        Err(DomainError::Storage("read-only file system".into()))
    }
}

/// Monitoring opens an incident when the database or the blob store fails and ends it when they
/// recover: the database outage suspends everything and is recorded once the database answers;
/// the blob store's suspends the services that store files.
async fn monitoring(h: Harness) {
    h.demo().await;
    let mut app = h.app.clone();
    app.store = Arc::new(DownStore(h.app.store.clone()));
    app.monitor_once().await.unwrap();
    app.monitor_once().await.unwrap();
    let down = h.get("/api/v1/public/judgments", None).await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(down.body.contains("数据库不可用"), "{}", down.body);
    assert_eq!(h.app.active_incidents().len(), 1, "opened once");
    app.store = h.app.store.clone();
    app.monitor_once().await.unwrap();
    assert!(h.app.active_incidents().is_empty());
    let public = h.get("/api/v1/public/incidents", None).await.json();
    assert_eq!(public[0]["title"], "数据库不可用");
    assert_eq!(public[0]["automatic"], true);
    assert!(public[0]["ended_at"].is_string(), "{public}");

    app.blobs = Arc::new(ReadOnlyBlobs(h.app.blobs.clone()));
    app.monitor_once().await.unwrap();
    app.monitor_once().await.unwrap();
    let active = h.app.active_incidents();
    assert_eq!(active.len(), 1, "opened once");
    assert_eq!(active[0].title, "文件存储不可用");
    let zhang = h.login("13800000001", PW).await;
    let refused = h
        .json("POST", "/api/v1/filings", Some(&zhang), json!({}))
        .await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        h.get("/api/v1/public/hearings", None).await.status,
        StatusCode::OK
    );
    app.blobs = h.app.blobs.clone();
    app.monitor_once().await.unwrap();
    assert!(h.app.active_incidents().is_empty());
    let public = h.get("/api/v1/public/incidents", None).await.json();
    assert_eq!(public[0]["title"], "文件存储不可用");
    assert_eq!(public[0]["actions"], "文件存储恢复，监控自动解除。");
}

crate::on_both_backends!(monitoring_suspends_and_restores_services, monitoring);
