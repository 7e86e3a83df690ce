//! JSON Schemas for the YAML files people write — a pack, its rule files, the
//! kind catalogue, the profile, waivers, attestations — so an editor
//! (yaml-language-server) completes and checks them while they are typed.
//! Draft-07, like `results.schema.json`: every editor's YAML support reads it.
//!
//! Each mapping's properties are built from the key list its parser reads,
//! and [`object`] insists that every one of those keys is described and no
//! other: a key added to a parser without a description here stops the
//! schemas from building, and the tests that build them fail. The parsers
//! stay the authority (kinds, sections and parameters that must be declared
//! are theirs to check); the schemas accept what they accept and reject what
//! they reject on sight.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::check::{self, attestation, compose, fields, fresh, headings, metric, register};
use crate::pack::kind::{ColumnType, DOC_KEYS, KIND_KEYS, REC_KEYS};
use crate::pack::load::CATALOGUE_KEYS;
use crate::pack::parse as pack;
use crate::pack::{Relation, Severity};
use crate::{profile, waiver};

/// The schemas, each written as `<name>.schema.json`.
pub const NAMES: &[&str] = &["pack", "rules", "kinds", "profile", "waivers", "attestations"];

/// The schema called `name`, one of [`NAMES`].
pub fn schema(name: &str) -> Option<Value> {
    let (title, body, defs) = match name {
        "pack" => ("evident pack (pack.yaml)", pack_file(), pack_definitions(true)),
        "rules" => ("evident rule file (rules/*.yaml)", rule_file(), pack_definitions(false)),
        "kinds" => ("evident kind catalogue (kinds.yaml)", catalogue(), kind_definitions()),
        "profile" => ("evident profile (evident.yaml)", profile(), Vec::new()),
        "waivers" => ("evident waivers (waivers.yaml)", waivers(), Vec::new()),
        "attestations" => ("evident attestations (attestations.yaml)", attestations(), Vec::new()),
        _ => return None,
    };
    let mut out = Map::new();
    out.insert("$schema".into(), json!("http://json-schema.org/draft-07/schema#"));
    out.insert(
        "$id".into(),
        json!(format!("https://evident.dev/schema/{name}.schema.json")),
    );
    out.insert("title".into(), json!(title));
    let Value::Object(body) = body else {
        unreachable!("every schema is an object")
    };
    out.extend(body);
    if !defs.is_empty() {
        out.insert("definitions".into(), Value::Object(defs.into_iter().collect()));
    }
    Some(Value::Object(out))
}

/// A schema as it is committed: pretty JSON and a final newline.
pub fn render(name: &str) -> Option<String> {
    schema(name).map(|s| serde_json::to_string_pretty(&s).expect("JSON values serialise") + "\n")
}

/// Writes every schema into `dir` as `<name>.schema.json`.
pub fn write_all(dir: &Path) -> anyhow::Result<()> {
    use anyhow::Context as _;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create the folder `{}`", dir.display()))?;
    for name in NAMES {
        let path = dir.join(format!("{name}.schema.json"));
        let text = render(name).expect("every name has a schema");
        std::fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(())
}

// ------------------------------------------------------------------ packs

fn pack_file() -> Value {
    required(
        object(
            "A rule pack's main file: its header, parameters, kinds, sections and rules.",
            pack::TOP_KEYS,
            &[
                ("pack", header()),
                ("params", params()),
                (
                    "kinds",
                    reference(
                        "Evidence kinds of this pack; shared ones live in standards/kinds.yaml.",
                        "kinds",
                    ),
                ),
                ("sections", reference("The pack's sections, a tree.", "sections")),
                ("rules", reference("The pack's rules.", "rules")),
            ],
        ),
        &["pack"],
    )
}

fn rule_file() -> Value {
    object(
        "More sections and rules of a pack, beside its pack.yaml.",
        pack::RULE_FILE_KEYS,
        &[
            ("sections", reference("More sections, a tree.", "sections")),
            ("rules", reference("More rules.", "rules")),
        ],
    )
}

fn header() -> Value {
    let level = required(
        object(
            "A maturity level.",
            pack::LEVEL_KEYS,
            &[
                ("id", number("The level's number: 1, 2, 3... in order.")),
                ("title", text("The level's name.")),
            ],
        ),
        &["id", "title"],
    );
    let dimension = required(
        object(
            "A dimension rules are scored along.",
            pack::LEVEL_KEYS,
            &[
                ("id", text("The dimension's id, which rules name.")),
                ("title", text("The dimension's name.")),
            ],
        ),
        &["id", "title"],
    );
    required(
        object(
            "The pack header.",
            pack::PACK_KEYS,
            &[
                (
                    "id",
                    json!({"type": "string", "pattern": KEBAB,
                        "description": "The pack's id, kebab-case; every rule id starts with `<id>.`."}),
                ),
                ("title", text("The framework's name.")),
                ("version", text("The pack's version.")),
                ("edition", text("The edition of the framework modelled.")),
                ("source", text("Where the structure comes from, in our words.")),
                (
                    "provenance",
                    text("How sure the pack is of it: verified, reconstructed, provisional."),
                ),
                (
                    "scoring",
                    one_of("How rules add up to a result (default weighted).", pack::SCORING),
                ),
                (
                    "scope",
                    one_of(
                        "Whether the pack judges the organisation (default) or each site.",
                        pack::SCOPES,
                    ),
                ),
                ("levels", array("The levels of `scoring: levels`, lowest first.", level)),
                ("dimensions", array("Dimensions for dimension scores.", dimension)),
                (
                    "certify",
                    object(
                        "The certification decision.",
                        pack::CERTIFY_KEYS,
                        &[
                            (
                                "severity",
                                one_of(
                                    "A failing rule of this severity or worse withholds it (default critical).",
                                    Severity::NAMES,
                                ),
                            ),
                            ("min_score", num("The lowest score that certifies.")),
                        ],
                    ),
                ),
                (
                    "placeholders",
                    texts("Regular expressions for this framework's template values (matched against a whole value)."),
                ),
                (
                    "tags",
                    json!({"type": "object", "description": "The tags rules may carry, each with a description of the rules it groups; a profile excludes by tag.",
                        "propertyNames": {"pattern": KEBAB},
                        "additionalProperties": {"type": "string", "minLength": 1}}),
                ),
            ],
        ),
        &["id", "title", "version", "source"],
    )
}

fn params() -> Value {
    let with_description = required(
        object(
            "A parameter with its description.",
            pack::PARAM_KEYS,
            &[
                ("default", scalar("The default value.")),
                ("description", text("What the parameter means.")),
            ],
        ),
        &["default"],
    );
    map_of(
        "Defaults a profile may override; checks refer to them as `params.<name>`.",
        json!({"description": "A number, string, boolean or duration, or {default, description}.",
            "anyOf": [{"type": ["number", "string", "boolean"]}, with_description]}),
    )
}

/// The definitions a pack's files share; the main file declares kinds too.
fn pack_definitions(with_kinds: bool) -> Vec<(String, Value)> {
    let section = required(
        object(
            "A section of the pack.",
            pack::SECTION_KEYS,
            &[
                ("id", text("The section's id, which rules name in `section`.")),
                ("title", text("The section's title.")),
                (
                    "provenance",
                    text("How sure the pack is of this section, where it differs from the pack's."),
                ),
                ("sections", reference("Sections within this one.", "sections")),
            ],
        ),
        &["id", "title"],
    );
    let mut defs = vec![
        def(
            "sections",
            array("Sections: a tree.", reference("A section.", "section")),
        ),
        def("section", section),
        def("rules", array("Rules.", reference("A rule.", "rule"))),
        def("rule", rule()),
        def("selector", selector()),
        def(
            "checks",
            json!({"type": "array", "minItems": 1, "description": "Checks that must all pass.",
                "items": {"$ref": "#/definitions/check"}}),
        ),
        def("check", check()),
    ];
    if with_kinds {
        defs.extend(kind_definitions());
    }
    defs
}

fn rule() -> Value {
    let mapping = required(
        object(
            "A rule of another framework this one corresponds to.",
            pack::MAPPING_KEYS,
            &[
                ("rule", text("The other rule's id.")),
                (
                    "relation",
                    one_of("How the two rules' requirements relate.", Relation::NAMES),
                ),
            ],
        ),
        &["rule", "relation"],
    );
    required(
        object(
            "A rule: one requirement and the checks that decide it.",
            pack::RULE_KEYS,
            &[
                (
                    "id",
                    json!({"type": "string", "pattern": RULE_ID,
                        "description": "`<pack id>.<local id>`; stable forever."}),
                ),
                ("section", text("The declared section the rule belongs to.")),
                ("title", text("What the rule asks, in a line.")),
                ("severity", one_of("How much a failure matters.", Severity::NAMES)),
                (
                    "weight",
                    json!({"type": "number", "exclusiveMinimum": 0,
                        "description": "The rule's weight in the score (default 1)."}),
                ),
                (
                    "level",
                    number("The level the rule belongs to; `scoring: levels` needs it."),
                ),
                ("dimension", text("A dimension declared in the header.")),
                ("waivable", flag("Whether a waiver may cover a failure (default true).")),
                (
                    "guidance",
                    text("What an auditor looks for; shown by explain and reports."),
                ),
                ("remediation", text("What to do when the rule fails.")),
                (
                    "evidence",
                    reference("The documents the rule's document checks read.", "selector"),
                ),
                ("checks", reference("Checks that must all pass.", "checks")),
                (
                    "maps_to",
                    array("Rules of other frameworks this one corresponds to.", mapping),
                ),
                (
                    "tags",
                    json!({"type": "array", "uniqueItems": true, "description": "Tags declared in the pack header's `tags:` (contact-centre, voice, security, ...).",
                        "items": {"type": "string", "pattern": KEBAB}}),
                ),
            ],
        ),
        &["id", "section", "title", "severity", "checks"],
    )
}

fn selector() -> Value {
    let mut s = object(
        "Which documents: of a kind and/or under a glob, how many, judged how.",
        check::SELECTOR_KEYS,
        &[
            ("kind", text("An evidence kind.")),
            ("path", text("A glob relative to the evidence root.")),
            ("min", count("At least this many documents (default 1).", 1)),
            (
                "match",
                one_of(
                    "Every document must pass (each, default), one (any), or the newest (latest).",
                    check::MATCHING,
                ),
            ),
            (
                "date",
                text("The date field `latest`, `within` and `per` read (default approved_on)."),
            ),
            (
                "within",
                dur("Count only documents dated within this span before the as-of date."),
            ),
            ("per", dur("Count in each span of this length of the audit period.")),
        ],
    );
    s["anyOf"] = json!([{"required": ["kind"]}, {"required": ["path"]}]);
    s
}

/// A check: a one-key mapping naming its kind.
fn check() -> Value {
    let mut c = object(
        "A check: one key naming its kind.",
        check::KINDS,
        &[
            (
                "document",
                json!({"description": "At least `min` readable documents are selected (the rule's, or these).",
                    "anyOf": [{"type": "null"}, {"type": "object", "maxProperties": 0},
                        {"$ref": "#/definitions/selector"}]}),
            ),
            ("fields", fields_check()),
            (
                "fresh",
                required(
                    object(
                        "A date field is no older than `max_age` and not after the as-of date.",
                        fresh::KEYS,
                        &[
                            ("field", text("The date field.")),
                            ("max_age", dur("The oldest it may be.")),
                            ("evidence", narrowing()),
                        ],
                    ),
                    &["field", "max_age"],
                ),
            ),
            ("headings", headings_check()),
            ("text", text_check()),
            (
                "attestation",
                nullable(object(
                    "The newest current attestation of the rule says pass.",
                    attestation::KEYS,
                    &[(
                        "max_age",
                        dur("An attestation older than this is stale (default 365d)."),
                    )],
                )),
            ),
            ("metric", metric_check()),
            ("register", register_check()),
            ("all", reference("Every one of these checks passes.", "checks")),
            ("any", reference("One of these checks passes.", "checks")),
            (
                "at_least",
                required(
                    object(
                        "At least `n` of these checks pass.",
                        compose::AT_LEAST_KEYS,
                        &[
                            ("n", count("How many must pass.", 1)),
                            ("of", reference("The alternatives.", "checks")),
                        ],
                    ),
                    &["n", "of"],
                ),
            ),
        ],
    );
    c["minProperties"] = json!(1);
    c["maxProperties"] = json!(1);
    c
}

fn narrowing() -> Value {
    reference("Narrows the rule's evidence selector for this check.", "selector")
}

fn fields_check() -> Value {
    let table = object(
        "Fields present, filled in and valid.",
        fields::KEYS,
        &[
            (
                "required",
                texts("Fields that must be filled in (default: the kind's)."),
            ),
            (
                "types",
                map_of("Field: type.", one_of("A field type.", fields::FieldType::NAMES)),
            ),
            ("equals", map_of("Field: the value it must hold.", text("The value."))),
            ("one_of", map_of("Field: the values it may hold.", texts("The values."))),
            (
                "pattern",
                map_of(
                    "Field: a regular expression its value matches.",
                    text("A regular expression."),
                ),
            ),
            (
                "at_least",
                map_of("Field: the smallest number it may hold.", num("The bound.")),
            ),
            (
                "at_most",
                map_of("Field: the largest number it may hold.", num("The bound.")),
            ),
            ("evidence", narrowing()),
        ],
    );
    json!({"description": "Front-matter fields are present, not placeholders, and valid; a list is `required`.",
        "anyOf": [non_empty_list(), {"type": "null"}, table]})
}

fn headings_check() -> Value {
    let table = object(
        "Required headings, in order if asked, with words under each.",
        headings::KEYS,
        &[
            (
                "required",
                texts("Headings that must be present (default: the kind's)."),
            ),
            ("ordered", flag("In the order given.")),
            (
                "min_words",
                count("Words each needs under it (default: the kind's, else 1).", 0),
            ),
            ("evidence", narrowing()),
        ],
    );
    json!({"description": "A document has the headings it must have; a list is `required`.",
        "anyOf": [non_empty_list(), {"type": "null"}, table]})
}

fn text_check() -> Value {
    let patterns = |d: &str| {
        json!({"description": d, "anyOf": [{"type": ["string", "number"]},
            {"type": "array", "items": {"type": ["string", "number"]}}]})
    };
    let mut t = object(
        "The body matches every `matches` pattern and none of `not_matches`.",
        check::text::KEYS,
        &[
            ("matches", patterns("Regular expressions the body must match.")),
            ("not_matches", patterns("Regular expressions the body must not match.")),
            ("evidence", narrowing()),
        ],
    );
    t["anyOf"] = json!([{"required": ["matches"]}, {"required": ["not_matches"]}]);
    t
}

fn metric_check() -> Value {
    let measure = json!({"description": "What is measured per group (pNN: a percentile, p1 to p99).",
        "anyOf": [{"enum": metric::MEASURES}, {"type": "string", "pattern": "^p([1-9]|[1-9][0-9])$"}]});
    let window = object(
        "Consecutive periods, or the period as one pool.",
        metric::WINDOW_KEYS,
        &[
            (
                "consecutive",
                count("A run of this many consecutive periods must pass.", 1),
            ),
            ("pooled", flag("Measure all rows of the period as one pool.")),
            (
                "mode",
                json!({"description": "pooled or every_period (every_month is an alias), or params.<name>.",
                    "anyOf": [{"enum": ["pooled", "every_period", "every_month"]}, param_ref()]}),
            ),
            (
                "anchor",
                one_of(
                    "The run ends at the last complete bucket (latest, default) or anywhere (any).",
                    &["latest", "any"],
                ),
            ),
        ],
    );
    let population = required(
        object(
            "Who must appear in each period: members of another record kind.",
            metric::POPULATION_KEYS,
            &[
                ("records", text("The record kind listing the members.")),
                (
                    "member",
                    text(
                        "Its column naming a member, when `by` calls the member otherwise (default: the `by` column).",
                    ),
                ),
                ("from", text("Its date column a member is active from.")),
                ("to", text("Its date column a member is active until.")),
            ],
        ),
        &["records", "from"],
    );
    required(
        object(
            "An aggregate over records meets an expectation, per group and period.",
            metric::KEYS,
            &[
                ("records", text("A record kind.")),
                (
                    "counted",
                    json!({"description": "Conditions a row must meet to count at all, each named (or one expression).",
                        "anyOf": [{"type": ["string", "number"]},
                            {"type": "object", "additionalProperties": {"type": ["string", "number"]}}]}),
                ),
                ("where", text("The condition counted rows are measured by.")),
                ("measure", measure),
                (
                    "value",
                    text("The column or expression sum, mean, min, max, pNN and ratio measure."),
                ),
                ("per", text("With `measure: ratio`: the denominator.")),
                ("by", texts("Group by columns and day|week|month|quarter|year(column).")),
                (
                    "date",
                    text("The time column that restricts rows to the audit period, when `by` has none."),
                ),
                (
                    "expect",
                    text("A comparison (< <= > >= == !=) with a number or params.<name>."),
                ),
                ("min_sample", count("The smallest group (or pool) that counts.", 0)),
                (
                    "below_min_sample",
                    one_of("Small groups fail (default) or are left out.", &["fail", "omit"]),
                ),
                ("window", window),
                (
                    "on_bad_row",
                    one_of(
                        "A row that does not parse is an error (default) or skipped.",
                        &["error", "skip"],
                    ),
                ),
                (
                    "missing",
                    one_of(
                        "A period without records fails (default) or is skipped.",
                        &["fail", "skip"],
                    ),
                ),
                (
                    "missing_reason",
                    text("With `missing: skip`: why, shown in the report."),
                ),
                ("population", population),
            ],
        ),
        &["records", "measure", "expect"],
    )
}

fn register_check() -> Value {
    let from_rules = required(
        object(
            "The entries are the pack's own rules.",
            register::IDS_KEYS,
            &[(
                "rules",
                text("A regular expression over rule ids; its one capture group names the entry."),
            )],
        ),
        &["rules"],
    );
    let mut schema = required(
        object(
            "A register (a document's tables, or a spreadsheet's sheets) lists every entry it must, or enough rows, each complete.",
            register::KEYS,
            &[
                ("id", texts("The column naming each entry (one name or several).")),
                (
                    "ids",
                    json!({"description": "The entries it must list: a list, or {rules: REGEX}.",
                        "anyOf": [non_empty_list(), from_rules]}),
                ),
                (
                    "excluded",
                    object(
                        "How a row marks its entry as not applying.",
                        register::EXCLUDED_KEYS,
                        &[
                            ("under", text("A heading whose tables list excluded entries.")),
                            ("column", texts("A column that says yes or no.")),
                        ],
                    ),
                ),
                (
                    "required",
                    texts("Only these cells must be filled (default: all, or the `columns`)."),
                ),
                (
                    "columns",
                    json!({"description": "Columns the register must have (matched by normalised names); a complete row fills each.",
                        "type": "array", "minItems": 1, "items": {"type": ["string", "number"]}}),
                ),
                ("min_rows", count("At least this many complete rows.", 1)),
                ("evidence", narrowing()),
            ],
        ),
        &[],
    );
    // What makes it meaningful: the entries it must list, or a row count.
    schema["anyOf"] = json!([{"required": ["ids"]}, {"required": ["min_rows"]}]);
    schema
}

// ------------------------------------------------------------------ kinds

fn catalogue() -> Value {
    required(
        object(
            "Evidence kinds shared by every pack.",
            CATALOGUE_KEYS,
            &[("kinds", reference("The shared kinds.", "kinds"))],
        ),
        &["kinds"],
    )
}

fn kind_definitions() -> Vec<(String, Value)> {
    let document = object(
        "A document kind.",
        DOC_KEYS,
        &[
            ("description", text("What the document is.")),
            ("fields", texts("Fields `fields: {}` requires.")),
            ("headings", texts("Headings `headings: {}` requires.")),
            (
                "min_words",
                number("Words each required heading needs under it (default 1)."),
            ),
        ],
    );
    let columns = |d: &str| map_of(d, one_of("A column type.", ColumnType::NAMES));
    let records = object(
        "A record kind: typed columns and where its files live.",
        REC_KEYS,
        &[
            ("description", text("What the records are.")),
            ("columns", columns("Required columns: name: type.")),
            ("optional", columns("Optional columns: name: type.")),
            ("path", texts("Globs of its files (default records/<kind>/**).")),
            ("sheet", text("The spreadsheet's sheet (default the first).")),
            (
                "header_row",
                json!({"type": "integer", "minimum": 1, "maximum": 10000,
                    "description": "The spreadsheet row holding the column names (default 1)."}),
            ),
        ],
    );
    let mut kind = object(
        "An evidence kind: a document or records.",
        KIND_KEYS,
        &[("document", nullable(document)), ("records", records)],
    );
    kind["minProperties"] = json!(1);
    kind["maxProperties"] = json!(1);
    vec![
        def(
            "kinds",
            json!({"type": "object", "description": "Evidence kinds by name (kebab-case).",
                "propertyNames": {"pattern": KEBAB}, "additionalProperties": {"$ref": "#/definitions/kind"}}),
        ),
        def("kind", kind),
    ]
}

// ------------------------------------------------------------------ the evidence repository's files

fn profile() -> Value {
    let mut exclusion = required(
        object(
            "Rules that do not apply, and why: a rule (or a pattern with *), or every rule with a tag.",
            profile::EXCLUDE_KEYS,
            &[
                ("rule", text("A rule id, or a pattern with *.")),
                (
                    "tag",
                    json!({"type": "string", "pattern": KEBAB,
                        "description": "A tag of the pack: every rule carrying it (`evident packs show <pack>` lists them)."}),
                ),
                (
                    "justification",
                    json!({"type": "string", "minLength": 20, "pattern": SENTENCE,
                        "description": "Why it does not apply, in a sentence (four words or more)."}),
                ),
                ("broad", flag("The pattern is meant to cover more than one section.")),
                ("approver", text("Who agreed to a broad exclusion.")),
            ],
        ),
        &["justification"],
    );
    exclusion["oneOf"] = json!([{"required": ["rule"]}, {"required": ["tag"]}]);
    let pack_use = required(
        object(
            "A pack with its tailoring.",
            profile::PACK_USE_KEYS,
            &[
                ("id", text("The pack's id.")),
                ("exclude", array("Rules that do not apply here.", exclusion)),
                (
                    "params",
                    map_of(
                        "Parameter overrides; each keeps its default's type.",
                        scalar("The value."),
                    ),
                ),
            ],
        ),
        &["id"],
    );
    let period = required(
        object(
            "The audit period; metric checks read only records within it.",
            profile::PERIOD_KEYS,
            &[
                ("from", text("Its first day (YYYY-MM-DD).")),
                ("to", text("Its last day (YYYY-MM-DD).")),
            ],
        ),
        &["from", "to"],
    );
    let gate = object(
        "What a run must reach to pass; flags override.",
        profile::GATE_KEYS,
        &[
            (
                "fail_under",
                json!({"type": "number", "minimum": 0, "maximum": 100,
                    "description": "Fail when a pack scores under this (0-100)."}),
            ),
            (
                "fail_on",
                one_of("Fail on a failing rule of this severity or worse.", Severity::NAMES),
            ),
            (
                "min_level",
                number("Fail when a levels pack reaches a level under this."),
            ),
            (
                "allow_not_assessed",
                flag("A pack or site where no rule applies passes."),
            ),
        ],
    );
    let kind_globs = |d: &str| map_of(d, texts("Globs relative to the evidence root."));
    nullable(object(
        "The profile: who is audited, against which packs, as of when, and the gate.",
        profile::KEYS,
        &[
            ("organisation", text("The organisation's name.")),
            ("organization", text("The organisation's name (American spelling).")),
            (
                "sites",
                texts("The sites (default: those found in documents and records)."),
            ),
            ("as_of", text("The audit's reference date, YYYY-MM-DD (default today).")),
            ("period", period),
            (
                "packs",
                array(
                    "The packs that apply: ids, or {id, exclude, params}.",
                    json!({"anyOf": [{"type": "string"}, pack_use]}),
                ),
            ),
            (
                "records",
                kind_globs("Where record kinds live when not at records/<kind>/**."),
            ),
            (
                "documents",
                kind_globs(
                    "Document kinds by location, for files whose front matter does not say; a key naming several kinds joined by `+` (audit-plan+audit-report) says a file holds each.",
                ),
            ),
            (
                "aliases",
                map_of("Field: more spellings of its key.", texts("The spellings.")),
            ),
            (
                "headings",
                map_of(
                    "Document kind: the organisation's headings for the headings its rules require.",
                    map_of(
                        "Required heading: the organisation's headings that mean it.",
                        texts("Headings."),
                    ),
                ),
            ),
            (
                "date_formats",
                texts("Date formats documents are written in besides YYYY-MM-DD (strftime: %d.%m.%Y, %B %d, %Y)."),
            ),
            (
                "metadata",
                map_of(
                    "Glob of registers kept as spreadsheets: the metadata their files cannot hold.",
                    map_of("Field (owner, approved_on...): its value.", scalar("The value.")),
                ),
            ),
            (
                "columns",
                map_of(
                    "Record kind: how the organisation's files hold its columns.",
                    map_of(
                        "Column: the header that holds it, or {from, format}, {value} or {expr}.",
                        json!({"anyOf": [
                            {"type": "string"},
                            object(
                                "Where the column comes from.",
                                profile::COLUMN_MAP_KEYS,
                                &[
                                    (
                                        "from",
                                        texts("The header in the files; several (a date and a time) are joined with a space."),
                                    ),
                                    ("value", text("A value for every row (a one-site export's site).")),
                                    (
                                        "format",
                                        texts("How a date, datetime or duration is written: strftime formats tried in order (%d.%m.%Y %H:%M), or excel for serial numbers and day fractions."),
                                    ),
                                    (
                                        "expr",
                                        text("Computed from the row's other columns: offered - answered."),
                                    ),
                                ],
                            )
                        ]}),
                    ),
                ),
            ),
            (
                "placeholders",
                texts("Regular expressions for more values that mean \"not filled in\"."),
            ),
            ("gate", gate),
        ],
    ))
}

fn waivers() -> Value {
    let waiver = required(
        object(
            "An accepted exception: a failing rule counts as waived until it expires.",
            waiver::KEYS,
            &[
                ("rule", text("A rule id, or a pattern ending in *.")),
                ("site", text("The site it covers (default every site).")),
                ("reason", text("Why the exception is accepted.")),
                ("owner", text("Who fixes it.")),
                ("approver", text("Who accepted it.")),
                ("expires", text("The last day it applies (YYYY-MM-DD).")),
                ("broad", flag("The pattern is meant to cover more than one section.")),
            ],
        ),
        &["rule", "reason", "owner", "approver", "expires"],
    );
    json!({"type": ["array", "null"], "description": "Accepted exceptions.", "items": waiver})
}

fn attestations() -> Value {
    let entry = required(
        object(
            "An auditor's recorded judgement of a rule.",
            crate::attestation::KEYS,
            &[
                ("rule", text("The rule judged.")),
                ("site", text("The site judged (default the whole organisation).")),
                ("result", one_of("The judgement.", crate::attestation::RESULTS)),
                ("auditor", text("Who judged.")),
                ("date", text("When (YYYY-MM-DD).")),
                ("statement", text("What was seen.")),
                ("evidence", texts("Files the judgement rests on.")),
                (
                    "valid_for",
                    json!({"type": "string", "description": "How long it stays current, a duration (default 365d)."}),
                ),
                (
                    "sample",
                    json!({"type": "string", "pattern": "^[0-9]+/[1-9][0-9]*$", "description": "The auditor's sample the judgement rests on, SEED/N as `evident sample` drew it; its filled checklist is among `evidence`."}),
                ),
            ],
        ),
        &["rule", "result", "auditor", "date", "statement"],
    );
    json!({"type": ["array", "null"], "description": "Auditors' recorded judgements.", "items": entry})
}

// ------------------------------------------------------------------ building blocks

/// Kebab-case: pack ids and kind names.
const KEBAB: &str = "^[a-z]([a-z0-9-]*[a-z0-9])?$";
const RULE_ID: &str = r"^[a-z]([a-z0-9-]*[a-z0-9])?\.[A-Za-z0-9][A-Za-z0-9._-]*$";
/// Four words: a justification is a sentence.
const SENTENCE: &str = r"\S+\s+\S+\s+\S+\s+\S";

/// A mapping whose keys are exactly the parser's `keys`, each described in
/// `props`; other keys are rejected, as the parser rejects them.
fn object(description: &str, keys: &[&str], props: &[(&str, Value)]) -> Value {
    for key in keys {
        assert!(
            props.iter().any(|(p, _)| p == key),
            "the parser reads `{key}` ({description}), and the schema does not describe it"
        );
    }
    for (p, _) in props {
        assert!(
            keys.contains(p),
            "the schema describes `{p}` ({description}), which the parser does not read"
        );
    }
    let properties: Map<String, Value> = props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    json!({"type": "object", "description": description, "additionalProperties": false, "properties": properties})
}

fn required(mut schema: Value, keys: &[&str]) -> Value {
    schema["required"] = json!(keys);
    schema
}

/// An object that may also be left empty (`attestation:` alone).
fn nullable(mut schema: Value) -> Value {
    schema["type"] = json!(["object", "null"]);
    schema
}

fn def(name: &str, schema: Value) -> (String, Value) {
    (name.to_string(), schema)
}

/// A definition with a description of its own (draft-07 ignores keys beside
/// a `$ref`, so it goes inside `allOf`).
fn reference(description: &str, name: &str) -> Value {
    json!({"description": description, "allOf": [{"$ref": format!("#/definitions/{name}")}]})
}

fn array(description: &str, items: Value) -> Value {
    json!({"type": "array", "description": description, "items": items})
}

fn map_of(description: &str, values: Value) -> Value {
    json!({"type": "object", "description": description, "additionalProperties": values})
}

/// Text as the parsers read it: a string, or a number taken as written.
fn text(description: &str) -> Value {
    json!({"type": ["string", "number"], "description": description})
}

/// One text or a list of them.
fn texts(description: &str) -> Value {
    json!({"description": description, "anyOf": [{"type": ["string", "number"]},
        {"type": "array", "items": {"type": ["string", "number"]}}]})
}

fn non_empty_list() -> Value {
    json!({"type": "array", "minItems": 1, "items": {"type": ["string", "number"]}})
}

fn flag(description: &str) -> Value {
    json!({"type": "boolean", "description": description})
}

fn number(description: &str) -> Value {
    json!({"type": "number", "description": description})
}

/// A parameter value: a number, string, boolean or duration.
fn scalar(description: &str) -> Value {
    json!({"type": ["number", "string", "boolean"], "description": description})
}

fn one_of(description: &str, names: &[&str]) -> Value {
    json!({"description": description, "enum": names})
}

fn param_ref() -> Value {
    json!({"type": "string", "pattern": r"^params\..+$"})
}

/// A number, or `params.<name>`.
fn num(description: &str) -> Value {
    json!({"description": description, "anyOf": [{"type": "number"}, param_ref()]})
}

/// A whole number of at least `least`, or `params.<name>`.
fn count(description: &str, least: u32) -> Value {
    json!({"description": description, "anyOf": [{"type": "integer", "minimum": least}, param_ref()]})
}

/// A duration (`365d`, `12 months`, `1y`, `P90D`) or `params.<name>`.
fn dur(description: &str) -> Value {
    json!({"type": "string", "description": format!("{description} A duration (365d, 12 months, P90D) or params.<name>.")})
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Building every schema runs [`object`]'s comparison of each parser's
    /// keys with the descriptions here.
    #[test]
    fn every_parser_key_is_described() {
        for name in NAMES {
            let s = schema(name).expect("named schema");
            assert_eq!(s["$id"], format!("https://evident.dev/schema/{name}.schema.json"));
        }
        assert!(schema("nope").is_none());
    }

    #[test]
    #[should_panic(expected = "the parser reads `extra`")]
    fn a_key_without_a_description_fails() {
        object("test", &["id", "extra"], &[("id", text("An id."))]);
    }
}
