//! 司法数据公开 (Rules art. 9): the public caseload statistics as JSON
//! (`/api/v1/public/statistics`), without logging in. Counts are published as [`CountView`]:
//! a withheld count carries no number at all, so the small counts never leave the server.

use axum::Json;
use axum::extract::State;
use fayuan_app::AppError;
use fayuan_app::statistics::PublicStatistics;
use fayuan_core::id::CourtId;
use fayuan_domain::statistics::{Count, Figure, Month, THRESHOLD};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiQuery;
use crate::WebState;
use crate::error::{ApiError, Problem};

/// Which statistics: a court (or all) and a range of months (also the page's form).
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct StatisticsQuery {
    /// A court's id; every court when absent or empty.
    pub court: Option<String>,
    /// The first month, `YYYY-MM`; by default eleven months before `to`.
    pub from: Option<String>,
    /// The last month, `YYYY-MM`; by default the current month (China time). At most 60
    /// months from `from`.
    pub to: Option<String>,
}

/// What a [`StatisticsQuery`] asks for: the court and the months, each `None` when not given.
pub type Asked = (Option<CourtId>, Option<Month>, Option<Month>);

impl StatisticsQuery {
    /// The court and months asked for; a malformed court id (`statistics.court`) or month
    /// (`statistics.month`) is refused.
    pub fn parse(&self) -> Result<Asked, AppError> {
        let court = given(&self.court)
            .map(|text| {
                text.parse::<CourtId>()
                    .map_err(|_| AppError::invalid("statistics.court", "法院编号不正确。"))
            })
            .transpose()?;
        Ok((court, month(&self.from)?, month(&self.to)?))
    }
}

/// A query field with something in it.
fn given(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn month(field: &Option<String>) -> Result<Option<Month>, AppError> {
    given(field)
        .map(|text| {
            Month::parse(text)
                .ok_or_else(|| AppError::invalid("statistics.month", "月份格式应为 YYYY-MM。"))
        })
        .transpose()
}

/// A count as published. A count from 1 to 4 — and any count withheld so that such a count
/// cannot be worked out by subtracting from a total shown beside it — is
/// `{"value": null, "suppressed": true}`; every other count is `{"value": n, "suppressed":
/// false}` (0 included).
#[derive(Debug, Serialize, ToSchema)]
pub struct CountView {
    /// The count; `null` when withheld.
    pub value: Option<u64>,
    /// Whether it is withheld.
    pub suppressed: bool,
}

impl From<Count> for CountView {
    fn from(c: Count) -> Self {
        Self {
            value: c.value(),
            suppressed: c.is_suppressed(),
        }
    }
}

/// A rate or an average as published, with one decimal: `{"value": 62.5, "suppressed":
/// false}`, or `{"value": null, "suppressed": true}` when its denominator is under 5 or its
/// numerator is a withheld count.
#[derive(Debug, Serialize, ToSchema)]
pub struct FigureView {
    /// The value; `null` when withheld.
    pub value: Option<f64>,
    /// Whether it is withheld.
    pub suppressed: bool,
}

impl From<Figure> for FigureView {
    fn from(f: Figure) -> Self {
        Self {
            value: f.value(),
            suppressed: f.value().is_none(),
        }
    }
}

/// A court.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourtRef {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// One month.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthView {
    /// `YYYY-MM`.
    pub month: String,
    /// Cases docketed in the month.
    pub filed: CountView,
    /// Cases closed in the month.
    pub closed: CountView,
}

/// Cases docketed of one case type.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryView {
    /// `civil_first_instance`, `administrative_first_instance`, `enforcement`, …
    pub category: String,
    /// 民事一审, 行政一审, 申请执行, …
    pub label: String,
    /// Cases docketed.
    pub filed: CountView,
}

/// Cases docketed at one court.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourtLineView {
    /// The court.
    pub court: CourtRef,
    /// Cases docketed.
    pub filed: CountView,
}

/// Cases closed in one closure mode.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModeView {
    /// `judgment`, `mediation`, `withdrawal`, …
    pub mode: String,
    /// 判决, 调解, 撤诉, …
    pub label: String,
    /// Cases closed.
    pub closed: CountView,
}

/// The caseload of a court (or all) over a range of months. Each list is suppressed against its
/// total (`filed` or `closed`): counts 1–4 are withheld, and where exactly one part of a total
/// would be withheld (or every withheld part would have to be 1) the smallest other non-zero
/// part is withheld too.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatisticsView {
    /// The court chosen; `null` for every court.
    pub court: Option<CourtRef>,
    /// First month, `YYYY-MM`.
    pub from: String,
    /// Last month, `YYYY-MM`.
    pub to: String,
    /// Counts from 1 to this minus one are withheld.
    pub threshold: u64,
    /// Cases docketed in the range (by `docketed_on`).
    pub filed: CountView,
    /// Cases closed in the range (by `closed_on`, wherever they were docketed).
    pub closed: CountView,
    /// `closed` ÷ `filed` in percent (may pass 100 when older cases close).
    pub closure_rate_percent: FigureView,
    /// Average days from docketing to closure of the cases closed in the range.
    pub average_days: FigureView,
    /// Per month, every month of the range.
    pub months: Vec<MonthView>,
    /// Docketed per case type, every type.
    pub categories: Vec<CategoryView>,
    /// Docketed per court, every court; empty when a court is chosen.
    pub courts: Vec<CourtLineView>,
    /// Closed per closure mode, every mode.
    pub closure_modes: Vec<ModeView>,
}

impl From<&PublicStatistics> for StatisticsView {
    fn from(p: &PublicStatistics) -> Self {
        let f = &p.figures;
        Self {
            court: p.court.as_ref().map(|c| CourtRef {
                id: c.id.to_string(),
                name: c.name.clone(),
            }),
            from: f.range.from().to_string(),
            to: f.range.to().to_string(),
            threshold: THRESHOLD,
            filed: f.filed.into(),
            closed: f.closed.into(),
            closure_rate_percent: f.closure_rate.into(),
            average_days: f.average_days.into(),
            months: f
                .months
                .iter()
                .map(|m| MonthView {
                    month: m.month.to_string(),
                    filed: m.filed.into(),
                    closed: m.closed.into(),
                })
                .collect(),
            categories: f
                .categories
                .iter()
                .map(|(c, n)| CategoryView {
                    category: c.as_str().to_owned(),
                    label: c.label().to_owned(),
                    filed: (*n).into(),
                })
                .collect(),
            courts: f
                .courts
                .iter()
                .map(|(id, n)| CourtLineView {
                    court: CourtRef {
                        id: id.to_string(),
                        name: p.court_name(*id).to_owned(),
                    },
                    filed: (*n).into(),
                })
                .collect(),
            closure_modes: f
                .modes
                .iter()
                .map(|(m, n)| ModeView {
                    mode: m.as_str().to_owned(),
                    label: m.label().to_owned(),
                    closed: (*n).into(),
                })
                .collect(),
        }
    }
}

/// 司法数据公开: cases docketed and closed per month, per case type, per court and per closure
/// mode, the closure rate and the average days to close — small counts withheld. No login
/// needed.
#[utoipa::path(get, path = "/api/v1/public/statistics", tag = "publication", params(StatisticsQuery),
    responses((status = 200, body = StatisticsView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn public_statistics(
    State(s): State<WebState>,
    ApiQuery(q): ApiQuery<StatisticsQuery>,
) -> Result<Json<StatisticsView>, ApiError> {
    let (court, from, to) = q.parse()?;
    let found = s.app.public_statistics(court, from, to).await?;
    Ok(Json(StatisticsView::from(&found)))
}
