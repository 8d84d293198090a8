#!/usr/bin/env bash
# Runs every test of eCRM on a fresh machine: installs what the tests need (Debian's Chromium for the browser tests,
# the pinned dotnet tools and npm tools), builds, runs all test projects, and ends with the line "N passed, N failed[, N skipped]".
# Screenshots land in artifacts/screenshots, TRX results in artifacts/test-results, each project's output in artifacts/test-logs.
set -uo pipefail
cd "$(dirname "$0")/.."

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo_cmd="sudo"
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests (Debian package)..."
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null \
    || { echo "Could not install chromium with apt-get"; exit 1; }
fi

dotnet tool restore >/dev/null || { echo "dotnet tool restore failed"; exit 1; }

# Pinned npm tools of the tests (Redocly CLI lints the OpenAPI document), from tests/node/package-lock.json.
if ! command -v npm >/dev/null; then
  echo "Installing Node.js for the test tools (Debian package)..."
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nodejs npm >/dev/null \
    || { echo "Could not install nodejs with apt-get"; exit 1; }
fi
npm ci --prefix tests/node --no-audit --no-fund --loglevel=error >/dev/null || { echo "npm ci in tests/node failed"; exit 1; }

results=artifacts/test-results
rm -rf "$results" && mkdir -p "$results" artifacts/screenshots
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Crm.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
# Test projects run side by side, the longest first: a project spends much of its time waiting for Chromium, Kestrel
# or the disk, and the other project uses the core it leaves idle. Each project's output is printed whole when it ends.
# CRM_TEST_JOBS=1 runs them one after the other.
test_jobs=${CRM_TEST_JOBS:-$(( $(nproc) < 2 ? 1 : 2 ))}
logs=artifacts/test-logs
rm -rf "$logs" && mkdir -p "$logs"
longest_first="Crm.Web.Tests Crm.Sales.Tests Crm.Analytics.Tests Crm.Service.Tests Crm.Cli.Tests Crm.Contacts.Tests"
projects=$(dotnet sln Crm.sln list | grep -E "^tests/.*\.Tests\.csproj$")
ordered=$( { for name in $longest_first; do echo "$projects" | grep -E "/$name\.csproj$"; done; echo "$projects"; } | awk '!seen[$0]++')

run_project() {
  local project=$1 name
  shift
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" \
    > "$logs/$name.log" 2>&1 || touch "$logs/$name.failed"
  flock "$logs/.print" cat "$logs/$name.log"
}

for project in $ordered; do
  while [ "$(jobs -rp | wc -l)" -ge "$test_jobs" ]; do wait -n; done
  run_project "$project" "$@" &
done
wait
status=0
compgen -G "$logs/*.failed" >/dev/null && status=1

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value total) - $(value executed)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

echo "Screenshots: artifacts/screenshots; SQL Server idempotent script: tests/Crm.Web.Tests/bin/Release/net10.0/artifacts/sqlserver-idempotent.sql"
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$status" -eq 0 ]
