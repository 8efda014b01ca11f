// test-node-sdk.mjs: Knock's server SDK (@knocklabs/node 1.x) against the sandbox
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node test-node-sdk.mjs PREFS-SANDBOX

import { Knock } from '@knocklabs/node';
import {
  Tap, SEED_BODY, SEED_USER_IDS, SECRET_KEY, describeError, setDifference,
  sharedDir, sleep, startSandbox, recordingFetch,
} from './harness.mjs';
import { loadContract, reportTraffic } from './contract.mjs';

const OTHER_BODY = { channel_types: { email: false, push: true }, workflows: null };

async function main () {
  const tap = new Tap();
  const exe = process.argv[2];
  if (!exe) {
    tap.bailOut('usage: test-node-sdk.mjs PREFS-SANDBOX');
    return;
  }

  const contract = loadContract(sharedDir());
  const sandbox = await startSandbox(exe, ['--db', ':memory:', '--seed-demo']);
  tap.diag(`sandbox at ${sandbox.url}`);
  const log = [];
  const knock = new Knock({
    apiKey: SECRET_KEY,
    baseURL: sandbox.url,
    fetch: recordingFetch(log),
    // A retry would hide a 5xx or a dropped connection from the test.
    maxRetries: 0,
    timeout: 20000,
  });

  try {
    await tap.step('users.getPreferences(jhammond, default) returns the default set', async () => {
      const set = await knock.users.getPreferences('jhammond', 'default');
      if (!set || set.id !== 'default')
        return `got ${JSON.stringify(set)}`;
    });

    await tap.step('users.setPreferences(jhammond, default, seed body) returns the stored set', async () => {
      const set = await knock.users.setPreferences('jhammond', 'default', SEED_BODY);
      if (set.id !== 'default')
        return `id is ${set.id}`;
      return setDifference(set, SEED_BODY) ?? undefined;
    });

    await tap.step('users.getPreferences reads back what setPreferences stored', async () => {
      const set = await knock.users.getPreferences('jhammond', 'default');
      return setDifference(set, SEED_BODY) ?? undefined;
    });

    await tap.step('users.listPreferences(jhammond) holds the default set', async () => {
      const sets = await knock.users.listPreferences('jhammond');
      if (!Array.isArray(sets))
        return `not an array: ${JSON.stringify(sets)}`;
      const set = sets.find((s) => s.id === 'default');
      if (!set)
        return `no default set in ${JSON.stringify(sets)}`;
      return setDifference(set, SEED_BODY) ?? undefined;
    });

    // Give every seed user something else first, so that the bulk job must change all four.
    await tap.step('users.setPreferences gives each seed user a different set first', async () => {
      for (const id of SEED_USER_IDS) {
        const set = await knock.users.setPreferences(id, 'default', OTHER_BODY);
        const diff = setDifference(set, OTHER_BODY);
        if (diff)
          return `${id}: ${diff}`;
      }
    });

    let operation = null;
    await tap.step('users.bulk.setPreferences starts a bulk operation', async () => {
      operation = await knock.users.bulk.setPreferences({
        user_ids: [...SEED_USER_IDS],
        preferences: SEED_BODY,
      });
      if (!operation || typeof operation.id !== 'string')
        return `no operation id: ${JSON.stringify(operation)}`;
      if (!['queued', 'processing', 'completed'].includes(operation.status))
        return `status ${operation.status}`;
      if (operation.estimated_total_rows !== SEED_USER_IDS.length)
        return `estimated_total_rows ${operation.estimated_total_rows}`;
    });

    await tap.step('bulkOperations.get polls the operation to completed', async () => {
      if (!operation)
        return 'no operation to poll';
      const deadline = Date.now() + 60000;
      let current = operation;
      const seen = [current.status];
      while (current.status !== 'completed') {
        if (current.status === 'failed')
          return `operation failed: ${JSON.stringify(current)}`;
        if (Date.now() > deadline)
          return `still ${current.status} after 60 s: ${JSON.stringify(current)}`;
        await sleep(100);
        current = await knock.bulkOperations.get(operation.id);
        if (current.id !== operation.id)
          return `asked for ${operation.id}, got ${current.id}`;
        if (seen[seen.length - 1] !== current.status)
          seen.push(current.status);
      }
      tap.diag(`statuses seen: ${seen.join(' -> ')}`);
      const problems = [];
      if (current.success_count !== SEED_USER_IDS.length)
        problems.push(`success_count ${current.success_count}`);
      if (current.error_count !== 0)
        problems.push(`error_count ${current.error_count}`);
      if (current.processed_rows !== SEED_USER_IDS.length)
        problems.push(`processed_rows ${current.processed_rows}`);
      if (!current.completed_at)
        problems.push('no completed_at');
      if (problems.length)
        return `${problems.join(', ')} in ${JSON.stringify(current)}`;
    });

    for (const id of SEED_USER_IDS) {
      await tap.step(`after the bulk operation ${id}'s default set equals the seed body`, async () => {
        const set = await knock.users.getPreferences(id, 'default');
        return setDifference(set, SEED_BODY) ?? undefined;
      });
    }

    await tap.step('bulkOperations.get of an unknown id fails with 404', async () => {
      try {
        await knock.bulkOperations.get('00000000-0000-4000-8000-000000000000');
      } catch (error) {
        if (error.status === 404)
          return;
        return describeError(error);
      }
      return 'no error';
    });

    await tap.step('a wrong secret key is refused with 401', async () => {
      const wrong = new Knock({ apiKey: 'sk_test_wrong', baseURL: sandbox.url,
                                fetch: recordingFetch(log), maxRetries: 0 });
      try {
        await wrong.users.getPreferences('jhammond', 'default');
      } catch (error) {
        if (error.status === 401)
          return;
        return describeError(error);
      }
      return 'no error';
    });
  } finally {
    const status = await sandbox.stop();
    tap.ok(status.code === 0, 'the sandbox exits cleanly on SIGTERM', JSON.stringify(status));
  }

  reportTraffic(tap, contract, log, 'contract');
  tap.done();
}

main().catch((error) => {
  process.stdout.write(`Bail out! ${String(error).replace(/\n/g, ' ')}\n`);
  process.stderr.write(`${describeError(error)}\n`);
  process.exitCode = 1;
});
