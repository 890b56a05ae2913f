//! Entry bundles: up to 256 log entries, each prefixed by its length as a big-endian `u16`.

use super::TILE_WIDTH;
use crate::LedgerError;

/// Encodes the entries of one bundle (1 to 256 entries of at most 65535 bytes each).
pub fn encode_entry_bundle(entries: &[&[u8]]) -> Result<Vec<u8>, LedgerError> {
    check_count(entries.len())?;
    let mut out = Vec::with_capacity(entries.iter().map(|e| e.len() + 2).sum());
    for entry in entries {
        let len = u16::try_from(entry.len())
            .map_err(|_| LedgerError::MalformedEntryBundle("entry longer than 65535 bytes"))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(entry);
    }
    Ok(out)
}

/// Decodes a bundle written by [`encode_entry_bundle`]; truncated data is an error.
pub fn decode_entry_bundle(data: &[u8]) -> Result<Vec<Vec<u8>>, LedgerError> {
    let mut entries = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let [hi, lo, tail @ ..] = rest else {
            return Err(LedgerError::MalformedEntryBundle("truncated length prefix"));
        };
        let len = usize::from(u16::from_be_bytes([*hi, *lo]));
        let entry = tail
            .get(..len)
            .ok_or(LedgerError::MalformedEntryBundle("truncated entry"))?;
        entries.push(entry.to_vec());
        rest = &tail[len..];
    }
    check_count(entries.len())?;
    Ok(entries)
}

fn check_count(count: usize) -> Result<(), LedgerError> {
    if count == 0 || count as u64 > TILE_WIDTH {
        return Err(LedgerError::MalformedEntryBundle(
            "a bundle holds 1 to 256 entries",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let big = vec![0xab; 65_535];
        let entries: Vec<&[u8]> = vec![b"first", b"", &big, b"\x00\x01"];
        let data = encode_entry_bundle(&entries).unwrap();
        assert_eq!(&data[..7], b"\x00\x05first");
        assert_eq!(&data[7..9], b"\x00\x00");
        assert_eq!(decode_entry_bundle(&data).unwrap(), entries);

        let full: Vec<&[u8]> = vec![b"x"; 256];
        let data = encode_entry_bundle(&full).unwrap();
        assert_eq!(decode_entry_bundle(&data).unwrap().len(), 256);
    }

    #[test]
    fn rejects_bad_bundles() {
        let too_big = vec![0; 65_536];
        assert!(encode_entry_bundle(&[&too_big]).is_err());
        assert!(encode_entry_bundle(&[]).is_err());
        assert!(encode_entry_bundle(&vec![b"x".as_slice(); 257]).is_err());
        assert!(decode_entry_bundle(b"").is_err());
        assert!(decode_entry_bundle(b"\x00").is_err());
        assert!(decode_entry_bundle(b"\x00\x05four").is_err());
        assert!(decode_entry_bundle(b"\x00\x01a\x00").is_err());
        assert!(decode_entry_bundle(&b"\x00\x00".repeat(257)).is_err());
    }
}
