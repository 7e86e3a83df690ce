//! Registers kept as spreadsheets (CSV, Excel) read as documents, their
//! metadata from a sidecar or the workbook's properties, the `register`
//! check's `columns` and `min_rows`, and files that hold several kinds.

use std::io::Write as _;

use evident::results::{Results, Status};

use crate::util::{Fixture, rule, status};

const PACK: &str = r#"
pack: {id: t, title: Test pack, version: 1.0.0, source: tests, scoring: weighted, scope: organisation}
kinds:
  risk-log:
    document: {fields: [owner, approved_on], headings: [Risks]}
  audit-scope:
    document: {fields: [owner], headings: [Scope]}
  audit-outcome:
    document: {fields: [owner], headings: [Findings]}
sections: [{id: s, title: Section}]
rules:
"#;

/// A rule `t.<id>` over `kind` with `checks` (YAML lines at rule depth).
fn rule_yaml(id: &str, kind: &str, checks: &str) -> String {
    format!(
        "  - id: t.{id}\n    section: s\n    title: T\n    severity: major\n    evidence: {{kind: {kind}}}\n    checks:\n{checks}"
    )
}

const PROFILE: &str = "as_of: 2026-11-01\ndocuments:\n  risk-log: [\"registers/*.csv\", \"registers/*.xlsx\"]\n";

const RISKS: &str = "Risk,Owner,Treatment\nPhishing,IT manager,MFA\nOutage,Ops director,Second provider\nLeaver access,HR manager,Same-day removal\n";

fn register_rule(extra: &str) -> String {
    rule_yaml(
        "reg",
        "risk-log",
        &format!("      - register: {{columns: [Risk, Owner, Treatment], min_rows: 3{extra}}}\n"),
    )
}

fn messages(r: &Results, id: &str) -> Vec<String> {
    rule(r, id)
        .findings
        .iter()
        .map(|f| format!("{} @ {}", f.message, f.location().unwrap_or_default()))
        .collect()
}

/// The register rule (three columns, three rows) over `csv` as the risk
/// log: its status and its findings with their places.
fn register_of(csv: &str) -> (Status, Vec<String>, Results) {
    let f = Fixture::new();
    let pack = f.pack_text(&format!("{PACK}{}", register_rule("")));
    f.file("evident.yaml", PROFILE).file("registers/risks.csv", csv);
    let r = f.audit(&pack);
    (status(&r, "t.reg"), messages(&r, "t.reg"), r)
}

#[test]
fn a_csv_register_passes_and_too_few_rows_fail() {
    let (status, m, r) = register_of(RISKS);
    assert_eq!(status, Status::Pass, "{m:?}");
    assert!(
        !r.unmatched.iter().any(|u| u.contains("risks.csv")),
        "the register is read"
    );

    // Two rows where three are needed.
    let (status, m, _) =
        register_of("Risk,Owner,Treatment\nPhishing,IT manager,MFA\nOutage,Ops director,Second provider\n");
    assert_eq!(status, Status::Fail);
    assert!(
        m.iter().any(|x| x.contains("2 complete rows, at least 3 needed")),
        "{m:?}"
    );

    // An incomplete row names its line as the file numbers it.
    let (status, m, _) = register_of(
        "Risk,Owner,Treatment\nPhishing,IT manager,MFA\nOutage,,Second provider\nLeaver access,HR manager,Same-day removal\n",
    );
    assert_eq!(status, Status::Fail);
    assert!(
        m.iter().any(|x| x == "Outage has no `Owner` @ registers/risks.csv:3"),
        "{m:?}"
    );
}

#[test]
fn a_missing_required_column_fails_naming_it() {
    let (status, m, _) =
        register_of("Risk,Owner\nPhishing,IT manager\nOutage,Ops director\nLeaver access,HR manager\n");
    assert_eq!(status, Status::Fail);
    assert!(m.iter().any(|x| x.contains("no `Treatment` column")), "{m:?}");
}

#[test]
fn placeholder_rows_do_not_count() {
    let (status, m, _) = register_of(
        "Risk,Owner,Treatment\nPhishing,IT manager,MFA\nOutage,Ops director,Second provider\nTBD,[Name],TBD\n,,\n",
    );
    assert_eq!(status, Status::Fail, "{m:?}");
    assert!(
        m.iter().any(|x| x.contains("2 complete rows, at least 3 needed")),
        "{m:?}"
    );
}

#[test]
fn a_sidecar_gives_a_registers_metadata_and_a_stale_date_fails() {
    let f = Fixture::new();
    let checks =
        "      - fields: {required: [owner, approved_by]}\n      - fresh: {field: approved_on, max_age: 365d}\n";
    let pack = f.pack_text(&format!("{PACK}{}", rule_yaml("meta", "risk-log", checks)));
    f.file("evident.yaml", PROFILE).file("registers/risks.csv", RISKS).file(
        "registers/risks.csv.meta.yaml",
        "Owner: Head of Risk\nApproved by: Managing Director\nApproval date: 2026-06-01\n",
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.meta"), Status::Pass, "{:?}", messages(&r, "t.meta"));
    let entry = r
        .manifest
        .iter()
        .find(|e| e.path == "registers/risks.csv.meta.yaml")
        .expect("the sidecar is in the manifest");
    assert_eq!(entry.role, "sidecar");
    assert_eq!(entry.sha256.len(), 64);
    assert!(r.unmatched.is_empty(), "{:?}", r.unmatched);

    f.file(
        "registers/risks.csv.meta.yaml",
        "Owner: Head of Risk\nApproved by: Managing Director\nApproval date: 2024-06-01\n",
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.meta"), Status::Fail);
    let m = messages(&r, "t.meta");
    assert!(
        m.iter()
            .any(|x| x.contains("older than 365d") && x.ends_with("@ registers/risks.csv.meta.yaml:3")),
        "the finding points at the sidecar's line: {m:?}"
    );

    // Without a sidecar, a CSV has no metadata: the fields are missing.
    std::fs::remove_file(f.root().join("registers/risks.csv.meta.yaml")).unwrap();
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.meta"), Status::Fail);
}

/// The profile's `metadata:` gives a register what neither its file nor a
/// sidecar says; a stale date there fails and points at the profile's line,
/// a placeholder there is missing, and a sidecar's value wins over it.
#[test]
fn the_profile_gives_a_registers_metadata() {
    let f = Fixture::new();
    let checks =
        "      - fields: {required: [owner, approved_by]}\n      - fresh: {field: approved_on, max_age: 365d}\n";
    let pack = f.pack_text(&format!("{PACK}{}", rule_yaml("meta", "risk-log", checks)));
    let profile = |approved_on: &str, approver: &str| {
        format!(
            "{PROFILE}metadata:\n  \"registers/risk*.csv\":\n    Owner: Head of Risk\n    Approved by: {approver}\n    approved_on: {approved_on}\n"
        )
    };
    f.file("evident.yaml", profile("2026-06-01", "Managing Director"))
        .file("registers/risks.csv", RISKS);
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.meta"), Status::Pass, "{:?}", messages(&r, "t.meta"));

    f.file("evident.yaml", profile("2024-06-01", "Managing Director"));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.meta"), Status::Fail);
    let m = messages(&r, "t.meta");
    assert!(
        m.iter()
            .any(|x| x.contains("older than 365d") && x.ends_with("@ evident.yaml:8")),
        "the finding points at the profile's line: {m:?}"
    );

    f.file("evident.yaml", profile("2026-06-01", "TBD"));
    assert_eq!(status(&f.audit(&pack), "t.meta"), Status::Fail);

    // A sidecar's value wins; the profile fills only what it leaves out.
    f.file(
        "registers/risks.csv.meta.yaml",
        "Approved by: Board\napproved_on: 2024-01-01\n",
    );
    let r = f.audit(&pack);
    let m = messages(&r, "t.meta");
    assert!(
        m.iter().any(|x| x.ends_with("@ registers/risks.csv.meta.yaml:2")),
        "{m:?}"
    );

    // A nested value is refused at its place.
    f.file(
        "evident.yaml",
        format!("{PROFILE}metadata:\n  \"registers/*.csv\":\n    owner: [a, b]\n"),
    );
    let d = f.diagnostics(&pack);
    assert!(d.contains("evident.yaml:6") && d.contains("a single value"), "{d}");
}

#[test]
fn a_malformed_sidecar_is_an_error_naming_file_and_line() {
    let f = Fixture::new();
    let pack = f.pack_text(&format!("{PACK}{}", register_rule("")));
    f.file("evident.yaml", PROFILE).file("registers/risks.csv", RISKS).file(
        "registers/risks.csv.meta.yaml",
        "owner: Head of Risk\napproved_by: [unclosed\n",
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.reg"), Status::Error, "{:?}", messages(&r, "t.reg"));
    let m = messages(&r, "t.reg");
    assert!(
        m.iter()
            .any(|x| x.contains("registers/risks.csv.meta.yaml") && x.contains("line 2")),
        "{m:?}"
    );
}

/// A minimal .xlsx: one sheet of inline strings, and core properties.
fn workbook(rows: &[&[&str]], core: &str) -> Vec<u8> {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        sheet.push_str(&format!(r#"<row r="{n}">"#));
        for (j, cell) in row.iter().enumerate() {
            let col = (b'A' + j as u8) as char;
            sheet.push_str(&format!(r#"<c r="{col}{n}" t="inlineStr"><is><t>{cell}</t></is></c>"#));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let parts: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#.into(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#.into(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Risks" sheetId="1" r:id="rId1"/></sheets></workbook>"#.into(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.into(),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
        ("docProps/core.xml", core.to_string()),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CORE: &str = r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Risk register</dc:title><dc:creator>R. Patel</dc:creator><cp:lastModifiedBy>J. Okafor</cp:lastModifiedBy><dcterms:created>2026-01-05T09:00:00Z</dcterms:created><dcterms:modified>2026-09-20T16:30:00Z</dcterms:modified></cp:coreProperties>"#;

#[test]
fn an_xlsx_register_takes_author_and_modified_from_its_properties() {
    let f = Fixture::new();
    let checks = "      - fields: {required: [author, modified], equals: {author: R. Patel}}\n      - fresh: {field: modified, max_age: 90d}\n      - register: {columns: [Risk, Owner], min_rows: 2}\n      - text: {matches: ['(?i)phishing']}\n";
    let heads = "      - headings: {required: [Risks]}\n";
    let pack = f.pack_text(&format!(
        "{PACK}{}{}",
        rule_yaml("xlsx", "risk-log", checks),
        rule_yaml("heads", "risk-log", heads)
    ));
    let rows: &[&[&str]] = &[
        &[],
        &[],
        &["Risk", "Owner", "Notes"],
        &["Phishing", "IT manager", ""],
        &["Outage", "Ops director", "reviewed"],
    ];
    f.file("evident.yaml", PROFILE)
        .file("registers/risks.xlsx", workbook(rows, CORE));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.xlsx"), Status::Pass, "{:?}", messages(&r, "t.xlsx"));
    let m = messages(&r, "t.xlsx");
    assert!(
        m.iter()
            .any(|x| x.contains("phishing") && x.ends_with("registers/risks.xlsx:4")),
        "{m:?}"
    );
    // A register has no headings: a headings check fails, saying why.
    assert_eq!(status(&r, "t.heads"), Status::Fail);
    let m = messages(&r, "t.heads");
    assert!(m.iter().any(|x| x.contains("no headings")), "{m:?}");

    // Modified long ago: the property is read, and judged.
    let stale = CORE.replace("2026-09-20", "2025-01-20");
    f.file("registers/risks.xlsx", workbook(rows, &stale));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.xlsx"), Status::Fail);

    // A sidecar wins over the workbook's properties.
    f.file("registers/risks.xlsx", workbook(rows, CORE))
        .file("registers/risks.xlsx.meta.yaml", "author: Someone Else\n");
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.xlsx"), Status::Fail);
    let m = messages(&r, "t.xlsx");
    assert!(m.iter().any(|x| x.contains("`author` is `Someone Else`")), "{m:?}");
}

#[test]
fn a_register_check_needs_ids_or_min_rows() {
    let f = Fixture::new();
    let pack = f.pack_text(&format!(
        "{PACK}{}",
        rule_yaml("reg", "risk-log", "      - register: {columns: [Risk, Owner]}\n")
    ));
    let d = f.diagnostics(&pack);
    assert!(d.contains("`ids` or `min_rows`"), "{d}");
}

const PLAN_AND_REPORT: &str = "# Internal audit 2026\n\nOwner: Head of Quality\n\n## Scope\n\nBoth sites and every channel.\n\n## Findings\n\nTwo minor findings on call recording retention.\n";

/// A pack with a rule per audit kind, and a combined plan and report at
/// `path` under a profile with these `documents:` lines: the fixture,
/// the pack, the results (none when refused) and the diagnostics.
fn audits(documents: &str, path: &str) -> (Fixture, std::path::PathBuf, Option<Results>, String) {
    let f = Fixture::new();
    let pack = f.pack_text(&format!(
        "{PACK}{}{}",
        rule_yaml("plan", "audit-scope", "      - headings: {required: [Scope]}\n"),
        rule_yaml("report", "audit-outcome", "      - headings: {required: [Findings]}\n")
    ));
    f.file("evident.yaml", format!("as_of: 2026-11-01\ndocuments:\n{documents}"))
        .file(path, PLAN_AND_REPORT);
    let mut opts = evident::AuditOptions::new(f.root());
    opts.packs.paths.push(pack.clone());
    let audit = evident::audit(&opts).expect("audit runs");
    let diags = audit.diagnostics.render(&audit.sources, false);
    (f, pack, audit.results, diags)
}

#[test]
fn a_combined_audit_plan_and_report_satisfies_both_kinds() {
    let (f, pack, r, diags) = audits(
        "  audit-scope+audit-outcome: [\"audits/*plan-and-report*.md\"]\n",
        "audits/2026-plan-and-report.md",
    );
    let r = r.expect("results");
    assert_eq!(status(&r, "t.plan"), Status::Pass, "{:?}", messages(&r, "t.plan"));
    assert_eq!(status(&r, "t.report"), Status::Pass, "{:?}", messages(&r, "t.report"));
    let listed: Vec<_> = r.manifest.iter().filter(|e| e.path.starts_with("audits/")).collect();
    assert_eq!(listed.len(), 1, "the manifest lists the file once");
    assert_eq!(listed[0].kind.as_deref(), Some("audit-scope+audit-outcome"));
    assert!(!diags.contains("ambiguous-kind"), "{diags}");

    // Front matter may say it too; a report without findings fails as one.
    f.file("evident.yaml", "as_of: 2026-11-01\n").file(
        "audits/2026-plan-and-report.md",
        "---\nkind: [audit-scope, audit-outcome]\nowner: Head of Quality\n---\n# Internal audit 2026\n\n## Scope\n\nBoth sites and every channel.\n",
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.plan"), Status::Pass, "{:?}", messages(&r, "t.plan"));
    assert_eq!(status(&r, "t.report"), Status::Fail, "{:?}", messages(&r, "t.report"));
}

#[test]
fn an_empty_kind_in_a_multi_kind_key_is_refused() {
    let (_f, _pack, r, diags) = audits("  audit-scope+: [\"audits/*.md\"]\n", "audits/a.md");
    assert!(r.is_none(), "an empty kind in `a+` is refused");
    assert!(diags.contains("`audit-scope+` names an empty kind"), "{diags}");
}

#[test]
fn two_unrelated_globs_on_one_file_warn() {
    let (_f, _pack, r, diags) = audits(
        "  audit-scope: [\"audits/*.md\"]\n  audit-outcome: [\"audits/*report*.md\"]\n",
        "audits/plan-and-report.md",
    );
    let r = r.expect("results");
    assert!(diags.contains("ambiguous-kind"), "{diags}");
    assert!(diags.contains("`audit-outcome` and `audit-scope`"), "{diags}");
    assert_eq!(status(&r, "t.report"), Status::Pass);
    assert_eq!(status(&r, "t.plan"), Status::Fail, "taken as the first kind only");
}

/// `evidence show` on a register: its fields with where each came from,
/// its sheets and rows; on its sidecar: what it is.
#[test]
fn evidence_show_lists_a_registers_fields_tables_and_rows() {
    let f = Fixture::new();
    f.file("evident.yaml", PROFILE)
        .file(
            "registers/risks.xlsx",
            workbook(&[&["Risk", "Owner"], &["Phishing", "IT manager"]], CORE),
        )
        .file(
            "registers/risks.xlsx.meta.yaml",
            "# reviewed by the risk forum\nApproval date: 2026-06-01\n",
        );
    let out = assert_cmd::Command::cargo_bin("evident")
        .unwrap()
        .args([
            "evidence",
            "show",
            "registers/risks.xlsx",
            "registers/risks.xlsx.meta.yaml",
            "--dir",
        ])
        .arg(f.root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    // Columns are aligned: compared with runs of spaces as one.
    let squeeze = |t: &str| t.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let text = squeeze(&text);
    for want in [
        "kind: risk-log (profile `documents: {risk-log: registers/*.xlsx}`)",
        "approved_on 2026-06-01 (registers/risks.xlsx.meta.yaml line 2)",
        "author R. Patel (property dc:creator)",
        "content: a register kept as a spreadsheet",
        "sheet `Risks`, header row 1: 1 rows; columns Risk | Owner",
        "row 2: Phishing | IT manager",
        "read as: sidecar",
    ] {
        assert!(text.contains(&squeeze(want)), "missing `{want}` in:\n{text}");
    }
}
