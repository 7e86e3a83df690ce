//! Sidecars: a register kept as a spreadsheet has no front matter, so its
//! metadata (owner, approver, approval and review dates...) is written in
//! a YAML file beside it named after it: `risks.xlsx.meta.yaml`. Its keys
//! are read through the alias table (`Approval date` is `approved_on`);
//! each field points at its line in the sidecar. A sidecar is evidence: it
//! is read through the boundary, hashed into the manifest, and one that
//! cannot be read makes its register `error`, never a register without
//! metadata.

use super::markdown::{YamlProblem, take_named, template, yaml_fields};
use super::{Document, IndexOptions, Source};

/// What a sidecar's name adds to its register's.
pub const SUFFIX: &str = ".meta.yaml";

/// The register a sidecar path is named after.
pub fn register_of(path: &str) -> Option<&str> {
    path.strip_suffix(SUFFIX)
        .filter(|base| !base.is_empty() && !base.ends_with('/'))
}

/// Adds the sidecar `path` (its bytes, or why they could not be read) to
/// its register's metadata: its fields win over the workbook's properties.
pub fn apply(doc: &mut Document, path: &str, bytes: Result<&[u8], String>, opts: &IndexOptions) {
    let text = match bytes.and_then(super::text_of) {
        Ok(text) => text,
        Err(problem) => {
            doc.problem = Some(format!("its sidecar `{path}` cannot be read: {problem}"));
            return;
        }
    };
    let source = Source::Sidecar(path.to_string());
    match yaml_fields(text, 0, opts, |k| opts.aliases.field(k), &source) {
        Ok(fields) => {
            if let Some(f) = fields.get("kind") {
                doc.kind_from = Some(format!("sidecar `{path}` line {}", f.line));
            }
            take_named(doc, fields);
            doc.template = template(doc, "", opts);
        }
        Err(YamlProblem::Syntax(e)) => doc.problem = Some(format!("its sidecar `{path}` is {e}")),
        Err(YamlProblem::Shape(e)) => doc.problem = Some(format!("its sidecar `{path}` {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sidecar_names_its_register() {
        assert_eq!(register_of("reg/risks.xlsx.meta.yaml"), Some("reg/risks.xlsx"));
        assert_eq!(register_of("reg/.meta.yaml"), None);
        assert_eq!(register_of("risks.yaml"), None);
    }
}
