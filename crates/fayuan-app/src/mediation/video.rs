//! The mediation's audio and video room (在线调解规则 art. 16 (一)): its members join while the
//! room is open, through the `VideoRoom` port.

use fayuan_core::id::MediationId;
use fayuan_domain::mediation::settlement::side_label;
use fayuan_domain::mediation::{MediationStatus, Member};
use fayuan_domain::ports::{RoomParticipant, RoomRole, RoomTicket};
use fayuan_domain::security::AuditOutcome;

use super::Standing;
use crate::{App, AppError, Ctx};

/// What a member needs to join the room.
#[derive(Debug, Clone)]
pub struct VideoJoin {
    /// The room's name.
    pub room: String,
    /// The mediation's number (the page's heading).
    pub number: String,
    /// Who joins, as the others see it.
    pub participant: RoomParticipant,
    /// How to reach the room.
    pub ticket: RoomTicket,
    /// The participant is the mediator, who records the session.
    pub may_record: bool,
    /// Who takes part and how, as the room lists them (for a hearing: online, or in the
    /// courtroom and whether the clerk marked them present — Rules art. 33).
    pub attendance: Vec<String>,
}

/// The name of a mediation's room.
pub fn room_name(id: MediationId) -> String {
    format!("mediation-{id}")
}

impl App {
    /// A member joins the mediation's video room; joining is audited. Anyone else is told the
    /// mediation does not exist; court staff overseeing it do not take part.
    pub async fn join_mediation_video(
        &self,
        ctx: &Ctx,
        id: MediationId,
    ) -> Result<VideoJoin, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Unauthenticated)?;
        let tx = self.store.begin().await?;
        let (mut tx, mediation, standing) =
            self.mediation_in(ctx, tx, id, "mediation.video").await?;
        let Standing::Member(member) = standing else {
            return Err(AppError::Forbidden);
        };
        if mediation.status != MediationStatus::InProgress {
            return Err(AppError::invalid(
                "mediation.room_closed",
                "调解室尚未开放或调解已经终结。",
            ));
        }
        let display_name = match member {
            Member::Mediator => format!("调解员 {}", actor.name),
            Member::Party(side) => format!(
                "{} {}",
                side_label(side),
                mediation
                    .party_of(actor.account_id)
                    .map_or(actor.name.as_str(), |p| p.name.as_str())
            ),
        };
        self.audit(
            &mut *tx,
            ctx,
            "mediation.video",
            &format!("mediation:{id}"),
            AuditOutcome::Success,
            &display_name,
        )
        .await?;
        tx.commit().await?;
        let participant = RoomParticipant {
            account_id: actor.account_id,
            display_name,
            role: RoomRole::Member,
        };
        let room = room_name(id);
        let ticket = self.video.ticket(&room, &participant)?;
        Ok(VideoJoin {
            room,
            number: mediation.number,
            participant,
            ticket,
            may_record: member == Member::Mediator,
            attendance: mediation
                .parties
                .iter()
                .map(|p| format!("{} {}", side_label(p.side), p.name))
                .collect(),
        })
    }
}
