//! The portal 人民法院在线服务 (Rules art. 5 ¶4: the unified entry for the public): the list of every
//! online service of the Rules, the court directory and the API page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use fayuan_domain::court::{Court, Courtroom, Division};

use super::{Chrome, error_page, render};
use crate::WebState;
use crate::ctx::PageCtx;

/// The portal routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/", get(portal))
        .route("/services/{slug}", get(service))
        .route("/courts", get(courts))
        .route("/api", get(api_page))
}

/// One online service of the Rules.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// URL slug.
    pub slug: &'static str,
    /// Name.
    pub name: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
    /// Article of the Rules it implements.
    pub basis: &'static str,
    /// Where it lives once built (`None`: still under construction).
    pub page: Option<&'static str>,
}

impl Service {
    /// Whether it works today.
    pub fn available(&self) -> bool {
        self.page.is_some()
    }

    /// Its link.
    pub fn href(&self) -> String {
        self.page
            .map_or_else(|| format!("/services/{}", self.slug), str::to_string)
    }
}

/// A titled group of services.
pub struct ServiceGroup {
    /// Title.
    pub title: &'static str,
    /// Services.
    pub services: &'static [Service],
}

const fn s(
    slug: &'static str,
    name: &'static str,
    summary: &'static str,
    basis: &'static str,
    page: Option<&'static str>,
) -> Service {
    Service {
        slug,
        name,
        summary,
        basis,
        page,
    }
}

/// 智慧服务 (art. 5 ¶3): every function the online services must offer.
pub const ONLINE_SERVICES: &[Service] = &[
    s(
        "register",
        "注册与实名认证",
        "注册专用账号，对接户籍系统核验身份",
        "第十四条、第十五条",
        Some("/register"),
    ),
    s(
        "guide",
        "诉讼指引",
        "诉讼流程、材料清单、费用与期间说明",
        "第五条",
        None,
    ),
    s(
        "mediation",
        "在线调解",
        "申请、接受、拒绝或终止调解，音视频调解，调解协议与司法确认",
        "第十六条",
        Some("/mediations"),
    ),
    s(
        "mediator-roster",
        "调解组织和调解员名册",
        "在线选定调解组织和调解员",
        "第十六条",
        Some("/mediators"),
    ),
    s(
        "filing",
        "在线立案",
        "网上提交立案申请，查看立案结果",
        "第十七条",
        Some("/filings/new"),
    ),
    s(
        "fees",
        "在线交费",
        "查看诉讼费用信息并网上支付",
        "第十八条",
        Some("/cases"),
    ),
    s(
        "materials",
        "在线提交材料",
        "按平台要求提交电子材料，自动纳入电子卷宗",
        "第十九条、第二十条",
        None,
    ),
    s(
        "evidence-exchange",
        "在线证据交换",
        "在线举证、质证",
        "第二十二条、第二十三条",
        None,
    ),
    s(
        "appraisal",
        "在线委托鉴定",
        "委托鉴定、选择机构、查阅鉴定意见、提出异议",
        "第二十八条",
        None,
    ),
    s(
        "preservation",
        "在线保全",
        "申请保全、电子保函、解除与续行保全",
        "第二十七条",
        None,
    ),
    s(
        "hearings",
        "在线庭审",
        "在线视频庭审、笔录签名",
        "第二十五条",
        None,
    ),
    s(
        "enforcement",
        "在线执行",
        "申请执行、查看执行进展与案款",
        "第三十一条",
        None,
    ),
    s(
        "dossier-reading",
        "在线阅卷",
        "申请并在线查阅电子卷宗",
        "第二十四条",
        None,
    ),
    s(
        "archive-lookup",
        "在线查档",
        "申请并在线查阅电子档案",
        "第二十四条",
        None,
    ),
    s(
        "delivery",
        "在线送达",
        "在线查阅、接收、下载和签收送达材料",
        "第二十六条",
        None,
    ),
    s("notices", "在线公告", "公告送达与其他公告", "第五条", None),
    s(
        "cross-region",
        "跨域诉讼服务",
        "就近法院代为收转材料、跨域立案",
        "第五条",
        None,
    ),
];

/// 司法公开 (art. 9).
pub const OPENNESS_SERVICES: &[Service] = &[
    s(
        "process-disclosure",
        "审判流程信息公开",
        "当事人查询案件审判流程信息",
        "第九条",
        Some("/process"),
    ),
    s(
        "hearing-disclosure",
        "庭审活动公开",
        "开庭公告与庭审直播、录播",
        "第九条",
        Some("/hearings"),
    ),
    s(
        "judgments",
        "裁判文书公开",
        "依法隐名处理后公布裁判文书，检索",
        "第九条、第三十六条",
        Some("/judgments"),
    ),
    s(
        "statistics",
        "司法数据公开",
        "收结案统计、结案率、平均审理天数（可视化）",
        "第九条",
        Some("/statistics"),
    ),
    s(
        "enforcement-disclosure",
        "执行信息公开",
        "执行案件信息、失信被执行人名单、限制消费",
        "第九条",
        None,
    ),
];

/// Support, consultation and verification.
pub const SUPPORT_SERVICES: &[Service] = &[
    s(
        "consultation",
        "诉讼服务咨询与预约",
        "12368热线、在线咨询、预约办理",
        "第二十九条",
        None,
    ),
    s(
        "ledger",
        "司法区块链存证核验",
        "核验电子证据与存证",
        "第十条、第二十一条",
        Some("/ledger"),
    ),
    s(
        "courts",
        "法院名录",
        "法院、部门与法庭",
        "第四条",
        Some("/courts"),
    ),
    s(
        "api",
        "开放接口",
        "JSON 接口与 OpenAPI 文档",
        "第四十三条",
        Some("/api"),
    ),
    s(
        "privacy-complaints",
        "个人信息保护投诉",
        "投诉、举报违法处理个人信息的行为",
        "第三十六条",
        None,
    ),
    s(
        "satisfaction",
        "满意度评价",
        "评价在线服务，跟踪改进",
        "第四十四条",
        None,
    ),
];

/// The portal's groups, in order.
pub fn groups(chrome: &Chrome) -> Vec<ServiceGroup> {
    vec![
        ServiceGroup {
            title: chrome.t("portal.services"),
            services: ONLINE_SERVICES,
        },
        ServiceGroup {
            title: chrome.t("portal.openness"),
            services: OPENNESS_SERVICES,
        },
        ServiceGroup {
            title: chrome.t("portal.support"),
            services: SUPPORT_SERVICES,
        },
    ]
}

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    chrome: Chrome,
    groups: Vec<ServiceGroup>,
}

async fn portal(page: PageCtx) -> Response {
    let chrome = Chrome::of(&page);
    render(&PortalPage {
        groups: groups(&chrome),
        chrome,
    })
}

#[derive(Template)]
#[template(path = "service.html")]
struct ServicePage {
    chrome: Chrome,
    service: Service,
}

async fn service(page: PageCtx, Path(slug): Path<String>) -> Response {
    let found = ONLINE_SERVICES
        .iter()
        .chain(OPENNESS_SERVICES)
        .chain(SUPPORT_SERVICES)
        .find(|s| s.slug == slug);
    match found {
        Some(service) => render(&ServicePage {
            chrome: Chrome::of(&page),
            service: *service,
        }),
        None => error_page(&page, fayuan_app::AppError::NotFound),
    }
}

/// A court with its divisions and courtrooms, for listings.
pub struct CourtEntry {
    /// Court.
    pub court: Court,
    /// Divisions.
    pub divisions: Vec<Division>,
    /// Courtrooms.
    pub courtrooms: Vec<Courtroom>,
}

/// Loads every court with its divisions and courtrooms.
pub async fn court_entries(state: &WebState) -> Result<Vec<CourtEntry>, fayuan_app::AppError> {
    let mut entries = Vec::new();
    for court in state.app.list_courts().await? {
        let (court, divisions, courtrooms) = state.app.court_detail(court.id).await?;
        entries.push(CourtEntry {
            court,
            divisions,
            courtrooms,
        });
    }
    Ok(entries)
}

#[derive(Template)]
#[template(path = "courts.html")]
struct CourtsPage {
    chrome: Chrome,
    courts: Vec<CourtEntry>,
}

async fn courts(State(state): State<WebState>, page: PageCtx) -> Response {
    match court_entries(&state).await {
        Ok(courts) => render(&CourtsPage {
            chrome: Chrome::of(&page),
            courts,
        }),
        Err(e) => error_page(&page, e),
    }
}

/// One operation of the API, for the API page.
pub struct Operation {
    /// HTTP method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Summary.
    pub summary: String,
    /// Needs a bearer token.
    pub secured: bool,
}

#[derive(Template)]
#[template(path = "api.html")]
struct ApiPage {
    chrome: Chrome,
    operations: Vec<Operation>,
}

async fn api_page(State(state): State<WebState>, page: PageCtx) -> Response {
    let mut operations = Vec::new();
    for (path, item) in &state.openapi.paths.paths {
        let methods = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in methods {
            if let Some(op) = op {
                let summary = op
                    .summary
                    .clone()
                    .or_else(|| op.description.clone())
                    .unwrap_or_default();
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                operations.push(Operation {
                    method: method.into(),
                    path: path.clone(),
                    summary,
                    secured,
                });
            }
        }
    }
    render(&ApiPage {
        chrome: Chrome::of(&page),
        operations,
    })
}
