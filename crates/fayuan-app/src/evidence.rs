//! Evidence exchange and cross-examination online (Rules arts. 22–23): parties list their
//! evidence, the judge opens the exchange with a deadline, each side gives its opinion on the
//! other side's items, and the judge records the court's finding per item.

use fayuan_core::clock::{CHINA_OFFSET, to_micros};
use fayuan_core::id::{CaseId, EvidenceItemId, MaterialId, OpinionId};
use fayuan_domain::accounts::AccountKind;
use fayuan_domain::docket::Case;
use fayuan_domain::dossier::{Material, MaterialKind, Volume};
use fayuan_domain::evidence::{
    EvidenceExchange, EvidenceItem, Finding, Opinion, Position, check_fields, may_cross_examine,
    visible_to_party,
};
use fayuan_domain::filing::PartyRole;
use fayuan_domain::security::AuditOutcome;
use fayuan_domain::store::Tx;
use time::Date;

use crate::docket::case_resource;
use crate::dossier::staging::StagedFile;
use crate::dossier::{Destination, MaterialDraft, side_of};
use crate::policy::{Action, Decision, decide};
use crate::{App, AppError, Ctx};

/// What a party fills in for one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceDraft {
    /// 证据名称.
    pub name: String,
    /// 来源.
    pub source: String,
    /// 证明目的.
    pub purpose: String,
    /// Pages, e.g. 1-3.
    pub pages: String,
    /// The material in the main volume holding it.
    pub material_id: Option<MaterialId>,
}

/// What a party says about a file it submits as evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceMeta {
    /// 来源.
    pub source: String,
    /// 证明目的.
    pub purpose: String,
    /// Pages.
    pub pages: String,
}

/// The three positions of an opinion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionDraft {
    /// 真实性.
    pub authenticity: Position,
    /// 合法性.
    pub legality: Position,
    /// 关联性.
    pub relevance: Position,
}

/// The court's finding as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingDraft {
    /// Authenticity established.
    pub authenticity: bool,
    /// Lawfully obtained.
    pub legality: bool,
    /// Relevant.
    pub relevance: bool,
    /// Reasoning.
    pub reasoning: String,
}

/// The evidence of a case as one actor may see it: items with their opinions side by side.
#[derive(Debug, Clone)]
pub struct EvidenceBoard {
    /// The case.
    pub case: Case,
    /// The exchange, once open.
    pub exchange: Option<EvidenceExchange>,
    /// Visible items.
    pub items: Vec<EvidenceItem>,
    /// Opinions on the visible items.
    pub opinions: Vec<Opinion>,
    /// Findings on the visible items.
    pub findings: Vec<Finding>,
    /// The actor's side, for a litigant.
    pub my_side: Option<PartyRole>,
    /// The actor may open the exchange and record findings.
    pub can_adjudicate: bool,
}

impl App {
    /// The evidence board of a case.
    pub async fn evidence_board(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
    ) -> Result<EvidenceBoard, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(ctx, tx, case_id, Action::ReadMainVolume, "evidence.read")
            .await?;
        let exchange = tx.exchange(case_id).await?;
        let mut items = tx.evidence_of_case(case_id).await?;
        let mut opinions = tx.opinions_of_case(case_id).await?;
        let mut findings = tx.findings_of_case(case_id).await?;
        let litigant = ctx.actor.as_ref().filter(|a| a.kind != AccountKind::Staff);
        let my_side = litigant.and_then(|a| side_of(&case, a.account_id));
        if litigant.is_some() {
            match my_side {
                Some(side) => items.retain(|i| visible_to_party(i, side, exchange.as_ref())),
                None => items.clear(),
            }
            opinions.retain(|o| items.iter().any(|i| i.id == o.item_id));
            findings.retain(|f| items.iter().any(|i| i.id == f.item_id));
        }
        self.audit(
            &mut *tx,
            ctx,
            "evidence.read",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &format!("{} items", items.len()),
        )
        .await?;
        tx.commit().await?;
        let can_adjudicate = ctx.actor.as_ref().is_some_and(|a| {
            decide(a, Action::Adjudicate, case_resource(&case, Some(a))) == Decision::Allow
        });
        Ok(EvidenceBoard {
            case,
            exchange,
            items,
            opinions,
            findings,
            my_side,
            can_adjudicate,
        })
    }

    /// A party adds an item to its evidence list; after the exchange deadline it is marked late.
    pub async fn add_evidence(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        draft: EvidenceDraft,
    ) -> Result<EvidenceItem, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(ctx, tx, case_id, Action::Litigate, "evidence.add")
            .await?;
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let side = side_of(&case, actor.account_id).ok_or(AppError::Forbidden)?;
        let party_name = case
            .participant(actor.account_id)
            .map(|p| p.party_name.clone())
            .or_else(|| {
                case.parties
                    .iter()
                    .find(|p| p.role == side)
                    .map(|p| p.name.clone())
            })
            .unwrap_or_default();
        if let Some(material_id) = draft.material_id {
            let material = tx.material(material_id).await?;
            let ok = material.is_some_and(|m| {
                m.case_id == Some(case_id)
                    && m.volume == Volume::Main
                    && m.submitted_by == actor.account_id
            });
            if !ok {
                return Err(AppError::invalid(
                    "evidence.material",
                    "请选择本人在本案提交的证据材料。",
                ));
            }
        }
        let now_us = to_micros(self.clock.now());
        let exchange = tx.exchange(case_id).await?;
        let number = tx
            .evidence_of_case(case_id)
            .await?
            .iter()
            .filter(|i| i.side == side)
            .count();
        let item = EvidenceItem {
            id: EvidenceItemId::new(),
            case_id,
            submitted_by: actor.account_id,
            side,
            party_name,
            number: i64::try_from(number + 1).unwrap_or(i64::MAX),
            name: draft.name.trim().to_owned(),
            source: draft.source.trim().to_owned(),
            purpose: draft.purpose.trim().to_owned(),
            pages: draft.pages.trim().to_owned(),
            material_id: draft.material_id,
            submitted_at_us: now_us,
            late: exchange.as_ref().is_some_and(|e| e.is_late(now_us)),
        };
        item.validate()?;
        tx.insert_evidence_item(&item).await?;
        self.audit(
            &mut *tx,
            ctx,
            "evidence.add",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &format!(
                "evidence:{}{}",
                item.id,
                if item.late { " late" } else { "" }
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(item)
    }

    /// A party submits a file as evidence and lists it in one step: the file joins the main
    /// volume and the item points at it. Whatever would refuse the item is checked before the
    /// file is stored.
    pub async fn submit_evidence_file(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        title: &str,
        staged: StagedFile,
        meta: EvidenceMeta,
    ) -> Result<(Material, EvidenceItem), AppError> {
        let tx = self.store.begin().await?;
        let (tx, _) = self
            .case_for(ctx, tx, case_id, Action::Litigate, "evidence.add")
            .await?;
        drop(tx);
        let name = match title.trim() {
            "" => MaterialKind::Evidence.label(),
            t => t,
        };
        check_fields(name, &meta.source, &meta.purpose, &meta.pages)?;
        let draft = MaterialDraft {
            kind: MaterialKind::Evidence,
            title: name.to_owned(),
        };
        let material = self
            .submit_material(ctx, Destination::Case(case_id), draft, staged)
            .await?;
        let item = self
            .add_evidence(
                ctx,
                case_id,
                EvidenceDraft {
                    name: material.title.clone(),
                    source: meta.source,
                    purpose: meta.purpose,
                    pages: meta.pages,
                    material_id: Some(material.id),
                },
            )
            .await?;
        Ok((material, item))
    }

    /// The judge opens the exchange: from now on each side sees the other's evidence; what
    /// comes after the end of `deadline` (China time) is late.
    pub async fn open_exchange(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        deadline: Date,
    ) -> Result<EvidenceExchange, AppError> {
        let tx = self.store.begin().await?;
        let (mut tx, case) = self
            .case_for(
                ctx,
                tx,
                case_id,
                Action::Adjudicate,
                "evidence.open_exchange",
            )
            .await?;
        let today = self.clock.today_in_china();
        if deadline < today {
            return Err(AppError::invalid(
                "evidence.deadline_past",
                "举证质证期限不能早于今日。",
            ));
        }
        let judge = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let end_of_day = deadline
            .next_day()
            .ok_or_else(|| AppError::invalid("evidence.deadline_past", "期限无效。"))?
            .midnight()
            .assume_offset(CHINA_OFFSET);
        let exchange = EvidenceExchange {
            case_id,
            opened_by: judge.account_id,
            opened_at_us: to_micros(self.clock.now()),
            deadline_us: to_micros(end_of_day),
        };
        if tx.exchange(case_id).await?.is_some() {
            return Err(AppError::Conflict {
                code: "evidence.exchange_open",
                message: "本案已组织证据交换。".into(),
            });
        }
        tx.insert_exchange(&exchange).await?;
        for p in participants(&case) {
            self.notify(
                &mut *tx,
                p,
                "证据交换",
                &format!(
                    "{}已组织在线证据交换，请于{deadline}前查看对方证据并发表质证意见。",
                    case.case_number
                ),
                Some(format!("/cases/{case_id}/evidence")),
            )
            .await?;
        }
        self.audit(
            &mut *tx,
            ctx,
            "evidence.open_exchange",
            &format!("case:{case_id}"),
            AuditOutcome::Success,
            &deadline.to_string(),
        )
        .await?;
        tx.commit().await?;
        Ok(exchange)
    }

    /// A party's cross-examination opinion on an item of the other side (replacing its earlier
    /// one); after the deadline it is marked late.
    pub async fn cross_examine(
        &self,
        ctx: &Ctx,
        item_id: EvidenceItemId,
        draft: OpinionDraft,
    ) -> Result<Opinion, AppError> {
        let (mut tx, item, case) = self
            .item_for(ctx, item_id, Action::Litigate, "evidence.cross_examine")
            .await?;
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let side = side_of(&case, actor.account_id).ok_or(AppError::Forbidden)?;
        let exchange = tx.exchange(case.id).await?;
        if !visible_to_party(&item, side, exchange.as_ref()) {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    "evidence.cross_examine",
                    &format!("evidence:{item_id}"),
                    AppError::NotFound,
                )
                .await);
        }
        may_cross_examine(&item, side, exchange.as_ref())?;
        let now_us = to_micros(self.clock.now());
        let opinion = Opinion {
            id: OpinionId::new(),
            item_id,
            author_id: actor.account_id,
            side,
            authenticity: trimmed(draft.authenticity),
            legality: trimmed(draft.legality),
            relevance: trimmed(draft.relevance),
            recorded_at_us: now_us,
            late: exchange.as_ref().is_some_and(|e| e.is_late(now_us)),
        };
        opinion.validate()?;
        tx.put_opinion(&opinion).await?;
        self.audit(
            &mut *tx,
            ctx,
            "evidence.cross_examine",
            &format!("evidence:{item_id}"),
            AuditOutcome::Success,
            if opinion.late { "late" } else { "" },
        )
        .await?;
        tx.commit().await?;
        Ok(opinion)
    }

    /// The judge records the court's finding on an item after cross-examination (art. 23).
    pub async fn record_finding(
        &self,
        ctx: &Ctx,
        item_id: EvidenceItemId,
        draft: FindingDraft,
    ) -> Result<Finding, AppError> {
        let (mut tx, _, case) = self
            .item_for(ctx, item_id, Action::Adjudicate, "evidence.finding")
            .await?;
        if tx.exchange(case.id).await?.is_none() {
            return Err(AppError::invalid(
                "evidence.exchange_not_open",
                "证据经质证后方可认证，请先组织证据交换。",
            ));
        }
        let judge = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let finding = Finding {
            item_id,
            judge_id: judge.account_id,
            authenticity: draft.authenticity,
            legality: draft.legality,
            relevance: draft.relevance,
            reasoning: draft.reasoning.trim().to_owned(),
            recorded_at_us: to_micros(self.clock.now()),
        };
        finding.validate()?;
        tx.put_finding(&finding).await?;
        self.audit(
            &mut *tx,
            ctx,
            "evidence.finding",
            &format!("evidence:{item_id}"),
            AuditOutcome::Success,
            if finding.admitted() {
                "admitted"
            } else {
                "not_admitted"
            },
        )
        .await?;
        tx.commit().await?;
        Ok(finding)
    }

    /// Loads an item and its case, checking `action` on the case.
    async fn item_for(
        &self,
        ctx: &Ctx,
        item_id: EvidenceItemId,
        action: Action,
        audit_action: &str,
    ) -> Result<(Box<dyn Tx>, EvidenceItem, Case), AppError> {
        let mut tx = self.store.begin().await?;
        let Some(item) = tx.evidence_item(item_id).await? else {
            return Err(self
                .refuse_in(
                    tx,
                    ctx,
                    audit_action,
                    &format!("evidence:{item_id}"),
                    AppError::NotFound,
                )
                .await);
        };
        let (tx, case) = self
            .case_for(ctx, tx, item.case_id, action, audit_action)
            .await?;
        Ok((tx, item, case))
    }
}

/// Accounts to tell about the exchange: the filer and every participant.
fn participants(case: &Case) -> Vec<fayuan_core::id::AccountId> {
    let mut out = vec![case.filer_id];
    for p in &case.participants {
        if !out.contains(&p.account_id) {
            out.push(p.account_id);
        }
    }
    out
}

fn trimmed(p: Position) -> Position {
    Position {
        stance: p.stance,
        reason: p.reason.trim().to_owned(),
    }
}
