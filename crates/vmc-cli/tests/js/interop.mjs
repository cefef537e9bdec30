// The official Akash JS SDK's side of tests/akash_js_interop.rs. One step per invocation, one
// JSON document on stdout. The signing mnemonic comes from the environment (VMC_JS_MNEMONIC),
// never from argv.
//
//   node interop.mjs sdl FILE                      → {hash, groups: [{name, spec, spec_as_sdk_reads_rest,
//                                                      summary}], resource_values, manifest}
//   node interop.mjs create BASE FILE DSEQ UACT    → {owner, dseq, tx_hash, hash}
//   node interop.mjs lease BASE DSEQ FILE          → {provider, lease_tx, manifest_status}
//   node interop.mjs show BASE OWNER DSEQ          → deployment (SDK query client) + leases
//   node interop.mjs close BASE DSEQ               → {tx_hash}
import {
  closeDeployment, cheapest, connect, createDeployment, createLease, deploymentInfo, enumName, jwt,
  providerEndpoint, resourceValues, sdlFile, sendManifest, specAsSdkReadsRest, specJson, specSummary,
  waitForBids,
} from "./akash.mjs";

const [cmd, ...args] = process.argv.slice(2);
const mnemonic = process.env.VMC_JS_MNEMONIC;
const out = (v) => process.stdout.write(JSON.stringify(v) + "\n");

switch (cmd) {
  case "sdl": {
    const s = await sdlFile(args[0]);
    out({
      hash: s.hash.toString("hex"),
      groups: s.groupSpecs.map((g) => ({
        name: g.name,
        spec: specJson(g),
        spec_as_sdk_reads_rest: specAsSdkReadsRest(g),
        summary: specSummary(g),
      })),
      resource_values: s.groupSpecs.map(resourceValues),
      manifest: JSON.parse(s.manifestJson),
    });
    break;
  }
  case "create": {
    const [base, file, dseq, uact] = args;
    const { sdk, address } = await connect(base, mnemonic);
    const s = await sdlFile(file);
    const tx = await createDeployment(sdk, address, dseq, s, uact);
    out({ owner: address, dseq, tx_hash: tx, hash: s.hash.toString("hex") });
    break;
  }
  case "lease": {
    const [base, dseq, file] = args;
    const { sdk, address } = await connect(base, mnemonic);
    const bid = cheapest(await waitForBids(sdk, address, dseq));
    const tx = await createLease(sdk, bid);
    const s = await sdlFile(file);
    const endpoint = await providerEndpoint(sdk, bid.id.provider);
    const status = await sendManifest(endpoint, bid.id.provider, dseq, s.manifestJson, await jwt(mnemonic));
    out({ provider: bid.id.provider, lease_tx: tx, manifest_status: status });
    break;
  }
  case "show": {
    const [base, owner, dseq] = args;
    const { sdk } = await connect(base);
    const d = await deploymentInfo(sdk, base, owner, dseq);
    const l = await sdk.akash.market.v1beta5.getLeases({ filters: { owner, dseq: BigInt(dseq) } });
    d.leases = l.leases.map((x) => ({ provider: x.lease.id.provider, gseq: x.lease.id.gseq, oseq: x.lease.id.oseq, state: enumName("Lease_State", x.lease.state) }));
    out(d);
    break;
  }
  case "close": {
    const [base, dseq] = args;
    const { sdk, address } = await connect(base, mnemonic);
    out({ tx_hash: await closeDeployment(sdk, address, dseq) });
    break;
  }
  default:
    process.stderr.write(`unknown command ${cmd}\n`);
    process.exit(2);
}
