#!/usr/bin/env bash
# The picture of docs/document.md: pages of the Vietnamese document of Quảng Nam as
# LibreOffice renders them (the title page, the contents, a layer's inventory and diagram,
# the Gantt chart), side by side. Needs dot, LibreOffice (soffice) and poppler-utils.
#   bash scripts/document_pages.sh    # writes docs/images/kien-truc-so-pages.png
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ICTARCH_ROOT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$VENV/bin/ictarch" --lang vi document architectures/quang-nam -o "$work/kien-truc-so.docx"
(cd "$work" && HOME="$work" soffice --headless --convert-to pdf kien-truc-so.docx >/dev/null 2>&1)
# the page of the first figure and the page of the Gantt chart (the last figure), found by text
pages="$(pdftotext "$work/kien-truc-so.pdf" - | awk -v RS='\f' '/Hình 1\./ {a=NR} /Biểu đồ Gantt/ && /Hình / {b=NR} END {print a, b}')"
read -r first_figure gantt <<<"$pages"
nodes=""
for page in 1 2 "$first_figure" "$gantt"; do
  pdftoppm -png -r 45 -f "$page" -l "$page" -singlefile "$work/kien-truc-so.pdf" "$work/page-$page"
  nodes="$nodes p$page [image=\"$work/page-$page.png\"];"
done
dot -Tpng -o docs/images/kien-truc-so-pages.png <<DOT
digraph pages {
  graph [rankdir=LR bgcolor="#e8e8e8" pad="0.25" nodesep="0.25"]
  node [shape=box label="" penwidth=0.6 color="#999999" margin=0]
  edge [style=invis]
  $nodes
  p1 -> p2 -> p$first_figure -> p$gantt
}
DOT
say "wrote docs/images/kien-truc-so-pages.png (pages 1, 2, $first_figure and $gantt)"
