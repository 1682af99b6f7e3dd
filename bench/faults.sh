#!/usr/bin/env bash
# Fault campaigns of issue 19, item 1, one case per run of the script (each repeated and counted):
#   kill      kill -9 of a random local-cluster[3] worker at a random moment of MnistApp training, each mode; accuracy
#             compared with the undisturbed run of the same seed (the default case)
#   sigstop   SIGSTOP of a random local-cluster[3] worker for each of --stops seconds after round 1, then SIGCONT: does
#             the job finish; was the member marked unreachable, did it come back or was it downed (and work redone)
#   seed      kill -9 of the seed: (a) local-cluster[3]'s seed process during training, each mode; (b) a cluster of
#             actornet processes (seed, two workers, MnistApp as driver): the seed is killed after round 1 and
#             restarted on its port with the running members as further seeds; one cluster with every member after
#   diskfull  an actornet worker whose shuffle folder (actornet.rdd.storage.local-dir) is a full 1 MiB tmpfs (needs
#             root to mount it), beside a healthy worker: a word count's shuffle writes fail there, naming the path,
#             and are retried on the other worker
#   slow      a local-cluster[3] worker frozen (cgroup freezer; needs root) --duty percent of every second for the whole
#             run, each mode: training seconds against the undisturbed run
# Prints one line per run and a summary table.
# Usage: bench/faults.sh [kill|sigstop|seed|diskfull|slow] [--runs N (10)] [--modes "averaging ps allreduce"]
#        [--rounds R (12)] [--stops "2 10 30"] [--duty PCT (50)] [--parts "a b" (seed's parts)]
#        [--set key=value (onto every actornet node of the seed case (b); repeatable)] [--out DIR]   (from anywhere)
set -uo pipefail
cd "$(dirname "$0")/.."
CASE=kill
[[ $# -gt 0 && "$1" != --* ]] && { CASE=$1; shift; }
RUNS=10; MODES="averaging ps allreduce"; ROUNDS=12; STOPS="2 10 30"; DUTY=50; PARTS="a b"; EXTRA_SETTINGS=(); OUT=$(mktemp -d /tmp/actornet-faults.XXXXXX)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2;; --modes) MODES=$2; shift 2;; --rounds) ROUNDS=$2; shift 2;; --out) OUT=$2; shift 2;;
    --stops) STOPS=$2; shift 2;; --duty) DUTY=$2; shift 2;; --parts) PARTS=$2; shift 2;;
    --set) EXTRA_SETTINGS+=(--set "$2"); shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
case "$CASE" in kill|sigstop|seed|diskfull|slow) ;; *) echo "unknown case $CASE (kill, sigstop, seed, diskfull, slow)" >&2; exit 2;; esac
dotnet build src/Apps/MnistApp -c Release -nologo -v quiet >/dev/null || exit 1
APP=src/Apps/MnistApp/bin/Release/net10.0/MnistApp.dll
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
echo "command: bench/faults.sh $CASE --runs $RUNS --modes \"$MODES\" --rounds $ROUNDS --stops \"$STOPS\" --duty $DUTY --parts \"$PARTS\" ${EXTRA_SETTINGS[*]}   (output under $OUT)"

# The local cluster's processes are the driver's children running ActorNet.Rdd.dll (seed or worker).
local_nodes() {
  local driver=$1 role=$2
  local dotnet_pid=$(pgrep -P "$driver" -f MnistApp.dll | head -1); dotnet_pid=${dotnet_pid:-$driver}
  pgrep -P "$dotnet_pid" -f "ActorNet.Rdd.dll $role"
}

random_worker() {
  local victims=($(local_nodes "$1" worker))
  [[ ${#victims[@]} -gt 0 ]] && echo "${victims[$((RANDOM % ${#victims[@]}))]}"
}

# The Akka port a node listens on (its lowest listening port that its log names; the data plane's is the other).
akka_port() {
  ss -ltnpH 2>/dev/null | grep "pid=$1," | awk '{print $4}' | sed 's/.*://' | sort -n | tr '\n' ' '
}

# Disturbances, run in the background once round 1 is reported; they write what they did to $dir/faults.log.
disturb_kill() {
  local driver=$1 dir=$2 delay=$3 victim
  sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
  victim=$(random_worker "$driver")
  if [[ -n "$victim" ]]; then kill -9 "$victim" && echo "killed worker pid $victim ${delay} ms after round 1" >> "$dir/faults.log"
  else echo "no worker process found to kill" >> "$dir/faults.log"; fi
}

disturb_stop() {
  local driver=$1 dir=$2 seconds=$3 victim
  victim=$(random_worker "$driver")
  [[ -n "$victim" ]] || { echo "no worker process found to stop" >> "$dir/faults.log"; return; }
  echo "ports $(akka_port "$victim")" >> "$dir/faults.log"
  kill -STOP "$victim"; echo "stopped worker pid $victim for $seconds s" >> "$dir/faults.log"
  sleep "$seconds"; kill -CONT "$victim"; echo "continued at $(date +%s.%N)" >> "$dir/faults.log"
}

disturb_kill_seed() {
  local driver=$1 dir=$2 delay=$3 victim
  sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
  victim=$(local_nodes "$driver" seed | head -1)
  if [[ -n "$victim" ]]; then kill -9 "$victim" && echo "killed seed pid $victim ${delay} ms after round 1" >> "$dir/faults.log"
  else echo "no seed process found to kill" >> "$dir/faults.log"; fi
}

# The slow worker is frozen by the cgroup (v1) freezer rather than SIGSTOPped: the same duty cycle without a stop and a
# continue signal (and the driver's SIGCHLD for each) every half second.
FREEZER=/sys/fs/cgroup/freezer
disturb_slow() {
  local driver=$1 dir=$2 duty=$3 victim cycles=0 group
  victim=$(random_worker "$driver")
  [[ -n "$victim" ]] || { echo "no worker process found to slow" >> "$dir/faults.log"; return; }
  group=$FREEZER/actornet-slow-$$-$RANDOM; mkdir "$group" && echo "$victim" > "$group/cgroup.procs" ||
    { echo "could not put worker $victim in a freezer cgroup (needs root and $FREEZER)" >> "$dir/faults.log"; return; }
  local on=$(awk -v d="$duty" 'BEGIN { printf "%.2f", d / 100 }') off=$(awk -v d="$duty" 'BEGIN { printf "%.2f", 1 - d / 100 }')
  while kill -0 "$driver" 2>/dev/null && kill -0 "$victim" 2>/dev/null; do
    echo FROZEN > "$group/freezer.state"; sleep "$on"; echo THAWED > "$group/freezer.state"; sleep "$off"; cycles=$((cycles + 1))
  done
  echo THAWED > "$group/freezer.state"
  # The worker exits with its driver; the empty group can then go.
  for _ in $(seq 1 100); do rmdir "$group" 2>/dev/null && break; sleep 0.1; done
  echo "slowed worker pid $victim: frozen $duty% of each second, $cycles cycles" >> "$dir/faults.log"
}

# One training run on local-cluster[3]; echoes "<exit code> <accuracy or -> <seconds> <recoveries> <training seconds>".
# With a disturbance (a function above and its argument), it starts once round 1 is reported and is waited for.
train() {
  local mode=$1 dir=$2 disturbance=${3:-} argument=${4:-}
  mkdir -p "$dir"
  local start=$(date +%s.%N)
  timeout --kill-after=30 900 dotnet "$APP" --master 'local-cluster[3]' --workers 3 --mode "$mode" --sync-interval 5 \
    --rounds "$ROUNDS" --test-every "$ROUNDS" --threads 1 --out "$dir/out" > "$dir/driver.log" 2>&1 &
  local driver=$! helper=
  if [[ -n "$disturbance" ]]; then
    for _ in $(seq 1 1200); do grep -q "round 1:" "$dir/driver.log" 2>/dev/null && break; sleep 0.1; done
    "$disturbance" "$driver" "$dir" "$argument" & helper=$!
  fi
  wait "$driver"; local code=$?
  local seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  [[ -n "$helper" ]] && wait "$helper"
  local accuracy=$(grep -o 'done: test accuracy [0-9.]*' "$dir/driver.log" | awk '{print $4}')
  local training=$(grep -o 'rounds in [0-9.]* s' "$dir/driver.log" | awk '{print $3}')
  local recoveries=$(grep -c 'training goes on from round' "$dir/driver.log")
  echo "$code ${accuracy:--} $seconds $recoveries ${training:--}"
}

add() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }

case_kill() {
  printf '%-10s %5s %9s %9s %10s %12s %12s %9s\n' mode runs finished killed recoveries "acc (base)" "max |diff|" "s/run"
  for mode in $MODES; do
    read -r code base secs _ <<< "$(train "$mode" "$OUT/$mode-base")"
    [[ "$code" == 0 ]] || { echo "$mode: the undisturbed run failed (exit $code), see $OUT/$mode-base/driver.log"; continue; }
    local finished=0 killed=0 recovered=0 worst=0 total=0
    for run in $(seq 1 "$RUNS"); do
      local delay=$((RANDOM % 3000))
      read -r code acc secs rec _ <<< "$(train "$mode" "$OUT/$mode-$run" disturb_kill "$delay")"
      grep -q killed "$OUT/$mode-$run/faults.log" 2>/dev/null && killed=$((killed + 1))
      [[ "$code" == 0 && "$acc" != - ]] && finished=$((finished + 1))
      recovered=$((recovered + rec)); total=$(add "$total" "$secs")
      local diff=$(awk -v a="${acc/-/0}" -v b="$base" 'BEGIN { d = a - b; if (d < 0) d = -d; print d }')
      worst=$(awk -v w="$worst" -v d="$diff" 'BEGIN { print (d > w ? d : w) }')
      echo "  $mode run $run: kill after ${delay} ms, exit $code, accuracy $acc (base $base), $secs s, $rec recoveries" >&2
    done
    printf '%-10s %5d %9d %9d %10d %12s %12.4f %9.1f\n' "$mode" "$RUNS" "$finished" "$killed" "$recovered" "$base" "$worst" \
      "$(awk -v t="$total" -v n="$RUNS" 'BEGIN { print t / n }')"
  done
}

case_sigstop() {
  printf '%-10s %6s %5s %9s %12s %9s %7s %10s %13s\n' mode "stop s" runs finished unreachable "came back" downed recoveries "train s (base)"
  for mode in $MODES; do
    read -r code _ _ _ base <<< "$(train "$mode" "$OUT/$mode-base")"
    [[ "$code" == 0 ]] || { echo "$mode: the undisturbed run failed (exit $code), see $OUT/$mode-base/driver.log"; continue; }
    for stop in $STOPS; do
      local finished=0 unreachable=0 back=0 downed=0 recovered=0 total=0
      for run in $(seq 1 "$RUNS"); do
        local dir="$OUT/$mode-stop$stop-$run"
        read -r code acc secs rec training <<< "$(train "$mode" "$dir" disturb_stop "$stop")"
        [[ "$code" == 0 && "$acc" != - ]] && { finished=$((finished + 1)); total=$(add "$total" "$training"); }
        # Marked unreachable by any member: Akka's warning names the stopped node's address (one of its ports).
        local marked=0
        for port in $(grep '^ports' "$dir/faults.log" | cut -d' ' -f2-); do
          grep -q "Marking node(s) as UNREACHABLE \[Member(address = [a-z.]*://actornet@[0-9.]*:$port," "$dir/driver.log" && marked=1
        done
        unreachable=$((unreachable + marked))
        # Downed: the split brain resolver's leader names it, or the member itself says so (the driver's log carries the
        # local cluster's logs, prefixed with their pids, while the driver runs).
        local victim=$(grep -o 'stopped worker pid [0-9]*' "$dir/faults.log" | awk '{print $4}') fate=up was_downed=0
        grep -q "^\[worker $victim\].*was downed" "$dir/driver.log" && was_downed=1
        for port in $(grep '^ports' "$dir/faults.log" | cut -d' ' -f2-); do
          grep -q "is downing \[[^]]*:$port\]" "$dir/driver.log" && was_downed=1
        done
        if [[ $was_downed == 1 ]]; then downed=$((downed + 1)); fate=downed
        elif [[ $marked == 1 ]]; then back=$((back + 1)); fate="came back"; fi
        recovered=$((recovered + rec))
        echo "  $mode stop $stop s run $run: exit $code, accuracy $acc, unreachable $marked, $fate, $rec recoveries, training $training s ($secs s wall)" >&2
      done
      printf '%-10s %6s %5d %9d %12d %9d %7d %10d %13s\n' "$mode" "$stop" "$RUNS" "$finished" "$unreachable" "$back" "$downed" "$recovered" \
        "$(awk -v t="$total" -v n="$finished" 'BEGIN { if (n > 0) printf "%.1f", t / n; else printf "-" }') ($base)"
    done
  done
}

case_slow() {
  printf '%-10s %5s %9s %10s %10s %12s %9s\n' mode runs finished recoveries "base s" "slowed s" slowdown
  for mode in $MODES; do
    read -r code _ _ _ base <<< "$(train "$mode" "$OUT/$mode-base")"
    [[ "$code" == 0 ]] || { echo "$mode: the undisturbed run failed (exit $code), see $OUT/$mode-base/driver.log"; continue; }
    local finished=0 recovered=0 total=0
    for run in $(seq 1 "$RUNS"); do
      read -r code acc secs rec training <<< "$(train "$mode" "$OUT/$mode-slow-$run" disturb_slow "$DUTY")"
      [[ "$code" == 0 && "$acc" != - ]] && { finished=$((finished + 1)); total=$(add "$total" "$training"); }
      recovered=$((recovered + rec))
      echo "  $mode slow run $run: exit $code, accuracy $acc, training $training s (base $base s), $rec recoveries; $(tail -1 "$OUT/$mode-slow-$run/faults.log")" >&2
    done
    local mean=$(awk -v t="$total" -v n="$finished" 'BEGIN { if (n > 0) printf "%.1f", t / n; else print "-" }')
    printf '%-10s %5d %9d %10d %10s %12s %9s\n' "$mode" "$RUNS" "$finished" "$recovered" "$base" "$mean" \
      "$(awk -v m="$mean" -v b="$base" 'BEGIN { if (m == "-") print "-"; else printf "%.2fx", m / b }')"
  done
}

# (b) of the seed case: actornet processes on fixed free ports, the seed restarted on its own port.
ACTORNET=src/Apps/Node/bin/Release/net10.0/actornet.dll
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_listening() { for _ in $(seq 1 600); do grep -q '^listening on' "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
NODE_SETTINGS=(--set akka.cluster.failure-detector.acceptable-heartbeat-pause=5s --set akka.cluster.split-brain-resolver.stable-after=5s
  --set akka.cluster.retry-unsuccessful-join-after=2s "${EXTRA_SETTINGS[@]}")

seed_restart_run() {
  local dir=$1 mode=$2 pids=() seed_port worker_port
  mkdir -p "$dir"; seed_port=$(free_port); worker_port=$(free_port)
  local seeds=(--seed "127.0.0.1:$seed_port" --seed "127.0.0.1:$worker_port")
  dotnet "$ACTORNET" seed --port "$seed_port" "${seeds[@]}" "${NODE_SETTINGS[@]}" > "$dir/seed.log" 2>&1 & pids+=($!); local seed=$!
  wait_listening "$dir/seed.log" || { echo "seed did not start" > "$dir/faults.log"; kill "${pids[@]}"; return; }
  dotnet "$ACTORNET" worker --port "$worker_port" "${seeds[@]}" --cores 2 "${NODE_SETTINGS[@]}" > "$dir/worker1.log" 2>&1 & pids+=($!)
  dotnet "$ACTORNET" worker --port 0 "${seeds[@]}" --cores 2 "${NODE_SETTINGS[@]}" > "$dir/worker2.log" 2>&1 & pids+=($!)
  wait_listening "$dir/worker1.log"; wait_listening "$dir/worker2.log"
  # The seed and both workers Up before the driver starts: a member still Joining when the seed dies cannot become Up
  # (no leader converges without the seed) and is later downed; that is not the case measured here.
  for _ in $(seq 1 30); do
    [[ $(dotnet "$ACTORNET" status --seed "127.0.0.1:$seed_port" --json 2>/dev/null | grep -o '"Up"' | wc -l) == 3 ]] && break
    sleep 1
  done
  local start=$(date +%s.%N)
  timeout --kill-after=30 900 dotnet "$APP" --master "actornet://127.0.0.1:$seed_port,127.0.0.1:$worker_port" --workers 2 --mode "$mode" \
    --sync-interval 5 --rounds "$ROUNDS" --test-every "$ROUNDS" --threads 1 --out "$dir/out" \
    --set akka.cluster.failure-detector.acceptable-heartbeat-pause=5s --set akka.cluster.split-brain-resolver.stable-after=5s > "$dir/driver.log" 2>&1 &
  local driver=$!
  for _ in $(seq 1 1200); do grep -q "round 1:" "$dir/driver.log" 2>/dev/null && break; sleep 0.1; done
  kill -9 "$seed"; echo "killed seed pid $seed at $(date +%s.%N)" >> "$dir/faults.log"
  sleep 2
  local restarted_at=$(date +%s.%N)
  dotnet "$ACTORNET" seed --port "$seed_port" "${seeds[@]}" "${NODE_SETTINGS[@]}" > "$dir/seed2.log" 2>&1 & pids+=($!)
  # Rejoined: the restarted seed hears a Welcome from a member of the running cluster (or joined itself: a second cluster).
  local rejoined=-
  for _ in $(seq 1 600); do
    if grep -q 'Welcome from' "$dir/seed2.log" 2>/dev/null; then rejoined=$(awk -v s="$restarted_at" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'); break; fi
    grep -q 'is JOINING itself\|Leader is moving node \[akka[^]]*'"$seed_port"'\] to \[Up\]' "$dir/seed2.log" 2>/dev/null &&
      ! grep -q 'Welcome from' "$dir/seed2.log" && { rejoined=self; break; }
    sleep 0.1
  done
  wait "$driver"; local code=$?
  local secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  # Asked until both views show the seed and both workers Up (a member that just joined waits for gossip to
  # converge before the leader moves it Up), for at most 30 s.
  local from_seed=0 from_worker=0
  for _ in $(seq 1 15); do
    from_seed=$(dotnet "$ACTORNET" status --seed "127.0.0.1:$seed_port" --json 2>/dev/null | grep -o '"Up"' | wc -l)
    from_worker=$(dotnet "$ACTORNET" status --seed "127.0.0.1:$worker_port" --json 2>/dev/null | grep -o '"Up"' | wc -l)
    [[ "$from_seed" == 3 && "$from_worker" == 3 ]] && break
    sleep 2
  done
  kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null
  local accuracy=$(grep -o 'done: test accuracy [0-9.]*' "$dir/driver.log" | awk '{print $4}')
  echo "$code ${accuracy:--} $secs $rejoined $from_seed $from_worker"
}

case_seed() {
  dotnet build src/Apps/Node -c Release -nologo -v quiet >/dev/null || exit 1
  [[ " $PARTS " == *" a "* ]] && seed_kill_local
  [[ " $PARTS " == *" b "* ]] && seed_restart_actornet
}

seed_kill_local() {
  echo "(a) kill -9 of local-cluster[3]'s seed process, at a random moment after round 1"
  printf '%-10s %5s %9s %9s %10s %9s\n' mode runs finished killed recoveries "s/run"
  for mode in $MODES; do
    local finished=0 killed=0 recovered=0 total=0
    for run in $(seq 1 "$RUNS"); do
      local delay=$((RANDOM % 3000))
      read -r code acc secs rec _ <<< "$(train "$mode" "$OUT/$mode-seed-$run" disturb_kill_seed "$delay")"
      grep -q killed "$OUT/$mode-seed-$run/faults.log" 2>/dev/null && killed=$((killed + 1))
      [[ "$code" == 0 && "$acc" != - ]] && finished=$((finished + 1))
      recovered=$((recovered + rec)); total=$(add "$total" "$secs")
      echo "  $mode seed kill run $run: after ${delay} ms, exit $code, accuracy $acc, $secs s, $rec recoveries" >&2
    done
    printf '%-10s %5d %9d %9d %10d %9.1f\n' "$mode" "$RUNS" "$finished" "$killed" "$recovered" "$(awk -v t="$total" -v n="$RUNS" 'BEGIN { print t / n }')"
  done
}

seed_restart_actornet() {
  echo "(b) actornet seed + 2 workers + MnistApp driver; the seed killed after round 1 and restarted on its port 2 s later"
  printf '%-10s %5s %9s %9s %14s %14s\n' mode runs finished rejoined "rejoin s (max)" "one cluster"
  for mode in $MODES; do
    local finished=0 rejoined=0 worst=0 one=0
    for run in $(seq 1 "$RUNS"); do
      read -r code acc secs joined from_seed from_worker <<< "$(seed_restart_run "$OUT/$mode-restart-$run" "$mode")"
      [[ "$code" == 0 && "$acc" != - ]] && finished=$((finished + 1))
      [[ "$joined" != - && "$joined" != self ]] && { rejoined=$((rejoined + 1)); worst=$(awk -v w="$worst" -v d="$joined" 'BEGIN { print (d > w ? d : w) }'); }
      # After the driver left: the seed and both workers Up, seen alike from the seed and from a worker.
      [[ "$from_seed" == 3 && "$from_worker" == 3 ]] && one=$((one + 1))
      echo "  $mode seed restart run $run: exit $code, accuracy $acc, $secs s, rejoined after $joined s, Up members seen from seed $from_seed, from worker $from_worker" >&2
    done
    printf '%-10s %5d %9d %9d %14s %14s\n' "$mode" "$RUNS" "$finished" "$rejoined" "$worst" "$one of $RUNS"
  done
}

case_diskfull() {
  [[ $(id -u) == 0 ]] || { echo "diskfull needs root (it mounts a 1 MiB tmpfs)"; exit 2; }
  dotnet build src/Apps/Node -c Release -nologo -v quiet >/dev/null || exit 1
  dotnet build bench/Faults -c Release -nologo -v quiet >/dev/null || exit 1
  local full=$(mktemp -d /tmp/actornet-full.XXXXXX)
  mount -t tmpfs -o size=1m actornet-full "$full" || exit 1
  trap "umount '$full'; rmdir '$full'" RETURN
  dd if=/dev/zero of="$full/filler" bs=64k 2>/dev/null # fills it: ENOSPC
  echo "shuffle folder of the full worker: $full ($(df -h "$full" | tail -1 | awk '{print $3 " used of " $2}'))"
  printf '%5s %9s %14s %16s %18s\n' run finished "failed tasks" "naming the path" "retried elsewhere"
  local finished=0 named=0
  for run in $(seq 1 "$RUNS"); do
    local dir="$OUT/diskfull-$run" pids=(); mkdir -p "$dir"
    dotnet "$ACTORNET" seed --port 0 > "$dir/seed.log" 2>&1 & pids+=($!)
    wait_listening "$dir/seed.log"; local seed=$(grep -o 'actornet@[0-9.:]*' "$dir/seed.log" | head -1 | cut -d@ -f2)
    dotnet "$ACTORNET" worker --port 0 --seed "$seed" --cores 2 --set "actornet.rdd.storage.local-dir=$full" > "$dir/full-worker.log" 2>&1 & pids+=($!)
    dotnet "$ACTORNET" worker --port 0 --seed "$seed" --cores 2 > "$dir/worker.log" 2>&1 & pids+=($!)
    wait_listening "$dir/full-worker.log"; wait_listening "$dir/worker.log"; sleep 3
    local full_address=$(grep -o '^listening on .*' "$dir/full-worker.log" | awk '{print $3}')
    timeout 300 dotnet bench/Faults/bin/Release/net10.0/ActorNet.Bench.Faults.dll "actornet://$seed" 2 > "$dir/driver.log" 2>&1; local code=$?
    kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null
    local failed=$(grep -c '^task failed on' "$dir/driver.log")
    local naming=$(grep '^task failed on' "$dir/driver.log" | grep 'No space left on device' | grep -c "$full/")
    local elsewhere=$(grep '^task failed on' "$dir/driver.log" | grep -vc "^task failed on $full_address")
    local ok=0; [[ $code == 0 ]] && grep -q '^word count correct' "$dir/driver.log" && ok=1
    finished=$((finished + ok))
    printf '%5d %9d %14d %16d %18s\n' "$run" "$ok" "$failed" "$naming" "$([[ $ok == 1 && $failed -gt 0 ]] && echo yes || echo -)"
    [[ $elsewhere -gt 0 ]] && echo "  run $run: $elsewhere failed attempts on the healthy worker (see $dir/driver.log)"
  done
  echo "finished $finished of $RUNS"
}

"case_$CASE"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
