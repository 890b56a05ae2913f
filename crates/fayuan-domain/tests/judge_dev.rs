//! The masking over real published judgments (`../shared/data/judgments/judge-dev.jsonl`,
//! already masked by their courts). It may only remove what the courts left behind: identity
//! numbers, telephone numbers, accounts, plates, addresses below the county, and real names of
//! victims and witnesses still in the text — never an already masked name, never anything else.
//! Skipped when the shared data is not beside the repository.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test binary

use std::path::PathBuf;

use fayuan_domain::publication::{CaseRecord, CaseType, Rule, mask};

fn corpus() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/judgments/judge-dev.jsonl");
    std::fs::read_to_string(path).ok()
}

#[test]
fn already_masked_judgments_lose_only_remnants() {
    let Some(corpus) = corpus() else { return };
    let record = CaseRecord::new(CaseType::Criminal, "刑事");
    let mut documents = 0;
    let mut by_rule = std::collections::BTreeMap::<String, usize>::new();
    for line in corpus.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = doc["fd"].as_str().unwrap();
        documents += 1;
        let masked = mask(&record, text).unwrap();
        for c in &masked.changes {
            *by_rule.entry(format!("{:?}", c.rule)).or_default() += 1;
            match c.rule {
                Rule::Pseudonym => {
                    let n = c.original.chars().count();
                    assert!(
                        (2..=4).contains(&n)
                            && !c.original.contains('某')
                            && c.original.chars().all(|ch| ch > '\u{4DFF}'),
                        "only a real name left in the text may be pseudonymised: {c:?}"
                    );
                }
                Rule::Address => {
                    assert!(c.replacement.is_empty() && !c.original.is_empty(), "{c:?}")
                }
                _ => assert!(
                    c.original.chars().any(|ch| ch.is_ascii_alphanumeric()),
                    "a number or code: {c:?}"
                ),
            }
        }
        // Nothing outside the changes differs.
        let unchanged: usize = text.chars().count()
            - masked
                .changes
                .iter()
                .map(|c| c.end - c.start)
                .sum::<usize>();
        let kept = masked.text.chars().count()
            - masked
                .changes
                .iter()
                .map(|c| c.replacement.chars().count())
                .sum::<usize>();
        assert_eq!(unchanged, kept);
    }
    assert_eq!(documents, 250);
    println!("changes over {documents} published judgments: {by_rule:?}");
}
