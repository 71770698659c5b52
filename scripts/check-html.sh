#!/usr/bin/env bash
# Renders the html report of the bundled sample with headless Chromium and checks it:
# a screenshot that is not blank, and a printed A4 PDF whose text holds the report.
# Usage: scripts/check-html.sh [OUTDIR]   (needs chromium and poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
mkdir -p "$out"
swift build -c debug >/dev/null
bin=.build/debug/jixiao
"$bin" evaluate Samples/000_969f7bf0a7ef26b4.txt --actuals Samples/actuals-2026.csv --db "$out/check.sqlite" --out "$out/report.html"
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$out/chrome")
"$chrome" "${flags[@]}" --window-size=1200,1800 --screenshot="$out/report.png" "file://$(realpath "$out/report.html")" 2>/dev/null
"$chrome" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "file://$(realpath "$out/report.html")" 2>/dev/null
size=$(stat -c %s "$out/report.png")
[[ $size -gt 50000 ]] || { echo "screenshot looks blank ($size bytes)"; exit 1; }
text=$(pdftotext "$out/report.pdf" -)
for want in 部门整体绩效自评报告 99.42 项目支出绩效自评表 危化品车辆管理平台系统建设; do
  grep -q "$want" <<<"$text" || { echo "printed report lacks: $want"; exit 1; }
done
echo "ok: $out/report.png ($size bytes), $out/report.pdf ($(pdfinfo "$out/report.pdf" | awk '/Pages/{print $2}') pages)"
