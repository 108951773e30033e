#!/usr/bin/env bash
# The main job on the bundled Quảng Nam architecture: set up .venv, then validate it,
# check its conformance to the national reference frameworks, render its diagrams,
# diff it against the 2021 version, analyse its resilience and write its HTML site;
# then validate a broken copy and draw a view in Vietnamese (--lang vi).
# Everything is written into out/ (the architecture's own files are never changed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_venv
cd "$ICTARCH_ROOT"
ictarch="$VENV/bin/ictarch"
mkdir -p out
formats=(--format mermaid)
if command -v dot >/dev/null 2>&1; then
  formats=(--format svg --format mermaid)
else
  say "Graphviz 'dot' is not installed: rendering Mermaid only (bash scripts/test.sh installs dot)"
fi

say "ictarch validate architectures/quang-nam"
"$ictarch" validate architectures/quang-nam --no-color

say "ictarch conformance architectures/quang-nam"
"$ictarch" conformance architectures/quang-nam --no-color -o out/conformance.txt
grep -E '^(Conformance of|[a-z-]+ [0-9.]+ \()' out/conformance.txt
echo "  … (the whole coverage matrix: out/conformance.txt)"
"$ictarch" conformance architectures/quang-nam --format markdown -o out/conformance.md

say "ictarch validate --write-baseline out/baseline.json, then --baseline out/baseline.json --strict"
"$ictarch" validate architectures/quang-nam --no-color --write-baseline out/baseline.json >/dev/null
"$ictarch" validate architectures/quang-nam --no-color --baseline out/baseline.json --strict | tail -n 1
echo "  (the accepted warnings, one per line: out/baseline.json; see docs/baselines.md)"

say "ictarch render architectures/quang-nam -o out/diagrams"
"$ictarch" render architectures/quang-nam "${formats[@]}" -o out/diagrams

say "ictarch diff architectures/quang-nam-2021 architectures/quang-nam"
diff_drawing=out/diff.mmd
command -v dot >/dev/null 2>&1 && diff_drawing=out/diff.svg
"$ictarch" diff architectures/quang-nam-2021 architectures/quang-nam --no-color --render "$diff_drawing" \
  -o out/diff.txt
head -n 40 out/diff.txt
echo "  … (the whole diff: out/diff.txt)"
"$ictarch" diff architectures/quang-nam-2021 architectures/quang-nam --format markdown -o out/diff.md

say "ictarch analyze architectures/quang-nam"
"$ictarch" analyze architectures/quang-nam --no-color -f text > out/analysis.txt
head -n 25 out/analysis.txt
"$ictarch" impact architectures/quang-nam tsdl-tinh --no-color > out/impact-tsdl-tinh.txt

say "ictarch impact architectures/quang-nam tsdl-tinh --state target (the plan done), ictarch roadmap"
"$ictarch" impact architectures/quang-nam tsdl-tinh --state target --no-color \
  > out/impact-tsdl-tinh-target.txt
tail -n 1 out/impact-tsdl-tinh.txt out/impact-tsdl-tinh-target.txt
"$ictarch" roadmap architectures/quang-nam --format mermaid -o out/roadmap.mmd

exported=""
if command -v dot >/dev/null 2>&1; then
  say "ictarch export architectures/quang-nam --format archimate -o out/quang-nam.archimate.xml"
  "$ictarch" export architectures/quang-nam --format archimate -o out/quang-nam.archimate.xml
  exported=", out/quang-nam.archimate.xml (open in Archi: File > Import > Open Exchange XML Model)"
else
  say "Graphviz 'dot' is not installed: skipping the ArchiMate export (its diagrams are laid out by dot)"
fi

if command -v dot >/dev/null 2>&1; then
  say "ictarch site architectures/quang-nam -o out/site"
  "$ictarch" site architectures/quang-nam -o out/site
  exported="$exported, out/site/index.html"
  say "ictarch --lang vi document architectures/quang-nam -o out/kien-truc-so.docx"
  "$ictarch" --lang vi document architectures/quang-nam -o out/kien-truc-so.docx
  exported="$exported, out/kien-truc-so.docx"
else
  say "Graphviz 'dot' is not installed: no HTML site (bash scripts/test.sh installs dot)"
fi

say "the merger: ictarch merge → validate → consolidate → roadmap → conformance (4.0, vn-digital)"
"$ictarch" merge architectures/quang-nam architectures/da-nang-2025-parts/da-nang \
  --map architectures/da-nang-2025-parts/map.yaml --id da-nang-2025 --at 2025-10-01 \
  -o out/da-nang --force > out/merge.txt
head -n 8 out/merge.txt
"$ictarch" validate architectures/da-nang-2025 --no-color | tail -n 1
"$ictarch" consolidate architectures/da-nang-2025 > out/consolidate.txt
grep -E '^  (\*|-) |^  keep' out/consolidate.txt
"$ictarch" consolidate architectures/da-nang-2025 --keep lgsp-da-nang --retire-on 2026-12-31 \
  -o out/da-nang-plan --force > /dev/null
"$ictarch" roadmap out/da-nang-plan | grep -F 2026-12-31 | cut -c 1-120
"$ictarch" conformance architectures/da-nang-2025 --framework vn-egov@4.0 --no-color | grep '^vn-'
"$ictarch" conformance architectures/da-nang-2025 --framework vn-digital --no-color | grep '^vn-'

say "ictarch --lang vi: the same in Vietnamese (a broken copy of Quảng Nam, and its diagrams)"
rm -rf out/vi && mkdir -p out/vi
cp -r architectures/quang-nam out/vi/quang-nam-loi
sed -i '0,/- lgsp$/s//- lgps/' out/vi/quang-nam-loi/layers/services.yaml   # a misspelt dependency
"$ictarch" --lang vi validate out/vi/quang-nam-loi --no-color > out/vi/validate.txt || true
grep -A 2 ICT202 out/vi/validate.txt
tail -n 1 out/vi/validate.txt
"$ictarch" --lang vi render architectures/quang-nam --view lgsp "${formats[@]}" -o out/vi/diagrams
"$ictarch" --lang vi analyze architectures/quang-nam --no-color > out/vi/analysis.txt

say "done: out/conformance.txt, out/conformance.md, out/diagrams/index.md, $diff_drawing, out/diff.txt, out/diff.md, out/analysis.txt, out/baseline.json, out/roadmap.mmd, out/consolidate.txt, out/da-nang-plan/$exported, out/vi/"
