#!/usr/bin/env bash
# bench/compare.sh — CustomerChat and RabbitMQ Web-STOMP driven by the same LoadGen profiles, side by side.
#
#   bench/compare.sh                 the full run (about 10 minutes): every case, both brokers, alternating
#   QUICK=1 bench/compare.sh         a smoke run of the script itself (3 s per case, small counts)
#   CASES="fanout-100 pairs-10" bench/compare.sh    only these cases
#   CASES="cross-max cross-cluster-max cross-20k cross-cluster-20k" bench/compare.sh
#                                    one Redis vs a 3-master Redis Cluster (docs/performance/cluster.md)
#
# What it does:
#   1. installs Debian's rabbitmq-server (apt-get) when it is missing; redis-server too when the cross case runs
#   2. builds the broker and LoadGen (Release)
#   3. starts CustomerChat (in memory, Development so the demo agents exist, rate limits lifted) and RabbitMQ
#      (its own node, config and data under the run directory, Web-STOMP on 127.0.0.1:15674/ws), loopback only
#   4. runs each case against both brokers, alternating which goes first from round to round, and restarts both
#      brokers before the idle case so its per-connection memory is measured on fresh processes
#   5. prints one markdown table per case with each figure for both brokers and the ratio CustomerChat / RabbitMQ
#   6. stops everything it started (by PID), also on error or Ctrl+C
#
# Everything is bounded: each LoadGen run has --duration and --timeout and is wrapped in `timeout`.
# Environment (all optional): ROUNDS (1), DURATION (10), WARMUP (5: time for tiered JIT to settle), CASES, QUICK, OUT_DIR, CC_PORT (5710),
# RMQ_WS_PORT (15674), REDIS_PORT (26379; the cluster cases use REDIS_PORT+1..3 and bus ports REDIS_PORT+11..13), IDLE_CONNECTIONS (10000), WINDOW (100), SKIP_INSTALL, SKIP_BUILD,
# BROKER_DLL (a broker built elsewhere; with SKIP_BUILD=1), CROSS_PAIRS (10: publisher/subscriber pairs of the cross cases),
# CROSS_RATE (20000: the target of the cross-*-20k cases).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

QUICK="${QUICK:-0}"
ROUNDS="${ROUNDS:-1}"
DURATION="${DURATION:-$([ "$QUICK" = 1 ] && echo 3 || echo 10)}"
WARMUP="${WARMUP:-$([ "$QUICK" = 1 ] && echo 1 || echo 5)}"
IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-$([ "$QUICK" = 1 ] && echo 1000 || echo 10000)}"
FANOUT_BIG="${FANOUT_BIG:-$([ "$QUICK" = 1 ] && echo 200 || echo 1000)}"
WINDOW="${WINDOW:-100}"
CASES="${CASES:-idle fanout-100 fanout-1000 pairs-10 pairs-10-w1000 chat cross-max cross-20k cross-cluster-max cross-cluster-20k}"
CC_PORT="${CC_PORT:-5710}"
CC_PORT_B="${CC_PORT_B:-5711}"
RMQ_WS_PORT="${RMQ_WS_PORT:-15674}"
REDIS_PORT="${REDIS_PORT:-26379}"
OUT_DIR="${OUT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/customerchat-compare.XXXXXX")}"
RESULTS="$OUT_DIR/results.jsonl"
BROKER_DLL="${BROKER_DLL:-$ROOT/src/Broker/bin/Release/net10.0/CustomerChat.Broker.dll}"
LOADGEN_DLL="$ROOT/bench/LoadGen/bin/Release/net10.0/LoadGen.dll"
RMQ_DIR="$OUT_DIR/rabbitmq"
RMQ_NODE="ccbench@localhost"
RMQ_EPMD_PORT="${RMQ_EPMD_PORT:-24369}"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DEBIAN_FRONTEND=noninteractive

CC_PID="" CC_B_PID="" RMQ_SCRIPT_PID="" RMQ_PID="" REDIS_PID="" REDIS_CLUSTER_PIDS=""

note() { printf -- '-- %s\n' "$*" >&2; }
die() { printf 'compare.sh: %s\n' "$*" >&2; exit 1; }
mkdir -p "$OUT_DIR"
: >"$RESULTS"

# --------------------------------------------------------------------------------------------- install

install_packages() {
  local missing=()
  # RabbitMQ only for the cases that compare with it (the cross cases run CustomerChat alone).
  local c needs_rmq=0
  for c in $CASES; do [[ "$c" == cross-* ]] || needs_rmq=1; done
  [ "$needs_rmq" = 0 ] || [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  if [[ " $CASES " == *" cross"* ]] && ! command -v redis-server >/dev/null; then missing+=(redis-server); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "${SKIP_INSTALL:-0}" = 1 ] && die "missing ${missing[*]} and SKIP_INSTALL=1"
  note "installing ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -E"
  $sudo apt-get update -qq
  # The package's own service start is not used (policy-rc.d may refuse it anyway): this script runs its own node.
  $sudo apt-get install -y -qq "${missing[@]}" >"$OUT_DIR/apt.log" 2>&1 || { tail -20 "$OUT_DIR/apt.log"; die "apt-get install failed"; }
}

# --------------------------------------------------------------------------------------------- servers

wait_for() { # wait_for SECONDS COMMAND...: until the command succeeds
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}

# start_cc PORT [extra args...]: prints the PID
port_in_use() { ss -ltn | grep -q "127.0.0.1:$1 "; }

start_cc() {
  local port=$1; shift
  port_in_use "$port" && die "port $port is already in use: stop what listens there or set CC_PORT / CC_PORT_B"
  dotnet "$BROKER_DLL" --urls "http://127.0.0.1:$port" --environment Development \
    --CustomerChat:Limits:AuthRequestsPerMinutePerAddress=100000 \
    --CustomerChat:Limits:SendsPerSecondPerConnection=1000000 \
    --CustomerChat:Limits:MaxConnectionsPerUser=100000 \
    --CustomerChat:Limits:MaxConnectionsPerAddress=100000 \
    --CustomerChat:Conversations:AgentCapacity=100000 \
    --Serilog:MinimumLevel:Default=Warning \
    "$@" >>"$OUT_DIR/customerchat-$port.log" 2>&1 &
  local pid=$!
  wait_for 60 curl -fsS "http://127.0.0.1:$port/health/ready" || { tail -20 "$OUT_DIR/customerchat-$port.log" >&2; kill "$pid" 2>/dev/null; die "CustomerChat did not start on $port"; }
  echo "$pid"
}

stop_pid() { # stop_pid PID [SECONDS]: TERM, then KILL after the grace
  local pid=$1 grace=${2:-15}
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

rmq_env() {
  export HOME="$RMQ_DIR/home" RABBITMQ_NODENAME="$RMQ_NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=25682 RABBITMQ_DIST_PORT=25683 RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins" RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia" \
    RABBITMQ_LOG_BASE="$RMQ_DIR/log" RABBITMQ_PID_FILE="$RMQ_DIR/rabbit.pid" \
    ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$RMQ_EPMD_PORT" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

start_rmq() {
  port_in_use "$RMQ_WS_PORT" && die "port $RMQ_WS_PORT is already in use (another RabbitMQ?): set RMQ_WS_PORT"
  mkdir -p "$RMQ_DIR/home" "$RMQ_DIR/mnesia" "$RMQ_DIR/log"
  rm -rf "$RMQ_DIR/mnesia"/* "$RMQ_DIR/rabbit.pid"
  cat >"$RMQ_DIR/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:25682
stomp.listeners.tcp.1 = 127.0.0.1:25613
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = $RMQ_WS_PORT
loopback_users.guest = true
log.console = false
log.file.level = warning
EOF
  echo '[rabbitmq_web_stomp].' >"$RMQ_DIR/enabled_plugins"
  ( rmq_env; exec /usr/lib/rabbitmq/bin/rabbitmq-server ) >>"$OUT_DIR/rabbitmq.log" 2>&1 &
  RMQ_SCRIPT_PID=$!
  wait_for 90 bash -c "ss -ltn | grep -q '127.0.0.1:$RMQ_WS_PORT '" || { tail -20 "$OUT_DIR/rabbitmq.log" >&2; die "RabbitMQ Web-STOMP did not start"; }
  wait_for 10 test -s "$RMQ_DIR/rabbit.pid"
  RMQ_PID="$(cat "$RMQ_DIR/rabbit.pid")"
}

stop_rmq() {
  [ -n "$RMQ_SCRIPT_PID" ] || return 0
  stop_pid "$RMQ_SCRIPT_PID" 60 # the script's TERM trap stops the node cleanly
  [ -n "$RMQ_PID" ] && stop_pid "$RMQ_PID" 5
  ( rmq_env; epmd -port "$RMQ_EPMD_PORT" -kill ) >/dev/null 2>&1 || true
  RMQ_SCRIPT_PID="" RMQ_PID=""
}

start_redis() {
  port_in_use "$REDIS_PORT" && die "port $REDIS_PORT is already in use: set REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$OUT_DIR/redis.log" 2>&1 &
  REDIS_PID=$!
  wait_for 20 redis-cli -p "$REDIS_PORT" ping || die "redis-server did not start"
}

# A 3-master Redis Cluster (no replicas, no persistence) on REDIS_PORT+1..3, joined by redis-cli --cluster create.
start_redis_cluster() {
  local ports=() i port
  REDIS_CLUSTER_PIDS=""
  for i in 1 2 3; do
    port=$((REDIS_PORT + i))
    port_in_use "$port" && die "port $port is already in use: set REDIS_PORT"
    mkdir -p "$OUT_DIR/redis-cluster-$port"
    rm -f "$OUT_DIR/redis-cluster-$port/nodes.conf"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
      --dir "$OUT_DIR/redis-cluster-$port" --cluster-enabled yes --cluster-config-file nodes.conf \
      --cluster-node-timeout 5000 --cluster-port $((REDIS_PORT + 10 + i)) >"$OUT_DIR/redis-cluster-$port.log" 2>&1 &
    REDIS_CLUSTER_PIDS="$REDIS_CLUSTER_PIDS${REDIS_CLUSTER_PIDS:+,}$!"
    ports+=("127.0.0.1:$port")
  done
  for i in 1 2 3; do wait_for 20 redis-cli -p $((REDIS_PORT + i)) ping || die "redis-server $((REDIS_PORT + i)) did not start"; done
  redis-cli --cluster create "${ports[@]}" --cluster-replicas 0 --cluster-yes >"$OUT_DIR/redis-cluster-create.log" 2>&1 \
    || { tail -20 "$OUT_DIR/redis-cluster-create.log" >&2; die "redis-cli --cluster create failed"; }
  for i in 1 2 3; do
    wait_for 30 bash -c "redis-cli -p $((REDIS_PORT + i)) cluster info | grep -q cluster_state:ok" || die "the cluster did not become ok"
  done
}

stop_redis_cluster() {
  local pid
  for pid in ${REDIS_CLUSTER_PIDS//,/ }; do stop_pid "$pid"; done
  REDIS_CLUSTER_PIDS=""
}

# redis_sample LABEL PORT...: one line per server: label, port, CPU seconds (user+sys), commands processed, pub/sub
# messages relayed, and the slot range it serves; appended to $OUT_DIR/redis-shards.tsv.
redis_sample() {
  local label=$1 port info; shift
  for port in "$@"; do
    info="$(redis-cli -p "$port" info everything 2>/dev/null | tr -d '\r')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$port" "$(date +%s.%N)" \
      "$(awk -F: '/^used_cpu_user:/ {u=$2} /^used_cpu_sys:/ {s=$2} END {printf "%.3f", u+s}' <<<"$info")" \
      "$(awk -F: '/^total_commands_processed:/ {print $2}' <<<"$info")" \
      "$(awk -F: '/^cmdstat_spublish:/ || /^cmdstat_publish:/ {split($2, a, ","); sub("calls=", "", a[1]); n += a[1]} END {print n + 0}' <<<"$info")" \
      "$(redis-cli -p "$port" cluster nodes 2>/dev/null | awk '/myself/ {for (i = 9; i <= NF; i++) printf "%s%s", (i > 9 ? " " : ""), $i}')" \
      >>"$OUT_DIR/redis-shards.tsv"
  done
}

# shard_figures CASE: per server, CPU % of a core and commands/s between the "start" and "end" samples of CASE.
shard_figures() {
  local case=$1
  awk -F'\t' -v c="$case" '
    $1 == c "-start" { t0[$2] = $3; cpu0[$2] = $4; cmd0[$2] = $5; pub0[$2] = $6 }
    $1 == c "-end"   { t = $3 - t0[$2]; if (t <= 0) next;
                       name = c; sub(/@[0-9]+$/, "", name)
                       printf "| %s | %s | %s | %.1f | %.0f | %.0f |\n", name, $2, ($7 == "" ? "all" : $7),
                         100 * ($4 - cpu0[$2]) / t, ($5 - cmd0[$2]) / t, ($6 - pub0[$2]) / t }' \
    "$OUT_DIR/redis-shards.tsv" | tee -a "$OUT_DIR/redis-shards.md" >&2
}

cleanup() {
  set +e
  stop_pid "$CC_PID"; stop_pid "$CC_B_PID"; stop_rmq; stop_pid "$REDIS_PID"; stop_redis_cluster
  CC_PID="" CC_B_PID="" REDIS_PID=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --------------------------------------------------------------------------------------------- runs

loadgen() { # loadgen CASE ARGS...: one bounded run, its JSON line appended to $RESULTS
  local case=$1; shift
  local limit=$((WARMUP + DURATION + 240))
  {
    echo
    echo "== $case: $* (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  } | tee -a "$OUT_DIR/loadgen.log" >&2
  timeout --kill-after=10 "$limit" dotnet "$LOADGEN_DLL" --case "$case" --duration "$DURATION" --warmup "$WARMUP" \
    --timeout $((limit - 20)) --json-out "$RESULTS" "$@" 2>&1 | tee -a "$OUT_DIR/loadgen.log" >&2 || note "LoadGen failed for $case"
}

cc() { local case=$1; shift; loadgen "$case" --label customerchat --auth customerchat --url "ws://127.0.0.1:$CC_PORT/ws" --broker-pid "$CC_PID" "$@"; }
rmq() { local case=$1; shift; loadgen "$case" --label rabbitmq --auth rabbitmq --url "ws://127.0.0.1:$RMQ_WS_PORT/ws" --broker-pid "$RMQ_PID" "$@"; }

both() { # both ROUND CASE ARGS...: the same run against both brokers, the first one alternating by round
  local round=$1 case=$2; shift 2
  if [ $((round % 2)) -eq 1 ]; then cc "$case" "$@"; rmq "$case" "$@"; else rmq "$case" "$@"; cc "$case" "$@"; fi
}

not_measured() { # not_measured CASE PROFILE REASON
  printf '{"case":"%s","broker":"customerchat","profile":"%s","note":"%s"}\n' "$1" "$2" "$3" >>"$RESULTS"
  note "$1: not measured: $3"
}

# The cross case needs the broker's Redis backplane; its type name is in the built assembly when it exists.
redis_mode_available() { grep -qs "RedisBackplane" "$BROKER_DLL"; }

run_cross() { # run_cross CASE single|cluster ARGS...: publishers on instance A, subscribers on instance B, one Redis or a cluster
  local case=$1 mode=$2; shift 2
  if ! redis_mode_available; then
    not_measured "$case" cross "Redis mode (CustomerChat:Redis:Configuration) is not in this build"
    return
  fi

  local key; key="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
  local config redis_pids ports
  if [ "$mode" = cluster ]; then
    start_redis_cluster
    config="127.0.0.1:$((REDIS_PORT + 1)),127.0.0.1:$((REDIS_PORT + 2)),127.0.0.1:$((REDIS_PORT + 3))"
    redis_pids="$REDIS_CLUSTER_PIDS" ports="$((REDIS_PORT + 1)) $((REDIS_PORT + 2)) $((REDIS_PORT + 3))"
  else
    start_redis
    config="127.0.0.1:$REDIS_PORT" redis_pids="$REDIS_PID" ports="$REDIS_PORT"
  fi
  local a b
  a=$(start_cc "$CC_PORT" --CustomerChat:Redis:Configuration="$config" --CustomerChat:Auth:SigningKey="$key")
  CC_PID=$a
  b=$(start_cc "$CC_PORT_B" --CustomerChat:Redis:Configuration="$config" --CustomerChat:Auth:SigningKey="$key")
  CC_B_PID=$b
  # Per-server figures over the measured window: sampled WARMUP + 1 s (set-up) after the start and DURATION later.
  local run="$case@$RANDOM$RANDOM"
  ( sleep $((WARMUP + 1)); redis_sample "$run-start" $ports; sleep "$DURATION"; redis_sample "$run-end" $ports ) &
  local sampler=$!
  loadgen "$case" --label customerchat --auth customerchat --profile cross \
    --url "ws://127.0.0.1:$CC_PORT_B/ws" --pub-url "ws://127.0.0.1:$CC_PORT/ws" --broker-pid "$a,$b,$redis_pids" "$@"
  wait "$sampler" 2>/dev/null || true
  shard_figures "$run"
  stop_pid "$CC_PID"; stop_pid "$CC_B_PID"; stop_pid "$REDIS_PID"; stop_redis_cluster
  CC_PID="" CC_B_PID="" REDIS_PID=""
}

# --------------------------------------------------------------------------------------------- main

install_packages
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  note "building the broker and LoadGen (Release)"
  dotnet build src/Broker -c Release -v quiet -nologo >"$OUT_DIR/build.log" 2>&1 || { tail -30 "$OUT_DIR/build.log"; die "broker build failed"; }
  dotnet build bench/LoadGen -c Release -v quiet -nologo >>"$OUT_DIR/build.log" 2>&1 || { tail -30 "$OUT_DIR/build.log"; die "LoadGen build failed"; }
fi

{
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo ".NET: $(dotnet --version), RabbitMQ: $(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null), Erlang: $(dpkg-query -W -f='${Version}' erlang-base 2>/dev/null)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "results: $OUT_DIR"
} | tee "$OUT_DIR/machine.txt" >&2

for round in $(seq 1 "$ROUNDS"); do
  for case in $CASES; do
    case "$case" in
      idle)
        # Fresh processes, so the per-connection memory is not hidden by heap grown in earlier cases.
        stop_pid "$CC_PID"; stop_rmq
        CC_PID=$(start_cc "$CC_PORT"); start_rmq
        both "$round" idle --profile idle --connections "$IDLE_CONNECTIONS" --heartbeat 10000 --procs 2 --connect-parallel 64
        ;;
      fanout-100|fanout-1000|pairs-10|pairs-10-w1000|chat)
        [ -n "$CC_PID" ] || CC_PID=$(start_cc "$CC_PORT")
        [ -n "$RMQ_PID" ] || start_rmq
        case "$case" in
          fanout-100) both "$round" "$case" --profile fanout --subscribers 100 --rate 200 ;;
          fanout-1000) both "$round" "$case" --profile fanout --subscribers "$FANOUT_BIG" --rate 100 --procs 2 ;;
          pairs-10) both "$round" "$case" --profile pairs --pairs 10 --window "$WINDOW" ;;
          # A deeper window: what each broker does when latency may grow (RabbitMQ's 40k/s figure was taken so).
          pairs-10-w1000) both "$round" "$case" --profile pairs --pairs 10 --window 1000 ;;
          # chat uses CustomerChat's own destinations: RabbitMQ has no equivalent, so it runs on CustomerChat only.
          chat) cc chat --profile chat --customers 200 --rate 1000 --agents alice,bob ;;
        esac
        ;;
      cross-max|cross-20k|cross-cluster-max|cross-cluster-20k)
        # Two instances and Redis need the machine to themselves: the single-instance brokers stop first.
        stop_pid "$CC_PID"; stop_rmq; CC_PID=""
        mode=single; [[ "$case" == cross-cluster-* ]] && mode=cluster
        if [[ "$case" == *-max ]]; then run_cross "$case" "$mode" --pairs "${CROSS_PAIRS:-10}" --window "$WINDOW"
        else run_cross "$case" "$mode" --pairs "${CROSS_PAIRS:-10}" --rate "${CROSS_RATE:-20000}" --window 1000; fi
        ;;
      *) die "unknown case '$case'" ;;
    esac
  done
done

cleanup
{
  echo
  echo "## CustomerChat vs RabbitMQ Web-STOMP ($(date -u +%Y-%m-%dT%H:%MZ), $ROUNDS round(s) of $DURATION s per case)"
  echo
  cat "$OUT_DIR/machine.txt"
  echo
  dotnet "$LOADGEN_DLL" --summarize "$RESULTS"
  if [ -s "$OUT_DIR/redis-shards.md" ]; then
    echo
    echo "### Redis servers during the cross cases (measured window)"
    echo
    echo "| case | port | slots | CPU (% of a core) | commands/s | (s)publishes/s |"
    echo "| --- | --- | --- | --- | --- | --- |"
    cat "$OUT_DIR/redis-shards.md"
  fi
} | tee "$OUT_DIR/summary.md"
echo "(JSON lines: $RESULTS; LoadGen output: $OUT_DIR/loadgen.log)" >&2
