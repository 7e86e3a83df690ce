//! `evident diff` as people read it: the terminal (colour through anstream)
//! and Markdown, over the comparison alone. JSON is the comparison
//! serialized.

use std::fmt::Write as _;

use crate::history::diff::{Comparison, Decision, PackChange, RuleChange};
use crate::text::sanitize;

/// How a decision reads in one cell: `87.5 · level 2 · certified`.
fn decision(d: &Option<Decision>) -> String {
    let Some(d) = d else { return "absent".into() };
    let mut parts = vec![d.score.map_or("not assessed".into(), |s| format!("{s:.1}"))];
    if let Some(l) = d.level {
        parts.push(format!("level {l}"));
    }
    if let Some(c) = d.certified {
        parts.push(if c { "certified".into() } else { "not certified".into() });
    }
    parts.join(" · ")
}

fn version(p: &PackChange) -> String {
    match (&p.old_version, &p.new_version) {
        (Some(o), Some(n)) if o == n => n.clone(),
        (Some(o), Some(n)) => format!("{o} -> {n}"),
        (None, Some(n)) => format!("{n} (new)"),
        (Some(o), None) => format!("{o} (dropped)"),
        (None, None) => String::new(),
    }
}

fn pack_notes(p: &PackChange) -> Vec<String> {
    let mut notes = Vec::new();
    let list = |ids: &[String]| ids.join(", ");
    if !p.rules_added.is_empty() {
        notes.push(format!("rules added: {}", list(&p.rules_added)));
    }
    if !p.rules_removed.is_empty() {
        notes.push(format!("rules removed: {}", list(&p.rules_removed)));
    }
    for (o, n) in &p.rules_renamed {
        notes.push(format!("rule {o} is now {n}"));
    }
    notes
}

fn counts_line(c: &Comparison) -> String {
    format!(
        "{} regression(s), {} improvement(s), {} other change(s)",
        c.regressions.len(),
        c.improvements.len(),
        c.changes.len()
    )
}

pub fn text(c: &Comparison) -> String {
    use anstyle::AnsiColor;
    let red = AnsiColor::Red.on_default().bold();
    let green = AnsiColor::Green.on_default().bold();
    let bold = anstyle::Style::new().bold();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{bold}evident diff{bold:#} · {} (as of {}) -> {} (as of {})",
        sanitize(&c.old.file),
        sanitize(&c.old.as_of),
        sanitize(&c.new.file),
        sanitize(&c.new.as_of)
    );
    let _ = writeln!(out, "{}", counts_line(c));
    let section = |out: &mut String, title: String, rows: &[RuleChange]| {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title}");
        for r in rows {
            let _ = writeln!(out, "  {} [{}] {}", sanitize(&r.line()), r.severity, sanitize(&r.title));
        }
    };
    section(&mut out, format!("{red}Regressions{red:#}"), &c.regressions);
    section(&mut out, format!("{green}Improvements{green:#}"), &c.improvements);
    section(&mut out, format!("{bold}Other changes{bold:#}"), &c.changes);
    let _ = writeln!(out, "\n{bold}Packs{bold:#}");
    for p in &c.packs {
        let _ = writeln!(out, "  {} {}", sanitize(&p.id), sanitize(&version(p)));
        for s in p.results.iter().filter(|s| s.changed) {
            let place = s
                .site
                .as_deref()
                .map_or("organisation".into(), |s| format!("site {}", sanitize(s)));
            let _ = writeln!(out, "    {place}: {} -> {}", decision(&s.old), decision(&s.new));
        }
        for n in pack_notes(p) {
            let _ = writeln!(out, "    {}", sanitize(&n));
        }
    }
    for (label, sites) in [("Sites added", &c.sites_added), ("Sites removed", &c.sites_removed)] {
        if !sites.is_empty() {
            let _ = writeln!(out, "\n{label}: {}", sanitize(&sites.join(", ")));
        }
    }
    let ev = &c.evidence;
    let _ = writeln!(
        out,
        "\n{bold}Evidence{bold:#}: {} added, {} removed, {} changed",
        ev.added.len(),
        ev.removed.len(),
        ev.changed.len()
    );
    for (sign, files) in [("+", &ev.added), ("-", &ev.removed), ("~", &ev.changed)] {
        for f in files {
            let _ = writeln!(out, "  {sign} {}", sanitize(f));
        }
    }
    if !ev.not_hashed.is_empty() {
        let _ = writeln!(
            out,
            "  {} file(s) not compared: a run left record hashes out (run with --report json= to keep them)",
            ev.not_hashed.len()
        );
    }
    out
}

/// Markdown table cells: pipes and line breaks would end the cell.
fn cell(s: &str) -> String {
    sanitize(s).replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# What changed between two audits\n");
    let _ = writeln!(
        out,
        "From `{}` (as of {}) to `{}` (as of {}): {}.\n",
        cell(&c.old.file),
        cell(&c.old.as_of),
        cell(&c.new.file),
        cell(&c.new.as_of),
        counts_line(c)
    );
    for (title, rows) in [
        ("Regressions", &c.regressions),
        ("Improvements", &c.improvements),
        ("Other changes", &c.changes),
    ] {
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "## {title}\n\n| rule | site | severity | was | now | title |\n| --- | --- | --- | --- | --- | --- |"
        );
        for r in rows {
            let status = |s: Option<crate::results::Status>| s.map_or("absent", |s| s.name());
            let mut title = cell(&r.title);
            if let Some(n) = &r.note {
                title = format!("{title} ({})", cell(n));
            }
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {title} |",
                cell(&r.key.rule),
                r.key.site.as_deref().map(cell).unwrap_or_default(),
                r.severity,
                status(r.old),
                status(r.new)
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "## Packs\n\n| pack | version | result | was | now |\n| --- | --- | --- | --- | --- |"
    );
    for p in &c.packs {
        for s in &p.results {
            let place = s.site.as_deref().map_or("organisation".into(), cell);
            let _ = writeln!(
                out,
                "| {} | {} | {place} | {} | {} |",
                cell(&p.id),
                cell(&version(p)),
                decision(&s.old),
                decision(&s.new)
            );
        }
    }
    let notes: Vec<String> = c.packs.iter().flat_map(pack_notes).collect();
    if !notes.is_empty() {
        let _ = writeln!(out);
        for n in notes {
            let _ = writeln!(out, "- {}", cell(&n));
        }
    }
    let ev = &c.evidence;
    let _ = writeln!(
        out,
        "\n## Evidence\n\n{} added, {} removed, {} changed.\n",
        ev.added.len(),
        ev.removed.len(),
        ev.changed.len()
    );
    for (what, files) in [("added", &ev.added), ("removed", &ev.removed), ("changed", &ev.changed)] {
        for f in files {
            let _ = writeln!(out, "- {what}: `{}`", cell(f));
        }
    }
    out
}
