//! JSON results: the results model serialized, `schema_version` first. Its
//! JSON Schema is `schema/results.schema.json`.

use super::text;
use crate::results::Results;

pub fn render(results: &Results) -> anyhow::Result<String> {
    text::to_json(results)
}
