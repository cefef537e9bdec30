#!/usr/bin/env bash
# Benchmark: the one-command deploy, `vmc akash deploy SDL -o jsonl`, on a devnet with real blocks,
# against the same flow through the official JS SDK (bench/js/akash-deploy.mjs: create → poll
# bids → lease the cheapest → PUT the manifest with the SDK's JWT), interleaved, in one run.
#
# Measured per run, from the `broadcast` event of the create transaction (signed, being sent) to
# `manifest_accepted` (the provider answered 2xx to the PUT), both tools emitting the same event
# names as JSON lines that a reader stamps with the wall clock as they arrive:
#   * blocks: the chain height (GET /cosmos/base/tendermint/v1beta1/blocks/latest) when the
#     manifest is accepted minus the height when the create is broadcast;
#   * wall seconds between the two lines;
#   * the target: at most 3 block intervals + 0.5 s (3.5 s at 1 s blocks) — met or not.
# Also "start → manifest": from the process start (SDL parse, account, simulate, … included), and
# "tail": from the block that included the lease (its header time) to the manifest accepted — the
# part no block waits in (noticing the inclusion, the provider's address and certificate, the PUT).
# Each run starts just after a new block (ALIGN=1, the default), so both tools start at the same
# point of the block interval; the block wait in "create → manifest" depends on where in the
# interval the create is broadcast, so a tool that broadcasts later (the JS side spends ~0.6 s on
# node start, imports and simulate) waits less for the first block from its broadcast on.
# Then the medians, and the ratios JS / vmc of the medians.
#
# Usage: bench/akash-deploy.sh [VMC_BINARY]   (default: target/release/vmc, built if missing)
# Env:   N (runs per tool, default 5), BLOCK_TIME (default 1s), PORT (default: a free one),
#        POLL_MS (the JS side's poll interval for bids and inclusion, default a tenth of the block,
#        as vmc polls), SDL (default templates/akash/web.yaml), DEPOSIT (uact, default 5000000),
#        ALIGN (1: start each run just after a block; 0: whenever the previous run ended)
set -euo pipefail

N=${N:-5}
BLOCK_TIME=${BLOCK_TIME:-1s}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VMC=${1:-$ROOT/target/release/vmc}
SDL=${SDL:-$ROOT/templates/akash/web.yaml}
DEPOSIT=${DEPOSIT:-5000000}
if [[ ! -x $VMC ]]; then
  (cd "$ROOT" && cargo build --release -p vmc-cli)
fi
command -v node >/dev/null || { echo "node is needed (apt-get install -y nodejs npm)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
if [[ ! -d $ROOT/bench/js/node_modules/@akashnetwork/chain-sdk ]]; then
  (cd "$ROOT/bench/js" && npm ci --no-audit --no-fund --silent)
fi
BLOCK_SECS=$(python3 -c 'import re,sys; m=re.fullmatch(r"([0-9.]+)(ms|s)", sys.argv[1]); print(float(m[1])/(1000 if m[2]=="ms" else 1))' "$BLOCK_TIME")
POLL_MS=${POLL_MS:-$(python3 -c 'import sys; print(max(1, round(float(sys.argv[1])*100)))' "$BLOCK_SECS")}

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
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
URL=http://127.0.0.1:$PORT
"$VMC" devnet up --block-time "$BLOCK_TIME" --listen "127.0.0.1:$PORT" --state "$WORK/devnet" >"$WORK/devnet.log" 2>&1 &
DEVNET_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "$URL/cosmos/base/tendermint/v1beta1/node_info" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$URL/cosmos/base/tendermint/v1beta1/node_info" >/dev/null || { cat "$WORK/devnet.log" >&2; exit 1; }
# The devnet's development wallet (a public test key, the one vmc uses on network local).
export VMC_JS_MNEMONIC="test test test test test test test test test test test junk"
JS_VERSION=$(node -p 'require(process.argv[1]).version' "$ROOT/bench/js/node_modules/@akashnetwork/chain-sdk/package.json")
echo "devnet at $URL, blocks every $BLOCK_TIME; $N runs each, interleaved; SDL $SDL" >&2

# Runs a command, stamps each stdout line as it arrives, asks the chain's height at the create
# broadcast and at the manifest; prints one JSON line.
cat >"$WORK/stamp.py" <<'PY'
import datetime, json, os, subprocess, sys, time, urllib.request
url, cmd = sys.argv[1], sys.argv[2:]
def header(which="latest"):
    with urllib.request.urlopen(url + "/cosmos/base/tendermint/v1beta1/blocks/" + str(which)) as r:
        b = json.load(r)
    return (b.get("sdk_block") or b["block"])["header"]
def height():
    return int(header()["height"])
if os.environ.get("ALIGN", "1") == "1":
    h = height()
    while height() == h:
        time.sleep(0.005)
r = {"t_start": time.time()}
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
for line in iter(p.stdout.readline, b""):
    t = time.time()
    try:
        e = json.loads(line)
    except ValueError:
        continue
    ev, step = e.get("event"), e.get("step")
    if ev == "broadcast" and step == "create" and "t_create" not in r:
        r["t_create"] = t
        r["h_create"] = height()
    elif ev == "included":
        r[f"h_{step}_included"] = e.get("height")
    elif ev == "manifest_accepted" and "t_manifest" not in r:
        r["t_manifest"] = t
        r["h_manifest"] = height()
r["exit"] = p.wait()
r["t_exit"] = time.time()
if r.get("h_lease_included"):
    t = header(r["h_lease_included"])["time"].replace("Z", "+00:00")
    r["t_lease_block"] = datetime.datetime.fromisoformat(t).timestamp()
print(json.dumps(r))
PY

VMC_CMD=("$VMC" akash deploy "$SDL" --deposit "${DEPOSIT}uact" --yes --reason "benchmark" -o jsonl --node "$URL")
JS_CMD=(node "$ROOT/bench/js/akash-deploy.mjs" "$URL" "$SDL" "$DEPOSIT" "$POLL_MS")
: >"$WORK/vmc.jsonl"; : >"$WORK/js.jsonl"
for i in $(seq 1 "$N"); do
  python3 "$WORK/stamp.py" "$URL" "${VMC_CMD[@]}" >>"$WORK/vmc.jsonl"
  python3 "$WORK/stamp.py" "$URL" "${JS_CMD[@]}" >>"$WORK/js.jsonl"
  echo "run $i/$N done" >&2
done

python3 - "$WORK/vmc.jsonl" "$WORK/js.jsonl" "$BLOCK_SECS" "$JS_VERSION" "$POLL_MS" <<'PY'
import json, statistics, sys
vmc_p, js_p, block, js_version, poll_ms = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
target = 3 * block + 0.5
def load(p):
    rows = []
    for l in open(p):
        r = json.loads(l)
        ok = r["exit"] == 0 and "t_create" in r and "t_manifest" in r
        rows.append({
            "ok": ok,
            "blocks": r["h_manifest"] - r["h_create"] if ok else None,
            "wall": r["t_manifest"] - r["t_create"] if ok else None,
            "from_start": r["t_manifest"] - r["t_start"] if ok else None,
            "tail": r["t_manifest"] - r["t_lease_block"] if ok and "t_lease_block" in r else None,
            "create_h": r.get("h_create_included"), "lease_h": r.get("h_lease_included"),
        })
    return rows
tools = [("vmc akash deploy", load(vmc_p)), (f"JS SDK {js_version}", load(js_p))]
print(f"create broadcast -> manifest accepted, {block:g} s blocks; target 3 blocks + 0.5 s = {target:g} s")
print(f"{'tool':<24} {'run':>3} {'blocks':>6} {'wall s':>7} {'target':>7} {'start->manifest s':>18} {'tail s':>7}")
fmt = lambda v: f"{v:7.3f}" if v is not None else "      -"
medians = {}
for name, rows in tools:
    for i, r in enumerate(rows, 1):
        if not r["ok"]:
            print(f"{name:<24} {i:>3} {'failed':>6}")
            continue
        met = "met" if r["wall"] <= target else "missed"
        print(f"{name:<24} {i:>3} {r['blocks']:>6} {r['wall']:>7.3f} {met:>7} {r['from_start']:>18.3f} {fmt(r['tail'])}")
    good = [r for r in rows if r["ok"]]
    if good:
        mb = statistics.median(r["blocks"] for r in good)
        mw = statistics.median(r["wall"] for r in good)
        ms = statistics.median(r["from_start"] for r in good)
        tails = [r["tail"] for r in good if r["tail"] is not None]
        mt = statistics.median(tails) if tails else None
        medians[name] = (mw, ms, mt)
        met = "met" if mw <= target else "missed"
        print(f"{name:<24} {'med':>3} {mb:>6g} {mw:>7.3f} {met:>7} {ms:>18.3f} {fmt(mt)}   ({sum(r['wall'] <= target for r in good)}/{len(good)} runs met)")
if len(medians) == 2:
    (vw, vs, vt), (jw, js, jt) = medians[tools[0][0]], medians[tools[1][0]]
    tail = f", tail {jt / vt:.2f}x" if vt and jt else ""
    print(f"ratio JS / vmc (medians): create->manifest {jw / vw:.2f}x, start->manifest {js / vs:.2f}x{tail}"
          f"   (JS polls every {poll_ms} ms; vmc at a tenth of the block time)")
PY
