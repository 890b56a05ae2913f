//! C2SP tlog-tiles: the log's tree and entries served as static, cacheable resources.
//!
//! A tile at level `L` and index `N` holds up to 256 consecutive hashes of tree level `8 * L`,
//! namely nodes `N * 256 .. N * 256 + width`; a tile narrower than 256 is *partial*. Entry
//! bundles hold the log entries whose leaf hashes make up the level-0 tile of the same index.

mod bundle;
mod path;

pub use bundle::{decode_entry_bundle, encode_entry_bundle};
pub use path::{encode_tile_path, parse_tile_path};

use std::ops::Range;

/// How many tree levels one tile spans.
pub const TILE_HEIGHT: u8 = 8;
/// How many hashes (or entries) a full tile holds.
pub const TILE_WIDTH: u64 = 256;

/// One tile (or entry bundle) of a tiled log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TileId {
    /// The tile level: its hashes sit at tree level `TILE_HEIGHT * level` (0 for entry bundles).
    pub level: u8,
    /// The tile's position within its level.
    pub index: u64,
    /// How many hashes or entries it holds, `1..=TILE_WIDTH`; `TILE_WIDTH` means a full tile.
    pub width: u64,
}

/// A resource path of a tiled log: a hash tile or an entry bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TilePath {
    /// `tile/<L>/<N>[.p/<W>]`: Merkle tree hashes.
    Hashes(TileId),
    /// `tile/entries/<N>[.p/<W>]`: the log entries of a level-0 tile (its `level` is 0).
    Entries(TileId),
}

/// The node indexes, at tree level `TILE_HEIGHT * tile.level`, whose hashes the tile holds
/// (saturating at `u64::MAX` for indexes no tree can reach).
pub fn tile_nodes(tile: &TileId) -> Range<u64> {
    let start = tile.index.saturating_mul(TILE_WIDTH);
    start..start.saturating_add(tile.width)
}

/// The tile at `level` and `index` as it exists for a tree of `tree_size` leaves: full, partial,
/// or `None` when the tree has no hashes in it yet.
pub fn tile_for_size(level: u8, index: u64, tree_size: u64) -> Option<TileId> {
    let shift = u32::from(level) * u32::from(TILE_HEIGHT);
    let hashes_at_level = tree_size.checked_shr(shift).unwrap_or(0);
    let start = index.checked_mul(TILE_WIDTH)?;
    let width = hashes_at_level.checked_sub(start)?.min(TILE_WIDTH);
    (width > 0).then_some(TileId {
        level,
        index,
        width,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tile(level: u8, index: u64, width: u64) -> Option<TileId> {
        Some(TileId {
            level,
            index,
            width,
        })
    }

    #[test]
    fn tiles_for_the_spec_example_of_70000_leaves() {
        // C2SP tlog-tiles.md: 273 full level-0 tiles, a partial one of width 112, one full
        // level-1 tile, a partial level-1 tile of width 17 and a partial level-2 tile of width 1.
        assert_eq!(tile_for_size(0, 272, 70_000), tile(0, 272, 256));
        assert_eq!(tile_for_size(0, 273, 70_000), tile(0, 273, 112));
        assert_eq!(tile_for_size(0, 274, 70_000), None);
        assert_eq!(tile_for_size(1, 0, 70_000), tile(1, 0, 256));
        assert_eq!(tile_for_size(1, 1, 70_000), tile(1, 1, 17));
        assert_eq!(tile_for_size(1, 2, 70_000), None);
        assert_eq!(tile_for_size(2, 0, 70_000), tile(2, 0, 1));
        assert_eq!(tile_for_size(3, 0, 70_000), None);
    }

    #[test]
    fn tiles_at_boundaries() {
        assert_eq!(tile_for_size(0, 0, 0), None);
        assert_eq!(tile_for_size(0, 0, 1), tile(0, 0, 1));
        assert_eq!(tile_for_size(0, 0, 255), tile(0, 0, 255));
        // A tree of 256 leaves: a full level-0 tile and a level-1 tile of width 1.
        assert_eq!(tile_for_size(0, 0, 256), tile(0, 0, 256));
        assert_eq!(tile_for_size(0, 1, 256), None);
        assert_eq!(tile_for_size(1, 0, 256), tile(1, 0, 1));
        assert_eq!(tile_for_size(1, 0, 255), None);
        assert_eq!(tile_for_size(0, 1, 257), tile(0, 1, 1));
        assert_eq!(tile_for_size(1, 0, 65_535), tile(1, 0, 255));
        assert_eq!(tile_for_size(1, 0, 65_536), tile(1, 0, 256));
        assert_eq!(tile_for_size(2, 0, 65_536), tile(2, 0, 1));
        assert_eq!(tile_for_size(7, 0, u64::MAX), tile(7, 0, 255));
        assert_eq!(tile_for_size(8, 0, u64::MAX), None);
        assert_eq!(tile_for_size(63, 0, u64::MAX), None);
        assert_eq!(tile_for_size(0, u64::MAX, u64::MAX), None);
    }

    #[test]
    fn tile_nodes_cover_the_tile_width() {
        assert_eq!(
            tile_nodes(&TileId {
                level: 0,
                index: 0,
                width: 256
            }),
            0..256
        );
        assert_eq!(
            tile_nodes(&TileId {
                level: 1,
                index: 3,
                width: 17
            }),
            768..785
        );
    }
}
