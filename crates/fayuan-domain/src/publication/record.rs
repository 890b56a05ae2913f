//! The publication of one effective judicial document (裁判文书公开, art. 7): a task due seven
//! working days after the document takes effect, the masked draft a reviewer approves, the
//! published text with its ledger entry, its corrections in place and its withdrawal.

use fayuan_core::id::{AccountId, CaseId, CourtId, MaterialId, PublicationId};
use fayuan_core::str_enum;
use time::Date;

use crate::DomainError;

str_enum! {
    /// Where a publication stands.
    pub enum PublicationStatus {
        /// Awaiting review (the masked draft or the art. 6 stub).
        Pending = "pending" / "待审核",
        /// Published: the masked text is public.
        Published = "published" / "已公开",
        /// Not published under art. 4: only the art. 6 stub is public.
        Withheld = "withheld" / "不公开（已公布信息项）",
        /// Withdrawn after publication, with a reason that is public.
        Withdrawn = "withdrawn" / "已撤回",
    }
}

/// One document's publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgmentPublication {
    /// Identifier.
    pub id: PublicationId,
    /// The court.
    pub court_id: CourtId,
    /// The case.
    pub case_id: CaseId,
    /// The document in the dossier.
    pub material_id: MaterialId,
    /// 案号.
    pub case_number: String,
    /// Title as the public sees it (the masked title line, or the stub's).
    pub title: String,
    /// Kind of document (`publication::DocumentType` as text: judgment, ruling …).
    pub document_type: String,
    /// The date the document took effect.
    pub effective_on: Date,
    /// The last day to publish (seven working days later, art. 7).
    pub due_on: Date,
    /// Where it stands.
    pub status: PublicationStatus,
    /// The document's text as issued (never public).
    pub original_text: String,
    /// The masked text (draft, then published), or the art. 6 stub when withheld.
    pub public_text: String,
    /// The art. 4 citation when the document is withheld, else empty.
    pub withheld: String,
    /// Why it was withdrawn (public), else empty.
    pub withdrawal_reason: String,
    /// The ledger entry of the published text.
    pub ledger_index: Option<i64>,
    /// When it became public (µs).
    pub published_at_us: Option<i64>,
    /// Corrections of the published text, oldest first (the text now public is version
    /// `corrections.len() + 1`).
    pub corrections: Vec<Correction>,
    /// Who recorded the document as effective.
    pub created_by: AccountId,
    /// When (µs).
    pub created_at_us: i64,
}

/// A correction in place of a published text (更正): more of it hidden after publication, with
/// a reason the public sees. What was hidden is never kept here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    /// When (µs).
    pub at_us: i64,
    /// Why (public).
    pub reason: String,
    /// The ledger entry of the text it replaced.
    pub previous_ledger_index: Option<i64>,
}

/// The most strings one correction may hide.
pub const MAX_CORRECTION_HIDES: usize = 50;

impl JudgmentPublication {
    /// Corrects the published text in place: every occurrence of each of `hide` becomes ×××,
    /// and the correction is recorded with its public `reason` at `at_us`. Refused unless the
    /// document is published (a withheld stub or a withdrawn one has no text to correct), when
    /// a string is not 2–100 characters, or when nothing would change. The caller deposits the
    /// new text and sets `ledger_index`.
    pub fn correct(
        &mut self,
        hide: &[String],
        reason: &str,
        at_us: i64,
    ) -> Result<(), DomainError> {
        if self.status != PublicationStatus::Published {
            return Err(DomainError::invalid(
                "publication.not_published",
                format!(
                    "文书公开当前为“{}”，只有已公开的文书可以更正。",
                    self.status.label()
                ),
            ));
        }
        let bad = |h: &String| !(2..=100).contains(&h.trim().chars().count());
        if hide.is_empty() || hide.len() > MAX_CORRECTION_HIDES || hide.iter().any(bad) {
            return Err(DomainError::invalid(
                "publication.correction_hide",
                "请填写要屏蔽的内容：每项2至100字，最多50项。",
            ));
        }
        let mut text = self.public_text.clone();
        for h in hide {
            text = text.replace(h.trim(), "×××");
        }
        if text == self.public_text {
            return Err(DomainError::invalid(
                "publication.correction_unchanged",
                "公布的文本中没有要屏蔽的内容。",
            ));
        }
        self.corrections.push(Correction {
            at_us,
            reason: reason.to_owned(),
            previous_ledger_index: self.ledger_index,
        });
        self.title = title_of(&text);
        self.public_text = text;
        Ok(())
    }

    /// Whether it is still pending after its last day.
    pub fn overdue(&self, today: Date) -> bool {
        self.status == PublicationStatus::Pending && today > self.due_on
    }

    /// Checks a move to `to`: review publishes or withholds a pending task; only what is public
    /// can be withdrawn.
    pub fn check_transition(&self, to: PublicationStatus) -> Result<(), DomainError> {
        use PublicationStatus::{Pending, Published, Withdrawn, Withheld};
        let ok = matches!(
            (self.status, to),
            (Pending, Published | Withheld) | (Published | Withheld, Withdrawn)
        );
        if ok {
            Ok(())
        } else {
            Err(DomainError::invalid(
                "publication.invalid_transition",
                format!(
                    "文书公开当前为“{}”，不能变为“{}”。",
                    self.status.label(),
                    to.label()
                ),
            ))
        }
    }
}

/// The title of a document's text: its first two non-empty lines (the court over the kind of
/// document, as court documents open), shortened.
pub fn title_of(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(120)
        .collect()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn publication(status: PublicationStatus) -> JudgmentPublication {
        JudgmentPublication {
            id: PublicationId::new(),
            court_id: CourtId::new(),
            case_id: CaseId::new(),
            material_id: MaterialId::new(),
            case_number: "（2026）京0199民初1号".into(),
            title: "民事判决书".into(),
            document_type: "judgment".into(),
            effective_on: date!(2025 - 09 - 26),
            due_on: date!(2025 - 10 - 10),
            status,
            original_text: String::new(),
            public_text: String::new(),
            withheld: String::new(),
            withdrawal_reason: String::new(),
            ledger_index: None,
            published_at_us: None,
            corrections: Vec::new(),
            created_by: AccountId::new(),
            created_at_us: 0,
        }
    }

    #[test]
    fn a_published_text_is_corrected_in_place_and_the_correction_recorded() {
        let mut p = publication(PublicationStatus::Published);
        p.public_text = "民事判决书\n证人王小明出庭作证，王小明称其住某路1号。".into();
        p.ledger_index = Some(7);
        p.correct(
            &[" 王小明 ".into(), "某路1号".into()],
            "补充屏蔽证人姓名",
            42,
        )
        .unwrap();
        assert_eq!(p.public_text, "民事判决书\n证人×××出庭作证，×××称其住×××。");
        assert_eq!(
            p.corrections,
            [Correction {
                at_us: 42,
                reason: "补充屏蔽证人姓名".into(),
                previous_ledger_index: Some(7),
            }]
        );
        // Nothing left to hide, a one-character string, or no string at all: refused.
        for hide in [vec!["王小明".to_owned()], vec!["王".to_owned()], vec![]] {
            assert!(p.correct(&hide, "再次更正", 43).is_err(), "{hide:?}");
        }
        assert_eq!(p.corrections.len(), 1);
        for status in [
            PublicationStatus::Pending,
            PublicationStatus::Withheld,
            PublicationStatus::Withdrawn,
        ] {
            let mut q = publication(status);
            q.public_text = "王小明".into();
            assert!(q.correct(&["王小明".into()], "更正", 1).is_err());
        }
    }

    #[test]
    fn review_publishes_or_withholds_and_only_public_documents_are_withdrawn() {
        use PublicationStatus::*;
        assert!(publication(Pending).check_transition(Published).is_ok());
        assert!(publication(Pending).check_transition(Withheld).is_ok());
        assert!(publication(Published).check_transition(Withdrawn).is_ok());
        assert!(publication(Pending).check_transition(Withdrawn).is_err());
        assert!(publication(Withdrawn).check_transition(Published).is_err());
        assert!(publication(Pending).overdue(date!(2025 - 10 - 11)));
        assert!(!publication(Pending).overdue(date!(2025 - 10 - 10)));
        assert!(!publication(Published).overdue(date!(2026 - 01 - 01)));
        assert_eq!(
            title_of("\n  示范区人民法院 \n民事判决书\n正文"),
            "示范区人民法院 民事判决书"
        );
    }
}
