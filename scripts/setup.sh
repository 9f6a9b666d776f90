# Shared by scripts/run and scripts/test: a virtualenv in .venv with the pinned requirements.
# Safe to run again: it reinstalls only when a requirements file changed.

setup_python() {
  local requirements="$1"
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "clts_forum needs Python 3.11 or newer (found: $("$python" --version 2>&1))." >&2
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv 2>/dev/null; then
      echo "Installing python3-venv (Debian)…"
      as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null
      rm -rf .venv && "$python" -m venv .venv
    fi
  fi
  local stamp=".venv/.installed-$(basename "$requirements")"
  local digest
  digest=$(cat requirements*.txt | sha256sum | cut -c1-16)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    echo "Installing Python packages from $requirements…"
    .venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements"
    echo "$digest" > "$stamp"
  fi
  .venv/bin/pybabel compile -d translations >/dev/null
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
