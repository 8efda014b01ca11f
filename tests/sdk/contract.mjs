// contract.mjs: checks response bodies against Knock's OpenAPI document
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The document is OpenAPI 3.0, not JSON Schema: it is translated first (see
// shared/spec/README.md, "Checking traffic against it"), then compiled with ajv.

import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const SCHEMA_ID = 'knock-openapi.json';

// Keywords whose values are schemas, and those whose values are maps or lists of schemas.
const SCHEMA_VALUED = new Set(['items', 'not', 'additionalProperties', 'additionalItems',
                               'contains', 'propertyNames', 'if', 'then', 'else']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const OPENAPI_ONLY = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs',
                              'readOnly', 'writeOnly', 'deprecated', 'nullable']);

function refToDefs (ref) {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix))
    throw new Error(`unsupported $ref ${ref}`);
  return `#/$defs/${encodeURIComponent(ref.slice(prefix.length))}`;
}

function isBareNullable (schema) {
  return schema && typeof schema === 'object' && schema.nullable === true &&
    Object.keys(schema).every((k) => k === 'nullable' || k === 'description' || k === 'title' ||
                                     k.startsWith('x-'));
}

// Translates one OpenAPI 3.0 schema object into JSON Schema (draft 7, as ajv reads it).
export function translateSchema (schema, insideUnion = false) {
  if (Array.isArray(schema))
    return schema.map((s) => translateSchema(s));
  if (!schema || typeof schema !== 'object')
    return schema;

  // The document writes "or null" as a bare {nullable: true} branch of an anyOf.
  if (insideUnion && isBareNullable(schema))
    return { type: 'null' };

  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || OPENAPI_ONLY.has(key))
      continue;
    if (key === '$ref')
      out.$ref = refToDefs(value);
    else if (SCHEMA_VALUED.has(key))
      out[key] = typeof value === 'object' ? translateSchema(value) : value;
    else if (SCHEMA_MAPS.has(key))
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translateSchema(v)]));
    else if (SCHEMA_LISTS.has(key))
      out[key] = value.map((s) => translateSchema(s, true));
    else
      out[key] = value;
  }

  // An outer type beside a union contradicts branches such as a plain boolean.
  if ('oneOf' in out || 'anyOf' in out)
    delete out.type;

  if (schema.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null))
        out.enum = [...out.enum, null];
    } else if (Array.isArray(out.type)) {
      if (!out.type.includes('null'))
        out.type = [...out.type, 'null'];
    } else if (Object.keys(out).length > 0) {
      return { anyOf: [out, { type: 'null' }] };
    }
  }

  // A $ref with siblings is not read the same way by every draft: keep both meanings explicit.
  if (out.$ref && Object.keys(out).some((k) => k !== '$ref' && k !== 'title' && k !== 'description')) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }, rest] };
  }
  return out;
}

// The error body the API page describes; the document itself has no error schemas.
const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'status', 'type'],
  properties: {
    code: { type: 'string', minLength: 1 },
    message: { type: 'string' },
    status: { type: 'integer' },
    type: {
      enum: ['authentication_error', 'authorization_error', 'invalid_request_error',
             'rate_limit_error', 'api_error'],
    },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string' },
          message: { type: 'string' },
          type: { type: 'string' },
        },
      },
    },
  },
};

const UNROUTED_SCHEMA = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'object',
      required: ['detail'],
      properties: { detail: { const: '404 Not Found' } },
    },
  },
};

const ERROR_TYPE_FOR_STATUS = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'authorization_error',
  404: 'invalid_request_error',
  405: 'invalid_request_error',
  413: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
};

function templateToRegExp (template) {
  const parts = template.split('/').map((seg) => {
    if (/^\{[^}]+\}$/.test(seg))
      return '[^/]+';
    return seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('/')}$`);
}

export class Contract {
  constructor (specPath) {
    this.specPath = specPath;
    const doc = yaml.load(fs.readFileSync(specPath, 'utf8'));
    if (!doc || !doc.components || !doc.components.schemas || !doc.paths)
      throw new Error(`${specPath} has no components.schemas or paths`);

    const defs = {};
    for (const [name, schema] of Object.entries(doc.components.schemas))
      defs[name] = translateSchema(schema);

    this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: SCHEMA_ID, $defs: defs });
    this.validators = new Map();
    this.errorValidator = this.ajv.compile(ERROR_SCHEMA);
    this.unroutedValidator = this.ajv.compile(UNROUTED_SCHEMA);

    this.routes = [];
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op || typeof op !== 'object' || !op.responses)
          continue;
        this.routes.push({
          method: method.toUpperCase(),
          template,
          regexp: templateToRegExp(template),
          literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
          responses: op.responses,
        });
      }
    }
  }

  // The validator of a named component schema, e.g. "PreferenceSet".
  schema (name) {
    if (!this.validators.has(name)) {
      const fn = this.ajv.getSchema(`${SCHEMA_ID}#/$defs/${encodeURIComponent(name)}`);
      if (!fn)
        throw new Error(`no schema ${name} in ${this.specPath}`);
      this.validators.set(name, fn);
    }
    return this.validators.get(name);
  }

  // The most specific route of the document that @method and @pathname fall on, or null.
  route (method, pathname) {
    let best = null;
    for (const r of this.routes) {
      if (r.method !== method || !r.regexp.test(pathname))
        continue;
      if (!best || r.literals > best.literals)
        best = r;
    }
    return best;
  }

  // Returns a list of problems (empty when the value is valid) for a named schema.
  check (name, value) {
    const fn = this.schema(name);
    return fn(value) ? [] : formatErrors(fn.errors);
  }

  checkError (value, status) {
    const problems = this.errorValidator(value) ? [] : formatErrors(this.errorValidator.errors);
    if (problems.length === 0) {
      if (value.status !== status)
        problems.push(`body status ${value.status} differs from HTTP status ${status}`);
      const wanted = status >= 500 ? 'api_error' : ERROR_TYPE_FOR_STATUS[status];
      if (wanted && value.type !== wanted)
        problems.push(`type ${value.type} for HTTP ${status}, expected ${wanted}`);
      if (status === 422 && value.code === 'invalid_params' &&
          (!Array.isArray(value.errors) || value.errors.length === 0))
        problems.push('422 invalid_params without an errors list');
    }
    return problems;
  }

  // Checks one recorded exchange; returns {route, schema, problems}.
  checkExchange (exchange) {
    const url = new URL(exchange.url);
    const route = this.route(exchange.method, url.pathname);
    const label = route ? `${route.method} ${route.template}` : `${exchange.method} ${url.pathname}`;
    const problems = [];
    let schemaName = null;

    if (!exchange.requestId)
      problems.push('no x-request-id header');

    let body;
    if (exchange.status === 204) {
      if (exchange.body !== '')
        problems.push(`204 with a body: ${exchange.body.slice(0, 200)}`);
      return { label: `${label} 204`, route, schema: null, problems };
    }
    if (!exchange.contentType || !exchange.contentType.startsWith('application/json'))
      problems.push(`content-type ${exchange.contentType}, expected application/json`);
    try {
      body = JSON.parse(exchange.body);
    } catch (error) {
      problems.push(`body is not JSON: ${exchange.body.slice(0, 200)}`);
      return { label: `${label} ${exchange.status}`, route, schema: null, problems };
    }

    if (exchange.status >= 400) {
      if (!route && exchange.status === 404 && body && body.errors && !Array.isArray(body.errors)) {
        schemaName = 'unrouted 404';
        if (!this.unroutedValidator(body))
          problems.push(...formatErrors(this.unroutedValidator.errors));
      } else {
        schemaName = 'error';
        problems.push(...this.checkError(body, exchange.status));
      }
      return { label: `${label} ${exchange.status}`, route, schema: schemaName, problems };
    }

    if (!route) {
      problems.push('route is not in the OpenAPI document');
      return { label: `${label} ${exchange.status}`, route, schema: null, problems };
    }
    const response = route.responses[String(exchange.status)] || route.responses.default;
    if (!response) {
      problems.push(`status ${exchange.status} is not documented for this route`);
      return { label: `${label} ${exchange.status}`, route, schema: null, problems };
    }
    const media = response.content && response.content['application/json'];
    if (!media || !media.schema) {
      problems.push(`the document gives no JSON body for ${exchange.status}`);
      return { label: `${label} ${exchange.status}`, route, schema: null, problems };
    }
    let fn;
    if (media.schema.$ref) {
      schemaName = media.schema.$ref.split('/').pop();
      fn = this.schema(schemaName);
    } else {
      schemaName = media.schema.title || 'inline schema';
      const key = `${route.method} ${route.template} ${exchange.status}`;
      if (!this.validators.has(key))
        this.validators.set(key, this.ajv.compile(rebase(translateSchema(media.schema))));
      fn = this.validators.get(key);
    }
    if (!fn(body))
      problems.push(...formatErrors(fn.errors));
    return { label: `${label} ${exchange.status}`, route, schema: schemaName, problems };
  }
}

// Points the local refs of an inline schema at the compiled document.
function rebase (schema) {
  if (Array.isArray(schema))
    return schema.map(rebase);
  if (!schema || typeof schema !== 'object')
    return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema))
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? SCHEMA_ID + v : rebase(v);
  return out;
}

function formatErrors (errors) {
  return (errors || []).map((e) => `${e.instancePath || '(root)'} ${e.message}` +
                                   (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''));
}

export function loadContract (shared) {
  return new Contract(path.join(shared, 'spec', 'knock-openapi.yml'));
}

// One TAP line per route and status seen, listing every violation under it.
export function reportTraffic (tap, contract, log, prefix) {
  const groups = new Map();
  for (const exchange of log) {
    let result;
    try {
      result = contract.checkExchange(exchange);
    } catch (error) {
      result = { label: `${exchange.method} ${exchange.url}`, schema: null, problems: [String(error)] };
    }
    if (!groups.has(result.label))
      groups.set(result.label, { count: 0, schema: result.schema, problems: [] });
    const group = groups.get(result.label);
    group.count++;
    for (const p of result.problems)
      group.problems.push(`${exchange.method} ${exchange.url} -> ${exchange.status}: ${p}\n  body: ${exchange.body.slice(0, 400)}`);
  }
  tap.ok(log.length > 0, `${prefix}: traffic was captured (${log.length} responses)`);
  for (const [label, group] of groups) {
    tap.ok(group.problems.length === 0,
           `${prefix}: ${label} matches ${group.schema || 'the document'} (${group.count} responses)`,
           group.problems.slice(0, 10).join('\n'));
  }
}
