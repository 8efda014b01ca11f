// test-contract.mjs: the sandbox's routes, called directly, against Knock's OpenAPI document
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node test-contract.mjs PREFS-SANDBOX
//
// First proves that the checker rejects broken bodies (so it can fail), then
// walks the routes the SDK tests do not reach.

import {
  Tap, SEED_BODY, SECRET_KEY, describeError, setDifference, sharedDir, startSandbox,
  recordingFetch,
} from './harness.mjs';
import { loadContract, reportTraffic } from './contract.mjs';

const VALID_SET = {
  id: 'default',
  channel_types: {
    email: true,
    push: false,
    sms: { conditions: [{ variable: 'recipient.country_code', operator: 'equal_to', argument: 'US' }] },
  },
  channels: null,
  workflows: { 'dinosaurs-loose': { channel_types: { email: false } }, 'welcome-sequence': true },
  categories: { marketing: false, transactional: { channel_types: { email: false } } },
  commercial_subscribed: true,
};

const VALID_OPERATION = {
  __typename: 'BulkOperation',
  id: '123e4567-e89b-42d3-a456-426614174000',
  name: 'users.bulk_set_preferences',
  status: 'queued',
  estimated_total_rows: 4,
  processed_rows: 0,
  success_count: 0,
  error_count: 0,
  error_items: [],
  progress_path: 'https://api.knock.app/v1/bulk_operations/123e4567-e89b-42d3-a456-426614174000',
  inserted_at: '2024-05-22T12:00:00.000000Z',
  updated_at: '2024-05-22T12:00:00.000000Z',
  started_at: null,
  completed_at: null,
  failed_at: null,
};

function selfTest (tap, contract) {
  const accepts = (name, value, what) =>
    tap.ok(contract.check(name, value).length === 0, `checker accepts ${what}`,
           contract.check(name, value).join('\n'));
  const rejects = (name, value, what) =>
    tap.ok(contract.check(name, value).length > 0, `checker rejects ${what}`);

  accepts('PreferenceSet', VALID_SET, 'a full PreferenceSet with conditions and a boolean workflow');
  accepts('PreferenceSet', { id: 'default', channel_types: null, channels: null, workflows: null,
                             categories: null, commercial_subscribed: null }, 'an empty PreferenceSet');
  rejects('PreferenceSet', { ...VALID_SET, channel_types: 'email' }, 'a PreferenceSet whose channel_types is a string');
  rejects('PreferenceSet', { ...VALID_SET, categories: 5 }, 'a PreferenceSet whose categories is a number');
  rejects('PreferenceSet', { ...VALID_SET, id: undefined }, 'a PreferenceSet without id');
  rejects('PreferenceSet', { ...VALID_SET, workflows: { w: 'yes' } }, 'a workflow setting that is a string');
  rejects('PreferenceSet', {
    ...VALID_SET,
    channel_types: { sms: { conditions: [{ variable: 'x', operator: 'roughly', argument: '1' }] } },
  }, 'a condition with an unknown operator');
  rejects('PreferenceSet', {
    ...VALID_SET,
    channel_types: { sms: { conditions: [{ variable: 'x', operator: 'equal_to' }] } },
  }, 'a condition without argument');
  accepts('BulkOperation', VALID_OPERATION, 'a BulkOperation');
  const noStatus = { ...VALID_OPERATION };
  delete noStatus.status;
  rejects('BulkOperation', noStatus, 'a BulkOperation without status');
  rejects('BulkOperation', { ...VALID_OPERATION, status: 'done' }, 'a BulkOperation with an unknown status');
  rejects('BulkOperation', { ...VALID_OPERATION, id: 'op-1' }, 'a BulkOperation whose id is not a uuid');
  rejects('BulkOperation', { ...VALID_OPERATION, inserted_at: 'yesterday' }, 'a BulkOperation with a bad timestamp');
  accepts('User', { __typename: 'User', id: 'jhammond', name: 'John Hammond', email: 'john@ingen.net',
                    created_at: null, updated_at: '2024-05-22T12:00:00Z', park: 'Isla Nublar' },
          'a User with a custom property');
  rejects('User', { __typename: 'User', name: 'no id', updated_at: '2024-05-22T12:00:00Z' }, 'a User without id');
  accepts('ListUsersResponse', { entries: [], page_info: { __typename: 'PageInfo', after: null, before: null, page_size: 50 } },
          'an empty ListUsersResponse');
  rejects('ListUsersResponse', { entries: [], page_info: { __typename: 'PageInfo', after: null, before: null } },
          'a ListUsersResponse whose page_info has no page_size');

  const exchange = (method, url, status, body) => contract.checkExchange({
    method, url, status, contentType: 'application/json', requestId: 'r', body: JSON.stringify(body),
  });
  tap.ok(exchange('GET', 'http://x/v1/users/a/preferences', 200, [VALID_SET, { ...VALID_SET, channel_types: 3 }]).problems.length > 0,
         'checker rejects an array of PreferenceSet with one broken member');
  tap.ok(exchange('GET', 'http://x/v1/users/a/preferences', 200, [VALID_SET]).problems.length === 0,
         'checker accepts an array of PreferenceSet');
  tap.ok(exchange('POST', 'http://x/v1/users/bulk/preferences', 200, noStatus).problems.length > 0,
         'checker routes POST /v1/users/bulk/preferences to BulkOperation');
  tap.ok(exchange('GET', 'http://x/v1/users/a', 404, { code: 'resource_missing', message: 'm', status: 404 }).problems.length > 0,
         'checker rejects an error without type');
  tap.ok(exchange('PUT', 'http://x/v1/users/a/preferences/default', 422,
                  { code: 'invalid_params', message: 'm', status: 422, type: 'invalid_request_error' }).problems.length > 0,
         'checker rejects a 422 invalid_params without errors');
  tap.ok(exchange('GET', 'http://x/v1/users/a', 403, { code: 'c', message: 'm', status: 404, type: 'authorization_error' }).problems.length > 0,
         'checker rejects an error whose status differs from HTTP');
}

async function main () {
  const tap = new Tap();
  const exe = process.argv[2];
  if (!exe) {
    tap.bailOut('usage: test-contract.mjs PREFS-SANDBOX');
    return;
  }

  const contract = loadContract(sharedDir());
  selfTest(tap, contract);

  const sandbox = await startSandbox(exe, ['--db', ':memory:', '--seed-demo']);
  tap.diag(`sandbox at ${sandbox.url}`);
  const log = [];
  const fetchRec = recordingFetch(log);

  async function call (method, urlPath, body, headers = {}) {
    const init = {
      method,
      headers: { Authorization: `Bearer ${SECRET_KEY}`, Accept: 'application/json', ...headers },
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetchRec(`${sandbox.url}${urlPath}`, init);
    const text = await response.text();
    let json = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch (error) {
        json = undefined;
      }
    }
    return { status: response.status, body: json, text };
  }

  const expectStatus = (result, status) =>
    result.status === status ? undefined : `HTTP ${result.status}, expected ${status}: ${result.text.slice(0, 400)}`;

  try {
    let firstPage = null;
    await tap.step('GET /v1/users lists users with page_info', async () => {
      const result = await call('GET', '/v1/users');
      firstPage = result.body;
      return expectStatus(result, 200) ??
        (result.body.entries.length > 0 ? undefined : 'no users after --seed-demo');
    });

    await tap.step('GET /v1/users pages with page_size and after, without repeats', async () => {
      const total = firstPage ? firstPage.entries.length : 0;
      const ids = [];
      let after = null;
      let pages = 0;
      do {
        const query = `page_size=2${after ? `&after=${encodeURIComponent(after)}` : ''}`;
        const result = await call('GET', `/v1/users?${query}`);
        const bad = expectStatus(result, 200);
        if (bad)
          return bad;
        if (result.body.entries.length > 2)
          return `page of ${result.body.entries.length} entries for page_size=2`;
        if (result.body.page_info.page_size !== 2)
          return `page_info.page_size ${result.body.page_info.page_size}`;
        ids.push(...result.body.entries.map((u) => u.id));
        after = result.body.page_info.after;
        pages++;
      } while (after && pages < 100);
      if (after)
        return 'more than 100 pages';
      if (new Set(ids).size !== ids.length)
        return `repeated ids: ${ids.join(',')}`;
      if (total < 50 && ids.length !== total)
        return `pages held ${ids.length} users, the first page of 50 held ${total}`;
      if (pages < 2)
        return `only ${pages} page(s): the seed has too few users to page`;
    });

    for (const size of [0, 51]) {
      await tap.step(`GET /v1/users?page_size=${size} is 422`, async () => {
        return expectStatus(await call('GET', `/v1/users?page_size=${size}`), 422);
      });
    }

    await tap.step('GET /v1/users?include[]=preferences adds valid preference sets', async () => {
      await call('PUT', '/v1/users/jhammond/preferences/default', SEED_BODY);
      const result = await call('GET', '/v1/users?page_size=50&include[]=preferences');
      const bad = expectStatus(result, 200);
      if (bad)
        return bad;
      const problems = [];
      for (const user of result.body.entries) {
        if (!user.preferences || typeof user.preferences !== 'object') {
          problems.push(`${user.id}: no preferences map`);
          continue;
        }
        for (const [setId, set] of Object.entries(user.preferences)) {
          for (const p of contract.check('PreferenceSet', set))
            problems.push(`${user.id}.preferences.${setId}: ${p}`);
          if (set.id !== setId)
            problems.push(`${user.id}.preferences.${setId} has id ${set.id}`);
        }
      }
      const hammond = result.body.entries.find((u) => u.id === 'jhammond');
      if (!hammond)
        problems.push('jhammond is not on the first page');
      else if (hammond.preferences && setDifference(hammond.preferences.default, SEED_BODY))
        problems.push(`jhammond: ${setDifference(hammond.preferences.default, SEED_BODY)}`);
      return problems.length ? problems.join('\n') : undefined;
    });

    await tap.step('GET /v1/users/jhammond returns the user', async () => {
      const result = await call('GET', '/v1/users/jhammond');
      return expectStatus(result, 200) ?? (result.body.id === 'jhammond' ? undefined : `id ${result.body.id}`);
    });

    await tap.step('GET /v1/users/{unknown} is 404 resource_missing', async () => {
      const result = await call('GET', '/v1/users/nobody-on-the-island');
      return expectStatus(result, 404) ??
        (result.body && result.body.code === 'resource_missing' ? undefined : `code ${result.body && result.body.code}`);
    });

    await tap.step('PUT /v1/users/{id} identifies a user', async () => {
      const result = await call('PUT', '/v1/users/rarnold', { name: 'Ray Arnold', email: 'ray@ingen.net' });
      const bad = expectStatus(result, 200);
      if (bad)
        return bad;
      if (result.body.id !== 'rarnold' || result.body.name !== 'Ray Arnold')
        return JSON.stringify(result.body);
    });

    await tap.step('GET /v1/users/jhammond/preferences is a plain array of sets', async () => {
      const result = await call('GET', '/v1/users/jhammond/preferences');
      const bad = expectStatus(result, 200);
      if (bad)
        return bad;
      if (!Array.isArray(result.body))
        return `not an array: ${result.text.slice(0, 200)}`;
      if (!result.body.some((s) => s.id === 'default'))
        return 'no default set';
    });

    await tap.step('GET a set that was never written is an empty set, not 404', async () => {
      const result = await call('GET', '/v1/users/jhammond/preferences/tenant-nowhere');
      const bad = expectStatus(result, 200);
      if (bad)
        return bad;
      if (result.body.id !== 'tenant-nowhere')
        return `id ${result.body.id}`;
      if (result.body.channel_types !== null && result.body.channel_types !== undefined)
        return `channel_types ${JSON.stringify(result.body.channel_types)}`;
    });

    await tap.step('PUT with merge strategy deep-merges into the set', async () => {
      const result = await call('PUT', '/v1/users/jhammond/preferences/default', {
        __persistence_strategy__: 'merge',
        channel_types: { push: false },
      });
      const bad = expectStatus(result, 200);
      if (bad)
        return bad;
      const expected = { ...SEED_BODY, channel_types: { ...SEED_BODY.channel_types, push: false } };
      return setDifference(result.body, expected) ?? undefined;
    });

    await tap.step('PUT an unknown channel type is 422 invalid_params naming the field', async () => {
      const result = await call('PUT', '/v1/users/jhammond/preferences/default', {
        channel_types: { email: true },
        workflows: { 'new-comment': { channel_types: { fax: true } } },
      });
      const bad = expectStatus(result, 422);
      if (bad)
        return bad;
      if (result.body.code !== 'invalid_params')
        return `code ${result.body.code}`;
      const fields = (result.body.errors || []).map((e) => e.field);
      if (!fields.includes('workflows.new-comment.channel_types.fax'))
        return `errors name ${JSON.stringify(fields)}`;
    });

    await tap.step('the refused PUT left the set alone', async () => {
      const result = await call('GET', '/v1/users/jhammond/preferences/default');
      const expected = { ...SEED_BODY, channel_types: { ...SEED_BODY.channel_types, push: false } };
      return expectStatus(result, 200) ?? setDifference(result.body, expected) ?? undefined;
    });

    await tap.step('PUT a body that is not JSON is refused with 400 or 422', async () => {
      const result = await call('PUT', '/v1/users/jhammond/preferences/default', '{"channel_types": ');
      if (result.status !== 400 && result.status !== 422)
        return `HTTP ${result.status}: ${result.text.slice(0, 200)}`;
    });

    const objectSet = {
      channel_types: { email: false },
      categories: { 'park-alerts': { channel_types: { sms: true } } },
    };
    await tap.step('PUT /v1/objects/projects/nublar/preferences/default stores an object set', async () => {
      const result = await call('PUT', '/v1/objects/projects/nublar/preferences/default', objectSet);
      return expectStatus(result, 200) ?? setDifference(result.body, objectSet) ?? undefined;
    });

    await tap.step('GET the object set reads it back', async () => {
      const result = await call('GET', '/v1/objects/projects/nublar/preferences/default');
      return expectStatus(result, 200) ?? setDifference(result.body, objectSet) ?? undefined;
    });

    await tap.step('GET /v1/objects/projects/nublar/preferences lists it', async () => {
      const result = await call('GET', '/v1/objects/projects/nublar/preferences');
      const bad = expectStatus(result, 200);
      if (bad)
        return bad;
      if (!Array.isArray(result.body) || !result.body.some((s) => s.id === 'default'))
        return result.text.slice(0, 300);
    });

    await tap.step('PUT an object set sub-path (channel_types/sms) merges', async () => {
      const result = await call('PUT', '/v1/objects/projects/nublar/preferences/default/channel_types/sms',
                                { subscribed: false });
      const expected = { ...objectSet, channel_types: { email: false, sms: false } };
      return expectStatus(result, 200) ?? setDifference(result.body, expected) ?? undefined;
    });

    await tap.step('DELETE the object set is 204 and it reads back empty', async () => {
      const deleted = await call('DELETE', '/v1/objects/projects/nublar/preferences/default');
      const bad = expectStatus(deleted, 204);
      if (bad)
        return bad;
      const result = await call('GET', '/v1/objects/projects/nublar/preferences/default');
      return expectStatus(result, 200) ?? setDifference(result.body, {}) ?? undefined;
    });

    await tap.step('POST /v1/users/bulk/preferences with no ids is 422', async () => {
      return expectStatus(await call('POST', '/v1/users/bulk/preferences', { user_ids: [], preferences: SEED_BODY }), 422);
    });

    await tap.step('GET /v1/bulk_operations/{unknown} is 404', async () => {
      return expectStatus(await call('GET', '/v1/bulk_operations/00000000-0000-4000-8000-000000000000'), 404);
    });

    await tap.step('no Authorization header is 401', async () => {
      const response = await fetchRec(`${sandbox.url}/v1/users/jhammond`, {});
      await response.text();
      return response.status === 401 ? undefined : `HTTP ${response.status}`;
    });

    await tap.step('an unrouted path is 404 with Knock\'s own error shape', async () => {
      const result = await call('GET', '/v1/no-such-thing');
      const bad = expectStatus(result, 404);
      if (bad)
        return bad;
      if (!result.body || !result.body.errors || result.body.errors.detail !== '404 Not Found')
        return result.text.slice(0, 200);
    });
  } catch (error) {
    tap.fail('the route walk ended early', error);
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
