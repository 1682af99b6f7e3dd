#!/usr/bin/env bash
# Fault campaign, case 1 of issue 19: kill -9 of a random worker process at a random moment of MnistApp training on
# local-cluster[3], in each mode; every run is counted and compared with the undisturbed run of the same seed.
# Prints one line per run and a summary table (runs, finished, accuracy against the undisturbed run, seconds).
# Usage: bench/faults.sh [--runs N (10)] [--modes "averaging ps allreduce"] [--rounds R (12)] [--out DIR]   (from anywhere)
set -uo pipefail
cd "$(dirname "$0")/.."
RUNS=10; MODES="averaging ps allreduce"; ROUNDS=12; OUT=$(mktemp -d /tmp/actornet-faults.XXXXXX)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2;; --modes) MODES=$2; shift 2;; --rounds) ROUNDS=$2; shift 2;; --out) OUT=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
dotnet build src/Apps/MnistApp -c Release -nologo -v quiet >/dev/null || exit 1
APP=src/Apps/MnistApp/bin/Release/net10.0/MnistApp.dll
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
echo "command: bench/faults.sh --runs $RUNS --modes \"$MODES\" --rounds $ROUNDS   (output under $OUT)"

# One training run; echoes "<exit code> <accuracy or -> <seconds> <recoveries>". With a delay, a random worker process
# of the driver's local cluster is killed that many milliseconds after round 1 is reported.
train() {
  local mode=$1 dir=$2 delay=${3:-}
  mkdir -p "$dir"
  local start=$(date +%s.%N)
  timeout --kill-after=30 600 dotnet "$APP" --master 'local-cluster[3]' --workers 3 --mode "$mode" --sync-interval 5 \
    --rounds "$ROUNDS" --test-every "$ROUNDS" --threads 1 --out "$dir/out" > "$dir/driver.log" 2>&1 &
  local driver=$!
  if [[ -n "$delay" ]]; then
    for _ in $(seq 1 1200); do grep -q "round 1:" "$dir/driver.log" 2>/dev/null && break; sleep 0.1; done
    sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
    # The local cluster's workers are the driver's children running ActorNet.Rdd.dll worker (the seed is left alone).
    local dotnet_pid=$(pgrep -P "$driver" -f MnistApp.dll | head -1); dotnet_pid=${dotnet_pid:-$driver}
    local victims=($(pgrep -P "$dotnet_pid" -f 'ActorNet.Rdd.dll worker'))
    if [[ ${#victims[@]} -gt 0 ]]; then
      local victim=${victims[$((RANDOM % ${#victims[@]}))]}
      kill -9 "$victim" && echo "killed worker pid $victim ${delay} ms after round 1" >> "$dir/faults.log"
    else
      echo "no worker process found to kill" >> "$dir/faults.log"
    fi
  fi
  wait "$driver"; local code=$?
  local seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  local accuracy=$(grep -o 'done: test accuracy [0-9.]*' "$dir/driver.log" | awk '{print $4}')
  local recoveries=$(grep -c 'training goes on from round' "$dir/driver.log")
  echo "$code ${accuracy:--} $seconds $recoveries"
}

printf '%-10s %5s %9s %9s %10s %12s %12s %9s\n' mode runs finished killed recoveries "acc (base)" "max |diff|" "s/run"
for mode in $MODES; do
  read -r code base secs _ <<< "$(train "$mode" "$OUT/$mode-base")"
  [[ "$code" == 0 ]] || { echo "$mode: the undisturbed run failed (exit $code), see $OUT/$mode-base/driver.log"; continue; }
  finished=0; killed=0; recovered=0; worst=0; total=0
  for run in $(seq 1 "$RUNS"); do
    delay=$((RANDOM % 3000))
    read -r code acc secs rec <<< "$(train "$mode" "$OUT/$mode-$run" "$delay")"
    grep -q killed "$OUT/$mode-$run/faults.log" 2>/dev/null && killed=$((killed + 1))
    [[ "$code" == 0 && "$acc" != - ]] && finished=$((finished + 1))
    recovered=$((recovered + rec)); total=$(awk -v t="$total" -v s="$secs" 'BEGIN { print t + s }')
    diff=$(awk -v a="${acc/-/0}" -v b="$base" 'BEGIN { d = a - b; if (d < 0) d = -d; print d }')
    worst=$(awk -v w="$worst" -v d="$diff" 'BEGIN { print (d > w ? d : w) }')
    echo "  $mode run $run: kill after ${delay} ms, exit $code, accuracy $acc (base $base), $secs s, $rec recoveries" >&2
  done
  printf '%-10s %5d %9d %9d %10d %12s %12.4f %9.1f\n' "$mode" "$RUNS" "$finished" "$killed" "$recovered" "$base" "$worst" \
    "$(awk -v t="$total" -v n="$RUNS" 'BEGIN { print t / n }')"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
