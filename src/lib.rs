//! evident: a standards compliance checklist engine.
//!
//! YAML rule packs model frameworks (COPC, ISO 9001, CSQS, BS 7799, SQM
//! World Class Call, or a client's own standard); [`audit`] scores an
//! evidence repository against them and returns the one results model that
//! every report renders.
//!
//! ```no_run
//! let opts = evident::AuditOptions::new("examples/acme-contact-centre");
//! let audit = evident::audit(&opts).expect("the evidence folder is readable");
//! match audit.results {
//!     Some(results) => println!("gate passed: {}", results.gate.passed),
//!     None => eprintln!("{}", audit.diagnostics.render(&audit.sources, false)),
//! }
//! ```
//!
//! Data flow: packs (YAML) → parse with spans → validate → tailor with the
//! profile → index the evidence (one sorted walk) → evaluate → apply
//! attestations and waivers → score per site and pack → results → renderers.

pub mod attestation;
pub mod boundary;
pub mod check;
pub mod cli;
pub mod diag;
pub mod eval;
pub mod evidence;
pub mod expr;
pub mod history;
pub mod init;
pub mod metrics;
pub mod oscal;
pub mod pack;
pub mod profile;
pub mod pushdown;
pub mod records;
pub mod report;
pub mod results;
pub mod sample;
pub mod schema;
pub mod score;
pub mod sum;
pub mod text;
pub mod time;
pub mod waiver;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::attestation::Attestations;
use crate::diag::{Code, Diagnostic, Diagnostics, Sources};
use crate::evidence::{Index, IndexOptions};
use crate::pack::{Kind, Pack, load::PackSources};
use crate::profile::Profile;
use crate::results::{Period, Results, Tool};
use crate::yaml::Limits;

/// What to audit and how; command-line flags land here.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    pub root: PathBuf,
    pub packs: PackSources,
    /// Pack ids to apply; empty: the profile's, else every loaded pack.
    pub select: Vec<String>,
    pub as_of: Option<Date>,
    /// Put a generation timestamp in the results (`SOURCE_DATE_EPOCH` if set).
    pub timestamp: bool,
    pub gate: score::Gate,
    /// Packs already loaded, used instead of loading `packs` again: for
    /// callers that audit many folders with the same packs (mutation
    /// testing), where loading them would be most of each run.
    pub preloaded: Option<std::sync::Arc<pack::LoadedPacks>>,
    /// Leave record files' sha256 out of the manifest (empty): for runs
    /// whose output never shows it, since hashing a large file costs as much
    /// as parsing it. Documents are always hashed.
    pub skip_record_hashes: bool,
    /// A profile kept outside the evidence folder (`--profile`), read
    /// instead of the folder's `evident.yaml`.
    pub profile: Option<PathBuf>,
    /// The repository holding the evidence, from whose root SARIF, workflow
    /// annotations and GitLab reports place files; `None`: the nearest
    /// folder above the evidence holding `.git`.
    pub repo_root: Option<PathBuf>,
    /// Evaluate only these of the profile's sites (`--site`): one job of a
    /// CI matrix, merged later with `evident aggregate`. Empty: every site.
    pub sites: Vec<String>,
    /// A folder of partial aggregates computed where the records are kept
    /// (`--aggregates`): kinds with partials there are not read natively.
    pub aggregates: Option<PathBuf>,
    /// A folder to write the partial aggregates of the kinds read natively
    /// to (`--save-aggregates`).
    pub save_aggregates: Option<PathBuf>,
}

impl AuditOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        AuditOptions {
            root: root.into(),
            ..AuditOptions::default()
        }
    }
}

/// The outcome of an audit: results, unless a pack or the profile is wrong,
/// and every diagnostic (warnings come with results too).
pub struct Audit {
    pub results: Option<Results>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Indexes the evidence as a run with these packs and this profile reads
/// it; `tables` keeps every document's tables (to show them) even when no
/// check reads registers.
fn index(opts: &AuditOptions, selected: &[&Pack], profile: &Profile, tables: bool) -> anyhow::Result<Index> {
    let mut patterns = Vec::new();
    let mut tables = tables;
    for p in selected {
        for r in &p.rules {
            r.check.patterns(&mut patterns);
            r.check
                .leaves(&mut |c| tables |= matches!(c, check::Check::Register(_)));
        }
    }
    Index::build(
        &opts.root,
        &IndexOptions {
            patterns: &patterns,
            records: record_globs(selected, profile),
            documents: profile
                .documents
                .iter()
                .map(|(k, g)| (profile::kinds_of(k), g.clone()))
                .collect(),
            aliases: evidence::metadata::Aliases::default().with(&profile.aliases),
            placeholders: profile
                .placeholders
                .iter()
                .chain(selected.iter().flat_map(|p| &p.placeholders))
                .cloned()
                .collect(),
            tables,
            columns: profile.columns.clone(),
            date_formats: profile.date_formats.clone(),
            metadata: (
                profile.metadata.clone(),
                profile_path(&opts.root, opts.profile.as_deref()),
            ),
        },
    )
}

/// The start of every run: packs loaded, the evidence folder opened, the
/// profile read and checked against the packs.
struct Start {
    loaded: std::sync::Arc<pack::LoadedPacks>,
    diags: Diagnostics,
    sources: Sources,
    boundary: boundary::Boundary,
    profile: Profile,
}

fn start(opts: &AuditOptions) -> anyhow::Result<Start> {
    let loaded = match &opts.preloaded {
        Some(p) => std::sync::Arc::clone(p),
        None => std::sync::Arc::new(pack::load_packs(&pack::load::PackSources {
            only: builtins_needed(opts),
            ..opts.packs.clone()
        })),
    };
    let mut diags = Diagnostics::default();
    let mut sources = loaded.sources.clone();
    diags.items.extend(loaded.diags.items.iter().cloned());
    if !opts.root.is_dir() {
        anyhow::bail!(
            "`{}` is not a folder; pass the evidence repository's folder",
            opts.root.display()
        );
    }
    let boundary = boundary::Boundary::new(&opts.root)?;
    let read = match &opts.profile {
        // A profile of its own: read with the same care, from its folder.
        Some(path) => {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !path.is_file() {
                anyhow::bail!(
                    "the profile `{}` is not a file; give --profile the path of a profile (YAML like evident.yaml)",
                    path.display()
                );
            }
            read_config(&boundary::Boundary::new(dir)?, dir, &name, &mut sources, &mut diags)
        }
        None => read_config(&boundary, &opts.root, evidence::PROFILE, &mut sources, &mut diags),
    };
    let profile = read
        .map(|(node, file)| Profile::parse(&node, file, &mut diags))
        .unwrap_or_else(|| {
            // Auditing against everything, as of today, is rarely what was
            // meant: say what was assumed and how to say otherwise.
            if !diags.has_errors() {
                diags.push(
                    Diagnostic::warning(
                        Code::NoProfile,
                        format!(
                            "no `{}` in `{}`: auditing against {}, as of {}, with no audit period",
                            evidence::PROFILE,
                            display_path(&opts.root),
                            if opts.select.is_empty() && opts.packs.paths.is_empty() {
                                "every loaded pack"
                            } else {
                                "the packs given"
                            },
                            opts.as_of.map_or("today".to_string(), |d| d.to_string()),
                        ),
                    )
                    .note("`evident init DIR --pack ID` writes one; the README's \"Profile\" section lists its keys"),
                );
            }
            Profile::default()
        });
    profile.validate(&loaded, &mut diags);
    Ok(Start {
        loaded,
        diags,
        sources,
        boundary,
        profile,
    })
}

/// The built-in packs a run needs: those it names on the command line and
/// those its profile names; `None` (all) when neither names any and no pack
/// is given by path, or when the profile cannot be read (its problems are
/// reported when it is read for the run).
fn builtins_needed(opts: &AuditOptions) -> Option<std::collections::BTreeSet<String>> {
    let mut ids: std::collections::BTreeSet<String> = opts.select.iter().cloned().collect();
    let path = opts
        .profile
        .clone()
        .unwrap_or_else(|| opts.root.join(evidence::PROFILE));
    if boundary::Boundary::exists(&path) {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let bytes = boundary::Boundary::new(dir)
            .ok()?
            .read(&path, Limits::CONFIG.max_bytes as u64, "a configuration file")
            .ok()?;
        let node = yaml::parse(diag::FileId(0), std::str::from_utf8(&bytes).ok()?, Limits::CONFIG, 0).ok()?;
        let yaml::Value::Map(entries) = &node.value else {
            return None;
        };
        if let Some((_, packs)) = entries.iter().find(|(k, _)| k.as_str() == Some("packs")) {
            let yaml::Value::Seq(items) = &packs.value else {
                return None;
            };
            for item in items {
                let id = match &item.value {
                    yaml::Value::Map(e) => e.iter().find(|(k, _)| k.as_str() == Some("id")).map(|(_, v)| v),
                    _ => Some(item),
                };
                ids.insert(id?.as_str()?.to_string());
            }
        }
    }
    (!ids.is_empty() || !opts.packs.paths.is_empty()).then_some(ids)
}

/// What evident reads from evidence files, as a run would: the index and
/// the diagnostics of loading the profile and packs (`None` when they
/// have errors).
pub fn inspect(opts: &AuditOptions) -> anyhow::Result<(Option<Index>, Diagnostics, Sources)> {
    let Start {
        loaded,
        mut diags,
        sources,
        profile,
        ..
    } = start(opts)?;
    let selected = select_packs(&loaded, &profile, opts, &mut diags);
    if diags.has_errors() {
        return Ok((None, diags, sources));
    }
    let index = index(opts, &selected, &profile, true)?;
    Ok((Some(index), diags, sources))
}

/// Checks each attestation's cited sample (`sample: SEED/N`) against a
/// fresh draw from the evidence: the checklist among its evidence must
/// list the items the seed draws today, each checked.
fn check_samples(attestations: &mut Attestations, selected: &[&Pack], index: &Index, profile: &Profile, as_of: Date) {
    for e in &mut attestations.entries {
        let Some((seed, n)) = e.sample else { continue };
        let fail = |why: String| results::SampleCheck {
            seed,
            n,
            file: None,
            items: 0,
            verified: 0,
            failed: 0,
            unchecked: 0,
            problem: Some(why),
        };
        let Some((pack, rule)) = selected.iter().find_map(|p| p.rule(&e.rule).map(|r| (*p, r))) else {
            e.sample_check = Some(fail("the rule's pack is not evaluated in this run".into()));
            continue;
        };
        let ask = sample::Ask {
            rule: e.rule.clone(),
            site: e.site.clone(),
            n,
            seed,
        };
        let params = eval::params_for(pack, profile);
        let drawn = match sample::draw(pack, rule, &params, index, profile.period, as_of, &ask) {
            Ok(d) => d,
            Err(err) => {
                e.sample_check = Some(fail(format!("the sample cannot be drawn again: {err}")));
                continue;
            }
        };
        let mut found = None;
        for f in &e.evidence {
            let Ok(bytes) = index
                .boundary
                .read(&index.root.join(f), Limits::CONFIG.max_bytes as u64, "a checklist")
            else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            if !text.lines().any(|l| l.starts_with("sample:")) {
                continue;
            }
            let check = sample::check_filled(f, &text, &drawn);
            let done = check.problem.is_none();
            found = Some(check);
            if done {
                break;
            }
        }
        e.sample_check = Some(found.unwrap_or_else(|| {
            fail(format!(
                "none of its evidence files is the checklist of sample {seed}/{n}; list the filled checklist under `evidence`"
            ))
        }));
    }
}

/// Draws an auditor's sample of the evidence behind a rule, reading the
/// evidence as a run would ([`sample`]). Configuration problems come back
/// as diagnostics.
pub fn draw_sample(
    opts: &AuditOptions,
    ask: &sample::Ask,
) -> anyhow::Result<Result<sample::Sample, (Diagnostics, Sources)>> {
    let Start {
        loaded,
        diags,
        sources,
        profile,
        ..
    } = start(opts)?;
    if diags.has_errors() {
        return Ok(Err((diags, sources)));
    }
    let Some((pack, rule)) = loaded.rule(&ask.rule) else {
        anyhow::bail!(
            "no rule `{}` in the loaded packs; `evident packs show PACK` lists a pack's rules",
            ask.rule
        );
    };
    if let Some(site) = &ask.site
        && !profile.sites.is_empty()
        && !profile.sites.contains(site)
    {
        anyhow::bail!(
            "--site {site}: the profile lists the sites {}",
            profile.sites.join(", ")
        );
    }
    let index = index(opts, &[pack], &profile, false)?;
    let as_of = opts.as_of.or(profile.as_of).unwrap_or_else(time::today);
    let params = eval::params_for(pack, &profile);
    sample::draw(pack, rule, &params, &index, profile.period, as_of, ask).map(Ok)
}

/// A kind's query, or why it has none.
pub type KindQuery = Result<pushdown::query::Query, String>;

/// The queries that compute, in an SQL engine, the partial aggregates of
/// every record kind the selected packs' metric checks read (`evident
/// sql`), or for each kind why it has none (an expression or column mapping
/// with no SQL translation). Configuration problems come back as
/// diagnostics; a `--table` for a kind no metric reads is an error.
pub fn sql_queries(
    opts: &AuditOptions,
    dialect: expr::sql::Dialect,
    tables: &std::collections::BTreeMap<String, String>,
) -> anyhow::Result<Result<Vec<KindQuery>, (Diagnostics, Sources)>> {
    let Start {
        loaded,
        mut diags,
        sources,
        profile,
        ..
    } = start(opts)?;
    let selected: Vec<&Pack> = select_packs(&loaded, &profile, opts, &mut diags);
    if diags.has_errors() {
        return Ok(Err((diags, sources)));
    }
    let as_of = opts.as_of.or(profile.as_of).unwrap_or_else(time::today);
    let tailored: Vec<(&Pack, pack::Params)> = selected.iter().map(|p| (*p, eval::params_for(p, &profile))).collect();
    let plans = metrics::plan(&tailored);
    if let Some(kind) = tables.keys().find(|k| !plans.iter().any(|p| p.name == k.as_str())) {
        let kinds: Vec<&str> = plans.iter().map(|p| p.name).collect();
        anyhow::bail!(
            "--table {kind}=...: no metric check of these packs reads `{kind}` records; they read {}",
            if kinds.is_empty() {
                "none".to_string()
            } else {
                kinds.join(", ")
            }
        );
    }
    if plans.is_empty() {
        anyhow::bail!("no metric check of these packs reads records: there is nothing to push down");
    }
    let target = pushdown::query::Target { dialect, tables };
    let dated = metrics::dated(profile.period, as_of);
    Ok(Ok(plans
        .iter()
        .map(|plan| pushdown::query::query(plan, &profile.columns, dated, as_of, &target))
        .collect()))
}

/// Loads the packs and the profile, indexes the evidence, evaluates and
/// scores. Returns `Err` only when the tool itself cannot go on (the
/// evidence folder cannot be read); configuration problems come back as
/// diagnostics with no results.
pub fn audit(opts: &AuditOptions) -> anyhow::Result<Audit> {
    let Start {
        loaded,
        mut diags,
        mut sources,
        boundary,
        profile,
    } = start(opts)?;

    let selected: Vec<&Pack> = select_packs(&loaded, &profile, opts, &mut diags);
    if diags.has_errors() {
        return Ok(Audit {
            results: None,
            diagnostics: diags,
            sources,
        });
    }
    let index = index(opts, &selected, &profile, false)?;
    ambiguous_kinds(&index, &mut diags);

    let mut attestations = read_config(&boundary, &opts.root, attestation::FILE, &mut sources, &mut diags)
        .map(|(node, file)| Attestations::parse(&node, file, &mut diags))
        .unwrap_or_default();
    let waivers = read_config(&boundary, &opts.root, waiver::FILE, &mut sources, &mut diags)
        .map(|(node, file)| waiver::parse(&node, file, &mut diags))
        .unwrap_or_default();
    check_references(&loaded, &attestations, &waivers, &mut diags);
    if diags.has_errors() {
        return Ok(Audit {
            results: None,
            diagnostics: diags,
            sources,
        });
    }

    let as_of = opts.as_of.or(profile.as_of).unwrap_or_else(time::today);
    as_of_in_period(as_of, &profile, &mut diags);
    if diags.has_errors() {
        return Ok(Audit {
            results: None,
            diagnostics: diags,
            sources,
        });
    }
    if let Some(s) = opts.sites.iter().find(|s| !profile.sites.contains(s)) {
        anyhow::bail!(
            "--site {s}: the profile lists {}; name one of its sites (runs of separate sites merge with `evident aggregate`)",
            if profile.sites.is_empty() {
                "no sites (`sites:` in evident.yaml)".to_string()
            } else {
                format!("the sites {}", profile.sites.join(", "))
            }
        );
    }
    check_samples(&mut attestations, &selected, &index, &profile, as_of);
    let tailored: Vec<(&Pack, pack::Params)> = selected.iter().map(|p| (*p, eval::params_for(p, &profile))).collect();
    let plans = metrics::plan(&tailored);
    let dated = metrics::dated(profile.period, as_of);
    let mut pushed = metrics::Aggregates::default();
    let served = match &opts.aggregates {
        Some(dir) => {
            pushdown::load(dir, &plans, &profile.columns, dated, as_of, &mut pushed).map_err(|e| anyhow::anyhow!(e))?
        }
        None => pushdown::Served::default(),
    };
    let mut metrics = metrics::aggregate(
        &tailored,
        &index,
        profile.period,
        as_of,
        !opts.skip_record_hashes,
        &served.kinds,
    );
    metrics.absorb(pushed);
    if let Some(dir) = &opts.save_aggregates {
        pushdown::save(dir, &plans, &served.kinds, &profile.columns, dated, as_of, &metrics)
            .map_err(|e| anyhow::anyhow!(e))?;
    }
    unlisted_sites(&profile, &index, &metrics, &mut sources, &mut diags);
    if diags.has_errors() {
        return Ok(Audit {
            results: None,
            diagnostics: diags,
            sources,
        });
    }
    let evaluated = eval::evaluate(&eval::Inputs {
        packs: selected.clone(),
        profile: &profile,
        index: &index,
        attestations: &attestations,
        waivers: &waivers,
        as_of,
        metrics: &metrics,
        only_sites: &opts.sites,
    });
    let gate = score::gate(
        &evaluated.packs,
        score::Gate {
            fail_under: opts.gate.fail_under.or(profile.gate.fail_under),
            fail_on: opts.gate.fail_on.or(profile.gate.fail_on),
            min_level: opts.gate.min_level.or(profile.gate.min_level),
            allow_not_assessed: opts.gate.allow_not_assessed || profile.gate.allow_not_assessed,
        },
    );
    let mut manifest = index.manifest;
    // Raw files of kinds served by partials were not read (unless as a
    // population): the partials and the query that computed them stand in
    // the manifest instead.
    let read_natively = |k: &String| !served.kinds.contains(k) || metrics.populations.keys().any(|p| &p.records == k);
    manifest.retain(|e| e.role != "records" || e.kind.as_ref().is_none_or(read_natively));
    manifest.extend(served.manifest);
    for entry in manifest
        .iter_mut()
        .filter(|e| e.role == "records" && e.problem.is_none() && !opts.skip_record_hashes)
    {
        match metrics.hashes.get(&entry.path) {
            Some(sha) => entry.sha256 = sha.clone(),
            None => match evidence::hash_file(&index.boundary, &opts.root.join(&entry.path)) {
                Ok(sha) => entry.sha256 = sha,
                Err(problem) => entry.problem = Some(problem),
            },
        }
    }
    let results = Results {
        schema_version: results::SCHEMA_VERSION,
        tool: Tool {
            name: "evident".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        as_of: as_of.to_string(),
        generated_at: opts.timestamp.then(generated_at),
        period: profile.period.map(|(f, t)| Period {
            from: f.to_string(),
            to: t.to_string(),
        }),
        evidence_root: display_path(&opts.root),
        repository_path: repository_path(boundary.root(), opts.repo_root.as_deref())?,
        profile_path: profile_path(boundary.root(), opts.profile.as_deref()),
        organisation: profile.organisation.clone(),
        sites: evaluated.sites,
        packs: evaluated.packs,
        waivers: evaluated.waivers,
        attestations: evaluated.attestations,
        manifest,
        unmatched: index.unmatched,
        gate,
    };
    Ok(Audit {
        results: Some(results),
        diagnostics: diags,
        sources,
    })
}

/// One file, one kind: a file several kinds' globs claim is evidence for
/// the first only, and the others would silently miss it.
fn ambiguous_kinds(index: &Index, diags: &mut Diagnostics) {
    for (path, kinds) in &index.ambiguous {
        diags.push(
            Diagnostic::warning(
                Code::AmbiguousKind,
                format!(
                    "`{path}` is claimed by the globs of {}; it is taken as `{}` only",
                    kinds.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and "),
                    kinds[0]
                ),
            )
            .note("narrow the globs in the profile's `documents:` or `records:` so each file has one kind, or give the document `kind:` in its front matter")
            .note("a document that holds several kinds says so: `kind: [audit-plan, audit-report]` in its front matter, or one `documents:` key naming them, `audit-plan+audit-report: [globs]`"),
        );
    }
}

/// The profile's path from the evidence root, where findings about missing
/// evidence point: `evident.yaml`, or a `--profile` file, with `../` steps
/// when it lies outside.
fn profile_path(root: &Path, given: Option<&Path>) -> String {
    let Some(file) = given.and_then(|g| std::fs::canonicalize(g).ok()) else {
        return evidence::PROFILE.to_string();
    };
    let from: Vec<_> = root.components().collect();
    let to: Vec<_> = file.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The evidence root's folder within its repository (`""` at the root,
/// else ending in `/`). Without `--repo-root`, the repository is the
/// nearest folder above holding `.git`: only that name is looked for, and
/// nothing outside the evidence is read.
fn repository_path(root: &Path, given: Option<&Path>) -> anyhow::Result<Option<String>> {
    let repo = match given {
        Some(g) => Some(std::fs::canonicalize(g).map_err(|e| {
            anyhow::anyhow!(
                "cannot use `{}` as the repository root: {}",
                g.display(),
                diag::io_reason(&e)
            )
        })?),
        None => root
            .ancestors()
            .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())
            .map(Path::to_path_buf),
    };
    let Some(repo) = repo else { return Ok(None) };
    let Ok(rel) = root.strip_prefix(&repo) else {
        anyhow::bail!(
            "the evidence `{}` is not inside the repository root `{}`; give --repo-root a folder that holds it",
            root.display(),
            repo.display()
        );
    };
    let rel: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(Some(if rel.is_empty() {
        String::new()
    } else {
        format!("{}/", rel.join("/"))
    }))
}

/// The root as the user wrote it, with `/` separators, so results do not
/// depend on the machine.
fn display_path(p: &Path) -> String {
    let s = p.display().to_string().replace('\\', "/");
    s.trim_end_matches('/').to_string()
}

fn generated_at() -> String {
    let ts = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Reads and parses a YAML file at the evidence root, registering it for
/// diagnostics. A file that is not there is `None`; one the boundary
/// refuses (a link out of the root, not a regular file, too large) or that
/// is not UTF-8 is an `unreadable` diagnostic naming it, and its content is
/// never shown.
fn read_config(
    boundary: &boundary::Boundary,
    root: &Path,
    name: &str,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<(yaml::Node, diag::FileId)> {
    let path = root.join(name);
    if !boundary::Boundary::exists(&path) {
        return None;
    }
    let shown = display_path(&path);
    let refuse = |sources: &mut Sources, diags: &mut Diagnostics, problem: String| {
        let file = sources.add(shown.clone(), "");
        let code = if problem.contains(" limit ") {
            Code::YamlBudget
        } else {
            Code::Unreadable
        };
        diags.push(
            Diagnostic::error(
                code,
                format!("cannot read {name}: {}", problem.trim_start_matches("cannot read: ")),
            )
            .at(file, diag::Span::unknown())
            .note(format!(
                "keep `{name}` as a regular UTF-8 file inside the evidence folder, under {}",
                boundary::size_text(Limits::CONFIG.max_bytes as u64)
            )),
        );
    };
    let bytes = match boundary.read(&path, Limits::CONFIG.max_bytes as u64, "a configuration file") {
        Ok(b) => b,
        Err(problem) => {
            refuse(sources, diags, problem);
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            refuse(sources, diags, format!("not valid UTF-8 text (byte {at})"));
            return None;
        }
    };
    let file = sources.add(shown, text.as_str());
    match yaml::parse(file, &text, Limits::CONFIG, 0) {
        Ok(node) => Some((node, file)),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

fn select_packs<'a>(
    loaded: &'a pack::LoadedPacks,
    profile: &Profile,
    opts: &AuditOptions,
    diags: &mut Diagnostics,
) -> Vec<&'a Pack> {
    let mut wanted: Vec<String> = opts.select.clone();
    // A pack named by its path on the command line is applied.
    wanted.extend(
        loaded
            .packs
            .iter()
            .filter(|p| {
                opts.packs
                    .paths
                    .iter()
                    .any(|path| p.origin == path.display().to_string())
            })
            .map(|p| p.id.clone()),
    );
    if wanted.is_empty() {
        wanted = profile.packs.iter().map(|p| p.id.value.clone()).collect();
    }
    if wanted.is_empty() {
        return loaded.packs.iter().collect();
    }
    let mut out: Vec<&Pack> = Vec::new();
    for id in wanted {
        match loaded.get(&id) {
            Some(p) if !out.iter().any(|q| q.id == p.id) => out.push(p),
            Some(_) => {}
            None => {
                // Built-in packs the run did not need were not loaded.
                let mut known: Vec<&str> = loaded.packs.iter().map(|p| p.id.as_str()).collect();
                known.extend(pack::load::builtin_ids());
                known.sort_unstable();
                known.dedup();
                diags.push(
                    Diagnostic::error(Code::UnknownPack, format!("no pack `{id}` is built in or loaded"))
                        .note(format!("available packs: {}", known.join(", "))),
                );
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Record kinds of the selected packs and where their files are: the
/// profile's globs where it names some, else the kind's own.
fn record_globs(packs: &[&Pack], profile: &Profile) -> Vec<(String, Vec<pack::Glob>)> {
    let mut out: Vec<(String, Vec<pack::Glob>)> = Vec::new();
    for p in packs {
        for (name, kind) in &p.kinds {
            if let Kind::Records(r) = kind
                && !out.iter().any(|(n, _)| n == name)
            {
                let globs = profile.records.get(name).cloned().unwrap_or_else(|| r.paths.clone());
                out.push((name.clone(), globs));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// An as-of date before the audit period has nothing to judge; one inside
/// it judges an incomplete period (records after it are left out).
fn as_of_in_period(as_of: Date, profile: &Profile, diags: &mut Diagnostics) {
    let Some((from, to)) = profile.period else { return };
    let d = if as_of < from {
        Diagnostic::error(
            Code::InvalidDate,
            format!("the as-of date {as_of} is before the audit period starts ({from})"),
        )
    } else if as_of < to {
        Diagnostic::warning(
            Code::InvalidDate,
            format!(
                "the as-of date {as_of} falls inside the audit period ({from} to {to}); records dated after it are left out"
            ),
        )
    } else {
        return;
    };
    let d = d.note("set `as_of` in evident.yaml (or --as-of) on or after the period's end, or shorten the period");
    diags.push(match profile.file {
        Some(file) => d.at(file, diag::Span::unknown()),
        None => d,
    });
}

/// With the profile listing its sites, evidence naming another site would
/// be left out of every site's result: a misspelt `North` must stop the run,
/// not quietly drop 300 failing rows.
fn unlisted_sites(
    profile: &Profile,
    index: &evidence::Index,
    metrics: &metrics::Aggregates,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) {
    if profile.sites.is_empty() {
        return;
    }
    let listed: Vec<&str> = profile.sites.iter().map(String::as_str).collect();
    let mut report = |place: String, site: &str, what: &str| {
        let file = sources.add(place, "");
        let mut d = Diagnostic::error(
            Code::UnknownSite,
            format!("{what} site `{site}`, which the profile does not list"),
        )
        .at(file, diag::Span::unknown())
        .note(format!("the profile's sites: {}", listed.join(", ")));
        if let Some(c) = yaml::closest(site, &listed) {
            d = d.note(format!("did you mean `{c}`?"));
        }
        diags.push(d.note("fix the evidence, or add the site to `sites:` in evident.yaml"));
    };
    let mut seen = BTreeSet::new();
    // A file holding several kinds is one document per kind: named once.
    for d in index.documents.iter().filter(|d| seen.insert(d.path.as_str())) {
        if let Some(site) = d.site.as_deref().filter(|s| !listed.contains(s)) {
            let (file, line) = d
                .fields
                .get("site")
                .map_or((d.path.as_str(), Some(d.meta_line)), |f| f.place(d));
            let line = line.map(|l| format!(":{l}")).unwrap_or_default();
            report(
                format!("{}{line}", display_path(&index.root.join(file))),
                site,
                "this document names",
            );
        }
    }
    for (site, files) in metrics.sites.iter().filter(|(s, _)| !listed.contains(&s.as_str())) {
        for f in files {
            report(display_path(&index.root.join(f)), site, "rows of this record file name");
        }
    }
}

/// Waivers and attestations must name rules that exist. A rule of a pack
/// that is not loaded at all is a warning too: most often a typo.
fn check_references(
    loaded: &pack::LoadedPacks,
    att: &Attestations,
    waivers: &[waiver::Waiver],
    diags: &mut Diagnostics,
) {
    let exists = |pattern: &str| {
        loaded
            .packs
            .iter()
            .flat_map(|p| &p.rules)
            .any(|r| pack::id_matches(pattern, &r.id))
    };
    if let Some(file) = att.file {
        for a in att.entries.iter().filter(|a| !exists(&a.rule)) {
            diags.push(
                Diagnostic::warning(
                    Code::UnknownRule,
                    format!("attestation for `{}`, which no loaded pack defines", a.rule),
                )
                .at(file, a.span)
                .note("check the rule id: `evident explain <rule>` shows a rule"),
            );
        }
    }
    for w in waivers.iter().filter(|w| !w.broad) {
        let packs: Vec<&Pack> = loaded
            .packs
            .iter()
            .filter(|p| p.rules.iter().any(|r| pack::id_matches(&w.rule, &r.id)))
            .collect();
        let broad = match packs.as_slice() {
            [] => None,
            [one] => one.broad_match(&w.rule),
            many => Some(
                many.iter()
                    .map(|p| p.rules.iter().filter(|r| pack::id_matches(&w.rule, &r.id)).count())
                    .sum(),
            ),
        };
        if let Some(n) = broad {
            diags.push(
                Diagnostic::error(
                    Code::BroadPattern,
                    format!("the waiver for `{}` covers {n} rules across several sections", w.rule),
                )
                .at(w.file, w.span)
                .note("waive one section at a time, or mark the waiver `broad: true` (its approver answers for it)"),
            );
        }
    }
    for w in waivers.iter().filter(|w| !exists(&w.rule)) {
        diags.push(
            Diagnostic::warning(
                Code::UnknownRule,
                format!("waiver for `{}`, which no loaded pack defines", w.rule),
            )
            .at(w.file, w.span)
            .note("the waiver applies to nothing; check the rule id"),
        );
    }
}
