#!/usr/bin/env bash
# test.sh — build CustomerChat and run every test it has, the way CI does.
#
#   1. install what the tests need and the machine lacks (redis-server, chromium, npm packages)
#   2. build the solution once (Release)
#   3. run each .NET test project under tests/ (every tests/*/*.csproj), one after another,
#      without stopping at the first failing one
#   4. start the broker on a free loopback port and run the Node interop tests against it
#   5. add up the counts; the last line is exactly "N passed, N failed"
#
# Exit status: 0 only when something ran and nothing failed.
# Environment: CI=true makes no difference to what runs; it is how CI calls this script.
# Optional: BROKER_START_TIMEOUT (seconds, default 60), DOTNET_TEST_TIMEOUT (default 30m),
#           INTEROP_TIMEOUT (default 15m) bound the slow parts so a hang cannot eat CI's 90 minutes.

set -uo pipefail # no -e: a failing step is counted and the next one still runs

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT" || exit 1

CONFIGURATION=Release
BROKER_DLL="src/Broker/bin/$CONFIGURATION/net10.0/CustomerChat.Broker.dll"
BROKER_START_TIMEOUT="${BROKER_START_TIMEOUT:-60}"
DOTNET_TEST_TIMEOUT="${DOTNET_TEST_TIMEOUT:-30m}"
INTEROP_TIMEOUT="${INTEROP_TIMEOUT:-15m}"

# Quiet, reproducible dotnet: no banners, no telemetry.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/customerchat-test.XXXXXX")"
TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=() # one line per suite, printed before the totals
BROKER_PID=""

header() { printf '\n==== %s ====\n' "$*"; }
note() { printf -- '-- %s\n' "$*"; }

# record NAME PASSED FAILED: add one suite's counts to the totals and the summary.
record() {
  TOTAL_PASSED=$((TOTAL_PASSED + $2))
  TOTAL_FAILED=$((TOTAL_FAILED + $3))
  SUMMARY+=("$(printf '%-40s %5d passed, %d failed' "$1" "$2" "$3")")
}

# ---------------------------------------------------------------------------------------------
# 1. Dependencies

# Root installs directly; anyone else needs sudo (a developer's machine), or gets a warning and
# the tests that need the missing tool fail on their own.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -E "$@"
  else note "not root and no sudo: cannot run '$*'"; return 1
  fi
}

install_system_packages() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  if [ ${#missing[@]} -eq 0 ]; then
    note "redis-server and chromium present"
    return 0
  fi
  note "installing ${missing[*]} (apt)"
  # The tests start their own redis-server on a free port; a system service the package may
  # start on 6379 is harmless and left alone.
  if as_root apt-get update -qq >"$LOG_DIR/apt.log" 2>&1 &&
     as_root apt-get install -y -qq "${missing[@]}" >>"$LOG_DIR/apt.log" 2>&1; then
    note "installed ${missing[*]}"
  else
    note "apt-get failed (tests that need ${missing[*]} will fail); last lines:"
    tail -n 20 "$LOG_DIR/apt.log"
  fi
}

# npm ci only when node_modules is missing or package-lock.json changed since the last install
# (a stamp holds the lock file's hash), so a developer's repeated runs stay fast and offline.
install_interop_packages() {
  local dir=tests/interop stamp=tests/interop/node_modules/.package-lock.sha256 want
  [ -f "$dir/package-lock.json" ] || { note "no $dir/package-lock.json"; return 1; }
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -d "$dir/node_modules" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    note "interop npm packages up to date"
    return 0
  fi
  note "npm ci in $dir"
  if (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >"$LOG_DIR/npm.log" 2>&1); then
    echo "$want" >"$stamp"
  else
    note "npm ci failed; last lines:"
    tail -n 20 "$LOG_DIR/npm.log"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# 2. Build

# --disable-build-servers: no MSBuild node or compiler server outlives the script (a lingering
# one holds CI's output pipe open and keeps a core busy).
build_solution() {
  if dotnet build CustomerChat.sln -c "$CONFIGURATION" --nologo -v minimal \
       --disable-build-servers; then
    note "build succeeded"
    return 0
  fi
  note "build FAILED (projects that did build still run)"
  return 1
}

# The solution is the build's list; a test project not (yet) added to it is built on its own,
# so "dotnet test --no-build" finds it.
in_solution() {
  local windows_path="${1//\//\\}"
  grep -qF "$windows_path" CustomerChat.sln
}

# ---------------------------------------------------------------------------------------------
# 3. .NET test projects

# sum_dotnet_counts LOG: prints "PASSED FAILED SUMMARIES" from a dotnet test log.
# VSTest prints one line per test assembly:
#   Passed!  - Failed:     0, Passed:    42, Skipped:     0, Total:    42, Duration: 1 s - X.dll (net10.0)
# Microsoft.Testing.Platform prints a block with "failed: N" and "succeeded: N" lines instead.
sum_dotnet_counts() {
  awk '
    /(Passed|Failed)! +- +Failed: *[0-9]+, *Passed: *[0-9]+/ {
      line = $0
      sub(/.*Failed: */, "", line); f += int(line)
      line = $0
      sub(/.*Passed: */, "", line); p += int(line)
      n++
      next
    }
    /^ *Test run summary:/ { mtp = 1; n++; next }
    mtp && /^ *failed: *[0-9]+/    { line = $0; sub(/.*failed: */, "", line); f += int(line); next }
    mtp && /^ *succeeded: *[0-9]+/ { line = $0; sub(/.*succeeded: */, "", line); p += int(line); next }
    END { printf "%d %d %d\n", p, f, n }
  ' "$1"
}

run_dotnet_tests() {
  local project name log code passed failed summaries
  local projects=(tests/*/*.csproj)
  if [ ! -e "${projects[0]}" ]; then
    note "no test projects under tests/"
    return
  fi
  for project in "${projects[@]}"; do
    name="$(basename "$(dirname "$project")")"
    log="$LOG_DIR/dotnet-test-$name.log"
    header "dotnet test $project"
    if ! in_solution "$project"; then
      note "$project is not in CustomerChat.sln: building it on its own"
      dotnet build "$project" -c "$CONFIGURATION" --nologo -v minimal --disable-build-servers
    fi
    # The blame hang timeout kills a test host stuck on one test (and names the test); the outer
    # timeout bounds everything else, e.g. a host that never starts.
    timeout -k 30s "$DOTNET_TEST_TIMEOUT" \
      dotnet test "$project" --no-build -c "$CONFIGURATION" --nologo \
        --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee "$log"
    code=${PIPESTATUS[0]}
    read -r passed failed summaries < <(sum_dotnet_counts "$log")
    # A project with no test yet (VSTest: "No test is available", exit 0) counts nothing.
    # No summary otherwise: the project did not build, or the test host crashed — one failure.
    # A non-zero exit with no failed test in the summary (a crash after the run, a timeout):
    # also one failure, so it cannot pass unnoticed.
    if [ "$summaries" -eq 0 ] && [ "$code" -eq 0 ] && grep -q 'No test is available' "$log"; then
      note "$name: no tests yet"
      record "$name (no tests)" 0 0
      continue
    elif [ "$summaries" -eq 0 ]; then
      note "$name: no test summary (exit $code): counted as 1 failed"
      failed=$((failed > 0 ? failed : 1))
    elif [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then
      note "$name: exit $code with no failed test reported: counted as 1 failed"
      failed=1
    fi
    record "$name" "$passed" "$failed"
  done
}

# ---------------------------------------------------------------------------------------------
# 4. Interop: the broker and @stomp/stompjs

# A free TCP port on loopback, chosen by the kernel (node is present; python may not be).
free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# http_status PORT PATH: the HTTP status code of a GET on loopback, or nothing. Uses bash's
# /dev/tcp so a fresh machine needs no curl; every read is bounded.
http_status() {
  local status_line
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$2" "$1" >&3
  IFS= read -r -t 5 status_line <&3
  exec 3>&- 3<&-
  status_line="${status_line%$'\r'}"
  status_line="${status_line#HTTP/* }"
  printf '%s' "${status_line%% *}"
}

stop_broker() {
  [ -n "$BROKER_PID" ] || return 0
  if kill -0 "$BROKER_PID" 2>/dev/null; then
    kill -TERM "$BROKER_PID" 2>/dev/null
    # Up to 10 s for a graceful shutdown, then no more patience.
    for _ in $(seq 1 20); do
      kill -0 "$BROKER_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$BROKER_PID" 2>/dev/null
  fi
  wait "$BROKER_PID" 2>/dev/null
  BROKER_PID=""
}
trap stop_broker EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_broker PORT: starts the built broker in the background and waits, bounded, until
# GET /health/live answers 200.
start_broker() {
  local port=$1 log="$LOG_DIR/broker.log" deadline status since_404=""
  if [ ! -f "$BROKER_DLL" ]; then
    note "$BROKER_DLL not built"
    return 1
  fi
  # Development: the demo agents alice and bob (password "demo") exist.
  # Heart-beats every second instead of the default 10 s, so the heart-beat test takes ~2 s,
  # not ~20 (an unknown key would simply be ignored). Manual routing: the interop chat claims by hand.
  # Run from the project folder, as "dotnet run" would, so relative paths resolve as in
  # development. exec: $! is the broker itself, so stop_broker signals the right process.
  (cd src/Broker && exec dotnet "bin/$CONFIGURATION/net10.0/CustomerChat.Broker.dll" \
      --urls "http://127.0.0.1:$port" --environment Development \
      --CustomerChat:Heartbeat:OutgoingMilliseconds=1000 \
      --CustomerChat:Heartbeat:IncomingMilliseconds=1000 \
      --CustomerChat:Routing:Mode=manual) >"$log" 2>&1 &
  BROKER_PID=$!
  note "broker pid $BROKER_PID on http://127.0.0.1:$port (log: $log)"

  deadline=$((SECONDS + BROKER_START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$BROKER_PID" 2>/dev/null; then
      note "the broker exited during start-up"
      break
    fi
    status="$(http_status "$port" /health/live)"
    if [ "$status" = 200 ]; then
      note "broker live after $((SECONDS + BROKER_START_TIMEOUT - deadline)) s"
      return 0
    fi
    # Endpoints are mapped before Kestrel listens: a 404 that persists means there is no
    # /health/live at all, not a slow start. Give up after 5 s of it instead of the full wait.
    if [ "$status" = 404 ]; then
      since_404="${since_404:-$SECONDS}"
      if [ $((SECONDS - since_404)) -ge 5 ]; then
        note "GET /health/live answers 404: the broker has no liveness endpoint"
        break
      fi
    fi
    sleep 0.5
  done
  [ "$SECONDS" -ge "$deadline" ] && note "no 200 from GET /health/live within ${BROKER_START_TIMEOUT} s"
  note "last lines of the broker log:"
  tail -n 30 "$log"
  stop_broker
  return 1
}

# sum_node_counts LOG: prints "PASSED FAILED SEEN" from node's TAP summary
# (# pass N, # fail N, # cancelled N — a cancelled test, e.g. timed out, counts as failed).
sum_node_counts() {
  awk '
    /^# pass [0-9]+/      { p += $3; n++ }
    /^# fail [0-9]+/      { f += $3 }
    /^# cancelled [0-9]+/ { f += $3 }
    END { printf "%d %d %d\n", p, f, n }
  ' "$1"
}

run_interop_tests() {
  local npm_ok=$1 port log="$LOG_DIR/interop.log" code passed failed seen
  header "interop: @stomp/stompjs against the broker"
  if [ "$npm_ok" -ne 0 ]; then
    note "npm packages missing: interop counted as 1 failed"
    record interop 0 1
    return
  fi
  port="$(free_port)"
  if ! start_broker "$port"; then
    note "the broker did not come up: interop counted as 1 failed"
    record interop 0 1
    return
  fi
  # TAP, so the summary lines are stable whether or not the output is a terminal.
  (cd tests/interop && BROKER_URL="http://127.0.0.1:$port" \
     timeout -k 10s "$INTEROP_TIMEOUT" node --test --test-reporter=tap) 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  stop_broker
  read -r passed failed seen < <(sum_node_counts "$log")
  if [ "$seen" -eq 0 ]; then
    note "interop: no test summary (exit $code): counted as 1 failed"
    failed=$((failed > 0 ? failed : 1))
  elif [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then
    note "interop: exit $code with no failed test reported: counted as 1 failed"
    failed=1
  fi
  record interop "$passed" "$failed"
}

# ---------------------------------------------------------------------------------------------
# Main

header "dependencies"
install_system_packages
install_interop_packages
npm_ok=$?

header "build (dotnet build CustomerChat.sln -c $CONFIGURATION)"
if ! build_solution; then
  record build 0 1
fi

run_dotnet_tests
run_interop_tests "$npm_ok"

header "summary (logs in $LOG_DIR)"
printf '%s\n' "${SUMMARY[@]}"
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ] && [ "$TOTAL_PASSED" -gt 0 ]
