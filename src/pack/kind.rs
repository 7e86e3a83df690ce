//! Evidence kinds: what a pack expects to find. Packs share kinds by name
//! (`quality-policy`, `customer-survey`) so one evidence file serves every
//! framework that needs it; shared kinds live once in `standards/kinds.yaml`.

use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Span};
use crate::pack::Glob;
use crate::yaml::{self, Node, Table, Value};

#[derive(Debug, Clone)]
pub enum Kind {
    Document(DocumentKind),
    Records(RecordKind),
}

impl Kind {
    pub fn span(&self) -> (FileId, Span) {
        match self {
            Kind::Document(k) => (k.file, k.span),
            Kind::Records(k) => (k.file, k.span),
        }
    }
    /// Equality of what the declaration says, ignoring where it was written.
    pub fn same_as(&self, other: &Kind) -> bool {
        match (self, other) {
            (Kind::Document(a), Kind::Document(b)) => {
                a.fields == b.fields && a.headings == b.headings && a.min_words == b.min_words
            }
            (Kind::Records(a), Kind::Records(b)) => {
                a.columns == b.columns
                    && a.sheet == b.sheet
                    && a.paths
                        .iter()
                        .map(|g| &g.pattern)
                        .eq(b.paths.iter().map(|g| &g.pattern))
            }
            _ => false,
        }
    }
}

/// A document kind: the front-matter fields and headings it must carry.
#[derive(Debug, Clone)]
pub struct DocumentKind {
    pub description: Option<String>,
    pub fields: Vec<String>,
    pub headings: Vec<String>,
    /// Words a required heading needs under it (its subsections included)
    /// unless a check says otherwise; absent: 1, so an empty section is
    /// missing.
    pub min_words: Option<u32>,
    pub file: FileId,
    pub span: Span,
}

/// A record kind: typed columns and where its files live.
#[derive(Debug, Clone)]
pub struct RecordKind {
    pub description: Option<String>,
    /// Columns in declaration order; `required` false for optional columns.
    pub columns: Vec<Column>,
    pub paths: Vec<Glob>,
    /// Where the table sits in a spreadsheet (.xlsx, .xls, .ods).
    pub sheet: SheetSpec,
    pub file: FileId,
    pub span: Span,
}

/// A spreadsheet's table: the sheet by name (default: the first) and the
/// 1-based row holding the column names (default: 1; rows above it are
/// titles and notes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetSpec {
    pub name: Option<String>,
    pub header_row: u32,
}

impl Default for SheetSpec {
    fn default() -> Self {
        SheetSpec {
            name: None,
            header_row: 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub ty: ColumnType,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Int,
    Float,
    Bool,
    String,
    Date,
    Datetime,
    Duration,
}

impl ColumnType {
    pub const NAMES: &'static [&'static str] = &["int", "float", "bool", "string", "date", "datetime", "duration"];
    pub fn parse(s: &str) -> Option<ColumnType> {
        Some(match s {
            "int" => ColumnType::Int,
            "float" => ColumnType::Float,
            "bool" => ColumnType::Bool,
            "string" => ColumnType::String,
            "date" => ColumnType::Date,
            "datetime" => ColumnType::Datetime,
            "duration" => ColumnType::Duration,
            _ => return None,
        })
    }
}

pub const KIND_KEYS: &[&str] = &["document", "records"];
pub const DOC_KEYS: &[&str] = &["description", "fields", "headings", "min_words"];
pub const REC_KEYS: &[&str] = &["description", "columns", "optional", "path", "sheet", "header_row"];

/// Parses a `kinds:` mapping (of a pack or the catalogue).
pub fn parse_kinds(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<(String, Kind)> {
    let Value::Map(entries) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "kinds",
            "a mapping of kind names",
            &node.value,
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let Some(name) = yaml::expect_str(key, file, "kind name", diags) else {
            continue;
        };
        if !is_kebab(&name.value) {
            diags.push(
                Diagnostic::error(Code::InvalidId, format!("kind name `{}` is not kebab-case", name.value))
                    .at(file, key.span)
                    .note("kind names are lowercase words joined by `-`, like `quality-policy`"),
            );
            continue;
        }
        if let Some(kind) = parse_kind(&name.value, value, file, diags) {
            out.push((name.value, kind));
        }
    }
    out
}

fn parse_kind(name: &str, node: &Node, file: FileId, diags: &mut Diagnostics) -> Option<Kind> {
    let mut t = Table::new(node, file, "kind", diags)?;
    let doc = t.get("document");
    let rec = t.get("records");
    t.finish(diags, KIND_KEYS);
    match (doc, rec) {
        (Some(d), None) => parse_document(d, node.span, file, diags).map(Kind::Document),
        (None, Some(r)) => parse_records(name, r, node.span, file, diags).map(Kind::Records),
        _ => {
            diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("kind `{name}` must be either `document:` or `records:`"),
                )
                .at(file, node.span),
            );
            None
        }
    }
}

fn parse_document(node: &Node, span: Span, file: FileId, diags: &mut Diagnostics) -> Option<DocumentKind> {
    if matches!(node.value, Value::Null) {
        return Some(DocumentKind {
            description: None,
            fields: vec![],
            headings: vec![],
            min_words: None,
            file,
            span,
        });
    }
    let mut t = Table::new(node, file, "document kind", diags)?;
    let description = t.str("description", diags).map(|s| s.value);
    let fields = names(t.str_list("fields", diags));
    let headings = names(t.str_list("headings", diags));
    let min_words = t
        .get("min_words")
        .and_then(|n| yaml::expect_number(n, file, "min_words", diags))
        .map(|v| v.max(0.0) as u32);
    t.finish(diags, DOC_KEYS);
    Some(DocumentKind {
        description,
        fields,
        headings,
        min_words,
        file,
        span,
    })
}

fn parse_records(name: &str, node: &Node, span: Span, file: FileId, diags: &mut Diagnostics) -> Option<RecordKind> {
    let mut t = Table::new(node, file, "record kind", diags)?;
    let description = t.str("description", diags).map(|s| s.value);
    let mut columns = Vec::new();
    for (key, required) in [("columns", true), ("optional", false)] {
        let Some(cols) = t.get(key) else { continue };
        let Value::Map(entries) = &cols.value else {
            diags.push(yaml::wrong_type(
                file,
                cols,
                key,
                "a mapping of column: type",
                &cols.value,
            ));
            continue;
        };
        for (k, v) in entries {
            let Some(col) = yaml::expect_str(k, file, "column", diags) else {
                continue;
            };
            let Some(ty) = yaml::expect_str(v, file, "column type", diags) else {
                continue;
            };
            match ColumnType::parse(&ty.value) {
                Some(ty) => columns.push(Column {
                    name: col.value,
                    ty,
                    required,
                }),
                None => diags.push(
                    Diagnostic::error(Code::InvalidValue, format!("unknown column type `{}`", ty.value))
                        .at(file, ty.span)
                        .note(format!("expected one of: {}", ColumnType::NAMES.join(", "))),
                ),
            }
        }
    }
    if columns.is_empty() {
        diags.push(
            Diagnostic::error(Code::MissingKey, format!("record kind `{name}` declares no columns"))
                .at(file, span)
                .note("add `columns: {name: type, ...}`"),
        );
    }
    let paths = match t.str_list("path", diags) {
        Some(globs) => globs
            .into_iter()
            .filter_map(|g| match Glob::new(&g.value) {
                Ok(glob) => Some(glob),
                Err(e) => {
                    diags.push(Diagnostic::error(Code::InvalidGlob, format!("invalid glob: {e}")).at(file, g.span));
                    None
                }
            })
            .collect(),
        None => {
            vec![Glob::new(&format!("records/{name}/**")).expect("default record glob compiles")]
        }
    };
    let sheet = SheetSpec {
        name: t.str("sheet", diags).map(|s| s.value),
        header_row: match t.get("header_row") {
            None => 1,
            Some(n) => match yaml::expect_number(n, file, "header_row", diags) {
                Some(v) if v >= 1.0 && v.fract() == 0.0 && v <= 10_000.0 => v as u32,
                Some(v) => {
                    diags.push(
                        Diagnostic::error(Code::InvalidValue, format!("header_row {v} is not a row number"))
                            .at(file, n.span)
                            .note("rows count from 1, as in the spreadsheet"),
                    );
                    1
                }
                None => 1,
            },
        },
    };
    t.finish(diags, REC_KEYS);
    Some(RecordKind {
        description,
        columns,
        paths,
        sheet,
        file,
        span,
    })
}

fn names(list: Option<Vec<yaml::Located<String>>>) -> Vec<String> {
    list.unwrap_or_default().into_iter().map(|s| s.value).collect()
}

pub fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.ends_with('-')
}
