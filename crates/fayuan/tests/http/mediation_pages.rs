//! The 在线调解 pages over HTTP, on both backends: the public roster, 我的调解, the room and its
//! forms (choosing the mediator, messages with the live stream, the settlement signed to
//! effect), the invitation answered with the texted code, the statistics, and the buttons on
//! the filing and case pages. Every form works without JavaScript: post, then 303.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::delivery::page_request;
use crate::dossier::csrf_of;
use crate::filing::{assigned_case, complete_filing, demo_court};
use crate::harness::{Harness, Reply};

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

/// A 40×12 grey PNG as the signature pad sends it.
const HANDWRITING: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACgAAAAMCAAAAAA1qKCRAAAAJElEQVR4nGNg+A8GBCli1aGQ1DGWgVjzGIi1l4FY9zEMp+ABAMzCmnT71sDBAAAAAElFTkSuQmCC";

/// A form body (`application/x-www-form-urlencoded`).
fn form(pairs: &[(&str, &str)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// GETs a page with a session cookie.
async fn page(h: &Harness, cookie: &str, path: &str) -> Reply {
    h.send(page_request(cookie, path, None)).await
}

/// Posts a form of the page at `from` (with its CSRF token) to `to`.
async fn submit(h: &Harness, cookie: &str, from: &str, to: &str, fields: &[(&str, &str)]) -> Reply {
    let shown = page(h, cookie, from).await;
    assert_eq!(shown.status, StatusCode::OK, "{from}: {}", shown.body);
    let csrf = csrf_of(&shown.body);
    let mut pairs = vec![("_csrf", csrf.as_str())];
    pairs.extend_from_slice(fields);
    h.send(page_request(cookie, to, Some(form(&pairs)))).await
}

/// Asserts a form was taken: 303 to a page under `prefix`.
fn redirected(reply: &Reply, prefix: &str) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let to = reply.header("location").to_owned();
    assert!(to.starts_with(prefix), "{to}");
    to
}

/// The invitation code texted to 李四 for this mediation.
async fn invitation_code(h: &Harness, mediation: &str) -> String {
    let sms = h
        .app
        .sandbox_sms(&fayuan_app::Ctx::operator("test"), 50)
        .await
        .unwrap();
    let text = &sms
        .iter()
        .find(|m| m.phone == "13800000002" && m.text.contains(mediation))
        .unwrap_or_else(|| panic!("no invitation for {mediation}"))
        .text;
    text.split("邀请码")
        .nth(1)
        .unwrap()
        .chars()
        .take(10)
        .collect()
}

/// 张三 files against 李四 (with consent) and the filing division diverts it; returns the
/// mediation's id.
async fn diverted(h: &Harness, court: &str) -> String {
    let zhang = h.login("13800000001", PW).await;
    let officer = h.login("filing", PW).await;
    let mut filing = complete_filing(court, true);
    filing["parties"][1] = json!({"role": "defendant", "kind": "person", "name": "李四", "id_number": "320311197001011230", "address": "江苏省徐州市示范路3号", "phone": "13800000002"});
    let created = h
        .json("POST", "/api/v1/filings", Some(&zhang), filing)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    for (path, token) in [("submit", &zhang), ("divert", &officer)] {
        let r = h
            .json(
                "POST",
                &format!("/api/v1/filings/{id}/{path}"),
                Some(token),
                json!({}),
            )
            .await;
        assert!(r.status.is_success(), "{path}: {}", r.body);
    }
    let mine: Value = h.get("/api/v1/mediations", Some(&zhang)).await.json();
    mine[0]["id"].as_str().unwrap().to_owned()
}

/// Shares a file through the room's upload form (`_csrf` first, as the page sends it).
async fn share(h: &Harness, cookie: &str, room: &str, title: &str, file: Vec<u8>) -> Reply {
    let shown = page(h, cookie, room).await;
    let csrf = csrf_of(&shown.body);
    let boundary = "mediation-pages-boundary";
    let mut body = Vec::new();
    for (name, value) in [
        ("_csrf", csrf.as_str()),
        ("kind", "evidence"),
        ("title", title),
    ] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"iou.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(&file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    h.send(
        Request::post(format!("{room}/materials"))
            .header(header::COOKIE, cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// The text of the period shown in the room.
fn period(html: &str) -> String {
    html.split("<dt>调解期限</dt><dd>")
        .nth(1)
        .and_then(|rest| rest.split("</dd>").next())
        .unwrap_or_default()
        .to_owned()
}

/// Reads the event stream until `needle` arrives (or fails after a few seconds).
async fn stream_until(body: &mut Body, seen: &mut String, needle: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !seen.contains(needle) {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .unwrap_or_else(|_| panic!("no {needle} on the stream; got {seen}"))
            .expect("stream ended")
            .expect("frame");
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
}

async fn mediation_pages(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;

    // The public roster lists the court's organisation and mediator without logging in.
    let roster = h.get("/mediators", None).await;
    assert_eq!(roster.status, StatusCode::OK, "{}", roster.body);
    assert!(
        roster.body.contains("卫调解") && roster.body.contains("人民调解委员会"),
        "{}",
        roster.body
    );
    assert!(
        !roster.body.contains("聘任调解员"),
        "no forms for the public"
    );
    assert_eq!(
        h.get(&format!("/mediators?court={court}"), None)
            .await
            .status,
        StatusCode::OK
    );
    let mediator_id = h
        .get(&format!("/api/v1/courts/{court}/mediation-roster"), None)
        .await
        .json()["mediators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "卫调解")
        .unwrap()["account_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // A diverted filing is in 张三's 我的调解.
    let room = diverted(&h, &court).await;
    let path = format!("/mediations/{room}");
    let zhang = h.page_login("13800000001", PW).await;
    let mine = page(&h, &zhang, "/mediations").await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert!(
        mine.body.contains(&format!("href=\"{path}\""))
            && mine.body.contains("民诉前调")
            && mine.body.contains("征询调解意愿"),
        "{}",
        mine.body
    );
    assert!(
        mine.body.contains("href=\"/mediations\""),
        "the nav links it"
    );

    // The room shows the parties, never their identity numbers or phones.
    let shown = page(&h, &zhang, &path).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert!(
        shown.body.contains("李四") && shown.body.contains("待答复"),
        "{}",
        shown.body
    );
    for secret in ["320311197001011230", "13800000002", "110101199003077774"] {
        assert!(!shown.body.contains(secret), "{secret} leaked");
    }
    assert!(
        shown
            .body
            .contains("<script src=\"/static/mediation.js\" defer>")
    );
    assert!(!shown.body.contains("<script>"), "no inline script");
    let script = h.get("/static/mediation.js", None).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.header("content-type").starts_with("text/javascript"));

    // A stranger reads a readable 404; so does 李四 before answering, with the way to the code.
    let stranger = h.page_login("13800000003", PW).await;
    let refused = page(&h, &stranger, &path).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(refused.body.contains("邀请码"), "{}", refused.body);
    let li = h.page_login("13800000002", PW).await;
    assert_eq!(page(&h, &li, &path).await.status, StatusCode::NOT_FOUND);

    // 李四 answers through the invitation page with the texted code.
    let invitation = format!("{path}/invitation");
    let wrong = submit(&h, &li, &invitation, &invitation, &[("code", "AAAAAAAAAA")]).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert!(wrong.body.contains("邀请码不正确"), "{}", wrong.body);
    let code = invitation_code(&h, &room).await;
    let summary = submit(&h, &li, &invitation, &invitation, &[("code", &code)]).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.body);
    assert!(
        summary.body.contains("张三") && summary.body.contains("同意调解"),
        "{}",
        summary.body
    );
    let csrf = csrf_of(&summary.body);
    let answered = h
        .send(page_request(
            &li,
            &format!("{path}/answer"),
            Some(form(&[
                ("_csrf", &csrf),
                ("code", &code),
                ("accept", "yes"),
            ])),
        ))
        .await;
    redirected(&answered, &format!("{path}?done=answered"));
    let entered = page(&h, &li, &path).await;
    assert_eq!(entered.status, StatusCode::OK, "{}", entered.body);
    assert!(entered.body.contains("确定调解员"), "{}", entered.body);

    // Both choose the court's mediator from the room, who accepts there.
    for cookie in [&zhang, &li] {
        let chose = submit(
            &h,
            cookie,
            &path,
            &format!("{path}/choice"),
            &[("mediator", &mediator_id)],
        )
        .await;
        redirected(&chose, &path);
    }
    h.clock.advance(time::Duration::seconds(31));
    let mediator = h.page_login("mediator", PW).await;
    let asked = page(&h, &mediator, &path).await;
    assert!(asked.body.contains("接受委派"), "{}", asked.body);
    let accepted = submit(&h, &mediator, &path, &format!("{path}/acceptance"), &[]).await;
    redirected(&accepted, &path);

    // A message posted through the room's form is on the page after the redirect.
    let posted = submit(
        &h,
        &zhang,
        &path,
        &format!("{path}/messages"),
        &[("thread", "main"), ("body", "我方同意分期还款。")],
    )
    .await;
    redirected(&posted, &format!("{path}#m"));
    assert!(
        page(&h, &li, &path)
            .await
            .body
            .contains("我方同意分期还款。"),
        "the other side reads it"
    );
    // A caucus stays between its side and the mediator; another side's is not there at all.
    let caucus = submit(
        &h,
        &zhang,
        &path,
        &format!("{path}/messages"),
        &[("thread", "caucus_plaintiff"), ("body", "底线是八万元。")],
    )
    .await;
    redirected(&caucus, &path);
    assert!(
        page(&h, &mediator, &path)
            .await
            .body
            .contains("底线是八万元。")
    );
    assert!(!page(&h, &li, &path).await.body.contains("底线是八万元。"));
    let intruding = submit(
        &h,
        &li,
        &path,
        &format!("{path}/messages"),
        &[("thread", "caucus_plaintiff"), ("body", "看看")],
    )
    .await;
    assert_eq!(intruding.status, StatusCode::NOT_FOUND);

    // The page's event stream (authenticated by the cookie) brings the messages 李四 reads, then
    // new ones live.
    let events = h
        .router
        .clone()
        .oneshot(page_request(&li, &format!("{path}/events"), None))
        .await
        .unwrap();
    assert_eq!(events.status(), StatusCode::OK);
    assert_eq!(events.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut stream = events.into_body();
    let mut seen = String::new();
    let live = submit(
        &h,
        &mediator,
        &path,
        &format!("{path}/messages"),
        &[("thread", "main"), ("body", "请双方提出方案。")],
    )
    .await;
    redirected(&live, &path);
    stream_until(&mut stream, &mut seen, "请双方提出方案。").await;
    assert!(
        seen.contains("event: message") && seen.contains("\"thread\":\"main\""),
        "{seen}"
    );
    assert!(!seen.contains("底线"), "no caucus of another side: {seen}");
    drop(stream);

    // A party shares a file through the room's upload form; the other side can read it.
    let shared = share(&h, &zhang, &path, "借条", crate::dossier::pdf("借条")).await;
    redirected(&shared, &format!("{path}?done=saved"));
    let listed = page(&h, &li, &path).await;
    let iou = listed
        .body
        .split(&format!("{path}/materials/"))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the shared file is listed")
        .to_owned();
    assert!(listed.body.contains("借条"), "{}", listed.body);
    let read = page(&h, &li, &format!("{path}/materials/{iou}")).await;
    assert_eq!(read.status, StatusCode::OK);
    // The mediator keeps the record, one paragraph per line; the parties read it.
    let recorded = submit(
        &h,
        &mediator,
        &path,
        &format!("{path}/record"),
        &[("text", "双方当事人均在线参加调解。\n张三陈述借款经过。")],
    )
    .await;
    redirected(&recorded, &path);
    assert!(
        page(&h, &zhang, &path)
            .await
            .body
            .contains("<p>张三陈述借款经过。</p>")
    );
    // The mediator schedules a session partly at the court; the parties see it; a place is
    // needed unless everyone joins by video.
    let sessions = format!("{path}/sessions");
    let no_place = submit(
        &h,
        &mediator,
        &path,
        &sessions,
        &[
            ("starts_at", "2026-12-01T09:30"),
            ("minutes", "60"),
            ("mode", "on_site"),
        ],
    )
    .await;
    assert_eq!(
        no_place.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        no_place.body
    );
    redirected(
        &submit(
            &h,
            &mediator,
            &path,
            &sessions,
            &[
                ("starts_at", "2026-12-01T09:30"),
                ("minutes", "60"),
                ("mode", "mixed"),
                ("place", "诉讼服务中心调解室"),
            ],
        )
        .await,
        &path,
    );
    let shown = page(&h, &li, &path).await.body;
    assert!(
        shown.contains("2026-12-01 09:30") && shown.contains("诉讼服务中心调解室"),
        "{shown}"
    );
    assert!(
        !shown.contains("/sessions/1/cancellation"),
        "only the mediator cancels"
    );

    // The mediator proposes ten more days; the period changes when both parties agreed.
    let before = period(&page(&h, &zhang, &path).await.body);
    let extension = format!("{path}/extension");
    redirected(
        &submit(&h, &mediator, &path, &extension, &[("days", "10")]).await,
        &path,
    );
    let proposed = page(&h, &zhang, &path).await;
    assert!(proposed.body.contains("同意延长"), "{}", proposed.body);
    for cookie in [&zhang, &li] {
        redirected(
            &submit(&h, cookie, &path, &extension, &[("days", "10")]).await,
            &path,
        );
    }
    let extended = page(&h, &zhang, &path).await;
    assert_ne!(period(&extended.body), before, "{}", extended.body);
    assert!(!extended.body.contains("已提议延长"));

    // The mediator drafts the settlement from the template, edits it and signs it; a wrong
    // password is refused readably; then both parties sign and it takes effect.
    let drafted = submit(&h, &mediator, &path, &format!("{path}/settlement"), &[]).await;
    redirected(&drafted, &path);
    assert!(page(&h, &mediator, &path).await.body.contains("上列当事人"));
    let text = "申请人：张三。\n被申请人：李四。\n上列当事人因民间借贷纠纷一案，经调解，自愿达成如下协议：\n一、李四于2027年6月30日前分期向张三支付借款本金100000元。\n本协议自各方当事人均完成电子签章之时起发生法律效力。";
    let edited = submit(
        &h,
        &mediator,
        &path,
        &format!("{path}/settlement"),
        &[("text", text)],
    )
    .await;
    redirected(&edited, &path);
    let signing = format!("{path}/settlement/signatures");
    let bad = submit(&h, &mediator, &path, &signing, &[("password", "wrong")]).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED, "{}", bad.body);
    assert!(bad.body.contains("notice error"), "{}", bad.body);
    let signed = submit(
        &h,
        &mediator,
        &path,
        &signing,
        &[("password", PW), ("handwriting", HANDWRITING)],
    )
    .await;
    redirected(&signed, &format!("{path}?done=signed"));
    let to_sign = page(&h, &zhang, &path).await;
    assert!(
        to_sign.body.contains("拒绝签章") && to_sign.body.contains("分期向张三支付"),
        "{}",
        to_sign.body
    );
    for cookie in [&zhang, &li] {
        redirected(
            &submit(&h, cookie, &path, &signing, &[("password", PW)]).await,
            &path,
        );
    }
    let settled = page(&h, &zhang, &path).await;
    assert!(
        settled.body.contains("达成调解协议") && settled.body.contains("申请司法确认"),
        "{}",
        settled.body
    );
    let agreement = settled
        .body
        .split("id=\"settlement\"")
        .nth(1)
        .and_then(|section| section.split(&format!("{path}/materials/")).nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the signed agreement")
        .to_owned();
    let pdf = page(&h, &zhang, &format!("{path}/materials/{agreement}")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF"));

    // The filing division's statistics count it.
    let filing = h.page_login("filing", PW).await;
    let stats = page(&h, &filing, "/mediations/statistics").await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.body);
    assert!(
        stats.body.contains("成功率")
            && stats.body.contains("卫调解")
            && stats.body.contains("100.0%"),
        "{}",
        stats.body
    );
    assert_eq!(
        page(&h, &zhang, "/mediations/statistics").await.status,
        StatusCode::FORBIDDEN
    );
    // ... and see the forms that keep the roster.
    assert!(
        page(&h, &filing, "/mediators")
            .await
            .body
            .contains("聘任调解员")
    );
}

crate::on_both_backends!(mediation_through_the_pages, mediation_pages);

async fn starting_from_pages(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;

    // The applicant applies for pre-filing mediation from its draft's page.
    let zhang_api = h.login("13800000001", PW).await;
    let created = h
        .json(
            "POST",
            "/api/v1/filings",
            Some(&zhang_api),
            complete_filing(&court, false),
        )
        .await;
    let filing = created.json()["id"].as_str().unwrap().to_owned();
    let zhang = h.page_login("13800000001", PW).await;
    let shown = format!("/filings/{filing}");
    assert!(page(&h, &zhang, &shown).await.body.contains("申请诉前调解"));
    let applied = submit(&h, &zhang, &shown, &format!("{shown}/mediation"), &[]).await;
    let shown_room = redirected(&applied, "/mediations/");
    let room = shown_room.split('?').next().unwrap().to_owned();
    let opened = page(&h, &zhang, &shown_room).await;
    assert!(
        opened.body.contains("已申请诉前调解") && opened.body.contains("撤回调解申请"),
        "{}",
        opened.body
    );
    assert!(
        !page(&h, &zhang, &shown)
            .await
            .body
            .contains("申请诉前调解</button>"),
        "once diverted it is offered no more"
    );
    let again = submit(&h, &zhang, &shown, &format!("{shown}/mediation"), &[]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("诉前调解"), "{}", again.body);
    // The applicant withdraws it from the room.
    let withdrawn = submit(&h, &zhang, &room, &format!("{room}/withdrawal"), &[]).await;
    redirected(&withdrawn, &room);
    assert!(page(&h, &zhang, &room).await.body.contains("已撤回"));

    // The judge starts a mediation from the case page, where it is then listed.
    let (case, _, judge_name) = assigned_case(&h).await;
    h.clock.advance(time::Duration::seconds(31));
    let judge = h.page_login(&judge_name, PW).await;
    let case_page = format!("/staff/cases/{case}");
    assert!(
        page(&h, &judge, &case_page)
            .await
            .body
            .contains("发起诉中调解")
    );
    let started = submit(
        &h,
        &judge,
        &case_page,
        &format!("{case_page}/mediations"),
        &[],
    )
    .await;
    let mediation = redirected(&started, "/mediations/");
    let id = mediation
        .trim_start_matches("/mediations/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let listed = page(&h, &judge, &case_page).await;
    assert!(
        listed.body.contains(&format!("/mediations/{id}")) && listed.body.contains("征询调解意愿"),
        "{}",
        listed.body
    );
    // While it is open no second one is offered, and one posted anyway is refused readably.
    assert!(!listed.body.contains("发起诉中调解</button>"));
    let twice = submit(
        &h,
        &judge,
        &case_page,
        &format!("{case_page}/mediations"),
        &[],
    )
    .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.body.contains("进行中的调解"), "{}", twice.body);
}

crate::on_both_backends!(mediation_started_from_pages, starting_from_pages);
