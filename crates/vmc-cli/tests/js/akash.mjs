// The official Akash JS SDK (@akashnetwork/chain-sdk) wired to a chain that serves REST (LCD) only,
// as the devnet does. Shared by interop.mjs (tests/akash_js_interop.rs) and bench/js/akash-deploy.mjs.
//
// * Queries and transactions go through the SDK's web client (`createChainNodeWebSDK`, the
//   gRPC-gateway transport); its messages are built by the SDK (`sdk.akash.…createDeployment(…)`).
// * The SDK's own signer (`createStargateClient`) talks CometBFT RPC, which the devnet does not
//   serve, so the TxClient handed to the web SDK (the "wallet" slot Akash Console fills with the
//   user's wallet) signs with CosmJS exactly as that signer does — DirectSecp256k1HdWallet,
//   SigningStargateClient.sign (SIGN_MODE_DIRECT), the SDK's message types, simulate × 1.3 at
//   0.025uakt — and broadcasts the TxRaw bytes with POST /cosmos/tx/v1beta1/txs (sync), then polls
//   GET /cosmos/tx/v1beta1/txs/{hash} until the transaction is in a block.
// * SDL → group specs, manifest and hash: the SDK's `generateManifest`, `generateManifestVersion`
//   and `manifestToSortedJSON` (what the SDK's create-deployment example uses).
// * Manifest to the provider: a JWT from the SDK's `JwtTokenManager` (ES256KADR36, its default),
//   over TLS pinned to the provider's certificate on chain (checked with the SDK's query client).
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
import * as cosmosV1beta1 from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { DirectSecp256k1HdWallet, Registry } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, calculateFee, defaultRegistryTypes } from "@cosmjs/stargate";

export const { GroupSpec } = akashV1beta4;

/** The name of value `v` of the SDK's enum `name` (e.g. Deployment_State 2 → "closed"). */
export function enumName(name, v) {
  const e = [akashV1, akashV1beta4, akashV1beta5].map((m) => m[name]).find(Boolean);
  return e?.[v] ?? String(v);
}
export const { Source } = akashV1;
const { TxRaw } = cosmosV1beta1;

/** The SDK's generated Akash types, registered with CosmJS under their type URLs. */
function akashRegistry() {
  const registry = new Registry(defaultRegistryTypes);
  for (const mod of [akashV1, akashV1beta4, akashV1beta5]) {
    for (const t of Object.values(mod)) {
      if (t && typeof t === "object" && typeof t.$type === "string" && t.$type.startsWith("akash.")
          && typeof t.encode === "function" && typeof t.fromPartial === "function") {
        registry.register(`/${t.$type}`, t);
      }
    }
  }
  return registry;
}

async function getJson(url) {
  const r = await fetch(url);
  const body = await r.text();
  if (!r.ok) {
    const e = new Error(`GET ${url}: HTTP ${r.status} ${body}`);
    e.status = r.status;
    throw e;
  }
  return JSON.parse(body);
}

async function postJson(url, value) {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) });
  const body = await r.text();
  if (!r.ok) throw new Error(`POST ${url}: HTTP ${r.status} ${body}`);
  return JSON.parse(body);
}

/**
 * A TxClient (the SDK's wallet interface) that signs with CosmJS and broadcasts over REST.
 * `pollMs`: how often to look for the transaction in a block (CosmJS's broadcastTx polls every
 * 3 s by default; the benchmark passes a tenth of the block time, as vmc does).
 */
export async function restTxClient({ baseUrl, mnemonic, pollMs = 100, timeoutMs = 60_000,
                                     gasPrice = "0.025uakt", gasMultiplier = 1.3 }) {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "akash" });
  const [account] = await wallet.getAccounts();
  const client = await SigningStargateClient.offline(wallet, { registry: akashRegistry() });
  const price = GasPrice.fromString(gasPrice);
  let chainId;

  async function signerData() {
    chainId ??= (await getJson(`${baseUrl}/cosmos/base/tendermint/v1beta1/node_info`)).default_node_info.network;
    const a = (await getJson(`${baseUrl}/cosmos/auth/v1beta1/accounts/${account.address}`)).account;
    const base = a.base_account ?? a.base_vesting_account?.base_account ?? a;
    return { accountNumber: Number(base.account_number), sequence: Number(base.sequence), chainId };
  }
  const txBytes = (raw) => Buffer.from(TxRaw.encode(TxRaw.fromPartial(raw)).finish()).toString("base64");

  return {
    address: account.address,
    async signAndBroadcast(messages, options = {}) {
      const memo = options.memo ?? "";
      const data = await signerData();
      let fee = options.fee;
      if (!fee?.amount || !fee?.gas) {
        // What the SDK's estimateFee does (CosmJS simulate), over REST.
        const probe = await client.sign(account.address, messages, { amount: [], gas: "0" }, memo, data);
        const sim = await postJson(`${baseUrl}/cosmos/tx/v1beta1/simulate`, { tx_bytes: txBytes(probe) });
        fee = { ...calculateFee(Math.floor(gasMultiplier * Number(sim.gas_info.gas_used)), price), ...(fee ?? {}) };
      }
      const raw = await client.sign(account.address, messages, fee, memo, data, options.timeoutHeight);
      options.afterSign?.(raw);
      const res = (await postJson(`${baseUrl}/cosmos/tx/v1beta1/txs`, { tx_bytes: txBytes(raw), mode: "BROADCAST_MODE_SYNC" })).tx_response;
      if (res.code !== 0) return deliverTx(res, 0);
      const start = Date.now();
      for (;;) {
        await sleep(pollMs);
        try {
          const r = (await getJson(`${baseUrl}/cosmos/tx/v1beta1/txs/${res.txhash}`)).tx_response;
          return deliverTx(r, Number(r.height));
        } catch (e) {
          if (e.status !== 404) throw e;
        }
        if (Date.now() - start > timeoutMs) throw new Error(`tx ${res.txhash} not included after ${timeoutMs} ms`);
      }
    },
  };
}

/** The REST tx_response as CosmJS's DeliverTxResponse (what the SDK's tx transport reads). */
function deliverTx(r, height) {
  return {
    code: r.code,
    height,
    txIndex: 0,
    transactionHash: r.txhash,
    events: r.events ?? [],
    rawLog: r.raw_log,
    msgResponses: [],
    gasUsed: BigInt(r.gas_used ?? 0),
    gasWanted: BigInt(r.gas_wanted ?? 0),
  };
}

/** The SDK's web client on `baseUrl`, signing with `mnemonic` (account 0) when given. */
export async function connect(baseUrl, mnemonic, opts = {}) {
  const signer = mnemonic ? await restTxClient({ baseUrl, mnemonic, ...opts }) : undefined;
  const sdk = createChainNodeWebSDK({ query: { baseUrl }, tx: signer ? { signer } : undefined });
  return { sdk, signer, address: signer?.address };
}

/** SDL file → the SDK's group specs, manifest groups, hash (hex) and sorted manifest JSON. */
export async function sdlFile(path, networkId = "mainnet") {
  const r = generateManifest(load(readFileSync(path, "utf8")), networkId);
  if (!r.ok) throw new Error(`the SDK refuses ${path}: ${JSON.stringify(r.value)}`);
  const hash = await generateManifestVersion(r.value.groups);
  return {
    groupSpecs: r.value.groupSpecs,
    groups: r.value.groups,
    hash: Buffer.from(hash),
    manifestJson: manifestToSortedJSON(r.value.groups),
  };
}

/** A group spec as the SDK's JSON (proto3 JSON via the generated type). */
export const specJson = (spec) => GroupSpec.toJSON(GroupSpec.fromPartial(spec));

const decimal = (v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v == null ? "0" : String(v));

/** A group spec's resource quantities as decimal strings (the SDK computes them as ASCII bytes). */
export function resourceValues(spec) {
  return spec.resources.map((u) => ({
    id: u.resource.id,
    cpu: decimal(u.resource.cpu?.units?.val),
    memory: decimal(u.resource.memory?.quantity?.val),
    storage: (u.resource.storage ?? []).map((s) => decimal(s.quantity?.val)),
    gpu: decimal(u.resource.gpu?.units?.val),
  }));
}

/** A group spec summarized as `vmc akash status -o json` prints a group's resources (quantities
 *  as decimal strings). */
export function specSummary(spec) {
  const values = resourceValues(spec);
  return spec.resources.map((u, i) => ({
    id: u.resource.id,
    count: u.count,
    cpu_millis: values[i].cpu,
    memory_bytes: values[i].memory,
    storage_bytes: values[i].storage,
    gpu: values[i].gpu || "0",
    price: { denom: u.price.denom, amount: u.price.amount },
  }));
}

/**
 * What the SDK's REST query client returns for a group spec the chain holds: the node's REST JSON
 * of it (ResourceValue.val as a decimal string, DecCoin amounts with 18 decimals) read back with
 * the SDK's `GroupSpec.fromJSON`, as its gRPC-gateway transport does (`method.output.fromJSON`).
 * In chain-sdk 1.0.0-alpha.25 that reads `val` as base64, so the quantities come out garbled;
 * comparing through the same decoding keeps every other field exact (the quantities are compared
 * separately, as decimal strings from the REST JSON).
 */
export function specAsSdkReadsRest(spec) {
  const walk = (v, key) => {
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === "object") {
      const o = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x, k);
      return o;
    }
    if (key === "val" && typeof v === "string") return Buffer.from(v, "base64").toString("utf8");
    if (key === "amount" && typeof v === "string" && !v.includes(".")) return `${v}.000000000000000000`;
    return v;
  };
  return GroupSpec.toJSON(GroupSpec.fromJSON(walk(GroupSpec.toJSON(GroupSpec.fromPartial(spec)))));
}

/** The deployment `owner/dseq` as the SDK's query client reads it, plus the REST JSON's quantities. */
export async function deploymentInfo(sdk, baseUrl, owner, dseq) {
  const d = await sdk.akash.deployment.v1beta4.getDeployment({ id: { owner, dseq: BigInt(dseq) } });
  // The same route without the SDK, for the resource quantities its decoder garbles (above).
  const raw = await getJson(`${baseUrl}/akash/deployment/v1beta4/deployments/info?id.owner=${owner}&id.dseq=${dseq}`);
  return {
    dseq: String(d.deployment.id.dseq),
    state: enumName("Deployment_State", d.deployment.state),
    hash: Buffer.from(d.deployment.hash).toString("hex"),
    groups: d.groups.map((g) => ({ gseq: g.id.gseq, name: g.groupSpec.name, state: enumName("Group_State", g.state), spec: specJson(g.groupSpec) })),
    resource_values: raw.groups.map((g) => resourceValues(g.group_spec)),
    escrow_state: d.escrowAccount?.state?.state ?? null,
  };
}

/** Creates a deployment of `sdl` (a sdlFile result) with the SDK; returns the tx result. */
export async function createDeployment(sdk, owner, dseq, sdl, depositUact) {
  let txHash;
  await sdk.akash.deployment.v1beta4.createDeployment({
    id: { owner, dseq: BigInt(dseq) },
    groups: sdl.groupSpecs,
    hash: sdl.hash,
    deposit: { amount: { denom: "uact", amount: String(depositUact) }, sources: [Source.balance] },
    reclamation: undefined,
  }, { afterBroadcast: (r) => { txHash = r.transactionHash; } });
  return txHash;
}

/** Polls the open bids of `owner/dseq` every `pollMs` until one is there; returns them. */
export async function waitForBids(sdk, owner, dseq, { pollMs = 100, timeoutMs = 60_000 } = {}) {
  const start = Date.now();
  for (;;) {
    const r = await sdk.akash.market.v1beta5.getBids({ filters: { owner, dseq: BigInt(dseq), state: "open" } });
    if (r.bids.length > 0) return r.bids.map((b) => b.bid);
    if (Date.now() - start > timeoutMs) throw new Error(`no bid on ${dseq} after ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}

/** The cheapest of `bids` (ties: the first). */
export function cheapest(bids) {
  return bids.reduce((a, b) => (Number(b.price.amount) < Number(a.price.amount) ? b : a));
}

/** Leases `bid` with the SDK. */
export async function createLease(sdk, bid) {
  let txHash;
  const { owner, dseq, gseq, oseq, provider, bseq } = bid.id;
  await sdk.akash.market.v1beta5.createLease({ bidId: { owner, dseq, gseq, oseq, provider, bseq } },
    { afterBroadcast: (r) => { txHash = r.transactionHash; } });
  return txHash;
}

/** A JWT for `mnemonic`'s account 0 from the SDK's JwtTokenManager (full access, 1 h). */
export async function jwt(mnemonic) {
  const wallet = await Secp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "akash" });
  const [account] = await wallet.getAccounts();
  const now = Math.floor(Date.now() / 1000);
  return new JwtTokenManager(wallet).generateToken({
    iss: account.address, iat: now, nbf: now, exp: now + 3600, version: "v1", leases: { access: "full" },
  });
}

/** The provider's host URI and its valid certificates on chain (PEM), via the SDK. */
export async function providerEndpoint(sdk, provider) {
  const p = await sdk.akash.provider.v1beta4.getProvider({ owner: provider });
  const certs = await sdk.akash.cert.v1.getCertificates({ filter: { owner: provider, state: "valid", serial: "" } });
  return {
    hostUri: p.provider.hostUri,
    certs: certs.certificates.map((c) => new TextDecoder().decode(c.certificate.cert)),
  };
}

/**
 * PUT /deployment/{dseq}/manifest to the provider with a bearer token. TLS (§8.4): the provider's
 * self-signed certificates on chain are the only roots, and the certificate's CN must be the
 * provider's address (its host name is not in it); checked in the handshake, before anything is sent.
 */
export async function sendManifest(endpoint, provider, dseq, manifestJson, token) {
  const url = new URL(`/deployment/${dseq}/manifest`, endpoint.hostUri);
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      method: "PUT",
      ca: endpoint.certs,
      checkServerIdentity: (_host, cert) =>
        cert.subject?.CN === provider ? undefined : new Error(`TLS certificate CN ${cert.subject?.CN} is not ${provider}`),
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        if (res.statusCode >= 200 && res.statusCode < 300) resolve(res.statusCode);
        else reject(new Error(`manifest refused by ${provider}: HTTP ${res.statusCode} ${body}`));
      });
    });
    req.on("error", reject);
    req.end(manifestJson);
  });
}

/** The latest block height (REST). */
export async function latestHeight(baseUrl) {
  const b = await getJson(`${baseUrl}/cosmos/base/tendermint/v1beta1/blocks/latest`);
  return Number((b.sdk_block ?? b.block).header.height);
}

/** Closes `owner/dseq` with the SDK. */
export async function closeDeployment(sdk, owner, dseq) {
  let txHash;
  await sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner, dseq: BigInt(dseq) } },
    { afterBroadcast: (r) => { txHash = r.transactionHash; } });
  return txHash;
}
