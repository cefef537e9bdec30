// The flow of `vmc akash deploy` through the official Akash JS SDK (@akashnetwork/chain-sdk), for
// bench/akash-deploy.sh: SDL → groups/manifest/hash (the SDK's SDL helper) → MsgCreateDeployment →
// poll bids → MsgCreateLease on the cheapest → PUT the manifest to the provider with the SDK's JWT.
// Prints one JSON event per line on stdout, with the event names of `vmc akash deploy -o jsonl`
// (step, broadcast, included, bids, selected, leased, manifest_accepted), which the benchmark
// stamps as they arrive.
//
// Usage: VMC_JS_MNEMONIC=… node akash-deploy.mjs <base url> <sdl file> <deposit uact> [poll ms]
//
// How the SDK is wired (the same as crates/vmc-cli/tests/js/akash.mjs, which the interop test
// checks against vmc): queries and messages through the SDK's web client (gRPC-gateway REST);
// its own signer (createStargateClient) needs CometBFT RPC, which the devnet does not serve, so
// the TxClient signs with CosmJS as that signer does (DirectSecp256k1HdWallet, SIGN_MODE_DIRECT,
// simulate × 1.3 at 0.025uakt) and broadcasts the TxRaw over REST, then polls for inclusion every
// <poll ms> (default 100 = a tenth of a 1 s block, as vmc polls; CosmJS's own default is 3 s).
// The SDK has no client for the provider's REST gateway (its provider SDK is gRPC status only),
// so the manifest goes with node's https: JWT from the SDK's JwtTokenManager (ES256KADR36), TLS
// pinned to the provider's certificate on chain (read with the SDK).
// @cosmjs/* are the SDK's own dependencies (0.36.2, pinned by package-lock.json).
import { readFileSync } from "node:fs";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";

import { load } from "js-yaml";
import {
  createChainNodeWebSDK,
  generateManifest,
  generateManifestVersion,
  manifestToSortedJSON,
  JwtTokenManager,
} from "@akashnetwork/chain-sdk/web";
import * as akashV1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import * as akashV1beta4 from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import * as akashV1beta5 from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { TxRaw } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { DirectSecp256k1HdWallet, Registry } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, calculateFee, defaultRegistryTypes } from "@cosmjs/stargate";

const [baseUrl, sdlPath, depositUact, pollArg] = process.argv.slice(2);
const pollMs = Number(pollArg ?? "100");
const mnemonic = process.env.VMC_JS_MNEMONIC;
if (!baseUrl || !sdlPath || !depositUact || !mnemonic) {
  process.stderr.write("usage: VMC_JS_MNEMONIC=… node akash-deploy.mjs <base url> <sdl> <deposit uact> [poll ms]\n");
  process.exit(2);
}
const emit = (e) => process.stdout.write(JSON.stringify(e) + "\n");

async function getJson(url) {
  const r = await fetch(url);
  const body = await r.text();
  if (!r.ok) throw Object.assign(new Error(`GET ${url}: HTTP ${r.status} ${body}`), { status: r.status });
  return JSON.parse(body);
}
async function postJson(url, value) {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) });
  const body = await r.text();
  if (!r.ok) throw new Error(`POST ${url}: HTTP ${r.status} ${body}`);
  return JSON.parse(body);
}

// --- the TxClient: CosmJS signing, REST broadcast --------------------------------------------
const registry = new Registry(defaultRegistryTypes);
for (const mod of [akashV1, akashV1beta4, akashV1beta5]) {
  for (const t of Object.values(mod)) {
    if (t && typeof t === "object" && typeof t.$type === "string" && t.$type.startsWith("akash.")
        && typeof t.encode === "function" && typeof t.fromPartial === "function") {
      registry.register(`/${t.$type}`, t);
    }
  }
}
const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "akash" });
const [account] = await wallet.getAccounts();
const owner = account.address;
const client = await SigningStargateClient.offline(wallet, { registry });
const gasPrice = GasPrice.fromString("0.025uakt");
const txBytes = (raw) => Buffer.from(TxRaw.encode(TxRaw.fromPartial(raw)).finish()).toString("base64");
let chainId;

const signer = {
  async signAndBroadcast(messages, options = {}) {
    const memo = options.memo ?? "";
    chainId ??= (await getJson(`${baseUrl}/cosmos/base/tendermint/v1beta1/node_info`)).default_node_info.network;
    const a = (await getJson(`${baseUrl}/cosmos/auth/v1beta1/accounts/${owner}`)).account;
    const data = { accountNumber: Number(a.account_number), sequence: Number(a.sequence), chainId };
    const probe = await client.sign(owner, messages, { amount: [], gas: "0" }, memo, data);
    const sim = await postJson(`${baseUrl}/cosmos/tx/v1beta1/simulate`, { tx_bytes: txBytes(probe) });
    const fee = calculateFee(Math.floor(1.3 * Number(sim.gas_info.gas_used)), gasPrice);
    const raw = await client.sign(owner, messages, fee, memo, data);
    options.afterSign?.(raw);
    const res = (await postJson(`${baseUrl}/cosmos/tx/v1beta1/txs`, { tx_bytes: txBytes(raw), mode: "BROADCAST_MODE_SYNC" })).tx_response;
    let r = res;
    if (res.code === 0) {
      for (;;) {
        await sleep(pollMs);
        try {
          r = (await getJson(`${baseUrl}/cosmos/tx/v1beta1/txs/${res.txhash}`)).tx_response;
          break;
        } catch (e) {
          if (e.status !== 404) throw e;
        }
      }
    }
    return {
      code: r.code, height: Number(r.height), txIndex: 0, transactionHash: r.txhash, events: [],
      rawLog: r.raw_log, msgResponses: [], gasUsed: BigInt(r.gas_used ?? 0), gasWanted: BigInt(r.gas_wanted ?? 0),
    };
  },
};
const sdk = createChainNodeWebSDK({ query: { baseUrl }, tx: { signer } });

// step: `broadcast` when signed (afterSign: what vmc's broadcast event marks), `included` after.
const txHooks = (step) => ({
  afterSign: () => emit({ event: "broadcast", step }),
  afterBroadcast: (r) => emit({ event: "included", step, tx_hash: r.transactionHash, height: r.height }),
});

// --- the flow ---------------------------------------------------------------------------------
const m = generateManifest(load(readFileSync(sdlPath, "utf8")), "mainnet");
if (!m.ok) throw new Error(`the SDK refuses ${sdlPath}: ${JSON.stringify(m.value)}`);
const hash = await generateManifestVersion(m.value.groups);
const dseq = BigInt(Date.now()); // as the SDK's create-deployment example does

emit({ event: "step", step: "create" });
await sdk.akash.deployment.v1beta4.createDeployment({
  id: { owner, dseq },
  groups: m.value.groupSpecs,
  hash,
  deposit: { amount: { denom: "uact", amount: String(depositUact) }, sources: [akashV1.Source.balance] },
  reclamation: undefined,
}, txHooks("create"));
emit({ event: "created", dseq: String(dseq) });

emit({ event: "step", step: "bids" });
const started = Date.now();
let bids;
for (;;) {
  bids = (await sdk.akash.market.v1beta5.getBids({ filters: { owner, dseq, state: "open" } })).bids.map((b) => b.bid);
  emit({ event: "bids", elapsed: (Date.now() - started) / 1000, bids: bids.length });
  if (bids.length > 0) break;
  if (Date.now() - started > 300_000) throw new Error("no bid in 5 minutes");
  await sleep(pollMs);
}
const bid = bids.reduce((a, b) => (Number(b.price.amount) < Number(a.price.amount) ? b : a));
emit({ event: "selected", provider: bid.id.provider, price: { denom: bid.price.denom, amount: bid.price.amount } });

emit({ event: "step", step: "lease" });
const { gseq, oseq, provider, bseq } = bid.id;
await sdk.akash.market.v1beta5.createLease({ bidId: { owner, dseq, gseq, oseq, provider, bseq } }, txHooks("lease"));
emit({ event: "leased", provider });

emit({ event: "step", step: "manifest" });
const [p, certs, token] = await Promise.all([
  sdk.akash.provider.v1beta4.getProvider({ owner: provider }),
  sdk.akash.cert.v1.getCertificates({ filter: { owner: provider, state: "valid", serial: "" } }),
  (async () => {
    const amino = await Secp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "akash" });
    const now = Math.floor(Date.now() / 1000);
    return new JwtTokenManager(amino).generateToken({
      iss: owner, iat: now, nbf: now, exp: now + 3600, version: "v1", leases: { access: "full" },
    });
  })(),
]);
const status = await new Promise((resolve, reject) => {
  const req = https.request(new URL(`/deployment/${dseq}/manifest`, p.provider.hostUri), {
    method: "PUT",
    ca: certs.certificates.map((c) => new TextDecoder().decode(c.certificate.cert)),
    checkServerIdentity: (_h, cert) => (cert.subject?.CN === provider ? undefined : new Error(`CN ${cert.subject?.CN} is not ${provider}`)),
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  }, (res) => {
    const chunks = [];
    res.on("data", (c) => chunks.push(c));
    res.on("end", () => (res.statusCode < 300 ? resolve(res.statusCode)
      : reject(new Error(`manifest refused: HTTP ${res.statusCode} ${Buffer.concat(chunks)}`))));
  });
  req.on("error", reject);
  req.end(manifestToSortedJSON(m.value.groups));
});
emit({ event: "manifest_accepted", provider, status });
