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
        opened["deadline_on"], "2026-12-27",
        "30 calendar days (art. 24)"
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

    // The mediator schedules a session partly by video, partly at the service centre.
    let session = json!({"starts_at": "2026-12-01T09:30:00+08:00", "minutes": 60, "mode": "mixed", "place": "示范区人民法院诉讼服务中心"});
    let by_party = h
        .json(
            "POST",
            &format!("{path}/sessions"),
            Some(&zhang),
            session.clone(),
        )
        .await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);
    let no_place = h
        .json(
            "POST",
            &format!("{path}/sessions"),
            Some(&mediator),
            json!({"starts_at": "2026-12-01T09:30:00+08:00", "minutes": 60, "mode": "on_site"}),
        )
        .await;
    assert_eq!(no_place.status, StatusCode::UNPROCESSABLE_ENTITY);
    let scheduled = post(&h, &format!("{path}/sessions"), &mediator, session).await;
    assert_eq!(scheduled["sessions"][0]["mode"], "mixed");
    let inbox = h.get("/api/v1/inbox", Some(&li)).await.json();
    assert!(
        inbox.to_string().contains("2026年12月01日09时30分"),
        "{inbox}"
    );
    let cancelled = post(
        &h,
        &format!("{path}/sessions/1/cancellation"),
        &mediator,
        json!({}),
    )
    .await;
    assert_eq!(cancelled["sessions"][0]["cancelled"], true);
    let missing = h
        .json(
            "POST",
            &format!("{path}/sessions/9/cancellation"),
            Some(&mediator),
            json!({}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

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
pub(crate) async fn login_judge(h: &Harness, judge_id: &str) -> String {
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

/// Files 张三 v 李四 (with or without consent to mediation) and submits it; returns its id.
async fn filing_against_li(h: &Harness, zhang: &str, court: &str, consent: bool) -> String {
    let mut filing = crate::filing::complete_filing(court, consent);
    filing["parties"][1] = respondent();
    let created = h.json("POST", "/api/v1/filings", Some(zhang), filing).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    post(h, &format!("/api/v1/filings/{id}/submit"), zhang, json!({})).await;
    id
}

/// In a case: the judge starts the mediation and hosts it himself; the period is 15 days under
/// the ordinary procedure; an extension agreed by both parties moves it; the settlement becomes
/// a 调解书 that is served and closes the case by mediation.
async fn case_mediation(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let zhang = h.login("13800000001", PW).await;
    let li = h.login("13800000002", PW).await;
    let officer = h.login("filing", PW).await;
    let filing = filing_against_li(&h, &zhang, &court, false).await;
    let docketed = post(
        &h,
        &format!("/api/v1/filings/{filing}/docket"),
        &officer,
        json!({"procedure": "civil_ordinary"}),
    )
    .await;
    let case = docketed["case"]["id"].as_str().unwrap().to_owned();
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
    let linked = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/participants"),
            Some(&judge),
            json!({"login": "13800000002", "party_name": "李四", "capacity": "party"}),
        )
        .await;
    assert_eq!(linked.status, StatusCode::NO_CONTENT, "{}", linked.body);

    // Only the judge starts it; both parties are asked in their inbox and answer without a code.
    let by_party = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/mediations"),
            Some(&zhang),
            json!({}),
        )
        .await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);
    let started = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/mediations"),
            Some(&judge),
            json!({}),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let room = started.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/mediations/{room}");
    let twice = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/mediations"),
            Some(&judge),
            json!({}),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let inbox = h.get("/api/v1/inbox", Some(&li)).await.json();
    assert!(inbox.to_string().contains("调解邀请"), "{inbox}");
    post(
        &h,
        &format!("{path}/answer"),
        &zhang,
        json!({"accept": true}),
    )
    .await;
    post(&h, &format!("{path}/answer"), &li, json!({"accept": true})).await;
    let listed = h
        .get(&format!("/api/v1/cases/{case}/mediations"), Some(&judge))
        .await
        .json();
    assert_eq!(status(&listed[0]), "assigning");

    // The judge hosts: the period runs from now, 15 days under the ordinary procedure.
    let hosted = post(
        &h,
        &format!("{path}/designation"),
        &judge,
        json!({"mediator": judge_id}),
    )
    .await;
    assert_eq!(status(&hosted), "in_progress");
    assert_eq!(hosted["deadline_on"], "2026-12-12");
    let proposed = post(
        &h,
        &format!("{path}/extension"),
        &judge,
        json!({"days": 10}),
    )
    .await;
    assert_eq!(proposed["extension_days"], 10);
    post(
        &h,
        &format!("{path}/extension"),
        &zhang,
        json!({"days": 10}),
    )
    .await;
    let extended = post(&h, &format!("{path}/extension"), &li, json!({"days": 10})).await;
    assert_eq!(
        extended["deadline_on"], "2026-12-22",
        "both agreed: ten more days"
    );
    assert_eq!(extended["extension_days"], Value::Null);
    let too_long = h
        .json(
            "POST",
            &format!("{path}/extension"),
            Some(&li),
            json!({"days": 365}),
        )
        .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Settlement, signed by the judge and both parties.
    let r = h
        .json(
            "PUT",
            &format!("{path}/settlement"),
            Some(&judge),
            json!({"clauses": ["一、李四于2026年12月31日前向张三归还借款100000元。", "二、案件受理费由李四负担。"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for token in [&judge, &zhang, &li] {
        post(
            &h,
            &format!("{path}/settlement/signatures"),
            token,
            json!({"password": PW}),
        )
        .await;
    }
    assert_eq!(status(&h.get(&path, Some(&judge)).await.json()), "settled");

    // The 调解书 needs consent to electronic service from everyone it is served on.
    let early = h
        .json(
            "POST",
            &format!("{path}/statement"),
            Some(&judge),
            json!({}),
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    assert_eq!(early.json()["code"], "mediation.no_consent");
    for token in [&zhang, &li] {
        let r = h
            .json(
                "PUT",
                &format!("/api/v1/cases/{case}/delivery-address"),
                Some(token),
                json!({"consents_electronic": true}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let by_party = h
        .json(
            "POST",
            &format!("{path}/statement"),
            Some(&zhang),
            json!({}),
        )
        .await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);
    let made = post(&h, &format!("{path}/statement"), &judge, json!({})).await;
    assert!(made["statement_id"].is_string());
    let closed = h
        .get(&format!("/api/v1/cases/{case}"), Some(&judge))
        .await
        .json();
    assert_eq!(closed["case"]["status"], "closed", "{closed}");
    assert_eq!(closed["case"]["closure_mode"], "mediation");
    let served = h.get("/api/v1/deliveries", Some(&li)).await.json();
    let statement = served
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "mediation_statement")
        .unwrap_or_else(|| panic!("no 调解书 served: {served}"));
    let document = h
        .get(
            &format!(
                "/api/v1/deliveries/{}/documents/{}",
                statement["id"].as_str().unwrap(),
                statement["materials"][0].as_str().unwrap()
            ),
            Some(&li),
        )
        .await;
    assert!(crate::delivery::pdf_has_text(
        &document.bytes,
        "当事人自愿达成如下协议"
    ));
    let again = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/mediations"),
            Some(&judge),
            json!({}),
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a closed case is not mediated"
    );
}

crate::on_both_backends!(
    mediation_in_a_case_ends_in_a_served_statement,
    case_mediation
);

/// The periodic sweep: an unanswered invitation ends the attempt and returns the filing to
/// review; a reminder goes out before the period ends; an expired period ends the mediation.
async fn swept(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let zhang = h.login("13800000001", PW).await;
    let li = h.login("13800000002", PW).await;
    let officer = h.login("filing", PW).await;
    h.clock.advance(time::Duration::seconds(31));
    let mediator = h.login("mediator", PW).await;
    let ops = fayuan_app::Ctx::operator("test");

    let unanswered_filing = filing_against_li(&h, &zhang, &court, true).await;
    post(
        &h,
        &format!("/api/v1/filings/{unanswered_filing}/divert"),
        &officer,
        json!({}),
    )
    .await;
    let unanswered = h.get("/api/v1/mediations", Some(&zhang)).await.json()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer_by = h
        .get(&format!("/api/v1/mediations/{unanswered}"), Some(&zhang))
        .await
        .json()["answer_by"]
        .clone();
    assert_eq!(
        answer_by, "2026-12-02",
        "three working days after Friday 27 November"
    );

    let direct_filing = filing_against_li(&h, &zhang, &court, false).await;
    let room = post(
        &h,
        &format!("/api/v1/filings/{direct_filing}/mediation"),
        &zhang,
        json!({}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/mediations/{room}");
    let code = invitation_code(&h, &room).await;
    post(
        &h,
        &format!("{path}/answer"),
        &li,
        json!({"code": code, "accept": true}),
    )
    .await;
    let roster = h
        .get(&format!("/api/v1/courts/{court}/mediation-roster"), None)
        .await
        .json();
    let mediator_id = roster["mediators"][0]["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    post(
        &h,
        &format!("{path}/designation"),
        &officer,
        json!({"mediator": mediator_id}),
    )
    .await;
    let opened = post(&h, &format!("{path}/acceptance"), &mediator, json!({})).await;
    assert_eq!(opened["deadline_on"], "2026-12-27");

    // 3 December: the invitation went unanswered; the filing is back in review.
    h.clock.advance(time::Duration::days(6));
    let zhang = h.login("13800000001", PW).await;
    let report = h.app.run_maintenance(&ops).await.unwrap();
    assert_eq!(report.mediations.unanswered, 1);
    assert_eq!(report.mediations.expired, 0);
    let ended = h
        .get(&format!("/api/v1/mediations/{unanswered}"), Some(&zhang))
        .await
        .json();
    assert_eq!(status(&ended), "failed");
    assert_eq!(ended["end_reason"], "unreachable");
    let filing = h
        .get(
            &format!("/api/v1/filings/{unanswered_filing}"),
            Some(&zhang),
        )
        .await
        .json();
    assert_eq!(filing["status"], "submitted");
    let again = h.app.run_maintenance(&ops).await.unwrap();
    assert_eq!(
        again.mediations.unanswered, 0,
        "a sweep does not repeat itself"
    );

    // 25 December: two days left, everyone is reminded once; 28 December: expired.
    h.clock.advance(time::Duration::days(22));
    let li = h.login("13800000002", PW).await;
    assert_eq!(
        h.app
            .run_maintenance(&ops)
            .await
            .unwrap()
            .mediations
            .reminded,
        1
    );
    assert_eq!(
        h.app
            .run_maintenance(&ops)
            .await
            .unwrap()
            .mediations
            .reminded,
        0
    );
    let inbox = h.get("/api/v1/inbox", Some(&li)).await.json();
    assert!(inbox.to_string().contains("调解期限即将届满"));
    h.clock.advance(time::Duration::days(3));
    let (zhang, li) = (
        h.login("13800000001", PW).await,
        h.login("13800000002", PW).await,
    );
    assert_eq!(
        h.app
            .run_maintenance(&ops)
            .await
            .unwrap()
            .mediations
            .expired,
        1
    );
    let expired = h.get(&path, Some(&li)).await.json();
    assert_eq!(expired["end_reason"], "expired");
    let filing = h
        .get(&format!("/api/v1/filings/{direct_filing}"), Some(&zhang))
        .await
        .json();
    assert_eq!(
        filing["status"], "submitted",
        "back to review for docketing"
    );
}

crate::on_both_backends!(mediation_periods_are_swept, swept);

/// The roster: an organisation's manager nominates its own people for the court to appoint and
/// suspends them; a suspended mediator cannot be chosen; the statistics count by organisation
/// and mediator.
async fn roster_management(h: Harness) {
    h.demo().await;
    let court = demo_court(&h).await;
    let officer = h.login("filing", PW).await;
    let lawyer = h.login("13800000003", PW).await;
    let zhang = h.login("13800000001", PW).await;
    let li = h.login("13800000002", PW).await;
    let org = post(
        &h,
        &format!("/api/v1/courts/{court}/mediation-organisations"),
        &officer,
        json!({"name": "示范律师调解工作室", "kind": "lawyer_studio", "charges_fee": true}),
    )
    .await;
    let dup = h
        .json(
            "POST",
            &format!("/api/v1/courts/{court}/mediation-organisations"),
            Some(&officer),
            json!({"name": "示范律师调解工作室", "kind": "lawyer_studio"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    let bad_kind = h
        .json(
            "POST",
            &format!("/api/v1/courts/{court}/mediation-organisations"),
            Some(&officer),
            json!({"name": "某组织", "kind": "club"}),
        )
        .await;
    assert_eq!(bad_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    post(
        &h,
        &format!("/api/v1/courts/{court}/mediators"),
        &officer,
        json!({"login": "13800000003", "organisation_id": org["id"], "manages_organisation": true}),
    )
    .await;
    // The manager nominates 张三; only the court appoints.
    let nominated = post(
        &h,
        &format!("/api/v1/courts/{court}/mediators"),
        &lawyer,
        json!({"login": "13800000001", "organisation_id": org["id"], "specialities": ["建设工程"], "languages": ["英语"]}),
    )
    .await;
    assert_eq!(nominated["status"], "nominated");
    let zhang_id = nominated["account_id"].as_str().unwrap().to_owned();
    let status_path = format!("/api/v1/courts/{court}/mediators/{zhang_id}/status");
    let self_appointed = h
        .json(
            "POST",
            &status_path,
            Some(&lawyer),
            json!({"status": "active"}),
        )
        .await;
    assert_eq!(self_appointed.status, StatusCode::FORBIDDEN);
    let public = h
        .get(&format!("/api/v1/courts/{court}/mediation-roster"), None)
        .await
        .json();
    assert!(
        !public.to_string().contains(&zhang_id),
        "nominees are not public"
    );
    post(&h, &status_path, &officer, json!({"status": "active"})).await;
    let profile = h
        .json(
            "PUT",
            &format!("/api/v1/courts/{court}/mediators/{zhang_id}/profile"),
            Some(&zhang),
            json!({"specialities": ["建设工程", "物业"], "introduction": "执业二十年"}),
        )
        .await;
    assert_eq!(profile.status, StatusCode::OK, "{}", profile.body);
    let suspended = post(
        &h,
        &status_path,
        &lawyer,
        json!({"status": "suspended", "reason": "长期出差"}),
    )
    .await;
    assert_eq!(suspended["status"], "suspended");
    let public = h
        .get(&format!("/api/v1/courts/{court}/mediation-roster"), None)
        .await
        .json();
    assert!(
        !public.to_string().contains(&zhang_id),
        "suspended mediators are not offered"
    );

    // A suspended mediator cannot be chosen; the court's own can.
    let filing = {
        let mut filing = crate::filing::complete_filing(&court, true);
        filing["parties"] = json!([
            {"role": "plaintiff", "kind": "person", "name": "李四", "id_number": "320311197001011230", "address": "徐州", "phone": "13800000002"},
            {"role": "defendant", "kind": "person", "name": "王五", "address": "北京"}
        ]);
        let created = h.json("POST", "/api/v1/filings", Some(&li), filing).await;
        created.json()["id"].as_str().unwrap().to_owned()
    };
    let room = post(
        &h,
        &format!("/api/v1/filings/{filing}/mediation"),
        &li,
        json!({}),
    )
    .await;
    assert_eq!(
        status(&room),
        "inviting",
        "王五 has no phone: nobody can be invited"
    );
    let stats = h
        .get(
            &format!("/api/v1/courts/{court}/mediation-statistics"),
            Some(&officer),
        )
        .await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.body);
    let stats = stats.json();
    assert_eq!(stats["overall"]["total"], 1);
    assert_eq!(stats["overall"]["open"], 1);
    assert!(
        stats["by_status"].to_string().contains("\"inviting\",1"),
        "{stats}"
    );
    for token in [&zhang, &lawyer] {
        let denied = h
            .get(
                &format!("/api/v1/courts/{court}/mediation-statistics"),
                Some(token),
            )
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
    }
    let withdrawn = post(
        &h,
        &format!(
            "/api/v1/mediations/{}/withdrawal",
            room["id"].as_str().unwrap()
        ),
        &li,
        json!({}),
    )
    .await;
    assert_eq!(status(&withdrawn), "withdrawn");
    let stats = h
        .get(
            &format!("/api/v1/courts/{court}/mediation-statistics"),
            Some(&officer),
        )
        .await
        .json();
    assert_eq!(stats["overall"]["unsettled"], 1);
    assert_eq!(stats["overall"]["success_permille"], 0);
}

crate::on_both_backends!(
    the_roster_is_kept_by_the_court_and_its_organisations,
    roster_management
);

/// A mediation between 张三 and 李四 with the court's mediator, in progress; returns its id.
async fn open_room(h: &Harness, zhang: &str, li: &str) -> String {
    let court = demo_court(h).await;
    let officer = h.login("filing", PW).await;
    h.clock.advance(time::Duration::seconds(31));
    let mediator = h.login("mediator", PW).await;
    let filing = filing_against_li(h, zhang, &court, false).await;
    let room = post(
        h,
        &format!("/api/v1/filings/{filing}/mediation"),
        zhang,
        json!({}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/mediations/{room}");
    let code = invitation_code(h, &room).await;
    post(
        h,
        &format!("{path}/answer"),
        li,
        json!({"code": code, "accept": true}),
    )
    .await;
    let roster = h
        .get(&format!("/api/v1/courts/{court}/mediation-roster"), None)
        .await
        .json();
    let mediator_id = roster["mediators"][0]["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    post(
        h,
        &format!("{path}/designation"),
        &officer,
        json!({"mediator": mediator_id}),
    )
    .await;
    post(h, &format!("{path}/acceptance"), &mediator, json!({})).await;
    room
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens the signalling socket of a room as the holder of `token`.
async fn signal_socket(
    addr: std::net::SocketAddr,
    path: &str,
    token: Option<&str>,
    origin: Option<&str>,
) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut request = format!("ws://{addr}{path}").into_client_request().unwrap();
    if let Some(token) = token {
        request.headers_mut().insert(
            header::AUTHORIZATION,
            format!("Bearer {token}").parse().unwrap(),
        );
    }
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert(header::ORIGIN, origin.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(s, _)| s)
}

/// The next JSON message on a socket.
async fn next_json(socket: &mut Socket) -> Value {
    use futures_util::StreamExt;
    loop {
        let message = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("a message in time")
            .expect("open")
            .expect("readable");
        if let tokio_tungstenite::tungstenite::Message::Text(text) = message {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// The video room's signalling: members exchange offers through the relay, which carries
/// nothing between rooms; strangers and other sites cannot open the socket.
async fn video_signalling(h: Harness) {
    use futures_util::SinkExt;
    h.demo().await;
    let zhang = h.login("13800000001", PW).await;
    let li = h.login("13800000002", PW).await;
    let stranger = h.login("13800000003", PW).await;
    let room = open_room(&h, &zhang, &li).await;
    let ticket = h
        .get(&format!("/api/v1/mediations/{room}/video"), Some(&zhang))
        .await;
    assert_eq!(ticket.status, StatusCode::OK, "{}", ticket.body);
    let ticket = ticket.json();
    assert_eq!(ticket["kind"], "mesh");
    assert_eq!(ticket["capacity"], 6);
    assert_eq!(ticket["display_name"], "申请人 张三");
    let signal = ticket["signal_path"].as_str().unwrap().to_owned();
    assert_eq!(
        h.get(&format!("/api/v1/mediations/{room}/video"), Some(&stranger))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = h.router.clone();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });

    assert!(
        signal_socket(addr, &signal, Some(&stranger), None)
            .await
            .is_err()
    );
    assert!(signal_socket(addr, &signal, None, None).await.is_err());
    assert!(
        signal_socket(addr, &signal, Some(&zhang), Some("https://evil.example"))
            .await
            .is_err(),
        "cross-site sockets are refused"
    );
    let mut a = signal_socket(addr, &signal, Some(&zhang), None)
        .await
        .unwrap();
    let welcome = next_json(&mut a).await;
    assert_eq!(welcome["type"], "welcome");
    assert_eq!(welcome["peers"], json!([]));
    let a_id = welcome["id"].as_u64().unwrap();
    let mut b = signal_socket(addr, &signal, Some(&li), None).await.unwrap();
    let welcome = next_json(&mut b).await;
    assert_eq!(welcome["peers"][0]["name"], "申请人 张三");
    let joined = next_json(&mut a).await;
    assert_eq!(joined["peer"]["name"], "被申请人 李四");
    let offer = json!({"type": "signal", "to": a_id, "data": {"description": {"type": "offer", "sdp": "v=0"}}});
    b.send(tokio_tungstenite::tungstenite::Message::Text(
        offer.to_string().into(),
    ))
    .await
    .unwrap();
    let relayed = next_json(&mut a).await;
    assert_eq!(relayed["type"], "signal");
    assert_eq!(relayed["name"], "被申请人 李四");
    assert_eq!(relayed["data"]["description"]["sdp"], "v=0");
    b.close(None).await.unwrap();
    let left = next_json(&mut a).await;
    assert_eq!(left["type"], "left");
    server.abort();
}

crate::on_both_backends!(video_rooms_are_signalled_for_members_only, video_signalling);

/// The first bytes of a WebM file (an EBML header whose DocType is webm), then `filler`.
pub(crate) fn webm(filler: &[u8]) -> Vec<u8> {
    let mut out = vec![
        0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2,
        0x81, 0x04, 0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x84,
    ];
    out.extend_from_slice(b"webm");
    out.extend_from_slice(filler);
    out
}

/// Sends a piece of a recording.
pub(crate) async fn piece(
    h: &Harness,
    recording: &str,
    offset: usize,
    token: &str,
    bytes: Vec<u8>,
) -> crate::harness::Reply {
    let req = Request::patch(format!("/api/v1/recordings/{recording}?offset={offset}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .unwrap();
    h.send(req).await
}

/// Recording a session: the mediator uploads pieces in order (a repeated or skipped piece is
/// refused with where to resume), finishing files the recording as 录音录像 with its ledger
/// entry; a recording left idle is filed by the sweep.
async fn recordings(h: Harness) {
    h.demo().await;
    let zhang = h.login("13800000001", PW).await;
    let li = h.login("13800000002", PW).await;
    let room = open_room(&h, &zhang, &li).await;
    h.clock.advance(time::Duration::seconds(31));
    let mediator = h.login("mediator", PW).await;
    let path = format!("/api/v1/mediations/{room}/recordings");
    let by_party = h.json("POST", &path, Some(&zhang), json!({})).await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);
    let started = post(&h, &path, &mediator, json!({})).await;
    let recording = started["id"].as_str().unwrap().to_owned();
    assert_eq!(started["bytes"], 0);
    let first = webm(&[7; 1000]);
    let second = vec![9u8; 500];
    let r = piece(&h, &recording, 0, &mediator, first.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let again = piece(&h, &recording, 0, &mediator, first.clone()).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.json()["code"], "recording.offset");
    let gap = piece(&h, &recording, first.len() + 10, &mediator, second.clone()).await;
    assert_eq!(gap.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stranger = piece(&h, &recording, first.len(), &zhang, second.clone()).await;
    assert_eq!(
        stranger.status,
        StatusCode::NOT_FOUND,
        "only the recorder uploads"
    );
    let resume = h
        .get(&format!("/api/v1/recordings/{recording}"), Some(&mediator))
        .await
        .json();
    assert_eq!(resume["bytes"], first.len());
    let r = piece(&h, &recording, first.len(), &mediator, second.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let finished = post(
        &h,
        &format!("/api/v1/recordings/{recording}/finish"),
        &mediator,
        json!({}),
    )
    .await;
    assert_eq!(finished["status"], "finished");
    let material = finished["material_id"].as_str().unwrap().to_owned();
    let late = piece(
        &h,
        &recording,
        first.len() + second.len(),
        &mediator,
        vec![1],
    )
    .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Filed in the dossier, in the ledger, readable by the parties.
    let listed = h
        .get(&format!("/api/v1/mediations/{room}/materials"), Some(&li))
        .await
        .json();
    let entry = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == material.as_str())
        .unwrap_or_else(|| panic!("no recording in {listed}"))
        .clone();
    assert_eq!(entry["kind"], "audio_video");
    assert_eq!(entry["format"], "webm");
    let whole = [first, second].concat();
    let hash = fayuan_core::digest::ContentHash::of(&whole);
    assert_eq!(entry["sha256"], hash.sha256.as_str());
    h.app.integrate_ledger().await.unwrap();
    let receipt = h.get(entry["receipt_url"].as_str().unwrap(), None).await;
    let check = fayuan_app::ledger::Receipt::parse(&receipt.body)
        .unwrap()
        .verify(&h.app.ledger.verifier_keys, Some(&hash))
        .unwrap();
    assert!(check.content_checked);
    let listed = h.get(&path, Some(&zhang)).await.json();
    assert_eq!(listed[0]["material_id"], material.as_str());

    // A recording whose browser went away is filed by the sweep half an hour later.
    let idle = post(&h, &path, &mediator, json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = piece(&h, &idle, 0, &mediator, webm(b"cut off")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ops = fayuan_app::Ctx::operator("test");
    assert_eq!(
        h.app
            .run_maintenance(&ops)
            .await
            .unwrap()
            .mediations
            .recordings_filed,
        0
    );
    h.clock.advance(time::Duration::minutes(31));
    assert_eq!(
        h.app
            .run_maintenance(&ops)
            .await
            .unwrap()
            .mediations
            .recordings_filed,
        1
    );
    let zhang = h.login("13800000001", PW).await;
    let listed = h.get(&path, Some(&zhang)).await.json();
    assert!(listed[1]["material_id"].is_string(), "{listed}");
    assert!(
        !h.data
            .path
            .join("staging/recordings")
            .read_dir()
            .unwrap()
            .any(|_| true),
        "the pieces are removed once filed"
    );
}

crate::on_both_backends!(recordings_are_uploaded_in_pieces_and_filed, recordings);
