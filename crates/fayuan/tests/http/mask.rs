//! `fayuan mask`: the masked text (exit 0), the refusal with its article (exit 3), unreadable
//! input (exit 2).

use std::process::Command;

use fayuan_store_tests::TempDir;

fn mask(case: &str, text: &str) -> (i32, String, String) {
    let dir = TempDir::new();
    let case_file = dir.path.join("case.json");
    let text_file = dir.path.join("judgment.txt");
    std::fs::write(&case_file, case).unwrap();
    std::fs::write(&text_file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fayuan"))
        .arg("mask")
        .arg("--case")
        .arg(&case_file)
        .arg(&text_file)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn mask_prints_the_public_text_or_the_refusal() {
    let inheritance = r#"{"case_number":"（2026）京0105民初9号","court":"北京市朝阳区人民法院","date":"2026-05-20","case_type":"civil","cause":"法定继承纠纷","document":"judgment","closure":"judgment","people":[{"name":"张三丰","role":"plaintiff"},{"name":"李四","role":"defendant"},{"name":"王律","role":"agent","lawyer":true,"represents":"张三丰"}]}"#;
    let (code, out, err) = mask(
        inheritance,
        "原告张三丰，男，住北京市朝阳区建国路88号，联系电话13912345678。委托诉讼代理人王律，北京示范律师事务所律师。被告李四，女。",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "原告张某，男，住北京市朝阳区。委托诉讼代理人王律，北京示范律师事务所律师。被告李某，女。"
    );
    let divorce = inheritance.replace("法定继承纠纷", "离婚纠纷");
    let (code, out, _) = mask(&divorce, "……");
    assert_eq!(code, 3);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("不予公开：第四条第（四）项"));
    assert_eq!(lines.next(), Some("案号：（2026）京0105民初9号"));
    let (code, _, err) = mask("{", "");
    assert_eq!(code, 2);
    assert!(err.contains("case.json"), "{err}");
}
