//! One integration-test binary (links once).
//! - `checks`: every check kind with a passing, a failing and an error case.
//! - `governance`: waivers, attestations, tailoring, sites, scoring, the gate.
//! - `cli`: the binary on fixture folders; terminal, JSON and exit codes.
//! - `packs`: broken pack files, each exit 2 with a located message.
//! - `json`: the JSON results against their schema; byte-identical reruns.
//! - `reports`: Markdown, HTML, SARIF and JUnit on the example.
//! - `papers`: the CSV and XLSX working papers, read back and checked against the JSON.
//! - `browser`: the HTML report in headless Chromium.
//! - `formats`: Word, PDF, spreadsheets and Markdown without front matter.
//! - `layouts`: the layout corpus, one evidence folder per way documents are written.
//! - `columns`: the profile's column mapping: formats, combined and derived columns.
//! - `registers`: registers kept as spreadsheets, sidecars, several kinds per file.
//! - `schema`: the authors' schemas, current and checked by an outside validator.
//! - `tags`: pack tags, exclusion by tag, tags in every output.
//! - `package`: what `cargo package` ships.
//! - `integrations`: the Dockerfile, workflows, action and pre-commit hooks.
//! - `examples`: the second example's intended gaps and its generator.
//! - `history`: diff, the baseline gate, aggregate and trend over runs.
//! - `sample`: auditor samples drawn again to check the attestations citing them.
//! - `oscal`: OSCAL catalogs and assessment results against NIST's schemas and trestle.

mod browser;
mod checks;
mod cli;
mod columns;
mod examples;
mod fixtures;
mod formats;
mod governance;
mod history;
mod init;
mod integrations;
mod json;
mod layouts;
mod metrics;
mod oscal;
mod package;
mod packs;
mod papers;
mod pushdown;
mod registers;
mod reports;
mod robustness;
mod sample;
mod schema;
mod tags;
mod util;
