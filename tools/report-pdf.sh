#!/usr/bin/env bash
# Prints an evident HTML report to PDF with headless Chromium, for those who
# file working papers as PDF. The report's print stylesheet lays the pages
# out; the browser adds no header or footer of its own.
#
#   tools/report-pdf.sh REPORT.html OUT.pdf
#
# The browser is $CHROMIUM when set, else the first of chromium,
# chromium-browser, google-chrome and google-chrome-stable on the PATH.
# Exit codes: 0 written, 1 the browser failed, 2 a usage problem or no browser.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 REPORT.html OUT.pdf" >&2
  exit 2
fi
html=$1
out=$2
if [ ! -f "$html" ] || [ ! -r "$html" ]; then
  echo "report-pdf: cannot read the report \`$html\`; write one with: evident check --report html=report.html" >&2
  exit 2
fi

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null 2>&1; then
      browser=$(command -v "$name")
      break
    fi
  done
fi
if [ -z "$browser" ]; then
  echo "report-pdf: no Chromium found (looked for chromium, chromium-browser, google-chrome, google-chrome-stable); install one (Debian: apt-get install chromium) or set CHROMIUM to the browser's path" >&2
  exit 2
fi

out_dir=$(dirname -- "$out")
if [ ! -d "$out_dir" ]; then
  echo "report-pdf: the folder \`$out_dir\` for \`$out\` does not exist" >&2
  exit 2
fi
html_abs=$(realpath -- "$html")
out_abs="$(realpath -- "$out_dir")/$(basename -- "$out")"

profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
# Chromium refuses to start as root with its sandbox on.
sandbox=()
if [ "$(id -u)" = 0 ]; then sandbox=(--no-sandbox); fi
rm -f -- "$out_abs"
if ! "$browser" --headless=new "${sandbox[@]}" --disable-gpu --no-first-run --no-default-browser-check \
  --user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$out_abs" "$html_abs" >"$log" 2>&1; then
  cat "$log" >&2
  echo "report-pdf: $browser failed to print \`$html\`" >&2
  exit 1
fi
if [ "$(head -c 5 -- "$out_abs" 2>/dev/null)" != "%PDF-" ]; then
  cat "$log" >&2
  echo "report-pdf: $browser wrote no PDF to \`$out\`" >&2
  exit 1
fi
echo "report-pdf: wrote $out"
