//! Issue #9 (司法数据公开, Rules art. 9): the public caseload statistics, by the API and the page,
//! without logging in — counts under five withheld, and the complement withheld beside a total.
//!
//! Six civil cases are docketed on 2026-11-27; five close by judgment, three two days later and
//! two three days later (average 2.4 days); two administrative cases are docketed on 2026-12-01.

use std::collections::HashMap;

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::{Harness, Reply};

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

/// Files and dockets `n` applications of a category as 张三; returns the case ids.
async fn docketed(
    h: &Harness,
    court: &str,
    category: &str,
    procedure: &str,
    n: usize,
) -> Vec<String> {
    let zhang = h.login("13800000001", PW).await;
    let mut filings = Vec::new();
    for _ in 0..n {
        let mut body = crate::filing::complete_filing(court, false);
        body["category"] = json!(category);
        body["procedure_requested"] = json!(procedure);
        let created = h.json("POST", "/api/v1/filings", Some(&zhang), body).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let id = created.json()["id"].as_str().unwrap().to_owned();
        let submit = format!("/api/v1/filings/{id}/submit");
        let submitted = h.json("POST", &submit, Some(&zhang), json!({})).await;
        assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
        filings.push(id);
    }
    h.clock.advance(time::Duration::seconds(31));
    let officer = h.login("filing", PW).await;
    let mut cases = Vec::new();
    for filing in filings {
        let path = format!("/api/v1/filings/{filing}/docket");
        let reply = h
            .json(
                "POST",
                &path,
                Some(&officer),
                json!({"procedure": procedure}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        cases.push(reply.json()["case"]["id"].as_str().unwrap().to_owned());
    }
    cases
}

/// Assigns the cases; returns each case with the id of its judge in charge.
async fn assigned(h: &Harness, cases: &[String]) -> Vec<(String, String)> {
    h.clock.advance(time::Duration::seconds(31));
    let chief = h.login("chief", PW).await;
    let mut out = Vec::new();
    for case in cases {
        let path = format!("/api/v1/cases/{case}/assign");
        let reply = h.json("POST", &path, Some(&chief), json!({})).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        out.push((
            case.clone(),
            reply.json()["judge_id"].as_str().unwrap().to_owned(),
        ));
    }
    out
}

/// Closes the cases by judgment, each by its judge (logged in afresh: days have passed).
async fn closed(h: &Harness, cases: &[(String, String)]) {
    let mut tokens: HashMap<&str, String> = HashMap::new();
    for (case, judge) in cases {
        if !tokens.contains_key(judge.as_str()) {
            let token = crate::mediation::login_judge(h, judge).await;
            tokens.insert(judge, token);
        }
        let path = format!("/api/v1/cases/{case}/close");
        let reply = h
            .json(
                "POST",
                &path,
                Some(&tokens[judge.as_str()]),
                json!({"mode": "judgment"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
}

async fn statistics(h: &Harness, query: &str) -> Reply {
    h.get(&format!("/api/v1/public/statistics{query}"), None)
        .await
}

/// Every count object (`{"value", "suppressed"}`) of a reply, with where it is.
fn counts<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(map) if map.contains_key("suppressed") => out.push((at, v)),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, x)| counts(x, format!("{at}.{k}"), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, x)| counts(x, format!("{at}[{i}]"), out)),
        _ => {}
    }
}

fn shown(n: u64) -> Value {
    json!({"value": n, "suppressed": false})
}

fn withheld() -> Value {
    json!({"value": null, "suppressed": true})
}

/// The line of a list whose `key` is `value`.
fn line<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|l| l[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value} in {list}"))
}

/// The SVG with this id in a page.
fn svg<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\""
        ))
        .unwrap();
    let end = start + page[start..].find("</svg>").unwrap();
    &page[start..end]
}

/// The character data of markup (text and tooltips), without tags or attributes.
fn texts(markup: &str) -> Vec<&str> {
    markup
        .split('>')
        .filter_map(|p| p.split('<').next())
        .filter(|t| !t.trim().is_empty())
        .collect()
}

async fn public_statistics(h: Harness) {
    h.demo().await;
    let court = crate::filing::demo_court(&h).await;
    let civil = docketed(&h, &court, "civil_first_instance", "civil_ordinary", 6).await;
    let judged = assigned(&h, &civil[..5]).await;
    h.clock.advance(time::Duration::days(2));
    closed(&h, &judged[..3]).await;
    h.clock.advance(time::Duration::days(1));
    closed(&h, &judged[3..]).await;
    h.clock.advance(time::Duration::days(1));
    docketed(
        &h,
        &court,
        "administrative_first_instance",
        "administrative_first_instance",
        2,
    )
    .await;

    // Default: all courts, the twelve months up to December 2026.
    let reply = statistics(&h, "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let s = reply.json();
    assert_eq!(
        (s["from"].as_str(), s["to"].as_str()),
        (Some("2026-01"), Some("2026-12"))
    );
    assert_eq!(s["court"], Value::Null);
    assert_eq!(s["threshold"], 5);
    assert_eq!(s["filed"], shown(8));
    assert_eq!(s["closed"], shown(5));
    assert_eq!(
        s["closure_rate_percent"],
        json!({"value": 62.5, "suppressed": false})
    );
    assert_eq!(
        s["average_days"],
        json!({"value": 2.4, "suppressed": false})
    );
    assert_eq!(s["months"].as_array().unwrap().len(), 12);
    // December's 2 is small; November's 6 is withheld with it, else 8 − 6 would give it back.
    let november = line(&s["months"], "month", "2026-11");
    assert_eq!(
        (&november["filed"], &november["closed"]),
        (&withheld(), &shown(5))
    );
    assert_eq!(line(&s["months"], "month", "2026-12")["filed"], withheld());
    assert_eq!(line(&s["months"], "month", "2026-10")["filed"], shown(0));
    // Likewise per case type: 行政一审 2 and its complement 民事一审 6.
    let types = &s["categories"];
    assert_eq!(
        line(types, "category", "administrative_first_instance")["filed"],
        withheld()
    );
    assert_eq!(
        line(types, "category", "civil_first_instance")["filed"],
        withheld()
    );
    assert_eq!(
        line(types, "category", "civil_first_instance")["label"],
        "民事一审"
    );
    assert_eq!(line(types, "category", "enforcement")["filed"], shown(0));
    let courts = s["courts"].as_array().unwrap();
    assert_eq!(courts.len(), 1);
    assert_eq!(courts[0]["court"]["name"], "示范市示范区人民法院");
    assert_eq!(courts[0]["filed"], shown(8));
    assert_eq!(
        line(&s["closure_modes"], "mode", "judgment")["closed"],
        shown(5)
    );
    assert_eq!(
        line(&s["closure_modes"], "mode", "judgment")["label"],
        "判决"
    );
    let mut all = Vec::new();
    counts(&s, String::new(), &mut all);
    for (at, c) in &all {
        let v = c["value"].as_u64();
        assert!(v != Some(2) && v != Some(6), "{at} leaks {c}");
        assert_eq!(c["suppressed"] == true, c["value"].is_null(), "{at}: {c}");
    }

    // One court, November only: nothing small, every number shown.
    let reply = statistics(&h, &format!("?court={court}&from=2026-11&to=2026-11")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let s = reply.json();
    assert_eq!(s["court"]["id"], court.as_str());
    assert_eq!((&s["filed"], &s["closed"]), (&shown(6), &shown(5)));
    assert_eq!(s["closure_rate_percent"]["value"], 83.3);
    assert_eq!(s["average_days"]["value"], 2.4);
    assert_eq!(
        line(&s["categories"], "category", "civil_first_instance")["filed"],
        shown(6)
    );
    assert_eq!(s["courts"], json!([]), "no per-court table for one court");

    // December alone: two docketed (withheld), so the rate and the average are withheld too.
    let s = statistics(&h, "?from=2026-12&to=2026-12").await.json();
    assert_eq!((&s["filed"], &s["closed"]), (&withheld(), &shown(0)));
    assert_eq!(s["closure_rate_percent"], withheld());
    assert_eq!(s["average_days"], withheld());

    // Refusals: problem+json with a stable code.
    for (query, status, code) in [
        (
            "?from=2026-13",
            StatusCode::UNPROCESSABLE_ENTITY,
            "statistics.month",
        ),
        (
            "?from=2026-12&to=2026-11",
            StatusCode::UNPROCESSABLE_ENTITY,
            "statistics.range",
        ),
        (
            "?from=2021-11&to=2026-11",
            StatusCode::UNPROCESSABLE_ENTITY,
            "statistics.range",
        ),
        (
            "?court=nonsense",
            StatusCode::UNPROCESSABLE_ENTITY,
            "statistics.court",
        ),
        (
            "?court=0190a3c4-0000-7000-8000-000000000000",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ] {
        let refused = statistics(&h, query).await;
        assert_eq!(refused.status, status, "{query}: {}", refused.body);
        assert_eq!(refused.header("content-type"), "application/problem+json");
        assert_eq!(refused.json()["code"], code, "{query}");
    }
    assert_eq!(
        statistics(&h, "?from=2021-12&to=2026-11").await.status,
        StatusCode::OK,
        "60 months"
    );

    // The page: charts as inline SVG, the tables, withheld cells marked, never their numbers.
    let page = h.get("/statistics", None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("<svg") && body.contains("role=\"img\""));
    assert!(
        body.contains("<th scope=\"row\">行政一审</th><td class=\"num\">*</td>"),
        "{body}"
    );
    assert!(body.contains("<th scope=\"row\">民事一审</th><td class=\"num\">*</td>"));
    assert!(body.contains(
        "<th scope=\"row\">2026-12</th><td class=\"num\">*</td><td class=\"num\">0</td>"
    ));
    assert!(body.contains(
        "<th scope=\"row\">2026-11</th><td class=\"num\">*</td><td class=\"num\">5</td>"
    ));
    assert!(body.contains("<th scope=\"row\">示范市示范区人民法院</th><td class=\"num\">8</td>"));
    assert!(body.contains("<dd>62.5</dd>") && body.contains("<dd>2.4</dd>"));
    assert!(body.contains("不足5件的数字一律不公开"));
    // Every tooltip ends in its count; the bar charts write counts as bare texts too (the
    // column chart's bare numbers are also its axis ticks, 0 to 6 in twos here).
    for id in ["chart-months", "chart-types", "chart-courts", "chart-modes"] {
        for text in texts(svg(body, id)) {
            if id == "chart-months" && !text.contains('：') {
                continue;
            }
            let number = text.rsplit('：').next().unwrap();
            assert!(number != "2" && number != "6", "{id} shows {text:?}");
        }
    }
    assert!(
        svg(body, "chart-types").contains("url(#chart-types-hatch)"),
        "hatched placeholders"
    );
    let one = h
        .get(
            &format!("/statistics?court={court}&from=2026-12&to=2026-12"),
            None,
        )
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(one.body.contains("<dd>—</dd>"), "rate and average withheld");
    assert!(!one.body.contains("chart-courts"));
    let refused = h.get("/statistics?from=2026-12&to=2026-01", None).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("起始月份不能晚于结束月份") && !refused.body.contains("<svg"));
    let unknown = h
        .get(
            "/statistics?court=0190a3c4-0000-7000-8000-000000000000",
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(h.get("/", None).await.body.contains("href=\"/statistics\""));
}

crate::on_both_backends!(public_statistics_withhold_small_counts, public_statistics);
