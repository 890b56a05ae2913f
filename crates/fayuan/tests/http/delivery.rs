//! Issue #6 (part): electronic delivery on both backends — delivery addresses with consent and
//! versions, service through the inbox, text messages and post, the refusal of electronic
//! service of a judgment without consent, the recipient's reading, download and signature, the
//! trace deposited in the ledger, and the appeal period from the legal delivery date.

use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::dossier::{csrf_of, pdf, upload};
use crate::filing::assigned_case;
use crate::harness::Harness;

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

/// Whether a PDF shows `text`, as a PDF reader extracts it (whitespace aside). Typeset documents
/// embed a font with a ToUnicode map; the plain renderer's non-embedded font (used on machines
/// without a CJK font) is matched by its UCS-2 codes instead.
pub(crate) fn pdf_has_text(pdf: &[u8], text: &str) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if doc
        .extract_text(&pages)
        .is_ok_and(|extracted| squeeze(&extracted).contains(&squeeze(text)))
    {
        return true;
    }
    let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
    doc.get_pages().values().any(|page| {
        String::from_utf8_lossy(&doc.get_page_content(*page))
            .to_uppercase()
            .contains(&hex)
    })
}

/// Whether documents are typeset with an embedded CJK font here (CI installs one and sets
/// `FAYUAN_TEST_CJK_FONT`, making its absence a failure).
fn typeset_with_cjk_font() -> bool {
    let found = fayuan_render::FontChoice::find(&[], None).is_some();
    assert!(
        found || std::env::var_os("FAYUAN_TEST_CJK_FONT").is_none(),
        "FAYUAN_TEST_CJK_FONT is set but no CJK font is installed"
    );
    found
}

fn kinds(trace: &Value) -> Vec<String> {
    trace["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["kind"].as_str().unwrap(),
                e["channel"].as_str().unwrap_or("")
            )
        })
        .collect()
}

async fn delivery(h: Harness) {
    h.demo().await;
    let (case, _, judge_name) = assigned_case(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let clerk = h.login("clerk", PW).await;
    let judge = h.login(&judge_name, PW).await;
    let me = h.get("/api/v1/me", Some(&litigant)).await.json();
    let recipient = me["id"].as_str().unwrap().to_owned();

    // The judge files the judgment and a notice in the main volume; parties cannot file these.
    let upload_doc = |title: &'static str| {
        let (h, case, judge) = (&h, case.clone(), judge.clone());
        async move {
            let r = upload(
                h,
                &format!("/api/v1/cases/{case}/materials?kind=court_document&file_name=doc.pdf&title={title}"),
                &judge,
                pdf(title),
            )
            .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            r.json()["id"].as_str().unwrap().to_owned()
        }
    };
    let judgment = upload_doc("judgment").await;
    let notice = upload_doc("notice").await;
    let refused = upload(
        &h,
        &format!("/api/v1/cases/{case}/materials?kind=court_document&file_name=fake.pdf"),
        &litigant,
        pdf("fake"),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );

    // No consent yet: a notice may go to the inbox, but counts only once read.
    let address = format!("/api/v1/cases/{case}/delivery-address");
    let v1 = h
        .json(
            "PUT",
            &address,
            Some(&litigant),
            json!({ "mobile": "13800000001", "consents_electronic": false }),
        )
        .await;
    assert_eq!(v1.status, StatusCode::OK, "{}", v1.body);
    let serve = format!("/api/v1/cases/{case}/deliveries");
    let notice_delivery = h
        .json(
            "POST",
            &serve,
            Some(&clerk),
            json!({ "recipient": recipient, "kind": "notice", "title": "开庭通知书", "materials": [notice], "channels": ["inbox"] }),
        )
        .await;
    assert_eq!(
        notice_delivery.status,
        StatusCode::CREATED,
        "{}",
        notice_delivery.body
    );
    let nd = notice_delivery.json();
    assert_eq!(
        nd["delivery"]["status"], "in_progress",
        "not served until read"
    );
    let nd_id = nd["delivery"]["id"].as_str().unwrap().to_owned();

    // A judgment cannot be served electronically without consent; post needs an address.
    let judgment_req = |channels: Value| json!({ "recipient": recipient, "kind": "judgment", "title": "民事判决书", "materials": [judgment], "channels": channels });
    let r = h
        .json("POST", &serve, Some(&clerk), judgment_req(json!(["inbox"])))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["code"], "delivery.consent_required");
    assert!(r.json()["detail"].as_str().unwrap().contains("邮寄"));
    let r = h
        .json(
            "POST",
            &serve,
            Some(&clerk),
            judgment_req(json!(["postal"])),
        )
        .await;
    assert_eq!(r.json()["code"], "delivery.no_postal_address");
    // A party of the case may not serve.
    let r = h
        .json(
            "POST",
            &serve,
            Some(&litigant),
            judgment_req(json!(["postal"])),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let bad = h
        .json(
            "PUT",
            &address,
            Some(&litigant),
            json!({ "mobile": "12345", "consents_electronic": true }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The party consents (version 2); the judgment is served by inbox and text message.
    let v2 = h
        .json(
            "PUT",
            &address,
            Some(&litigant),
            json!({ "mobile": "13800000001", "postal_address": "北京市示范区示范路1号", "consents_electronic": true }),
        )
        .await;
    assert_eq!(v2.json()["version"], 2);
    let history = h
        .get(
            &format!("/api/v1/cases/{case}/delivery-addresses/{recipient}"),
            Some(&clerk),
        )
        .await
        .json();
    assert_eq!(history.as_array().unwrap().len(), 2, "versions are kept");
    let served = h
        .json(
            "POST",
            &serve,
            Some(&clerk),
            judgment_req(json!(["inbox", "sms"])),
        )
        .await;
    assert_eq!(served.status, StatusCode::CREATED, "{}", served.body);
    let trace = served.json();
    assert_eq!(trace["delivery"]["status"], "delivered");
    assert_eq!(
        kinds(&trace),
        vec![
            "created:",
            "sent:inbox",
            "sent:sms",
            "reached:inbox",
            "reached:sms"
        ]
    );
    let delivered_at = trace["delivery"]["delivered_at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        delivered_at.starts_with("2026-11-27T02:00"),
        "{delivered_at}"
    );
    let period = &trace["period"];
    assert_eq!(period["name"], "上诉期");
    assert_eq!(period["delivered_on"], "2026-11-27");
    let calc = Command::new(env!("CARGO_BIN_EXE_fayuan"))
        .args(["calc", "period", "--from", "2026-11-27", "--days", "15"])
        .output()
        .unwrap();
    let calc = String::from_utf8_lossy(&calc.stdout);
    assert!(
        calc.starts_with(period["last_day"].as_str().unwrap()),
        "calc says {calc}, the delivery says {}",
        period["last_day"]
    );
    let judgment_id = trace["delivery"]["id"].as_str().unwrap().to_owned();
    h.clock.advance(time::Duration::seconds(31)); // a fresh TOTP step for a second staff login
    let admin = h.login("admin", PW).await;
    let sms = h.get("/api/v1/sandbox/sms", Some(&admin)).await.json();
    let text = sms[0]["text"].as_str().unwrap();
    assert!(
        text.contains(&format!("/deliveries/{judgment_id}")) && text.contains("民事判决书"),
        "{text}"
    );

    // The recipient: a list, the trace (read is recorded), a download, the signature.
    let mine = h.get("/api/v1/deliveries", Some(&litigant)).await.json();
    assert_eq!(mine.as_array().unwrap().len(), 2);
    let read = h
        .get(&format!("/api/v1/deliveries/{nd_id}"), Some(&litigant))
        .await
        .json();
    assert_eq!(
        read["delivery"]["status"], "delivered",
        "served once read without consent"
    );
    assert!(kinds(&read).contains(&"opened:inbox".to_owned()));
    let doc = h
        .get(
            &format!("/api/v1/deliveries/{judgment_id}/documents/{judgment}"),
            Some(&litigant),
        )
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    assert_eq!(doc.header("content-type"), "application/pdf");
    let not_served = h
        .get(
            &format!("/api/v1/deliveries/{judgment_id}/documents/{notice}"),
            Some(&litigant),
        )
        .await;
    assert_eq!(not_served.status, StatusCode::NOT_FOUND);
    let sign = format!("/api/v1/deliveries/{judgment_id}/sign");
    let wrong = h
        .json(
            "POST",
            &sign,
            Some(&litigant),
            json!({ "password": "wrong-password" }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let signed = h
        .json("POST", &sign, Some(&litigant), json!({ "password": PW }))
        .await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
    let trace = signed.json();
    assert!(kinds(&trace).contains(&"signed_for:inbox".to_owned()));
    assert_eq!(
        trace["delivery"]["delivered_at"],
        delivered_at.as_str(),
        "the earliest effective step counts"
    );
    let again = h
        .json("POST", &sign, Some(&litigant), json!({ "password": PW }))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // Another litigant sees nothing.
    let other = h.login("13800000002", PW).await;
    assert_eq!(
        h.get(&format!("/api/v1/deliveries/{judgment_id}"), Some(&other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Every step is in the ledger, with a receipt that verifies.
    h.app.integrate_ledger().await.unwrap();
    for event in trace["events"].as_array().unwrap() {
        let url = event["receipt_url"].as_str().unwrap();
        let receipt = h.get(url, None).await;
        assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
        let parsed = fayuan_app::ledger::Receipt::parse(&receipt.body).unwrap();
        let check = parsed.verify(&h.app.ledger.verifier_keys, None).unwrap();
        assert_eq!(check.kind, "delivery_event");
        assert!(check.subjects.contains(&format!("delivery:{judgment_id}")));
    }

    // The delivery certificate lists every step with its ledger entry and leaf hash.
    let certificate = h
        .get(
            &format!("/api/v1/deliveries/{judgment_id}/certificate"),
            Some(&litigant),
        )
        .await;
    assert_eq!(certificate.status, StatusCode::OK);
    assert_eq!(certificate.header("content-type"), "application/pdf");
    let case_number = h
        .get(&format!("/api/v1/cases/{case}"), Some(&clerk))
        .await
        .json()["case"]["case_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let first_index = trace["events"][0]["ledger_index"].as_i64().unwrap();
    for text in [
        "电子送达凭证",
        "已签收",
        case_number.as_str(),
        &format!("存证编号 #{first_index}"),
    ] {
        assert!(
            pdf_has_text(&certificate.bytes, text),
            "certificate lacks {text}"
        );
    }

    // Announcement: deemed served thirty days later (民事诉讼法 art. 95).
    let announced = h
        .json(
            "POST",
            &serve,
            Some(&clerk),
            judgment_req(json!(["announcement"])),
        )
        .await;
    assert_eq!(announced.status, StatusCode::CREATED, "{}", announced.body);
    let announced = announced.json();
    assert_eq!(
        kinds(&announced),
        vec!["created:", "announced:announcement"]
    );
    assert!(
        announced["delivery"]["delivered_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-27")
    );
    assert_eq!(announced["period"]["delivered_on"], "2026-12-27");
    assert!(
        announced["period"]["last_day"].is_null(),
        "2027's holidays are not published yet"
    );

    // Post: recorded by the clerk in the same trace; served on the date of the return receipt.
    let posted = h
        .json(
            "POST",
            &serve,
            Some(&clerk),
            judgment_req(json!(["postal"])),
        )
        .await;
    let posted = posted.json();
    assert_eq!(posted["delivery"]["status"], "in_progress");
    let postal = format!(
        "/api/v1/deliveries/{}/postal",
        posted["delivery"]["id"].as_str().unwrap()
    );
    let r = h
        .json(
            "POST",
            &postal,
            Some(&clerk),
            json!({ "tracking_number": "EMS1234567890CN" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = h
        .json(
            "POST",
            &postal,
            Some(&clerk),
            json!({ "return_receipt_date": "2026-11-30" }),
        )
        .await;
    assert_eq!(
        r.json()["code"],
        "delivery.receipt_date",
        "not in the future"
    );
    // The 送达回证 to print (staff only), and the signed one scanned back into the dossier.
    let form = h
        .get(&postal.replace("/postal", "/receipt-form"), Some(&clerk))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.header("content-type"), "application/pdf");
    for text in [
        "送达回证",
        "邮寄送达",
        "北京市示范区示范路1号",
        "受送达人签名或者盖章",
    ] {
        assert!(pdf_has_text(&form.bytes, text), "the form lacks {text}");
    }
    let not_staff = h
        .get(&postal.replace("/postal", "/receipt-form"), Some(&litigant))
        .await;
    assert_eq!(not_staff.status, StatusCode::FORBIDDEN);
    let scan = upload(
        &h,
        &format!("/api/v1/cases/{case}/scans?kind=other&file_name=huizheng.pdf&title=%E9%80%81%E8%BE%BE%E5%9B%9E%E8%AF%81&on_behalf_of=%E5%BC%A0%E4%B8%89"),
        &clerk,
        pdf("送达回证"),
    )
    .await;
    assert_eq!(scan.status, StatusCode::CREATED, "{}", scan.body);
    let scan = scan.json();
    let r = h
        .json(
            "POST",
            &postal,
            Some(&clerk),
            json!({ "return_receipt_date": "2026-11-26", "return_receipt_scan": "01a21c51-0000-7000-8000-000000000000" }),
        )
        .await;
    assert_eq!(
        r.json()["code"],
        "delivery.receipt_scan",
        "not a material of the case"
    );
    let r = h
        .json(
            "POST",
            &postal,
            Some(&clerk),
            json!({ "return_receipt_date": "2026-11-26", "return_receipt_scan": scan["id"] }),
        )
        .await;
    let trace = r.json();
    assert_eq!(
        kinds(&trace),
        vec!["created:", "posted:postal", "return_receipt:postal"]
    );
    let receipt = &trace["events"][2]["detail"];
    assert!(
        receipt
            .as_str()
            .unwrap()
            .contains(&format!("material:{}", scan["id"].as_str().unwrap())),
        "{receipt}"
    );
    assert_eq!(trace["period"]["delivered_on"], "2026-11-26");
    // Sent again by text message: the trace continues; the earliest effective step still counts.
    let resend = postal.replace("/postal", "/resend");
    let r = h
        .json(
            "POST",
            &resend,
            Some(&clerk),
            json!({ "channels": ["sms"] }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let again = r.json();
    assert!(
        kinds(&again).ends_with(&["sent:sms".to_owned(), "reached:sms".to_owned()]),
        "{:?}",
        kinds(&again)
    );
    assert_eq!(again["period"]["delivered_on"], "2026-11-26");
    assert!(
        again["delivery"]["channels"]
            .as_array()
            .unwrap()
            .contains(&json!("sms"))
    );
    let r = h
        .json(
            "POST",
            &resend,
            Some(&clerk),
            json!({ "channels": ["carrier_pigeon"] }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The recipient may not record postal service on its own delivery.
    assert_eq!(
        h.json(
            "POST",
            &postal,
            Some(&litigant),
            json!({ "tracking_number": "X" })
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let list = h.get(&serve, Some(&clerk)).await.json();
    assert_eq!(list.as_array().unwrap().len(), 4);
}

crate::on_both_backends!(electronic_delivery, delivery);

/// A page request with a session cookie; a form when `form` is given.
pub(crate) fn page_request(cookie: &str, path: &str, form: Option<String>) -> Request<Body> {
    let builder = Request::builder()
        .uri(path)
        .header(header::COOKIE, cookie.to_owned());
    match form {
        Some(body) => builder
            .method("POST")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
        None => builder.method("GET").body(Body::empty()).unwrap(),
    }
}

async fn delivery_pages(h: Harness) {
    h.demo().await;
    let (case, _, judge_name) = assigned_case(&h).await;
    let judge = h.login(&judge_name, PW).await;
    let doc = upload(
        &h,
        &format!("/api/v1/cases/{case}/materials?kind=court_document&file_name=n.pdf&title=notice"),
        &judge,
        pdf("受理案件通知书"),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The party confirms its addresses with consent.
    let party = h.page_login("13800000001", PW).await;
    let form = h
        .send(page_request(
            &party,
            &format!("/cases/{case}/delivery-address"),
            None,
        ))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("送达地址确认书"), "{}", form.body);
    let csrf = csrf_of(&form.body);
    let bad = h
        .send(page_request(
            &party,
            &format!("/cases/{case}/delivery-address"),
            Some(format!("_csrf={csrf}&mobile=123")),
        ))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("手机"), "the refusal is readable");
    let ok = h
        .send(page_request(
            &party,
            &format!("/cases/{case}/delivery-address"),
            Some(format!(
                "_csrf={csrf}&consents_electronic=1&mobile=13800000001"
            )),
        ))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    // ... and asks to be told of new messages by text message (it has no e-mail on file).
    let account = h.send(page_request(&party, "/account", None)).await;
    let csrf = csrf_of(&account.body);
    let no_email = h
        .send(page_request(
            &party,
            "/account/notifications",
            Some(format!("_csrf={csrf}&by_email=1")),
        ))
        .await;
    assert!(
        no_email.body.contains("未登记电子邮箱"),
        "{}",
        no_email.body
    );
    let by_sms = h
        .send(page_request(
            &party,
            "/account/notifications",
            Some(format!("_csrf={csrf}&by_sms=1")),
        ))
        .await;
    assert!(by_sms.body.contains("提醒方式已保存"), "{}", by_sms.body);

    // The clerk serves the notice from the case's service page.
    h.clock.advance(time::Duration::seconds(31));
    let clerk = h.page_login("clerk", PW).await;
    let page = h
        .send(page_request(
            &clerk,
            &format!("/cases/{case}/deliveries"),
            None,
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("notice") && page.body.contains("张三"),
        "{}",
        page.body
    );
    let csrf = csrf_of(&page.body);
    let me = h
        .get("/api/v1/me", Some(&h.login("13800000001", PW).await))
        .await
        .json();
    let recipient = me["id"].as_str().unwrap();
    let served = h
        .send(page_request(
            &clerk,
            &format!("/cases/{case}/deliveries"),
            Some(format!(
                "_csrf={csrf}&recipient={recipient}&kind=notice&title=%E5%8F%97%E7%90%86%E9%80%9A%E7%9F%A5&channel_inbox=1&m_{doc}=1"
            )),
        ))
        .await;
    assert_eq!(served.status, StatusCode::SEE_OTHER, "{}", served.body);
    let none = h
        .send(page_request(
            &clerk,
            &format!("/cases/{case}/deliveries"),
            Some(format!(
                "_csrf={csrf}&recipient={recipient}&kind=notice&channel_inbox=1"
            )),
        ))
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("请选择要送达的文书"));

    // The text alert (a link only) goes out through the job runner.
    assert!(h.app.run_due_jobs().await.unwrap() >= 1);
    let sms = h
        .app
        .sandbox_sms(&fayuan_app::Ctx::operator("test"), 10)
        .await
        .unwrap();
    let alert = sms
        .iter()
        .find(|m| m.text.contains("您有新的消息"))
        .expect("alert sent");
    assert!(alert.text.contains("/deliveries/"), "{}", alert.text);

    // The clerk prepares a 受理案件通知书 from the template, edits it, and issues it.
    let csrf = csrf_of(&page.body);
    let draft = h
        .send(page_request(
            &clerk,
            &format!("/cases/{case}/documents/draft"),
            Some(format!(
                "_csrf={csrf}&template=acceptance_notice&addressee={recipient}"
            )),
        ))
        .await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.body);
    assert!(draft.body.contains("受理案件通知书") && draft.body.contains("<textarea"));
    // A summons drafted with its hearing shows the form rows and carries the hearing to issue.
    let summons = h
        .send(page_request(
            &clerk,
            &format!("/cases/{case}/documents/draft"),
            Some(format!(
                "_csrf={csrf}&template=summons&addressee={recipient}&appointment_at=2026-12-10+09%3A30&appointment_place=%E7%AC%AC%E4%B8%80%E6%B3%95%E5%BA%AD&note="
            )),
        ))
        .await;
    assert_eq!(summons.status, StatusCode::OK, "{}", summons.body);
    assert!(
        summons
            .body
            .contains("<th scope=\"row\">应到处所</th><td>第一法庭</td>"),
        "{}",
        summons.body
    );
    assert!(
        summons
            .body
            .contains("name=\"appointment_place\" value=\"第一法庭\"")
    );
    let missing = h
        .send(page_request(
            &clerk,
            &format!("/cases/{case}/documents/draft"),
            Some(format!(
                "_csrf={csrf}&template=summons&addressee={recipient}"
            )),
        ))
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains("请填写开庭时间和地点"),
        "{}",
        missing.body
    );
    let issued = h
        .send(page_request(
            &clerk,
            &format!("/cases/{case}/documents"),
            Some(format!(
                "_csrf={csrf}&template=acceptance_notice&addressee={recipient}&text=%E6%9C%AC%E9%99%A2%E5%86%B3%E5%AE%9A%E7%AB%8B%E6%A1%88%E5%AE%A1%E7%90%86%E3%80%82"
            )),
        ))
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let page = h
        .send(page_request(
            &clerk,
            &format!("/cases/{case}/deliveries"),
            None,
        ))
        .await;
    assert!(
        page.body.contains("受理案件通知书（"),
        "issued into the dossier: {}",
        page.body
    );

    // The party finds it, reads the trace with ledger entries, and signs with its password.
    let list = h.send(page_request(&party, "/deliveries", None)).await;
    assert!(list.body.contains("受理通知"), "{}", list.body);
    // The inbox announces it: an unread badge in the navigation, and the count over the API.
    assert!(list.body.contains("<span class=\"badge\""), "{}", list.body);
    let token = h.login("13800000001", PW).await;
    let unread = h.get("/api/v1/inbox/unread", Some(&token)).await.json();
    assert!(unread["unread"].as_i64().unwrap() >= 1, "{unread}");
    assert_eq!(
        h.get("/api/v1/inbox/unread", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let id = h
        .get(
            "/api/v1/deliveries",
            Some(&h.login("13800000001", PW).await),
        )
        .await
        .json()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let inbox = h.send(page_request(&party, "/inbox", None)).await;
    assert!(
        inbox.body.contains("待签收的送达") && inbox.body.contains(&format!("/deliveries/{id}"))
    );
    let show = h
        .send(page_request(&party, &format!("/deliveries/{id}"), None))
        .await;
    assert_eq!(show.status, StatusCode::OK);
    assert!(show.body.contains("到达受送达人系统") && show.body.contains("存证编号"));
    let csrf = csrf_of(&show.body);
    let wrong = h
        .send(page_request(
            &party,
            &format!("/deliveries/{id}/sign"),
            Some(format!("_csrf={csrf}&password=nope")),
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let signed = h
        .send(page_request(
            &party,
            &format!("/deliveries/{id}/sign"),
            Some(format!("_csrf={csrf}&password={PW}")),
        ))
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let show = h
        .send(page_request(&party, &format!("/deliveries/{id}"), None))
        .await;
    assert!(show.body.contains("已签收") && !show.body.contains("name=\"password\""));
    let inbox = h.send(page_request(&party, "/inbox", None)).await;
    assert!(
        !inbox.body.contains("待签收的送达"),
        "signed: no longer a task"
    );
    let download = h
        .send(page_request(
            &party,
            &format!("/deliveries/{id}/documents/{doc}"),
            None,
        ))
        .await;
    assert_eq!(download.status, StatusCode::OK);
}

crate::on_both_backends!(electronic_delivery_pages, delivery_pages);

/// A minimal SMTP server on loopback that keeps every message it accepts.
struct SmtpSink {
    messages: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpSink {
    async fn start(port: u16) -> Self {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = messages.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let kept = kept.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "DATA" => {
                                write.write_all(b"354 go ahead\r\n").await.unwrap();
                                let mut data = String::new();
                                while let Ok(Some(l)) = lines.next_line().await {
                                    if l == "." {
                                        break;
                                    }
                                    data.push_str(&l);
                                    data.push('\n');
                                }
                                kept.lock().unwrap().push(data);
                                b"250 queued\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                return;
                            }
                            _ => b"250 ok\r\n",
                        };
                        write.write_all(reply).await.unwrap();
                    }
                });
            }
        });
        SmtpSink { messages, task }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The decoded subject and body of a message as lettre writes it (encoded words, base64 or
/// quoted-printable bodies).
fn decode_mail(raw: &str) -> (String, String) {
    use base64::Engine as _;
    let b64 = |t: &str| {
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(t.trim())
                .unwrap(),
        )
        .unwrap()
    };
    let (head, body) = raw.split_once("\n\n").unwrap();
    let unfolded = head.replace("\n ", " ");
    let subject_line = unfolded
        .lines()
        .find_map(|l| l.strip_prefix("Subject: "))
        .unwrap();
    let subject = subject_line
        .split_whitespace()
        .map(|word| {
            match word
                .strip_prefix("=?utf-8?b?")
                .and_then(|w| w.strip_suffix("?="))
            {
                Some(encoded) => b64(encoded),
                None => word.to_owned(),
            }
        })
        .collect::<String>();
    let body = if unfolded.contains("Content-Transfer-Encoding: base64") {
        b64(&body.replace('\n', ""))
    } else {
        body.replace("=\n", "")
    };
    (subject, body)
}

async fn email_with_retries(h: Harness, port: u16) {
    h.demo().await;
    let (case, _, judge_name) = assigned_case(&h).await;
    let judge = h.login(&judge_name, PW).await;
    let judgment = upload(
        &h,
        &format!(
            "/api/v1/cases/{case}/materials?kind=court_document&file_name=j.pdf&title=judgment"
        ),
        &judge,
        pdf("民事判决书"),
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let litigant = h.login("13800000001", PW).await;
    let recipient = h.get("/api/v1/me", Some(&litigant)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let address = format!("/api/v1/cases/{case}/delivery-address");
    let bad = h
        .json(
            "PUT",
            &address,
            Some(&litigant),
            json!({ "email": "not-an-address", "consents_electronic": true }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    h.json(
        "PUT",
        &address,
        Some(&litigant),
        json!({ "email": "zhangsan@example.com", "consents_electronic": true }),
    )
    .await;
    let clerk = h.login("clerk", PW).await;

    // The mail server is down: the inbox serves at once; the e-mail fails visibly and waits.
    let served = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/deliveries"),
            Some(&clerk),
            json!({ "recipient": recipient, "kind": "judgment", "title": "民事判决书", "materials": [judgment], "channels": ["email"] }),
        )
        .await;
    assert_eq!(served.status, StatusCode::CREATED, "{}", served.body);
    let id = served.json()["delivery"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        served.json()["delivery"]["status"],
        "delivered",
        "the inbox copy is not held up"
    );
    assert_eq!(h.app.run_due_jobs().await.unwrap(), 1);
    let trace = h
        .get(&format!("/api/v1/deliveries/{id}"), Some(&clerk))
        .await
        .json();
    let failed = trace["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "failed")
        .unwrap();
    assert_eq!(failed["channel"], "email");
    assert!(
        failed["detail"].as_str().unwrap().contains("60秒后重试"),
        "{failed}"
    );
    let job = h
        .app
        .delivery_email_status(id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((job.status.as_str(), job.attempts), ("pending", 1));

    // Back up: nothing is due before the backoff ends; then it is delivered.
    let sink = SmtpSink::start(port).await;
    assert_eq!(h.app.run_due_jobs().await.unwrap(), 0);
    h.clock.advance(time::Duration::seconds(61));
    assert_eq!(h.app.run_due_jobs().await.unwrap(), 1);
    let messages = sink.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1);
    let (subject, body) = decode_mail(&messages[0]);
    assert!(subject.contains("送达：民事判决书"), "{subject}");
    assert!(
        body.contains(&format!("http://court.test/deliveries/{id}")),
        "{body}"
    );
    assert!(messages[0].contains("To: zhangsan@example.com"));
    let trace = h
        .get(&format!("/api/v1/deliveries/{id}"), Some(&clerk))
        .await
        .json();
    assert!(
        kinds(&trace).contains(&"reached:email".to_owned()),
        "{:?}",
        kinds(&trace)
    );
    let job = h
        .app
        .delivery_email_status(id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.status.as_str(), "done");
    assert_eq!(h.app.run_due_jobs().await.unwrap(), 0, "never sent twice");
}

/// Settings sending mail over plain SMTP to `port` on loopback.
fn smtp_on(port: u16) -> impl FnOnce(&mut fayuan::config::Settings) {
    move |s| {
        s.mail.smtp_host = Some("127.0.0.1".into());
        s.mail.smtp_port = port;
        s.mail.security = "none".into();
        s.public_url = Some("http://court.test".into());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivery_email_retries_until_the_server_is_back() {
    let port = crate::harness::free_port();
    email_with_retries(Harness::sqlite_with(smtp_on(port)).await, port).await;
    let port = crate::harness::free_port();
    if let Some(h) = Harness::postgres_with(smtp_on(port)).await {
        email_with_retries(h, port).await;
    }
}

async fn court_documents(h: Harness) {
    h.demo().await;
    let (case, _, _) = assigned_case(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let recipient = h.get("/api/v1/me", Some(&litigant)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let clerk = h.login("clerk", PW).await;
    let case_number = h
        .get(&format!("/api/v1/cases/{case}"), Some(&clerk))
        .await
        .json()["case"]["case_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let draft_url = format!("/api/v1/cases/{case}/documents/draft");
    let draft = h
        .json(
            "POST",
            &draft_url,
            Some(&clerk),
            json!({ "template": "fee_notice", "addressee": recipient }),
        )
        .await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.body);
    let draft = draft.json();
    assert_eq!(draft["title"], "交纳诉讼费用通知书");
    assert_eq!(draft["number"], case_number.as_str());
    assert!(
        draft["paragraphs"][1]
            .as_str()
            .unwrap()
            .contains("2300.00元"),
        "{draft}"
    );
    assert_eq!(draft["date"], "二〇二六年十一月二十七日");
    // Refusals: unknown template, a party drafting, an addressee outside the case.
    let r = h
        .json(
            "POST",
            &draft_url,
            Some(&clerk),
            json!({ "template": "divorce_decree", "addressee": recipient }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = h
        .json(
            "POST",
            &draft_url,
            Some(&litigant),
            json!({ "template": "fee_notice", "addressee": recipient }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let clerk_id = h.get("/api/v1/me", Some(&clerk)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = h
        .json(
            "POST",
            &draft_url,
            Some(&clerk),
            json!({ "template": "fee_notice", "addressee": clerk_id }),
        )
        .await;
    assert_eq!(r.json()["code"], "documents.addressee");

    // The clerk edits a paragraph and issues: a 诉讼文书 in the dossier, in the ledger.
    let mut paragraphs: Vec<Value> = draft["paragraphs"].as_array().unwrap().clone();
    paragraphs.push(json!("如有疑问，请致电本院立案庭。"));
    let issue_url = format!("/api/v1/cases/{case}/documents");
    let empty = h
        .json(
            "POST",
            &issue_url,
            Some(&clerk),
            json!({ "template": "fee_notice", "addressee": recipient, "paragraphs": [" "] }),
        )
        .await;
    assert_eq!(empty.json()["code"], "documents.paragraphs");
    let issued = h
        .json(
            "POST",
            &issue_url,
            Some(&clerk),
            json!({ "template": "fee_notice", "addressee": recipient, "paragraphs": paragraphs }),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
    let material = issued.json();
    assert_eq!(material["kind"], "court_document");
    assert!(material["ledger_index"].as_i64().is_some());
    let pdf = h
        .get(material["content_url"].as_str().unwrap(), Some(&clerk))
        .await;
    assert_eq!(pdf.header("content-type"), "application/pdf");
    for text in [
        "交纳诉讼费用通知书",
        case_number.as_str(),
        "如有疑问，请致电本院立案庭。",
        "示范市示范区人民法院",
    ] {
        assert!(pdf_has_text(&pdf.bytes, text), "the document lacks {text}");
    }

    // A summons needs the hearing; a judgment shell is written to the case, signed by the
    // panel and the clerk; a refusal is ruled at filing review only.
    let r = h
        .json(
            "POST",
            &draft_url,
            Some(&clerk),
            json!({ "template": "summons", "addressee": recipient }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["code"], "documents.appointment_required");
    let r = h
        .json(
            "POST",
            &draft_url,
            Some(&clerk),
            json!({ "template": "summons", "addressee": recipient, "appointment_at": "2026年12月10日9时30分" }),
        )
        .await;
    assert_eq!(
        r.json()["code"],
        "documents.appointment",
        "time and place together"
    );
    let summons = h
        .json(
            "POST",
            &issue_url,
            Some(&clerk),
            json!({ "template": "summons", "addressee": recipient, "appointment_at": "2026年12月10日9时30分", "appointment_place": "第一法庭" }),
        )
        .await;
    assert_eq!(summons.status, StatusCode::CREATED, "{}", summons.body);
    let summons_pdf = h
        .get(
            summons.json()["content_url"].as_str().unwrap(),
            Some(&clerk),
        )
        .await;
    for text in [
        "传票",
        "应到时间",
        "2026年12月10日9时30分",
        "第一法庭",
        "第一百四十六条",
    ] {
        assert!(
            pdf_has_text(&summons_pdf.bytes, text),
            "the summons lacks {text}"
        );
    }
    let judgment = h
        .json(
            "POST",
            &draft_url,
            Some(&clerk),
            json!({ "template": "judgment" }),
        )
        .await;
    assert_eq!(judgment.status, StatusCode::OK, "{}", judgment.body);
    let judgment = judgment.json();
    assert_eq!(judgment["title"], "民事判决书");
    assert_eq!(judgment["addressee"], "");
    assert_eq!(judgment["parties"][0], "原告：张三。");
    let signatures = judgment["signatures"].as_array().unwrap();
    assert!(
        signatures[0].as_str().unwrap().starts_with("审判长"),
        "{judgment}"
    );
    assert!(
        signatures
            .last()
            .unwrap()
            .as_str()
            .unwrap()
            .starts_with("书记员"),
        "{judgment}"
    );
    let r = h
        .json(
            "POST",
            &draft_url,
            Some(&clerk),
            json!({ "template": "refusal_ruling" }),
        )
        .await;
    assert_eq!(r.json()["code"], "documents.template");

    // ... and serves it.
    let served = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/deliveries"),
            Some(&clerk),
            json!({ "recipient": recipient, "kind": "notice", "materials": [material["id"]], "channels": ["inbox"] }),
        )
        .await;
    assert_eq!(served.status, StatusCode::CREATED, "{}", served.body);
}

crate::on_both_backends!(
    court_documents_are_drafted_issued_and_served,
    court_documents
);

/// The court's rule: docketing issues the 受理案件通知书 and 交纳诉讼费用通知书 and serves them on
/// the filer through the inbox.
async fn docketing_serves_notices(h: Harness) {
    h.demo().await;
    let (case, _, _) = assigned_case(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let mine = h.get("/api/v1/deliveries", Some(&litigant)).await.json();
    let mine = mine.as_array().unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["title"], "受理案件通知书、交纳诉讼费用通知书");
    assert_eq!(mine[0]["materials"].as_array().unwrap().len(), 2);
    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&litigant))
        .await
        .json();
    let titles: Vec<&str> = dossier["catalogue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["material"]["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.starts_with("受理案件通知书")),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.starts_with("交纳诉讼费用通知书")),
        "{titles:?}"
    );
    // The party reads and signs; the fee notice names the amount.
    let id = mine[0]["id"].as_str().unwrap();
    let trace = h
        .get(&format!("/api/v1/deliveries/{id}"), Some(&litigant))
        .await
        .json();
    assert_eq!(
        trace["delivery"]["status"], "delivered",
        "read: served without consent on record"
    );
    let fee_doc = mine[0]["materials"][1].as_str().unwrap();
    let pdf = h
        .get(
            &format!("/api/v1/deliveries/{id}/documents/{fee_doc}"),
            Some(&litigant),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    let signed = h
        .json(
            "POST",
            &format!("/api/v1/deliveries/{id}/sign"),
            Some(&litigant),
            json!({ "password": PW }),
        )
        .await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docketing_serves_the_acceptance_and_fee_notices() {
    let on = |s: &mut fayuan::config::Settings| s.deliver_on_docketing = true;
    docketing_serves_notices(Harness::sqlite_with(on).await).await;
    if let Some(h) = Harness::postgres_with(on).await {
        docketing_serves_notices(h).await;
    }
}

/// The text a PDF reader extracts from every page, whitespace removed.
fn extracted_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages)
        .unwrap()
        .split_whitespace()
        .collect()
}

/// Issue #6's acceptance journey: the complaint gives an e-mail for service; docketing serves
/// the 受理案件通知书 and 缴费通知书 by inbox and e-mail (through a real SMTP server on loopback);
/// the e-mail carries the subject and a link; the plaintiff opens and signs; the delivery
/// certificate lists every step with ledger receipts that verify; a judgment served the same
/// way shows the appeal period `fayuan calc period` gives from the legal delivery date.
async fn served_from_docketing(h: Harness, port: u16) {
    let sink = SmtpSink::start(port).await;
    h.demo().await;
    let court = crate::filing::demo_court(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let mut filing = crate::filing::complete_filing(&court, false);
    filing["electronic_delivery"] = json!({ "email": "ZhangSan@Example.com" });
    let created = h
        .json("POST", "/api/v1/filings", Some(&litigant), filing)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let filing = created.json();
    assert_eq!(
        filing["electronic_delivery"]["email"],
        "zhangsan@example.com"
    );
    let filing_id = filing["id"].as_str().unwrap();
    let submitted = h
        .json(
            "POST",
            &format!("/api/v1/filings/{filing_id}/submit"),
            Some(&litigant),
            json!({}),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    let officer = h.login("filing", PW).await;
    let docketed = h
        .json(
            "POST",
            &format!("/api/v1/filings/{filing_id}/docket"),
            Some(&officer),
            json!({ "procedure": "civil_ordinary" }),
        )
        .await;
    assert_eq!(docketed.status, StatusCode::CREATED, "{}", docketed.body);
    let docketed = docketed.json();
    let case = docketed["case"]["id"].as_str().unwrap().to_owned();
    let case_number = docketed["case"]["case_number"].as_str().unwrap().to_owned();

    // The address given in the complaint is the plaintiff's first confirmed address, with its
    // 送达地址确认书 in the dossier.
    let me = h.get("/api/v1/me", Some(&litigant)).await.json();
    let addresses = h
        .get(
            &format!(
                "/api/v1/cases/{case}/delivery-addresses/{}",
                me["id"].as_str().unwrap()
            ),
            Some(&litigant),
        )
        .await
        .json();
    assert_eq!(addresses[0]["email"], "zhangsan@example.com", "{addresses}");
    assert_eq!(addresses[0]["consents_electronic"], true);
    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&litigant))
        .await
        .json();
    assert!(
        dossier["catalogue"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["material"]["title"]
                .as_str()
                .unwrap()
                .starts_with("送达地址确认书")),
        "{dossier}"
    );

    // Served by inbox and e-mail; the e-mail goes out as a job.
    let mine = h.get("/api/v1/deliveries", Some(&litigant)).await.json();
    let served = &mine.as_array().unwrap()[0];
    assert_eq!(served["title"], "受理案件通知书、交纳诉讼费用通知书");
    assert_eq!(served["channels"], json!(["email", "inbox"]));
    let id = served["id"].as_str().unwrap().to_owned();
    assert_eq!(h.app.run_due_jobs().await.unwrap(), 1);
    let messages = sink.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("To: zhangsan@example.com"));
    let (subject, body) = decode_mail(&messages[0]);
    assert!(
        subject.contains("送达：受理案件通知书、交纳诉讼费用通知书"),
        "{subject}"
    );
    assert!(
        body.contains(&format!("http://court.test/deliveries/{id}")),
        "{body}"
    );
    assert!(!body.contains("%PDF"), "a link, never the document");

    // The plaintiff opens, reads the fee notice and signs.
    let trace = h
        .get(&format!("/api/v1/deliveries/{id}"), Some(&litigant))
        .await
        .json();
    assert_eq!(trace["delivery"]["status"], "delivered");
    let fee_doc = trace["delivery"]["materials"][1].as_str().unwrap();
    let fee_pdf = h
        .get(
            &format!("/api/v1/deliveries/{id}/documents/{fee_doc}"),
            Some(&litigant),
        )
        .await;
    assert_eq!(fee_pdf.status, StatusCode::OK);
    for text in [
        "交纳诉讼费用通知书",
        case_number.as_str(),
        "示范市示范区人民法院",
    ] {
        assert!(
            pdf_has_text(&fee_pdf.bytes, text),
            "the notice lacks {text}"
        );
    }
    if typeset_with_cjk_font() {
        let text = extracted_text(&fee_pdf.bytes);
        assert!(text.contains(&case_number), "{text}");
        assert!(text.contains("按撤诉处理"), "{text}");
        assert!(text.contains("第1页共1页"), "{text}");
    }
    let signed = h
        .json(
            "POST",
            &format!("/api/v1/deliveries/{id}/sign"),
            Some(&litigant),
            json!({ "password": PW }),
        )
        .await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
    let trace = h
        .get(&format!("/api/v1/deliveries/{id}"), Some(&litigant))
        .await
        .json();
    let steps = kinds(&trace);
    for step in [
        "created:",
        "sent:inbox",
        "reached:inbox",
        "sent:email",
        "reached:email",
        "opened:inbox",
        "downloaded:inbox",
        "signed_for:inbox",
    ] {
        assert!(steps.iter().any(|s| s == step), "{step} in {steps:?}");
    }

    // The certificate lists every step with its ledger entry; each receipt verifies.
    h.app
        .integrate_ledger()
        .await
        .unwrap()
        .expect("a checkpoint");
    let certificate = h
        .get(
            &format!("/api/v1/deliveries/{id}/certificate"),
            Some(&litigant),
        )
        .await;
    assert_eq!(certificate.status, StatusCode::OK);
    assert!(pdf_has_text(&certificate.bytes, "电子送达凭证"));
    for event in trace["events"].as_array().unwrap() {
        let index = event["ledger_index"]
            .as_i64()
            .expect("every step deposited");
        assert!(
            pdf_has_text(&certificate.bytes, &format!("存证编号 #{index}")),
            "the certificate lacks entry {index}"
        );
        let receipt = h
            .get(&format!("/api/v1/ledger/entries/{index}/receipt"), None)
            .await;
        assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
        let check = h
            .json(
                "POST",
                "/api/v1/ledger/receipts/verify",
                None,
                receipt.json(),
            )
            .await;
        assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    }
    if typeset_with_cjk_font() {
        let text = extracted_text(&certificate.bytes);
        assert!(
            text.contains("已签收") && text.contains(&case_number),
            "{text}"
        );
    }

    // A judgment from the shell, served the same way: the appeal period from the legal date.
    let chief = h.login("chief", PW).await;
    let assigned = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/assign"),
            Some(&chief),
            json!({}),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    h.clock.advance(time::Duration::seconds(31));
    let clerk = h.login("clerk", PW).await;
    let issued = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/documents"),
            Some(&clerk),
            json!({ "template": "judgment" }),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
    let judgment = issued.json();
    assert_eq!(judgment["title"], "民事判决书");
    let recipient = me["id"].as_str().unwrap();
    let served = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/deliveries"),
            Some(&clerk),
            json!({ "recipient": recipient, "kind": "judgment", "title": "民事判决书", "materials": [judgment["id"]], "channels": ["inbox", "email"] }),
        )
        .await;
    assert_eq!(served.status, StatusCode::CREATED, "{}", served.body);
    let served = served.json();
    let period = &served["period"];
    assert_eq!(period["name"], "上诉期");
    let delivered_on = period["delivered_on"].as_str().unwrap();
    let calc = Command::new(env!("CARGO_BIN_EXE_fayuan"))
        .args(["calc", "period", "--from", delivered_on, "--days", "15"])
        .output()
        .unwrap();
    let calc = String::from_utf8_lossy(&calc.stdout);
    assert!(
        calc.starts_with(period["last_day"].as_str().unwrap()),
        "calc says {calc}, the delivery says {period}"
    );
    // The party sees the same period on its side.
    let seen = h
        .get(
            &format!(
                "/api/v1/deliveries/{}",
                served["delivery"]["id"].as_str().unwrap()
            ),
            Some(&litigant),
        )
        .await
        .json();
    assert_eq!(seen["period"]["last_day"], period["last_day"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docketing_serves_by_inbox_and_email_with_a_verifiable_certificate() {
    let settings = |port: u16| {
        move |s: &mut fayuan::config::Settings| {
            smtp_on(port)(s);
            s.deliver_on_docketing = true;
        }
    };
    let port = crate::harness::free_port();
    served_from_docketing(Harness::sqlite_with(settings(port)).await, port).await;
    let port = crate::harness::free_port();
    if let Some(h) = Harness::postgres_with(settings(port)).await {
        served_from_docketing(h, port).await;
    }
}
