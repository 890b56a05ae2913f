//! What litigants, staff and administrators do, end to end over HTTP.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use crate::harness::{Harness, id_with_check};

const PASSWORD: &str = "Litigant-2026!";

fn person(name: &str, id: &str, phone: &str) -> serde_json::Value {
    json!({"kind": "person", "name": name, "id_number": id, "phone": phone, "password": PASSWORD})
}

/// Issue #2 acceptance: register, refuse bad identities and duplicates, log in by phone, read
/// oneself; wrong password and anonymous requests are refused.
async fn register_login_and_me(h: Harness) {
    let ok = h
        .json(
            "POST",
            "/api/v1/accounts",
            None,
            person("刘合秋", "110101199003077774", "13800138000"),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert_eq!(ok.json()["verification"], "verified");
    assert_eq!(ok.json()["id_number_masked"], "110***********7774");

    let bad_checksum = h
        .json(
            "POST",
            "/api/v1/accounts",
            None,
            person("甲", "110105194912310021", "13800138001"),
        )
        .await;
    assert_eq!(bad_checksum.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad_checksum.header("content-type"),
        "application/problem+json"
    );
    assert_eq!(bad_checksum.json()["code"], "identity.checksum");

    let impossible_date = h
        .json(
            "POST",
            "/api/v1/accounts",
            None,
            person("乙", &id_with_check("11010520230229001"), "13800138002"),
        )
        .await;
    assert_eq!(impossible_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(impossible_date.json()["code"], "identity.birth_date");

    let duplicate = h
        .json(
            "POST",
            "/api/v1/accounts",
            None,
            person("刘合秋", "110101199003077774", "13800138003"),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT, "{}", duplicate.body);
    assert_eq!(duplicate.json()["code"], "accounts.duplicate_id_number");

    let weak = h.json("POST", "/api/v1/accounts", None, json!({"kind": "person", "name": "丙", "id_number": "320311197001011230", "phone": "13800138004", "password": "short"})).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.json()["code"], "accounts.weak_password");

    let token = h.login("13800138000", PASSWORD).await;
    let me = h.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["name"], "刘合秋");

    let wrong = h
        .json(
            "POST",
            "/api/v1/sessions",
            None,
            json!({"login": "13800138000", "password": "Wrong-password-1"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let unknown = h
        .json(
            "POST",
            "/api/v1/sessions",
            None,
            json!({"login": "13999999999", "password": "Wrong-password-1"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json()["detail"],
        unknown.json()["detail"],
        "unknown user and wrong password answer alike"
    );
    assert_eq!(wrong.json()["code"], unknown.json()["code"]);

    let anonymous = h.get("/api/v1/me", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.json()["code"], "auth.required");
    let forged = h.get("/api/v1/me", Some("not-a-token")).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);

    let logout = h
        .json(
            "DELETE",
            "/api/v1/sessions/current",
            Some(&token),
            json!({}),
        )
        .await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    assert_eq!(
        h.get("/api/v1/me", Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );
}
crate::on_both_backends!(register_login_and_me_journey, register_login_and_me);

/// Organisations and lawyers register with their own identifiers; the sandbox rejects unknown
/// identities with sequence code 000 and names that do not match a known identity.
async fn organisations_lawyers_and_rejections(h: Harness) {
    let org = h.json("POST", "/api/v1/accounts", None, json!({"kind": "organisation", "name": "深圳市腾讯计算机系统有限公司", "uscc": "9144030071526726XG", "legal_representative": "马化腾", "phone": "13800138010", "password": PASSWORD})).await;
    assert_eq!(org.status, StatusCode::CREATED, "{}", org.body);
    let bad_uscc = h.json("POST", "/api/v1/accounts", None, json!({"kind": "organisation", "name": "某公司", "uscc": "9144030071526726XH", "legal_representative": "某", "phone": "13800138011", "password": PASSWORD})).await;
    assert_eq!(bad_uscc.json()["code"], "identity.checksum");
    let lawyer = h.json("POST", "/api/v1/accounts", None, json!({"kind": "lawyer", "name": "王律师", "id_number": "320311197001011230", "licence_number": "11101201810012345", "law_firm": "示范律师事务所", "phone": "13800138012", "password": PASSWORD})).await;
    assert_eq!(lawyer.status, StatusCode::CREATED, "{}", lawyer.body);
    assert_eq!(lawyer.json()["law_firm"], "示范律师事务所");

    let absent = h
        .json(
            "POST",
            "/api/v1/accounts",
            None,
            person(
                "查无此人",
                &id_with_check("11010119900307000"),
                "13800138013",
            ),
        )
        .await;
    assert_eq!(absent.status, StatusCode::CREATED);
    assert_eq!(absent.json()["verification"], "rejected");
    h.known_identity("510107200002290029", "赵二").await;
    let mismatch = h
        .json(
            "POST",
            "/api/v1/accounts",
            None,
            person("钱三", "510107200002290029", "13800138014"),
        )
        .await;
    assert_eq!(mismatch.json()["verification"], "rejected");
    let staff_kind = h
        .json(
            "POST",
            "/api/v1/accounts",
            None,
            json!({"kind": "staff", "name": "x", "phone": "13800138015", "password": PASSWORD}),
        )
        .await;
    assert_eq!(staff_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
}
crate::on_both_backends!(
    organisations_and_lawyers,
    organisations_lawyers_and_rejections
);

/// Issue #2 acceptance: a staff login without a valid TOTP code fails; a used code is not
/// accepted twice.
async fn staff_need_totp(h: Harness) {
    h.demo().await;
    let password = fayuan_app::demo::DEMO_PASSWORD;
    let without = h
        .json(
            "POST",
            "/api/v1/sessions",
            None,
            json!({"login": "judge", "password": password}),
        )
        .await;
    assert_eq!(without.status, StatusCode::UNAUTHORIZED);
    assert_eq!(without.json()["code"], "auth.totp_required");
    let wrong = h
        .json(
            "POST",
            "/api/v1/sessions",
            None,
            json!({"login": "judge", "password": password, "totp": "000000"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let code = h.app.current_totp("judge").await.unwrap();
    let right = h
        .json(
            "POST",
            "/api/v1/sessions",
            None,
            json!({"login": "judge", "password": password, "totp": code}),
        )
        .await;
    assert_eq!(right.status, StatusCode::CREATED, "{}", right.body);
    let replay = h
        .json(
            "POST",
            "/api/v1/sessions",
            None,
            json!({"login": "judge", "password": password, "totp": code}),
        )
        .await;
    assert_eq!(
        replay.status,
        StatusCode::UNAUTHORIZED,
        "a TOTP code works once"
    );
    let me = h.get("/api/v1/me", right.json()["token"].as_str()).await;
    assert_eq!(me.json()["roles"], json!(["judge"]));
}
crate::on_both_backends!(staff_login_requires_totp, staff_need_totp);

/// After 5 failures in 15 minutes, attempts are delayed (429 with Retry-After), the same for an
/// unknown login; the delay passes with time.
async fn throttling(h: Harness) {
    let r = h
        .json(
            "POST",
            "/api/v1/accounts",
            None,
            person("孙五", "110101199003077774", "13800138020"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    for _ in 0..5 {
        let r = h
            .json(
                "POST",
                "/api/v1/sessions",
                None,
                json!({"login": "13800138020", "password": "Wrong-password-1"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let throttled = h
        .json(
            "POST",
            "/api/v1/sessions",
            None,
            json!({"login": "13800138020", "password": PASSWORD}),
        )
        .await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(throttled.json()["code"], "auth.throttled");
    assert!(!throttled.header("retry-after").is_empty());
    h.clock.advance(time::Duration::seconds(2));
    h.login("13800138020", PASSWORD).await;
}
crate::on_both_backends!(login_throttling, throttling);

/// Password reset with a code sent to the verified phone (SMS sandbox); old sessions end.
async fn password_reset(h: Harness) {
    h.demo().await;
    let old = h
        .login("13800000001", fayuan_app::demo::DEMO_PASSWORD)
        .await;
    let r = h
        .json(
            "POST",
            "/api/v1/password-resets",
            None,
            json!({"login": "13800000001"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let unknown = h
        .json(
            "POST",
            "/api/v1/password-resets",
            None,
            json!({"login": "13911111111"}),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::ACCEPTED,
        "no account enumeration"
    );

    let admin = h.login("admin", fayuan_app::demo::DEMO_PASSWORD).await;
    let sms = h.get("/api/v1/sandbox/sms", Some(&admin)).await.json();
    let text = sms[0]["text"].as_str().unwrap().to_string();
    assert_eq!(sms[0]["phone"], "13800000001");
    let code: String = text
        .split("验证码")
        .nth(1)
        .unwrap()
        .chars()
        .take(6)
        .collect();

    let bad = h
        .json(
            "POST",
            "/api/v1/password-resets/confirm",
            None,
            json!({"login": "13800000001", "code": "000000", "new_password": "Brand-New-2026"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = h
        .json(
            "POST",
            "/api/v1/password-resets/confirm",
            None,
            json!({"login": "13800000001", "code": code, "new_password": "Brand-New-2026"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.body);
    assert_eq!(
        h.get("/api/v1/me", Some(&old)).await.status,
        StatusCode::UNAUTHORIZED
    );
    h.login("13800000001", "Brand-New-2026").await;
    let reuse = h
        .json(
            "POST",
            "/api/v1/password-resets/confirm",
            None,
            json!({"login": "13800000001", "code": code, "new_password": "Another-New-2026"}),
        )
        .await;
    assert_eq!(
        reuse.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a code works once"
    );

    let token = h.login("13800000001", "Brand-New-2026").await;
    let change = h
        .json(
            "POST",
            "/api/v1/me/password",
            Some(&token),
            json!({"current_password": "Brand-New-2026", "new_password": "Changed-Again-2026"}),
        )
        .await;
    assert_eq!(change.status, StatusCode::NO_CONTENT);
    h.login("13800000001", "Changed-Again-2026").await;
}
crate::on_both_backends!(password_reset_and_change, password_reset);

/// Administrators manage courts and staff; others are refused (403), and other people's accounts
/// are invisible (404).
async fn administration(h: Harness) {
    h.demo().await;
    let pw = fayuan_app::demo::DEMO_PASSWORD;
    let admin = h.login("admin", pw).await;
    let person = h.login("13800000001", pw).await;
    let judge = h.login("judge", pw).await;

    let court = h
        .json(
            "POST",
            "/api/v1/courts",
            Some(&admin),
            json!({"name": "示范市中级人民法院", "level": "intermediate", "code": "京01"}),
        )
        .await;
    assert_eq!(court.status, StatusCode::CREATED, "{}", court.body);
    let court_id = court.json()["id"].as_str().unwrap().to_string();
    let bad_code = h
        .json(
            "POST",
            "/api/v1/courts",
            Some(&admin),
            json!({"name": "某法院", "level": "basic", "code": "京01"}),
        )
        .await;
    assert_eq!(bad_code.json()["code"], "court.invalid_code");
    let dup = h
        .json(
            "POST",
            "/api/v1/courts",
            Some(&admin),
            json!({"name": "另一法院", "level": "intermediate", "code": "京01"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    let division = h
        .json(
            "POST",
            &format!("/api/v1/courts/{court_id}/divisions"),
            Some(&admin),
            json!({"name": "民事审判第一庭", "kind": "civil"}),
        )
        .await;
    assert_eq!(division.status, StatusCode::CREATED);
    let room = h
        .json(
            "POST",
            &format!("/api/v1/courts/{court_id}/courtrooms"),
            Some(&admin),
            json!({"name": "第一法庭", "tech": true}),
        )
        .await;
    assert_eq!(room.status, StatusCode::CREATED);
    let detail = h
        .get(&format!("/api/v1/courts/{court_id}"), None)
        .await
        .json();
    assert_eq!(detail["divisions"][0]["name"], "民事审判第一庭");
    assert_eq!(
        h.get("/api/v1/courts/not-an-id", None).await.status,
        StatusCode::NOT_FOUND
    );

    let staff = h.json("POST", "/api/v1/staff", Some(&admin), json!({"username": "new.judge", "name": "新法官", "court_id": court_id, "roles": ["judge"], "password": "New-Judge-2026"})).await;
    assert_eq!(staff.status, StatusCode::CREATED, "{}", staff.body);
    assert!(
        staff.json()["totp_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    let staff_id = staff.json()["account"]["id"].as_str().unwrap().to_string();
    h.login("new.judge", "New-Judge-2026").await;
    let promoted = h
        .json(
            "PATCH",
            &format!("/api/v1/staff/{staff_id}"),
            Some(&admin),
            json!({"roles": ["judge", "division_chief"]}),
        )
        .await;
    assert_eq!(promoted.json()["roles"], json!(["division_chief", "judge"]));
    let disabled = h
        .json(
            "PATCH",
            &format!("/api/v1/staff/{staff_id}"),
            Some(&admin),
            json!({"status": "disabled"}),
        )
        .await;
    assert_eq!(disabled.json()["status"], "disabled");
    let refused = h.json("POST", "/api/v1/sessions", None, json!({"login": "new.judge", "password": "New-Judge-2026", "totp": h.app.current_totp("new.judge").await.unwrap()})).await;
    assert_eq!(
        refused.status,
        StatusCode::UNAUTHORIZED,
        "disabled accounts cannot log in"
    );
    let bad_role = h
        .json(
            "PATCH",
            &format!("/api/v1/staff/{staff_id}"),
            Some(&admin),
            json!({"roles": ["king"]}),
        )
        .await;
    assert_eq!(bad_role.status, StatusCode::UNPROCESSABLE_ENTITY);

    for token in [&person, &judge] {
        assert_eq!(
            h.json(
                "POST",
                "/api/v1/courts",
                Some(token),
                json!({"name": "x", "level": "basic", "code": "京0101"})
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            h.get("/api/v1/staff", Some(token)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            h.get("/api/v1/audit-events", Some(token)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            h.get(&format!("/api/v1/accounts/{staff_id}"), Some(token))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        h.get(&format!("/api/v1/accounts/{staff_id}"), Some(&admin))
            .await
            .status,
        StatusCode::OK
    );
    let denials = h
        .get("/api/v1/audit-events?action=staff.list", Some(&admin))
        .await
        .json();
    assert!(
        denials["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["outcome"] == "denied"),
        "refusals are audited"
    );
}
crate::on_both_backends!(administration_and_authorisation, administration);

fn cookie_of(reply: &crate::harness::Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.split(';')
                .next()
                .and_then(|kv| kv.strip_prefix(&format!("{name}=")))
                .map(str::to_string)
        })
}

/// Pages: forms need the anti-CSRF token; login sets an HttpOnly session cookie; the account
/// page shows the name; the workbench is for staff.
async fn pages(h: Harness) {
    h.demo().await;
    let form = h.get("/login", None).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = cookie_of(&form, "fy_csrf").expect("csrf cookie");
    let body = format!(
        "login=13800000001&password={}&totp=",
        fayuan_app::demo::DEMO_PASSWORD
    );

    let post = |cookie: String, body: String| {
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap()
    };
    let no_token = h.send(post(format!("fy_csrf={csrf}"), body.clone())).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let wrong_token = h
        .send(post(format!("fy_csrf={csrf}"), format!("{body}&_csrf=00")))
        .await;
    assert_eq!(wrong_token.status, StatusCode::FORBIDDEN);
    let cross_site = h
        .send(
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("fy_csrf={csrf}"))
                .header(header::HOST, "court.example")
                .header(header::ORIGIN, "https://evil.example")
                .body(Body::from(format!("{body}&_csrf={csrf}")))
                .unwrap(),
        )
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);

    let ok = h
        .send(post(
            format!("fy_csrf={csrf}"),
            format!("{body}&_csrf={csrf}"),
        ))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let set_cookie = ok
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("fy_session="))
        .unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"));
    let session = cookie_of(&ok, "fy_session").unwrap();

    let account = h
        .send(
            Request::get("/account")
                .header(header::COOKIE, format!("fy_session={session}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(
        account.body.contains("张三") && account.body.contains("已认证"),
        "{}",
        account.body
    );
    let workbench = h
        .send(
            Request::get("/staff")
                .header(header::COOKIE, format!("fy_session={session}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(workbench.status, StatusCode::FORBIDDEN);
    let anonymous_account = h.get("/account", None).await;
    assert_eq!(anonymous_account.status, StatusCode::SEE_OTHER);

    let bad_register = h.send(
        Request::post("/register").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").header(header::COOKIE, format!("fy_csrf={csrf}"))
            .body(Body::from(format!("_csrf={csrf}&kind=person&name=%E7%94%B2&id_number=110105194912310021&phone=13800138099&password=Abcdefg-1234"))).unwrap(),
    ).await;
    assert_eq!(bad_register.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_register.body.contains("校验码不正确") && bad_register.body.contains("13800138099"),
        "the form keeps what was typed"
    );

    let english = h
        .send(
            Request::get("/")
                .header(header::COOKIE, "fy_lang=en")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        english.body.contains("<html lang=\"en\">")
            && english.body.contains("Court Online Services")
    );
}
crate::on_both_backends!(pages_and_csrf, pages);

/// The second factor is optional for the public: offered, confirmed with a code, then required at
/// login; it can be turned off with the password. Staff cannot turn theirs off.
async fn optional_totp(h: Harness) {
    h.demo().await;
    let pw = fayuan_app::demo::DEMO_PASSWORD;
    let token = h.login("13800000002", pw).await;
    let offer = h
        .json("POST", "/api/v1/me/totp", Some(&token), json!({}))
        .await
        .json();
    let secret = offer["secret"].as_str().unwrap().to_string();
    let wrong = h
        .json(
            "POST",
            "/api/v1/me/totp/confirm",
            Some(&token),
            json!({"secret": secret, "code": "000000"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bytes = fayuan_core::totp::from_base32(&secret).unwrap();
    let now = h.app.clock.now().unix_timestamp();
    let ok = h
        .json(
            "POST",
            "/api/v1/me/totp/confirm",
            Some(&token),
            json!({"secret": secret, "code": fayuan_core::totp::code_at(&bytes, now)}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.body);
    let without = h
        .json(
            "POST",
            "/api/v1/sessions",
            None,
            json!({"login": "13800000002", "password": pw}),
        )
        .await;
    assert_eq!(without.json()["code"], "auth.totp_required");
    h.clock.advance(time::Duration::seconds(60));
    let again = h.login("13800000002", pw).await;
    let off = h
        .json(
            "POST",
            "/api/v1/me/totp/disable",
            Some(&again),
            json!({"password": pw}),
        )
        .await;
    assert_eq!(off.status, StatusCode::NO_CONTENT);
    let plain = h
        .json(
            "POST",
            "/api/v1/sessions",
            None,
            json!({"login": "13800000002", "password": pw}),
        )
        .await;
    assert_eq!(plain.status, StatusCode::CREATED);

    let judge = h.login("judge", pw).await;
    let refused = h
        .json(
            "POST",
            "/api/v1/me/totp/disable",
            Some(&judge),
            json!({"password": pw}),
        )
        .await;
    assert_eq!(refused.json()["code"], "accounts.totp_mandatory");
}
crate::on_both_backends!(optional_totp_for_the_public, optional_totp);
