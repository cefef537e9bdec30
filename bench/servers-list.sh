#!/usr/bin/env bash
# Benchmark: `vmc servers list` vs `hcloud server list` against the devnet with 500 servers
# (10 pages of 50), in the same run: wall time (hyperfine, else a timed loop) and peak RSS
# (/usr/bin/time -v, median of RUNS_RSS runs), both tools and the ratios. Targets: vmc <= 0.4 x
# hcloud's wall time and below hcloud's peak RSS. The devnet runs as a separate `vmc devnet up`
# process and VMC_HETZNER_ENDPOINT is set, so only the client is measured (no embedded devnet).
#
# Usage: bench/servers-list.sh [VMC_BINARY]   (default: target/release/vmc, built if missing)
# Env:   N (servers, default 500), RUNS (default 20), RUNS_RSS (default 5)
set -euo pipefail

N=${N:-500}
RUNS=${RUNS:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VMC=${1:-$ROOT/target/release/vmc}
if [[ ! -x $VMC ]]; then
  (cd "$ROOT" && cargo build --release -p vmc-cli)
fi
command -v hcloud >/dev/null || { echo "hcloud not installed (apt-get install -y hcloud-cli)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }

WORK=$(mktemp -d)
DEVNET_PID=
cleanup() {
  rm -f "$WORK/url"
  if [[ -n $DEVNET_PID ]]; then kill "$DEVNET_PID" 2>/dev/null || true; wait "$DEVNET_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# cargo/rustup keep working under the temporary HOME.
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_DATA_HOME=$WORK/home/.local/share
export VMC_DATA_DIR=$WORK/vmc-data VMC_CONFIG_DIR=$WORK/vmc-config HCLOUD_CONFIG=$WORK/hcloud.toml
mkdir -p "$HOME"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
API=http://127.0.0.1:$PORT/hetzner/v1
export HCLOUD_TOKEN=vmc-devnet-token
# Prefer `vmc devnet up`; if it does not serve the Hetzner API, serve it from the test harness.
"$VMC" devnet up --listen "127.0.0.1:$PORT" --state "$WORK/devnet" -o json >"$WORK/devnet.json" 2>"$WORK/devnet.log" &
DEVNET_PID=$!
up=
for _ in $(seq 1 50); do
  if curl -fsS -H "Authorization: Bearer $HCLOUD_TOKEN" "$API/locations" >/dev/null 2>&1; then up=1; break; fi
  sleep 0.2
done
if [[ -n $up ]]; then
  echo "creating $N servers in the devnet at $API …" >&2
  for i in $(seq 1 "$N"); do
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $HCLOUD_TOKEN" -H 'Content-Type: application/json' \
      -d "{\"name\":\"bench-$i\",\"server_type\":\"cx22\",\"image\":\"debian-12\",\"location\":\"fsn1\",\"labels\":{\"bench\":\"yes\"}}" \
      "$API/servers"
  done
else
  kill "$DEVNET_PID" 2>/dev/null || true; wait "$DEVNET_PID" 2>/dev/null || true
  echo "vmc devnet up does not serve /hetzner/v1 here; using the test harness's devnet" >&2
  export VMC_BENCH_URL_FILE=$WORK/url VMC_BENCH_SERVERS=$N
  (cd "$ROOT" && exec cargo test -q -p vmc-cli --test cli servers_bench_devnet:: -- --ignored --nocapture) >"$WORK/harness.log" 2>&1 &
  DEVNET_PID=$!
  for _ in $(seq 1 3000); do [[ -s $VMC_BENCH_URL_FILE ]] && break; sleep 0.2; done
  [[ -s $VMC_BENCH_URL_FILE ]] || { cat "$WORK/harness.log" >&2; exit 1; }
  API=$(cat "$VMC_BENCH_URL_FILE")
fi
export HCLOUD_ENDPOINT=$API VMC_HETZNER_ENDPOINT=$API
count_vmc=$("$VMC" servers list -o noheader | wc -l)
count_hcloud=$(hcloud server list -o noheader | wc -l)
echo "vmc lists $count_vmc servers, hcloud lists $count_hcloud" >&2
[[ $count_vmc == "$N" && $count_hcloud == "$N" ]] || { echo "server counts differ from $N" >&2; exit 1; }

# Wall time: hyperfine's mean when installed, else the mean of a timed loop of RUNS runs.
# Peak RSS: the median of RUNS_RSS runs of /usr/bin/time -v (max resident set size).
RUNS_RSS=${RUNS_RSS:-5}
declare -A WALL RSS
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$WORK/hf.json" \
    -n vmc "$VMC servers list" -n hcloud "hcloud server list" >&2
  for tool in vmc hcloud; do
    WALL[$tool]=$(python3 -c 'import json,sys; r={x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}; print(r[sys.argv[2]]["mean"]*1000)' "$WORK/hf.json" "$tool")
  done
else
  for tool in vmc hcloud; do
    if [[ $tool == vmc ]]; then cmd=("$VMC" servers list); else cmd=(hcloud server list); fi
    "${cmd[@]}" >/dev/null; "${cmd[@]}" >/dev/null  # warm-up
    start=$(date +%s%N)
    for _ in $(seq 1 "$RUNS"); do "${cmd[@]}" >/dev/null; done
    end=$(date +%s%N)
    WALL[$tool]=$(python3 -c "print(($end-$start)/$RUNS/1e6)")
  done
fi
for tool in vmc hcloud; do
  if [[ $tool == vmc ]]; then cmd=("$VMC" servers list); else cmd=(hcloud server list); fi
  kib=()
  for _ in $(seq 1 "$RUNS_RSS"); do
    /usr/bin/time -v "${cmd[@]}" >/dev/null 2>"$WORK/time.txt"
    kib+=("$(awk '/Maximum resident/ {print $NF}' "$WORK/time.txt")")
  done
  RSS[$tool]=$(printf '%s\n' "${kib[@]}" | sort -n | sed -n "$(( (RUNS_RSS + 1) / 2 ))p")
done
python3 - "${WALL[vmc]}" "${WALL[hcloud]}" "${RSS[vmc]}" "${RSS[hcloud]}" <<'PY'
import sys
wv, wh, rv, rh = map(float, sys.argv[1:])
print(f"{'':8}{'wall (ms)':>12}{'peak RSS (KiB)':>16}")
print(f"{'vmc':8}{wv:12.1f}{rv:16.0f}")
print(f"{'hcloud':8}{wh:12.1f}{rh:16.0f}")
print(f"{'vmc/hcloud':8}{wv/wh:10.2f}{rv/rh:16.2f}   (targets: wall <= 0.40, RSS < 1.00)")
PY
