//! The user's mediations (`/mediations`) and the court's mediation statistics
//! (`/mediations/statistics`).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use fayuan_app::AppError;
use fayuan_app::mediation::stats::Tally;
use fayuan_domain::mediation::{Mediation, MediationStatus};

use crate::WebState;
use crate::ctx::PageCtx;
use crate::pages::{Chrome, Done, error_page, render};

/// A mediation as listed.
struct ListLine {
    m: Mediation,
    /// The answer deadline while inviting, the period's last day once it runs.
    deadline: String,
}

#[derive(Template)]
#[template(path = "mediation/list.html")]
struct ListPage {
    chrome: Chrome,
    lines: Vec<ListLine>,
    notice: Option<String>,
}

pub(super) async fn mine(
    State(state): State<WebState>,
    page: PageCtx,
    Query(done): Query<Done>,
) -> Response {
    if page.ctx.actor.is_none() {
        return crate::pages::login_prompt(&page);
    }
    let notice = match done.done.as_str() {
        "declined" => Some(page.lang.t("mediation.done_declined").to_owned()),
        _ => None,
    };
    match state.app.my_mediations(&page.ctx).await {
        Ok(list) => render(&ListPage {
            chrome: Chrome::of(&page),
            lines: list
                .into_iter()
                .map(|m| ListLine {
                    deadline: match (m.status, m.deadline_on) {
                        (MediationStatus::Inviting, _) => m.answer_by.to_string(),
                        (_, Some(d)) => d.to_string(),
                        (_, None) => String::new(),
                    },
                    m,
                })
                .collect(),
            notice,
        }),
        Err(e) => error_page(&page, e),
    }
}

/// A rate in per mille as a percentage with one decimal: 750 → `75.0%`.
fn percent(permille: i64) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

/// A tally as a table row.
struct TallyRow {
    name: String,
    total: usize,
    open: usize,
    settled: usize,
    unsettled: usize,
    /// 成功率, e.g. `75.0%` (empty when nothing ended).
    rate: String,
    /// 平均用时 in days (empty when nothing ended).
    mean_days: String,
}

impl From<&Tally> for TallyRow {
    fn from(t: &Tally) -> Self {
        Self {
            name: t.name.clone(),
            total: t.total,
            open: t.open,
            settled: t.settled,
            unsettled: t.unsettled,
            rate: t.success_permille().map(percent).unwrap_or_default(),
            mean_days: t.mean_days().map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "mediation/statistics.html")]
struct StatisticsPage {
    chrome: Chrome,
    by_status: Vec<(&'static str, usize)>,
    /// The tables: overall, per organisation, per mediator.
    sections: Vec<(&'static str, Vec<TallyRow>)>,
}

pub(super) async fn statistics(State(state): State<WebState>, page: PageCtx) -> Response {
    let court = match page.ctx.actor.as_ref() {
        None => return error_page(&page, AppError::Unauthenticated),
        Some(actor) => match actor.court_id {
            Some(court) => court,
            None => return error_page(&page, AppError::Forbidden),
        },
    };
    match state.app.mediation_statistics(&page.ctx, court).await {
        Ok(stats) => render(&StatisticsPage {
            chrome: Chrome::of(&page),
            by_status: stats
                .by_status
                .iter()
                .map(|(s, n)| (s.label(), *n))
                .collect(),
            sections: vec![
                (
                    page.lang.t("mediation.overall"),
                    vec![(&stats.overall).into()],
                ),
                (
                    page.lang.t("mediation.by_organisation"),
                    stats.by_organisation.iter().map(Into::into).collect(),
                ),
                (
                    page.lang.t("mediation.by_mediator"),
                    stats.by_mediator.iter().map(Into::into).collect(),
                ),
            ],
        }),
        Err(e) => error_page(&page, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_show_as_percentages_with_one_decimal() {
        assert_eq!(percent(750), "75.0%");
        assert_eq!(percent(1000), "100.0%");
        assert_eq!(percent(3), "0.3%");
        let row = TallyRow::from(&Tally::default());
        assert_eq!((row.rate.as_str(), row.mean_days.as_str()), ("", ""));
    }
}
