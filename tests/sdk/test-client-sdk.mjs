// test-client-sdk.mjs: Knock's browser SDK (@knocklabs/client) with signed user tokens
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node test-client-sdk.mjs PREFS-SANDBOX
//
// The SDK needs no browser globals under Node: without `window` it opens no
// socket, and it takes `fetch` from globalThis when its API client is first
// made, so the recording wrapper is installed there first.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Knock from '@knocklabs/client';
import { signUserToken } from '@knocklabs/node/lib/tokenSigner';
import {
  Tap, SEED_CLIENT_BODY, SECRET_KEY, PUBLIC_KEY, describeError, setDifference,
  sharedDir, startSandbox, recordingFetch, withoutNulls,
} from './harness.mjs';
import { loadContract, reportTraffic } from './contract.mjs';
import { isDeepStrictEqual } from 'node:util';

// Node 18 has WebCrypto only as node:crypto's webcrypto; jose, under
// signUserToken, looks for the global that browsers and Node 20 have.
if (typeof globalThis.crypto === 'undefined')
  globalThis.crypto = crypto.webcrypto;

function makeKeyPair () {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
  };
}

async function main () {
  const tap = new Tap();
  const exe = process.argv[2];
  if (!exe) {
    tap.bailOut('usage: test-client-sdk.mjs PREFS-SANDBOX');
    return;
  }

  const contract = loadContract(sharedDir());
  const keys = makeKeyPair();
  const stranger = makeKeyPair();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prefs-sdk-'));
  const publicKeyFile = path.join(tmp, 'signing-key.pub.pem');
  fs.writeFileSync(publicKeyFile, keys.publicPem);

  const log = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = recordingFetch(log, realFetch);

  const sandbox = await startSandbox(exe, ['--db', ':memory:', '--seed-demo',
                                           '--signing-key-public', publicKeyFile]);
  tap.diag(`sandbox at ${sandbox.url}`);

  // What the secret-key API says is stored: the check behind every client call.
  async function stored (userId) {
    const response = await globalThis.fetch(`${sandbox.url}/v1/users/${encodeURIComponent(userId)}/preferences/default`, {
      headers: { Authorization: `Bearer ${SECRET_KEY}`, Accept: 'application/json' },
    });
    if (response.status !== 200)
      throw new Error(`GET preferences with the secret key: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  }

  // A request with the public key and an optional token straight to the API, for the refusals.
  async function asClient (method, urlPath, token, body) {
    const headers = { Authorization: `Bearer ${PUBLIC_KEY}`, Accept: 'application/json',
                      'Content-Type': 'application/json' };
    if (token)
      headers['X-Knock-User-Token'] = token;
    const response = await globalThis.fetch(`${sandbox.url}${urlPath}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch (error) {
      json = text;
    }
    return { status: response.status, body: json };
  }

  function expectError (result, status, code) {
    if (result.status !== status)
      return `HTTP ${result.status}, expected ${status}: ${JSON.stringify(result.body)}`;
    if (code && (!result.body || result.body.code !== code))
      return `code ${result.body && result.body.code}, expected ${code}`;
  }

  try {
    const token = await signUserToken('jhammond', { signingKey: keys.privatePem });
    const dnedryToken = await signUserToken('dnedry', { signingKey: keys.privatePem });
    const expiredToken = await signUserToken('jhammond', { signingKey: keys.privatePem,
                                                           expiresInSeconds: -120 });
    const forgedToken = await signUserToken('jhammond', { signingKey: stranger.privatePem });

    tap.ok(!!token && token.split('.').length === 3, 'signUserToken makes an RS256 JWT');

    const knock = new Knock(PUBLIC_KEY, { host: sandbox.url });
    knock.authenticate('jhammond', token);

    await tap.step('preferences.get() returns the default set', async () => {
      const set = await knock.preferences.get();
      if (!set || set.id !== 'default')
        return `got ${JSON.stringify(set)}`;
    });

    await tap.step('preferences.set(seed body) returns the stored set', async () => {
      const set = await knock.preferences.set(SEED_CLIENT_BODY);
      return setDifference(set, SEED_CLIENT_BODY) ?? undefined;
    });

    await tap.step('the secret-key API sees the set that preferences.set stored', async () => {
      return setDifference(await stored('jhammond'), SEED_CLIENT_BODY) ?? undefined;
    });

    await tap.step('preferences.setChannelType(email, false) turns email off', async () => {
      const set = await knock.preferences.setChannelType('email', false);
      if (!set || !set.channel_types || set.channel_types.email !== false)
        return `returned ${JSON.stringify(set)}`;
      const after = await stored('jhammond');
      const expected = { ...SEED_CLIENT_BODY, channel_types: { email: false } };
      return setDifference(after, expected) ?? undefined;
    });

    await tap.step('preferences.setChannelType(email, true) turns it on and keeps the rest', async () => {
      const set = await knock.preferences.setChannelType('email', true);
      if (!set || !set.channel_types || set.channel_types.email !== true)
        return `returned ${JSON.stringify(set)}`;
      return setDifference(await stored('jhammond'), SEED_CLIENT_BODY) ?? undefined;
    });

    await tap.step('preferences.setWorkflow(dinosaurs-loose, {channel_types: {email: true}}) stores it', async () => {
      const setting = { channel_types: { email: true } };
      const set = await knock.preferences.setWorkflow('dinosaurs-loose', setting);
      if (!set || !set.workflows)
        return `returned ${JSON.stringify(set)}`;
      const after = await stored('jhammond');
      const got = after.workflows && after.workflows['dinosaurs-loose'];
      if (!isDeepStrictEqual(withoutNulls(got), setting))
        return `stored workflows: ${JSON.stringify(after.workflows)}`;
      if (!after.channel_types || after.channel_types.email !== true)
        return `channel_types changed: ${JSON.stringify(after.channel_types)}`;
    });

    await tap.step('preferences.setWorkflow(key, false) stores a plain boolean', async () => {
      await knock.preferences.setWorkflow('welcome-sequence', false);
      const after = await stored('jhammond');
      const got = after.workflows && after.workflows['welcome-sequence'];
      if (got !== false)
        return `stored workflows: ${JSON.stringify(after.workflows)}`;
      if (!after.workflows['dinosaurs-loose'])
        return `dinosaurs-loose was dropped: ${JSON.stringify(after.workflows)}`;
    });

    // The SDK builds paths from its own user id: authenticating as jhammond
    // with dnedry's token is how a stolen page would try it.
    await tap.step("dnedry's token cannot read jhammond's preferences (403)", async () => {
      const intruder = new Knock(PUBLIC_KEY, { host: sandbox.url });
      intruder.authenticate('jhammond', dnedryToken);
      const before = log.length;
      try {
        await intruder.preferences.get();
      } catch (error) {
        const last = log.slice(before).pop();
        if (last && last.status === 403)
          return;
        return `status ${last && last.status}: ${describeError(error)}`;
      }
      return 'the request succeeded';
    });

    await tap.step("dnedry's token cannot change jhammond's preferences (403) and nothing changes", async () => {
      const intruder = new Knock(PUBLIC_KEY, { host: sandbox.url });
      intruder.authenticate('jhammond', dnedryToken);
      const beforeSet = await stored('jhammond');
      const before = log.length;
      let refused = false;
      try {
        await intruder.preferences.setChannelType('email', false);
      } catch (error) {
        const statuses = log.slice(before).map((e) => e.status);
        if (!statuses.includes(403))
          return `statuses ${statuses.join(',')}: ${describeError(error)}`;
        refused = true;
      }
      if (!refused)
        return 'the request succeeded';
      const afterSet = await stored('jhammond');
      if (!isDeepStrictEqual(afterSet, beforeSet))
        return `set changed: ${JSON.stringify(afterSet)}`;
    });

    await tap.step("dnedry's token still works for dnedry's own set", async () => {
      const own = new Knock(PUBLIC_KEY, { host: sandbox.url });
      own.authenticate('dnedry', dnedryToken);
      const set = await own.preferences.get();
      if (!set || set.id !== 'default')
        return `got ${JSON.stringify(set)}`;
    });

    await tap.step('no user token with the public key: 401 missing_user_token', async () => {
      return expectError(await asClient('GET', '/v1/users/jhammond/preferences/default', null),
                         401, 'missing_user_token');
    });

    await tap.step('an expired token: 401 invalid_user_token', async () => {
      return expectError(await asClient('GET', '/v1/users/jhammond/preferences/default', expiredToken),
                         401, 'invalid_user_token');
    });

    await tap.step('a token signed with another key: 401 invalid_user_token', async () => {
      return expectError(await asClient('GET', '/v1/users/jhammond/preferences/default', forgedToken),
                         401, 'invalid_user_token');
    });

    await tap.step('a user token cannot list users', async () => {
      const result = await asClient('GET', '/v1/users', token);
      if (result.status !== 401 && result.status !== 403)
        return `HTTP ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`;
    });

    await tap.step('a user token cannot start a bulk operation', async () => {
      const result = await asClient('POST', '/v1/users/bulk/preferences', token,
                                    { user_ids: ['jhammond'], preferences: SEED_CLIENT_BODY });
      if (result.status !== 401 && result.status !== 403)
        return `HTTP ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`;
    });

    await tap.step('the client SDK refuses a secret key', async () => {
      try {
        new Knock(SECRET_KEY, { host: sandbox.url });
      } catch (error) {
        return;
      }
      return 'no error';
    });
  } finally {
    const status = await sandbox.stop();
    tap.ok(status.code === 0, 'the sandbox exits cleanly on SIGTERM', JSON.stringify(status));
    globalThis.fetch = realFetch;
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  reportTraffic(tap, contract, log, 'contract');
  tap.done();
}

main().catch((error) => {
  process.stdout.write(`Bail out! ${String(error).replace(/\n/g, ' ')}\n`);
  process.stderr.write(`${describeError(error)}\n`);
  process.exitCode = 1;
});
