//! Issue #7: online mediation over HTTP, on both backends — a diverted filing mediated to a
//! signed settlement, judicial confirmation and its served ruling; a direct application that
//! fails and is docketed with its materials; who may read a room.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::dossier::{pdf, upload};
use crate::filing::demo_court;
use crate::harness::Harness;

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

/// A 40×12 grey PNG: a handwritten signature as the canvas sends it.
const HANDWRITING: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACgAAAAMCAAAAAA1qKCRAAAAJElEQVR4nGNg+A8GBCli1aGQ1DGWgVjzGIi1l4FY9zEMp+ABAMzCmnT71sDBAAAAAElFTkSuQmCC";

/// The demo's second litigant, 李四, as the respondent of a filing.
fn respondent() -> Value {
    json!({"role": "defendant", "kind": "person", "name": "李四", "id_number": "320311197001011230", "address": "江苏省徐州市示范路3号", "phone": "13800000002"})
}

/// The invitation code texted to the respondent for this mediation.
async fn invitation_code(h: &Harness, mediation: &str) -> String {
    let sms = h
        .app
        .sandbox_sms(&fayuan_app::Ctx::operator("test"), 50)
        .await
        .unwrap();
    let text = sms
        .iter()
        .find(|m| m.phone == "13800000002" && m.text.contains(mediation))
        .unwrap_or_else(|| panic!("no invitation for {mediation}"))
        .text
        .clone();
    let code = text.split("邀请码").nth(1).unwrap();
    code.chars().take(10).collect()
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

fn status(h: &Value) -> &str {
    h["status"].as_str().unwrap_or("")
}

async fn post(h: &Harness, path: &str, token: &str, body: Value) -> Value {
    let r = h.json("POST", path, Some(token), body).await;
    assert!(r.status.is_success(), "{path}: {} {}", r.status, r.body);
    r.json()
}

async fn mediation_flow(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let zhang = h.login("13800000001", PW).await;
    let li = h.login("13800000002", PW).await;
    let officer = h.login("filing", PW).await;
    h.clock.advance(time::Duration::seconds(31));
    let mediator = h.login("mediator", PW).await;

    // The public roster lists the court's mediator (seeded) without logging in.
    let roster = h
        .get(&format!("/api/v1/courts/{court}/mediation-roster"), None)
        .await
        .json();
    let mediator_id = roster["mediators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "卫调解")
        .unwrap()["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(roster["organisations"][0]["kind"], "peoples_committee");

    // 张三 files against 李四 with consent; the filing division diverts it.
    let mut filing = crate::filing::complete_filing(&court, true);
    filing["parties"][1] = respondent();
    let created = h
        .json("POST", "/api/v1/filings", Some(&zhang), filing)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let filing_id = created.json()["id"].as_str().unwrap().to_owned();
    post(
        &h,
        &format!("/api/v1/filings/{filing_id}/submit"),
        &zhang,
        json!({}),
    )
    .await;
    let diverted = post(
        &h,
        &format!("/api/v1/filings/{filing_id}/divert"),
        &officer,
        json!({}),
    )
    .await;
    assert_eq!(diverted["status"], "diverted");
    let mine = h.get("/api/v1/mediations", Some(&zhang)).await.json();
    let room = mine[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(status(&mine[0]), "inviting");
    assert!(
        mine[0]["number"].as_str().unwrap().contains("民诉前调"),
        "{mine}"
    );
    let path = format!("/api/v1/mediations/{room}");

    // Before answering, the respondent cannot read the room; a wrong code finds nothing.
    assert_eq!(h.get(&path, Some(&li)).await.status, StatusCode::NOT_FOUND);
    let wrong = h
        .json(
            "POST",
            &format!("{path}/invitation"),
            Some(&li),
            json!({"code": "AAAAAAAAAA"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    let code = invitation_code(&h, &room).await;
    let summary = post(
        &h,
        &format!("{path}/invitation"),
        &li,
        json!({"code": code}),
    )
    .await;
    assert_eq!(summary["invited"], "李四");
    assert_eq!(summary["applicants"][0], "张三");
    let answered = post(
        &h,
        &format!("{path}/answer"),
        &li,
        json!({"code": code, "accept": true}),
    )
    .await;
    assert_eq!(status(&answered), "assigning");

    // Both choose the court's mediator, who accepts: the room opens for 30 days.
    let chosen = post(
        &h,
        &format!("{path}/choice"),
        &zhang,
        json!({"mediator": mediator_id}),
    )
    .await;
    assert_eq!(
        chosen["mediator_id"],
        Value::Null,
        "one choice is not agreement"
    );
    let chosen = post(
        &h,
        &format!("{path}/choice"),
        &li,
        json!({"mediator": mediator_id}),
    )
    .await;
    assert_eq!(chosen["mediator_id"], mediator_id.as_str());
    let opened = post(&h, &format!("{path}/acceptance"), &mediator, json!({})).await;
    assert_eq!(status(&opened), "in_progress");
    assert_eq!(opened["started_on"], "2026-11-27");
    assert_eq!(
        opened["deadline_on"], "2026-12-28",
        "30 days, the last a Sunday rolls on"
    );

    // Messages arrive live on 李四's stream; the caucus is between one side and the mediator.
    let events = h
        .router
        .clone()
        .oneshot(
            Request::get(format!("{path}/events"))
                .header(header::AUTHORIZATION, format!("Bearer {li}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(events.status(), StatusCode::OK);
    assert_eq!(events.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut stream = events.into_body();
    let mut seen = String::new();
    post(
        &h,
        &format!("{path}/messages"),
        &zhang,
        json!({"body": "我方同意分三期还款。"}),
    )
    .await;
    stream_until(&mut stream, &mut seen, "我方同意分三期还款。").await;
    assert!(
        seen.contains("event: message") && seen.contains("id: 1"),
        "{seen}"
    );
    post(
        &h,
        &format!("{path}/messages"),
        &mediator,
        json!({"thread": "caucus_defendant", "body": "背对背：您能接受的还款期限是多久？"}),
    )
    .await;
    stream_until(&mut stream, &mut seen, "您能接受的还款期限").await;
    let zhang_reads = h
        .get(&format!("{path}/messages"), Some(&zhang))
        .await
        .json();
    assert_eq!(zhang_reads.as_array().unwrap().len(), 1, "{zhang_reads}");
    let into_caucus = h
        .json(
            "POST",
            &format!("{path}/messages"),
            Some(&zhang),
            json!({"thread": "caucus_defendant", "body": "偷看"}),
        )
        .await;
    assert_eq!(into_caucus.status, StatusCode::NOT_FOUND);

    // A shared file goes through the dossier's checks into the filing's dossier.
    let shared = upload(
        &h,
        &format!("{path}/materials?kind=evidence&title=还款计划&file_name=plan.pdf"),
        &li,
        pdf("还款计划"),
    )
    .await;
    assert_eq!(shared.status, StatusCode::CREATED, "{}", shared.body);
    let refused = upload(
        &h,
        &format!("{path}/materials?kind=evidence&file_name=x.pdf"),
        &li,
        b"not a pdf".to_vec(),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let listed = h
        .get(&format!("{path}/materials"), Some(&zhang))
        .await
        .json();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["title"] == "还款计划")
    );

    // The settlement: drafted from the template, edited, signed by the mediator (TOTP) and by
    // both parties (password; 张三 draws his signature).
    let h_put = |path: String, token: String, body: Value| {
        let h = &h;
        async move {
            let r = h.json("PUT", &path, Some(&token), body).await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
            r.json()
        }
    };
    h_put(
        format!("{path}/record"),
        mediator.clone(),
        json!({"paragraphs": ["双方确认借款本金100000元无争议。"]}),
    )
    .await;
    let draft = h_put(format!("{path}/settlement"), mediator.clone(), json!({})).await;
    assert_eq!(draft["status"], "drafting");
    assert!(draft["clauses"][0].as_str().unwrap().contains("张三"));
    let early = h
        .json(
            "POST",
            &format!("{path}/settlement/signatures"),
            Some(&zhang),
            json!({"password": PW}),
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the mediator signs first"
    );
    h_put(
        format!("{path}/settlement"),
        mediator.clone(),
        json!({"clauses": [
            "申请人：张三。", "被申请人：李四。",
            "上列当事人因民间借贷纠纷一案，经调解，自愿达成如下协议：",
            "一、李四于2027年3月31日前分三期向张三归还借款100000元。",
            "二、张三放弃其他诉讼请求。"
        ]}),
    )
    .await;
    h.clock.advance(time::Duration::seconds(31));
    let totp = h.app.current_totp("mediator").await.unwrap();
    let signed = post(
        &h,
        &format!("{path}/settlement/signatures"),
        &mediator,
        json!({"totp": totp}),
    )
    .await;
    assert_eq!(signed["status"], "signing");
    let wrong = h
        .json(
            "POST",
            &format!("{path}/settlement/signatures"),
            Some(&zhang),
            json!({"password": "wrong"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", wrong.body);
    post(
        &h,
        &format!("{path}/settlement/signatures"),
        &zhang,
        json!({"password": PW, "handwriting": HANDWRITING}),
    )
    .await;
    let effective = post(
        &h,
        &format!("{path}/settlement/signatures"),
        &li,
        json!({"password": PW}),
    )
    .await;
    assert_eq!(effective["status"], "effective", "{effective}");
    assert_eq!(effective["signatures"].as_array().unwrap().len(), 3);
    assert_eq!(effective["signatures"][1]["handwritten"], true);
    let settled = h.get(&path, Some(&li)).await.json();
    assert_eq!(status(&settled), "settled");

    // The signed PDF is in the ledger; its receipt verifies offline against the file's hash.
    let material = effective["material_id"].as_str().unwrap();
    let listed = h
        .get(&format!("{path}/materials"), Some(&zhang))
        .await
        .json();
    let entry = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == material)
        .unwrap()
        .clone();
    let original = h
        .app
        .blobs
        .get(entry["sha256"].as_str().unwrap())
        .await
        .unwrap();
    assert!(original.starts_with(b"%PDF-"));
    let parsed = lopdf::Document::load_mem(&original).unwrap();
    let images = parsed
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .and_then(|t| t.as_name())
                    .is_ok_and(|n| n == b"Image")
            })
        })
        .count();
    assert!(images >= 1, "the handwritten signature is embedded");
    h.app.integrate_ledger().await.unwrap();
    let receipt = h
        .get(effective["receipt_url"].as_str().unwrap(), None)
        .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    let parsed = fayuan_app::ledger::Receipt::parse(&receipt.body).unwrap();
    let hash = fayuan_core::digest::ContentHash::of(&original);
    let check = parsed
        .verify(&h.app.ledger.verifier_keys, Some(&hash))
        .unwrap();
    assert_eq!(check.kind, "material_deposited");
    assert!(
        check.subjects.contains(&format!("material:{material}")),
        "{:?}",
        check.subjects
    );
    assert!(check.content_checked && check.keys_supplied);
    let copy = h
        .get(&format!("{path}/materials/{material}"), Some(&li))
        .await;
    assert_eq!(copy.status, StatusCode::OK);
    assert!(copy.bytes.starts_with(b"%PDF-"));

    // Judicial confirmation: applied for by both, docketed as 民特 without a fee, granted by the
    // judge; the ruling is served on both.
    let one = post(&h, &format!("{path}/confirmation"), &zhang, json!({})).await;
    assert_eq!(
        one["confirmation_filing_id"],
        Value::Null,
        "joint application"
    );
    let both = post(&h, &format!("{path}/confirmation"), &li, json!({})).await;
    let application = both["confirmation_filing_id"].as_str().unwrap().to_owned();
    let docketed = post(
        &h,
        &format!("/api/v1/filings/{application}/docket"),
        &officer,
        json!({"procedure": "civil_special"}),
    )
    .await;
    let case = docketed["case"]["id"].as_str().unwrap().to_owned();
    assert!(
        docketed["case"]["case_number"]
            .as_str()
            .unwrap()
            .contains("民特"),
        "{docketed}"
    );
    assert_eq!(docketed["fee_notice"], Value::Null, "特别程序 pays no fee");
    h.clock.advance(time::Duration::seconds(31));
    let chief = h.login("chief", PW).await;
    let assigned = post(
        &h,
        &format!("/api/v1/cases/{case}/assign"),
        &chief,
        json!({}),
    )
    .await;
    let judge_id = assigned["judge_id"].as_str().unwrap().to_owned();
    let judge = login_judge(&h, &judge_id).await;
    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&judge))
        .await
        .json();
    let titles: Vec<&str> = dossier["catalogue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["material"]["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"调解协议书") && titles.contains(&"调解笔录"),
        "{titles:?}"
    );
    for token in [&zhang, &li] {
        let r = h
            .json(
                "PUT",
                &format!("/api/v1/cases/{case}/delivery-address"),
                Some(token),
                json!({"mobile": "", "consents_electronic": true}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let closed = post(
        &h,
        &format!("/api/v1/cases/{case}/confirmation-decision"),
        &judge,
        json!({"granted": true}),
    )
    .await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["closure_mode"], "ruling");
    let served = h.get("/api/v1/deliveries", Some(&li)).await.json();
    let ruling = served
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "ruling")
        .unwrap_or_else(|| panic!("no ruling served: {served}"));
    let document = ruling["materials"][0].as_str().unwrap();
    let delivery = ruling["id"].as_str().unwrap();
    let text = h
        .get(
            &format!("/api/v1/deliveries/{delivery}/documents/{document}"),
            Some(&li),
        )
        .await;
    assert_eq!(text.status, StatusCode::OK);
    assert!(crate::delivery::pdf_has_text(&text.bytes, "调解协议有效"));
    let granted = h.get(&path, Some(&zhang)).await.json();
    assert_eq!(granted["confirmation_granted"], true);

    failed_mediation(&h, &court, &path, &officer, &li).await;
}

/// Logs in as the judge with this account id.
async fn login_judge(h: &Harness, judge_id: &str) -> String {
    h.clock.advance(time::Duration::seconds(31));
    let admin = h.login("admin", PW).await;
    let username = h
        .get(&format!("/api/v1/accounts/{judge_id}"), Some(&admin))
        .await
        .json()["username"]
        .as_str()
        .unwrap()
        .to_owned();
    h.clock.advance(time::Duration::seconds(31));
    h.login(&username, PW).await
}

/// A second dispute, applied for directly by an organisation: the court designates an invited
/// mediator, who ends it as failed; the filing returns to review and is docketed with the room's
/// materials. Also: who may not read the first room.
async fn failed_mediation(h: &Harness, court: &str, first_room: &str, officer: &str, li: &str) {
    let company = h.login("13800000004", PW).await;
    let lawyer = h.login("13800000003", PW).await;
    // The court invites a lawyers' studio and appoints 王律师 as its (managing) mediator.
    let studio = post(
        h,
        &format!("/api/v1/courts/{court}/mediation-organisations"),
        officer,
        json!({"name": "示范律师调解工作室", "kind": "lawyer_studio", "scope": "合同纠纷"}),
    )
    .await;
    let appointed = post(
        h,
        &format!("/api/v1/courts/{court}/mediators"),
        officer,
        json!({"login": "13800000003", "organisation_id": studio["id"], "manages_organisation": true, "specialities": ["买卖合同"]}),
    )
    .await;
    assert_eq!(appointed["status"], "active");
    let lawyer_id = appointed["account_id"].as_str().unwrap().to_owned();
    let again = h
        .json(
            "POST",
            &format!("/api/v1/courts/{court}/mediators"),
            Some(officer),
            json!({"login": "13800000003"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let by_party = h
        .json(
            "POST",
            &format!("/api/v1/courts/{court}/mediators"),
            Some(li),
            json!({"login": "13800000001"}),
        )
        .await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);

    let mut filing = crate::filing::complete_filing(court, false);
    filing["parties"] = json!([
        {"role": "plaintiff", "kind": "organisation", "name": "示范科技有限公司", "id_number": "91350100M000100Y43", "address": "示范市示范路4号", "phone": "13800000004"},
        respondent()
    ]);
    filing["cause"] = json!("买卖合同纠纷");
    let created = h
        .json("POST", "/api/v1/filings", Some(&company), filing)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let filing_id = created.json()["id"].as_str().unwrap().to_owned();
    let applied = h
        .json(
            "POST",
            &format!("/api/v1/filings/{filing_id}/mediation"),
            Some(&company),
            json!({}),
        )
        .await;
    assert_eq!(applied.status, StatusCode::CREATED, "{}", applied.body);
    let room = applied.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/mediations/{room}");
    let code = invitation_code(h, &room).await;
    post(
        h,
        &format!("{path}/answer"),
        li,
        json!({"code": code, "accept": true}),
    )
    .await;
    let by_party = h
        .json(
            "POST",
            &format!("{path}/designation"),
            Some(li),
            json!({"mediator": lawyer_id}),
        )
        .await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);
    post(
        h,
        &format!("{path}/designation"),
        officer,
        json!({"mediator": lawyer_id}),
    )
    .await;
    post(h, &format!("{path}/acceptance"), &lawyer, json!({})).await;
    post(
        h,
        &format!("{path}/messages"),
        &company,
        json!({"body": "货款须一次付清。"}),
    )
    .await;
    let shared = upload(
        h,
        &format!("{path}/materials?kind=evidence&title=送货单&file_name=delivery.pdf"),
        li,
        pdf("送货单"),
    )
    .await;
    assert_eq!(shared.status, StatusCode::CREATED, "{}", shared.body);

    // A mediator of another mediation, a party of another dispute and the public: 404.
    for token in [Some(lawyer.as_str()), Some(company.as_str()), None] {
        assert_eq!(h.get(first_room, token).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            h.get(&format!("{first_room}/messages"), token).await.status,
            StatusCode::NOT_FOUND
        );
    }

    // The mediator ends it (art. 25 (五)) with the account art. 21 asks for.
    let bare = h
        .json(
            "POST",
            &format!("{path}/end"),
            Some(&lawyer),
            json!({"reason": "disagreement"}),
        )
        .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    let failed = post(
        h,
        &format!("{path}/end"),
        &lawyer,
        json!({"reason": "disagreement", "note": "双方对货款数额分歧较大。"}),
    )
    .await;
    assert_eq!(status(&failed), "failed");
    let back = h
        .get(&format!("/api/v1/filings/{filing_id}"), Some(&company))
        .await
        .json();
    assert_eq!(back["status"], "submitted", "{back}");
    let docketed = post(
        h,
        &format!("/api/v1/filings/{filing_id}/docket"),
        officer,
        json!({"procedure": "civil_ordinary"}),
    )
    .await;
    let case = docketed["case"]["id"].as_str().unwrap().to_owned();
    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(li))
        .await;
    assert_eq!(
        dossier.status,
        StatusCode::OK,
        "the respondent takes part in the case"
    );
    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(officer))
        .await;
    let titles: Vec<String> = dossier.json()["catalogue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["material"]["title"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        titles.iter().any(|t| t == "送货单") && titles.iter().any(|t| t == "调解笔录"),
        "{titles:?}"
    );
}

crate::on_both_backends!(
    mediation_from_diversion_to_confirmation_and_failure,
    mediation_flow
);
