// bulk-node.mjs: one preset applied to many users with @knocklabs/node, as a support script would
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node bulk-node.mjs BASE-URL SECRET-KEY N-USERS ID-PREFIX POLL-MS
//
// The script proper is applyPreset(): the SDK with its defaults, chunks of
// 1,000 ids, each bulk operation polled until it ends, POLL-MS between polls
// (0: back to back). Around it, a fetch wrapper counts what went over the
// wire, and one line of key=value pairs reports it for run-bench.

import crypto from 'node:crypto';
import { Knock } from '@knocklabs/node';

// Node 18 has no global Web Crypto, which the SDK expects.
if (!globalThis.crypto)
  globalThis.crypto = crypto.webcrypto;

const PRESET = {
  channel_types: { email: true, sms: false },
  workflows: {
    'dinosaurs-loose': {
      channel_types: { email: false, in_app_feed: true, sms: true },
    },
  },
};

const counts = { requests: 0, bulk: 0, polls: 0, rateLimited: 0, errors: 0 };

function countingFetch (input, init) {
  const method = ((init && init.method) || (input && input.method) || 'GET').toUpperCase();
  const url = typeof input === 'string' ? input : (input && input.url) || String(input);
  counts.requests++;
  if (method === 'POST')
    counts.bulk++;
  else if (url.includes('/bulk_operations/'))
    counts.polls++;
  return globalThis.fetch(input, init).then((response) => {
    if (response.status === 429)
      counts.rateLimited++;
    else if (response.status >= 300)
      counts.errors++;
    return response;
  }, (err) => {
    counts.errors++;
    throw err;
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function applyPreset (knock, userIds, pollMs) {
  let chunks = 0;
  for (let i = 0; i < userIds.length; i += 1000) {
    let op = await knock.users.bulk.setPreferences({
      user_ids: userIds.slice(i, i + 1000),
      preferences: PRESET,
    });
    while (op.status !== 'completed' && op.status !== 'failed') {
      if (pollMs > 0)
        await sleep(pollMs);
      op = await knock.bulkOperations.get(op.id);
    }
    chunks++;
  }
  return chunks;
}

async function main () {
  const [baseURL, apiKey, nText, prefix, pollText] = process.argv.slice(2);
  if (!prefix || pollText === undefined) {
    console.error('usage: node bulk-node.mjs BASE-URL SECRET-KEY N-USERS ID-PREFIX POLL-MS');
    process.exit(2);
  }
  const userIds = [];
  for (let i = 1; i <= Number(nText); i++)
    userIds.push(prefix + String(i).padStart(5, '0'));

  const knock = new Knock({ apiKey, baseURL, fetch: countingFetch });
  const started = process.hrtime.bigint();
  let outcome = 'completed';
  let chunks = 0;
  let failure = '';
  try {
    chunks = await applyPreset(knock, userIds, Number(pollText));
  } catch (err) {
    outcome = 'threw';
    failure = `${err && err.constructor ? err.constructor.name : 'Error'}: ${err && err.message}`;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`seconds=${seconds.toFixed(3)} requests=${counts.requests} bulk_requests=${counts.bulk} ` +
              `poll_requests=${counts.polls} rate_limited=${counts.rateLimited} errors=${counts.errors} ` +
              `chunks=${chunks} outcome=${outcome}`);
  if (failure)
    console.log(`failure=${failure.replace(/\s+/g, ' ')}`);
}

main();
