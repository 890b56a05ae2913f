//! 司法数据公开 page (`/statistics`, Rules art. 9): the public caseload statistics of a court or of
//! all, chosen with a GET form — charts drawn as SVG by `fayuan_domain::statistics::chart` and
//! the same numbers in tables, withheld counts marked.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use fayuan_app::AppError;
use fayuan_app::statistics::PublicStatistics;
use fayuan_domain::statistics::chart::{Group, bars, columns};
use fayuan_domain::statistics::{Count, MonthLine, SUPPRESSED_FIGURE, SUPPRESSED_MARK, Statistics};

use super::{Chrome, error_page, render, with_status};
use crate::WebState;
use crate::api::statistics::StatisticsQuery;
use crate::ctx::PageCtx;
use crate::error::{public_detail, status_of};

/// The statistics route.
pub fn routes() -> Router<WebState> {
    Router::new().route("/statistics", get(page))
}

/// A court offered in the form.
struct CourtOption {
    id: String,
    name: String,
    selected: bool,
}

/// The charts, each an SVG built by the escaping chart writer (hence `|safe` in the template).
struct Charts {
    months: String,
    types: String,
    courts: Option<String>,
    modes: String,
}

/// What the page shows below the form.
struct Shown {
    /// The court's name, or "all courts".
    scope: String,
    figures: Statistics,
    charts: Charts,
    categories: Vec<(&'static str, Count)>,
    courts: Vec<(String, Count)>,
    modes: Vec<(&'static str, Count)>,
}

#[derive(Template)]
#[template(path = "statistics/caseload.html")]
struct StatisticsPage {
    chrome: Chrome,
    courts: Vec<CourtOption>,
    from: String,
    to: String,
    error: Option<String>,
    shown: Option<Shown>,
    mark: &'static str,
    no_figure: &'static str,
}

impl StatisticsPage {
    /// The page for a query: its statistics, or the form again with why they were refused.
    fn new(chrome: Chrome, q: &StatisticsQuery, found: Result<PublicStatistics, String>) -> Self {
        let chosen = q.court.clone().unwrap_or_default();
        let (courts, from, to, error, shown) = match found {
            Ok(p) => (
                options(&p.courts, &chosen),
                p.figures.range.from().to_string(),
                p.figures.range.to().to_string(),
                None,
                Some(shown(&chrome, &p)),
            ),
            Err(e) => (
                Vec::new(),
                q.from.clone().unwrap_or_default(),
                q.to.clone().unwrap_or_default(),
                Some(e),
                None,
            ),
        };
        StatisticsPage {
            chrome,
            courts,
            from,
            to,
            error,
            shown,
            mark: SUPPRESSED_MARK,
            no_figure: SUPPRESSED_FIGURE,
        }
    }
}

fn options(courts: &[fayuan_domain::court::Court], chosen: &str) -> Vec<CourtOption> {
    courts
        .iter()
        .map(|c| CourtOption {
            id: c.id.to_string(),
            name: c.name.clone(),
            selected: c.id.to_string() == chosen.trim(),
        })
        .collect()
}

fn shown(chrome: &Chrome, p: &PublicStatistics) -> Shown {
    let f = &p.figures;
    let categories: Vec<(&'static str, Count)> =
        f.categories.iter().map(|(c, n)| (c.label(), *n)).collect();
    let courts: Vec<(String, Count)> = f
        .courts
        .iter()
        .map(|(id, n)| (p.court_name(*id).to_owned(), *n))
        .collect();
    let modes: Vec<(&'static str, Count)> = f.modes.iter().map(|(m, n)| (m.label(), *n)).collect();
    let charts = Charts {
        months: columns(
            "chart-months",
            chrome.t("statistics.by_month"),
            [chrome.t("statistics.filed"), chrome.t("statistics.closed")],
            &month_groups(&f.months),
        ),
        types: bars(
            "chart-types",
            chrome.t("statistics.by_type"),
            &owned(&categories),
        ),
        courts: (!courts.is_empty())
            .then(|| bars("chart-courts", chrome.t("statistics.by_court"), &courts)),
        modes: bars(
            "chart-modes",
            chrome.t("statistics.by_mode"),
            &owned(&modes),
        ),
    };
    Shown {
        scope: p.court.as_ref().map_or_else(
            || chrome.t("statistics.all_courts").to_owned(),
            |c| c.name.clone(),
        ),
        figures: f.clone(),
        charts,
        categories,
        courts,
        modes,
    }
}

fn month_groups(months: &[MonthLine]) -> Vec<Group> {
    months
        .iter()
        .map(|m| (m.month.to_string(), [m.filed, m.closed]))
        .collect()
}

fn owned(lines: &[(&'static str, Count)]) -> Vec<(String, Count)> {
    lines.iter().map(|(l, n)| ((*l).to_owned(), *n)).collect()
}

/// 司法数据公开: the statistics asked for (by default every court, the last twelve months); a
/// malformed or refused range shows the form again with the reason (422), an unknown court 404.
async fn page(
    State(state): State<WebState>,
    page: PageCtx,
    Query(q): Query<StatisticsQuery>,
) -> Response {
    let chrome = Chrome::of(&page);
    let found = match q.parse() {
        Ok((court, from, to)) => state.app.public_statistics(court, from, to).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(p) => render(&StatisticsPage::new(chrome, &q, Ok(p))),
        Err(e @ AppError::Invalid { .. }) => {
            let mut body = StatisticsPage::new(chrome, &q, Err(public_detail(&e)));
            if let Ok(courts) = state.app.list_courts().await {
                body.courts = options(&courts, q.court.as_deref().unwrap_or_default());
            }
            with_status(Some(status_of(&e)), render(&body))
        }
        Err(e) => error_page(&page, e),
    }
}
