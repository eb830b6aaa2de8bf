#!/usr/bin/env bash
# Runs every test: the .NET solution, then the console's browser tests (tests/Browser, node's test runner driving
# Debian's chromium). Installs redis-server, chromium, nodejs and npm when they are missing (the tests start their own private
# redis-server and bot). Ends with one line "N passed, N failed" counting both.
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing ${missing[*]} (Debian packages) for the tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) || { echo "could not install ${missing[*]}" >&2; exit 1; }
  else
    echo "${missing[*]} missing: run 'sudo apt-get install -y ${missing[*]}' and try again." >&2
    exit 1
  fi
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: the console and its browser tests need Node.js 20+ with npm (apt-get install nodejs npm)." >&2
  exit 1
fi

log=$(mktemp)
tap=$(mktemp)
trap 'rm -f "$log" "$tap"' EXIT

dotnet test Bot.sln --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=0
failed=0
while read -r p f; do
  passed=$((passed + p))
  failed=$((failed + f))
done < <(sed -nE 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), +Passed: +([0-9]+).*/\3 \2/p' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "Browser tests (tests/Browser)..."
(cd tests/Browser && npm ci --no-audit --no-fund --loglevel=error \
  && node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$tap")
browser_status=$?
browser_passed=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$tap" | tail -1)
browser_failed=$(sed -nE 's/^# (fail|cancelled) ([0-9]+)$/\2/p' "$tap" | awk '{s += $1} END {print s + 0}')
browser_passed=${browser_passed:-0}
if [ "$browser_status" -ne 0 ] && [ "$browser_failed" -eq 0 ]; then
  browser_failed=1
fi
passed=$((passed + browser_passed))
failed=$((failed + browser_failed))
[ "$browser_status" -ne 0 ] && status=1

echo "$passed passed, $failed failed"
exit "$status"
