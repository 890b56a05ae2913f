//! The labelled masking corpus (`tests/masking/NN-*/`, format in its README): every document
//! either refused with the right article, or published with no protected string left (zero
//! leaks) and every string that must stay still there (zero over-masking).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test binary

use std::path::{Path, PathBuf};

use fayuan_domain::publication::{CaseRecord, mask};

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// What is wrong with one case of the corpus, if anything.
fn check(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let record: CaseRecord =
        match serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()) {
            Ok(r) => r,
            Err(e) => return vec![format!("{name}: case.json: {e}")],
        };
    let text = std::fs::read_to_string(dir.join("judgment.txt")).unwrap();
    let refusal = lines(&dir.join("refuse.txt"));
    match (mask(&record, &text), refusal.first()) {
        (Err(r), Some(expected)) if r.citation() == *expected => Vec::new(),
        (Err(r), expected) => vec![format!(
            "{name}: refused with {} (expected {expected:?})",
            r.citation()
        )],
        (Ok(_), Some(expected)) => vec![format!("{name}: published, expected {expected}")],
        (Ok(masked), None) => {
            let mut wrong = Vec::new();
            for hidden in lines(&dir.join("hide.txt")) {
                if masked.text.contains(&hidden) {
                    wrong.push(format!("{name}: leaks {hidden}"));
                }
            }
            for kept in lines(&dir.join("keep.txt")) {
                if !masked.text.contains(&kept) {
                    wrong.push(format!("{name}: lost {kept}"));
                }
            }
            if !wrong.is_empty() {
                wrong.push(format!("{name}: masked text:\n{}", masked.text));
            }
            wrong
        }
    }
}

#[test]
fn the_labelled_corpus_masks_without_leaks_or_over_masking() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/masking");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.json").is_file())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 30,
        "at least 30 labelled judgments, found {}",
        dirs.len()
    );
    let wrong: Vec<String> = dirs.iter().flat_map(|d| check(d)).collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
