//! Issue #9 (审判流程信息公开, Rules art. 9): a party follows the case with its number and the
//! query code issued at docketing — by the API and the public page, without logging in; wrong
//! codes are refused alike and throttled; a party may replace the code, voiding the old one.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use crate::delivery::page_request;
use crate::harness::{Harness, Reply};

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

async fn query(h: &Harness, case_number: &str, code: &str) -> Reply {
    h.json(
        "POST",
        "/api/v1/public/process",
        None,
        json!({"case_number": case_number, "code": code}),
    )
    .await
}

/// The code in the filer's "已登记立案" notification.
async fn code_from_inbox(h: &Harness, token: &str) -> String {
    let inbox = h.get("/api/v1/inbox", Some(token)).await.json();
    let body = inbox
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["subject"] == "已登记立案")
        .map(|n| n["body"].as_str().unwrap().to_owned())
        .expect("docketing notification");
    body.split("查询码：")
        .nth(1)
        .map(|rest| rest.chars().take(9).collect())
        .expect("code in the notification")
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

async fn process_information(h: Harness) {
    h.demo().await;
    let court = crate::filing::demo_court(&h).await;
    let zhang = h.login("13800000001", PW).await;
    let filing = crate::filing::submitted_filing(&h, &zhang, &court, false).await;
    h.clock.advance(time::Duration::seconds(31));
    let officer = h.login("filing", PW).await;
    let docketed = h
        .json(
            "POST",
            &format!("/api/v1/filings/{filing}/docket"),
            Some(&officer),
            json!({"procedure": "civil_ordinary"}),
        )
        .await
        .json();
    let case = docketed["case"]["id"].as_str().unwrap().to_owned();
    let number = docketed["case"]["case_number"].as_str().unwrap().to_owned();
    let code = code_from_inbox(&h, &zhang).await;

    // The code shows the docketed case: its steps and the time limit, nothing of the dossier.
    let shown = query(&h, &number, &code).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    let info = shown.json();
    assert_eq!(info["case_number"], number.as_str());
    assert_eq!(info["status"], "docketed");
    assert_eq!(info["procedure"], "民事一审普通程序");
    assert_eq!(info["docketed_on"], "2026-11-27");
    assert_eq!(
        info["deadline"], "2027-05-27",
        "普通程序 six months from the next day"
    );
    assert!(
        info["steps"][0]["what"]
            .as_str()
            .unwrap()
            .starts_with("立案")
    );
    assert!(!info.to_string().contains("13800000001"), "no contact data");
    // Typed in lower case with a space instead of the hyphen, it still matches.
    let typed = code.to_lowercase().replace('-', " ");
    assert_eq!(query(&h, &number, &typed).await.status, StatusCode::OK);

    // After assignment and a sitting, the judge, the sitting and the summons served appear.
    h.clock.advance(time::Duration::seconds(31));
    let chief = h.login("chief", PW).await;
    let assigned = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/assign"),
            Some(&chief),
            json!({}),
        )
        .await
        .json();
    let judge_id = assigned["judge_id"].as_str().unwrap().to_owned();
    let judge = crate::mediation::login_judge(&h, &judge_id).await;
    let rooms = h.get(&format!("/api/v1/courts/{court}"), None).await.json();
    let room = rooms["courtrooms"][0]["id"].as_str().unwrap().to_owned();
    let scheduled = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/hearings"),
            Some(&judge),
            json!({"kind": "hearing", "starts_at": "2026-12-08T09:00:00+08:00", "minutes": 60, "courtroom_id": room}),
        )
        .await;
    assert_eq!(scheduled.status, StatusCode::CREATED, "{}", scheduled.body);
    let info = query(&h, &number, &code).await.json();
    assert_eq!(info["status"], "assigned");
    assert!(
        info["judge"].as_str().is_some_and(|j| !j.is_empty()),
        "{info}"
    );
    assert_eq!(info["hearings"][0]["kind"], "开庭审理", "{info}");
    assert_eq!(info["hearings"][0]["place"], "第一法庭");
    assert!(
        info["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["title"].as_str().unwrap().contains("传票")),
        "{info}"
    );

    // A wrong code and an unknown number are refused alike; the sixth wrong try in the window
    // waits, even with the right code; later the right code works again.
    let wrong = query(&h, &number, "AAAA-AAAA").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.json()["code"], "process.wrong_code");
    let unknown = query(&h, "（2026）京0101民初99999号", &code).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.json()["detail"], wrong.json()["detail"]);
    for _ in 0..4 {
        assert_eq!(
            query(&h, &number, "AAAA-AAAA").await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let throttled = query(&h, &number, &code).await;
    assert_eq!(
        throttled.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        throttled.body
    );
    h.clock.advance(time::Duration::seconds(2));
    assert_eq!(query(&h, &number, &code).await.status, StatusCode::OK);
    let admin = h.login("admin", PW).await;
    let audit = h
        .get("/api/v1/audit-events?action=process.query", Some(&admin))
        .await
        .json();
    let outcomes: Vec<&str> = audit["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["outcome"].as_str().unwrap())
        .collect();
    assert!(
        outcomes.contains(&"denied") && outcomes.contains(&"success"),
        "{outcomes:?}"
    );

    // A new code voids the old one; only those who may read the case get one.
    let anonymous = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/query-code"),
            None,
            json!({}),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let stranger = h.login("13800000002", PW).await;
    let refused = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/query-code"),
            Some(&stranger),
            json!({}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
    let renewed = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/query-code"),
            Some(&zhang),
            json!({}),
        )
        .await;
    assert_eq!(renewed.status, StatusCode::OK, "{}", renewed.body);
    let new_code = renewed.json()["code"].as_str().unwrap().to_owned();
    assert_ne!(new_code, code);
    assert_eq!(
        query(&h, &number, &code).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(query(&h, &number, &new_code).await.status, StatusCode::OK);

    // The pages: the public form, the answer, a readable refusal; the case page renews.
    let page = h.get("/process", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = crate::dossier::csrf_of(&page.body);
    let cookie = format!("fy_csrf={csrf}");
    let post = |c: &str| {
        Request::post("/process")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie.clone())
            .body(Body::from(form(&[
                ("_csrf", &csrf),
                ("case_number", &number),
                ("code", c),
            ])))
            .unwrap()
    };
    let found = h.send(post(&new_code)).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert!(found.body.contains("开庭审理") && found.body.contains("审限届满日"));
    let refused = h.send(post("BBBB-BBBB")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("案号或查询码不正确"));
    let portal = h.get("/", None).await;
    assert!(portal.body.contains("href=\"/process\""));

    let session = h.page_login("13800000001", PW).await;
    let case_page = h
        .send(page_request(&session, &format!("/cases/{case}"), None))
        .await;
    assert!(case_page.body.contains("重新生成查询码"));
    let csrf = crate::dossier::csrf_of(&case_page.body);
    let renewed = h
        .send(page_request(
            &session,
            &format!("/cases/{case}/query-code"),
            Some(form(&[("_csrf", &csrf)])),
        ))
        .await;
    assert_eq!(renewed.status, StatusCode::OK, "{}", renewed.body);
    let page_code: String = renewed
        .body
        .split("<code>")
        .nth(1)
        .map(|rest| rest.chars().take(9).collect())
        .unwrap();
    assert_eq!(query(&h, &number, &page_code).await.status, StatusCode::OK);
    assert_eq!(
        query(&h, &number, &new_code).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

crate::on_both_backends!(
    parties_follow_their_case_with_the_query_code,
    process_information
);
