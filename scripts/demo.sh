#!/usr/bin/env bash
# The main job on the bundled Quảng Nam architecture: set up .venv, then validate it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_venv
cd "$ICTARCH_ROOT"
ictarch="$VENV/bin/ictarch"
say "ictarch validate architectures/quang-nam"
"$ictarch" validate architectures/quang-nam
