# Shared helpers for scripts/demo and scripts/test.  Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

find_python() {
  # A Python >= 3.12: the one .python-version selects through pyenv, else the newest on PATH.
  local candidates=()
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv which python 2>/dev/null || true)")
  fi
  candidates+=(python3.14 python3.13 python3.12 python3)
  for py in "${candidates[@]}"; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 &&
       "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$py"; return 0
    fi
  done
  echo "thidua needs Python 3.12 or newer; none was found on PATH." >&2
  return 1
}

ensure_venv() {
  # ensure_venv [dev] : create .venv and install the pinned dependencies (requirements/lock.txt).
  local extra="${1:-}"
  if [ ! -x "$VENV/bin/python" ] ||
     ! "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    say "Creating the virtual environment (.venv)"
    rm -rf "$VENV"
    "$(find_python)" -m venv "$VENV"
  fi
  local stamp="$VENV/.installed-$extra"
  if [ ! -f "$stamp" ] || [ requirements/lock.txt -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "Installing pinned dependencies${extra:+ ($extra)}"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    local target="."
    [ -n "$extra" ] && target=".[$extra]"
    "$VENV/bin/python" -m pip install --quiet -c requirements/lock.txt -e "$target"
    touch "$stamp"
  fi
}

ensure_chromium() {
  # Browser tests drive Debian's chromium through Playwright (no browser download).
  if [ -z "${CHROMIUM_PATH:-}" ]; then
    CHROMIUM_PATH="$(command -v chromium || command -v chromium-browser || true)"
  fi
  if [ -z "$CHROMIUM_PATH" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "Installing Debian's chromium for the browser tests"
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
      CHROMIUM_PATH="$(command -v chromium)"
    else
      echo "Chromium is missing: install it (apt-get install chromium) or set CHROMIUM_PATH." >&2
      return 1
    fi
  fi
  export CHROMIUM_PATH
}

ensure_tools() {
  # Programs the tests call: GNU xgettext (the translation-coverage test runs makemessages)
  # and poppler's pdftoppm (decision PDFs rendered to pictures).   ensure_tools CMD:PACKAGE…
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing ${missing[*]} for the tests"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing programs: install ${missing[*]} (apt-get install ${missing[*]})." >&2
    return 1
  fi
}

ensure_postgres() {
  # Tests also run on PostgreSQL: TEST_DATABASE_URL, by default the local server.
  export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/thidua}"
  if ! "$VENV/bin/python" - "$TEST_DATABASE_URL" <<'PY' 2>/dev/null
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=3).close()
PY
  then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      say "Starting the local PostgreSQL server"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
      sleep 2
    fi
  fi
}

ensure_redis() {
  # The production tests (tests/ops) share one Redis on loopback; it keeps nothing on disk.
  export TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/5}"
  if command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    return 0
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "Installing redis-server for the production tests"
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else
      echo "Redis is not running on 127.0.0.1:6379 (apt-get install redis-server); the multi-server test will be skipped." >&2
      return 0
    fi
  fi
  say "Starting Redis on 127.0.0.1:6379 (nothing kept on disk)"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "Redis did not start; see /var/log/redis/ci.log." >&2
}
