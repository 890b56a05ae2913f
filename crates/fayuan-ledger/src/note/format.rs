//! The signed-note text format: parsing and writing, without any cryptography.

use crate::LedgerError;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// The most signature lines a note may carry (C2SP requires accepting at least 16).
pub(crate) const MAX_SIGNATURES: usize = 100;

const SIGNATURE_PREFIX: &str = "— ";

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// The key name.
    pub name: String,
    /// The key ID written in front of the signature bytes.
    pub key_id: u32,
    /// The signature bytes, without the key ID.
    pub signature: Vec<u8>,
}

/// A note's text and its signature lines, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The signed text, ending in a newline.
    pub text: String,
    /// The signatures, in the order of their lines.
    pub signatures: Vec<NoteSignature>,
}

impl Note {
    /// Parses a signed note by the C2SP syntax: no control characters but newline, text ending
    /// in a newline, a blank line, then 1 to 100 lines `— <name> <base64(key ID || signature)>`
    /// each ending in a newline, with valid key names and canonical base64 of more than 4 bytes.
    ///
    /// Parsing checks no signature; see [`open_note`](super::open_note).
    pub fn parse(note: &str) -> Result<Self, LedgerError> {
        check_characters(note)?;
        let split = note.rfind("\n\n").ok_or(LedgerError::MalformedNote(
            "no blank line before the signatures",
        ))?;
        let (text, lines) = (&note[..=split], &note[split + 2..]);
        let lines = lines.strip_suffix('\n').ok_or(LedgerError::MalformedNote(
            "signatures do not end with a newline",
        ))?;
        let signatures = lines
            .split('\n')
            .map(parse_signature_line)
            .collect::<Result<Vec<_>, _>>()?;
        if signatures.len() > MAX_SIGNATURES {
            return Err(LedgerError::MalformedNote("too many signatures"));
        }
        Ok(Self {
            text: text.to_owned(),
            signatures,
        })
    }

    /// Writes the note: text, blank line, then one line per signature.
    ///
    /// The fields must already be valid (as from [`Note::parse`] or a signer): the output of an
    /// invalid note will not parse.
    pub fn encode(&self) -> String {
        let mut out = self.text.clone();
        out.push('\n');
        for sig in &self.signatures {
            let mut raw = sig.key_id.to_be_bytes().to_vec();
            raw.extend_from_slice(&sig.signature);
            out.push_str(SIGNATURE_PREFIX);
            out.push_str(&sig.name);
            out.push(' ');
            out.push_str(&STANDARD.encode(raw));
            out.push('\n');
        }
        out
    }
}

fn parse_signature_line(line: &str) -> Result<NoteSignature, LedgerError> {
    let rest = line
        .strip_prefix(SIGNATURE_PREFIX)
        .ok_or(LedgerError::MalformedNote(
            "signature line does not start with an em dash",
        ))?;
    let (name, encoded) = rest.split_once(' ').ok_or(LedgerError::MalformedNote(
        "signature line lacks a signature",
    ))?;
    if !is_valid_name(name) {
        return Err(LedgerError::MalformedNote("invalid key name"));
    }
    let raw = STANDARD
        .decode(encoded)
        .map_err(|_| LedgerError::MalformedNote("signature is not canonical base64"))?;
    match raw.split_first_chunk::<4>() {
        Some((id, signature)) if !signature.is_empty() => Ok(NoteSignature {
            name: name.to_owned(),
            key_id: u32::from_be_bytes(*id),
            signature: signature.to_vec(),
        }),
        _ => Err(LedgerError::MalformedNote("signature is too short")),
    }
}

/// Rejects ASCII control characters other than newline.
pub(crate) fn check_characters(text: &str) -> Result<(), LedgerError> {
    if text.chars().any(|c| c < ' ' && c != '\n') {
        return Err(LedgerError::MalformedNote("control character"));
    }
    Ok(())
}

/// A key name is non-empty and has no Unicode white space and no `+`.
pub(crate) fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    /// golang.org/x/mod sumdb/note note_test.go: the PeterNeumann signature line.
    const PETER_SIG: &str = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    #[test]
    fn parses_and_reencodes_the_example() {
        let text = format!("{TEXT}\n{PETER_SIG}");
        let note = Note::parse(&text).unwrap();
        assert_eq!(note.text, TEXT);
        assert_eq!(note.signatures.len(), 1);
        assert_eq!(note.signatures[0].name, "PeterNeumann");
        assert_eq!(note.signatures[0].key_id, 0xc74f20a3);
        assert_eq!(note.signatures[0].signature.len(), 64);
        assert_eq!(note.encode(), text);
    }

    #[test]
    fn text_may_contain_blank_lines() {
        let note = Note::parse(&format!("a\n\nb\n\n{PETER_SIG}")).unwrap();
        assert_eq!(note.text, "a\n\nb\n");
    }

    #[test]
    fn rejects_malformed_notes() {
        // golang.org/x/mod sumdb/note note_test.go TestOpen badMsgs, plus spec rules.
        let bad = [
            TEXT.to_owned(),
            format!("{TEXT}\n"),
            format!("{TEXT}\n{}", &PETER_SIG[..PETER_SIG.len() - 1]),
            format!("\x01{TEXT}\n{PETER_SIG}"),
            format!("{TEXT}\t\n{PETER_SIG}"),
            format!("{TEXT}\r\n\n{PETER_SIG}"),
            format!(
                "{TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
            ),
            format!("{TEXT}\n{PETER_SIG}Unexpected line.\n"),
            format!("{TEXT}\n{PETER_SIG}\n"),
            format!(
                "{TEXT}\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
            ),
            format!(
                "{TEXT}\n— Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
            ),
            format!(
                "{TEXT}\n— Peter\u{3000}Neumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
            ),
            format!(
                "{TEXT}\n—  x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
            ),
            format!("{TEXT}\n— PeterNeumann \n"),
            format!("{TEXT}\n— PeterNeumann\n"),
            format!("{TEXT}\n— PeterNeumann x08gAA==\n"),
            format!(
                "{TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n"
            ),
            format!(
                "{TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAN=\n"
            ),
            format!("{TEXT}\n{}", PETER_SIG.repeat(MAX_SIGNATURES + 1)),
        ];
        for note in bad {
            assert!(Note::parse(&note).is_err(), "{note:?}");
        }
        assert!(Note::parse(&format!("{TEXT}\n{}", PETER_SIG.repeat(MAX_SIGNATURES))).is_ok());
    }
}
