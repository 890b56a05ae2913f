//! What the viewer may do in the room now: which of the room's forms to offer, each only when
//! the use case would take it.

use fayuan_app::Actor;
use fayuan_app::mediation::Standing;
use fayuan_domain::mediation::settlement::{Settlement, SettlementStatus};
use fayuan_domain::mediation::{Mediation, MediationKind, MediationStatus, Member};

/// What the viewer may do now; each form shows only when the use case would take it.
pub(super) struct Offers {
    pub(super) choose: bool,
    pub(super) designate: bool,
    /// The judge may host the mediation himself (in a case).
    pub(super) host: bool,
    pub(super) accept: bool,
    pub(super) write: bool,
    pub(super) record: bool,
    pub(super) draft: bool,
    pub(super) sign: bool,
    pub(super) refuse: bool,
    pub(super) extend: bool,
    /// Days of a pending extension the viewer (a party) has not agreed to yet.
    pub(super) agree_days: Option<u32>,
    pub(super) end_as_mediator: bool,
    pub(super) end_as_party: bool,
    pub(super) withdraw: bool,
    pub(super) confirm: bool,
    pub(super) statement: bool,
}

/// The forms the viewer is offered in the room.
pub(super) fn offers(
    m: &Mediation,
    standing: Standing,
    decides: bool,
    actor: &Actor,
    settlement: Option<&Settlement>,
) -> Offers {
    let party = matches!(standing, Standing::Member(Member::Party(_)));
    let mediator = standing == Standing::Member(Member::Mediator);
    let actor = actor.account_id;
    let open = m.status == MediationStatus::InProgress;
    let assigning = m.status == MediationStatus::Assigning;
    let settled = m.status == MediationStatus::Settled;
    let text = settlement.map(|s| s.status);
    let unsigned = settlement.is_some_and(|s| !s.signed_by(actor));
    Offers {
        choose: party && assigning && m.mediator_id.is_none(),
        designate: decides && assigning && !mediator,
        host: decides && assigning && !mediator && m.kind == MediationKind::InLitigation,
        accept: mediator && assigning && m.accepted_at_us.is_none(),
        write: open && matches!(standing, Standing::Member(_)),
        record: mediator && open,
        draft: mediator && open && matches!(text, None | Some(SettlementStatus::Drafting)),
        // The mediator signs first, which fixes the text; then each party.
        sign: open
            && unsigned
            && ((mediator && text == Some(SettlementStatus::Drafting))
                || (party && text == Some(SettlementStatus::Signing))),
        refuse: party && open && unsigned && text == Some(SettlementStatus::Signing),
        extend: (party || mediator) && open,
        agree_days: m
            .extension
            .as_ref()
            .filter(|x| party && open && !x.agreed.contains(&actor))
            .map(|x| x.days),
        end_as_mediator: mediator && open,
        end_as_party: party && !m.status.is_final(),
        withdraw: m.kind == MediationKind::PreFiling
            && m.created_by == actor
            && !m.status.is_final(),
        confirm: party
            && m.kind == MediationKind::PreFiling
            && settled
            && m.confirmation.filing_id.is_none()
            && !m.confirmation.applicants.contains(&actor),
        statement: decides
            && m.kind == MediationKind::InLitigation
            && settled
            && text == Some(SettlementStatus::Effective)
            && m.statement_id.is_none(),
    }
}
