#!/usr/bin/env bash
# SDL -> manifest -> hash throughput: vmc versus the official JS SDK, in the same run, on the same
# files (issue 2, "Measure"). Not a test: it prints numbers.
#
#   bench/sdl-vs-js.sh [JS_ROUNDS] [VMC_ROUNDS] [REPEATS]
#
# 1. extracts every conformance vector's `sdl_yaml` into a temp folder (VMC_CONFORMANCE_DIR, else
#    ../shared/conformance next to the repository);
# 2. installs @akashnetwork/chain-sdk from npm (`npm ci`, versions pinned by bench/js/package-lock.json)
#    into bench/js/node_modules (not committed) and runs
#    js-yaml load + generateManifest + generateManifestVersion over the folder JS_ROUNDS times
#    (after one warm-up round) in one node process;
# 3. builds vmc (release) and runs `vmc sdl hash` once, over the folder's files repeated
#    VMC_ROUNDS times, in one process: with its default of one thread per core, then `--jobs 1`;
# 4. repeats 2 and 3 REPEATS times (default 5), interleaved (JS, vmc, vmc --jobs 1, JS, ...), so a
#    machine whose speed drifts (a shared VM) slows both sides alike; each repeat gives one ratio
#    from runs made seconds apart;
# 5. prints files/s and MB/s of both (median of the repeats), the ratio (median, and the lowest and
#    highest), CPU time and peak RSS (from /usr/bin/time -v).
#
# Environment: VMC_BIN (use this vmc binary instead of building one), VMC_CONFORMANCE_DIR.
set -euo pipefail

JS_ROUNDS=${1:-3}
VMC_ROUNDS=${2:-20}
REPEATS=${3:-5}
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

# 2. The JS SDK, and 3. vmc: built once, then run REPEATS times, interleaved.
(cd "$ROOT/bench/js" && { [ -d node_modules/@akashnetwork/chain-sdk ] || npm ci --no-audit --no-fund --loglevel=error >&2; })
if [ -z "${VMC_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p vmc-cli >&2)
  VMC_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/vmc"
fi
ARGS=()
for _ in $(seq "$VMC_ROUNDS"); do ARGS+=("$WORK"/sdl/*.yaml); done
for r in $(seq "$REPEATS"); do
  echo "repeat $r/$REPEATS" >&2
  /usr/bin/time -v -o "$WORK/js.$r.time" node "$ROOT/bench/js/bench.mjs" "$WORK/sdl" "$JS_ROUNDS" >"$WORK/js.$r.json"
  set +e
  /usr/bin/time -v -o "$WORK/vmc.$r.time" "$VMC_BIN" sdl hash "${ARGS[@]}" >"$WORK/vmc.out" 2>/dev/null
  /usr/bin/time -v -o "$WORK/vmc1.$r.time" "$VMC_BIN" sdl hash --jobs 1 "${ARGS[@]}" >"$WORK/vmc1.out" 2>/dev/null
  set -e
  cmp -s "$WORK/vmc.out" "$WORK/vmc1.out" || { echo "error: --jobs 1 printed something else" >&2; exit 1; }
done

# 5. Report.
python3 - "$WORK" "$FILES" "$BYTES" "$VMC_ROUNDS" "$REPEATS" <<'PY'
import json, re, statistics, sys
work, files, nbytes, vmc_rounds, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])

def gnu_time(path):
    t = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([0-9:.]+)", t).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    cpu = float(re.search(r"User time \(seconds\): ([0-9.]+)", t).group(1)) + float(re.search(r"System time \(seconds\): ([0-9.]+)", t).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): ([0-9]+)", t).group(1))
    return secs, cpu, rss

vmc_lines = sum(1 for _ in open(f"{work}/vmc.out"))
vmc_files = files * vmc_rounds
rows = []  # one dict per repeat
for r in range(1, repeats + 1):
    js = json.load(open(f"{work}/js.{r}.json"))
    js_wall, js_cpu, js_rss = gnu_time(f"{work}/js.{r}.time")
    vmc_wall, vmc_cpu, vmc_rss = gnu_time(f"{work}/vmc.{r}.time")
    vmc1_wall, vmc1_cpu, vmc1_rss = gnu_time(f"{work}/vmc1.{r}.time")
    js_files = js["files"] * js["rounds"]
    rows.append(dict(
        js=js, js_fps=js_files / js["seconds"], js_cpu=js_cpu, js_rss=js_rss, js_wall=js_wall,
        # The warm-up round counts for JS's CPU time.
        js_cpu_file=js_cpu / (js_files + js["files"]),
        vmc_fps=vmc_files / vmc_wall, vmc_cpu=vmc_cpu, vmc_rss=vmc_rss, vmc_wall=vmc_wall,
        vmc1_fps=vmc_files / vmc1_wall, vmc1_cpu=vmc1_cpu, vmc1_rss=vmc1_rss, vmc1_wall=vmc1_wall,
    ))
for x in rows:
    x["ratio"] = x["vmc_fps"] / x["js_fps"]
    x["ratio1"] = x["vmc1_fps"] / x["js_fps"]
    x["ratio_cpu"] = x["js_cpu_file"] / (x["vmc_cpu"] / vmc_files)

def med(key):
    return statistics.median(x[key] for x in rows)

def spread(key, fmt="{:.1f}"):
    v = [x[key] for x in rows]
    return f"median {fmt.format(statistics.median(v))}, range {fmt.format(min(v))}-{fmt.format(max(v))}"

js0 = rows[0]["js"]
print(f"corpus: {files} SDL files, {nbytes/1e6:.3f} MB; JS SDK accepts {js0['accepted']}, vmc hashed {vmc_lines // vmc_rounds} per round")
print(f"{repeats} repeats, interleaved; files/s, MB/s and CPU s are medians, peak RSS the highest")
js_name = "@akashnetwork/chain-sdk " + js0["version"]
w = max(len(js_name), 12) + 2
print(f"{'':{w}}{'files/s':>10}{'MB/s':>9}{'CPU s':>8}{'peak RSS':>11}")
for name, fps, cpu, rss in ((js_name, "js_fps", "js_cpu", "js_rss"), ("vmc sdl hash", "vmc_fps", "vmc_cpu", "vmc_rss"), ("  --jobs 1", "vmc1_fps", "vmc1_cpu", "vmc1_rss")):
    print(f"{name:{w}}{med(fps):>10.0f}{med(fps)*nbytes/files/1e6:>9.2f}{med(cpu):>8.2f}{max(x[rss] for x in rows)/1024:>8.1f} MB")
print(f"JS: {js0['rounds']} timed rounds per repeat (timed loop, after 1 warm-up round; process wall, median {med('js_wall'):.2f} s)")
print(f"vmc: {vmc_rounds} rounds ({vmc_files} files) in one process per repeat, wall including start-up and file reads (median {med('vmc_wall'):.2f} s)")
print("JS files/s per repeat: " + ", ".join(f"{x['js_fps']:.0f}" for x in rows))
print("vmc files/s per repeat: " + ", ".join(f"{x['vmc_fps']:.0f}" for x in rows))
busy = {k: statistics.median(x[k + "_cpu"] / x[k + "_wall"] for x in rows) for k in ("js", "vmc", "vmc1")}
print(f"cores busy (CPU s / wall s, median): JS {busy['js']:.2f}, vmc {busy['vmc']:.2f}, vmc --jobs 1 {busy['vmc1']:.2f}")
print(f"ratio (throughput, wall): vmc / JS SDK {spread('ratio')} (--jobs 1: {spread('ratio1')})")
print(f"ratio (CPU time per file, whole processes): vmc / JS SDK {spread('ratio_cpu')}")
PY
