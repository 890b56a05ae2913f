//! Issue #3: online filing to docket, end to end over HTTP, on both backends.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fayuan_domain::fees::PaymentStatus;
use serde_json::{Value, json};

use crate::harness::Harness;

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

pub(crate) async fn demo_court(h: &Harness) -> String {
    h.get("/api/v1/courts", None).await.json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

pub(crate) fn complete_filing(court: &str, consent: bool) -> Value {
    json!({
        "court_id": court,
        "category": "civil_first_instance",
        "cause": "民间借贷纠纷",
        "procedure_requested": "civil_ordinary",
        "parties": [
            {"role": "plaintiff", "kind": "person", "name": "张三", "id_number": "110101199003077774", "address": "北京市东城区示范路1号", "phone": "13800000001"},
            {"role": "defendant", "kind": "person", "name": "王五", "address": "北京市西城区示范路2号"}
        ],
        "claims": [{"text": "判令被告返还借款本金100000元", "amount_fen": 10_000_000}],
        "facts": "2025年1月1日被告向原告借款100000元，约定一年内归还，至今未还。",
        "materials": [
            {"kind": "complaint", "title": "民事起诉状"},
            {"kind": "identity_proof", "title": "原告身份证"},
            {"kind": "evidence_list", "title": "借条及转账记录"}
        ],
        "consents_to_mediation": consent
    })
}

/// Files, submits and returns the filing id (as 张三).
pub(crate) async fn submitted_filing(
    h: &Harness,
    token: &str,
    court: &str,
    consent: bool,
) -> String {
    let created = h
        .json(
            "POST",
            "/api/v1/filings",
            Some(token),
            complete_filing(court, consent),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_string();
    let submitted = h
        .json(
            "POST",
            &format!("/api/v1/filings/{id}/submit"),
            Some(token),
            json!({}),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    id
}

/// The PDF of the court document titled `title` among a filing's materials (as the applicant
/// sees them).
async fn filed_document(h: &Harness, token: &str, filing: &str, title: &str) -> Vec<u8> {
    let materials = h
        .get(&format!("/api/v1/filings/{filing}/materials"), Some(token))
        .await
        .json();
    let document = materials
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["title"] == title && m["kind"] == "court_document")
        .unwrap_or_else(|| panic!("no {title} in {materials}"));
    let pdf = h
        .get(document["content_url"].as_str().unwrap(), Some(token))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    pdf.bytes
}

/// Files, dockets (ordinary procedure) and assigns a case through the demo's litigant, filing
/// officer and division chief; returns the case id, the docketing reply and the username of the
/// judge in charge.
pub(crate) async fn assigned_case(h: &Harness) -> (String, Value, String) {
    let court = demo_court(h).await;
    let litigant = h.login("13800000001", PW).await;
    let officer = h.login("filing", PW).await;
    let chief = h.login("chief", PW).await;
    let id = submitted_filing(h, &litigant, &court, false).await;
    let docket = format!("/api/v1/filings/{id}/docket");
    let docketed = h
        .json(
            "POST",
            &docket,
            Some(&officer),
            json!({"procedure": "civil_ordinary"}),
        )
        .await
        .json();
    let case_id = docketed["case"]["id"].as_str().unwrap().to_string();
    let assign = format!("/api/v1/cases/{case_id}/assign");
    let assigned = h
        .json("POST", &assign, Some(&chief), json!({}))
        .await
        .json();
    let admin = h.login("admin", PW).await;
    let judge = format!(
        "/api/v1/accounts/{}",
        assigned["judge_id"].as_str().unwrap()
    );
    let username = h.get(&judge, Some(&admin)).await.json()["username"]
        .as_str()
        .unwrap()
        .to_string();
    (case_id, docketed, username)
}

/// The acceptance journey of issue #3: file → correction → correct → docket → case number →
/// fee notice → sandbox payment → assignment → the judge sees the time limit → closure.
async fn journey(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let officer = h.login("filing", PW).await;
    let chief = h.login("chief", PW).await;

    // A draft missing its materials is saved, says what is missing, and cannot be submitted.
    let mut body = complete_filing(&court, false);
    body["materials"] = json!([]);
    let draft = h
        .json("POST", "/api/v1/filings", Some(&litigant), body)
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);
    let id = draft.json()["id"].as_str().unwrap().to_string();
    assert!(
        draft.json()["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().contains("起诉状"))
    );
    let early = h
        .json(
            "POST",
            &format!("/api/v1/filings/{id}/submit"),
            Some(&litigant),
            json!({}),
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(early.json()["code"], "filing.incomplete");

    // Completed and submitted; the officer sees it with its 7-day decision period.
    let patched = h
        .json(
            "PATCH",
            &format!("/api/v1/filings/{id}"),
            Some(&litigant),
            complete_filing(&court, false),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert!(patched.json()["missing"].as_array().unwrap().is_empty());
    assert_eq!(
        h.json(
            "POST",
            &format!("/api/v1/filings/{id}/submit"),
            Some(&litigant),
            json!({})
        )
        .await
        .json()["status"],
        "submitted"
    );
    let queue = h.get("/api/v1/filing-queue", Some(&officer)).await.json();
    let entry = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["filing"]["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(entry["submitted_on"], "2026-11-27");
    assert_eq!(
        entry["decide_by"], "2026-12-04",
        "7 days from the day after submission"
    );
    assert_eq!(entry["overdue"], false);

    // Correction requested; the applicant is told; corrects and resubmits.
    let corrected = h
        .json(
            "POST",
            &format!("/api/v1/filings/{id}/request-correction"),
            Some(&officer),
            json!({"note": "请补充借条原件照片"}),
        )
        .await;
    assert_eq!(
        corrected.json()["status"],
        "correction_requested",
        "{}",
        corrected.body
    );
    let inbox = h.get("/api/v1/inbox", Some(&litigant)).await.json();
    assert!(
        inbox
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["body"].as_str().unwrap().contains("请补充借条原件照片"))
    );
    let notice = filed_document(&h, &litigant, &id, "补正通知书").await;
    assert!(crate::delivery::pdf_has_text(&notice, "请补充借条原件照片"));
    let mut body = complete_filing(&court, false);
    body["materials"]
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "other", "title": "借条原件照片"}));
    assert_eq!(
        h.json(
            "PATCH",
            &format!("/api/v1/filings/{id}"),
            Some(&litigant),
            body
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        h.json(
            "POST",
            &format!("/api/v1/filings/{id}/submit"),
            Some(&litigant),
            json!({})
        )
        .await
        .json()["status"],
        "submitted"
    );

    // Docketed: case number, fee notice of 2300.00 元 (诉讼费用交纳办法 art. 13: 100000 元 → 2300).
    let docketed = h
        .json(
            "POST",
            &format!("/api/v1/filings/{id}/docket"),
            Some(&officer),
            json!({"procedure": "civil_ordinary"}),
        )
        .await;
    assert_eq!(docketed.status, StatusCode::CREATED, "{}", docketed.body);
    let docketed = docketed.json();
    assert_eq!(docketed["case"]["case_number"], "（2026）京0199民初1号");
    let notice = &docketed["fee_notice"];
    assert_eq!(notice["total_fen"], 230_000);
    assert_eq!(notice["total_yuan"], "2300.00");
    assert_eq!(notice["due_on"], "2026-12-04");
    let case_id = docketed["case"]["id"].as_str().unwrap().to_string();
    let notice_id = notice["id"].as_str().unwrap().to_string();
    assert_eq!(
        h.get(&format!("/api/v1/filings/{id}"), Some(&litigant))
            .await
            .json()["case_id"],
        case_id.as_str()
    );
    let again = h
        .json(
            "POST",
            &format!("/api/v1/filings/{id}/docket"),
            Some(&officer),
            json!({"procedure": "civil_ordinary"}),
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a docketed application is not docketed twice"
    );

    // Payment: idempotent creation, forged callback refused, sandbox callback settles, replay ignored.
    let pay = |key: &'static str| {
        Request::post(format!("/api/v1/fee-notices/{notice_id}/payments"))
            .header(header::AUTHORIZATION, format!("Bearer {litigant}"))
            .header("idempotency-key", key)
            .body(Body::empty())
            .unwrap()
    };
    let first = h.send(pay("pay-1")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let second = h.send(pay("pay-1")).await;
    assert_eq!(
        first.json()["payment"]["id"],
        second.json()["payment"]["id"]
    );
    let payment_id: fayuan_core::id::PaymentId = first.json()["payment"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        first.json()["checkout_url"]
            .as_str()
            .unwrap()
            .starts_with("/sandbox/pay/")
    );

    let forged_body = json!({"payment_id": payment_id.to_string(), "amount_fen": 230_000, "status": "succeeded", "gateway_ref": "X"}).to_string();
    let forged = h
        .send(
            Request::post("/api/v1/payments/callback")
                .header("x-payment-signature", "00".repeat(32))
                .body(Body::from(forged_body))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(forged.json()["code"], "fees.bad_signature");

    let payment = h
        .app
        .payment(&fayuan_app::Ctx::operator("test"), payment_id)
        .await
        .unwrap()
        .payment;
    let (body, signature) = h.app.payments.sandbox_callback(&payment, true).unwrap();
    let callback = || {
        Request::post("/api/v1/payments/callback")
            .header("x-payment-signature", signature.clone())
            .body(Body::from(body.clone()))
            .unwrap()
    };
    let settled = h.send(callback()).await;
    assert_eq!(settled.status, StatusCode::OK, "{}", settled.body);
    assert_eq!(settled.json()["status"], PaymentStatus::Succeeded.as_str());
    let replay = h.send(callback()).await;
    assert_eq!(replay.status, StatusCode::OK);
    assert_eq!(
        replay.json()["settled_at"],
        settled.json()["settled_at"],
        "a replay changes nothing"
    );
    let fees = h
        .get(&format!("/api/v1/cases/{case_id}/fees"), Some(&litigant))
        .await
        .json();
    assert_eq!(fees[0]["status"], "paid");
    assert_eq!(
        h.send(pay("pay-2")).await.status,
        StatusCode::CONFLICT,
        "a paid notice is not paid twice"
    );

    let admin = h.login("admin", PW).await;
    let audit = h
        .get("/api/v1/audit-events?action=fees.callback", Some(&admin))
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
        "forged and replayed callbacks are audited: {outcomes:?}"
    );

    // Assignment by the chief; the judge sees the case with its time limit; closes it.
    let assigned = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case_id}/assign"),
            Some(&chief),
            json!({}),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    let judge_id = assigned.json()["judge_id"].as_str().unwrap().to_string();
    assert!(
        assigned.json()["assignment_reason"]
            .as_str()
            .unwrap()
            .contains("自动分案")
    );
    let judge_login = if h
        .get(&format!("/api/v1/accounts/{judge_id}"), Some(&admin))
        .await
        .json()["username"]
        == "judge"
    {
        "judge"
    } else {
        "judge2"
    };
    let judge = h.login(judge_login, PW).await;
    let mine = h.get("/api/v1/cases", Some(&judge)).await.json();
    assert_eq!(mine[0]["case_number"], "（2026）京0199民初1号");
    let file = h
        .get(&format!("/api/v1/cases/{case_id}"), Some(&judge))
        .await
        .json();
    assert_eq!(
        file["time_limit"]["deadline"], "2027-05-27",
        "6 months (民事诉讼法 art. 152) from 2026-11-27"
    );
    assert_eq!(file["time_limit"]["days_left"], 181);

    let outsider = h.login("13800000002", PW).await;
    assert_eq!(
        h.get(&format!("/api/v1/cases/{case_id}"), Some(&outsider))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let not_in_charge = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case_id}/close"),
            Some(&chief),
            json!({"mode": "judgment"}),
        )
        .await;
    assert_eq!(not_in_charge.status, StatusCode::FORBIDDEN);
    let closed = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case_id}/close"),
            Some(&judge),
            json!({"mode": "judgment"}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    assert_eq!(closed.json()["status"], "closed");
    assert_eq!(closed.json()["closure_mode"], "judgment");
    let archivist = h.login("archivist", PW).await;
    assert_eq!(
        h.json(
            "POST",
            &format!("/api/v1/cases/{case_id}/archive"),
            Some(&judge),
            json!({})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let archived = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case_id}/archive"),
            Some(&archivist),
            json!({}),
        )
        .await;
    assert_eq!(archived.json()["status"], "archived", "{}", archived.body);
}
crate::on_both_backends!(filing_to_docket_journey, journey);

/// Refusal, diversion to pre-filing mediation, and who may do what.
async fn other_decisions(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let officer = h.login("filing", PW).await;
    let judge = h.login("judge", PW).await;

    let refused = submitted_filing(&h, &litigant, &court, false).await;
    assert_eq!(
        h.json(
            "POST",
            &format!("/api/v1/filings/{refused}/refuse"),
            Some(&officer),
            json!({"note": ""})
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        h.json(
            "POST",
            &format!("/api/v1/filings/{refused}/docket"),
            Some(&judge),
            json!({"procedure": "civil_ordinary"})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        h.json(
            "POST",
            &format!("/api/v1/filings/{refused}/docket"),
            Some(&litigant),
            json!({"procedure": "civil_ordinary"})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let r = h
        .json(
            "POST",
            &format!("/api/v1/filings/{refused}/refuse"),
            Some(&officer),
            json!({"note": "不属于人民法院受理民事诉讼的范围"}),
        )
        .await;
    assert_eq!(r.json()["status"], "refused");
    // The refusal is a ruling with a number of its own, filed for the applicant to keep.
    let ruling = filed_document(&h, &litigant, &refused, "民事裁定书").await;
    for text in [
        "（2026）京0199民初",
        "不属于人民法院受理民事诉讼的范围",
        "对张三的起诉，本院不予受理。",
        "十日内",
    ] {
        assert!(crate::delivery::pdf_has_text(&ruling, text), "{text}");
    }

    let no_consent = submitted_filing(&h, &litigant, &court, false).await;
    let r = h
        .json(
            "POST",
            &format!("/api/v1/filings/{no_consent}/divert"),
            Some(&officer),
            json!({}),
        )
        .await;
    assert_eq!(r.json()["code"], "filing.no_mediation_consent");
    let consent = submitted_filing(&h, &litigant, &court, true).await;
    let r = h
        .json(
            "POST",
            &format!("/api/v1/filings/{consent}/divert"),
            Some(&officer),
            json!({}),
        )
        .await;
    assert_eq!(r.json()["status"], "diverted", "{}", r.body);
    assert!(
        r.json()["decision_note"]
            .as_str()
            .unwrap()
            .contains("（2026）京0199民诉前调1号")
    );

    let bad_procedure = h
        .json(
            "POST",
            &format!("/api/v1/filings/{no_consent}/docket"),
            Some(&officer),
            json!({"procedure": "enforcement"}),
        )
        .await;
    assert_eq!(bad_procedure.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = h
        .json(
            "POST",
            &format!("/api/v1/filings/{no_consent}/docket"),
            Some(&officer),
            json!({"procedure": "civil_summary"}),
        )
        .await
        .json();
    assert_eq!(
        summary["fee_notice"]["total_yuan"], "1150.00",
        "summary procedure halves the fee (art. 16)"
    );

    let staff_filing = h
        .json(
            "POST",
            "/api/v1/filings",
            Some(&judge),
            complete_filing(&court, false),
        )
        .await;
    assert_eq!(staff_filing.status, StatusCode::FORBIDDEN);
    let bad_enum = h.json("POST", "/api/v1/filings", Some(&litigant), json!({"court_id": court, "category": "spaceship", "cause": "x", "procedure_requested": "civil_ordinary"})).await;
    assert_eq!(bad_enum.json()["code"], "filing.invalid_category");
}
crate::on_both_backends!(refusal_diversion_and_permissions, other_decisions);

/// Unverified accounts cannot file.
async fn unverified(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let id = crate::harness::id_with_check("11010119900307000");
    let r = h.json("POST", "/api/v1/accounts", None, json!({"kind": "person", "name": "查无此人", "id_number": id, "phone": "13800138077", "password": "Unverified-2026"})).await;
    assert_eq!(r.json()["verification"], "rejected");
    let token = h.login("13800138077", "Unverified-2026").await;
    let refused = h
        .json(
            "POST",
            "/api/v1/filings",
            Some(&token),
            complete_filing(&court, false),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
crate::on_both_backends!(unverified_accounts_cannot_file, unverified);

/// 50 concurrent docket requests produce 50 distinct, consecutive case numbers.
async fn concurrent_dockets(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let officer = h.login("filing", PW).await;
    let mut ids = Vec::new();
    for _ in 0..50 {
        ids.push(submitted_filing(&h, &litigant, &court, false).await);
    }
    let mut tasks = Vec::new();
    for id in ids {
        let router = h.router.clone();
        let token = officer.clone();
        tasks.push(tokio::spawn(async move {
            use http_body_util::BodyExt;
            use tower::ServiceExt;
            let req = Request::post(format!("/api/v1/filings/{id}/docket"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"procedure":"civil_ordinary"}"#))
                .unwrap();
            let response = router.oneshot(req).await.unwrap();
            assert_eq!(response.status(), StatusCode::CREATED);
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            let v: Value = serde_json::from_slice(&bytes).unwrap();
            v["case"]["case_number"].as_str().unwrap().to_string()
        }));
    }
    let mut sequences = Vec::new();
    for t in tasks {
        let number = t.await.unwrap();
        let n: u32 = number
            .trim_start_matches("（2026）京0199民初")
            .trim_end_matches('号')
            .parse()
            .unwrap();
        sequences.push(n);
    }
    sequences.sort_unstable();
    assert_eq!(sequences, (1..=50).collect::<Vec<_>>());
}
crate::on_both_backends!(
    fifty_concurrent_dockets_get_consecutive_numbers,
    concurrent_dockets
);

/// Time-limit extensions approved by the president, and the dashboard of cases near and over
/// their limit.
async fn extensions_and_dashboard(h: Harness) {
    h.demo().await;
    let (case_id, _, judge_login) = assigned_case(&h).await;
    h.clock.advance(time::Duration::seconds(30)); // a fresh TOTP step: a used code is refused
    let chief = h.login("chief", PW).await;
    let judge_login = judge_login.as_str();
    let judge = h.login(judge_login, PW).await;
    let president = h.login("president", PW).await;

    let path = format!("/api/v1/cases/{case_id}/extensions");
    let no_reason = h
        .json(
            "POST",
            &path,
            Some(&judge),
            json!({"months": 3, "reason": ""}),
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let too_long = h
        .json(
            "POST",
            &path,
            Some(&judge),
            json!({"months": 7, "reason": "案情复杂"}),
        )
        .await;
    assert_eq!(
        too_long.json()["code"],
        "docket.extension_not_allowed",
        "the president may add at most 6 months (民事诉讼法 art. 152)"
    );
    let requested = h
        .json(
            "POST",
            &path,
            Some(&judge),
            json!({"months": 3, "reason": "案情复杂，需要鉴定"}),
        )
        .await;
    assert_eq!(requested.status, StatusCode::CREATED, "{}", requested.body);
    let ext_id = requested.json()["id"].as_str().unwrap().to_string();
    assert_eq!(
        h.json(
            "POST",
            &path,
            Some(&judge),
            json!({"months": 1, "reason": "再次申请"})
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        h.json(
            "POST",
            &path,
            Some(&chief),
            json!({"months": 1, "reason": "x"})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    let pending = h.get("/api/v1/time-limits", Some(&president)).await.json();
    assert_eq!(pending["pending_extensions"][0]["id"], ext_id.as_str());
    let decision = format!("/api/v1/extensions/{ext_id}/decision");
    assert_eq!(
        h.json("POST", &decision, Some(&chief), json!({"approve": true}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let approved = h
        .json(
            "POST",
            &decision,
            Some(&president),
            json!({"approve": true, "note": "同意"}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert_eq!(approved.json()["status"], "approved");
    assert_eq!(
        h.json(
            "POST",
            &decision,
            Some(&president),
            json!({"approve": true})
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let file = h
        .get(&format!("/api/v1/cases/{case_id}"), Some(&judge))
        .await
        .json();
    assert_eq!(file["time_limit"]["deadline"], "2027-08-27", "6 + 3 months");
    let next_step = h
        .json(
            "POST",
            &path,
            Some(&judge),
            json!({"months": 1, "reason": "仍需延长"}),
        )
        .await;
    assert_eq!(
        next_step.json()["code"],
        "docket.extension_not_allowed",
        "the next step belongs to the higher court"
    );

    // Near the limit (≤ 15 days) and past it, on the judge's and the president's dashboards.
    h.clock.advance(time::Duration::days(266)); // 2027-08-20: 7 days left
    let judge = h.login(judge_login, PW).await;
    let near = h.get("/api/v1/time-limits", Some(&judge)).await.json();
    assert_eq!(near["near"][0]["case"]["id"], case_id.as_str(), "{near}");
    assert_eq!(near["near"][0]["days_left"], 7);
    let late = h
        .json(
            "POST",
            &path,
            Some(&judge),
            json!({"months": 1, "reason": "x"}),
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    h.clock.advance(time::Duration::days(10));
    let president = h.login("president", PW).await;
    let over = h.get("/api/v1/time-limits", Some(&president)).await.json();
    assert_eq!(over["over"][0]["days_left"], -3);
    let litigant = h.login("13800000001", PW).await;
    assert_eq!(
        h.get("/api/v1/time-limits", Some(&litigant)).await.status,
        StatusCode::FORBIDDEN
    );
}
crate::on_both_backends!(
    time_limit_extensions_and_dashboard,
    extensions_and_dashboard
);

/// Closing by mediation refunds half the paid acceptance fee (诉讼费用交纳办法 art. 15), once.
async fn mediation_refund(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let officer = h.login("filing", PW).await;
    let chief = h.login("chief", PW).await;
    let id = submitted_filing(&h, &litigant, &court, false).await;
    let docketed = h
        .json(
            "POST",
            &format!("/api/v1/filings/{id}/docket"),
            Some(&officer),
            json!({"procedure": "civil_ordinary"}),
        )
        .await
        .json();
    let case_id = docketed["case"]["id"].as_str().unwrap().to_string();
    let notice: fayuan_core::id::FeeNoticeId = docketed["fee_notice"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let ctx = fayuan_app::Ctx {
        actor: h.app.actor_for_token(&litigant).await.unwrap(),
        ..fayuan_app::Ctx::anonymous("test")
    };
    let started = h.app.start_payment(&ctx, notice, None).await.unwrap();
    h.app
        .sandbox_settle(&ctx, started.payment.id, true)
        .await
        .unwrap();
    let assigned = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case_id}/assign"),
            Some(&chief),
            json!({}),
        )
        .await
        .json();
    let admin = h.login("admin", PW).await;
    let judge_login = if h
        .get(
            &format!(
                "/api/v1/accounts/{}",
                assigned["judge_id"].as_str().unwrap()
            ),
            Some(&admin),
        )
        .await
        .json()["username"]
        == "judge"
    {
        "judge"
    } else {
        "judge2"
    };
    let judge = h.login(judge_login, PW).await;
    let closed = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case_id}/close"),
            Some(&judge),
            json!({"mode": "mediation"}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    let file = h
        .get(&format!("/api/v1/cases/{case_id}"), Some(&litigant))
        .await
        .json();
    assert_eq!(file["refunds"].as_array().unwrap().len(), 1);
    assert_eq!(file["refunds"][0]["amount_yuan"], "1150.00");
    assert!(
        file["refunds"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("第十五条")
    );
}
crate::on_both_backends!(mediation_refunds_half_the_fee, mediation_refund);

/// Judicial aid on fees (诉讼费用交纳办法 arts. 44–48): reduction by at least 30 %, refusals
/// with reasons, waiver for natural persons, decided by the filing officer.
async fn fee_relief(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let officer = h.login("filing", PW).await;
    let judge = h.login("judge", PW).await;
    let docket = |id: String| {
        let officer = officer.clone();
        let h = &h;
        async move {
            h.json(
                "POST",
                &format!("/api/v1/filings/{id}/docket"),
                Some(&officer),
                json!({"procedure": "civil_ordinary"}),
            )
            .await
            .json()
        }
    };
    let docketed = docket(submitted_filing(&h, &litigant, &court, false).await).await;
    let notice = docketed["fee_notice"]["id"].as_str().unwrap().to_string();
    let case_id = docketed["case"]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/fee-notices/{notice}/relief");

    let too_little = h
        .json(
            "POST",
            &path,
            Some(&litigant),
            json!({"kind": "reduction", "percent": 20, "reason": "生活困难"}),
        )
        .await;
    assert_eq!(too_little.json()["code"], "fees.reduction_percent");
    let applied = h.json("POST", &path, Some(&litigant), json!({"kind": "reduction", "percent": 30, "reason": "因自然灾害生活困难（第四十六条第一项）"})).await;
    assert_eq!(applied.status, StatusCode::CREATED, "{}", applied.body);
    let relief = applied.json()["id"].as_str().unwrap().to_string();
    assert_eq!(
        h.json(
            "POST",
            &path,
            Some(&litigant),
            json!({"kind": "deferral", "reason": "再次申请"})
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    let decision = format!("/api/v1/fee-relief/{relief}/decision");
    assert_eq!(
        h.json("POST", &decision, Some(&judge), json!({"grant": true}))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "a judge not in charge does not see the case"
    );
    assert_eq!(
        h.json("POST", &decision, Some(&litigant), json!({"grant": true}))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "the applicant sees the case but does not decide"
    );
    assert_eq!(
        h.json("POST", &decision, Some(&officer), json!({"grant": false}))
            .await
            .json()["code"],
        "fees.relief_reasons_required"
    );
    let granted = h
        .json(
            "POST",
            &decision,
            Some(&officer),
            json!({"grant": true, "note": "符合第四十六条"}),
        )
        .await;
    assert_eq!(granted.json()["status"], "granted", "{}", granted.body);
    let fees = h
        .get(&format!("/api/v1/cases/{case_id}/fees"), Some(&litigant))
        .await
        .json();
    assert_eq!(fees[0]["total_yuan"], "1610.00", "2300 less 30 %");
    assert_eq!(
        h.get(
            &format!("/api/v1/cases/{case_id}/fee-relief"),
            Some(&litigant)
        )
        .await
        .json()[0]["status"],
        "granted"
    );

    let docketed = docket(submitted_filing(&h, &litigant, &court, false).await).await;
    let notice = docketed["fee_notice"]["id"].as_str().unwrap().to_string();
    let case_id = docketed["case"]["id"].as_str().unwrap().to_string();
    let waiver = h
        .json(
            "POST",
            &format!("/api/v1/fee-notices/{notice}/relief"),
            Some(&litigant),
            json!({"kind": "waiver", "reason": "追索赡养费（第四十五条第二项）"}),
        )
        .await
        .json();
    let waived = h
        .json(
            "POST",
            &format!(
                "/api/v1/fee-relief/{}/decision",
                waiver["id"].as_str().unwrap()
            ),
            Some(&officer),
            json!({"grant": true, "note": "准予免交"}),
        )
        .await;
    assert_eq!(waived.json()["status"], "granted");
    assert_eq!(
        h.get(&format!("/api/v1/cases/{case_id}/fees"), Some(&litigant))
            .await
            .json()[0]["status"],
        "waived"
    );
    let pay = h
        .send(
            Request::post(format!("/api/v1/fee-notices/{notice}/payments"))
                .header(header::AUTHORIZATION, format!("Bearer {litigant}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(pay.status, StatusCode::CONFLICT, "a waived fee is not paid");
}
crate::on_both_backends!(judicial_aid_on_fees, fee_relief);

/// Reconciliation: a payment left pending expires; an unpaid notice past its last day flags
/// the case for 按撤诉处理 review (诉讼费用交纳办法 art. 22).
async fn reconciliation(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let officer = h.login("filing", PW).await;
    let id = submitted_filing(&h, &litigant, &court, false).await;
    let docketed = h
        .json(
            "POST",
            &format!("/api/v1/filings/{id}/docket"),
            Some(&officer),
            json!({"procedure": "civil_ordinary"}),
        )
        .await
        .json();
    let case_id = docketed["case"]["id"].as_str().unwrap().to_string();
    let started = h
        .send(
            Request::post(format!(
                "/api/v1/fee-notices/{}/payments",
                docketed["fee_notice"]["id"].as_str().unwrap()
            ))
            .header(header::AUTHORIZATION, format!("Bearer {litigant}"))
            .body(Body::empty())
            .unwrap(),
        )
        .await;
    let payment = started.json()["payment"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    h.clock.advance(time::Duration::days(8)); // past 2026-12-04
    let report = h
        .app
        .run_maintenance(&fayuan_app::Ctx::operator("test"))
        .await
        .unwrap();
    assert_eq!(
        (report.payments_expired, report.cases_flagged_unpaid),
        (1, 1)
    );
    let litigant = h.login("13800000001", PW).await;
    assert_eq!(
        h.get(&format!("/api/v1/payments/{payment}"), Some(&litigant))
            .await
            .json()["status"],
        "failed"
    );
    assert_eq!(
        h.get(&format!("/api/v1/cases/{case_id}"), Some(&litigant))
            .await
            .json()["case"]["fee_overdue"],
        true
    );
    let again = h
        .app
        .run_maintenance(&fayuan_app::Ctx::operator("test"))
        .await
        .unwrap();
    assert_eq!(again.cases_flagged_unpaid, 0, "flagged once");
}
crate::on_both_backends!(fee_reconciliation_flags_unpaid_cases, reconciliation);

/// Periods not counted (民诉法解释 art. 243): an open appraisal period runs until today, and once
/// ended moves the limit by its length.
async fn suspensions(h: Harness) {
    h.demo().await;
    let (case_id, _, judge_login) = assigned_case(&h).await;
    let judge_login = judge_login.as_str();
    h.clock.advance(time::Duration::days(10)); // 2026-12-07
    let judge = h.login(judge_login, PW).await;
    let litigant = h.login("13800000001", PW).await;
    let path = format!("/api/v1/cases/{case_id}/suspensions");
    assert_eq!(
        h.json(
            "POST",
            &path,
            Some(&judge),
            json!({"reason": "holiday", "from": "2026-12-01"})
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        h.json(
            "POST",
            &path,
            Some(&judge),
            json!({"reason": "appraisal", "from": "2026-12-31"})
        )
        .await
        .json()["code"],
        "docket.suspension_dates"
    );
    assert_eq!(
        h.json(
            "POST",
            &path,
            Some(&litigant),
            json!({"reason": "appraisal", "from": "2026-12-01"})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let open = h
        .json(
            "POST",
            &path,
            Some(&judge),
            json!({"reason": "appraisal", "from": "2026-12-01", "note": "委托司法鉴定"}),
        )
        .await;
    assert_eq!(open.status, StatusCode::CREATED, "{}", open.body);
    let file = h
        .get(&format!("/api/v1/cases/{case_id}"), Some(&judge))
        .await
        .json();
    assert_eq!(
        file["time_limit"]["deadline"], "2027-06-03",
        "7 days (12-01..12-07) not counted so far"
    );
    let end = h
        .json(
            "POST",
            &format!("{path}/{}/end", open.json()["id"].as_str().unwrap()),
            Some(&judge),
            json!({"to": "2026-12-05"}),
        )
        .await;
    assert_eq!(end.status, StatusCode::OK, "{}", end.body);
    let file = h
        .get(&format!("/api/v1/cases/{case_id}"), Some(&judge))
        .await
        .json();
    assert_eq!(
        file["time_limit"]["deadline"], "2027-06-01",
        "5 days not counted"
    );
    assert_eq!(file["suspensions"][0]["to"], "2026-12-05");
}
crate::on_both_backends!(periods_not_counted_move_the_time_limit, suspensions);

/// Provincial fee ranges (诉讼费用交纳办法 art. 13 ¶2): set by the administrator within the
/// statutory ranges, then used when docketing.
async fn provincial_fees(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let admin = h.login("admin", PW).await;
    let path = format!("/api/v1/courts/{court}/fee-schedule");
    let mut schedule = h.get(&path, None).await.json();
    assert_eq!(
        schedule["other_non_property"],
        json!({"min_fen": 5000, "max_fen": 10000})
    );
    schedule["other_non_property"] = json!({"min_fen": 4000, "max_fen": 10000});
    let outside = h
        .json("PUT", &path, Some(&admin), json!({"schedule": schedule}))
        .await;
    assert_eq!(
        outside.json()["code"],
        "court.invalid_fee_schedule",
        "below the statutory 50 元"
    );
    schedule["other_non_property"] = json!({"min_fen": 8000, "max_fen": 10000});
    let litigant = h.login("13800000001", PW).await;
    assert_eq!(
        h.json("PUT", &path, Some(&litigant), json!({"schedule": schedule}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        h.json("PUT", &path, Some(&admin), json!({"schedule": schedule}))
            .await
            .status,
        StatusCode::OK
    );

    let officer = h.login("filing", PW).await;
    let mut body = complete_filing(&court, false);
    body["cause"] = json!("名誉权纠纷之外的其他非财产纠纷");
    body["claims"] = json!([{"text": "判令被告停止侵害"}]);
    let id = h
        .json("POST", "/api/v1/filings", Some(&litigant), body)
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        h.json(
            "POST",
            &format!("/api/v1/filings/{id}/submit"),
            Some(&litigant),
            json!({})
        )
        .await
        .status,
        StatusCode::OK
    );
    let docketed = h
        .json(
            "POST",
            &format!("/api/v1/filings/{id}/docket"),
            Some(&officer),
            json!({"procedure": "civil_ordinary"}),
        )
        .await
        .json();
    assert_eq!(
        docketed["fee_notice"]["total_yuan"], "80.00",
        "the lower end of the provincial range"
    );
}
crate::on_both_backends!(provincial_fee_ranges_apply_at_docketing, provincial_fees);
