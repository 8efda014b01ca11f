// harness.mjs: TAP output, the sandbox process and traffic capture for the SDK tests
//
// SPDX-License-Identifier: GPL-3.0-or-later

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual, inspect } from 'node:util';
import path from 'node:path';

// The body of "Setting the users preferences" in Knock's docs (shared/seeds/002_*.txt).
export const SEED_BODY = Object.freeze({
  channel_types: { email: true, sms: false },
  workflows: {
    'dinosaurs-loose': {
      channel_types: {
        email: false,
        in_app_feed: true,
        sms: true,
      },
    },
  },
});

// The client-side variant of the same page ("Setting preferences" for the current user).
export const SEED_CLIENT_BODY = Object.freeze({
  channel_types: { email: true },
  workflows: {
    'dinosaurs-loose': {
      channel_types: {
        email: false,
        in_app_feed: true,
        sms: true,
      },
    },
  },
});

export const SEED_USER_IDS = Object.freeze(['jhammond', 'dnedry', 'imalcolm', 'esattler']);

export const SECRET_KEY = 'sk_test_sandbox';
export const PUBLIC_KEY = 'pk_test_sandbox';

export class Tap {
  constructor () {
    this.count = 0;
    this.failed = 0;
  }

  diag (text) {
    for (const line of String(text).split('\n'))
      process.stdout.write(`# ${line}\n`);
  }

  ok (cond, name, details) {
    this.count++;
    const clean = String(name).replace(/[#\n]/g, ' ');
    if (cond) {
      process.stdout.write(`ok ${this.count} - ${clean}\n`);
    } else {
      this.failed++;
      process.stdout.write(`not ok ${this.count} - ${clean}\n`);
      if (details !== undefined)
        this.diag(typeof details === 'string' ? details : inspect(details, { depth: 8 }));
    }
    return !!cond;
  }

  equal (actual, expected, name) {
    return this.ok(isDeepStrictEqual(actual, expected), name,
                   `expected: ${JSON.stringify(expected)}\nactual:   ${JSON.stringify(actual)}`);
  }

  fail (name, error) {
    return this.ok(false, name, describeError(error));
  }

  // Runs one step; a thrown error fails it instead of ending the script.
  async step (name, fn) {
    try {
      const result = await fn();
      if (result === undefined || result === true)
        return this.ok(true, name);
      return this.ok(false, name, result);
    } catch (error) {
      return this.fail(name, error);
    }
  }

  bailOut (reason) {
    process.stdout.write(`Bail out! ${String(reason).replace(/\n/g, ' ')}\n`);
    process.exitCode = 1;
  }

  done () {
    process.stdout.write(`1..${this.count}\n`);
    process.exitCode = this.failed > 0 ? 1 : (process.exitCode || 0);
  }
}

export function describeError (error) {
  if (error === undefined || error === null)
    return String(error);
  const parts = [String(error && error.stack ? error.stack : error)];
  if (error.status !== undefined)
    parts.push(`status: ${error.status}`);
  if (error.error !== undefined)
    parts.push(`body: ${JSON.stringify(error.error)}`);
  if (error.response !== undefined)
    parts.push(`response: ${JSON.stringify(error.response)}`);
  return parts.join('\n');
}

// Treats a missing key and a null value alike, as Knock does for the parts of a set.
export function withoutNulls (value) {
  if (Array.isArray(value))
    return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== null && v !== undefined)
        out[k] = withoutNulls(v);
    }
    return out;
  }
  return value;
}

const SET_PARTS = ['channel_types', 'channels', 'workflows', 'categories', 'commercial_subscribed'];

// Null when @stored holds exactly what @body asked for, else a description of the difference.
export function setDifference (stored, body) {
  if (!stored || typeof stored !== 'object')
    return `not a preference set: ${JSON.stringify(stored)}`;
  const diffs = [];
  for (const part of SET_PARTS) {
    if (part === 'commercial_subscribed' && !(part in body))
      continue;
    const want = withoutNulls(body[part] ?? null);
    const have = withoutNulls(stored[part] ?? null);
    const emptyWant = want === null || (typeof want === 'object' && Object.keys(want).length === 0);
    const emptyHave = have === null || (typeof have === 'object' && Object.keys(have).length === 0);
    if (emptyWant && emptyHave)
      continue;
    if (!isDeepStrictEqual(want, have))
      diffs.push(`${part}: expected ${JSON.stringify(body[part] ?? null)}, stored ${JSON.stringify(stored[part] ?? null)}`);
  }
  return diffs.length ? diffs.join('\n') : null;
}

export function sharedDir () {
  if (process.env.PREFS_SHARED_DIR)
    return process.env.PREFS_SHARED_DIR;
  if (process.env.PREFS_SOURCE_ROOT)
    return path.join(process.env.PREFS_SOURCE_ROOT, '..', 'shared');
  throw new Error('PREFS_SHARED_DIR is not set');
}

// Starts prefs-sandbox on a free loopback port; resolves once its first stdout line names the URL.
export function startSandbox (exe, extraArgs = []) {
  const args = ['--listen', '127.0.0.1:0', ...extraArgs];
  const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));

  return new Promise((resolve, reject) => {
    let settled = false;
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      if (settled)
        return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`${exe} ${args.join(' ')} printed no "listening on" line within 30 s`));
    }, 30000);

    child.on('error', (error) => {
      if (settled)
        return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    exited.then(({ code, signal }) => {
      if (settled)
        return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${exe} exited (code ${code}, signal ${signal}) before listening`));
    });

    let first = true;
    lines.on('line', (line) => {
      if (!first) {
        process.stderr.write(`sandbox: ${line}\n`);
        return;
      }
      first = false;
      if (settled)
        return;
      settled = true;
      clearTimeout(timer);
      const match = /^listening on (http:\/\/127\.0\.0\.1:[0-9]+)$/.exec(line);
      if (!match) {
        child.kill('SIGKILL');
        reject(new Error(`unexpected first line from the sandbox: ${JSON.stringify(line)}`));
        return;
      }
      resolve({
        url: match[1],
        child,
        // Resolves to {code, signal}; kills hard after 10 s.
        async stop () {
          if (child.exitCode === null && child.signalCode === null)
            child.kill('SIGTERM');
          const hard = setTimeout(() => child.kill('SIGKILL'), 10000);
          const status = await exited;
          clearTimeout(hard);
          return status;
        },
      });
    });
  });
}

// Wraps @inner (a fetch) so that every response is recorded in @log before the caller sees it.
export function recordingFetch (log, inner = globalThis.fetch) {
  return async function (input, init) {
    const method = ((init && init.method) || (input && input.method) || 'GET').toUpperCase();
    const url = typeof input === 'string' ? input : (input && input.url) || String(input);
    const requestBody = init && typeof init.body === 'string' ? init.body : null;
    const response = await inner(input, init);
    const text = await response.clone().text();
    log.push({
      method,
      url,
      requestBody,
      status: response.status,
      contentType: response.headers.get('content-type'),
      requestId: response.headers.get('x-request-id'),
      body: text,
    });
    return response;
  };
}

export async function sleep (ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
