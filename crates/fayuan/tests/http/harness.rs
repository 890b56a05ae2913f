//! A court on a fresh database, driven through the real router in-process.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fayuan::config::Settings;
use fayuan::wiring::build_app;
use fayuan_app::{App, Ctx, PasswordCost};
use fayuan_core::clock::FixedClock;
use fayuan_domain::store::Store;
use fayuan_store_tests::TempDir;
use http_body_util::BodyExt;
use serde_json::Value;
use time::macros::datetime;
use tower::ServiceExt;

/// One installation under test.
pub struct Harness {
    pub router: Router,
    pub app: App,
    pub clock: Arc<FixedClock>,
    pub settings: Settings,
    _dir: Option<TempDir>,
    /// Blobs and staging of this installation.
    pub data: TempDir,
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl Harness {
    fn new(store: Arc<dyn Store>, mut settings: Settings, dir: Option<TempDir>) -> Self {
        let clock = Arc::new(FixedClock::new(datetime!(2026-11-27 02:00 UTC)));
        let data = TempDir::new();
        settings.data_dir = data.path.clone();
        settings.max_upload_mb = 8;
        let blobs = fayuan::wiring::open_blobs(&settings).expect("blob store");
        let app =
            build_app(store, blobs, &settings, clock.clone(), PasswordCost::Fast).expect("app");
        let router = fayuan_web::router(app.clone(), fayuan::wiring::web_config(&settings));
        Harness {
            router,
            app,
            clock,
            settings,
            _dir: dir,
            data,
        }
    }

    /// On SQLite with adjusted settings.
    pub async fn sqlite_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        let (store, dir) = fayuan_store_tests::sqlite().await;
        let mut settings = Settings {
            database_url: Some(format!("sqlite://{}/fayuan.db", dir.path.display())),
            // Tests count dossier lines and ledger entries; the one that tests this rule opts in.
            deliver_on_docketing: false,
            ..Settings::default()
        };
        adjust(&mut settings);
        Self::new(store, settings, Some(dir))
    }

    /// On PostgreSQL (when configured) with adjusted settings.
    pub async fn postgres_with(adjust: impl FnOnce(&mut Settings)) -> Option<Self> {
        let (store, url) = fayuan_store_tests::postgres().await?;
        let mut settings = Settings {
            database_url: Some(url),
            deliver_on_docketing: false,
            ..Settings::default()
        };
        adjust(&mut settings);
        Some(Self::new(store, settings, None))
    }

    pub async fn sqlite() -> Self {
        Self::sqlite_with(|_| {}).await
    }

    pub async fn postgres() -> Option<Self> {
        Self::postgres_with(|_| {}).await
    }

    /// Seeds the demo court (staff for every role, verified litigants).
    pub async fn demo(&self) {
        fayuan_app::demo::seed(&self.app).await.expect("seed demo");
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(req).await.expect("router");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut req = Request::get(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub async fn json(&self, method: &str, path: &str, token: Option<&str>, body: Value) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// Logs in through the API and returns the bearer token.
    pub async fn login(&self, login: &str, password: &str) -> String {
        let totp = self.app.current_totp(login).await.ok();
        let r = self
            .json(
                "POST",
                "/api/v1/sessions",
                None,
                serde_json::json!({"login": login, "password": password, "totp": totp}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "login {login}: {}", r.body);
        r.json()["token"].as_str().unwrap().to_string()
    }

    /// Logs in through the login page and returns the session cookie (`fy_session=…`).
    pub async fn page_login(&self, login: &str, password: &str) -> String {
        let form = self.get("/login", None).await;
        let csrf = form
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.split(';')
                    .next()?
                    .strip_prefix("fy_csrf=")
                    .map(str::to_owned)
            })
            .expect("csrf cookie");
        let totp = self.app.current_totp(login).await.unwrap_or_default();
        let body = format!("login={login}&password={password}&totp={totp}&_csrf={csrf}");
        let reply = self
            .send(
                Request::post("/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, format!("fy_csrf={csrf}"))
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "page login {login}: {}",
            reply.body
        );
        reply
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.split(';')
                    .next()
                    .filter(|kv| kv.starts_with("fy_session="))
            })
            .expect("session cookie")
            .to_owned()
    }

    /// Makes an identity known to the sandbox registry.
    pub async fn known_identity(&self, number: &str, name: &str) {
        self.app
            .put_sandbox_identity(&Ctx::operator("test"), number, name)
            .await
            .unwrap();
    }
}

/// Appends the GB 11643 check character to 17 digits.
pub fn id_with_check(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// A server process of the real binary, killed when the test ends, however it ends.
pub struct Server(pub std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free local TCP port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
