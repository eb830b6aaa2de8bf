#!/usr/bin/env bash
# Runs every test of the solution. Installs redis-server when it is missing (the tests start their own private one).
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing redis-server (Debian package) for the tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) || { echo "could not install redis-server" >&2; exit 1; }
  else
    echo "redis-server is missing: run 'sudo apt-get install -y redis-server' and try again." >&2
    exit 1
  fi
fi

log=$(mktemp)
dotnet test Bot.sln --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=0
failed=0
while read -r p f; do
  passed=$((passed + p))
  failed=$((failed + f))
done < <(sed -nE 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), +Passed: +([0-9]+).*/\3 \2/p' "$log")
rm -f "$log"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
