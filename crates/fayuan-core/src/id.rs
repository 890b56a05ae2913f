//! Typed identifiers: UUIDv7 newtypes so that an account id can never be passed where a court id
//! is expected.

use std::fmt;
use std::str::FromStr;

/// Declares a UUIDv7 identifier newtype with parsing, display and serde support.
macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A new, time-ordered (UUIDv7) identifier.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(Self)
            }
        }
    };
}

typed_id!(
    /// A registered account: a member of the public (person, organisation, lawyer) or court staff.
    AccountId
);
typed_id!(
    /// A court (人民法院).
    CourtId
);
typed_id!(
    /// A division of a court (立案庭, 民事审判庭, …).
    DivisionId
);
typed_id!(
    /// A courtroom (法庭).
    CourtroomId
);
typed_id!(
    /// A login session (cookie or bearer token).
    SessionId
);
typed_id!(
    /// A request, as carried in the `x-request-id` header and every audit event.
    RequestId
);
typed_id!(
    /// A filing application (立案申请).
    FilingId
);
typed_id!(
    /// A case (案件).
    CaseId
);
typed_id!(
    /// A fee notice (交费通知).
    FeeNoticeId
);
typed_id!(
    /// A payment attempt on a fee notice.
    PaymentId
);
typed_id!(
    /// A message in an account's inbox.
    NotificationId
);
typed_id!(
    /// A request to extend a case's trial time limit.
    ExtensionId
);
typed_id!(
    /// A refund of fees.
    RefundId
);
typed_id!(
    /// An application for judicial aid on fees (缓交、减交、免交).
    FeeReliefId
);
typed_id!(
    /// A period not counted in a case's time limit.
    SuspensionId
);

typed_id!(
    /// A material in a case's electronic dossier (卷宗材料), online or scanned from paper.
    MaterialId
);

typed_id!(
    /// An application to read a case's dossier (阅卷申请).
    ReadingRequestId
);

typed_id!(
    /// One item of a party's evidence list (证据清单中的一项).
    EvidenceItemId
);

typed_id!(
    /// A party's cross-examination opinion on one evidence item (质证意见).
    OpinionId
);

typed_id!(
    /// A party's confirmed delivery addresses, one version (送达地址确认书).
    DeliveryAddressId
);

typed_id!(
    /// One service of documents on one recipient (送达任务).
    DeliveryId
);

typed_id!(
    /// One recorded step of a delivery (送达留痕).
    DeliveryEventId
);

typed_id!(
    /// The publication of one effective judicial document (裁判文书公开).
    PublicationId
);

typed_id!(
    /// A background job (e-mail sending with retries).
    JobId
);

typed_id!(
    /// A mediation organisation on a court's roster (调解组织).
    OrganisationId
);

typed_id!(
    /// One online mediation (在线调解), before filing or during a case.
    MediationId
);

typed_id!(
    /// A message in a mediation room; messages are never changed once sent.
    MessageId
);

typed_id!(
    /// An audio and video recording of a mediation session, uploaded while it runs.
    RecordingId
);

typed_id!(
    /// A scheduled sitting of a case (开庭, 庭前会议, 证据交换, 宣判).
    HearingId
);

typed_id!(
    /// An incident that suspended online services (故障公告, Rules art. 40).
    IncidentId
);
