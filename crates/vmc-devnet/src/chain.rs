//! The chain engine: CheckTx at broadcast, the mempool, and block production (DeliverTx, escrow
//! settlement, BME epochs, provider actions).

use std::sync::Arc;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::exec;
use crate::market;
use crate::providers;
use crate::state::*;
use crate::tx::{self, DecodedTx, TxError};

/// The chain state with its clock.
pub struct Chain {
    pub st: ChainState,
    pub clock: Arc<dyn Clock>,
    /// Set whenever the state changed since the last snapshot.
    pub dirty: bool,
    /// Fault: the next N broadcasts are refused with a sequence mismatch.
    pub seq_mismatch_faults: u32,
    /// Fault: leases the provider drops in the next block.
    pub drop_leases: Vec<BidId>,
}

/// The answer to a broadcast (CheckTx).
#[derive(Debug, Clone)]
pub struct CheckResult {
    pub hash: String,
    pub result: Result<(), TxError>,
    pub gas_wanted: u64,
}

impl CheckResult {
    /// `tx_response` of `POST /cosmos/tx/v1beta1/txs`.
    pub fn to_json(&self) -> Value {
        let (code, codespace, log) = match &self.result {
            Ok(()) => (0, String::new(), String::new()),
            Err(e) => (e.code, e.codespace.clone(), e.log.clone()),
        };
        json!({"tx_response": {
            "height": "0", "txhash": self.hash, "codespace": codespace, "code": code, "data": "",
            "raw_log": log, "logs": [], "info": "", "gas_wanted": self.gas_wanted.to_string(),
            "gas_used": "0", "tx": null, "timestamp": "", "events": []
        }})
    }
}

impl Chain {
    pub fn new(st: ChainState, clock: Arc<dyn Clock>) -> Self {
        Chain {
            st,
            clock,
            dirty: true,
            seq_mismatch_faults: 0,
            drop_leases: Vec::new(),
        }
    }

    fn pending_of(&self, signer: &str) -> (u64, u128) {
        self.st
            .mempool
            .iter()
            .filter(|p| p.signer == signer)
            .fold((0, 0), |(n, f), p| (n + 1, f + p.fee_uakt))
    }

    /// CheckTx: decode, ante checks against the committed state plus the mempool, ValidateBasic.
    /// Accepted transactions join the mempool and land in the next block.
    pub fn broadcast(&mut self, bytes: &[u8]) -> CheckResult {
        let hash = tx::tx_hash(bytes);
        let decoded = match tx::decode(bytes) {
            Ok(t) => t,
            Err(e) => {
                return CheckResult {
                    hash,
                    result: Err(e),
                    gas_wanted: 0,
                };
            }
        };
        let gas_wanted = decoded.gas_limit;
        let result = self.check(&decoded);
        if result.is_ok() {
            self.st.mempool.push(PendingTx {
                hash: hash.clone(),
                bytes: bytes.to_vec(),
                signer: decoded.signer.clone(),
                fee_uakt: decoded.fee_uakt,
            });
            self.dirty = true;
        }
        CheckResult {
            hash,
            result,
            gas_wanted,
        }
    }

    fn check(&mut self, t: &DecodedTx) -> Result<(), TxError> {
        if self.st.txs.contains_key(&t.hash) || self.st.mempool.iter().any(|p| p.hash == t.hash) {
            return Err(TxError::sdk(19, "tx already exists in cache"));
        }
        let (n, fees) = self.pending_of(&t.signer);
        if self.seq_mismatch_faults > 0 {
            self.seq_mismatch_faults -= 1;
            let expected = self
                .st
                .accounts
                .get(&t.signer)
                .map(|a| a.sequence)
                .unwrap_or(0)
                + n
                + 1;
            let got = t.auth.signer_infos.first().map(|s| s.sequence).unwrap_or(0);
            return Err(TxError::sdk(
                32,
                format!(
                    "account sequence mismatch, expected {expected}, got {got}: incorrect account sequence"
                ),
            ));
        }
        tx::ante(&self.st, t, n, fees, true)?;
        for m in &t.msgs {
            exec::validate_basic(m)?;
        }
        Ok(())
    }

    /// Simulate: ante without the signature, then the messages on a scratch copy of the state.
    /// Returns (gas used, error if any).
    pub fn simulate(&self, bytes: &[u8]) -> Result<u64, TxError> {
        let t = tx::decode(bytes)?;
        let (n, fees) = self.pending_of(&t.signer);
        tx::ante(&self.st, &t, n, fees, false)?;
        let mut scratch = self.st.clone();
        for (i, m) in t.msgs.iter().enumerate() {
            exec::validate_basic(m)
                .and_then(|_| exec::execute(&mut scratch, m))
                .map_err(|e| TxError {
                    log: format!("failed to execute message; message index: {i}: {}", e.log),
                    ..e
                })?;
        }
        Ok(t.gas_needed())
    }

    fn deliver(&mut self, bytes: &[u8], index: u32) -> TxRecord {
        let hash = tx::tx_hash(bytes);
        let now = self.st.time_ms;
        let mut rec = TxRecord {
            hash: hash.clone(),
            height: self.st.height,
            index,
            code: 0,
            codespace: String::new(),
            raw_log: String::new(),
            gas_wanted: 0,
            gas_used: 0,
            timestamp_ms: now,
            tx: Value::Null,
            events: json!([]),
        };
        let t = match tx::decode(bytes) {
            Ok(t) => t,
            Err(e) => {
                rec.code = e.code;
                rec.codespace = e.codespace;
                rec.raw_log = e.log;
                return rec;
            }
        };
        rec.tx = tx::tx_json(&t);
        rec.gas_wanted = t.gas_limit;
        if let Err(e) = tx::ante(&self.st, &t, 0, 0, true) {
            rec.code = e.code;
            rec.codespace = e.codespace;
            rec.raw_log = e.log;
            return rec;
        }
        tx::apply_ante(&mut self.st, &t);
        let seq = self
            .st
            .accounts
            .get(&t.signer)
            .map(|a| a.sequence - 1)
            .unwrap_or(0);
        let mut events = vec![
            json!({"type": "tx", "attributes": [
                {"key": "fee", "value": format!("{}uakt", t.fee_uakt), "index": true},
                {"key": "fee_payer", "value": t.signer, "index": true}]}),
            json!({"type": "tx", "attributes": [
                {"key": "acc_seq", "value": format!("{}/{}", t.signer, seq), "index": true}]}),
        ];
        let needed = t.gas_needed();
        if t.gas_limit < needed {
            rec.gas_used = t.gas_limit;
            rec.code = 11;
            rec.codespace = "sdk".into();
            rec.raw_log = format!(
                "out of gas in location: devnet; gasWanted: {}, gasUsed: {needed}: out of gas",
                t.gas_limit
            );
            rec.events = Value::Array(events);
            return rec;
        }
        rec.gas_used = needed;
        let snapshot = (t.msgs.len() > 1).then(|| self.st.clone());
        for (i, m) in t.msgs.iter().enumerate() {
            if let Err(e) = exec::validate_basic(m).and_then(|_| exec::execute(&mut self.st, m)) {
                if let Some(s) = snapshot {
                    self.st = s;
                    // The ante effects stay: fee charged, sequence bumped.
                    tx::apply_ante(&mut self.st, &t);
                }
                rec.code = e.code;
                rec.codespace = e.codespace;
                rec.raw_log = format!("failed to execute message; message index: {i}: {}", e.log);
                rec.events = Value::Array(events);
                return rec;
            }
            events.push(json!({"type": "message", "attributes": [
                {"key": "action", "value": m.type_url(), "index": true},
                {"key": "sender", "value": t.signer, "index": true},
                {"key": "module", "value": m.module(), "index": true},
                {"key": "msg_index", "value": i.to_string(), "index": true}]}));
        }
        rec.events = Value::Array(events);
        rec
    }

    /// Produces the next block: its transactions, escrow settlement, BME epoch, providers.
    pub fn advance_block(&mut self) {
        let now = self.clock.now_ms().max(self.st.time_ms + 1);
        self.st.height += 1;
        self.st.time_ms = now;
        self.st.recent_blocks.push_back((self.st.height, now));
        while self.st.recent_blocks.len() > crate::state::BLOCK_HISTORY {
            self.st.recent_blocks.pop_front();
        }
        let pending = std::mem::take(&mut self.st.mempool);
        let mut hashes = Vec::new();
        for (i, p) in pending.iter().enumerate() {
            let rec = self.deliver(&p.bytes, i as u32);
            hashes.push(rec.hash.clone());
            self.st.txs.insert(rec.hash.clone(), rec);
        }
        for akey in crate::escrow::settle_block(&mut self.st) {
            if let Some((owner, dseq)) = akey
                .strip_prefix("deployment/")
                .and_then(|x| x.rsplit_once('/'))
                && let Ok(dseq) = dseq.parse()
            {
                market::close_deployment(
                    &mut self.st,
                    owner,
                    dseq,
                    GroupState::InsufficientFunds,
                    reason::INSUFFICIENT_FUNDS,
                );
            }
        }
        self.bme_epoch();
        for b in std::mem::take(&mut self.drop_leases) {
            providers::drop_lease(&mut self.st, &b);
        }
        providers::on_block(&mut self.st, now);
        let mut h = Sha256::new();
        h.update(self.st.chain_id.as_bytes());
        h.update(self.st.height.to_be_bytes());
        h.update(self.st.last_block_hash.as_bytes());
        for x in &hashes {
            h.update(x.as_bytes());
        }
        self.st.last_block_hash = hex::encode_upper(h.finalize());
        self.st.last_block_txs = hashes;
        self.dirty = true;
    }

    fn bme_epoch(&mut self) {
        let epoch = self.st.params.bme_epoch_blocks.max(1);
        if !self.st.height.is_multiple_of(epoch) {
            return;
        }
        let h = self.st.height;
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.st.pending_mints)
            .into_iter()
            .partition(|m| m.height < h);
        self.st.pending_mints = later;
        for m in due {
            let minted = m.burned_uakt * self.st.params.bme_uact_per_uakt / crate::dec::SCALE;
            self.st.credit(&m.to, UACT, minted);
        }
    }
}
