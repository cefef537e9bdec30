// The official JS SDK's SDL -> manifest -> hash over a folder of SDL files, for sdl-vs-js.sh.
//
// usage: node bench.mjs DIR ROUNDS
// For every *.yaml in DIR (read once), ROUNDS times: js-yaml load (what the SDK's users do),
// generateManifest(sdl, "mainnet"), and for accepted SDLs await generateManifestVersion(groups).
// Prints one JSON line: files, bytes, rounds, seconds (the timed loop only), accepted, version.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { generateManifest, generateManifestVersion } from "@akashnetwork/chain-sdk";

const [dir, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? "3");
const names = readdirSync(dir).filter((n) => n.endsWith(".yaml")).sort();
const texts = names.map((n) => readFileSync(join(dir, n), "utf8"));
const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);

async function once(text) {
  let sdl;
  try {
    sdl = load(text);
  } catch {
    return null;
  }
  try {
    const r = generateManifest(sdl, "mainnet");
    if (!r.ok) return null;
    return Buffer.from(await generateManifestVersion(r.value.groups)).toString("hex");
  } catch {
    return null;
  }
}

// Warm-up round (JIT), not timed; it also counts the accepted files.
let accepted = 0;
for (const t of texts) if ((await once(t)) !== null) accepted++;

const start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) {
  for (const t of texts) await once(t);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const pkg = new URL("./node_modules/@akashnetwork/chain-sdk/package.json", import.meta.url);
const version = JSON.parse(readFileSync(pkg, "utf8")).version;
console.log(JSON.stringify({ files: texts.length, bytes, rounds, seconds, accepted, version }));
