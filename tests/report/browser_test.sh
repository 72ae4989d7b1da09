#!/usr/bin/env bash
# The report's browser test (CTest label "browser"): builds a result directory from bundled data,
# renders report.html with the real CLI, opens it in headless Chromium and checks it
# (browser_check.cjs). Leaves WORK/report.png (screenshot) and WORK/result/ behind for inspection.
#   browser_test.sh REPORT_FIXTURE STOCKCAST NODE CHROMIUM DATA_CSV WORK
set -euo pipefail
fixture=$1 stockcast=$2 node=$3 chromium=$4 data=$5 work=$6
here=$(cd "$(dirname "$0")" && pwd)

if [[ ! -x "$chromium" ]]; then
  echo "report_browser: no Chromium at '$chromium': run scripts/install-deps (Debian's chromium)" >&2
  exit 1
fi
if [[ -z "$node" || ! -x "$node" ]]; then
  echo "report_browser: node not found: run scripts/install-deps (Debian's nodejs and npm)" >&2
  exit 1
fi
if [[ -z "${NODE_PATH:-}" || ! -d "$NODE_PATH/playwright-core" ]]; then
  echo "report_browser: playwright-core missing under NODE_PATH='${NODE_PATH:-}' (built by npm ci with the tests)" >&2
  exit 1
fi

rm -rf "$work"
mkdir -p "$work/result"
"$fixture" --data "$data" --out "$work/result" --expect "$work/expected.json"
"$stockcast" report "$work/result"
"$node" "$here/browser_check.cjs" --chromium "$chromium" --report "$work/result/report.html" \
  --expect "$work/expected.json" --screenshot "$work/report.png"
