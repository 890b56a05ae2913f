//! The C2SP tlog-checkpoint note body: a log's origin, tree size and root hash.
//!
//! ```text
//! example.com/behind-the-sofa
//! 20852163
//! CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
//! ```
//!
//! The body is the text of a signed note (see [`crate::note`]); extension lines may follow the
//! root hash.

use crate::{Hash, LedgerError, decimal};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// A log's signed statement of its tree: origin, size, root hash and optional extension lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity, conventionally a schema-less URL such as `example.com/log42`.
    pub origin: String,
    /// The number of leaves in the tree.
    pub size: u64,
    /// The RFC 6962 root hash of the tree at `size`.
    pub root: Hash,
    /// Opaque, non-empty extension lines after the root hash (not recommended by the spec).
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// The note text: origin, size and base64 root hash, then extension lines, each ending in a
    /// newline. The fields must already be valid: a non-empty single-line origin and non-empty
    /// single-line extensions.
    pub fn to_body(&self) -> String {
        let mut body = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root)
        );
        for line in &self.extensions {
            body.push_str(line);
            body.push('\n');
        }
        body
    }

    /// Parses a checkpoint note text: at least three non-empty lines each ending in a newline, a
    /// canonical decimal size (no leading zeros) and a base64 root hash of exactly 32 bytes.
    pub fn parse(body: &str) -> Result<Self, LedgerError> {
        let content = body
            .strip_suffix('\n')
            .ok_or(LedgerError::MalformedCheckpoint(
                "body does not end with a newline",
            ))?;
        let mut lines = content.split('\n');
        let mut next =
            |what: &'static str| lines.next().ok_or(LedgerError::MalformedCheckpoint(what));
        let origin = next("missing origin line")?;
        let size_line = next("missing tree size line")?;
        let root_line = next("missing root hash line")?;
        if origin.is_empty() {
            return Err(LedgerError::MalformedCheckpoint("empty origin"));
        }
        let size = decimal::parse_u64(size_line).ok_or(LedgerError::MalformedCheckpoint(
            "tree size is not a canonical decimal",
        ))?;
        let root = STANDARD
            .decode(root_line)
            .ok()
            .and_then(|bytes| Hash::try_from(bytes).ok())
            .ok_or(LedgerError::MalformedCheckpoint(
                "root hash is not base64 of 32 bytes",
            ))?;
        let extensions: Vec<String> = lines.map(str::to_owned).collect();
        if extensions.iter().any(String::is_empty) {
            return Err(LedgerError::MalformedCheckpoint("empty extension line"));
        }
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root,
            extensions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example body from C2SP tlog-checkpoint.md.
    const SPEC_BODY: &str =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    #[test]
    fn parses_the_spec_example_and_round_trips() {
        let checkpoint = Checkpoint::parse(SPEC_BODY).unwrap();
        assert_eq!(checkpoint.origin, "example.com/behind-the-sofa");
        assert_eq!(checkpoint.size, 20_852_163);
        assert_eq!(checkpoint.root[..3], [0x0a, 0xc5, 0x18]);
        assert!(checkpoint.extensions.is_empty());
        assert_eq!(checkpoint.to_body(), SPEC_BODY);
    }

    #[test]
    fn extension_lines_round_trip() {
        let checkpoint = Checkpoint {
            origin: "court.example/ledger".into(),
            size: 0,
            root: [7; 32],
            extensions: vec!["hash sm3".into(), "— not a signature".into()],
        };
        let body = checkpoint.to_body();
        assert!(body.starts_with("court.example/ledger\n0\n"));
        assert_eq!(Checkpoint::parse(&body).unwrap(), checkpoint);
    }

    #[test]
    fn rejects_malformed_bodies() {
        let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
        for bad in [
            String::new(),
            "o\n1\n".to_owned(),
            format!("o\n1\n{root}"),
            format!("\n1\n{root}\n"),
            format!("o\n01\n{root}\n"),
            format!("o\n+1\n{root}\n"),
            format!("o\n-1\n{root}\n"),
            format!("o\n\n{root}\n"),
            format!("o\n1 \n{root}\n"),
            format!("o\n18446744073709551616\n{root}\n"),
            "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n".to_owned(),
            "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n".to_owned(),
            "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n".to_owned(),
            format!("o\n1\n{root}\n\n"),
            format!("o\n1\n{root}\next\n\n"),
        ] {
            assert!(Checkpoint::parse(&bad).is_err(), "{bad:?}");
        }
        assert!(Checkpoint::parse(&format!("o\n0\n{root}\n")).is_ok());
    }
}
