//! Authorisation (Rules arts. 12, 35: 权限管理, 最小范围): one function decides whether an actor
//! may perform an action on a resource, by role and by the actor's relationship to the resource.
//! Resources the actor has no relationship with are hidden (answer 404), not forbidden, so their
//! existence does not leak.

use fayuan_core::id::{AccountId, CourtId};
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
    /// Open the staff workbench.
    UseWorkbench,
    /// Read the list of courts and their divisions (public directory).
    ReadCourtDirectory,
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
    match (action, resource) {
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
            | Action::ReadSandboxSms,
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
            csrf_token: String::new(),
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
}
