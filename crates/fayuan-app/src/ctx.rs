//! Who is asking, from where, in which request.

use fayuan_core::id::{AccountId, CourtId, RequestId, SessionId};
use fayuan_domain::accounts::{AccountKind, Role, Verification};

/// An authenticated account acting through a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account.
    pub account_id: AccountId,
    /// The session it acts through.
    pub session_id: SessionId,
    /// Kind of account.
    pub kind: AccountKind,
    /// Real name.
    pub name: String,
    /// Staff roles.
    pub roles: Vec<Role>,
    /// Staff: their court.
    pub court_id: Option<CourtId>,
    /// Real-name verification of the account (filing needs `Verified`).
    pub verification: Verification,
    /// Anti-CSRF token of the session.
    pub csrf_token: String,
}

impl Actor {
    /// Whether the actor holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The role recorded in audit events: the first staff role, else the account kind.
    pub fn audit_role(&self) -> String {
        self.roles
            .first()
            .map_or(self.kind.as_str(), |r| r.as_str())
            .to_string()
    }
}

/// The context of one request.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The authenticated actor, if any.
    pub actor: Option<Actor>,
    /// Request id (from the `x-request-id` header or generated).
    pub request_id: RequestId,
    /// Client network address.
    pub client_addr: String,
    /// The operator at the server's console (CLI, demo seeding, scheduler): trusted to manage
    /// the installation without an account. Never set for HTTP requests.
    pub operator: bool,
}

impl Ctx {
    /// An anonymous context.
    pub fn anonymous(client_addr: impl Into<String>) -> Self {
        Self {
            actor: None,
            request_id: RequestId::new(),
            client_addr: client_addr.into(),
            operator: false,
        }
    }

    /// The context of the operator at the console; `origin` names the program (`cli`, `demo`,
    /// `scheduler`) and is recorded as the client address in audit events.
    pub fn operator(origin: &str) -> Self {
        Self {
            operator: true,
            ..Self::anonymous(origin)
        }
    }
}
