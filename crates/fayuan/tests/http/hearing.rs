//! Issue #8 (scheduling): sittings are scheduled without double-booking a judge, a courtroom or
//! a lawyer (the clash is named); a hearing needs three days' notice unless urgent with a
//! reason; summons are served; public hearings are announced; adjournments are limited.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::Harness;

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

async fn post(h: &Harness, path: &str, token: &str, body: Value) -> crate::harness::Reply {
    h.json("POST", path, Some(token), body).await
}

/// A case of 张三 v 王五 under `procedure`, assigned; returns (case id, judge id, judge token).
async fn heard_case(h: &Harness, procedure: &str) -> (String, String, String) {
    let court = crate::filing::demo_court(h).await;
    let zhang = h.login("13800000001", PW).await;
    let id = crate::filing::submitted_filing(h, &zhang, &court, false).await;
    h.clock.advance(time::Duration::seconds(31));
    let officer = h.login("filing", PW).await;
    let docketed = post(
        h,
        &format!("/api/v1/filings/{id}/docket"),
        &officer,
        json!({"procedure": procedure}),
    )
    .await
    .json();
    let case = docketed["case"]["id"].as_str().unwrap().to_owned();
    h.clock.advance(time::Duration::seconds(31));
    let chief = h.login("chief", PW).await;
    let assigned = post(
        h,
        &format!("/api/v1/cases/{case}/assign"),
        &chief,
        json!({}),
    )
    .await
    .json();
    let judge_id = assigned["judge_id"].as_str().unwrap().to_owned();
    let judge = crate::mediation::login_judge(h, &judge_id).await;
    (case, judge_id, judge)
}

async fn scheduling(h: Harness) {
    h.demo().await;
    let court = crate::filing::demo_court(&h).await;
    let rooms = h.get(&format!("/api/v1/courts/{court}"), None).await.json();
    let room = rooms["courtrooms"][0]["id"].as_str().unwrap().to_owned();
    let (case, judge_id, judge) = heard_case(&h, "civil_ordinary").await;
    let hearings = format!("/api/v1/cases/{case}/hearings");

    // Three days' notice (民事诉讼法 art. 139): the clock says Friday 27 November.
    let early = json!({"kind": "hearing", "starts_at": "2026-11-29T09:00:00+08:00", "minutes": 120, "public": true});
    let refused = post(&h, &hearings, &judge, early.clone()).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(refused.json()["code"], "hearing.notice_period");
    let mut urgent = early.clone();
    urgent["urgent_reason"] = json!("当事人即将出境，经双方同意提前开庭");
    urgent["courtroom_id"] = json!(room);
    let first = post(&h, &hearings, &judge, urgent).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let first = first.json();
    assert_eq!(first["status"], "scheduled");
    assert!(first["attendees"].to_string().contains("张三"), "{first}");

    // The summons reached 张三; the public notice lists the hearing.
    let zhang = h.login("13800000001", PW).await;
    let served = h.get("/api/v1/deliveries", Some(&zhang)).await.json();
    assert!(
        served
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "summons"),
        "{served}"
    );
    let notices = h.get("/api/v1/public/hearings", None).await.json();
    assert_eq!(notices["total"], 1, "{notices}");
    assert_eq!(notices["notices"][0]["place"], "第一法庭", "{notices}");
    assert!(
        notices["notices"][0]["parties"]
            .to_string()
            .contains("张三")
    );
    // One day's (今日开庭 for today), and pages past the end are empty.
    let of_day = |day: &str| {
        let h = &h;
        let path = format!("/api/v1/public/hearings?date={day}");
        async move { h.get(&path, None).await }
    };
    assert_eq!(of_day("2026-11-29").await.json()["total"], 1);
    assert_eq!(of_day("2026-11-28").await.json()["total"], 0);
    assert_eq!(
        of_day("29.11.2026").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let past_end = h
        .get("/api/v1/public/hearings?page=2&per_page=1", None)
        .await
        .json();
    assert_eq!(
        (
            past_end["total"].as_i64(),
            past_end["notices"].as_array().map(Vec::len)
        ),
        (Some(1), Some(0))
    );

    // A second case of the same judge at an overlapping time is refused, naming the first.
    let (second, second_judge, second_token) = heard_case(&h, "civil_summary").await;
    let clash = json!({"kind": "hearing", "starts_at": "2026-11-29T10:00:00+08:00", "minutes": 60, "urgent_reason": "紧急", "courtroom_id": room});
    let token = if second_judge == judge_id {
        &judge
    } else {
        &second_token
    };
    let refused = post(
        &h,
        &format!("/api/v1/cases/{second}/hearings"),
        token,
        clash,
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let detail = refused.json()["detail"].as_str().unwrap().to_owned();
    let first_number = first["case_number"].as_str().unwrap();
    assert!(detail.contains(first_number), "{detail}");
    assert!(
        detail.contains("第一法庭") || detail.contains("法官"),
        "the judge or the courtroom is named: {detail}"
    );
    // Another time: no clash (王五 has no account, so he attends in a courtroom); free times
    // are suggested three days ahead at the earliest.
    let later = json!({"kind": "pre_trial_meeting", "starts_at": "2026-11-29T14:00:00+08:00", "minutes": 60, "courtroom_id": room});
    let ok = post(
        &h,
        &format!("/api/v1/cases/{second}/hearings"),
        token,
        later,
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let times = h
        .get(
            &format!("/api/v1/cases/{case}/hearing-times?minutes=90"),
            Some(&judge),
        )
        .await;
    assert_eq!(times.status, StatusCode::OK, "{}", times.body);
    let times = times.json();
    assert!(times[0].as_str().unwrap() >= "2026-11-30", "{times}");

    // A lawyer acting in two cases cannot be in two courtrooms at once (two summary cases,
    // each heard by a sole judge).
    let (third, third_judge, third_token) = heard_case(&h, "civil_summary").await;
    let second_room = rooms["courtrooms"][1]["id"].as_str().unwrap().to_owned();
    for (c, t) in [(&second, token), (&third, &third_token)] {
        let linked = post(
            &h,
            &format!("/api/v1/cases/{c}/participants"),
            t,
            json!({"login": "13800000003", "party_name": "张三", "capacity": "agent"}),
        )
        .await;
        assert_eq!(linked.status, StatusCode::NO_CONTENT, "{}", linked.body);
    }
    let at = |room: &str| json!({"kind": "hearing", "starts_at": "2026-12-10T09:00:00+08:00", "minutes": 60, "courtroom_id": room});
    let booked = post(
        &h,
        &format!("/api/v1/cases/{second}/hearings"),
        token,
        at(&room),
    )
    .await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
    let refused = post(
        &h,
        &format!("/api/v1/cases/{third}/hearings"),
        &third_token,
        at(&second_room),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let detail = refused.json()["detail"].as_str().unwrap().to_owned();
    assert_ne!(
        third_judge, second_judge,
        "least-loaded assignment spreads the cases"
    );
    assert!(detail.contains("王律师"), "{detail}");

    // Moving a sitting needs a reason and counts like an adjournment: once under the summary
    // procedure.
    let second_sittings = h
        .get(&format!("/api/v1/cases/{second}/hearings"), Some(token))
        .await
        .json();
    let moved = second_sittings
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["starts_at"].as_str().unwrap().starts_with("2026-12-10"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reschedule = format!("/api/v1/hearings/{moved}/reschedule");
    let later = json!({"starts_at": "2026-12-14T09:00:00+08:00", "minutes": 60, "reason": ""});
    let no_reason = post(&h, &reschedule, token, later).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let later =
        json!({"starts_at": "2026-12-14T09:00:00+08:00", "minutes": 60, "reason": "律师另有庭审"});
    let r = post(&h, &reschedule, token, later).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["adjournments"][0], "改期：律师另有庭审");
    let again = json!({"starts_at": "2026-12-15T09:00:00+08:00", "minutes": 60, "reason": "再次"});
    let r = post(&h, &reschedule, token, again).await;
    assert_eq!(r.json()["code"], "hearing.adjournment_limit", "{}", r.body);

    // A courtroom too small for the court and those attending in person is refused.
    h.clock.advance(time::Duration::seconds(31));
    let admin = h.login("admin", PW).await;
    let small = post(
        &h,
        &format!("/api/v1/courts/{court}/courtrooms"),
        &admin,
        json!({"name": "小调解室", "tech": true, "capacity": 3, "equipment": "视频会议终端"}),
    )
    .await;
    assert_eq!(small.status, StatusCode::CREATED, "{}", small.body);
    let small = small.json();
    assert_eq!(small["capacity"], 3);
    let crowded = post(
        &h,
        &hearings,
        &judge,
        json!({"kind": "hearing", "starts_at": "2026-12-11T09:00:00+08:00", "minutes": 60, "courtroom_id": small["id"]}),
    )
    .await;
    assert_eq!(
        crowded.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        crowded.body
    );
    assert_eq!(crowded.json()["code"], "hearing.capacity");

    // Adjourned twice at most under the ordinary procedure.
    let id = first["id"].as_str().unwrap();
    let r = post(
        &h,
        &format!("/api/v1/hearings/{id}/adjournment"),
        &judge,
        json!({"reason": "证人未到庭"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "adjourned");
    let again = post(
        &h,
        &format!("/api/v1/hearings/{id}/adjournment"),
        &judge,
        json!({"reason": "再次"}),
    )
    .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an adjourned sitting is over"
    );
    for day in ["2026-12-07", "2026-12-08"] {
        let s = post(
            &h,
            &hearings,
            &judge,
            json!({"kind": "hearing", "starts_at": format!("{day}T09:00:00+08:00"), "minutes": 60, "courtroom_id": room}),
        )
        .await;
        assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
        let sid = s.json()["id"].as_str().unwrap().to_owned();
        let r = post(
            &h,
            &format!("/api/v1/hearings/{sid}/adjournment"),
            &judge,
            json!({"reason": "补充证据"}),
        )
        .await;
        if day == "2026-12-07" {
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        } else {
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
            assert_eq!(r.json()["code"], "hearing.adjournment_limit");
        }
    }

    // States: the judge opens the waiting room, starts and concludes; the calendar shows it.
    let s = post(
        &h,
        &hearings,
        &judge,
        json!({"kind": "pronouncement", "starts_at": "2026-12-09T09:00:00+08:00", "minutes": 30, "courtroom_id": room}),
    )
    .await
    .json();
    let sid = s["id"].as_str().unwrap();
    for to in ["waiting", "in_session", "concluded"] {
        let r = post(
            &h,
            &format!("/api/v1/hearings/{sid}/status"),
            &judge,
            json!({"status": to}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{to}: {}", r.body);
    }
    let back = post(
        &h,
        &format!("/api/v1/hearings/{sid}/status"),
        &judge,
        json!({"status": "waiting"}),
    )
    .await;
    assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY);
    let calendar = h
        .get("/api/v1/hearing-calendar?date=2026-12-09", Some(&judge))
        .await
        .json();
    assert_eq!(calendar[0]["status"], "concluded", "{calendar}");
    let by_party = post(
        &h,
        &hearings,
        &zhang,
        json!({"kind": "hearing", "starts_at": "2026-12-20T09:00:00+08:00", "minutes": 60}),
    )
    .await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);
}

crate::on_both_backends!(hearings_are_scheduled_without_conflicts, scheduling);

/// Percent-encodes a form.
fn form(pairs: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The hearing pages: the judge schedules through the case's sittings page and opens the
/// waiting room; the party sees the way into the video room; the public notice and the court's
/// calendar list the sitting.
async fn hearing_pages(h: Harness) {
    use crate::delivery::page_request;
    h.demo().await;
    let court = crate::filing::demo_court(&h).await;
    let room = h.get(&format!("/api/v1/courts/{court}"), None).await.json()["courtrooms"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (case, judge_id, _) = heard_case(&h, "civil_summary").await;
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
    let judge = h.page_login(&username, PW).await;
    let zhang = h.page_login("13800000001", PW).await;
    let path = format!("/cases/{case}/hearings");
    let shown = h.send(page_request(&judge, &path, None)).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert!(shown.body.contains("可选时间"), "free times are suggested");
    let csrf = crate::dossier::csrf_of(&shown.body);
    let scheduled = h
        .send(page_request(
            &judge,
            &path,
            Some(form(&[
                ("_csrf", &csrf),
                ("kind", "hearing"),
                ("starts_at", "2026-12-03T09:30"),
                ("minutes", "90"),
                ("courtroom", &room),
                ("public", "1"),
            ])),
        ))
        .await;
    assert_eq!(
        scheduled.status,
        StatusCode::SEE_OTHER,
        "{}",
        scheduled.body
    );
    let early = h
        .send(page_request(
            &judge,
            &path,
            Some(form(&[
                ("_csrf", &csrf),
                ("kind", "hearing"),
                ("starts_at", "2026-11-28T09:30"),
                ("minutes", "90"),
                ("courtroom", &room),
            ])),
        ))
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        early.body.contains("第一百三十九条"),
        "the refusal is shown readably"
    );
    h.clock.advance(time::Duration::seconds(31));
    let hearing = h
        .get(
            &format!("/api/v1/cases/{case}/hearings"),
            Some(&h.login(&username, PW).await),
        )
        .await
        .json()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let opened = h
        .send(page_request(
            &judge,
            &format!("/hearings/{hearing}/status"),
            Some(form(&[
                ("_csrf", &csrf),
                ("case", &case),
                ("status", "waiting"),
            ])),
        ))
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let party_view = h.send(page_request(&zhang, &path, None)).await;
    assert_eq!(party_view.status, StatusCode::OK, "{}", party_view.body);
    assert!(
        party_view
            .body
            .contains(&format!("/hearings/{hearing}/video"))
    );
    assert!(
        !party_view.body.contains("name=\"starts_at\""),
        "parties do not schedule"
    );
    let room_page = h
        .send(page_request(
            &zhang,
            &format!("/hearings/{hearing}/video"),
            None,
        ))
        .await;
    assert_eq!(room_page.status, StatusCode::OK);
    assert!(
        !room_page.body.contains("data-host"),
        "the party is a guest"
    );
    let judge_room = h
        .send(page_request(
            &judge,
            &format!("/hearings/{hearing}/video"),
            None,
        ))
        .await;
    assert!(judge_room.body.contains("data-host=\"true\""));
    assert!(
        judge_room.body.contains("王五（到庭参加）"),
        "the room lists who attends in person"
    );
    let timeline = h
        .send(page_request(&zhang, &format!("/cases/{case}"), None))
        .await;
    assert!(
        timeline.body.contains("开庭审理</a>（候审）"),
        "{}",
        timeline.body
    );
    let notices = h.get("/hearings", None).await;
    assert_eq!(notices.status, StatusCode::OK);
    assert!(
        notices.body.contains("公开开庭审理") && notices.body.contains("第一法庭"),
        "{}",
        notices.body
    );
    let calendar = h
        .send(page_request(
            &judge,
            "/staff/calendar?date=2026-12-03",
            None,
        ))
        .await;
    assert_eq!(calendar.status, StatusCode::OK, "{}", calendar.body);
    let number = h
        .get(
            &format!("/api/v1/cases/{case}"),
            Some(&h.login("13800000001", PW).await),
        )
        .await
        .json()["case"]["case_number"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(calendar.body.contains(&number), "{}", calendar.body);

    // The transcript: the judge types it and hands it for review; 张三 signs on the page.
    let transcript = format!("/hearings/{hearing}/transcript");
    let typed = h
        .send(page_request(
            &judge,
            &transcript,
            Some(form(&[
                ("_csrf", &csrf),
                ("text", "审判员：现在开庭。\n原告：坚持诉讼请求。"),
            ])),
        ))
        .await;
    assert_eq!(typed.status, StatusCode::SEE_OTHER, "{}", typed.body);
    let review = h
        .send(page_request(
            &judge,
            &format!("{transcript}/review"),
            Some(form(&[("_csrf", &csrf)])),
        ))
        .await;
    assert_eq!(review.status, StatusCode::SEE_OTHER, "{}", review.body);
    let shown = h.send(page_request(&zhang, &transcript, None)).await;
    assert!(
        shown.body.contains("原告：坚持诉讼请求。") && shown.body.contains("name=\"password\"")
    );
    let zhang_csrf = crate::dossier::csrf_of(&shown.body);
    let wrong = h
        .send(page_request(
            &zhang,
            &format!("{transcript}/signatures"),
            Some(form(&[("_csrf", &zhang_csrf), ("password", "wrong")])),
        ))
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNAUTHORIZED,
        "a wrong password is refused readably"
    );
    let signed = h
        .send(page_request(
            &zhang,
            &format!("{transcript}/signatures"),
            Some(form(&[("_csrf", &zhang_csrf), ("password", PW)])),
        ))
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let after = h.send(page_request(&zhang, &transcript, None)).await;
    assert!(after.body.contains("已签名") && !after.body.contains("name=\"password\""));
}

crate::on_both_backends!(hearings_through_the_pages, hearing_pages);

/// Issue #8's transcript acceptance: a transcript cannot be locked until every required signer
/// signed or the clerk recorded a refusal, and a transcript under review or signed cannot be
/// edited; locking files it with its ledger entry.
async fn transcripts(h: Harness) {
    h.demo().await;
    let court = crate::filing::demo_court(&h).await;
    let room = h.get(&format!("/api/v1/courts/{court}"), None).await.json()["courtrooms"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (case, _, judge) = heard_case(&h, "civil_summary").await;
    h.clock.advance(time::Duration::seconds(31));
    let clerk = h.login("clerk", PW).await;
    let zhang = h.login("13800000001", PW).await;
    let stranger = h.login("13800000002", PW).await;
    let sitting = post(
        &h,
        &format!("/api/v1/cases/{case}/hearings"),
        &clerk,
        json!({"kind": "hearing", "starts_at": "2026-12-03T09:30:00+08:00", "minutes": 90, "courtroom_id": room}),
    )
    .await;
    assert_eq!(sitting.status, StatusCode::CREATED, "{}", sitting.body);
    let path = format!(
        "/api/v1/hearings/{}/transcript",
        sitting.json()["id"].as_str().unwrap()
    );
    let put = |token: String, body: Value| {
        let (h, path) = (&h, path.clone());
        async move { h.json("PUT", &path, Some(&token), body).await }
    };
    let empty = h.get(&path, Some(&zhang)).await.json();
    let names: Vec<&str> = empty["signers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["capacity"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["审判员", "书记员", "原告", "被告"], "{empty}");
    assert_eq!(
        h.get(&path, Some(&stranger)).await.status,
        StatusCode::NOT_FOUND
    );
    let by_party = put(zhang.clone(), json!({"paragraphs": ["伪造"]})).await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);
    let typed = put(
        clerk.clone(),
        json!({"paragraphs": ["审判员：现在开庭。", "原告：坚持诉讼请求。"]}),
    )
    .await;
    assert_eq!(typed.status, StatusCode::OK, "{}", typed.body);
    assert_eq!(
        post(&h, &format!("{path}/review"), &clerk, json!({}))
            .await
            .json()["status"],
        "reviewing"
    );
    let under_review = put(clerk.clone(), json!({"paragraphs": ["改"]})).await;
    assert_eq!(under_review.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(under_review.json()["code"], "transcript.locked_text");

    // 张三 and the judge sign; locking waits for the clerk and 王五.
    for token in [&zhang, &judge] {
        let r = post(
            &h,
            &format!("{path}/signatures"),
            token,
            json!({"password": PW}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let early = post(&h, &format!("{path}/lock"), &clerk, json!({})).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(early.json()["code"], "transcript.unsigned");
    let objected = post(
        &h,
        &format!("{path}/objections"),
        &zhang,
        json!({"text": "第2段补充：并申请鉴定。"}),
    )
    .await;
    assert_eq!(objected.status, StatusCode::OK, "{}", objected.body);
    let signed_edit = put(clerk.clone(), json!({"paragraphs": ["改"]})).await;
    assert_eq!(
        signed_edit.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a signed transcript cannot be edited"
    );
    post(
        &h,
        &format!("{path}/objections/1/resolution"),
        &clerk,
        json!({"note": "经核对，原告庭上未申请鉴定，不予更正。"}),
    )
    .await;
    post(
        &h,
        &format!("{path}/signatures"),
        &clerk,
        json!({"password": PW}),
    )
    .await;
    let still = post(&h, &format!("{path}/lock"), &clerk, json!({})).await;
    assert_eq!(still.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(still.json()["detail"].as_str().unwrap().contains("王五"));
    let bare = post(
        &h,
        &format!("{path}/signers/4/accounting"),
        &clerk,
        json!({}),
    )
    .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    post(
        &h,
        &format!("{path}/signers/4/accounting"),
        &clerk,
        json!({"refusal": "被告经传票传唤未到庭"}),
    )
    .await;
    let locked = post(&h, &format!("{path}/lock"), &clerk, json!({})).await;
    assert_eq!(locked.status, StatusCode::OK, "{}", locked.body);
    let locked = locked.json();
    assert_eq!(locked["status"], "locked");
    for attempt in [
        put(clerk.clone(), json!({"paragraphs": ["改"]})).await,
        h.json("POST", &format!("{path}/reopen"), Some(&clerk), json!({}))
            .await,
    ] {
        assert_eq!(
            attempt.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "locked: {}",
            attempt.body
        );
    }

    // Filed in the dossier as a 笔录 with its ledger entry.
    let material = locked["material_id"].as_str().unwrap();
    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&clerk))
        .await
        .json();
    let entry = dossier["catalogue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["material"]["id"] == material)
        .unwrap_or_else(|| panic!("not filed: {dossier}"))["material"]
        .clone();
    assert_eq!(entry["kind"], "court_record");
    h.app.integrate_ledger().await.unwrap();
    let receipt = h.get(entry["receipt_url"].as_str().unwrap(), None).await;
    let check = fayuan_app::ledger::Receipt::parse(&receipt.body)
        .unwrap()
        .verify(&h.app.ledger.verifier_keys, None)
        .unwrap();
    assert_eq!(check.sha256, entry["sha256"].as_str().unwrap());
}

crate::on_both_backends!(
    transcripts_lock_only_when_everyone_is_accounted_for,
    transcripts
);

/// Issue #8's recording acceptance: the judge's browser uploads a sitting's recording in pieces,
/// one piece retried after the client lost track of it; the recording is assembled byte-exactly,
/// filed, and its ledger receipt verifies against the whole file.
async fn hearing_recording(h: Harness) {
    use crate::mediation::{piece, webm};
    h.demo().await;
    let court = crate::filing::demo_court(&h).await;
    let room = h.get(&format!("/api/v1/courts/{court}"), None).await.json()["courtrooms"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (case, _, judge) = heard_case(&h, "civil_summary").await;
    let zhang = h.login("13800000001", PW).await;
    let sitting = post(
        &h,
        &format!("/api/v1/cases/{case}/hearings"),
        &judge,
        json!({"kind": "hearing", "starts_at": "2026-12-03T09:30:00+08:00", "minutes": 90, "courtroom_id": room}),
    )
    .await
    .json();
    let id = sitting["id"].as_str().unwrap();
    let recordings = format!("/api/v1/hearings/{id}/recordings");
    let closed = post(&h, &recordings, &judge, json!({})).await;
    assert_eq!(
        closed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the room is not open yet"
    );
    post(
        &h,
        &format!("/api/v1/hearings/{id}/status"),
        &judge,
        json!({"status": "waiting"}),
    )
    .await;
    let by_party = post(&h, &recordings, &zhang, json!({})).await;
    assert_eq!(
        by_party.status,
        StatusCode::NOT_FOUND,
        "only the presiding judge records"
    );
    let started = post(&h, &recordings, &judge, json!({})).await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let recording = started.json()["id"].as_str().unwrap().to_owned();
    let pieces = [webm(&[1; 3000]), vec![2; 2500], vec![3; 1200]];
    let r = piece(&h, &recording, 0, &judge, pieces[0].clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The client lost the answer and sends the first piece again: refused, it asks where the
    // server is, and continues from there.
    let retried = piece(&h, &recording, 0, &judge, pieces[0].clone()).await;
    assert_eq!(retried.json()["code"], "recording.offset");
    let held = h
        .get(&format!("/api/v1/recordings/{recording}"), Some(&judge))
        .await
        .json()["bytes"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(held, pieces[0].len());
    let r = piece(&h, &recording, held, &judge, pieces[1].clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = piece(
        &h,
        &recording,
        held + pieces[1].len(),
        &judge,
        pieces[2].clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let finished = post(
        &h,
        &format!("/api/v1/recordings/{recording}/finish"),
        &judge,
        json!({}),
    )
    .await
    .json();
    let material = finished["material_id"].as_str().unwrap().to_owned();

    let listed = h.get(&recordings, Some(&zhang)).await.json();
    assert_eq!(listed[0]["material_id"], material.as_str());
    let whole = pieces.concat();
    let hash = fayuan_core::digest::ContentHash::of(&whole);
    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&judge))
        .await
        .json();
    let entry = dossier["catalogue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["material"]["id"] == material.as_str())
        .unwrap()["material"]
        .clone();
    assert_eq!(
        entry["sha256"],
        hash.sha256.as_str(),
        "assembled byte-exactly"
    );
    assert_eq!(entry["kind"], "audio_video");
    assert!(entry["title"].as_str().unwrap().starts_with("庭审录音录像"));
    let stored = h
        .app
        .blobs
        .get(entry["sha256"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(stored, whole);
    h.app.integrate_ledger().await.unwrap();
    let receipt = h.get(entry["receipt_url"].as_str().unwrap(), None).await;
    let check = fayuan_app::ledger::Receipt::parse(&receipt.body)
        .unwrap()
        .verify(&h.app.ledger.verifier_keys, Some(&hash))
        .unwrap();
    assert!(check.content_checked);
}

crate::on_both_backends!(hearing_recordings_are_assembled_exactly, hearing_recording);
