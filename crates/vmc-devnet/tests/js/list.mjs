// Lists deployments and bids of an owner through the official SDK's gRPC-gateway (REST) client.
// Usage: node list.mjs <base url> <owner>
import { createChainNodeWebSDK } from "@akashnetwork/chain-sdk/web";

const [baseUrl, owner] = process.argv.slice(2);
const sdk = createChainNodeWebSDK({ query: { baseUrl } });

const deployments = await sdk.akash.deployment.v1beta4.getDeployments({
  filters: { owner, state: "", dseq: 0n },
  pagination: { limit: 2n },
});
// Follow next_key once to exercise pagination through the SDK too.
let all = [...deployments.deployments];
let key = deployments.pagination?.nextKey;
while (key && key.length > 0) {
  const page = await sdk.akash.deployment.v1beta4.getDeployments({
    filters: { owner, state: "", dseq: 0n },
    pagination: { key, limit: 2n },
  });
  all = all.concat(page.deployments);
  key = page.pagination?.nextKey;
}
const bids = await sdk.akash.market.v1beta5.getBids({ filters: { owner } });

const out = {
  deployments: all.map((d) => ({
    owner: d.deployment.id.owner,
    dseq: String(d.deployment.id.dseq),
    state: d.deployment.state,
    groups: d.groups.length,
    escrow_funds: d.escrowAccount?.state?.funds?.map((f) => `${f.amount}${f.denom}`) ?? [],
  })),
  bids: bids.bids.map((b) => ({
    provider: b.bid.id.provider,
    dseq: String(b.bid.id.dseq),
    state: b.bid.state,
    price: `${b.bid.price.amount}${b.bid.price.denom}`,
  })),
};
console.log(JSON.stringify(out));
