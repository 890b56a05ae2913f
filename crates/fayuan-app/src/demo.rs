//! Demo data for `fayuan serve --demo`: one court with its divisions and courtrooms, one staff
//! account per role (the mediator on the court's mediation roster, beside a people's mediation
//! committee), two verified litigants, a lawyer and an organisation. Identities are seeded
//! into the identity-registry sandbox first, so registration verifies them the normal way.

use fayuan_domain::accounts::{AccountKind, Role};
use fayuan_domain::court::{CourtLevel, DivisionKind};

use fayuan_core::id::CourtId;
use fayuan_domain::mediation::roster::{MediatorProfile, OrganisationKind};

use crate::accounts::Registration;
use crate::court::NewCourt;
use crate::mediation::roster::{MediatorDraft, OrganisationDraft};
use crate::staff::NewStaff;
use crate::{App, AppError, Ctx};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Fayuan-Demo-2026";
/// Name of the demo court.
pub const DEMO_COURT_NAME: &str = "示范市示范区人民法院";
/// Court code of the demo court: the shape of a basic court of Beijing (京 + 4 digits); 0199 is
/// not assigned to any real court.
pub const DEMO_COURT_CODE: &str = "京0199";

/// One demo login, for printing.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// What to type as login.
    pub login: String,
    /// Who it is.
    pub description: String,
    /// Whether a TOTP code is needed.
    pub needs_totp: bool,
}

/// Staff: username, name, role, division kind.
const STAFF: &[(&str, &str, Role, Option<DivisionKind>)] = &[
    ("admin", "系统管理员", Role::Admin, None),
    ("president", "周院长", Role::CourtPresident, None),
    (
        "chief",
        "吴庭长",
        Role::DivisionChief,
        Some(DivisionKind::Civil),
    ),
    ("judge", "王法官", Role::Judge, Some(DivisionKind::Civil)),
    ("judge2", "孙法官", Role::Judge, Some(DivisionKind::Civil)),
    ("judge3", "李法官", Role::Judge, Some(DivisionKind::Civil)),
    (
        "assistant",
        "郑助理",
        Role::JudgeAssistant,
        Some(DivisionKind::Civil),
    ),
    ("clerk", "冯书记员", Role::Clerk, Some(DivisionKind::Civil)),
    (
        "filing",
        "陈立案",
        Role::FilingOfficer,
        Some(DivisionKind::Filing),
    ),
    (
        "enforcer",
        "褚执行",
        Role::EnforcementOfficer,
        Some(DivisionKind::Enforcement),
    ),
    (
        "mediator",
        "卫调解",
        Role::Mediator,
        Some(DivisionKind::Filing),
    ),
    (
        "archivist",
        "蒋档案",
        Role::Archivist,
        Some(DivisionKind::Office),
    ),
];

/// Seeds the demo data unless a court exists already; returns the logins to print.
pub async fn seed(app: &App) -> Result<Vec<DemoLogin>, AppError> {
    let ctx = Ctx::operator("demo");
    let existing = app.list_courts().await?;
    if existing.is_empty() {
        seed_everything(app, &ctx).await?;
    }
    let mut logins: Vec<DemoLogin> = STAFF
        .iter()
        .map(|(username, name, role, _)| DemoLogin {
            login: (*username).to_string(),
            description: format!("{name}（{}）", role.label()),
            needs_totp: true,
        })
        .collect();
    for (login, description) in [
        ("13800000001", "张三（自然人，已实名认证）"),
        ("13800000002", "李四（自然人，已实名认证）"),
        ("13800000003", "王律师（律师，示范律师事务所）"),
        ("13800000004", "示范科技有限公司（法人）"),
    ] {
        logins.push(DemoLogin {
            login: login.into(),
            description: description.into(),
            needs_totp: false,
        });
    }
    Ok(logins)
}

async fn seed_everything(app: &App, ctx: &Ctx) -> Result<(), AppError> {
    let court = app
        .create_court(
            ctx,
            NewCourt {
                name: DEMO_COURT_NAME.into(),
                level: CourtLevel::Basic,
                code: DEMO_COURT_CODE.into(),
                parent_id: None,
            },
        )
        .await?
        .id;
    let mut divisions = Vec::new();
    for (name, kind) in [
        ("立案庭", DivisionKind::Filing),
        ("民事审判第一庭", DivisionKind::Civil),
        ("刑事审判庭", DivisionKind::Criminal),
        ("行政审判庭", DivisionKind::Administrative),
        ("执行局", DivisionKind::Enforcement),
        ("审判管理办公室", DivisionKind::Office),
    ] {
        divisions.push(app.create_division(ctx, court, name, kind).await?);
    }
    for (name, tech, capacity) in [
        ("第一法庭", true, 40),
        ("第二法庭", true, 30),
        ("第三法庭", false, 60),
    ] {
        let equipment = if tech {
            "视频会议终端、庭审录音录像、电子证据展示"
        } else {
            "庭审录音"
        };
        app.create_courtroom(ctx, court, name, tech, capacity, equipment)
            .await?;
    }
    for (username, name, role, division_kind) in STAFF {
        let division_id =
            division_kind.and_then(|k| divisions.iter().find(|d| d.kind == k).map(|d| d.id));
        app.create_staff(
            ctx,
            NewStaff {
                username: (*username).to_string(),
                name: (*name).to_string(),
                phone: None,
                court_id: court,
                division_id,
                roles: vec![*role],
                password: DEMO_PASSWORD.into(),
            },
        )
        .await?;
    }
    let people = [
        (
            AccountKind::Person,
            "张三",
            Some("110101199003077774"),
            None,
            "13800000001",
            None,
        ),
        (
            AccountKind::Person,
            "李四",
            Some("320311197001011230"),
            None,
            "13800000002",
            None,
        ),
        (
            AccountKind::Lawyer,
            "王律师",
            Some("11010519491231002X"),
            None,
            "13800000003",
            Some("11101201810012345"),
        ),
        (
            AccountKind::Organisation,
            "示范科技有限公司",
            None,
            Some("91350100M000100Y43"),
            "13800000004",
            None,
        ),
    ];
    for (kind, name, id_number, uscc, phone, licence) in people {
        let number = id_number.or(uscc).unwrap_or_default();
        app.put_sandbox_identity(ctx, number, name).await?;
        app.register(
            ctx,
            Registration {
                kind,
                name: name.into(),
                id_number: id_number.map(Into::into),
                uscc: uscc.map(Into::into),
                legal_representative: uscc.map(|_| "赵六".to_string()),
                licence_number: licence.map(Into::into),
                law_firm: licence.map(|_| "示范律师事务所".to_string()),
                phone: phone.into(),
                email: None,
                password: DEMO_PASSWORD.into(),
            },
        )
        .await?;
    }
    seed_roster(app, ctx, court).await
}

/// The court's mediation roster: a people's mediation committee, and the court's own mediator.
async fn seed_roster(app: &App, ctx: &Ctx, court: CourtId) -> Result<(), AppError> {
    app.create_organisation(
        ctx,
        court,
        OrganisationDraft {
            name: "示范区人民调解委员会".into(),
            kind: OrganisationKind::PeoplesCommittee,
            scope: "婚姻家庭、邻里、物业、民间借贷等民间纠纷".into(),
            region: "示范区".into(),
            charges_fee: false,
        },
    )
    .await?;
    app.appoint_mediator(
        ctx,
        court,
        MediatorDraft {
            login: "mediator".into(),
            organisation_id: None,
            manages_organisation: false,
            profile: MediatorProfile::new(
                &["民间借贷".into(), "买卖合同".into()],
                &["示范区".into()],
                &[],
                "本院专职调解员。",
            )?,
        },
    )
    .await?;
    Ok(())
}
