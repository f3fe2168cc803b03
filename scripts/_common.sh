# Shared by scripts/run.sh and scripts/test.sh: make .venv and install the pinned packages.
# Re-installs only when pyproject.toml or constraints.txt changed, so a second run is fast.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROJECT_ROOT=$(pwd)
PY=${PYTHON:-python3}

say() { printf '==> %s\n' "$*" >&2; }

ensure_python_env() {
  local extras=$1 stamp=".venv/.install-stamp-$1"
  if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "The portal needs Python 3.11 or newer; $PY is $("$PY" --version 2>&1)." >&2; exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    "$PY" -m venv .venv || { echo "python3 -m venv failed: install your distribution's python3-venv package." >&2; exit 1; }
  fi
  local want
  want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing Python packages ($extras)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    local target="."
    [ "$extras" = dev ] && target=".[dev]"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e "$target"
    echo "$want" > "$stamp"
  fi
  export PATH="$PROJECT_ROOT/.venv/bin:$PATH"
}

compile_translations() {
  .venv/bin/python manage.py compile_translations
}
