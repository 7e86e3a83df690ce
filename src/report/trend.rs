//! `evident trend` rendered: the terminal table, the HTML page (its own
//! template, the report's house style) and the CSV.

use std::fmt::Write as _;
use std::path::Path;

use super::papers_csv::inert;
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

/// The trend as CSV, one row per run and series: what a spreadsheet pivots.
pub fn csv(t: &Trend) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "as_of", "run", "pack", "site", "measure", "rule", "label", "value", "n", "meets",
    ])?;
    for s in &t.series {
        for (i, p) in t.points.iter().enumerate() {
            let Some(v) = s.values[i] else { continue };
            // File and site names come from people: never a formula.
            w.write_record(&[
                inert(&p.as_of).into_owned(),
                inert(&p.file).into_owned(),
                inert(&s.pack).into_owned(),
                inert(s.site.as_deref().unwrap_or("")).into_owned(),
                inert(&s.measure).into_owned(),
                inert(s.rule.as_deref().unwrap_or("")).into_owned(),
                inert(s.label.as_deref().unwrap_or("")).into_owned(),
                v.to_string(),
                s.n[i].map(|n| n.to_string()).unwrap_or_default(),
                s.pass[i].map_or("", |b| if b { "yes" } else { "no" }).to_string(),
            ])?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
