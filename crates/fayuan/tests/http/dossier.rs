//! Issue #4: the electronic dossier over HTTP on both backends — submission with format checks,
//! the catalogue of the main volume, the confidential volume never reaching the public, reading
//! applications with watermarked copies, export with bookmarks and a manifest, evidence
//! exchange and cross-examination.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fayuan_core::digest::ContentHash;
use serde_json::{Value, json};

use crate::filing::assigned_case;
use crate::harness::{Harness, Reply};

const PW: &str = fayuan_app::demo::DEMO_PASSWORD;

/// A one-page PDF (made by the dossier's own PDF writer).
pub fn pdf(text: &str) -> Vec<u8> {
    fayuan_pdf::notice_page(&[text.to_owned()]).unwrap()
}

/// A classic-xref PDF whose trailer names an encryption dictionary.
fn encrypted_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        "<< /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -4 >>",
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<01><01>] >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    out
}

/// The headers of a baseline JPEG of the given size (enough for the platform's checks, which
/// never decode pictures).
fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    out.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    out.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// A PNG signature and header claiming the given size.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    out
}

/// Uploads raw bytes.
pub async fn upload(h: &Harness, path: &str, token: &str, bytes: Vec<u8>) -> Reply {
    let req = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .unwrap();
    h.send(req).await
}

fn code(r: &Reply) -> String {
    r.json()["code"].as_str().unwrap_or("").to_owned()
}

/// Nothing stored: no blob, no temporary, no row, no staging file.
async fn nothing_stored(h: &Harness, case: &str, judge: &str) {
    let check = h.app.check_blobs().await.unwrap();
    assert_eq!(check.recorded, 0, "no blob row");
    assert!(check.orphans.is_empty(), "no blob: {:?}", check.orphans);
    let staging = h.data.path.join("staging");
    let left = std::fs::read_dir(&staging).map_or(0, |d| d.count());
    assert_eq!(left, 0, "no staging file left");
    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(judge))
        .await;
    assert_eq!(dossier.json()["catalogue"].as_array().unwrap().len(), 0);
}

async fn submission(h: Harness) {
    h.demo().await;
    let (case, _, judge_name) = assigned_case(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let judge = h.login(&judge_name, PW).await;
    let to_case = |q: &str| format!("/api/v1/cases/{case}/materials?{q}");

    // Refusals, each with a clear code, leaving nothing behind.
    let refusals: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        (
            "kind=evidence&file_name=contract.pdf",
            b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dossier.unsupported_format",
        ),
        (
            "kind=evidence&file_name=scan.pdf",
            jpeg(1240, 1754),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dossier.extension_mismatch",
        ),
        (
            "kind=evidence&file_name=locked.pdf",
            encrypted_pdf(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dossier.pdf_encrypted",
        ),
        (
            "kind=evidence&file_name=huge.png",
            png_header(20_000, 20_000),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dossier.image_too_large",
        ),
        (
            "kind=evidence&file_name=blurry.jpg",
            jpeg(640, 480),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dossier.image_unclear",
        ),
        (
            "kind=evidence&file_name=empty.pdf",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dossier.empty_file",
        ),
        (
            "kind=evidence&file_name=big.pdf",
            [b"%PDF-1.7\n".as_slice(), &vec![b' '; 8 * 1024 * 1024]].concat(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dossier.file_too_large",
        ),
        (
            "kind=deliberation&file_name=a.pdf",
            pdf("评议"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dossier.kind_not_allowed",
        ),
        (
            "file_name=a.pdf",
            pdf("x"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid_query",
        ),
        (
            "kind=nonsense&file_name=a.pdf",
            pdf("x"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dossier.invalid_kind",
        ),
    ];
    for (query, bytes, status, expected) in refusals {
        let r = upload(&h, &to_case(query), &litigant, bytes).await;
        assert_eq!(r.status, status, "{query}: {}", r.body);
        assert_eq!(code(&r), expected, "{query}");
        assert_eq!(r.header("content-type"), "application/problem+json");
        nothing_stored(&h, &case, &judge).await;
    }

    // A PDF and a JPEG are accepted and catalogued in the main volume, evidence after the
    // complaint whatever the order of arrival.
    let evidence = upload(
        &h,
        &to_case("kind=evidence&title=%E5%80%9F%E6%9D%A1&file_name=IOU.JPG"),
        &litigant,
        jpeg(1240, 1754),
    )
    .await;
    assert_eq!(evidence.status, StatusCode::CREATED, "{}", evidence.body);
    let complaint_pdf = pdf("民事起诉状");
    let complaint = upload(
        &h,
        &to_case("kind=complaint&title=%E6%B0%91%E4%BA%8B%E8%B5%B7%E8%AF%89%E7%8A%B6&file_name=complaint.pdf"),
        &litigant,
        complaint_pdf.clone(),
    )
    .await;
    assert_eq!(complaint.status, StatusCode::CREATED, "{}", complaint.body);
    let c = complaint.json();
    assert_eq!(c["volume"], "main");
    assert_eq!(c["format"], "pdf");
    assert_eq!(c["pages"], 1);
    assert_eq!(c["sha256"], ContentHash::of(&complaint_pdf).sha256);
    assert_eq!(c["sm3"], ContentHash::of(&complaint_pdf).sm3);
    assert_eq!(evidence.json()["format"], "jpeg");

    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&judge))
        .await;
    assert_eq!(dossier.status, StatusCode::OK, "{}", dossier.body);
    let lines = dossier.json()["catalogue"].as_array().unwrap().clone();
    let titles: Vec<&str> = lines
        .iter()
        .map(|l| l["material"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["民事起诉状", "借条"], "filed by section");
    assert_eq!(lines[1]["first_page"], 2);
    let check = h.app.check_blobs().await.unwrap();
    assert_eq!(
        (check.recorded, check.missing.len(), check.orphans.len()),
        (2, 0, 0)
    );

    // The judge gets the original; the litigant a watermarked PDF naming them and the case.
    let id = c["id"].as_str().unwrap();
    let original = h
        .get(&format!("/api/v1/materials/{id}/content"), Some(&judge))
        .await;
    assert_eq!(original.status, StatusCode::OK);
    assert_eq!(
        original.bytes, complaint_pdf,
        "streamed from the blob store"
    );
    assert_eq!(
        original.header("content-length"),
        complaint_pdf.len().to_string()
    );
    let copy = h
        .get(&format!("/api/v1/materials/{id}/content"), Some(&litigant))
        .await;
    assert_eq!(copy.status, StatusCode::OK);
    assert_eq!(copy.header("content-type"), "application/pdf");
    assert_ne!(copy.bytes, complaint_pdf);
    assert!(
        watermarked_with(&copy.bytes, "张三"),
        "the reader's name on every page"
    );
}
crate::on_both_backends!(submission_checks_and_catalogue, submission);

/// Whether every page of `pdf` draws `text` (in the CJK font's UTF-16BE hex).
pub fn watermarked_with(pdf: &[u8], text: &str) -> bool {
    let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages = doc.get_pages();
    !pages.is_empty()
        && pages.values().all(|page| {
            let content = doc.get_page_content(*page);
            String::from_utf8_lossy(&content)
                .to_uppercase()
                .contains(&hex)
        })
}

/// Every endpoint that returns materials, for one material id and case.
fn material_endpoints(case: &str, material: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "GET",
            format!("/api/v1/cases/{case}/dossier?volume=confidential"),
        ),
        ("GET", format!("/api/v1/materials/{material}/content")),
        (
            "GET",
            format!("/api/v1/cases/{case}/dossier/export?volume=confidential"),
        ),
        (
            "GET",
            format!("/api/v1/cases/{case}/dossier/manifest?volume=confidential"),
        ),
        ("PATCH", format!("/api/v1/materials/{material}")),
        ("GET", format!("/cases/{case}/dossier?volume=confidential")),
        ("GET", format!("/materials/{material}/view")),
        (
            "GET",
            format!("/cases/{case}/dossier/export?volume=confidential"),
        ),
    ]
}

async fn confidential(h: Harness) {
    h.demo().await;
    let (case, _, judge_name) = assigned_case(&h).await;
    let judge = h.login(&judge_name, PW).await;
    let clerk = h.login("clerk", PW).await;
    // The lawyer becomes the plaintiff's agent; 李四 files a case of his own.
    let linked = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/participants"),
            Some(&clerk),
            json!({"login": "13800000003", "party_name": "张三", "capacity": "agent"}),
        )
        .await;
    assert_eq!(linked.status, StatusCode::NO_CONTENT, "{}", linked.body);
    let secret = upload(
        &h,
        &format!("/api/v1/cases/{case}/materials?kind=deliberation&file_name=pingyi.pdf"),
        &judge,
        pdf("合议庭评议笔录"),
    )
    .await;
    assert_eq!(secret.status, StatusCode::CREATED, "{}", secret.body);
    assert_eq!(secret.json()["volume"], "confidential");
    let secret_id = secret.json()["id"].as_str().unwrap().to_owned();

    // Staff handling the case see it.
    let volume = h
        .get(
            &format!("/api/v1/cases/{case}/dossier?volume=confidential"),
            Some(&judge),
        )
        .await;
    assert_eq!(volume.json()["catalogue"].as_array().unwrap().len(), 1);

    let party = h.login("13800000001", PW).await;
    let lawyer = h.login("13800000003", PW).await;
    let other_party = h.login("13800000002", PW).await;
    // Even with an approved reading application the 副卷 stays out of reach.
    let applied = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/reading-requests"),
            Some(&lawyer),
            json!({"reason": "准备庭审"}),
        )
        .await;
    assert_eq!(applied.status, StatusCode::CREATED, "{}", applied.body);
    let approved = h
        .json(
            "POST",
            &format!(
                "/api/v1/reading-requests/{}/decide",
                applied.json()["id"].as_str().unwrap()
            ),
            Some(&judge),
            json!({"approve": true, "days": 5}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);

    let party_page = h.page_login("13800000001", PW).await;
    let lawyer_page = h.page_login("13800000003", PW).await;
    let other_page = h.page_login("13800000002", PW).await;
    for (who, token, cookie) in [
        ("party", Some(party.as_str()), Some(party_page.as_str())),
        ("lawyer", Some(lawyer.as_str()), Some(lawyer_page.as_str())),
        (
            "other party",
            Some(other_party.as_str()),
            Some(other_page.as_str()),
        ),
        ("anonymous", None, None),
    ] {
        for (method, path) in material_endpoints(&case, &secret_id) {
            let api = path.starts_with("/api");
            let mut req = Request::builder().method(method).uri(&path);
            match (api, token, cookie) {
                (true, Some(t), _) => {
                    req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
                }
                (false, _, Some(c)) => req = req.header(header::COOKIE, c),
                _ => {}
            }
            let body = if method == "PATCH" {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(json!({"title": "x"}).to_string())
            } else {
                Body::empty()
            };
            let r = h.send(req.body(body).unwrap()).await;
            let expected = match (token, api) {
                (None, true) => StatusCode::UNAUTHORIZED,
                // Pages send the anonymous to the login page.
                (None, false) => StatusCode::SEE_OTHER,
                _ => StatusCode::NOT_FOUND,
            };
            assert_eq!(r.status, expected, "{who} {method} {path}: {}", r.body);
            assert!(!r.bytes.windows(6).any(|w| w == b"%PDF-1"), "{who} {path}");
            assert!(!r.body.contains("合议庭评议笔录"), "{who} {path}");
        }
        // The main volume, readable by the litigants, never lists it.
        if let Some(t) = token {
            let main = h
                .get(&format!("/api/v1/cases/{case}/dossier"), Some(t))
                .await;
            assert!(!main.body.contains(&secret_id), "{who}");
        }
    }
}
crate::on_both_backends!(confidential_volume_never_reaches_the_public, confidential);

async fn reading_and_export(h: Harness) {
    h.demo().await;
    let (case, _, judge_name) = assigned_case(&h).await;
    let judge = h.login(&judge_name, PW).await;
    let clerk = h.login("clerk", PW).await;
    let party = h.login("13800000001", PW).await;
    // The clerk scans paper handed in for the defendant 王五 (who is offline).
    let scanned = upload(
        &h,
        &format!(
            "/api/v1/cases/{case}/scans?kind=defence&file_name=dabian.pdf&on_behalf_of=%E7%8E%8B%E4%BA%94"
        ),
        &clerk,
        pdf("民事答辩状"),
    )
    .await;
    assert_eq!(scanned.status, StatusCode::CREATED, "{}", scanned.body);
    assert_eq!(scanned.json()["channel"], "offline");
    assert_eq!(scanned.json()["on_behalf_of"], "王五");
    let bad_party = upload(
        &h,
        &format!("/api/v1/cases/{case}/scans?kind=defence&file_name=x.pdf&on_behalf_of=nobody"),
        &clerk,
        pdf("x"),
    )
    .await;
    assert_eq!(code(&bad_party), "dossier.unknown_party");
    let own = upload(
        &h,
        &format!("/api/v1/cases/{case}/materials?kind=complaint&file_name=qisu.pdf"),
        &party,
        pdf("民事起诉状"),
    )
    .await;
    assert_eq!(own.status, StatusCode::CREATED);
    let image = upload(
        &h,
        &format!("/api/v1/cases/{case}/materials?kind=evidence&file_name=jietiao.jpg"),
        &party,
        jpeg(1240, 1754),
    )
    .await;
    assert_eq!(image.status, StatusCode::CREATED);

    // Before reading is approved the party sees only its own two materials.
    let seen = |r: &Reply| r.json()["catalogue"].as_array().unwrap().len();
    let mine = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&party))
        .await;
    assert_eq!(seen(&mine), 2, "{}", mine.body);
    let defence_id = scanned.json()["id"].as_str().unwrap().to_owned();
    let hidden = h
        .get(
            &format!("/api/v1/materials/{defence_id}/content"),
            Some(&party),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    // Refusal needs reasons; approval is time-limited.
    let applied = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/reading-requests"),
            Some(&party),
            json!({"reason": "查阅被告答辩状"}),
        )
        .await;
    let request = applied.json()["id"].as_str().unwrap().to_owned();
    let decide = format!("/api/v1/reading-requests/{request}/decide");
    let no_reason = h
        .json("POST", &decide, Some(&judge), json!({"approve": false}))
        .await;
    assert_eq!(code(&no_reason), "dossier.reason_required");
    let by_party = h
        .json(
            "POST",
            &decide,
            Some(&party),
            json!({"approve": true, "days": 3}),
        )
        .await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);
    let approved = h
        .json(
            "POST",
            &decide,
            Some(&judge),
            json!({"approve": true, "days": 3}),
        )
        .await;
    assert_eq!(approved.json()["status"], "approved", "{}", approved.body);
    let all = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&party))
        .await;
    assert_eq!(seen(&all), 3);
    let copy = h
        .get(
            &format!("/api/v1/materials/{defence_id}/content"),
            Some(&party),
        )
        .await;
    assert_eq!(copy.status, StatusCode::OK);
    assert!(watermarked_with(&copy.bytes, "张三"));
    assert!(watermarked_with(&copy.bytes, "京0199民初"));
    // The approval runs out.
    h.clock.advance(time::Duration::days(3));
    let party = h.login("13800000001", PW).await;
    let clerk = h.login("clerk", PW).await;
    let expired = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&party))
        .await;
    assert_eq!(seen(&expired), 2);

    // Staff reorder (audited) and export: one bookmark per catalogue line, hashes that match.
    let moved = h
        .json(
            "PATCH",
            &format!("/api/v1/materials/{defence_id}"),
            Some(&clerk),
            json!({"position": 1, "title": "被告答辩状"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.json()["position"], 1);
    let by_litigant = h
        .json(
            "PATCH",
            &format!("/api/v1/materials/{defence_id}"),
            Some(&party),
            json!({"title": "x"}),
        )
        .await;
    assert_eq!(by_litigant.status, StatusCode::FORBIDDEN);
    let export = h
        .get(
            &format!("/api/v1/cases/{case}/dossier/export"),
            Some(&clerk),
        )
        .await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    let doc = lopdf::Document::load_mem(&export.bytes).unwrap();
    let toc = doc.get_toc().unwrap();
    let titles: Vec<String> = toc.toc.iter().map(|t| t.title.clone()).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles[0].contains("被告答辩状"), "{titles:?}");
    let manifest = h
        .get(
            &format!("/api/v1/cases/{case}/dossier/manifest"),
            Some(&clerk),
        )
        .await
        .json();
    let entries = manifest["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries.last().unwrap()["last_page"].as_u64().unwrap() as usize,
        doc.get_pages().len()
    );
    for e in entries {
        let original = h
            .get(
                &format!(
                    "/api/v1/materials/{}/content",
                    e["material_id"].as_str().unwrap()
                ),
                Some(&clerk),
            )
            .await;
        let hash = ContentHash::of(&original.bytes);
        assert_eq!(e["sha256"], hash.sha256);
        assert_eq!(e["sm3"], hash.sm3);
    }
    let litigant_export = h
        .get(
            &format!("/api/v1/cases/{case}/dossier/export"),
            Some(&party),
        )
        .await;
    assert_eq!(litigant_export.status, StatusCode::FORBIDDEN);
}
crate::on_both_backends!(reading_scanning_and_export, reading_and_export);

fn opinion(relevance: &str, reason: &str) -> Value {
    json!({
        "authenticity": {"stance": "admit"},
        "legality": {"stance": "admit"},
        "relevance": {"stance": relevance, "reason": reason}
    })
}

async fn evidence(h: Harness) {
    h.demo().await;
    let (case, _, judge_name) = assigned_case(&h).await;
    let judge = h.login(&judge_name, PW).await;
    let clerk = h.login("clerk", PW).await;
    // 李四 registers as the defendant 王五's party account for this test: link him.
    let linked = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/participants"),
            Some(&clerk),
            json!({"login": "13800000002", "party_name": "王五", "capacity": "party"}),
        )
        .await;
    assert_eq!(linked.status, StatusCode::NO_CONTENT, "{}", linked.body);
    let plaintiff = h.login("13800000001", PW).await;
    let defendant = h.login("13800000002", PW).await;
    // Evidence metadata without a purpose is refused before anything is stored.
    let incomplete = upload(
        &h,
        &format!(
            "/api/v1/cases/{case}/materials?kind=evidence&file_name=jietiao.pdf&evidence_purpose=%20"
        ),
        &plaintiff,
        pdf("借条"),
    )
    .await;
    assert_eq!(code(&incomplete), "evidence.incomplete");
    assert_eq!(h.app.check_blobs().await.unwrap().orphans.len(), 0);
    // The file and its evidence item in one request.
    let material = upload(
        &h,
        &format!(
            "/api/v1/cases/{case}/materials?kind=evidence&title=%E5%80%9F%E6%9D%A1&file_name=jietiao.pdf&evidence_purpose=%E8%AF%81%E6%98%8E%E5%80%9F%E6%AC%BE%E4%BA%8B%E5%AE%9E&evidence_source=%E5%8E%9F%E5%91%8A%E6%8C%81%E6%9C%89&evidence_pages=1"
        ),
        &plaintiff,
        pdf("借条"),
    )
    .await;
    assert_eq!(material.status, StatusCode::CREATED, "{}", material.body);
    let material = material.json();
    let item_id = material["evidence_item_id"].as_str().unwrap().to_owned();
    let board = format!("/api/v1/cases/{case}/evidence");
    // Before the exchange the defendant sees nothing of the plaintiff's evidence.
    let before = h.get(&board, Some(&defendant)).await.json();
    assert_eq!(before["items"].as_array().unwrap().len(), 0);
    let early = h
        .json(
            "POST",
            &format!("/api/v1/evidence/{item_id}/opinions"),
            Some(&defendant),
            opinion("admit", ""),
        )
        .await;
    assert_eq!(early.status, StatusCode::NOT_FOUND);
    let material_id = material["id"].as_str().unwrap();
    let hidden = h
        .get(
            &format!("/api/v1/materials/{material_id}/content"),
            Some(&defendant),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    // The judge opens the exchange until 2026-12-04.
    let opened = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/evidence-exchange"),
            Some(&judge),
            json!({"deadline": "2026-12-04"}),
        )
        .await;
    assert_eq!(opened.status, StatusCode::NO_CONTENT, "{}", opened.body);
    let by_party = h
        .json(
            "POST",
            &format!("/api/v1/cases/{case}/evidence-exchange"),
            Some(&plaintiff),
            json!({"deadline": "2026-12-04"}),
        )
        .await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);
    let after = h.get(&board, Some(&defendant)).await.json();
    assert_eq!(after["items"].as_array().unwrap().len(), 1);
    assert_eq!(after["items"][0]["purpose"], "证明借款事实");
    assert_eq!(after["items"][0]["material_id"], material["id"]);
    let exchanged = h
        .get(
            &format!("/api/v1/materials/{material_id}/content"),
            Some(&defendant),
        )
        .await;
    assert_eq!(exchanged.status, StatusCode::OK);

    // Disputing needs reasons; one's own evidence cannot be cross-examined.
    let opinions = format!("/api/v1/evidence/{item_id}/opinions");
    let unreasoned = h
        .json("POST", &opinions, Some(&defendant), opinion("dispute", ""))
        .await;
    assert_eq!(code(&unreasoned), "evidence.reason_required");
    let own = h
        .json("POST", &opinions, Some(&plaintiff), opinion("admit", ""))
        .await;
    assert_eq!(code(&own), "evidence.own_item");
    let given = h
        .json(
            "POST",
            &opinions,
            Some(&defendant),
            opinion("dispute", "借条与本案借款无关"),
        )
        .await;
    assert_eq!(given.status, StatusCode::CREATED, "{}", given.body);
    assert_eq!(given.json()["late"], false);

    // After the deadline a new item and a changed opinion are marked late.
    h.clock.advance(time::Duration::days(8));
    let plaintiff = h.login("13800000001", PW).await;
    let defendant = h.login("13800000002", PW).await;
    let judge = h.login(&judge_name, PW).await;
    let late_item = h
        .json(
            "POST",
            &board,
            Some(&plaintiff),
            json!({"name": "转账记录", "purpose": "证明交付借款"}),
        )
        .await;
    assert_eq!(late_item.json()["late"], true, "{}", late_item.body);
    let late_opinion = h
        .json(
            "POST",
            &opinions,
            Some(&defendant),
            opinion("dispute", "补充：借条系伪造"),
        )
        .await;
    assert_eq!(late_opinion.json()["late"], true);

    // The court's finding.
    let finding = h
        .json(
            "POST",
            &format!("/api/v1/evidence/{item_id}/finding"),
            Some(&judge),
            json!({"authenticity": true, "legality": true, "relevance": true,
                   "reasoning": "借条与转账记录相互印证，予以采信。"}),
        )
        .await;
    assert_eq!(finding.status, StatusCode::OK, "{}", finding.body);
    assert_eq!(finding.json()["admitted"], true);
    let full = h.get(&board, Some(&plaintiff)).await.json();
    assert_eq!(full["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        full["opinions"].as_array().unwrap().len(),
        1,
        "replaced, not added"
    );
    assert_eq!(full["findings"].as_array().unwrap().len(), 1);
    let stranger_view = h.get(&board, Some(&h.login("13800000004", PW).await)).await;
    assert_eq!(stranger_view.status, StatusCode::NOT_FOUND);
}
crate::on_both_backends!(evidence_exchange_and_cross_examination, evidence);

/// The hidden anti-CSRF field of a page.
pub fn csrf_of(html: &str) -> String {
    html.split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned()
}

fn multipart(csrf: Option<&str>, kind: &str, files: &[(&str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "fayuan-test-boundary";
    let mut body = Vec::new();
    let mut field = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    if let Some(c) = csrf {
        field("_csrf", c);
    }
    field("kind", kind);
    field("title", "");
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn pages(h: Harness) {
    h.demo().await;
    let (case, _, _) = assigned_case(&h).await;
    let cookie = h.page_login("13800000001", PW).await;
    let get = |path: String| {
        Request::get(path)
            .header(header::COOKIE, cookie.clone())
            .body(Body::empty())
            .unwrap()
    };
    let page = h.send(get(format!("/cases/{case}/dossier"))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("卷内目录") && page.body.contains("暂无材料"));
    assert!(
        !page.body.contains("副卷"),
        "no confidential tab for a party"
    );
    let csrf = csrf_of(&page.body);
    let post = |content_type: String, body: Vec<u8>| {
        Request::post(format!("/cases/{case}/dossier/upload"))
            .header(header::COOKIE, cookie.clone())
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    };
    // Without the token nothing is stored.
    let (ct, body) = multipart(None, "evidence", &[("a.pdf", pdf("证据"))]);
    assert_eq!(h.send(post(ct, body)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(h.app.check_blobs().await.unwrap().orphans.len(), 0);
    // Two files in one form; a refused file is named in the page.
    let (ct, body) = multipart(
        Some(&csrf),
        "evidence",
        &[
            ("jietiao.pdf", pdf("借条")),
            ("zhuanzhang.jpg", jpeg(1240, 1754)),
        ],
    );
    let done = h.send(post(ct, body)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let (ct, body) = multipart(
        Some(&csrf),
        "evidence",
        &[("virus.pdf", b"MZ\x90\0".to_vec())],
    );
    let refused = h.send(post(ct, body)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("virus.pdf") && refused.body.contains("文件格式不受支持"));
    let page = h.send(get(format!("/cases/{case}/dossier"))).await;
    assert!(page.body.contains("jietiao.pdf") && page.body.contains("zhuanzhang.jpg"));
    let id = page
        .body
        .split("material=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let viewer = h
        .send(get(format!("/cases/{case}/dossier?material={id}")))
        .await;
    assert!(
        viewer
            .body
            .contains(&format!("<iframe src=\"/materials/{id}/view\""))
    );
    let file = h.send(get(format!("/materials/{id}/view"))).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("content-type"), "application/pdf");
    assert_eq!(file.header("x-frame-options"), "SAMEORIGIN");
    assert!(watermarked_with(&file.bytes, "张三"));
    let evidence = h.send(get(format!("/cases/{case}/evidence"))).await;
    assert_eq!(evidence.status, StatusCode::OK, "{}", evidence.body);
    assert!(evidence.body.contains("添加证据"));
    assert!(
        evidence.body.contains("jietiao.pdf"),
        "one's own materials can be attached to an item"
    );
}
crate::on_both_backends!(dossier_pages, pages);

/// Materials submitted with a filing join the case dossier at docketing (Rules art. 20 ¶1).
async fn filing_materials_flow_in(h: Harness) {
    h.demo().await;
    let court = crate::filing::demo_court(&h).await;
    let litigant = h.login("13800000001", PW).await;
    let officer = h.login("filing", PW).await;
    let filing = crate::filing::submitted_filing(&h, &litigant, &court, false).await;
    let added = upload(
        &h,
        &format!("/api/v1/filings/{filing}/materials?kind=complaint&file_name=qisu.pdf"),
        &litigant,
        pdf("民事起诉状"),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let stranger = h.login("13800000002", PW).await;
    let hidden = h
        .get(
            &format!("/api/v1/filings/{filing}/materials"),
            Some(&stranger),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let seen = h
        .get(
            &format!("/api/v1/filings/{filing}/materials"),
            Some(&officer),
        )
        .await;
    assert_eq!(seen.json().as_array().unwrap().len(), 1);
    let docketed = h
        .json(
            "POST",
            &format!("/api/v1/filings/{filing}/docket"),
            Some(&officer),
            json!({"procedure": "civil_ordinary"}),
        )
        .await;
    let case = docketed.json()["case"]["id"].as_str().unwrap().to_owned();
    let dossier = h
        .get(&format!("/api/v1/cases/{case}/dossier"), Some(&litigant))
        .await
        .json();
    let lines = dossier["catalogue"].as_array().unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["material"]["id"], added.json()["id"]);
    // After docketing the filing takes no more files.
    let late = upload(
        &h,
        &format!("/api/v1/filings/{filing}/materials?kind=other&file_name=x.pdf"),
        &litigant,
        pdf("x"),
    )
    .await;
    assert_eq!(code(&late), "dossier.filing_docketed");
}
crate::on_both_backends!(filing_materials_join_the_case, filing_materials_flow_in);
