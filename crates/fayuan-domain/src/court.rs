//! Courts, their divisions and courtrooms (Rules arts. 4, 37): the organisation staff belong to.

use fayuan_core::case_number::CourtCode;
use fayuan_core::fee::FeeSchedule;
use fayuan_core::id::{CourtId, CourtroomId, DivisionId};
use fayuan_core::str_enum;

use crate::DomainError;

pub use fayuan_core::case_number::CourtLevel;

str_enum! {
    /// What a division does; decides which work queues reach it.
    pub enum DivisionKind {
        /// 立案庭.
        Filing = "filing" / "立案庭",
        /// 民事审判庭.
        Civil = "civil" / "民事审判庭",
        /// 刑事审判庭.
        Criminal = "criminal" / "刑事审判庭",
        /// 行政审判庭.
        Administrative = "administrative" / "行政审判庭",
        /// 执行局.
        Enforcement = "enforcement" / "执行局",
        /// 审判管理办公室 and other offices.
        Office = "office" / "综合部门",
    }
}

/// A court.
#[derive(Debug, Clone)]
pub struct Court {
    /// Identifier.
    pub id: CourtId,
    /// Full name, e.g. 示范市示范区人民法院.
    pub name: String,
    /// Level.
    pub level: CourtLevel,
    /// Court code (法院代字) used in case numbers, e.g. 京0105 (RULES.md §2.2).
    pub code: String,
    /// The court above it, if any.
    pub parent_id: Option<CourtId>,
    /// The fee ranges its province set (诉讼费用交纳办法 art. 13 ¶2); `None`: the national ranges.
    pub fee_schedule: Option<FeeSchedule>,
}

impl Court {
    /// The fee schedule in force at this court.
    pub fn fees(&self) -> FeeSchedule {
        self.fee_schedule
            .clone()
            .unwrap_or_else(FeeSchedule::national)
    }
}

/// A division of a court.
#[derive(Debug, Clone)]
pub struct Division {
    /// Identifier.
    pub id: DivisionId,
    /// The court.
    pub court_id: CourtId,
    /// Name, e.g. 民事审判第一庭.
    pub name: String,
    /// Kind.
    pub kind: DivisionKind,
}

/// A courtroom.
#[derive(Debug, Clone)]
pub struct Courtroom {
    /// Identifier.
    pub id: CourtroomId,
    /// The court.
    pub court_id: CourtId,
    /// Name, e.g. 第一法庭.
    pub name: String,
    /// Whether it is a 科技法庭 equipped for online hearings (Rules art. 11).
    pub tech: bool,
    /// Seats for the court and the participants; 0 when not recorded.
    pub capacity: i64,
    /// Its equipment (video terminals, recording, evidence display …).
    pub equipment: String,
}

/// Checks that `code` is a court code (案号规定 arts. 4–5) of a court of `level`: 最高法 for the
/// SPC, a high-court code alone for high courts, plus 2 digits for intermediate and 4 for basic
/// courts.
pub fn check_court_code(code: &str, level: CourtLevel) -> Result<String, DomainError> {
    match CourtCode::parse(code.trim()) {
        Ok(parsed) if parsed.level() == level => Ok(parsed.as_str().to_string()),
        _ => Err(DomainError::invalid(
            "court.invalid_code",
            format!(
                "{}的法院代字应为：最高法；高级法院代字（省份简称）；其后加2位（中级）或4位（基层）数字",
                level.label()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn court_codes_follow_levels() {
        assert!(check_court_code("京0105", CourtLevel::Basic).is_ok());
        assert!(check_court_code("川01", CourtLevel::Intermediate).is_ok());
        assert!(check_court_code("兵", CourtLevel::High).is_ok());
        assert!(check_court_code("最高法", CourtLevel::Supreme).is_ok());
        assert!(check_court_code("京105", CourtLevel::Basic).is_err());
        assert!(check_court_code("滇0102", CourtLevel::Basic).is_err());
        assert!(check_court_code("京01", CourtLevel::Basic).is_err());
    }
}
