//! `evident trend` rendered: the terminal table, the HTML page (its own
//! template, the report's house style) and the CSV (in `history::trend`).

use std::fmt::Write as _;
use std::path::Path;

use crate::history::trend::Trend;
use crate::text::sanitize;

/// Scores per pack and site, one column per run.
pub fn text(t: &Trend) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "evident trend · {} run(s){}",
        t.points.len(),
        t.organisation
            .as_deref()
            .map(|o| format!(" · {}", sanitize(o)))
            .unwrap_or_default()
    );
    let width = t.series.iter().map(|s| row_label(s).len()).max().unwrap_or(0).max(12);
    let _ = write!(out, "{:width$}", "");
    for p in &t.points {
        let _ = write!(out, " {:>10}", sanitize(&p.as_of));
    }
    let _ = writeln!(out);
    for s in t
        .series
        .iter()
        .filter(|s| matches!(s.measure.as_str(), "score" | "level" | "metric"))
    {
        let _ = write!(out, "{:width$}", sanitize(&row_label(s)));
        for v in &s.values {
            let cell = v.map_or("-".into(), |v| match s.measure.as_str() {
                "score" => format!("{v:.1}"),
                _ => crate::results::display_value(s.percent, v),
            });
            let _ = write!(out, " {cell:>10}");
        }
        let _ = writeln!(out);
    }
    out
}

fn row_label(s: &crate::history::trend::Series) -> String {
    let place = s.site.as_deref().unwrap_or("organisation");
    match &s.rule {
        Some(rule) => format!("{rule} @ {place}"),
        None => format!("{} {} {}", s.pack, place, s.measure),
    }
}

/// The HTML page, from `templates/trend.html.j2` (or `dir`'s).
pub fn html(t: &Trend, dir: Option<&Path>) -> anyhow::Result<String> {
    let context = minijinja::Value::from(minijinja::value::Serde(super::view::trend(t)));
    super::template::render(&context, super::template::TREND, dir)
}
