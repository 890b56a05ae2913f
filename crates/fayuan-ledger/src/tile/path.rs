//! Tile resource paths: `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`.
//!
//! `<N>` is written as zero-padded three-digit groups, all but the last prefixed with `x`
//! (1234067 is `x001/x234/067`); `.p/<W>` marks a partial tile of width `W` (1 to 255).

use super::{TILE_WIDTH, TileId, TilePath};
use crate::{LedgerError, decimal};

/// The highest tile level a path may name.
const MAX_LEVEL: u8 = 63;

/// The path of a tile or entry bundle, without a leading `/`. The tile's width must be
/// `1..=TILE_WIDTH`.
pub fn encode_tile_path(p: &TilePath) -> String {
    let (kind, tile) = match p {
        TilePath::Hashes(tile) => (tile.level.to_string(), tile),
        TilePath::Entries(tile) => ("entries".to_owned(), tile),
    };
    let mut path = format!("tile/{kind}/{}", encode_index(tile.index));
    if tile.width < TILE_WIDTH {
        path.push_str(&format!(".p/{}", tile.width));
    }
    path
}

fn encode_index(index: u64) -> String {
    let mut text = format!("{:03}", index % 1000);
    let mut rest = index / 1000;
    while rest > 0 {
        text = format!("x{:03}/{text}", rest % 1000);
        rest /= 1000;
    }
    text
}

/// Parses a path written by [`encode_tile_path`] (no leading `/`), accepting only the canonical
/// form: level 0 to 63 without leading zeros, index groups without a leading `x000`, and `.p/W`
/// only for widths 1 to 255 without leading zeros.
pub fn parse_tile_path(path: &str) -> Result<TilePath, LedgerError> {
    let malformed = LedgerError::MalformedTilePath;
    let mut parts = path.split('/');
    if parts.next() != Some("tile") {
        return Err(malformed("does not start with tile/"));
    }
    let kind = parts.next().ok_or(malformed("missing level"))?;
    let mut groups: Vec<&str> = parts.collect();

    let mut width = TILE_WIDTH;
    if let [.., before, last] = groups.as_mut_slice()
        && let Some(index_group) = before.strip_suffix(".p")
    {
        width = decimal::parse_u64(last)
            .filter(|w| (1..TILE_WIDTH).contains(w))
            .ok_or(malformed("partial width is not 1 to 255"))?;
        *before = index_group;
        groups.pop();
    }
    let index = parse_index(&groups)?;

    if kind == "entries" {
        return Ok(TilePath::Entries(TileId {
            level: 0,
            index,
            width,
        }));
    }
    let level = decimal::parse_u64(kind)
        .and_then(|l| u8::try_from(l).ok())
        .filter(|&l| l <= MAX_LEVEL)
        .ok_or(malformed("level is not 0 to 63"))?;
    Ok(TilePath::Hashes(TileId {
        level,
        index,
        width,
    }))
}

fn parse_index(groups: &[&str]) -> Result<u64, LedgerError> {
    let malformed = LedgerError::MalformedTilePath;
    let Some((last, leading)) = groups.split_last() else {
        return Err(malformed("missing index"));
    };
    if leading.first() == Some(&"x000") {
        return Err(malformed("index has a leading zero group"));
    }
    let mut index: u64 = 0;
    for (i, group) in groups.iter().enumerate() {
        let digits = if i < leading.len() {
            group
                .strip_prefix('x')
                .ok_or(malformed("index group lacks its x prefix"))?
        } else {
            last
        };
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed("index group is not three digits"));
        }
        let value: u64 = digits
            .parse()
            .map_err(|_| malformed("index group is not three digits"))?;
        index = index
            .checked_mul(1000)
            .and_then(|i| i.checked_add(value))
            .ok_or(malformed("index overflows"))?;
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(level: u8, index: u64, width: u64) -> TilePath {
        TilePath::Hashes(TileId {
            level,
            index,
            width,
        })
    }

    fn entries(index: u64, width: u64) -> TilePath {
        TilePath::Entries(TileId {
            level: 0,
            index,
            width,
        })
    }

    #[test]
    fn encodes_and_parses_spec_forms() {
        let cases = [
            (hashes(0, 1_234_067, 256), "tile/0/x001/x234/067"),
            (hashes(1, 0, 12), "tile/1/000.p/12"),
            (hashes(0, 1, 5), "tile/0/001.p/5"),
            (hashes(63, 0, 1), "tile/63/000.p/1"),
            (hashes(2, 999, 256), "tile/2/999"),
            (hashes(2, 1000, 255), "tile/2/x001/000.p/255"),
            (entries(1067, 256), "tile/entries/x001/067"),
            (entries(0, 1), "tile/entries/000.p/1"),
            (
                hashes(0, u64::MAX, 256),
                "tile/0/x018/x446/x744/x073/x709/x551/615",
            ),
        ];
        for (path, text) in cases {
            assert_eq!(encode_tile_path(&path), text);
            assert_eq!(parse_tile_path(text), Ok(path), "{text}");
        }
    }

    #[test]
    fn rejects_non_canonical_and_bad_paths() {
        for bad in [
            "",
            "/tile/0/000",
            "tile",
            "tile/",
            "tile/0",
            "tile/0/",
            "tile/0/000/",
            "tiles/0/000",
            "tile/00/000",
            "tile/01/000",
            "tile/+1/000",
            "tile/-1/000",
            "tile/64/000",
            "tile/256/000",
            "tile/x/000",
            "tile/0/1",
            "tile/0/0001",
            "tile/0/+01",
            "tile/0/x000/001",
            "tile/0/001/002",
            "tile/0/x001/x02/003",
            "tile/0/xx01/002",
            "tile/0/x001",
            "tile/0/000.p/256",
            "tile/0/000.p/0",
            "tile/0/000.p/05",
            "tile/0/000.p/+5",
            "tile/0/000.p",
            "tile/0/000.p/",
            "tile/0/000.p/5/6",
            "tile/0/x001.p/000",
            "tile/0/000.p.p/5",
            "tile/0/x018/x446/x744/x073/x709/x551/616",
            "tile/entries/000.p/256",
            "tile/entries/x000/001",
            "tile/entries",
            "tile/3/5/x123/x456/078",
        ] {
            assert!(parse_tile_path(bad).is_err(), "{bad:?}");
        }
    }
}
