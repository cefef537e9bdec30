#!/usr/bin/env bash
# Benchmark: `vmc akash list` over N deployments with leases on the devnet, against the same
# listing through the official JS SDK's query client (bench/js/akash-list.mjs), in one run,
# interleaved: wall time (median of RUNS) and peak RSS (median of /usr/bin/time -v), and the
# ratios. Targets (issue 12): vmc under 1 s, at most 30 MB, at least 3x faster than the script.
#
# Usage: bench/akash-list.sh [VMC_BINARY]   (default: target/release/vmc, built if missing)
# Env:   N (deployments, default 1000), RUNS (default 10)
set -euo pipefail

N=${N:-1000}
RUNS=${RUNS:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VMC=${1:-$ROOT/target/release/vmc}
if [[ ! -x $VMC ]]; then
  (cd "$ROOT" && cargo build --release -p vmc-cli)
fi
command -v node >/dev/null || { echo "node is needed (apt-get install -y nodejs npm)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }
if [[ ! -d $ROOT/bench/js/node_modules/@akashnetwork/chain-sdk ]]; then
  (cd "$ROOT/bench/js" && npm install --no-audit --no-fund --silent)
fi

WORK=$(mktemp -d)
DEVNET_PID=
cleanup() {
  if [[ -n $DEVNET_PID ]]; then kill "$DEVNET_PID" 2>/dev/null || true; wait "$DEVNET_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_DATA_HOME=$WORK/home/.local/share
export VMC_DATA_DIR=$WORK/vmc-data VMC_CONFIG_DIR=$WORK/vmc-config
mkdir -p "$HOME"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
"$VMC" devnet up --listen "127.0.0.1:$PORT" --state "$WORK/devnet" >"$WORK/devnet.log" 2>&1 &
DEVNET_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "$URL/cosmos/base/tendermint/v1beta1/node_info" >/dev/null 2>&1 && break
  sleep 0.1
done
OWNER=$(curl -fsS "$URL/__devnet/info" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accounts"][0]["address"])')
echo "seeding $N deployments with leases for $OWNER at $URL …" >&2
curl -fsS -X POST -H 'Content-Type: application/json' \
  -d "{\"owner\":\"$OWNER\",\"deployments\":$N}" "$URL/__devnet/seed" >/dev/null

VMC_CMD=("$VMC" akash list --state all -o json --owner "$OWNER" --node "$URL")
JS_CMD=(node "$ROOT/bench/js/akash-list.mjs" "$URL" "$OWNER")
got_vmc=$("${VMC_CMD[@]}" 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), sum(len(x["leases"]) for x in d))')
got_js=$("${JS_CMD[@]}" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), sum(len(x["leases"]) for x in d))')
echo "deployments, leases listed: vmc $got_vmc; js $got_js" >&2
[[ $got_vmc == "$got_js" ]] || { echo "the two listings differ" >&2; exit 1; }

measure() { # tool → "wall_seconds rss_kib"
  /usr/bin/time -f '%e %M' -o "$WORK/t" "$@" >/dev/null 2>/dev/null
  cat "$WORK/t"
}
: >"$WORK/vmc.txt"; : >"$WORK/js.txt"
for _ in $(seq 1 "$RUNS"); do
  measure "${VMC_CMD[@]}" >>"$WORK/vmc.txt"
  measure "${JS_CMD[@]}" >>"$WORK/js.txt"
done
python3 - "$WORK/vmc.txt" "$WORK/js.txt" "$N" <<'PY'
import statistics, sys
def load(p):
    rows = [tuple(map(float, l.split())) for l in open(p) if l.strip()]
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows) / 1024
vw, vr = load(sys.argv[1]); jw, jr = load(sys.argv[2]); n = sys.argv[3]
print(f"{n} deployments with leases, median of interleaved runs")
print(f"  vmc akash list : {vw:6.3f} s  {vr:6.1f} MB peak RSS")
print(f"  JS SDK script  : {jw:6.3f} s  {jr:6.1f} MB peak RSS")
print(f"  ratio (JS / vmc): wall {jw / vw:.1f}x, RSS {jr / vr:.1f}x")
PY
