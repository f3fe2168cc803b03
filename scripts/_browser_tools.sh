# Chromium (Debian's package), Java and Node for the browser, accessibility and HTML checks.
# Installs through apt-get when missing and we are root; otherwise says what to install.
ensure_browser_tools() {
  local missing=()
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
