//! `attestation`: an auditor's recorded judgement, for what a machine cannot
//! decide (an interview, an observation of the floor).
//!
//! ```yaml
//! - attestation: {max_age: 365d}
//! ```
//!
//! Attestations live in `attestations.yaml` at the evidence root. The newest
//! attestation of the rule for this site (or for the whole organisation)
//! that is dated on or before the as-of date decides: `result: pass` passes,
//! `result: fail` fails. One older than `max_age` (or its own `valid_for`,
//! whichever is shorter) is stale: the rule is `pending` until someone
//! attests again. With none on record the rule is `pending`. An attestation
//! with an unreadable date is an `error`.

use super::{Ctx, Outcome, ParseCtx};
use crate::attestation::Validity;
use crate::pack::param::Dur;
use crate::results::{Finding, Status};
use crate::yaml::{Node, Table, Value};

#[derive(Debug, Clone)]
pub struct Attestation {
    pub max_age: Option<Dur>,
}

pub const KEYS: &[&str] = &["max_age"];

impl Attestation {
    pub fn parse(node: &Node, ctx: &mut ParseCtx) -> Option<Attestation> {
        if matches!(node.value, Value::Null) {
            return Some(Attestation { max_age: None });
        }
        let mut t = Table::new(node, ctx.file, "attestation check", ctx.diags)?;
        let max_age = t.get("max_age").and_then(|n| ctx.dur(n, "max_age"));
        t.finish(ctx.diags, KEYS);
        Some(Attestation { max_age })
    }

    pub fn eval(&self, ctx: &Ctx) -> Outcome {
        let max_age = self.max_age.as_ref().map(|d| d.resolve(ctx.params));
        let mut findings = Vec::new();
        let mut decided = None;
        for (a, validity) in ctx
            .attestations
            .for_rule(ctx.rule_id, ctx.site, ctx.as_of, max_age.as_ref())
        {
            let who = format!("{} on {}", a.auditor, a.date_text);
            let at = |f: Finding| f.at(crate::attestation::FILE, Some(a.line));
            match validity {
                Validity::Invalid => findings.push(at(Finding::error(
                    match a.sample_check.as_ref().and_then(|c| c.problem.as_deref()) {
                        Some(why) => format!(
                            "attestation by {} cites a sample that does not back it: {why}",
                            a.auditor
                        ),
                        None => format!(
                            "attestation by {} has an unreadable date `{}`; write it as YYYY-MM-DD",
                            a.auditor, a.date_text
                        ),
                    },
                ))),
                Validity::Future => findings.push(at(Finding::pending(format!(
                    "attestation by {who} is dated after the as-of date {} and does not count",
                    ctx.as_of
                )))),
                Validity::Stale { until } => findings.push(at(Finding::pending(format!(
                    "attestation by {who} is stale: it was valid until {until}"
                )))),
                Validity::Current { .. } if decided.is_none() => {
                    let status = if a.passed { Status::Pass } else { Status::Fail };
                    let verdict = if a.passed { "attests" } else { "found against" };
                    findings.push(at(Finding::new(status, format!("{who} {verdict}: {}", a.statement))));
                    decided = Some(status);
                }
                Validity::Current { .. } => {}
            }
        }
        let status = match decided {
            Some(s) => s,
            None if findings.iter().any(|f| f.status == Status::Error) => Status::Error,
            None => {
                if findings.is_empty() {
                    findings.push(Finding::pending(
                        "no attestation on record; an auditor must judge this and record it",
                    ));
                }
                Status::Pending
            }
        };
        Outcome::new(status, findings)
    }

    pub fn describe(&self) -> String {
        match &self.max_age {
            Some(Dur::Lit(t)) => format!("an auditor attests it, within {t}"),
            Some(Dur::Param(p)) => format!("an auditor attests it, within params.{p}"),
            None => "an auditor attests it".into(),
        }
    }
}
