//! Issue #9, 裁判文书公开: an effective judgment becomes a publication task due in seven working
//! days; the reviewer sees every change; approval publishes the masked text with a ledger entry;
//! the public finds and reads it without logging in; a withdrawal leaves only its stub; the
//! court's own reason withholds a document (art. 4 (五)); overdue tasks are flagged.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::delivery::page_request;
use crate::filing::assigned_case;
use crate::harness::Harness;

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

/// Issues a judgment with the given paragraphs in the case; returns its material id.
async fn judgment(h: &Harness, clerk: &str, case: &str, paragraphs: Value) -> String {
    let issued = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/documents"),
            Some(clerk),
            json!({ "template": "judgment", "paragraphs": paragraphs }),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
    issued.json()["id"].as_str().unwrap().to_owned()
}

async fn publication(h: Harness) {
    h.demo().await;
    let (case, _, _) = assigned_case(&h).await;
    let clerk = h.login("clerk", PW).await;
    let litigant = h.login("13800000001", PW).await;
    let material = judgment(
        &h,
        &clerk,
        &case,
        json!([
            "原告张三，男，1990年3月7日出生，汉族，住北京市东城区示范路1号，联系电话13800000001。",
            "被告王五，男，住北京市西城区示范路2号。",
            "原告张三与被告王五民间借贷纠纷一案，本院审理终结。被告应向原告尾号为6222021234567890173的账户还款。",
            "判决如下：被告王五于本判决生效之日起十日内返还原告张三借款本金100000元。"
        ]),
    )
    .await;
    let record = |material: &str, effective_on: &str| json!({ "material": material, "effective_on": effective_on, "document_type": "judgment" });
    let url = format!("/api/v1/cases/{case}/publications");

    // Who and what may be recorded.
    let r = h
        .json(
            "POST",
            &url,
            Some(&litigant),
            record(&material, "2026-11-20"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = h
        .json("POST", &url, Some(&clerk), record(&material, "2026-12-20"))
        .await;
    assert_eq!(r.json()["code"], "publication.effective_on");
    let r = h
        .json("POST", &url, Some(&clerk), json!({ "material": material, "effective_on": "2026-11-20", "document_type": "verdict" }))
        .await;
    assert_eq!(r.json()["code"], "publication.document_type");

    // Recorded: due seven working days after 2026-11-20 (a Friday) → 2026-12-01.
    let created = h
        .json("POST", &url, Some(&clerk), record(&material, "2026-11-20"))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let created = created.json();
    assert_eq!(created["status"], "pending");
    assert_eq!(created["due_on"], "2026-12-01");
    let id = created["id"].as_str().unwrap().to_owned();
    let again = h
        .json("POST", &url, Some(&clerk), record(&material, "2026-11-20"))
        .await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "one publication per document"
    );

    // The reviewer sees the original beside the draft and every change with its article.
    let queue = h.get("/api/v1/publications", Some(&clerk)).await.json();
    assert_eq!(queue[0]["id"], id.as_str());
    assert_eq!(queue[0]["overdue"], false);
    let review = h
        .get(&format!("/api/v1/publications/{id}"), Some(&clerk))
        .await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    let review = review.json();
    let originals: Vec<&str> = review["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["original"].as_str().unwrap())
        .collect();
    assert!(
        originals.contains(&"，联系电话13800000001"),
        "{originals:?}"
    );
    assert!(originals.contains(&"示范路1号"), "{originals:?}");
    assert!(
        review["original_text"]
            .as_str()
            .unwrap()
            .contains("13800000001")
    );
    let draft = review["publication"]["public_text"].as_str().unwrap();
    assert!(
        !draft.contains("13800000001") && !draft.contains("示范路1号"),
        "{draft}"
    );
    assert!(
        draft.contains("原告张三，男，1990年3月7日出生，汉族，住北京市东城区。"),
        "{draft}"
    );
    assert!(draft.contains("62×××73"), "{draft}");
    assert_eq!(
        h.get(&format!("/api/v1/publications/{id}"), Some(&litigant))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    h.clock.advance(time::Duration::seconds(31)); // a fresh TOTP step for the page login
    let cookie = h.page_login("clerk", PW).await;
    let page = h
        .send(page_request(&cookie, &format!("/publications/{id}"), None))
        .await;
    assert!(
        page.body
            .contains("<mark title=\"第十条第一款第（一）项\" id=\"c0\">")
            && page.body.contains("〔删除〕")
            && page.body.contains("name=\"keep_0\""),
        "{}",
        page.body
    );

    // Approved with one change undone (the defendant's street stays, say) and a word hidden.
    let keep = review["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["original"] == "示范路2号")
        .unwrap()["index"]
        .clone();
    let too_many: Vec<String> = (0..51).map(|i| format!("隐藏{i}")).collect();
    for also_hide in [json!(["元"]), json!(too_many)] {
        let refused = h
            .json(
                "POST",
                &format!("/api/v1/publications/{id}/approve"),
                Some(&clerk),
                json!({ "also_hide": also_hide }),
            )
            .await;
        assert_eq!(refused.json()["code"], "publication.also_hide");
    }
    let still = h
        .get(&format!("/api/v1/publications/{id}"), Some(&clerk))
        .await;
    assert_eq!(
        still.json()["publication"]["status"],
        "pending",
        "nothing half-done"
    );
    let approved = h
        .json(
            "POST",
            &format!("/api/v1/publications/{id}/approve"),
            Some(&clerk),
            json!({ "keep_original": [keep], "also_hide": ["100000元"] }),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    let approved = approved.json();
    assert_eq!(approved["status"], "published");
    assert!(approved["ledger_index"].as_i64().is_some());
    let text = approved["public_text"].as_str().unwrap();
    assert!(
        text.contains("住北京市西城区示范路2号") && text.contains("借款本金×××"),
        "{text}"
    );
    let twice = h
        .json(
            "POST",
            &format!("/api/v1/publications/{id}/approve"),
            Some(&clerk),
            json!({}),
        )
        .await;
    assert_eq!(twice.json()["code"], "publication.invalid_transition");

    // The public finds and reads it without logging in.
    let found = h
        .get(
            "/api/v1/public/judgments?q=%E6%B0%91%E9%97%B4%E5%80%9F%E8%B4%B7",
            None,
        )
        .await
        .json();
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["hits"][0]["id"], id.as_str());
    assert!(
        found["hits"][0]["snippet_html"]
            .as_str()
            .unwrap()
            .contains("<b>"),
        "highlighted: {found}"
    );
    let causes = found["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "案由")
        .unwrap();
    assert_eq!(causes["values"][0]["value"], "民间借贷纠纷", "{found}");
    let narrowed = h
        .get(
            "/api/v1/public/judgments?q=%E6%A1%88%E7%94%B1%3A%E7%A6%BB%E5%A9%9A%E7%BA%A0%E7%BA%B7",
            None,
        )
        .await
        .json();
    assert_eq!(narrowed["total"], 0, "案由:离婚纠纷 finds nothing");
    let bad = h
        .get(
            "/api/v1/public/judgments?q=%E9%A2%9C%E8%89%B2%3A%E7%BA%A2",
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["code"], "search.query");
    let deep = h
        .get("/api/v1/public/judgments?page=4000000000", None)
        .await;
    assert_eq!(
        deep.json()["code"],
        "search.page",
        "a deep page is refused, not allocated"
    );
    let long = format!("/api/v1/public/judgments?q={}", "%E5%80%9F".repeat(201));
    assert_eq!(h.get(&long, None).await.json()["code"], "search.query");
    let public = h
        .get(&format!("/api/v1/public/judgments/{id}"), None)
        .await
        .json();
    assert!(!public["text"].as_str().unwrap().contains("13800000001"));
    assert_eq!(
        public["receipt_url"],
        format!(
            "/api/v1/ledger/entries/{}/receipt",
            approved["ledger_index"]
        )
    );
    let page = h
        .send(page_request("", &format!("/judgments/{id}"), None))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("住北京市东城区。") && page.body.contains("/ledger?index="),
        "{}",
        page.body
    );
    let list = h
        .send(page_request("", "/judgments?q=%E5%BC%A0%E4%B8%89", None))
        .await;
    assert!(
        list.body.contains(&format!("/judgments/{id}")),
        "{}",
        list.body
    );
    assert!(
        list.body.contains("<b>张三</b>") && list.body.contains("民间借贷纠纷</a> (1)"),
        "{}",
        list.body
    );
    let bad = h
        .send(page_request(
            "",
            "/judgments?q=%E9%A2%9C%E8%89%B2%3A%E7%BA%A2",
            None,
        ))
        .await;
    assert!(
        bad.body.contains("未知的检索字段"),
        "a readable refusal: {}",
        bad.body
    );

    // Corrected in place: more hidden, with a public reason and a new ledger entry; the index
    // follows; only those who publish may correct, and only what would change.
    let correct = |token: &str, hide: &str| {
        let h = &h;
        let path = format!("/api/v1/publications/{id}/correct");
        let body = json!({ "reason": "补充屏蔽被告姓名", "hide": [hide] });
        let token = token.to_owned();
        async move { h.json("POST", &path, Some(&token), body).await }
    };
    let wang = "/api/v1/public/judgments?q=%E7%8E%8B%E4%BA%94";
    assert_eq!(h.get(wang, None).await.json()["total"], 1);
    assert_eq!(
        correct(&litigant, "王五").await.status,
        StatusCode::FORBIDDEN
    );
    let corrected = correct(&clerk, "王五").await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);
    let corrected = corrected.json();
    assert!(!corrected["public_text"].as_str().unwrap().contains("王五"));
    assert!(
        corrected["public_text"]
            .as_str()
            .unwrap()
            .contains("被告×××")
    );
    assert_eq!(corrected["corrections"][0]["reason"], "补充屏蔽被告姓名");
    assert_eq!(
        corrected["corrections"][0]["previous_ledger_index"],
        approved["ledger_index"]
    );
    assert!(corrected["ledger_index"].as_i64() > approved["ledger_index"].as_i64());
    let again = correct(&clerk, "王五").await;
    assert_eq!(again.json()["code"], "publication.correction_unchanged");
    let found = h.get(wang, None).await.json();
    assert_eq!(
        found["total"], 0,
        "the index follows the correction: {found}"
    );
    let page = h
        .send(page_request("", &format!("/judgments/{id}"), None))
        .await;
    assert!(
        page.body.contains("本文书已更正") && page.body.contains("补充屏蔽被告姓名"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("王五"));

    // Withdrawn: gone from search, its page shows the stub with the reason.
    let r = h
        .json(
            "POST",
            &format!("/api/v1/publications/{id}/withdraw"),
            Some(&clerk),
            json!({ "reason": " " }),
        )
        .await;
    assert_eq!(r.json()["code"], "publication.withdrawal_reason");
    let withdrawn = h
        .json(
            "POST",
            &format!("/api/v1/publications/{id}/withdraw"),
            Some(&clerk),
            json!({ "reason": "文书存在笔误，更正后重新公布" }),
        )
        .await;
    assert_eq!(
        withdrawn.json()["status"],
        "withdrawn",
        "{}",
        withdrawn.body
    );
    let found = h.get("/api/v1/public/judgments", None).await.json();
    assert_eq!(found["total"], 0, "gone from the index: {found}");
    let public = h
        .get(&format!("/api/v1/public/judgments/{id}"), None)
        .await
        .json();
    assert_eq!(
        (public["status"].as_str(), public["text"].as_str()),
        (Some("withdrawn"), Some(""))
    );
    let page = h
        .send(page_request("", &format!("/judgments/{id}"), None))
        .await;
    assert!(
        page.body.contains("该文书已撤回") && page.body.contains("文书存在笔误"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("借款本金"), "the text is gone");

    // A second document, effective long ago: overdue in the queue; withheld by the court's
    // reason, only its stub is public.
    let ruling = judgment(
        &h,
        &clerk,
        &case,
        json!(["本院经审查认为，本案涉及商业秘密。"]),
    )
    .await;
    let late = h
        .json("POST", &url, Some(&clerk), record(&ruling, "2026-11-02"))
        .await;
    assert_eq!(late.status, StatusCode::CREATED, "{}", late.body);
    let late_id = late.json()["id"].as_str().unwrap().to_owned();
    let queue = h.get("/api/v1/publications", Some(&clerk)).await.json();
    assert_eq!(queue[0]["id"], late_id.as_str());
    assert_eq!(queue[0]["overdue"], true, "{queue}");
    let page = h.send(page_request(&cookie, "/publications", None)).await;
    assert!(page.body.contains("已逾期"), "{}", page.body);
    let pending = h
        .send(page_request(
            &cookie,
            &format!("/publications/{late_id}"),
            None,
        ))
        .await;
    assert_eq!(pending.status, StatusCode::OK, "{}", pending.body);
    assert!(
        pending.body.contains("审核通过并公布") && pending.body.contains("本院经审查认为"),
        "{}",
        pending.body
    );
    let withheld = h
        .json(
            "POST",
            &format!("/api/v1/publications/{late_id}/approve"),
            Some(&clerk),
            json!({ "withhold_reason": "涉及商业秘密" }),
        )
        .await
        .json();
    assert_eq!(withheld["status"], "withheld", "{withheld}");
    assert_eq!(withheld["withheld"], "不予公开：第四条第（五）项");
    let public = h
        .get(&format!("/api/v1/public/judgments/{late_id}"), None)
        .await
        .json();
    let stub = public["text"].as_str().unwrap();
    assert!(
        stub.contains("不公开理由：涉及商业秘密") && !stub.contains("本院经审查"),
        "{stub}"
    );
    let review = h
        .send(page_request(
            &cookie,
            &format!("/publications/{late_id}"),
            None,
        ))
        .await;
    assert!(
        review.body.contains("不公开理由：涉及商业秘密"),
        "{}",
        review.body
    );

    // The index is derived: lost, it is rebuilt from the database (the withheld stub is public,
    // the withdrawn document is not).
    h.app.search.rebuild(&[]).unwrap();
    assert!(h.app.search_is_empty());
    assert_eq!(h.app.reindex_judgments().await.unwrap(), 1);
    // The maintenance job notices a drifted index and rebuilds it; a current one is left alone.
    h.app.search.rebuild(&[]).unwrap();
    let report = h
        .app
        .run_maintenance(&fayuan_app::Ctx::operator("test"))
        .await
        .unwrap();
    assert_eq!(report.search_reindexed, Some(1));
    assert_eq!(h.app.reconcile_search_index().await.unwrap(), None);
    let found = h.get("/api/v1/public/judgments", None).await.json();
    assert_eq!(found["hits"][0]["id"], late_id.as_str(), "{found}");
}

crate::on_both_backends!(
    judgments_are_masked_reviewed_published_and_withdrawn,
    publication
);

/// 关联文书: two published documents of one case list each other, on the API and the page; a
/// withdrawn one is no longer listed.
async fn related_documents(h: Harness) {
    h.demo().await;
    let (case, _, _) = assigned_case(&h).await;
    let clerk = h.login("clerk", PW).await;
    let url = format!("/api/v1/cases/{case}/publications");
    let mut ids = Vec::new();
    for text in [
        "判决如下：驳回原告的诉讼请求。",
        "裁定如下：补正判决书中的笔误。",
    ] {
        let material = judgment(&h, &clerk, &case, json!([text])).await;
        let created = h
            .json(
                "POST",
                &url,
                Some(&clerk),
                json!({ "material": material, "effective_on": "2026-11-20", "document_type": "judgment" }),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let id = created.json()["id"].as_str().unwrap().to_owned();
        let approved = h
            .json(
                "POST",
                &format!("/api/v1/publications/{id}/approve"),
                Some(&clerk),
                json!({}),
            )
            .await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
        ids.push(id);
    }
    let related = |id: String| {
        let h = &h;
        async move {
            h.get(&format!("/api/v1/public/judgments/{id}/related"), None)
                .await
                .json()
        }
    };
    let first = related(ids[0].clone()).await;
    assert_eq!(first[0]["id"], ids[1].as_str(), "{first}");
    assert_eq!(first[0]["procedure"], "民事一审案件", "{first}");
    assert_eq!(related(ids[1].clone()).await[0]["id"], ids[0].as_str());
    let page = h
        .send(page_request("", &format!("/judgments/{}", ids[0]), None))
        .await;
    assert!(
        page.body.contains("关联文书") && page.body.contains(&format!("/judgments/{}", ids[1])),
        "{}",
        page.body
    );
    let withdrawn = h
        .json(
            "POST",
            &format!("/api/v1/publications/{}/withdraw", ids[1]),
            Some(&clerk),
            json!({ "reason": "重复公布" }),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    assert_eq!(related(ids[0].clone()).await, json!([]));
    let missing = h
        .get("/api/v1/public/judgments/not-an-id/related", None)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

crate::on_both_backends!(
    published_documents_list_their_related_documents,
    related_documents
);
