//! The terminal summary: where each pack stands at a glance, then the gaps
//! worst first with the reason and the file at fault, then waivers,
//! attestations and the gate. Colour goes through anstream, which drops it
//! for `NO_COLOR` and when the output is not a terminal. Every string from
//! the results is sanitized where it is written, so that only the summary's
//! own colours reach the terminal.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::view;
use crate::results::{Counts, Results, RuleResult, Status, Summary};
use crate::text::sanitize;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default().bold();
const GREEN: Style = AnsiColor::Green.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const MAGENTA: Style = AnsiColor::Magenta.on_default().bold();

/// How many gaps the terminal shows; the reports list every one.
const GAPS_SHOWN: usize = 25;

/// How many findings to show under each gap before "and N more".
const FINDINGS_PER_GAP: usize = 3;

fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

fn status_style(s: Status) -> Style {
    match s {
        Status::Pass => GREEN,
        Status::Fail => RED,
        Status::Error => MAGENTA,
        Status::Pending | Status::Waived => YELLOW,
        Status::NotApplicable => DIM,
    }
}

pub fn render(r: &Results) -> String {
    let mut out = String::new();
    let org = r
        .organisation
        .as_deref()
        .map(|o| format!(" · {}", sanitize(o)))
        .unwrap_or_default();
    let period = r
        .period
        .as_ref()
        .map(|p| format!(" · period {} to {}", sanitize(&p.from), sanitize(&p.to)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}{org} · as of {}{period}",
        paint(BOLD, format!("evident {}", r.tool.version)),
        sanitize(&r.as_of)
    );
    let problems = r.manifest.iter().filter(|m| m.problem.is_some()).count();
    let unreadable = if problems > 0 {
        format!(", {} unreadable", paint(MAGENTA, problems))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "evidence: {} ({} files{unreadable})\n",
        sanitize(&r.evidence_root),
        r.manifest.len()
    );

    // Columns as wide as their longest entry, so a long level title or
    // pack id never pushes the counts out of line.
    let rows = r.packs.iter().flat_map(|p| {
        std::iter::once((p.id.as_str(), &p.summary, 0)).chain(p.sites.iter().map(|s| (s.site.as_str(), &s.summary, 2)))
    });
    let widths = rows.clone().fold((22, 34), |(l, v), (name, s, indent)| {
        (
            l.max(sanitize(name).chars().count() + indent),
            v.max(sanitize(&view::verdict(s)).chars().count()),
        )
    });
    let (lw, vw) = widths;
    let _ = writeln!(
        out,
        "{}",
        paint(
            BOLD,
            format!(
                "{:<lw$} {:>6}  {:<vw$} {:>4} {:>4} {:>5} {:>6} {:>4} {:>7}",
                "PACK", "SCORE", "RESULT", "PASS", "FAIL", "ERROR", "WAIVED", "N/A", "PENDING"
            )
        )
    );
    for (name, summary, indent) in rows {
        pack_line(&mut out, name, summary, indent, widths);
    }

    let gaps = view::gaps(&r.packs);
    if gaps.is_empty() && r.packs.iter().any(|p| !p.summary.assessed) {
        let _ = writeln!(
            out,
            "\n{}",
            paint(YELLOW, "No gaps, but nothing was assessed where no rule applies.")
        );
    } else if gaps.is_empty() {
        let _ = writeln!(out, "\n{}", paint(GREEN, "No gaps: every applicable rule passes."));
    } else {
        let _ = writeln!(out, "\n{}", paint(BOLD, format!("Gaps, worst first ({}):", gaps.len())));
        for (_, rule) in gaps.iter().take(GAPS_SHOWN) {
            gap(&mut out, rule);
        }
        if gaps.len() > GAPS_SHOWN {
            let _ = writeln!(
                out,
                "  … and {} more; `--report md=gaps.md` or `--report html=gaps.html` lists them all",
                gaps.len() - GAPS_SHOWN
            );
        }
    }

    waivers_and_attestations(&mut out, r);

    let _ = writeln!(out);
    if r.gate.passed {
        let _ = writeln!(out, "Gate: {}", paint(GREEN, "passed"));
    } else {
        let _ = writeln!(out, "Gate: {}", paint(RED, "failed"));
        for reason in &r.gate.reasons {
            let _ = writeln!(out, "  - {}", sanitize(reason));
        }
    }
    if let Some(b) = &r.gate.baseline {
        let _ = writeln!(
            out,
            "Against the baseline {} (as of {}): {} regression(s), {} improvement(s){}",
            sanitize(&b.file),
            sanitize(&b.as_of),
            b.regressions.len(),
            b.improvements.len(),
            if b.fail_on_regression {
                "; only regressions fail the gate"
            } else {
                ""
            }
        );
        if !b.fail_on_regression {
            for r in &b.regressions {
                let _ = writeln!(out, "  - regression: {}", sanitize(r));
            }
        }
        for s in &b.standing {
            let _ = writeln!(out, "  - standing, not gating: {}", sanitize(s));
        }
    }
    out
}

fn pack_line(out: &mut String, name: &str, s: &Summary, indent: usize, (lw, vw): (usize, usize)) {
    let label = format!("{:indent$}{}", "", sanitize(name));
    let verdict = view::verdict(s);
    let verdict = sanitize(&verdict);
    let c: &Counts = &s.counts;
    let n = |v: u32, st: Status| {
        if v == 0 {
            format!("{:>w$}", "·", w = 0)
        } else {
            paint(status_style(st), v)
        }
    };
    let cols = [
        (c.pass, Status::Pass, 4),
        (c.fail, Status::Fail, 4),
        (c.error, Status::Error, 5),
        (c.waived, Status::Waived, 6),
        (c.not_applicable, Status::NotApplicable, 4),
        (c.pending, Status::Pending, 7),
    ];
    let score = s.score.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"));
    let _ = write!(out, "{label:<lw$} {score:>6}  {verdict:<vw$}");
    for (v, st, w) in cols {
        // Pad on the visible width; the colour codes take none.
        let text = v.to_string();
        let pad = w - text.len().min(w);
        let _ = write!(out, " {:pad$}{}", "", if v == 0 { paint(DIM, "0") } else { n(v, st) });
    }
    let _ = writeln!(out);
}

fn gap(out: &mut String, rule: &RuleResult) {
    let status = paint(
        status_style(rule.status),
        format!("{:<7}", rule.status.name().to_uppercase()),
    );
    let _ = writeln!(
        out,
        "  {status} {:<8} {}  {}",
        rule.severity.name(),
        paint(BOLD, sanitize(&rule.id)),
        sanitize(&rule.title)
    );
    let relevant = view::explaining(rule);
    for f in relevant.iter().take(FINDINGS_PER_GAP) {
        let site = f
            .site
            .as_deref()
            .map(|s| format!("[{}] ", sanitize(s)))
            .unwrap_or_default();
        let loc = f.location().map(|l| format!("{}: ", sanitize(&l))).unwrap_or_default();
        let _ = writeln!(out, "          {site}{}{}", paint(DIM, loc), sanitize(&f.message));
    }
    if relevant.len() > FINDINGS_PER_GAP {
        let _ = writeln!(out, "          … and {} more", relevant.len() - FINDINGS_PER_GAP);
    }
}

fn waivers_and_attestations(out: &mut String, r: &Results) {
    if !r.waivers.is_empty() {
        let count = |s: &str| r.waivers.iter().filter(|w| w.state == s).count();
        let _ = writeln!(
            out,
            "\nWaivers: {} active, {} expired, {} invalid, {} not allowed",
            count("active"),
            count("expired"),
            count("invalid"),
            count("not_waivable")
        );
        for w in r.waivers.iter().filter(|w| w.state != "active") {
            let site = w
                .site
                .as_deref()
                .map(|s| format!(" [{}]", sanitize(s)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {}{site}: expires {} (waivers.yaml:{})",
                paint(YELLOW, &w.state),
                sanitize(&w.rule),
                sanitize(&w.expires),
                w.line
            );
        }
    }
    if !r.attestations.is_empty() {
        let count = |s: &str| r.attestations.iter().filter(|a| a.state == s).count();
        let _ = writeln!(
            out,
            "\nAttestations: {} current, {} stale, {} future-dated, {} invalid",
            count("current"),
            count("stale"),
            count("future"),
            count("invalid")
        );
        for a in r.attestations.iter().filter(|a| a.state != "current") {
            let _ = writeln!(
                out,
                "  {} {} by {} on {} (attestations.yaml:{})",
                paint(YELLOW, &a.state),
                sanitize(&a.rule),
                sanitize(&a.auditor),
                sanitize(&a.date),
                a.line
            );
        }
        for a in r.attestations.iter() {
            if let Some(c) = &a.sample {
                let at = a
                    .site
                    .as_deref()
                    .map(|s| format!(" @ {}", sanitize(s)))
                    .unwrap_or_default();
                let _ = writeln!(out, "  {}{at}: {}", sanitize(&a.rule), sanitize(&view::sample_line(c)));
            }
        }
    }
}

/// `--explain-evidence`: each file, the kind it was taken as and why; then
/// the files no kind claims.
pub fn evidence(r: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint(BOLD, format!("Evidence under {}:", sanitize(&r.evidence_root)))
    );
    for m in &r.manifest {
        let (kind, why) = match (&m.kind, &m.kind_from) {
            (Some(k), Some(from)) => (k.as_str(), from.clone()),
            (Some(k), None) if m.role == "records" => (k.as_str(), "record kind's path".to_string()),
            (Some(k), None) => (k.as_str(), String::new()),
            (None, _) if m.role == "document" => (
                "-",
                "no kind: no front matter `kind:`, no profile `documents:` glob".into(),
            ),
            (None, _) => ("-", String::new()),
        };
        let problem = m
            .problem
            .as_deref()
            .map(|p| format!("  [{}]", sanitize(p)))
            .unwrap_or_default();
        let why = if why.is_empty() {
            String::new()
        } else {
            format!("  ({why})")
        };
        let _ = writeln!(
            out,
            "  {:<10} {:<28} {}{}{}",
            m.role,
            sanitize(kind),
            sanitize(&m.path),
            paint(DIM, sanitize(&why)),
            paint(MAGENTA, problem)
        );
    }
    if !r.unmatched.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            paint(
                BOLD,
                format!(
                    "Not used ({} files: no record kind or `documents:` glob claims them):",
                    r.unmatched.len()
                )
            )
        );
        for u in &r.unmatched {
            let _ = writeln!(out, "  {}", sanitize(u));
        }
    }
    let _ = writeln!(out);
    out
}
