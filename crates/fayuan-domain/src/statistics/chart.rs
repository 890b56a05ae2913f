//! The charts of the public statistics as SVG, written by hand: a grouped column chart (cases
//! docketed and closed per month) and a horizontal bar chart (per case type, court or closure
//! mode).
//!
//! They draw [`Count`]s, so a withheld number never reaches them: a withheld count is a hatched
//! placeholder of fixed size marked [`SUPPRESSED_MARK`], a zero draws nothing, and the scale
//! comes from the shown counts alone — the picture is the same whatever the withheld numbers
//! are. Every text (title, labels, tooltips, the id) goes through [`escape`]; colours are
//! presentation attributes, since the pages' Content-Security-Policy allows no inline style.

use std::fmt::{self, Write};

use super::{Count, SUPPRESSED_MARK};

/// Colours of the two series of a column chart, and of single bars (the first).
const SERIES: [&str; 2] = ["#1f5fa8", "#c9822b"];
/// Text.
const INK: &str = "#1f2328";
/// Axis labels.
const MUTED: &str = "#5b6470";
/// Grid lines.
const GRID: &str = "#d8dce2";
/// The stripes of a withheld count's placeholder.
const HATCH: &str = "#8a8f98";
/// Font size of labels, in user units.
const FONT: f64 = 12.0;
/// The fixed size of a withheld count's placeholder (height of a column, length of a bar).
const PLACEHOLDER: f64 = 10.0;
/// Groups beyond which the column chart labels only some months and leaves the numbers to
/// its table.
const LABELLED_GROUPS: usize = 12;

/// Escapes text for XML character data and attribute values; drops the control characters
/// XML 1.0 does not allow.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// The one writer of chart markup: elements with numeric geometry and escaped text.
struct Svg {
    out: String,
    /// The escaped id, prefix of the title's and the hatch pattern's ids.
    id: String,
}

impl Svg {
    /// `<svg … role="img" aria-labelledby=…><title>…</title>` and the hatch pattern.
    fn open(id: &str, title: &str, width: f64, height: f64) -> Svg {
        let mut svg = Svg {
            out: String::new(),
            id: escape(id),
        };
        let id = svg.id.clone();
        svg.put(format_args!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" viewBox=\"0 0 {width:.0} \
             {height:.0}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title\" \
             font-size=\"{FONT}\" fill=\"{INK}\"><title id=\"{id}-title\">{}</title>",
            escape(title)
        ));
        svg.put(format_args!(
            "<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" \
             patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" \
             height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" \
             stroke=\"{HATCH}\" stroke-width=\"3\"/></pattern></defs>"
        ));
        svg
    }

    fn put(&mut self, args: fmt::Arguments<'_>) {
        // Writing into a String cannot fail.
        let _ = self.out.write_fmt(args);
    }

    /// A filled rectangle with its tooltip (`<title>`, also its accessible name).
    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, tip: &str) {
        self.put(format_args!(
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" \
             fill=\"{fill}\"><title>{}</title></rect>",
            escape(tip)
        ));
    }

    /// The hatched placeholder of a withheld count.
    fn placeholder(&mut self, x: f64, y: f64, w: f64, h: f64, tip: &str) {
        let fill = format!("url(#{}-hatch)", self.id);
        self.put(format_args!(
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{fill}\" \
             stroke=\"{HATCH}\"><title>{}</title></rect>",
            escape(tip)
        ));
    }

    /// A text; `anchor` is `start`, `middle` or `end`.
    fn text(&mut self, x: f64, y: f64, anchor: &str, fill: &str, text: &str) {
        self.put(format_args!(
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{}</text>",
            escape(text)
        ));
    }

    fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str) {
        self.put(format_args!(
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{stroke}\"/>",
            from.0, from.1, to.0, to.1
        ));
    }

    fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// The top of the value axis and its step (1, 2 or 5 × 10ⁿ, about four steps) for the largest
/// shown value.
fn axis(max: u64) -> (u64, u64) {
    let wanted = max.div_ceil(4).max(1);
    let mut decade: u64 = 1;
    loop {
        for m in [1, 2, 5] {
            let step = decade.saturating_mul(m);
            if step >= wanted {
                return (max.div_ceil(step).max(1).saturating_mul(step), step);
            }
        }
        decade = decade.saturating_mul(10);
    }
}

/// The largest shown count.
fn largest<'a>(counts: impl Iterator<Item = &'a Count>) -> u64 {
    counts.filter_map(|c| c.value()).max().unwrap_or(0)
}

/// The approximate width of a label: CJK characters are square, others about half as wide.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * FONT
}

/// The label cut to `max` units, with an ellipsis when cut.
fn fit(text: &str, max: f64) -> String {
    if text_width(text) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&out) + text_width(&format!("{c}…")) > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// One group of a column chart: its label (a month) and one count per series.
pub type Group = (String, [Count; 2]);

/// A grouped column chart: one group per label, one column per series (`series` names them in
/// the legend and the tooltips). With more than twelve groups only every n-th label is written
/// and the columns carry no numbers; the page's table has them all.
pub fn columns(id: &str, title: &str, series: [&str; 2], groups: &[Group]) -> String {
    const WIDTH: f64 = 760.0;
    const HEIGHT: f64 = 290.0;
    const LEFT: f64 = 48.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 40.0;
    const BOTTOM: f64 = 36.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let mut svg = Svg::open(id, title, WIDTH, HEIGHT);
    let (top, step) = axis(largest(groups.iter().flat_map(|(_, c)| c.iter())));
    let scale = plot_h / top as f64;
    for tick in (0..=top).step_by(usize::try_from(step).unwrap_or(usize::MAX)) {
        let y = base - tick as f64 * scale;
        svg.line((LEFT, y), (WIDTH - RIGHT, y), GRID);
        svg.text(LEFT - 6.0, y + 4.0, "end", MUTED, &tick.to_string());
    }
    for (s, name) in series.iter().enumerate() {
        let x = LEFT + s as f64 * 130.0;
        svg.rect(x, 12.0, 12.0, 12.0, SERIES[s], name);
        svg.text(x + 18.0, 22.0, "start", INK, name);
    }
    let n = groups.len().max(1);
    let group_w = plot_w / n as f64;
    let bar_w = (group_w * 0.8 / 2.0).min(32.0);
    let every = n.div_ceil(LABELLED_GROUPS);
    let numbered = n <= LABELLED_GROUPS;
    for (i, (label, counts)) in groups.iter().enumerate() {
        let left = LEFT + i as f64 * group_w + (group_w - 2.0 * bar_w) / 2.0;
        for (s, count) in counts.iter().enumerate() {
            let x = left + s as f64 * bar_w;
            let tip = format!("{label} {}：{count}", series[s]);
            match *count {
                Count::Shown(0) => {}
                Count::Shown(v) => {
                    let h = v as f64 * scale;
                    svg.rect(x, base - h, bar_w - 1.0, h, SERIES[s], &tip);
                    if numbered {
                        svg.text(
                            x + bar_w / 2.0,
                            base - h - 3.0,
                            "middle",
                            INK,
                            &v.to_string(),
                        );
                    }
                }
                Count::Suppressed => {
                    svg.placeholder(x, base - PLACEHOLDER, bar_w - 1.0, PLACEHOLDER, &tip);
                    let y = base - PLACEHOLDER - 3.0;
                    svg.text(x + bar_w / 2.0, y, "middle", INK, SUPPRESSED_MARK);
                }
            }
        }
        if i % every == 0 {
            let x = LEFT + (i as f64 + 0.5) * group_w;
            svg.text(x, base + 18.0, "middle", MUTED, label);
        }
    }
    svg.line((LEFT, base), (WIDTH - RIGHT, base), MUTED);
    svg.finish()
}

/// A horizontal bar chart: one bar per label, its count written after it.
pub fn bars(id: &str, title: &str, bars: &[(String, Count)]) -> String {
    const ROW: f64 = 26.0;
    const BAR_AREA: f64 = 420.0;
    const VALUE_W: f64 = 64.0;
    const MAX_LABEL: f64 = 240.0;
    let label_w = bars
        .iter()
        .map(|(label, _)| text_width(label))
        .fold(60.0, f64::max)
        .min(MAX_LABEL)
        + 8.0;
    let width = label_w + 8.0 + BAR_AREA + VALUE_W;
    let height = bars.len().max(1) as f64 * ROW + 8.0;
    let mut svg = Svg::open(id, title, width, height);
    let top = largest(bars.iter().map(|(_, c)| c)).max(1);
    let scale = BAR_AREA / top as f64;
    let x0 = label_w + 8.0;
    for (i, (label, count)) in bars.iter().enumerate() {
        let y = 4.0 + i as f64 * ROW;
        let text_y = y + ROW / 2.0 + 4.0;
        svg.text(label_w, text_y, "end", INK, &fit(label, MAX_LABEL));
        let tip = format!("{label}：{count}");
        let end = match *count {
            Count::Shown(0) => x0,
            Count::Shown(v) => {
                let w = (v as f64 * scale).max(1.0);
                svg.rect(x0, y + 5.0, w, ROW - 10.0, SERIES[0], &tip);
                x0 + w
            }
            Count::Suppressed => {
                svg.placeholder(x0, y + 5.0, PLACEHOLDER * 2.0, ROW - 10.0, &tip);
                x0 + PLACEHOLDER * 2.0
            }
        };
        svg.text(end + 6.0, text_y, "start", INK, &count.to_string());
    }
    svg.line((x0, 2.0), (x0, height - 2.0), MUTED);
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statistics::suppress;

    /// The character data of the markup (text and tooltips), without tags or attributes.
    fn texts(svg: &str) -> Vec<&str> {
        svg.split('>')
            .filter_map(|part| part.split('<').next())
            .filter(|t| !t.is_empty())
            .collect()
    }

    fn labelled(labels: &[&str], counts: Vec<Count>) -> Vec<(String, Count)> {
        labels.iter().map(|l| (*l).to_owned()).zip(counts).collect()
    }

    #[test]
    fn escaping_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(escape("法院\u{0}\u{1b}甲\n"), "法院甲\n");
        let svg = bars(
            "c\"x",
            "<script>alert(1)</script>",
            &[("A&B <i>".to_owned(), Count::Shown(7))],
        );
        assert!(!svg.contains("<script>") && !svg.contains("<i>"), "{svg}");
        assert!(svg.contains(
            "<title id=\"c&quot;x-title\">&lt;script&gt;alert(1)&lt;/script&gt;</title>"
        ));
        assert!(svg.contains(">A&amp;B &lt;i&gt;</text>"), "{svg}");
        assert!(svg.contains("<pattern id=\"c&quot;x-hatch\""), "{svg}");
    }

    #[test]
    fn charts_are_labelled_images() {
        let svg = bars(
            "by-type",
            "各类案件收案数",
            &labelled(&["民事一审"], vec![Count::Shown(9)]),
        );
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"by-type\""));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"by-type-title\""));
        assert!(svg.contains("<title id=\"by-type-title\">各类案件收案数</title>"));
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("style"), "the CSP forbids inline styles");
    }

    /// The worked example [12, 3, 7]: 3 and 7 are withheld; neither appears in any text, and
    /// the picture is the same for [12, 4, 9], which withholds the same cells.
    #[test]
    fn no_withheld_number_reaches_a_chart() {
        let labels = ["甲", "乙", "丙"];
        let hidden = suppress(&[12, 3, 7]);
        let svg = bars("t", "收案", &labelled(&labels, hidden.clone()));
        for text in texts(&svg) {
            assert!(
                !text.contains('3') && !text.contains('7'),
                "{text:?} in {svg}"
            );
        }
        assert!(texts(&svg).contains(&"12"));
        assert_eq!(
            texts(&svg)
                .iter()
                .filter(|t| **t == SUPPRESSED_MARK)
                .count(),
            2
        );
        assert!(svg.contains("url(#t-hatch)"));
        let other = suppress(&[12, 4, 9]);
        assert_eq!(svg, bars("t", "收案", &labelled(&labels, other.clone())));

        let groups: Vec<Group> = labels
            .iter()
            .zip(hidden.iter().zip(suppress(&[8, 0, 6])))
            .map(|(l, (a, b))| ((*l).to_owned(), [*a, b]))
            .collect();
        let svg = columns("m", "每月收结案", ["收案", "结案"], &groups);
        for text in texts(&svg) {
            assert!(
                !text.contains('3') && !text.contains('7'),
                "{text:?} in {svg}"
            );
        }
        let same: Vec<Group> = labels
            .iter()
            .zip(other.iter().zip(suppress(&[8, 0, 6])))
            .map(|(l, (a, b))| ((*l).to_owned(), [*a, b]))
            .collect();
        assert_eq!(svg, columns("m", "每月收结案", ["收案", "结案"], &same));
    }

    #[test]
    fn zero_draws_no_bar_and_the_axis_fits_the_shown_counts() {
        let groups: Vec<Group> = vec![
            ("2026-10".into(), [Count::Shown(0), Count::Shown(0)]),
            ("2026-11".into(), [Count::Shown(12), Count::Shown(5)]),
        ];
        let svg = columns("m", "t", ["收案", "结案"], &groups);
        // Two legend swatches and two columns.
        assert_eq!(svg.matches("<rect x=").count(), 4, "{svg}");
        for tick in ["0", "5", "10", "15"] {
            assert!(texts(&svg).contains(&tick), "tick {tick}");
        }
        assert!(!svg.contains("2026-10 收案"), "no tooltip without a column");
        assert!(svg.contains("<title>2026-11 收案：12</title>"));
        assert_eq!(axis(0), (1, 1));
        assert_eq!(axis(8), (8, 2));
        assert_eq!(axis(12), (15, 5));
        assert_eq!(axis(1234), (1500, 500));
    }

    #[test]
    fn many_months_keep_some_labels_and_leave_numbers_to_the_table() {
        let groups: Vec<Group> = (0..60)
            .map(|i| (format!("m{i:02}"), [Count::Shown(21), Count::Shown(9)]))
            .collect();
        let svg = columns("m", "t", ["收案", "结案"], &groups);
        let labels = texts(&svg)
            .into_iter()
            .filter(|t| t.starts_with('m') && t.len() == 3)
            .count();
        assert_eq!(labels, 12);
        assert!(!texts(&svg).contains(&"21"), "no numbers on the columns");
    }

    #[test]
    fn long_labels_are_cut() {
        let long = "某某省某某市某某区人民法院某某人民法庭巡回审判点";
        assert!(fit(long, 240.0).ends_with('…'));
        assert!(text_width(&fit(long, 240.0)) <= 240.0);
        assert_eq!(fit("民事一审", 240.0), "民事一审");
        let svg = bars("c", "t", &labelled(&[long], vec![Count::Shown(5)]));
        assert!(svg.contains("…</text>") && svg.contains(&format!("<title>{long}：5</title>")));
    }
}
