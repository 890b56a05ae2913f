//! The forms of delivery: the 电子送达凭证 with the full trace, the 送达回证 printed for service
//! on paper, and the 送达地址确认书 filed when a party confirms its addresses.

use fayuan_core::id::{CaseId, DeliveryId};
use fayuan_domain::delivery::{DeliveryAddress, DeliveryChannel};
use fayuan_domain::documents::forms::{
    FormHeader, ReceiptForm, address_confirmation, service_receipt,
};
use fayuan_domain::documents::{CourtDocument, Field};
use fayuan_domain::dossier::MaterialKind;
use fayuan_domain::security::AuditOutcome;

use super::china_time;
use crate::dossier::{Destination, MaterialDraft};
use crate::{App, AppError, Ctx};

impl App {
    /// The 电子送达凭证 (在线诉讼规则 art. 31 ¶3: it has the force of a 送达回证): a PDF listing the
    /// delivery, its legal delivery time and every step of the trace with its ledger entry and
    /// leaf hash, so each line can be checked on `/ledger`. For the recipient and the staff.
    pub async fn delivery_certificate(
        &self,
        ctx: &Ctx,
        id: DeliveryId,
    ) -> Result<Vec<u8>, AppError> {
        let (mut tx, delivery) = self
            .delivery_for(ctx, id, false, "delivery.certificate")
            .await?;
        let case = tx.case(delivery.case_id).await?.ok_or(AppError::NotFound)?;
        let events = tx.delivery_events(id).await?;
        let court_name = tx
            .court(case.court_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let mut doc = CourtDocument::new(
            &court_name,
            "电子送达凭证",
            &case.case_number,
            self.clock.today_in_china(),
        );
        doc.fields = vec![
            Field::new("案号", &case.case_number),
            Field::new("受送达人", &delivery.recipient_name),
            Field::new(
                "送达文书",
                format!("{}（{}）", delivery.title, delivery.kind.label()),
            ),
            Field::new(
                "送达方式",
                delivery
                    .channels
                    .iter()
                    .map(|c| c.label())
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            Field::new("同意电子送达", if delivery.consented { "是" } else { "否" }),
            Field::new(
                "送达时间",
                delivery
                    .delivered_at_us
                    .map_or_else(|| "尚未送达".to_owned(), china_time),
            ),
        ];
        doc.paragraphs.push(
            "送达留痕（每一环节均已存入本院司法区块链，可凭存证编号在 /ledger 核验）：".to_owned(),
        );
        for e in &events {
            let channel = e
                .channel
                .map_or(String::new(), |c| format!("（{}）", c.label()));
            let mut line = format!(
                "{} {}{} {}",
                china_time(e.at_us),
                e.kind.label(),
                channel,
                e.detail
            );
            if let Some(index) = e.ledger_index {
                let hash = tx
                    .leaf(index)
                    .await?
                    .map(|l| l.leaf_hash)
                    .unwrap_or_default();
                line.push_str(&format!("；存证编号 #{index}，叶哈希 {hash}"));
            }
            doc.paragraphs.push(line);
        }
        doc.paragraphs.push(
            "本凭证依据《人民法院在线诉讼规则》第三十一条制作，具有送达回证效力。".to_owned(),
        );
        self.audit(
            &mut *tx,
            ctx,
            "delivery.certificate",
            &format!("delivery:{id}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        self.render_document(&doc).await
    }

    /// The 送达回证 of a delivery, for the clerk to print and send with the documents on paper;
    /// the signed form comes back as the return receipt. Staff only.
    pub async fn service_receipt_form(
        &self,
        ctx: &Ctx,
        id: DeliveryId,
    ) -> Result<Vec<u8>, AppError> {
        let (mut tx, delivery) = self
            .delivery_for(ctx, id, true, "delivery.receipt_form")
            .await?;
        let case = tx.case(delivery.case_id).await?.ok_or(AppError::NotFound)?;
        let court_name = tx
            .court(case.court_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let address = tx
            .current_delivery_address(delivery.case_id, delivery.recipient_id)
            .await?
            .map(|a| a.postal_address)
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| "　".to_owned());
        self.audit(
            &mut *tx,
            ctx,
            "delivery.receipt_form",
            &format!("delivery:{id}"),
            AuditOutcome::Success,
            "",
        )
        .await?;
        tx.commit().await?;
        let method = if delivery.channels.contains(&DeliveryChannel::Postal) {
            "邮寄送达"
        } else {
            "直接送达"
        };
        let documents = format!("{}（{}份）", delivery.title, delivery.materials.len());
        let doc = service_receipt(
            &FormHeader {
                court: &court_name,
                case_number: &case.case_number,
                cause: &case.cause,
                recipient: &delivery.recipient_name,
                dated: self.clock.today_in_china(),
            },
            &ReceiptForm {
                documents: &documents,
                address: &address,
                method,
            },
        );
        self.render_document(&doc).await
    }

    /// Files the 送达地址确认书 of a confirmed version of a party's addresses in the case's main
    /// volume. Run after the confirmation commits (the row is the record; the PDF is its
    /// document); a failure is logged.
    pub(crate) async fn file_address_confirmation(
        &self,
        ctx: &Ctx,
        case_id: CaseId,
        recipient: &str,
        address: &DeliveryAddress,
    ) {
        let filed = async {
            let mut tx = self.store.begin().await?;
            let case = tx.case(case_id).await?.ok_or(AppError::NotFound)?;
            let party = case
                .participant(address.account_id)
                .map(|p| p.party_name.clone())
                .unwrap_or_default();
            let court_name = tx
                .court(case.court_id)
                .await?
                .map(|c| c.name)
                .unwrap_or_default();
            tx.commit().await?;
            let doc = address_confirmation(
                &FormHeader {
                    court: &court_name,
                    case_number: &case.case_number,
                    cause: &case.cause,
                    recipient,
                    dated: self.clock.today_in_china(),
                },
                address,
                &china_time(address.confirmed_at_us),
            );
            self.file_document(
                ctx,
                Destination::Case(case_id),
                &doc,
                "address_confirmation",
                MaterialDraft {
                    kind: MaterialKind::Other,
                    title: format!("送达地址确认书（{recipient}，第{}版）", address.version),
                },
                party,
            )
            .await
        }
        .await;
        if let Err(e) = filed {
            tracing::error!(error = ?e, case = %case_id, "the 送达地址确认书 was not filed");
        }
    }
}
