//! The settlement agreement (调解协议, 在线调解规则 art. 19; 人民调解法 art. 29): drafted from a
//! template in the room, edited by the mediator, signed by the mediator and every party, and in
//! effect once every party has signed.

use fayuan_core::id::{AccountId, MaterialId, MediationId};
use fayuan_core::str_enum;
use serde::{Deserialize, Serialize};
use time::Date;

use super::Mediation;
use crate::DomainError;
use crate::documents::{CourtDocument, DocumentImage};
use crate::filing::PartyRole;

str_enum! {
    /// Where a settlement stands.
    pub enum SettlementStatus {
        /// The mediator is writing it.
        Drafting = "drafting" / "拟定中",
        /// The mediator signed the text; the parties sign it now.
        Signing = "signing" / "待当事人签章",
        /// Every party signed: in effect (art. 19 ¶2).
        Effective = "effective" / "已生效",
    }
}

/// One electronic signature (电子签章) on a settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// Who signed.
    pub account_id: AccountId,
    /// The name signed (the party's name, or the mediator's).
    pub name: String,
    /// The side signed for; `None` for the mediator.
    pub side: Option<PartyRole>,
    /// When (µs).
    pub signed_at_us: i64,
    /// The handwritten signature drawn on the page, as PNG.
    #[serde(with = "png_base64", default)]
    pub handwriting: Option<Vec<u8>>,
}

/// A mediation's settlement agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    /// The mediation.
    pub mediation_id: MediationId,
    /// The clauses (the whole text, paragraph by paragraph).
    pub clauses: Vec<String>,
    /// Where it stands.
    pub status: SettlementStatus,
    /// Signatures in the order given; the mediator's first.
    pub signatures: Vec<Signature>,
    /// The signed PDF in the dossier (deposited in the ledger with it).
    pub material_id: Option<MaterialId>,
    /// Last change (µs).
    pub updated_at_us: i64,
}

/// Limit on a settlement's text.
pub const MAX_SETTLEMENT_CHARS: usize = 20_000;
/// Limit on a handwritten signature's PNG.
pub const MAX_HANDWRITING_BYTES: usize = 256 * 1024;
/// Limit on a handwritten signature's width and height in pixels.
pub const MAX_HANDWRITING_SIDE: u32 = 2_000;

impl Settlement {
    /// The first draft from the template (人民调解法 art. 29: the parties, the dispute, the
    /// agreed terms with the manner and time of performance), for the mediator to edit.
    pub fn draft(mediation: &Mediation, now_us: i64) -> Self {
        let mut clauses = Vec::new();
        for p in &mediation.parties {
            clauses.push(format!("{}：{}。", side_label(p.side), p.name));
        }
        clauses.push(format!(
            "上列当事人因{}一案，经调解，自愿达成如下协议：",
            if mediation.cause.is_empty() {
                "纠纷"
            } else {
                &mediation.cause
            }
        ));
        clauses.push("一、（写明给付内容、履行方式和期限）".into());
        clauses.push("二、（写明其他约定）".into());
        clauses.push(
            "本协议自各方当事人均完成电子签章之时起发生法律效力（《人民法院在线调解规则》第十九条）。"
                .into(),
        );
        Self {
            mediation_id: mediation.id,
            clauses,
            status: SettlementStatus::Drafting,
            signatures: Vec::new(),
            material_id: None,
            updated_at_us: now_us,
        }
    }

    /// Replaces the text while it is being drafted.
    pub fn edit(&mut self, clauses: Vec<String>, now_us: i64) -> Result<(), DomainError> {
        if self.status != SettlementStatus::Drafting {
            return Err(DomainError::invalid(
                "mediation.settlement_locked",
                "调解协议已提交签章，不能再修改。",
            ));
        }
        let clauses: Vec<String> = clauses
            .into_iter()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        let total: usize = clauses.iter().map(|c| c.chars().count()).sum();
        if clauses.is_empty() || total > MAX_SETTLEMENT_CHARS {
            return Err(DomainError::invalid(
                "mediation.settlement_text",
                format!("调解协议不能为空，且不超过{MAX_SETTLEMENT_CHARS}字。"),
            ));
        }
        self.clauses = clauses;
        self.updated_at_us = now_us;
        Ok(())
    }

    /// Whether `account` signed already.
    pub fn signed_by(&self, account: AccountId) -> bool {
        self.signatures.iter().any(|s| s.account_id == account)
    }

    /// The document to typeset: the court's platform as issuer, the mediation's number, the
    /// clauses, each signature with its handwriting, and the date it took effect.
    pub fn document(
        &self,
        mediation: &Mediation,
        court_name: &str,
        mediator_name: &str,
        effective_on: Date,
    ) -> CourtDocument {
        let mut document =
            CourtDocument::new(court_name, "调解协议书", &mediation.number, effective_on);
        document.paragraphs = self.clauses.clone();
        for s in &self.signatures {
            let line = match s.side {
                Some(side) => format!("{}（签章）　{}", side_label(side), s.name),
                None => format!("调解员（签章）　{mediator_name}"),
            };
            document.signatures.push(line.clone());
            if let Some(png) = &s.handwriting {
                document.images.push(DocumentImage {
                    caption: line,
                    png: png.clone(),
                });
            }
        }
        document
    }
}

/// How a side is named in a settlement.
pub fn side_label(side: PartyRole) -> &'static str {
    match side {
        PartyRole::Plaintiff => "申请人",
        PartyRole::Defendant => "被申请人",
        PartyRole::ThirdParty => "第三人",
    }
}

/// Checks a handwritten signature: a PNG (by its signature bytes and IHDR header), within the
/// byte and pixel limits.
pub fn check_handwriting(png: &[u8]) -> Result<(), DomainError> {
    const MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
    let bad = |message: &str| DomainError::invalid("mediation.handwriting", message.to_owned());
    if png.len() > MAX_HANDWRITING_BYTES {
        return Err(bad("手写签名图片不超过256KB。"));
    }
    if png.len() < 33 || !png.starts_with(MAGIC) || &png[12..16] != b"IHDR" {
        return Err(bad("手写签名须为PNG图片。"));
    }
    let side = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    let (width, height) = (side(16), side(20));
    if width == 0 || height == 0 || width > MAX_HANDWRITING_SIDE || height > MAX_HANDWRITING_SIDE {
        return Err(bad("手写签名图片尺寸不正确。"));
    }
    Ok(())
}

/// Serde of an optional PNG as base64 text (JSON bodies stay compact and readable).
mod png_base64 {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(png: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match png {
            Some(bytes) => s.serialize_some(&STANDARD.encode(bytes)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| STANDARD.decode(text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 PNG.
    pub(crate) const DOT: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
        0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0xe5, 0x27, 0xde, 0xfc, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn handwriting_must_be_a_small_png() {
        assert!(check_handwriting(DOT).is_ok());
        assert!(check_handwriting(b"GIF89a....").is_err());
        let mut huge = DOT.to_vec();
        huge[16..20].copy_from_slice(&5000u32.to_be_bytes());
        assert!(check_handwriting(&huge).is_err());
        assert!(check_handwriting(&vec![0u8; MAX_HANDWRITING_BYTES + 1]).is_err());
    }

    #[test]
    fn signatures_round_trip_as_json() {
        let s = Signature {
            account_id: AccountId::new(),
            name: "张三".into(),
            side: Some(PartyRole::Plaintiff),
            signed_at_us: 1,
            handwriting: Some(DOT.to_vec()),
        };
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("iVBORw0KGgo"), "{json}");
        assert_eq!(serde_json::from_str::<Signature>(&json).unwrap(), s);
    }
}
