//! `fayuan mask --case CASE.json JUDGMENT.txt`: the text of a judgment as the public may read it
//! (法释〔2016〕19号), or the refusal with its article.

use std::path::Path;
use std::process::ExitCode;

use fayuan_domain::publication::{CaseRecord, mask};

/// Exit status when the document may not be published.
const WITHHELD: u8 = 3;

/// Masks the document: prints the masked text (exit 0), or the refusal with the article and the
/// art. 6 stub (exit 3); unreadable input is exit 2.
pub fn run(case: &Path, document: &Path) -> ExitCode {
    let record: CaseRecord = match std::fs::read_to_string(case)
        .map_err(|e| e.to_string())
        .and_then(|json| serde_json::from_str(&json).map_err(|e| e.to_string()))
    {
        Ok(record) => record,
        Err(e) => {
            eprintln!("{}: {e}", case.display());
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(document) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: {e}", document.display());
            return ExitCode::from(2);
        }
    };
    match mask(&record, &text) {
        Ok(masked) => {
            print!("{}", masked.text);
            ExitCode::SUCCESS
        }
        Err(refusal) => {
            println!("{}", refusal.citation());
            println!("{}", refusal.stub(&record));
            ExitCode::from(WITHHELD)
        }
    }
}
