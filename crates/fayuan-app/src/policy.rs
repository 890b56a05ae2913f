//! Authorisation (Rules arts. 12, 35: 权限管理, 最小范围): one function decides whether an actor
//! may perform an action on a resource, by role and by the actor's relationship to the resource.
//! Resources the actor has no relationship with are hidden (answer 404), not forbidden, so their
//! existence does not leak.

use fayuan_core::id::{AccountId, CourtId};
use fayuan_domain::accounts::Verification;
use fayuan_domain::accounts::{AccountKind, Role};

use crate::{Actor, AppError};

/// What the actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read an account's personal data.
    ReadAccount,
    /// Change an account's own settings (password).
    UpdateAccount,
    /// Create or change courts, divisions and courtrooms.
    ManageCourts,
    /// Create staff, change roles, disable or enable accounts.
    ManageStaff,
    /// Read the audit log.
    ReadAuditLog,
    /// Read messages recorded by the SMS sandbox.
    ReadSandboxSms,
    /// Declare and lift incidents that suspend online services (Rules art. 40).
    ManageIncidents,
    /// Open the staff workbench.
    UseWorkbench,
    /// Read the list of courts and their divisions (public directory).
    ReadCourtDirectory,
    /// Prepare and submit a filing application (members of the public).
    PrepareFiling,
    /// Read a filing application.
    ReadFiling,
    /// Change or submit one's own filing application.
    EditFiling,
    /// Decide on filing applications: docket, correction, refusal, diversion (filing officers).
    ReviewFiling,
    /// Read a case.
    ReadCase,
    /// Pay a case's fees.
    PayFees,
    /// Assign or reassign a case to a judge.
    AssignCase,
    /// Close a case (the judge in charge).
    CloseCase,
    /// Ask for a longer trial time limit and record periods not counted in it (the judge in
    /// charge).
    ManageTimeLimit,
    /// Grant or refuse a longer trial time limit (the court president).
    ApproveExtension,
    /// See the time-limit dashboard (judges, division chiefs, the president).
    ViewTimeLimits,
    /// Decide applications for judicial aid on fees (filing officers, the president).
    DecideFeeRelief,
    /// Archive a closed case (archivists).
    ArchiveCase,
    /// Submit materials to a case's dossier (its litigants; the judges and staff handling it).
    SubmitMaterial,
    /// See a case's main volume (正卷): staff who may read the case see all of it; litigants
    /// see what the dossier rules let them (their own, what they were allowed to read, the
    /// exchanged evidence).
    ReadMainVolume,
    /// See the confidential volume (副卷): only the court's own people handling the case —
    /// never a party, a lawyer or the public.
    ReadConfidentialVolume,
    /// Catalogue, scan paper into, and export a case's dossier (judges, assistants, clerks).
    ManageDossier,
    /// Serve documents on a case's parties and record postal service (judges, assistants and
    /// clerks handling the case).
    DeliverDocuments,
    /// Link accounts to a case as its parties or agents (clerks, assistants, filing officers,
    /// the judge in charge).
    ManageParticipants,
    /// Apply to read the dossier, submit evidence and cross-examine (the case's litigants).
    Litigate,
    /// Decide reading applications, open the evidence exchange and record findings (the judge
    /// in charge and the panel).
    Adjudicate,
    /// Record a case's documents as effective and review, publish or withdraw their publication
    /// (裁判文书公开: those handling the case, the division chief, the president).
    PublishJudgments,
    /// Schedule, reschedule and adjourn a case's sittings and keep who is present (the judge,
    /// the panel, assistants and clerks handling the case).
    ScheduleHearings,
    /// Keep the court's mediation roster (invite organisations, appoint, suspend and remove
    /// mediators) and read its mediation statistics (the filing division, division chiefs, the
    /// president and administrators of that court).
    ManageMediation,
}

/// What the action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// The installation as a whole.
    System,
    /// One account.
    Account(AccountId),
    /// One court.
    Court(CourtId),
    /// A filing application: who prepared it, at which court.
    Filing {
        /// The applicant.
        applicant: AccountId,
        /// The court applied to.
        court: CourtId,
    },
    /// A case: where, who filed it, who is in charge.
    Case {
        /// The court.
        court: CourtId,
        /// The filer.
        filer: AccountId,
        /// The judge in charge.
        judge: Option<AccountId>,
        /// The actor sits on the case's collegial panel.
        panel_member: bool,
        /// The actor takes part as a party or a party's agent.
        participant: bool,
    },
}

/// The outcome of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// The role does not permit it (403).
    Deny,
    /// The actor has no relationship with the resource: behave as if it did not exist (404).
    Hide,
}

/// Decides whether `actor` may do `action` to `resource`.
pub fn decide(actor: &Actor, action: Action, resource: Resource) -> Decision {
    let staff = actor.kind == AccountKind::Staff;
    let admin = staff && actor.has_role(Role::Admin);
    let at_court = |court: CourtId| staff && actor.court_id == Some(court);
    let allow_if = |ok: bool| if ok { Decision::Allow } else { Decision::Hide };
    match (action, resource) {
        (Action::PrepareFiling, _) => {
            if staff {
                Decision::Deny
            } else if actor.verification == Verification::Verified {
                Decision::Allow
            } else {
                Decision::Deny
            }
        }
        (Action::ReadFiling, Resource::Filing { applicant, court }) => allow_if(
            applicant == actor.account_id
                || (at_court(court) && actor.has_role(Role::FilingOfficer)),
        ),
        (Action::EditFiling, Resource::Filing { applicant, .. }) => {
            allow_if(applicant == actor.account_id)
        }
        (Action::ReviewFiling, Resource::Filing { court, .. } | Resource::Court(court)) => {
            if at_court(court) && actor.has_role(Role::FilingOfficer) {
                Decision::Allow
            } else if staff && at_court(court) {
                Decision::Deny
            } else {
                Decision::Hide
            }
        }
        (
            Action::ReadCase,
            Resource::Case {
                court,
                filer,
                judge,
                panel_member,
                participant,
            },
        ) => allow_if(
            filer == actor.account_id
                || participant
                || judge == Some(actor.account_id)
                || panel_member
                || (at_court(court)
                    && [
                        Role::FilingOfficer,
                        Role::DivisionChief,
                        Role::CourtPresident,
                        Role::JudgeAssistant,
                        Role::Clerk,
                        Role::Archivist,
                    ]
                    .iter()
                    .any(|r| actor.has_role(*r))),
        ),
        (Action::PayFees, Resource::Case { filer, .. }) => allow_if(filer == actor.account_id),
        (Action::AssignCase, Resource::Case { court, .. }) => {
            let allowed = at_court(court)
                && [
                    Role::DivisionChief,
                    Role::CourtPresident,
                    Role::FilingOfficer,
                ]
                .iter()
                .any(|r| actor.has_role(*r));
            if allowed {
                Decision::Allow
            } else {
                deny_if_related(actor, resource)
            }
        }
        (Action::CloseCase | Action::ManageTimeLimit, Resource::Case { judge, .. }) => {
            if judge == Some(actor.account_id) && actor.has_role(Role::Judge) {
                Decision::Allow
            } else {
                deny_if_related(actor, resource)
            }
        }
        (Action::ApproveExtension, Resource::Case { court, .. }) => {
            if at_court(court) && actor.has_role(Role::CourtPresident) {
                Decision::Allow
            } else {
                deny_if_related(actor, resource)
            }
        }
        (Action::DecideFeeRelief, Resource::Case { court, .. } | Resource::Court(court)) => {
            if at_court(court)
                && (actor.has_role(Role::FilingOfficer) || actor.has_role(Role::CourtPresident))
            {
                Decision::Allow
            } else {
                deny_if_related(actor, resource)
            }
        }
        (Action::ArchiveCase, Resource::Case { court, .. }) => {
            if at_court(court) && actor.has_role(Role::Archivist) {
                Decision::Allow
            } else {
                deny_if_related(actor, resource)
            }
        }
        (
            Action::SubmitMaterial
            | Action::ReadMainVolume
            | Action::ReadConfidentialVolume
            | Action::ManageDossier
            | Action::DeliverDocuments
            | Action::ManageParticipants
            | Action::Litigate
            | Action::Adjudicate
            | Action::PublishJudgments
            | Action::ScheduleHearings,
            Resource::Case { .. },
        ) => decide_dossier(actor, action, resource),
        (Action::ViewTimeLimits, _) => {
            let allowed = staff
                && [Role::Judge, Role::DivisionChief, Role::CourtPresident]
                    .iter()
                    .any(|r| actor.has_role(*r));
            if allowed {
                Decision::Allow
            } else {
                Decision::Deny
            }
        }
        (
            Action::ReadFiling
            | Action::EditFiling
            | Action::ReviewFiling
            | Action::ReadCase
            | Action::PayFees
            | Action::AssignCase
            | Action::CloseCase
            | Action::ManageTimeLimit
            | Action::ApproveExtension
            | Action::DecideFeeRelief
            | Action::ArchiveCase
            | Action::SubmitMaterial
            | Action::ReadMainVolume
            | Action::ReadConfidentialVolume
            | Action::ManageDossier
            | Action::DeliverDocuments
            | Action::ManageParticipants
            | Action::Litigate
            | Action::Adjudicate
            | Action::PublishJudgments
            | Action::ScheduleHearings,
            _,
        ) => Decision::Hide,
        (Action::ManageMediation, Resource::Court(court)) => {
            let allowed = at_court(court)
                && [
                    Role::FilingOfficer,
                    Role::DivisionChief,
                    Role::CourtPresident,
                    Role::Admin,
                ]
                .iter()
                .any(|r| actor.has_role(*r));
            if allowed {
                Decision::Allow
            } else {
                Decision::Deny
            }
        }
        (Action::ManageMediation, _) => Decision::Deny,
        (Action::ReadCourtDirectory, _) => Decision::Allow,
        (Action::ReadAccount | Action::UpdateAccount, Resource::Account(id)) => {
            if id == actor.account_id || (admin && action == Action::ReadAccount) {
                Decision::Allow
            } else {
                Decision::Hide
            }
        }
        (
            Action::ManageCourts
            | Action::ManageStaff
            | Action::ReadAuditLog
            | Action::ReadSandboxSms
            | Action::ManageIncidents,
            _,
        ) => {
            if admin {
                Decision::Allow
            } else {
                Decision::Deny
            }
        }
        (Action::UseWorkbench, _) => {
            if staff {
                Decision::Allow
            } else {
                Decision::Deny
            }
        }
        (Action::ReadAccount | Action::UpdateAccount, _) => Decision::Hide,
    }
}

/// The dossier and evidence actions on a case (Rules arts. 19–24): litigants by relationship,
/// staff by role at the case's court or by sitting on the case. The confidential volume is
/// decided here once, for every endpoint that returns materials.
fn decide_dossier(actor: &Actor, action: Action, resource: Resource) -> Decision {
    let Resource::Case {
        court,
        filer,
        judge,
        panel_member,
        participant,
    } = resource
    else {
        return Decision::Hide;
    };
    let staff = actor.kind == AccountKind::Staff;
    let litigant = !staff && (filer == actor.account_id || participant);
    let sits = staff && (judge == Some(actor.account_id) || panel_member);
    let at_court_as = |roles: &[Role]| {
        staff && actor.court_id == Some(court) && roles.iter().any(|r| actor.has_role(*r))
    };
    let handles = sits || at_court_as(&[Role::JudgeAssistant, Role::Clerk]);
    let allowed = match action {
        Action::SubmitMaterial => litigant || handles,
        Action::ReadMainVolume => {
            litigant
                || handles
                || at_court_as(&[
                    Role::DivisionChief,
                    Role::CourtPresident,
                    Role::Archivist,
                    Role::FilingOfficer,
                ])
        }
        Action::ReadConfidentialVolume => {
            handles || at_court_as(&[Role::DivisionChief, Role::CourtPresident, Role::Archivist])
        }
        Action::ManageDossier | Action::DeliverDocuments | Action::ScheduleHearings => handles,
        Action::ManageParticipants => handles || at_court_as(&[Role::FilingOfficer]),
        Action::Litigate => litigant,
        Action::Adjudicate => sits,
        Action::PublishJudgments => {
            handles || at_court_as(&[Role::DivisionChief, Role::CourtPresident])
        }
        _ => false,
    };
    if allowed {
        Decision::Allow
    } else if action == Action::ReadConfidentialVolume && !staff {
        // Whatever the relationship, the 副卷 does not exist for the public.
        Decision::Hide
    } else {
        deny_if_related(actor, resource)
    }
}

/// For an action the actor's role does not permit: forbidden if the actor may see the case
/// anyway (403), hidden otherwise (404).
fn deny_if_related(actor: &Actor, resource: Resource) -> Decision {
    if decide(actor, Action::ReadCase, resource) == Decision::Allow {
        Decision::Deny
    } else {
        Decision::Hide
    }
}

/// [`decide`] as a `Result`: `Unauthenticated` without an actor, `Forbidden` or `NotFound` on
/// refusal.
pub fn require(
    actor: Option<&Actor>,
    action: Action,
    resource: Resource,
) -> Result<&Actor, AppError> {
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    match decide(actor, action, resource) {
        Decision::Allow => Ok(actor),
        Decision::Deny => Err(AppError::Forbidden),
        Decision::Hide => Err(AppError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fayuan_core::id::SessionId;

    fn actor(kind: AccountKind, roles: &[Role]) -> Actor {
        Actor {
            account_id: AccountId::new(),
            session_id: SessionId::new(),
            kind,
            name: "测试".into(),
            roles: roles.to_vec(),
            court_id: None,
            verification: Verification::Verified,
            csrf_token: String::new(),
        }
    }

    fn staff_at(court: CourtId, roles: &[Role]) -> Actor {
        Actor {
            court_id: Some(court),
            ..actor(AccountKind::Staff, roles)
        }
    }

    /// Filings and cases: by role and by relationship (applicant, filer, judge in charge, court).
    #[test]
    fn filing_and_case_matrix() {
        use Decision::*;
        let court = CourtId::new();
        let other_court = CourtId::new();
        let filer = actor(AccountKind::Person, &[]);
        let stranger = actor(AccountKind::Lawyer, &[]);
        let unverified = Actor {
            verification: Verification::Rejected,
            ..actor(AccountKind::Person, &[])
        };
        let officer = staff_at(court, &[Role::FilingOfficer]);
        let officer_elsewhere = staff_at(other_court, &[Role::FilingOfficer]);
        let judge = staff_at(court, &[Role::Judge]);
        let other_judge = staff_at(court, &[Role::Judge]);
        let chief = staff_at(court, &[Role::DivisionChief]);
        let filing = Resource::Filing {
            applicant: filer.account_id,
            court,
        };
        let case = Resource::Case {
            court,
            filer: filer.account_id,
            judge: Some(judge.account_id),
            panel_member: false,
            participant: false,
        };
        let rows: &[(&Actor, Action, Resource, Decision)] = &[
            (&filer, Action::PrepareFiling, Resource::System, Allow),
            (&unverified, Action::PrepareFiling, Resource::System, Deny),
            (&judge, Action::PrepareFiling, Resource::System, Deny),
            (&filer, Action::ReadFiling, filing, Allow),
            (&filer, Action::EditFiling, filing, Allow),
            (&filer, Action::ReviewFiling, filing, Hide),
            (&stranger, Action::ReadFiling, filing, Hide),
            (&stranger, Action::EditFiling, filing, Hide),
            (&officer, Action::ReadFiling, filing, Allow),
            (&officer, Action::EditFiling, filing, Hide),
            (&officer, Action::ReviewFiling, filing, Allow),
            (&officer_elsewhere, Action::ReadFiling, filing, Hide),
            (&officer_elsewhere, Action::ReviewFiling, filing, Hide),
            (&judge, Action::ReviewFiling, filing, Deny),
            (&filer, Action::ReadCase, case, Allow),
            (&filer, Action::PayFees, case, Allow),
            (&filer, Action::AssignCase, case, Deny),
            (&filer, Action::CloseCase, case, Deny),
            (&stranger, Action::ReadCase, case, Hide),
            (&stranger, Action::PayFees, case, Hide),
            (&judge, Action::ReadCase, case, Allow),
            (&judge, Action::CloseCase, case, Allow),
            (&judge, Action::AssignCase, case, Deny),
            (&judge, Action::PayFees, case, Hide),
            (&other_judge, Action::ReadCase, case, Hide),
            (&other_judge, Action::CloseCase, case, Hide),
            (&chief, Action::ReadCase, case, Allow),
            (&chief, Action::AssignCase, case, Allow),
            (&chief, Action::CloseCase, case, Deny),
            (&officer, Action::AssignCase, case, Allow),
            (&officer_elsewhere, Action::ReadCase, case, Hide),
            (
                &other_judge,
                Action::ReadCase,
                Resource::Case {
                    court,
                    filer: filer.account_id,
                    judge: Some(judge.account_id),
                    panel_member: true,
                    participant: false,
                },
                Allow,
            ),
            (
                &other_judge,
                Action::CloseCase,
                Resource::Case {
                    court,
                    filer: filer.account_id,
                    judge: Some(judge.account_id),
                    panel_member: true,
                    participant: false,
                },
                Deny,
            ),
            (&judge, Action::ManageTimeLimit, case, Allow),
            (&other_judge, Action::ManageTimeLimit, case, Hide),
            (&chief, Action::ManageTimeLimit, case, Deny),
            (&judge, Action::ApproveExtension, case, Deny),
            (
                &staff_at(court, &[Role::CourtPresident]),
                Action::ApproveExtension,
                case,
                Allow,
            ),
            (
                &staff_at(other_court, &[Role::CourtPresident]),
                Action::ApproveExtension,
                case,
                Hide,
            ),
            (&filer, Action::ApproveExtension, case, Deny),
            (&judge, Action::ViewTimeLimits, Resource::System, Allow),
            (&officer, Action::ViewTimeLimits, Resource::System, Deny),
            (&filer, Action::ViewTimeLimits, Resource::System, Deny),
            (&officer, Action::DecideFeeRelief, case, Allow),
            (&officer_elsewhere, Action::DecideFeeRelief, case, Hide),
            (&judge, Action::DecideFeeRelief, case, Deny),
            (&filer, Action::DecideFeeRelief, case, Deny),
            (&stranger, Action::DecideFeeRelief, case, Hide),
            (
                &staff_at(court, &[Role::Archivist]),
                Action::ArchiveCase,
                case,
                Allow,
            ),
            (
                &staff_at(court, &[Role::Archivist]),
                Action::ReadCase,
                case,
                Allow,
            ),
            (&judge, Action::ArchiveCase, case, Deny),
            (
                &staff_at(other_court, &[Role::Archivist]),
                Action::ArchiveCase,
                case,
                Hide,
            ),
        ];
        for (who, action, resource, expected) in rows {
            assert_eq!(
                decide(who, *action, *resource),
                *expected,
                "{:?}/{:?} {action:?} {resource:?}",
                who.kind,
                who.roles
            );
        }
    }

    /// The whole matrix: each actor × action on the system, on their own account and on someone
    /// else's account.
    #[test]
    fn matrix() {
        use Decision::*;
        let person = actor(AccountKind::Person, &[]);
        let lawyer = actor(AccountKind::Lawyer, &[]);
        let judge = actor(AccountKind::Staff, &[Role::Judge]);
        let admin = actor(AccountKind::Staff, &[Role::Admin]);
        // A public account that somehow carried the admin role must still not administer.
        let forged = actor(AccountKind::Person, &[Role::Admin]);
        let other = Resource::Account(AccountId::new());
        let rows: &[(&Actor, Action, Decision, Decision, Decision)] = &[
            // actor, action, on System, on own account, on another account
            (&person, Action::ReadAccount, Hide, Allow, Hide),
            (&person, Action::UpdateAccount, Hide, Allow, Hide),
            (&person, Action::ManageCourts, Deny, Deny, Deny),
            (&person, Action::ManageStaff, Deny, Deny, Deny),
            (&person, Action::ReadAuditLog, Deny, Deny, Deny),
            (&person, Action::ReadSandboxSms, Deny, Deny, Deny),
            (&person, Action::ManageIncidents, Deny, Deny, Deny),
            (&person, Action::UseWorkbench, Deny, Deny, Deny),
            (&person, Action::ReadCourtDirectory, Allow, Allow, Allow),
            (&lawyer, Action::ReadAccount, Hide, Allow, Hide),
            (&lawyer, Action::UseWorkbench, Deny, Deny, Deny),
            (&judge, Action::ReadAccount, Hide, Allow, Hide),
            (&judge, Action::UpdateAccount, Hide, Allow, Hide),
            (&judge, Action::ManageStaff, Deny, Deny, Deny),
            (&judge, Action::ReadAuditLog, Deny, Deny, Deny),
            (&judge, Action::UseWorkbench, Allow, Allow, Allow),
            (&admin, Action::ReadAccount, Hide, Allow, Allow),
            (&admin, Action::UpdateAccount, Hide, Allow, Hide),
            (&admin, Action::ManageCourts, Allow, Allow, Allow),
            (&admin, Action::ManageStaff, Allow, Allow, Allow),
            (&admin, Action::ReadAuditLog, Allow, Allow, Allow),
            (&admin, Action::ReadSandboxSms, Allow, Allow, Allow),
            (&admin, Action::ManageIncidents, Allow, Allow, Allow),
            (&admin, Action::UseWorkbench, Allow, Allow, Allow),
            (&forged, Action::ManageStaff, Deny, Deny, Deny),
            (&forged, Action::ReadAccount, Hide, Allow, Hide),
        ];
        for (who, action, on_system, on_own, on_other) in rows {
            let own = Resource::Account(who.account_id);
            assert_eq!(
                decide(who, *action, Resource::System),
                *on_system,
                "{:?} {action:?} system",
                who.roles
            );
            assert_eq!(
                decide(who, *action, own),
                *on_own,
                "{:?} {action:?} own",
                who.roles
            );
            assert_eq!(
                decide(who, *action, other),
                *on_other,
                "{:?} {action:?} other",
                who.roles
            );
        }
        assert!(matches!(
            require(None, Action::ReadAccount, other),
            Err(AppError::Unauthenticated)
        ));
    }

    /// The dossier: the 副卷 is hidden from every member of the public whatever the
    /// relationship; the main volume is open to the litigants and to the staff handling the case.
    #[test]
    fn dossier_matrix() {
        use Decision::*;
        let court = CourtId::new();
        let filer = actor(AccountKind::Person, &[]);
        let lawyer = actor(AccountKind::Lawyer, &[]);
        let stranger = actor(AccountKind::Person, &[]);
        let judge = staff_at(court, &[Role::Judge]);
        let clerk = staff_at(court, &[Role::Clerk]);
        let officer = staff_at(court, &[Role::FilingOfficer]);
        let clerk_elsewhere = staff_at(CourtId::new(), &[Role::Clerk]);
        let case_for = |who: &Actor| Resource::Case {
            court,
            filer: filer.account_id,
            judge: Some(judge.account_id),
            panel_member: false,
            participant: who.account_id == lawyer.account_id,
        };
        let rows: &[(&Actor, Action, Decision)] = &[
            (&filer, Action::ReadMainVolume, Allow),
            (&lawyer, Action::ReadMainVolume, Allow),
            (&stranger, Action::ReadMainVolume, Hide),
            (&filer, Action::ReadConfidentialVolume, Hide),
            (&lawyer, Action::ReadConfidentialVolume, Hide),
            (&stranger, Action::ReadConfidentialVolume, Hide),
            (&judge, Action::ReadConfidentialVolume, Allow),
            (&clerk, Action::ReadConfidentialVolume, Allow),
            (&officer, Action::ReadConfidentialVolume, Deny),
            (&clerk_elsewhere, Action::ReadConfidentialVolume, Hide),
            (&filer, Action::SubmitMaterial, Allow),
            (&lawyer, Action::Litigate, Allow),
            (&stranger, Action::Litigate, Hide),
            (&judge, Action::Litigate, Deny),
            (&filer, Action::ManageDossier, Deny),
            (&clerk, Action::ManageDossier, Allow),
            (&judge, Action::Adjudicate, Allow),
            (&clerk, Action::Adjudicate, Deny),
            (&officer, Action::ManageParticipants, Allow),
            (&filer, Action::ManageParticipants, Deny),
        ];
        for (who, action, expected) in rows {
            assert_eq!(
                decide(who, *action, case_for(who)),
                *expected,
                "{action:?} by {:?}",
                who.roles
            );
        }
    }
}
