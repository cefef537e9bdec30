// The same listing as `vmc akash list --state all -o json`, through the official Akash JS SDK's
// REST (gRPC-gateway) query client: every deployment of an owner and every lease (pages of
// 500, next_key followed), joined per deployment, printed as JSON. For bench/akash-list.sh.
// Usage: node akash-list.mjs <base url> <owner>
import { createChainNodeWebSDK } from "@akashnetwork/chain-sdk/web";

const [baseUrl, owner] = process.argv.slice(2);
const sdk = createChainNodeWebSDK({ query: { baseUrl } });

async function all(fetchPage, key) {
  let out = [];
  let next = undefined;
  for (;;) {
    const page = await fetchPage(next ? { key: next, limit: 500n } : { limit: 500n });
    out = out.concat(page[key]);
    next = page.pagination?.nextKey;
    if (!next || next.length === 0) return out;
  }
}

const [deployments, leases] = await Promise.all([
  all((pagination) => sdk.akash.deployment.v1beta4.getDeployments({ filters: { owner, state: "", dseq: 0n }, pagination }), "deployments"),
  all((pagination) => sdk.akash.market.v1beta5.getLeases({ filters: { owner } , pagination }), "leases"),
]);
const byDseq = new Map();
for (const l of leases) {
  const d = String(l.lease.id.dseq);
  if (!byDseq.has(d)) byDseq.set(d, []);
  byDseq.get(d).push({
    provider: l.lease.id.provider,
    gseq: l.lease.id.gseq,
    oseq: l.lease.id.oseq,
    state: l.lease.state,
    price: { denom: l.lease.price.denom, amount: l.lease.price.amount },
  });
}
const out = deployments.map((d) => {
  const dseq = String(d.deployment.id.dseq);
  const f = d.escrowAccount?.state?.funds?.[0];
  return {
    dseq,
    state: d.deployment.state,
    leases: byDseq.get(dseq) ?? [],
    escrow: { balance: f ? { denom: f.denom, amount: f.amount } : null },
  };
});
process.stdout.write(JSON.stringify(out) + "\n");
