//! JSON results: the results model serialized, `schema_version` first. Its
//! JSON Schema is `schema/results.schema.json`.

use crate::results::Results;

pub fn render(results: &Results) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(results)?;
    text.push('\n');
    Ok(text)
}
