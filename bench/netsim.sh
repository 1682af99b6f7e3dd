#!/usr/bin/env bash
# Past one machine, by simulation (issue 19, item 5): this kernel has no netem, so each worker's data plane advertises
# the port of a user-space throttling proxy (bench/NetSim: per node link, a bandwidth each way and a one-way latency;
# every connection to that node shares its link) and peers reach it only through it. On that cluster of actornet
# processes (a seed and K workers, one task slot each) bench/Training --only modes times one synchronization of each
# training mode (averaging round, synchronous parameter-server step, allreduce step) and prints each next to its
# bytes-on-the-wire model. Akka's own messages (task launch, slice lookups) are not throttled: only the data plane is.
# Usage: bench/netsim.sh [--workers 2,4] [--mbit 1000,10000] [--latency-ms 0.2] [--floats 431080,61000000]
#                        [--modes averaging,ps,allreduce] [--rounds 5] [--warmup 3] [--slice N] [--loopback]   (from anywhere)
#   --slice N: the averaging and allreduce keys' slice size (default the store's 262,144 floats; ps uses 4 servers).
#   --loopback: also run each K once without the proxy (the nodes' plain loopback data plane), for the floor.
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=2,4; MBITS=1000,10000; LATENCY=0.2; FLOATS=431080,61000000; MODES=averaging,ps,allreduce; ROUNDS=5; WARMUP=3; LOOPBACK=0; SLICE=()
ALL="$*"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) WORKERS=$2; shift 2;; --mbit) MBITS=$2; shift 2;; --latency-ms) LATENCY=$2; shift 2;;
    --floats) FLOATS=$2; shift 2;; --modes) MODES=$2; shift 2;; --rounds) ROUNDS=$2; shift 2;; --warmup) WARMUP=$2; shift 2;;
    --loopback) LOOPBACK=1; shift;;
    --slice) SLICE=(--mode-slice "$2"); shift 2;;
    *) echo "netsim.sh: unknown argument '$1'" >&2; exit 2;;
  esac
done
for p in bench/Training bench/NetSim; do dotnet build "$p" -c Release -nologo -v quiet >/dev/null; done
BIN=bench/Training/bin/Release/net10.0
NODE="$BIN/ActorNet.Rdd.dll"
PROXY=bench/NetSim/bin/Release/net10.0/ActorNet.Bench.NetSim.dll
LOGS=$(mktemp -d /tmp/netsim.XXXXXX)
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), $(free -g | awk '/Mem:/{print $2 " GiB RAM"}'), dotnet $(dotnet --version); logs in $LOGS"
echo "command: bench/netsim.sh $ALL"

PIDS=()
stop_all() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done; PIDS=(); }
trap stop_all EXIT
# Free TCP ports on 127.0.0.1 (bound and released; nothing else on this machine is expected to take them meanwhile).
free_ports() { python3 -c "import socket,sys
s=[socket.socket() for _ in range($1)]
[x.bind(('127.0.0.1',0)) for x in s]; print(' '.join(str(x.getsockname()[1]) for x in s))"; }
wait_for() { # file, text, seconds
  for _ in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "netsim.sh: '$2' not in $1 after $3 s:" >&2; tail -20 "$1" >&2; return 1; }
QUIET=(--set actornet.loglevel=Warning --set akka.loglevel=WARNING)

run_case() { # K, mbit ("" for loopback)
  local k=$1 mbit=$2 tag="k$1-${2:-loopback}"
  read -r -a ports <<<"$(free_ports $((2 * k + 2)))"
  local seed=${ports[0]} stats=${ports[1]} links=()
  dotnet exec "$NODE" seed --port "$seed" "${QUIET[@]}" >"$LOGS/$tag-seed.log" 2>&1 & PIDS+=($!)
  wait_for "$LOGS/$tag-seed.log" "listening on" 60
  for ((i = 0; i < k; i++)); do
    local bound=${ports[$((2 + 2 * i))]} public=${ports[$((3 + 2 * i))]} extra=()
    if [[ -n "$mbit" ]]; then extra=(--set "actornet.data-plane.public-port=$public"); links+=(--link "$public=127.0.0.1:$bound"); fi
    dotnet exec "$NODE" worker --seed "127.0.0.1:$seed" --cores 1 --set "actornet.data-plane.port=$bound" "${extra[@]}" "${QUIET[@]}" \
      >"$LOGS/$tag-worker$i.log" 2>&1 & PIDS+=($!)
  done
  local model=()
  if [[ -n "$mbit" ]]; then
    dotnet "$PROXY" "${links[@]}" --mbit "$mbit" --latency-ms "$LATENCY" --stats "$stats" >"$LOGS/$tag-proxy.log" 2>&1 & PIDS+=($!)
    wait_for "$LOGS/$tag-proxy.log" "netsim ready" 30
    model=(--mbit "$mbit" --latency-ms "$LATENCY" --netsim-stats "$stats")
  fi
  for ((i = 0; i < k; i++)); do wait_for "$LOGS/$tag-worker$i.log" "listening on" 60; done
  if [[ -n "$mbit" ]]; then echo "== K = $k, $mbit Mbit/s, $LATENCY ms one-way"; else echo "== K = $k, loopback, no proxy"; fi
  # Bounded: a stuck run ends here rather than holding the machine.
  timeout --signal=INT --kill-after=30 1800 dotnet "$BIN/ActorNet.Bench.Training.dll" --master "actornet://127.0.0.1:$seed" --workers "$k" \
    --only modes --modes "$MODES" --mode-floats "$FLOATS" --mode-rounds "$ROUNDS" --mode-warmup "$WARMUP" "${SLICE[@]}" "${model[@]}" | tee "$LOGS/$tag-bench.log"
  stop_all
  [[ -n "$mbit" ]] && grep "^netsim " "$LOGS/$tag-proxy.log" || true
}

IFS=, read -r -a KS <<<"$WORKERS"; IFS=, read -r -a MS <<<"$MBITS"
for k in "${KS[@]}"; do
  [[ $LOOPBACK == 1 ]] && run_case "$k" ""
  for m in "${MS[@]}"; do run_case "$k" "$m"; done
done
echo
echo "| mode | floats | K | link | round, median of the timed (min–max) | model, even slices | model, busiest links' measured bytes | measured / model (median / min) | load |"
echo "|---|---|---|---|---|---|---|---|---|"
# Each bench log prints its rows twice (as they come, then in its table): once each here.
cat "$LOGS"/*-bench.log | grep '^| [a-z]' | grep -v '^| mode' | awk '!seen[$0]++' || true
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
