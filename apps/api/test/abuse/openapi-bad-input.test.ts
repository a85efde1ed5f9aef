import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/**
 * P4 on every route of the OpenAPI document, generated from the document itself: missing fields,
 * wrong types, huge strings, arrays for scalars, unknown fields, malformed JSON, invalid or
 * unknown ids, negative and huge limits — sent by an admin (who reaches the deepest code), a
 * member and a visitor. Never a 500, always the one error shape, and a refused request leaves
 * every table exactly as it was.
 */

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; allOf?: Schema[]; format?: string };
type Operation = { parameters?: { name: string; in: 'path' | 'query'; schema?: Schema }[]; requestBody?: { content: Record<string, { schema?: Schema }> } };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
type Probe = { label: string; path: string; query?: Record<string, string>; body?: unknown; raw?: string };

/** Routes whose success would end the caller's session or the sessions the suite relies on. */
const SKIP = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/logout-all', 'DELETE /api/v1/me/sessions']);
const HUGE = 'x'.repeat(200_000);
const LONG = 'ü'.repeat(5_000);

describe('bad input on every route in the OpenAPI document (P1, P4)', () => {
  jest.setTimeout(600_000);
  let t: TestApp;
  let admin: SignedIn;
  let member: SignedIn;
  let doc: OpenApi;
  let tables: string[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    member = await createMember(t);
    doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApi;
    tables = (await t.sql<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)).map((r) => r.name);
  });
  afterAll(async () => t?.close());

  async function counts(): Promise<Record<string, number>> {
    const [row] = await t.sql<Record<string, number>>(`SELECT ${tables.map((name) => `(SELECT count(*)::int FROM "${name}") AS "${name}"`).join(', ')}`);
    return row;
  }

  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length) return resolve(schema.allOf[0]);
    return schema;
  };

  /** Wrong values for one property: a different JSON type, a huge string, an array, an object, null. */
  function wrongValues(schema: Schema | undefined): unknown[] {
    const s = resolve(schema);
    const type = s?.type ?? (s?.enum ? 'string' : 'object');
    const values: unknown[] = [null, [1, 2, 3], { $gt: '' }];
    if (type === 'string') values.push(12345, true, LONG, 'not-a-uuid-\u0000-\u202e');
    else if (type === 'number' || type === 'integer') values.push('12', -1, 1e308, 2 ** 53 + 1, 1.5);
    else if (type === 'boolean') values.push('true', 1);
    else if (type === 'array') values.push('scalar', [null], Array.from({ length: 2000 }, () => LONG.slice(0, 50)));
    else values.push('scalar', 7);
    return values;
  }

  function probes(method: string, path: string, op: Operation): Probe[] {
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const fill = (value: string) => pathParams.reduce((p, param) => p.replace(`{${param.name}}`, encodeURIComponent(value)), path);
    const known = fill(randomUUID());
    const out: Probe[] = [];
    if (pathParams.length) {
      for (const bad of ['not-a-uuid', '..%2F..%2Fetc%2Fpasswd', LONG.slice(0, 600), '0', '-1', '00000000-0000-0000-0000-000000000000']) {
        out.push({ label: `path ${bad.slice(0, 20)}`, path: fill(bad) });
      }
    }
    for (const q of params.filter((p) => p.in === 'query')) {
      for (const bad of ['-1', '0', '99999999999999999999', 'abc', LONG.slice(0, 3000), '[object Object]', '%00']) {
        out.push({ label: `query ${q.name}=${bad.slice(0, 12)}`, path: known, query: { [q.name]: bad } });
      }
    }
    out.push({ label: 'unknown query field', path: known, query: { isAdmin: 'true', __proto__x: '1' } });
    if (['post', 'put', 'patch'].includes(method)) {
      const content = op.requestBody?.content ?? {};
      const schema = resolve(content['application/json']?.schema);
      out.push({ label: 'malformed JSON', path: known, raw: '{"a": [1, 2,' });
      out.push({ label: 'a JSON array', path: known, raw: '[1,2,3]' });
      out.push({ label: 'a JSON string', path: known, raw: '"hello"' });
      out.push({ label: 'deep JSON', path: known, raw: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` });
      out.push({ label: 'a huge body', path: known, body: { text: HUGE, body: HUGE, title: HUGE } });
      out.push({ label: 'empty object', path: known, body: {} });
      out.push({ label: 'unknown field', path: known, body: { isAdmin: true, status: 'active', role: 'owner' } });
      out.push({ label: 'prototype pollution', path: known, raw: '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"isAdmin": true}}}' });
      for (const [name, property] of Object.entries(schema?.properties ?? {})) {
        for (const value of wrongValues(property)) out.push({ label: `body ${name}=${JSON.stringify(value)?.slice(0, 20)}`, path: known, body: { [name]: value } });
      }
    }
    return out;
  }

  it('never answers 500, always in the error shape, and a refusal writes nothing', async () => {
    const failures: string[] = [];
    let sent = 0;
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method, path, op })));
    expect(operations.length).toBeGreaterThan(80);
    for (const { method, path, op } of operations) {
      const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      if (SKIP.has(`${method.toUpperCase()} ${path}`)) continue;
      for (const probe of probes(method, path, op)) {
        for (const who of [admin, member, null]) {
          const before = await counts();
          let call = t.http[method as 'get'](probe.path);
          if (probe.query) call = call.query(probe.query);
          if (who) call = call.set('Authorization', `Bearer ${who.token}`);
          const response = probe.raw !== undefined ? await call.set('Content-Type', 'application/json').send(probe.raw) : probe.body !== undefined ? await call.send(probe.body as object) : await call;
          sent += 1;
          const where = `${route} [${probe.label}] as ${who === admin ? 'admin' : who ? 'member' : 'visitor'}: ${response.status}`;
          if (response.status >= 500) {
            failures.push(`${where} ${JSON.stringify(response.body).slice(0, 200)}`);
            continue;
          }
          if (response.status >= 400) {
            const body = response.body as Record<string, unknown>;
            const shaped = body && body.statusCode === response.status && typeof body.error === 'string' && typeof body.message === 'string' && Object.keys(body).every((k) => ['statusCode', 'error', 'message', 'details'].includes(k));
            if (!shaped && response.type === 'application/json') failures.push(`${where} not in the error shape: ${JSON.stringify(body).slice(0, 200)}`);
            const after = await counts();
            const changed = tables.filter((name) => after[name] !== before[name]);
            if (changed.length) failures.push(`${where} changed ${changed.join(', ')}`);
          }
        }
      }
    }
    console.log(`openapi-bad-input: ${operations.length} operations, ${sent} requests, ${failures.length} failures`);
    expect(failures).toEqual([]);
  });
});
