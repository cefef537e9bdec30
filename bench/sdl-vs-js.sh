#!/usr/bin/env bash
# SDL -> manifest -> hash throughput: vmc versus the official JS SDK, in the same run, on the same
# files (issue 2, "Measure"). Not a test: it prints numbers.
#
#   bench/sdl-vs-js.sh [JS_ROUNDS] [VMC_ROUNDS]
#
# 1. extracts every conformance vector's `sdl_yaml` into a temp folder (VMC_CONFORMANCE_DIR, else
#    ../shared/conformance next to the repository);
# 2. installs @akashnetwork/chain-sdk from npm (`npm ci`, versions pinned by bench/js/package-lock.json)
#    into bench/js/node_modules (not committed) and runs
#    js-yaml load + generateManifest + generateManifestVersion over the folder JS_ROUNDS times
#    (after one warm-up round) in one node process;
# 3. builds vmc (release) and runs `vmc sdl hash` once, over the folder's files repeated
#    VMC_ROUNDS times, in one process: with its default of one thread per core, then `--jobs 1`;
# 4. prints files/s and MB/s of both, the ratio, CPU time and peak RSS (from /usr/bin/time -v).
#
# Environment: VMC_BIN (use this vmc binary instead of building one), VMC_CONFORMANCE_DIR.
set -euo pipefail

JS_ROUNDS=${1:-3}
VMC_ROUNDS=${2:-20}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONF=${VMC_CONFORMANCE_DIR:-$ROOT/../shared/conformance}
[ -d "$CONF/sdl" ] || { echo "error: no conformance vectors at $CONF/sdl (set VMC_CONFORMANCE_DIR)" >&2; exit 2; }

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (Debian package \`time\`) for peak-RSS figures" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q time >&2; else sudo apt-get install -y -q time >&2; fi
fi
command -v node >/dev/null || { echo "error: node is required (Debian: apt-get install nodejs npm)" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/sdl"

# 1. The corpus as plain YAML files.
node -e '
const fs = require("fs"), path = require("path");
const [src, dst] = process.argv.slice(1);
for (const f of fs.readdirSync(src).filter((f) => f.endsWith(".json")).sort()) {
  const v = JSON.parse(fs.readFileSync(path.join(src, f), "utf8"));
  fs.writeFileSync(path.join(dst, f.replace(/\.json$/, ".yaml")), v.sdl_yaml);
}' "$CONF/sdl" "$WORK/sdl"
FILES=$(ls "$WORK/sdl" | wc -l)
BYTES=$(cat "$WORK"/sdl/*.yaml | wc -c)

# 2. The JS SDK.
(cd "$ROOT/bench/js" && { [ -d node_modules/@akashnetwork/chain-sdk ] || npm ci --no-audit --no-fund --loglevel=error >&2; })
/usr/bin/time -v -o "$WORK/js.time" node "$ROOT/bench/js/bench.mjs" "$WORK/sdl" "$JS_ROUNDS" >"$WORK/js.json"

# 3. vmc.
if [ -z "${VMC_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p vmc-cli >&2)
  VMC_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/vmc"
fi
ARGS=()
for _ in $(seq "$VMC_ROUNDS"); do ARGS+=("$WORK"/sdl/*.yaml); done
set +e
/usr/bin/time -v -o "$WORK/vmc.time" "$VMC_BIN" sdl hash "${ARGS[@]}" >"$WORK/vmc.out" 2>/dev/null
/usr/bin/time -v -o "$WORK/vmc1.time" "$VMC_BIN" sdl hash --jobs 1 "${ARGS[@]}" >"$WORK/vmc1.out" 2>/dev/null
set -e

# 4. Report.
python3 - "$WORK" "$FILES" "$BYTES" "$VMC_ROUNDS" <<'PY'
import json, re, sys
work, files, nbytes, vmc_rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

def gnu_time(path):
    t = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([0-9:.]+)", t).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    cpu = float(re.search(r"User time \(seconds\): ([0-9.]+)", t).group(1)) + float(re.search(r"System time \(seconds\): ([0-9.]+)", t).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): ([0-9]+)", t).group(1))
    return secs, cpu, rss

js = json.load(open(f"{work}/js.json"))
js_wall, js_cpu, js_rss = gnu_time(f"{work}/js.time")
vmc_wall, vmc_cpu, vmc_rss = gnu_time(f"{work}/vmc.time")
vmc1_wall, vmc1_cpu, vmc1_rss = gnu_time(f"{work}/vmc1.time")
assert open(f"{work}/vmc.out").read() == open(f"{work}/vmc1.out").read(), "--jobs 1 printed something else"
vmc_lines = sum(1 for _ in open(f"{work}/vmc.out"))
vmc_files = files * vmc_rounds
js_files = js["files"] * js["rounds"]

js_fps = js_files / js["seconds"]
vmc_fps = vmc_files / vmc_wall
print(f"corpus: {files} SDL files, {nbytes/1e6:.3f} MB; JS SDK accepts {js['accepted']}, vmc hashed {vmc_lines // vmc_rounds} per round")
js_name = "@akashnetwork/chain-sdk " + js["version"]
w = max(len(js_name), 12) + 2
print(f"{'':{w}}{'files/s':>10}{'MB/s':>9}{'CPU s':>8}{'peak RSS':>11}")
print(f"{js_name:{w}}{js_fps:>10.0f}{js_fps*nbytes/files/1e6:>9.2f}{js_cpu:>8.2f}{js_rss/1024:>8.1f} MB")
vmc1_fps = vmc_files / vmc1_wall
print(f"{'vmc sdl hash':{w}}{vmc_fps:>10.0f}{vmc_fps*nbytes/files/1e6:>9.2f}{vmc_cpu:>8.2f}{vmc_rss/1024:>8.1f} MB")
print(f"{'  --jobs 1':{w}}{vmc1_fps:>10.0f}{vmc1_fps*nbytes/files/1e6:>9.2f}{vmc1_cpu:>8.2f}{vmc1_rss/1024:>8.1f} MB")
print(f"JS: {js['rounds']} timed rounds in {js['seconds']:.2f} s (timed loop, after 1 warm-up round; process wall {js_wall:.2f} s)")
print(f"vmc: {vmc_rounds} rounds ({vmc_files} files) in one process: wall {vmc_wall:.2f} s, including start-up and file reads")
js_cpu_per_file = js_cpu / (js_files + js["files"])  # the warm-up round counts for CPU
vmc_cpu_per_file = vmc_cpu / vmc_files
print(f"cores busy (CPU s / wall s): JS {js_cpu/js_wall:.2f}, vmc {vmc_cpu/vmc_wall:.2f}, vmc --jobs 1 {vmc1_cpu/vmc1_wall:.2f}")
print(f"ratio (throughput, wall): vmc = {vmc_fps/js_fps:.1f}x the JS SDK ({vmc1_fps/js_fps:.1f}x with --jobs 1)")
print(f"ratio (CPU time per file, whole processes): vmc = {js_cpu_per_file/vmc_cpu_per_file:.1f}x the JS SDK")
PY
