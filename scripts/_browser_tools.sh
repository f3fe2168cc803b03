# Chromium (Debian's package), Java and Node for the browser, accessibility and HTML checks,
# and redis-server for the cache and the Celery worker tests (production runs on Redis; the
# suite does too, on a server of its own when REDIS_URL is not set).
# Installs through apt-get when missing and we are root; otherwise says what to install.
ensure_browser_tools() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing ${missing[*]} with apt-get"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "The browser tests need: ${missing[*]}. Install them (e.g. sudo apt-get install ${missing[*]}) and run again." >&2
      exit 1
    fi
  fi
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing axe-core and the Nu Html Checker (npm ci)"
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
  fi
}

# A redis-server of the test run's own, on a free port, keeping nothing on disk; stopped when
# the run ends. Used when REDIS_URL is not set, so that the suite sees what production sees.
start_test_redis() {
  local port dir
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  dir=$(mktemp -d /tmp/portal-test-redis.XXXX)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  TEST_REDIS_DIR=$dir
  trap 'kill "$(cat "$TEST_REDIS_DIR/redis.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$TEST_REDIS_DIR"' EXIT
  export REDIS_URL="redis://127.0.0.1:$port/15"
  say "redis-server of the test run on 127.0.0.1:$port"
}
