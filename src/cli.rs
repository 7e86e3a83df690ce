//! The command line: clap definitions and one function per command. Exit
//! codes: 0 the gate passed, 1 it failed, 2 a usage, configuration or pack
//! error (or the tool could not go on).

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::pack::{Pack, Severity, load::PackSources};
use crate::report::{self, Format};
use crate::{AuditOptions, audit, diag::Diagnostics, score};

#[derive(Debug, Parser)]
#[command(
    name = "evident",
    version,
    about = "Score an evidence repository against compliance rule packs",
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to use colour: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate an evidence repository; print a summary; exit by the gate.
    Check(CheckArgs),
    /// Write the SQL that reduces each record kind's rows to the partial
    /// aggregates metric checks decide from, for the engine that holds the
    /// records; `check --aggregates` reads its exported results.
    Sql(SqlArgs),
    /// Write a pack in another format.
    #[command(subcommand)]
    Export(ExportCommand),
    /// List, show and lint rule packs.
    #[command(subcommand)]
    Packs(PacksCommand),
    /// Show what evident reads from evidence files.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Explain a rule: what it asks, what an auditor looks for, what to do.
    #[command(after_help = "Example: evident explain iso9001.9.3")]
    Explain {
        /// A rule id, such as `iso9001.9.3` (`evident packs show ID` lists a pack's rules).
        rule: String,
        #[command(flatten)]
        packs: PackArgs,
    },
    /// Lay out a new evidence repository for packs: the profile, a skeleton
    /// per document kind, a header-only file per record kind. Existing
    /// files are never overwritten.
    #[command(after_help = "Example: evident init acme-evidence --pack iso9001 --pack copc --sites north,south")]
    Init {
        /// The folder to lay out (created if missing).
        #[arg(default_value = ".", value_hint = clap::ValueHint::DirPath)]
        dir: PathBuf,
        /// A pack the repository is audited against (its id). Repeatable.
        #[arg(long = "pack", value_name = "ID", required = true, value_parser = PackIdParser)]
        pack: Vec<String>,
        /// The sites, comma-separated, for site-scoped packs.
        #[arg(long, value_name = "A,B", value_delimiter = ',')]
        sites: Vec<String>,
        #[command(flatten)]
        packs: PackArgs,
    },
    /// What changed between two runs' JSON results: rules newly failing or
    /// passing per site, scores, levels and certification, evidence files
    /// added, removed or changed.
    #[command(after_help = "Example: evident diff audits/2026-09.json audits/2026-10.json --format md")]
    Diff {
        /// The earlier run's results (`evident check --report json=PATH`).
        #[arg(value_hint = clap::ValueHint::FilePath)]
        old: PathBuf,
        /// The later run's results.
        #[arg(value_hint = clap::ValueHint::FilePath)]
        new: PathBuf,
        /// `text` (for people), `md` (Markdown, for a pull request or a
        /// working paper) or `json` (for scripts).
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit 1 when a rule got worse (exit 0 otherwise).
        #[arg(long)]
        fail_on_regression: bool,
    },
    /// Merge runs of separate sites (each `check --site S --report
    /// json=PATH`, or one repository per site) into one organisation result,
    /// in every report format; exit by its gate.
    #[command(after_help = "Example: evident aggregate runs/ --report html=organisation.html")]
    Aggregate(AggregateArgs),
    /// Follow runs over time (monthly results, an archive): scores, levels,
    /// certification and chosen metrics per pack and site, as a table, an
    /// HTML page with charts and a CSV.
    #[command(after_help = "Example: evident trend audits/ --metric copc.rs.1 --html trend.html --csv trend.csv")]
    Trend {
        /// The runs' JSON results: files, or folders of `*.json` files.
        #[arg(required = true, value_name = "RESULTS", value_hint = clap::ValueHint::AnyPath)]
        runs: Vec<PathBuf>,
        /// A rule whose measured values to follow too (its latest period in
        /// each run, or its pool). Repeatable.
        #[arg(long = "metric", value_name = "RULE")]
        metric: Vec<String>,
        /// Write the HTML page with SVG charts here.
        #[arg(long, value_name = "PATH")]
        html: Option<PathBuf>,
        /// Write the series as CSV here (one row per run and series).
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
        /// A folder whose `trend.html.j2` replaces the built-in template.
        #[arg(long, value_name = "DIR")]
        templates_dir: Option<PathBuf>,
    },
    /// Draw a reproducible random sample of the records or documents behind
    /// a rule, as a checklist an auditor fills in (YAML); an attestation
    /// cites it as `sample: SEED/N`.
    #[command(
        after_help = "Example: evident sample examples/acme-contact-centre --rule copc.rs.1 --site south --n 10 --seed 20261101"
    )]
    Sample {
        /// The evidence repository (with `evident.yaml` at its root).
        #[arg(default_value = ".", value_hint = clap::ValueHint::DirPath)]
        dir: PathBuf,
        /// The rule whose evidence to sample.
        #[arg(long, value_name = "RULE")]
        rule: String,
        /// The site to sample at (default: every site).
        #[arg(long, value_name = "SITE")]
        site: Option<String>,
        /// How many items to draw (all of them when there are fewer).
        #[arg(long, value_name = "N")]
        n: usize,
        /// The seed: the same seed over the same evidence draws the same items.
        #[arg(long, value_name = "SEED")]
        seed: u64,
        /// Write the checklist here (default `-`, standard output); never
        /// inside the evidence folder.
        #[arg(long, value_name = "PATH", default_value = "-")]
        out: PathBuf,
        /// The audit's reference date (YYYY-MM-DD). Default: the profile's `as_of`, else today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
        /// A pack folder or pack.yaml besides the built-in packs.
        #[arg(long = "pack", value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
        pack: Vec<PathBuf>,
        #[command(flatten)]
        packs: PackArgs,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = "Example (bash): source <(evident completions bash)")]
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man -l -` or a man directory.
    Man,
}

/// A pack id or path: anything goes, and the built-in pack ids are offered
/// to shell completion.
#[derive(Clone)]
struct PackIdParser;

impl clap::builder::TypedValueParser for PackIdParser {
    type Value = String;
    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }
    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            crate::pack::load::builtin_ids()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// The evidence repository whose profile gives the period, the as-of
    /// date, parameters and column mapping.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// A pack to apply: a pack id, or the path of a pack folder or pack.yaml.
    /// Repeatable. Default: the profile's packs, else every loaded pack.
    #[arg(long = "pack", value_name = "ID|PATH", value_parser = PackIdParser, hide_possible_values = true)]
    pub pack: Vec<String>,
    #[command(flatten)]
    pub packs: PackArgs,
    /// The SQL engine: duckdb, spark, trino, postgres, bigquery or snowflake.
    #[arg(long, value_name = "NAME", value_parser = parse_dialect, default_value = "duckdb")]
    pub dialect: crate::expr::sql::Dialect,
    /// The relation a kind's records are in: KIND=RELATION (a table name or
    /// a parenthesised SELECT). Default: a table named after the kind, with
    /// `_` for `-` (`customer_survey`). Repeatable.
    #[arg(long = "table", value_name = "KIND=RELATION", value_parser = parse_table)]
    pub table: Vec<(String, String)>,
    /// The audit's reference date (YYYY-MM-DD). Default: the profile's
    /// `as_of`, else today. Partials are valid for this date only.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<jiff::civil::Date>,
    /// A profile kept outside the evidence folder, read instead of its
    /// `evident.yaml`.
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub profile: Option<PathBuf>,
    /// Write one `<kind>.sql` per record kind into this folder instead of
    /// printing the queries.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out: Option<PathBuf>,
}

fn parse_dialect(s: &str) -> Result<crate::expr::sql::Dialect, String> {
    use crate::expr::sql::Dialect;
    Dialect::ALL.into_iter().find(|d| d.name() == s).ok_or_else(|| {
        let names: Vec<&str> = Dialect::ALL.iter().map(|d| d.name()).collect();
        format!("`{s}` is not a dialect evident writes; use one of {}", names.join(", "))
    })
}

fn parse_table(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, r)) if !k.trim().is_empty() && !r.trim().is_empty() => {
            Ok((k.trim().to_string(), r.trim().to_string()))
        }
        _ => Err(format!(
            "`{s}` is not KIND=RELATION (for example customer-survey=warehouse.cx.surveys)"
        )),
    }
}

#[derive(Debug, Args, Default)]
pub struct PackArgs {
    /// A folder of packs (`<id>/pack.yaml`, optional `kinds.yaml`), added to
    /// the built-in ones; a pack here replaces the built-in pack with its id.
    #[arg(long, value_name = "DIR")]
    pub packs_dir: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The evidence repository (with `evident.yaml` at its root).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// A pack to apply: a pack id, or the path of a pack folder or pack.yaml.
    /// Repeatable. Default: the profile's packs, else every loaded pack.
    #[arg(long = "pack", value_name = "ID|PATH", value_parser = PackIdParser, hide_possible_values = true)]
    pub pack: Vec<String>,
    #[command(flatten)]
    pub packs: PackArgs,
    /// The audit's reference date (YYYY-MM-DD), for freshness and expiry.
    /// Default: the profile's `as_of`, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<jiff::civil::Date>,
    /// Write a report: FORMAT=PATH (`-` for standard output). Formats: json,
    /// md, html, sarif, junit, github (workflow annotations), gitlab (Code
    /// Quality), oscal (OSCAL assessment results), csv and xlsx (working
    /// papers). Repeatable.
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_report)]
    pub report: Vec<(Format, PathBuf)>,
    /// A folder whose `report.md.j2` / `report.html.j2` replace the built-in
    /// report templates.
    #[arg(long, value_name = "DIR")]
    pub templates_dir: Option<PathBuf>,
    /// Append the Markdown report to `$GITHUB_STEP_SUMMARY` when it is set.
    #[arg(long)]
    pub github_summary: bool,
    /// Fail the gate when a pack scores under N (0-100).
    #[arg(long, value_name = "N", value_parser = parse_score)]
    pub fail_under: Option<f64>,
    /// Fail the gate on a failing rule of this severity or worse [default: minor].
    #[arg(long, value_name = "SEVERITY", value_enum)]
    pub fail_on: Option<SeverityArg>,
    /// Fail the gate when a levels pack reaches a level under N.
    #[arg(long, value_name = "N")]
    pub min_level: Option<u32>,
    /// Print nothing on success but diagnostics; the exit code says it all.
    #[arg(long, short)]
    pub quiet: bool,
    /// List every file: which kind it was taken as and why, and the files
    /// no kind claims.
    #[arg(long)]
    pub explain_evidence: bool,
    /// Put a generation time in reports (`SOURCE_DATE_EPOCH` when set).
    #[arg(long)]
    pub timestamp: bool,
    /// Allow `--report` paths inside the evidence folder, for new files that
    /// are not evidence (a hidden folder such as `.evident/` is never read).
    #[arg(long)]
    pub allow_report_in_evidence: bool,
    /// The repository holding the evidence: SARIF, github and gitlab reports
    /// place files from its root. Default: the nearest folder above the
    /// evidence holding `.git`.
    #[arg(long, value_name = "DIR", alias = "sarif-root", value_hint = clap::ValueHint::DirPath)]
    pub repo_root: Option<PathBuf>,
    /// A profile kept outside the evidence folder, read instead of its
    /// `evident.yaml` (several profiles for one repository).
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub profile: Option<PathBuf>,
    /// Evaluate only this site of the profile's (repeatable): one job of a CI
    /// matrix; `evident aggregate` merges the jobs' JSON results.
    #[arg(long = "site", value_name = "SITE")]
    pub site: Vec<String>,
    /// An earlier run's JSON results to compare with: the summary and the
    /// reports say which rules got worse and which better.
    #[arg(long, value_name = "RESULTS.json", value_hint = clap::ValueHint::FilePath)]
    pub baseline: Option<PathBuf>,
    /// With --baseline: the gate fails only on regressions (rules worse than
    /// in the baseline), not on what was failing already.
    #[arg(long, requires = "baseline")]
    pub fail_on_regression: bool,
    /// A folder of partial aggregates exported from an SQL engine (`evident
    /// sql`): `<kind>.csv`, `.jsonl` or `.parquet`, or a `<kind>/` folder of
    /// part files. Those kinds' record files are not read.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub aggregates: Option<PathBuf>,
    /// Write the partial aggregates of the kinds read natively, one CSV per
    /// kind, into this folder (outside the evidence): to compare with an
    /// engine's, or to keep.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub save_aggregates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// The runs' JSON results: files, or folders of `*.json` files.
    #[arg(required = true, value_name = "RESULTS", value_hint = clap::ValueHint::AnyPath)]
    pub runs: Vec<PathBuf>,
    /// Write a report: FORMAT=PATH, as for `check`. Repeatable.
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_report)]
    pub report: Vec<(Format, PathBuf)>,
    /// Differences between runs to accept: as-of, period, pack-version
    /// (comma-separated). Without them such runs are refused.
    #[arg(long, value_name = "WHAT", value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(crate::history::aggregate::Allow::NAMES))]
    pub allow_mismatch: Vec<String>,
    /// A pack folder or pack.yaml the runs used, besides the built-in packs.
    #[arg(long = "pack", value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub pack: Vec<PathBuf>,
    #[command(flatten)]
    pub packs: PackArgs,
    /// A folder whose `report.md.j2` / `report.html.j2` replace the built-in
    /// report templates.
    #[arg(long, value_name = "DIR")]
    pub templates_dir: Option<PathBuf>,
    /// Print nothing but errors; the exit code says it all.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Md,
    Json,
}

/// How a command that reports what it found writes it: `text` for people,
/// `json` (one document on standard output) for editors, scripts and CI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SeverityArg {
    Critical,
    Major,
    Minor,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Critical => Severity::Critical,
            SeverityArg::Major => Severity::Major,
            SeverityArg::Minor => Severity::Minor,
            SeverityArg::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// A file as a run reads it: its kind and why, every field with its
    /// line, the outline with word counts, tables, and the template verdict.
    #[command(
        after_help = "Example: evident evidence show reviews/management-review-2026-09.md --dir examples/acme-contact-centre"
    )]
    Show {
        /// Files, relative to the evidence repository (or paths inside it).
        #[arg(required = true, value_hint = clap::ValueHint::FilePath)]
        files: Vec<PathBuf>,
        /// The evidence repository (with `evident.yaml` at its root).
        #[arg(long, default_value = ".", value_hint = clap::ValueHint::DirPath)]
        dir: PathBuf,
        /// A pack folder or pack.yaml to load besides the built-in packs
        /// (its kinds and placeholders decide how files are read). Repeatable.
        #[arg(long = "pack", value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
        pack: Vec<PathBuf>,
        /// `text` (as a person reads it) or `json` (one document on standard
        /// output: `files`, each with its kind, fields, headings and tables).
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        #[command(flatten)]
        packs: PackArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A pack as an OSCAL catalog (JSON): groups from sections, controls
    /// from rules, parts from their statement, guidance and remediation.
    #[command(after_help = "Example: evident export oscal-catalog iso9001 --out iso9001.catalog.json")]
    OscalCatalog {
        /// A pack id, or the path of a pack folder or pack.yaml.
        #[arg(value_parser = PackIdParser, hide_possible_values = true)]
        pack: String,
        /// Where to write the catalog (`-` is standard output).
        #[arg(long, value_name = "PATH", default_value = "-")]
        out: PathBuf,
        #[command(flatten)]
        packs: PackArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum PacksCommand {
    /// List the available packs with their rule counts.
    List(PackArgs),
    /// Show a pack: header, parameters, tags, sections and rules.
    Show {
        /// The pack's id, such as `iso9001` (`evident packs list` lists them).
        #[arg(value_parser = PackIdParser, hide_possible_values = true)]
        id: String,
        #[command(flatten)]
        packs: PackArgs,
    },
    /// Validate pack files or folders and report every problem with its place.
    Lint {
        /// Pack folders, pack files, or folders of packs.
        #[arg(required = true, value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        /// `text` (diagnostics on standard error, as a person reads them) or
        /// `json` (one document on standard output, for editors and CI).
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Run packs' fixtures (`<pack>/tests/<case>/` with `expected.yaml`).
    Test {
        /// Pack folders or folders of packs. Default: the shipped packs
        /// (`standards/` here, or in the source tree the binary was built from).
        #[arg(value_name = "PATH", value_hint = clap::ValueHint::DirPath)]
        paths: Vec<PathBuf>,
        /// Also mutate each pack's `all-pass` fixture and require every rule
        /// whose evidence a mutation breaks to stop passing.
        #[arg(long)]
        mutate: bool,
        /// With --mutate: the lowest mutation score (killed ÷ applicable, %)
        /// a pack may have.
        #[arg(long, value_name = "N", default_value_t = 95.0, value_parser = parse_score)]
        min_mutation_score: f64,
    },
    /// Print the JSON Schema of a file people write, for editors.
    Schema {
        /// The file the schema is for.
        #[arg(required_unless_present = "write", value_parser = clap::builder::PossibleValuesParser::new(crate::schema::NAMES))]
        name: Option<String>,
        /// Write every schema into DIR as `<name>.schema.json` instead.
        #[arg(long, value_name = "DIR", conflicts_with = "name")]
        write: Option<PathBuf>,
    },
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    crate::time::parse_date(s).ok_or_else(|| format!("`{s}` is not a date; write it as YYYY-MM-DD"))
}

fn parse_score(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a score from 0 to 100")),
    }
}

fn parse_report(s: &str) -> Result<(Format, PathBuf), String> {
    let (format, path) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not FORMAT=PATH (for example json=results.json)"))?;
    let format = Format::parse(format).ok_or_else(|| {
        let pdf = if format == "pdf" {
            " (for a PDF, write html=PATH and print it with tools/report-pdf.sh)"
        } else {
            ""
        };
        format!(
            "unknown report format `{format}`; expected one of: {}{pdf}",
            Format::NAMES.join(", ")
        )
    })?;
    if path.is_empty() {
        return Err("the report path is empty; use `-` for standard output".into());
    }
    Ok((format, PathBuf::from(path)))
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let color = match cli.color {
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
        ColorWhen::Auto => anstream::ColorChoice::Auto,
    };
    color.write_global();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Sql(args) => sql(args),
        Command::Export(ExportCommand::OscalCatalog { pack, out, packs }) => export_catalog(&pack, &out, &packs),
        Command::Packs(PacksCommand::List(p)) => packs_list(&p),
        Command::Packs(PacksCommand::Show { id, packs }) => packs_show(&id, &packs),
        Command::Packs(PacksCommand::Lint { paths, format }) => packs_lint(paths, format),
        Command::Packs(PacksCommand::Test {
            paths,
            mutate,
            min_mutation_score,
        }) => packs_test(paths, mutate.then_some(min_mutation_score)),
        Command::Packs(PacksCommand::Schema { name, write }) => packs_schema(name.as_deref(), write.as_deref()),
        Command::Explain { rule, packs } => explain(&rule, &packs),
        Command::Evidence(EvidenceCommand::Show {
            files,
            dir,
            pack,
            format,
            packs,
        }) => evidence_show(&files, &dir, pack, format, &packs),
        Command::Init {
            dir,
            pack,
            sites,
            packs,
        } => init(&dir, &pack, &sites, &packs),
        Command::Diff {
            old,
            new,
            format,
            fail_on_regression,
        } => diff(&old, &new, format, fail_on_regression),
        Command::Aggregate(args) => aggregate(args),
        Command::Sample {
            dir,
            rule,
            site,
            n,
            seed,
            out,
            as_of,
            pack,
            packs,
        } => {
            let ask = crate::sample::Ask { rule, site, n, seed };
            sample(&dir, &ask, &out, as_of, pack, &packs)
        }
        Command::Trend {
            runs,
            metric,
            html,
            csv,
            templates_dir,
        } => trend(
            &runs,
            &metric,
            html.as_deref(),
            csv.as_deref(),
            templates_dir.as_deref(),
        ),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "evident", &mut report::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut report::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn stderr_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// Prints an error that stops the command, styled like a diagnostic.
pub fn eprint_error(message: &str) {
    anstream::eprint!("{}", crate::diag::error_line(message, stderr_color()));
}

/// Prints diagnostics to standard error; true when any is an error.
fn report_diagnostics(diags: &Diagnostics, sources: &crate::diag::Sources) -> bool {
    if !diags.items.is_empty() {
        let mut err = anstream::stderr();
        let _ = write!(err, "{}", diags.render(sources, stderr_color()));
    }
    diags.has_errors()
}

fn sources_from(args: &PackArgs) -> PackSources {
    PackSources {
        dirs: args.packs_dir.clone(),
        ..PackSources::default()
    }
}

/// Usage problems with `--report` that need no evaluation: two reports to
/// one place, or a report inside the evidence folder (evidence is never
/// written) unless the user allowed it.
fn report_targets(args: &CheckArgs) -> Result<(), String> {
    let mut seen: Vec<&Path> = Vec::new();
    for (format, path) in &args.report {
        if seen.contains(&path.as_path()) {
            return Err(if path.as_os_str() == "-" {
                "two reports to standard output would be glued together; write all but one to files".into()
            } else {
                format!("two reports to `{}`; give each report its own file", path.display())
            });
        }
        seen.push(path);
        if format.is_binary() && path.as_os_str() == "-" && std::io::stdout().is_terminal() {
            return Err(
                "an xlsx report is binary and standard output is a terminal; write it to a file (xlsx=PATH) or redirect standard output".into(),
            );
        }
    }
    let Ok(boundary) = crate::boundary::Boundary::new(&args.dir) else {
        return Ok(()); // The audit says why the folder cannot be read.
    };
    for (_, path) in args.report.iter().filter(|(_, p)| p.as_os_str() != "-") {
        if boundary.contains(path) && !args.allow_report_in_evidence {
            return Err(format!(
                "the report `{}` is inside the evidence folder `{}`, which evident never writes; write it elsewhere, or pass --allow-report-in-evidence for a new file that is not evidence",
                path.display(),
                args.dir.display()
            ));
        }
    }
    if let Some(dir) = &args.save_aggregates
        && boundary.contains(dir)
    {
        return Err(format!(
            "--save-aggregates `{}` is inside the evidence folder `{}`, which evident never writes; write them elsewhere",
            dir.display(),
            args.dir.display()
        ));
    }
    Ok(())
}

/// `--templates-dir` must be a folder evident can list, checked before the
/// evaluation it would otherwise end.
fn templates_folder(dir: &Path) -> anyhow::Result<()> {
    std::fs::read_dir(dir).map(drop).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "it does not exist".to_string(),
            std::io::ErrorKind::NotADirectory => "it is a file, not a folder".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied; check its permissions".to_string(),
            _ => crate::diag::io_reason(&e),
        };
        anyhow::anyhow!(
            "cannot read the templates folder `{}`: {why}; --templates-dir takes the folder holding report.md.j2 and report.html.j2",
            dir.display()
        )
    })
}

/// With `--allow-report-in-evidence`, a report still never replaces a file
/// the run read as evidence or configuration.
fn overwrites_evidence(args: &CheckArgs, results: &crate::results::Results) -> Option<PathBuf> {
    let boundary = crate::boundary::Boundary::new(&args.dir).ok()?;
    args.report
        .iter()
        .map(|(_, p)| p)
        .filter(|p| p.as_os_str() != "-" && boundary.contains(p))
        .find(|p| {
            let Ok(target) = p.canonicalize() else { return false };
            results
                .manifest
                .iter()
                .any(|e| args.dir.join(&e.path).canonicalize().is_ok_and(|c| c == target))
        })
        .cloned()
}

/// Audit options for `dir` with the packs `--pack` names (ids select
/// loaded packs, paths load more) and the `--packs-dir` folders.
fn options(dir: &Path, pack: &[String], packs: &PackArgs) -> AuditOptions {
    let mut opts = AuditOptions::new(dir);
    opts.packs = sources_from(packs);
    for p in pack {
        if is_pack_path(p) {
            opts.packs.paths.push(PathBuf::from(p));
        } else {
            opts.select.push(p.clone());
        }
    }
    opts
}

/// Whether `--pack` or a pack argument names a pack folder or file rather
/// than a pack id.
fn is_pack_path(p: &str) -> bool {
    p.contains('/') || p.ends_with(".yaml") || Path::new(p).is_dir()
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    if let Err(msg) = report_targets(&args) {
        eprint_error(&msg);
        return Ok(ExitCode::from(2));
    }
    if let Some(dir) = &args.templates_dir {
        templates_folder(dir)?;
    }
    // Read before the evaluation, so a wrong path costs nothing.
    let baseline = args.baseline.as_deref().map(crate::history::read_run).transpose()?;
    let mut opts = options(&args.dir, &args.pack, &args.packs);
    opts.as_of = args.as_of;
    opts.timestamp = args.timestamp;
    opts.repo_root = args.repo_root.clone();
    opts.profile = args.profile.clone();
    opts.sites = args.site.clone();
    opts.aggregates = args.aggregates.clone();
    opts.save_aggregates = args.save_aggregates.clone();
    // Only reports that list the evidence manifest (with hashes) need record files hashed.
    opts.skip_record_hashes = !args.github_summary
        && !args.report.iter().any(|(f, _)| {
            matches!(
                f,
                Format::Json | Format::Markdown | Format::Html | Format::Oscal | Format::Xlsx
            )
        });
    opts.gate = score::Gate {
        fail_under: args.fail_under,
        fail_on: args.fail_on.map(Into::into),
        min_level: args.min_level,
        allow_not_assessed: false,
    };
    let audit = audit(&opts)?;
    if report_diagnostics(&audit.diagnostics, &audit.sources) {
        return Ok(ExitCode::from(2));
    }
    let mut results = audit.results.expect("results when there are no errors");
    if let Some(b) = &baseline {
        crate::history::diff::apply_baseline(&mut results, b, args.fail_on_regression);
    }
    if let Some(path) = overwrites_evidence(&args, &results) {
        eprint_error(&format!(
            "the report `{}` would replace a file this run read as evidence; write it elsewhere",
            path.display()
        ));
        return Ok(ExitCode::from(2));
    }
    let templates = args.templates_dir.as_deref();
    if args.explain_evidence {
        report::print(&report::terminal::evidence(&results))?;
    }
    let renderer = report::Renderer::new(&results, templates);
    renderer.write_all(&args.report)?;
    if args.github_summary
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        let md = renderer.render(Format::Markdown)?;
        report::append(Path::new(&path), &md)?;
    }
    let writes_stdout = args.report.iter().any(|(_, p)| p.as_os_str() == "-");
    if !args.quiet && !writes_stdout {
        report::print(&report::terminal::render(&results))?;
    }
    let code = if results.gate.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    // The process ends here: freeing every finding of a large run one by
    // one would cost more than the rendering did, for nothing.
    std::mem::forget(renderer);
    std::mem::forget(results);
    Ok(code)
}

fn diff(old: &Path, new: &Path, format: DiffFormat, fail_on_regression: bool) -> anyhow::Result<ExitCode> {
    use crate::history::{diff, read_run};
    let cmp = diff::compare(&read_run(old)?, &read_run(new)?);
    let text = match format {
        DiffFormat::Text => report::diff::text(&cmp),
        DiffFormat::Md => report::diff::markdown(&cmp),
        DiffFormat::Json => report::text::to_json(&cmp)?,
    };
    report::print(&text)?;
    Ok(if fail_on_regression && !cmp.regressions.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn aggregate(args: AggregateArgs) -> anyhow::Result<ExitCode> {
    use crate::history::aggregate::{Allow, aggregate};
    if let Some(dir) = &args.templates_dir {
        templates_folder(dir)?;
    }
    let files = crate::history::run_files(&args.runs)?;
    let mut sources = sources_from(&args.packs);
    sources.paths = args.pack.clone();
    let loaded = crate::pack::load_packs(&sources);
    if report_diagnostics(&loaded.diags, &loaded.sources) {
        return Ok(ExitCode::from(2));
    }
    let allow = |what: &str| args.allow_mismatch.iter().any(|a| a == what);
    let allow = Allow {
        as_of: allow("as-of"),
        period: allow("period"),
        pack_version: allow("pack-version"),
    };
    // Read one at a time as they are merged: memory holds one run, not all.
    let runs = files.iter().map(|f| crate::history::read_run(f));
    let results = aggregate(runs, &loaded, allow)?;
    let renderer = report::Renderer::new(&results, args.templates_dir.as_deref());
    renderer.write_all(&args.report)?;
    let writes_stdout = args.report.iter().any(|(_, p)| p.as_os_str() == "-");
    if !args.quiet && !writes_stdout {
        report::print(&report::terminal::render(&results))?;
    }
    Ok(if results.gate.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn trend(
    runs: &[PathBuf],
    metrics: &[String],
    html: Option<&Path>,
    csv: Option<&Path>,
    templates: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if let Some(dir) = templates {
        templates_folder(dir)?;
    }
    let t = crate::history::trend::trend(&crate::history::read_runs(runs)?, metrics)?;
    if let Some(path) = html {
        report::write(path, report::trend::html(&t, templates)?.as_bytes())?;
    }
    if let Some(path) = csv {
        report::write(path, report::trend::csv(&t)?.as_bytes())?;
    }
    if html != Some(Path::new("-")) && csv != Some(Path::new("-")) {
        report::print(&report::trend::text(&t))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn sample(
    dir: &Path,
    ask: &crate::sample::Ask,
    out: &Path,
    as_of: Option<jiff::civil::Date>,
    pack: Vec<PathBuf>,
    packs: &PackArgs,
) -> anyhow::Result<ExitCode> {
    if out != Path::new("-")
        && let Ok(boundary) = crate::boundary::Boundary::new(dir)
        && boundary.contains(out)
    {
        eprint_error(&format!(
            "the checklist `{}` is inside the evidence folder `{}`, which evident never writes; write it elsewhere, and put it in the evidence once it is filled in",
            out.display(),
            dir.display()
        ));
        return Ok(ExitCode::from(2));
    }
    let mut opts = AuditOptions::new(dir);
    opts.packs = sources_from(packs);
    opts.packs.paths = pack;
    opts.as_of = as_of;
    match crate::draw_sample(&opts, ask)? {
        Ok(s) => {
            report::write(out, crate::sample::checklist(&s).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Err((diags, sources)) => {
            report_diagnostics(&diags, &sources);
            Ok(ExitCode::from(2))
        }
    }
}

fn sql(args: SqlArgs) -> anyhow::Result<ExitCode> {
    let mut opts = options(&args.dir, &args.pack, &args.packs);
    opts.as_of = args.as_of;
    opts.profile = args.profile.clone();
    let tables: std::collections::BTreeMap<String, String> = args.table.iter().cloned().collect();
    let (queries, refused): (Vec<_>, Vec<_>) = match crate::sql_queries(&opts, args.dialect, &tables)? {
        Ok(q) => q.into_iter().partition(Result::is_ok),
        Err((diags, sources)) => {
            report_diagnostics(&diags, &sources);
            return Ok(ExitCode::from(2));
        }
    };
    let failed = !refused.is_empty();
    match &args.out {
        Some(dir) => {
            if let Ok(boundary) = crate::boundary::Boundary::new(&args.dir)
                && boundary.contains(dir)
            {
                eprint_error(&format!(
                    "`{}` is inside the evidence folder `{}`, which evident never writes; write the queries elsewhere",
                    dir.display(),
                    args.dir.display()
                ));
                return Ok(ExitCode::from(2));
            }
            std::fs::create_dir_all(dir)?;
            for q in queries.iter().flatten() {
                std::fs::write(dir.join(format!("{}.sql", q.kind)), &q.text)?;
            }
        }
        None => {
            let mut out = report::stdout();
            for q in queries.iter().flatten() {
                writeln!(out, "{};\n", q.text.trim_end())?;
            }
        }
    }
    // A kind whose metrics SQL cannot compute stays on the native reader:
    // the other kinds' queries are written, and the exit code says not all.
    for e in refused.into_iter().filter_map(Result::err) {
        eprint_error(&e);
    }
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

fn packs_list(args: &PackArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::pack::load_packs(&sources_from(args));
    if report_diagnostics(&loaded.diags, &loaded.sources) {
        return Ok(ExitCode::from(2));
    }
    let mut out = report::stdout();
    writeln!(
        out,
        "{:<16} {:>5}  {:<9} {:<12} TITLE",
        "ID", "RULES", "SCORING", "SCOPE"
    )?;
    for p in &loaded.packs {
        let (scoring, scope) = (p.scoring.name(), p.scope.name());
        writeln!(
            out,
            "{:<16} {:>5}  {:<9} {:<12} {} ({})",
            p.id,
            p.rules.len(),
            scoring,
            scope,
            p.title,
            p.version
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn packs_show(id: &str, args: &PackArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::pack::load_packs(&sources_from(args));
    if report_diagnostics(&loaded.diags, &loaded.sources) {
        return Ok(ExitCode::from(2));
    }
    let Some(pack) = loaded.get(id) else {
        let known: Vec<&str> = loaded.packs.iter().map(|p| p.id.as_str()).collect();
        eprint_error(&format!("no pack `{id}`; available packs: {}", known.join(", ")));
        return Ok(ExitCode::from(2));
    };
    let mut out = report::stdout();
    write!(out, "{}", show_pack(pack))?;
    Ok(ExitCode::SUCCESS)
}

/// `evident export oscal-catalog`: a pack by id (built in or from
/// `--packs-dir`) or by path, alone.
fn export_catalog(pack: &str, out: &Path, args: &PackArgs) -> anyhow::Result<ExitCode> {
    let by_path = is_pack_path(pack);
    let sources = if by_path {
        PackSources {
            paths: vec![PathBuf::from(pack)],
            no_builtin: true,
            dirs: vec![],
            only: None,
        }
    } else {
        sources_from(args)
    };
    let loaded = crate::pack::load_packs(&sources);
    if report_diagnostics(&loaded.diags, &loaded.sources) {
        return Ok(ExitCode::from(2));
    }
    let found = if by_path {
        loaded.packs.first()
    } else {
        loaded.get(pack)
    };
    let Some(found) = found else {
        let known: Vec<&str> = loaded.packs.iter().map(|p| p.id.as_str()).collect();
        eprint_error(&format!("no pack `{pack}`; available packs: {}", known.join(", ")));
        return Ok(ExitCode::from(2));
    };
    report::write(out, crate::oscal::catalog::render(found)?.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn packs_schema(name: Option<&str>, write: Option<&Path>) -> anyhow::Result<ExitCode> {
    if let Some(dir) = write {
        crate::schema::write_all(dir)?;
    } else if let Some(text) = name.and_then(crate::schema::render) {
        write!(report::stdout(), "{text}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn show_pack(p: &Pack) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "{} — {} ({})", p.id, p.title, p.version);
    if let Some(e) = &p.edition {
        let _ = writeln!(s, "edition: {e}");
    }
    let _ = writeln!(s, "source: {}", p.source);
    if let Some(pr) = &p.provenance {
        let _ = writeln!(s, "provenance: {pr}");
    }
    let (scoring, scope) = (p.scoring.name(), p.scope.name());
    let _ = writeln!(s, "scoring: {scoring}, scope: {scope}, {} rules", p.rules.len());
    for l in &p.levels {
        let _ = writeln!(s, "level {}: {}", l.id, l.title);
    }
    if !p.tags.is_empty() {
        let _ = writeln!(s, "tags (a profile may exclude by tag):");
        for (tag, description) in &p.tags {
            let n = p.tagged(tag).count();
            let _ = writeln!(s, "  {tag} ({n} rule{}): {description}", if n == 1 { "" } else { "s" });
        }
    }
    if !p.params.is_empty() {
        let _ = writeln!(s, "params:");
        for (k, v) in &p.params {
            let _ = writeln!(s, "  {k}: {v}");
        }
    }
    for sec in &p.sections {
        let _ = writeln!(
            s,
            "{:indent$}§ {} {}{}",
            "",
            sec.id,
            sec.title,
            sec.provenance
                .as_deref()
                .map(|p| format!("  [{p}]"))
                .unwrap_or_default(),
            indent = sec.depth as usize * 2
        );
        for r in p.rules.iter().filter(|r| r.section == sec.id) {
            let tags = if r.tags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", r.tags.join(", "))
            };
            let _ = writeln!(
                s,
                "{:indent$}  {:<8} {}  {}{tags}",
                "",
                r.severity.name(),
                r.id,
                r.title,
                indent = sec.depth as usize * 2
            );
        }
    }
    s
}

fn packs_lint(paths: Vec<PathBuf>, format: OutputFormat) -> anyhow::Result<ExitCode> {
    // A folder without a pack.yaml is a folder of packs (with its kinds.yaml),
    // like `standards/`.
    let (dirs, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .partition(|p| p.is_dir() && !crate::pack::load::holds_pack(p));
    let loaded = crate::pack::load_packs(&PackSources {
        paths,
        no_builtin: false,
        dirs,
        only: None,
    });
    let failed = loaded.diags.has_errors();
    let linted: Vec<&Pack> = loaded
        .packs
        .iter()
        .filter(|p| !p.origin.starts_with("builtin:"))
        .collect();
    let mut out = report::stdout();
    if format == OutputFormat::Json {
        let packs: Vec<serde_json::Value> = linted
            .iter()
            .map(|p| serde_json::json!({"id": p.id, "origin": p.origin, "rules": p.rules.len(), "sections": p.sections.len(), "tags": p.tags}))
            .collect();
        let doc = serde_json::json!({
            "ok": !failed,
            "diagnostics": loaded.diags.to_json(&loaded.sources),
            "packs": if failed { Vec::new() } else { packs },
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS });
    }
    if report_diagnostics(&loaded.diags, &loaded.sources) {
        return Ok(ExitCode::from(2));
    }
    for p in linted {
        writeln!(
            out,
            "{}: ok ({} rules, {} sections)",
            p.origin,
            p.rules.len(),
            p.sections.len()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the shipped packs' fixtures are when no path is given: `standards/`
/// in the current folder, else in the source tree this binary was built
/// from (fixtures are not built into the binary).
fn shipped_packs() -> anyhow::Result<PathBuf> {
    let here = PathBuf::from("standards");
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    [here, built]
        .into_iter()
        .find(|d| d.join("kinds.yaml").is_file())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no shipped packs with fixtures here: the fixtures live in the source tree, not in the binary; pass a pack folder or a folder of packs"
            )
        })
}

fn packs_test(paths: Vec<PathBuf>, mutate: Option<f64>) -> anyhow::Result<ExitCode> {
    use crate::pack::fixture;
    let paths = if paths.is_empty() {
        vec![shipped_packs()?]
    } else {
        paths
    };
    // Pack folders: the paths themselves, or their subfolders holding a pack.
    let mut dirs = Vec::new();
    for p in &paths {
        if crate::pack::load::holds_pack(p) {
            dirs.push(p.clone());
        } else {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| {
                    anyhow::anyhow!(
                        "cannot read `{}`: {}; pass a pack folder (holding pack.yaml) or a folder of packs, readable by evident",
                        p.display(),
                        crate::diag::io_reason(&e)
                    )
                })?
                .flatten()
                .map(|e| e.path())
                .filter(|d| crate::pack::load::holds_pack(d))
                .collect();
            found.sort();
            dirs.extend(found);
        }
    }
    let mut out = report::stdout();
    let (mut passed, mut failed) = (0, 0);
    for dir in dirs {
        let loaded = crate::pack::load_packs(&PackSources {
            paths: vec![dir.clone()],
            no_builtin: true,
            dirs: vec![],
            only: None,
        });
        if report_diagnostics(&loaded.diags, &loaded.sources) {
            return Ok(ExitCode::from(2));
        }
        let Some(pack) = loaded.packs.first() else { continue };
        let cases = fixture::cases(&dir)?;
        if cases.is_empty() {
            writeln!(out, "FAIL {}: no fixtures under {}/tests/", pack.id, dir.display())?;
            failed += 1;
        }
        if let Some(min) = mutate {
            match cases.iter().find(|c| c.ends_with("all-pass")) {
                None => {
                    writeln!(out, "FAIL {}: no all-pass fixture to mutate", pack.id)?;
                    failed += 1;
                }
                Some(case) => {
                    let r = crate::pack::mutate::run(pack, &dir, case)?;
                    let ok = r.score() >= min;
                    writeln!(
                        out,
                        "{} {}: mutation score {:.1}% ({} of {} killed, {} mutations)",
                        if ok { "ok  " } else { "FAIL" },
                        r.pack,
                        r.score(),
                        r.killed,
                        r.applicable,
                        r.mutations
                    )?;
                    for s in &r.survivors {
                        writeln!(
                            out,
                            "       survived: {} under `{}` ({})",
                            s.rule,
                            s.mutation,
                            s.mutation.files.join(", ")
                        )?;
                    }
                    if ok { passed += 1 } else { failed += 1 }
                }
            }
        }
        for case in cases {
            match fixture::run_case(&dir, &pack.id, &case)? {
                Err((diags, sources)) => {
                    report_diagnostics(&diags, &sources);
                    return Ok(ExitCode::from(2));
                }
                Ok(r) if r.problems.is_empty() => {
                    writeln!(out, "ok   {}/{} ({} rules)", r.pack, r.case, r.rules)?;
                    passed += 1;
                }
                Ok(r) => {
                    writeln!(out, "FAIL {}/{}", r.pack, r.case)?;
                    for p in &r.problems {
                        writeln!(out, "       {p}")?;
                    }
                    failed += 1;
                }
            }
        }
    }
    writeln!(out, "fixtures: {passed} passed, {failed} failed")?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn init(dir: &Path, ids: &[String], sites: &[String], args: &PackArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::pack::load_packs(&sources_from(args));
    if report_diagnostics(&loaded.diags, &loaded.sources) {
        return Ok(ExitCode::from(2));
    }
    let mut packs = Vec::new();
    for id in ids {
        match loaded.packs.iter().find(|p| &p.id == id) {
            Some(p) => packs.push(p),
            None => {
                let known: Vec<&str> = loaded.packs.iter().map(|p| p.id.as_str()).collect();
                eprint_error(&format!("no pack `{id}`; the loaded packs are: {}", known.join(", ")));
                return Ok(ExitCode::from(2));
            }
        }
    }
    let done = crate::init::scaffold(dir, &packs, sites)?;
    let mut out = report::stdout();
    for f in &done.written {
        writeln!(out, "wrote   {}", dir.join(f).display())?;
    }
    for f in &done.skipped {
        writeln!(out, "kept    {} (it exists)", dir.join(f).display())?;
    }
    writeln!(
        out,
        "{} files written, {} kept. Fill in the skeletons (every `TBD` and `[...]`), then run `evident check {}`.",
        done.written.len(),
        done.skipped.len(),
        dir.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn evidence_show(
    files: &[PathBuf],
    dir: &Path,
    pack: Vec<PathBuf>,
    format: OutputFormat,
    args: &PackArgs,
) -> anyhow::Result<ExitCode> {
    let mut opts = AuditOptions::new(dir);
    opts.packs = sources_from(args);
    opts.packs.paths = pack;
    let (index, diags, sources) = crate::inspect(&opts)?;
    let Some(index) = index else {
        report_diagnostics(&diags, &sources);
        return Ok(ExitCode::from(2));
    };
    let mut out = report::stdout();
    let mut missing = false;
    let mut shown = Vec::new();
    for f in files {
        // A path as typed from here, or relative to the evidence folder.
        let rel = std::fs::canonicalize(f)
            .ok()
            .and_then(|abs| abs.strip_prefix(index.boundary.root()).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| f.clone());
        let rel = rel.to_string_lossy().replace('\\', "/");
        let found = match format {
            OutputFormat::Text => crate::evidence::show::render(&index, &rel).map(|text| writeln!(out, "{text}")),
            OutputFormat::Json => crate::evidence::show::to_json(&index, &rel).map(|file| {
                shown.push(file);
                Ok(())
            }),
        };
        match found {
            Some(written) => written?,
            None => {
                eprint_error(&format!(
                    "`{}` is not a file of the evidence repository `{}`",
                    f.display(),
                    dir.display()
                ));
                missing = true;
            }
        }
    }
    if format == OutputFormat::Json {
        let doc = serde_json::json!({"files": shown});
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
    }
    Ok(if missing { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

fn explain(rule_id: &str, args: &PackArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::pack::load_packs(&sources_from(args));
    if report_diagnostics(&loaded.diags, &loaded.sources) {
        return Ok(ExitCode::from(2));
    }
    let Some((pack, rule)) = loaded.rule(rule_id) else {
        let ids: Vec<&str> = loaded
            .packs
            .iter()
            .flat_map(|p| &p.rules)
            .map(|r| r.id.as_str())
            .collect();
        let mut msg = format!("no rule `{rule_id}` in the loaded packs");
        if loaded.packs.iter().any(|p| p.id == rule_id) {
            msg.push_str(&format!(
                "\n  tip: `{rule_id}` is a pack; `evident packs show {rule_id}` lists its rules"
            ));
        } else if let Some(c) = crate::yaml::closest(rule_id, &ids) {
            msg.push_str(&format!("\n  tip: a similar rule exists: `{c}`"));
        }
        eprint_error(&msg);
        return Ok(ExitCode::from(2));
    };
    let mut out = report::stdout();
    write!(out, "{}", crate::report::explain::render(pack, rule, &loaded))?;
    Ok(ExitCode::SUCCESS)
}
