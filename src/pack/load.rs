//! Finding and reading packs: the built-in ones embedded in the binary, a
//! `--packs-dir` of others, or single `--pack PATH`s. The shared kind
//! catalogue (`kinds.yaml`) is read first so packs can refer to it.
//!
//! A packs folder holds `kinds.yaml` (optional) and one folder per pack:
//! `<id>/pack.yaml`, plus `<id>/rules/*.yaml` for packs too large for one
//! file. A pack's `tests/` folder holds fixtures and is never read here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::parse::{PackFile, parse_pack};
use super::{Kind, Pack, kind};
use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Sources, io_reason};
use crate::yaml::{self, Limits, Node, Table};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The keys of `kinds.yaml`.
pub const CATALOGUE_KEYS: &[&str] = &["kinds"];

/// The shared evidence kinds.
pub type Catalogue = BTreeMap<String, Kind>;

/// Where packs come from for one run.
#[derive(Debug, Default, Clone)]
pub struct PackSources {
    /// Folders of packs that add to (and may replace) the built-in ones.
    pub dirs: Vec<PathBuf>,
    /// Single pack files (`pack.yaml`) or pack folders.
    pub paths: Vec<PathBuf>,
    /// Leave out the built-in packs (lint and test of a pack under work);
    /// the built-in kind catalogue is still read.
    pub no_builtin: bool,
    /// Only these built-in packs (a run that names its packs): parsing and
    /// compiling every shipped pack would cost a large part of a run that
    /// uses one of them. `None`: all of them.
    pub only: Option<std::collections::BTreeSet<String>>,
}

#[derive(Debug)]
pub struct LoadedPacks {
    pub packs: Vec<Pack>,
    pub catalogue: Catalogue,
    pub sources: Sources,
    pub diags: Diagnostics,
}

impl LoadedPacks {
    pub fn get(&self, id: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.id == id)
    }
    /// The rule with this id in any loaded pack.
    pub fn rule(&self, id: &str) -> Option<(&Pack, &super::Rule)> {
        self.packs.iter().find_map(|p| p.rule(id).map(|r| (p, r)))
    }
}

/// One pack's files as text: (name shown to users, text).
struct RawPack {
    origin: String,
    files: Vec<(String, String)>,
}

/// The ids of the packs built into the binary (their folder names), for
/// shell completion; nothing is parsed.
pub fn builtin_ids() -> Vec<&'static str> {
    let mut ids: Vec<&str> = embedded::STANDARDS
        .iter()
        .filter_map(|(rel, _)| rel.split_once('/').map(|(id, _)| id))
        .collect();
    ids.dedup();
    ids
}

/// Loads every pack from `from`. Packs with errors are left out and their
/// diagnostics kept; cross-pack problems (duplicate ids, `maps_to` targets
/// no loaded pack defines) are checked at the end.
pub fn load_packs(from: &PackSources) -> LoadedPacks {
    super::regexes::new_load();
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let mut catalogue_texts: Vec<(String, String)> = Vec::new();
    let mut raws: Vec<RawPack> = Vec::new();

    let mut by_pack: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for (rel, text) in embedded::STANDARDS {
        match rel.split_once('/') {
            None if *rel == "kinds.yaml" => catalogue_texts.push((format!("builtin:{rel}"), text.to_string())),
            None => {}
            Some((pack, _)) => by_pack
                .entry(pack)
                .or_default()
                .push((format!("builtin:{rel}"), text.to_string())),
        }
    }
    if !from.no_builtin {
        for (id, files) in by_pack {
            if from.only.as_ref().is_some_and(|only| !only.contains(id)) {
                continue;
            }
            raws.push(RawPack {
                origin: format!("builtin:{id}"),
                files: order(files),
            });
        }
    }
    for dir in &from.dirs {
        read_dir_of_packs(dir, &mut catalogue_texts, &mut raws, &mut diags);
    }
    for path in &from.paths {
        match read_pack_path(path) {
            Ok((raw, catalogue)) => {
                catalogue_texts.extend(catalogue);
                raws.push(raw);
            }
            Err(e) => diags.push(unreadable(e)),
        }
    }

    let mut catalogue = Catalogue::new();
    // Kinds from a catalogue on disk replace the built-in ones of that name,
    // as packs do: a copy of `standards/` under edit is linted as written.
    let mut builtin_kinds = std::collections::BTreeSet::new();
    let catalogue_errors = diags.error_count();
    for (name, text) in catalogue_texts {
        let builtin = name.starts_with("builtin:");
        let file = sources.add(name, text.as_str());
        let node = match yaml::parse(file, &text, Limits::CONFIG, 0) {
            Ok(n) => n,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let Some(mut t) = Table::new(&node, file, "kind catalogue", &mut diags) else {
            continue;
        };
        let kinds = t.required("kinds", &mut diags);
        t.finish(&mut diags, CATALOGUE_KEYS);
        for (name, k) in kinds
            .map(|n| kind::parse_kinds(n, file, &mut diags))
            .unwrap_or_default()
        {
            if builtin {
                builtin_kinds.insert(name.clone());
            } else if builtin_kinds.remove(&name) {
                catalogue.insert(name, k);
                continue;
            }
            match catalogue.get(&name) {
                Some(existing) if !existing.same_as(&k) => {
                    let (f, s) = k.span();
                    diags.push(
                        Diagnostic::error(
                            Code::ConflictingKind,
                            format!("kind `{name}` is declared twice, differently"),
                        )
                        .at(f, s),
                    );
                }
                _ => {
                    catalogue.insert(name, k);
                }
            }
        }
    }

    // Every kind a pack names would be reported unknown after a broken
    // catalogue; its own errors are the ones to fix first.
    if diags.error_count() > catalogue_errors {
        return LoadedPacks {
            packs: Vec::new(),
            diags,
            sources,
            catalogue,
        };
    }

    // A pack from --packs-dir or --pack replaces the built-in pack with its
    // id (a shipped pack under edit); two non-built-in packs may not share one.
    let mut packs: Vec<Pack> = Vec::new();
    for raw in raws {
        let mut parsed: Vec<(FileId, Option<Node>)> = Vec::new();
        for (name, text) in &raw.files {
            let file = sources.add(name.clone(), text.as_str());
            match yaml::parse(file, text, Limits::CONFIG, 0) {
                Ok(n) => parsed.push((file, Some(n))),
                Err(d) => {
                    diags.push(d);
                    parsed.push((file, None));
                }
            }
        }
        if parsed.iter().any(|(_, n)| n.is_none()) {
            continue;
        }
        let files: Vec<PackFile> = parsed
            .iter()
            .map(|(file, n)| PackFile {
                file: *file,
                node: n.as_ref().expect("parsed"),
            })
            .collect();
        if let Some(pack) = parse_pack(&files, &catalogue, raw.origin.clone(), &mut diags) {
            match packs.iter().position(|p| p.id == pack.id) {
                Some(pos) if packs[pos].origin.starts_with("builtin:") => packs[pos] = pack,
                Some(pos) => {
                    let d = Diagnostic::error(
                        Code::DuplicateId,
                        format!(
                            "pack id `{}` is loaded twice: from {} and from {}",
                            pack.id, packs[pos].origin, pack.origin
                        ),
                    )
                    .note("load each pack once; a --packs-dir or --pack copy replaces only a built-in pack");
                    diags.push(d);
                }
                None => packs.push(pack),
            }
        }
    }
    packs.sort_by(|a, b| a.id.cmp(&b.id));
    check_mappings(&packs, &mut diags);
    LoadedPacks {
        packs,
        catalogue,
        sources,
        diags,
    }
}

/// `pack.yaml` first, then the rule files in name order.
fn order(mut files: Vec<(String, String)>) -> Vec<(String, String)> {
    // pack.yaml first, then rule files in the order people number them
    // (`4-context.yaml` before `10-improvement.yaml`).
    files.sort_by(|(a, _), (b, _)| {
        (!a.ends_with("/pack.yaml"))
            .cmp(&!b.ends_with("/pack.yaml"))
            .then_with(|| crate::text::natural_cmp(a, b))
    });
    files
}

/// A pack file that cannot be read, and what to do.
fn unreadable(message: String) -> Diagnostic {
    Diagnostic::error(Code::Unreadable, message).note(
        "pass a pack folder (holding pack.yaml) or a pack.yaml, and check that evident may read it and its folder",
    )
}

fn cannot_read(path: &Path, e: &std::io::Error) -> String {
    format!("cannot read `{}`: {}", path.display(), io_reason(e))
}

fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(path, &e))?;
    if meta.len() > Limits::CONFIG.max_bytes as u64 {
        return Err(format!(
            "`{}` is {} bytes, over the {} byte limit for a pack file",
            path.display(),
            meta.len(),
            Limits::CONFIG.max_bytes
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| cannot_read(path, &e))?;
    String::from_utf8(bytes).map_err(|_| format!("`{}` is not valid UTF-8 text", path.display()))
}

fn read_dir_of_packs(
    dir: &Path,
    catalogue: &mut Vec<(String, String)>,
    raws: &mut Vec<RawPack>,
    diags: &mut Diagnostics,
) {
    let kinds = dir.join("kinds.yaml");
    if kinds.is_file() {
        match read_text(&kinds) {
            Ok(t) => catalogue.push((kinds.display().to_string(), t)),
            Err(e) => diags.push(unreadable(e)),
        }
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.flatten().map(|e| e.path()).filter(|p| holds_pack(p)).collect(),
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Code::Unreadable,
                    format!("cannot read the packs folder `{}`: {}", dir.display(), io_reason(&e)),
                )
                .note("--packs-dir takes a folder of packs (`<id>/pack.yaml`, optional `kinds.yaml`) that evident may read"),
            );
            return;
        }
    };
    entries.sort();
    for p in entries {
        match read_pack_path(&p) {
            Ok((raw, _)) => raws.push(raw),
            Err(e) => diags.push(unreadable(e)),
        }
    }
}

/// Whether a folder holds a pack: a `pack.yaml`, or one its permissions
/// hide (reported when it is read, never skipped).
pub fn holds_pack(dir: &Path) -> bool {
    match std::fs::metadata(dir.join("pack.yaml")) {
        Ok(m) => m.is_file(),
        Err(e) => e.kind() == std::io::ErrorKind::PermissionDenied,
    }
}

/// Reads one pack from its folder or its `pack.yaml`; a `kinds.yaml` beside
/// the pack folder is returned as catalogue text.
fn read_pack_path(path: &Path) -> Result<(RawPack, Vec<(String, String)>), String> {
    let (dir, main) = if path.is_dir() {
        (path.to_path_buf(), path.join("pack.yaml"))
    } else {
        (
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            path.to_path_buf(),
        )
    };
    let mut files = vec![(main.display().to_string(), read_text(&main)?)];
    let rules_dir = dir.join("rules");
    if main.file_name().is_some_and(|n| n == "pack.yaml") && rules_dir.is_dir() {
        let mut rule_files: Vec<PathBuf> = std::fs::read_dir(&rules_dir)
            .map_err(|e| cannot_read(&rules_dir, &e))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        rule_files.sort();
        for f in rule_files {
            files.push((f.display().to_string(), read_text(&f)?));
        }
    }
    let mut catalogue = Vec::new();
    if let Some(parent) = dir.parent() {
        let kinds = parent.join("kinds.yaml");
        if kinds.is_file() {
            catalogue.push((kinds.display().to_string(), read_text(&kinds)?));
        }
    }
    Ok((
        RawPack {
            origin: path.display().to_string(),
            files,
        },
        catalogue,
    ))
}

/// `maps_to` targets must exist among the loaded packs; one that names an
/// unloaded pack is fine (crosswalks point outward), one naming a loaded
/// pack's missing rule is a warning.
fn check_mappings(packs: &[Pack], diags: &mut Diagnostics) {
    for pack in packs {
        for rule in &pack.rules {
            for m in &rule.maps_to {
                let target_pack = packs.iter().find(|p| m.rule.starts_with(&format!("{}.", p.id)));
                let known = match target_pack {
                    Some(p) => p.rule(&m.rule).is_some(),
                    None => true,
                };
                if !known {
                    diags.push(
                        Diagnostic::warning(
                            Code::UnknownMapping,
                            format!("`maps_to` names `{}`, which no loaded pack defines", m.rule),
                        )
                        .at(rule.file, m.span)
                        .note("check the rule id in the other pack; the crosswalk is left out of reports"),
                    );
                }
            }
        }
    }
}
