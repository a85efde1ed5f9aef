import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { rooms, SEARCH_TYPES } from '@praxis/contracts';
import { connectSocket, subscribe, type TestSocket } from '../support/socket-client.js';
import { applicant, createMember, signIn, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/**
 * The access matrix (S2, R2, K2, M1): content of a restricted and a hidden network, carrying a
 * canary word, asked for through every GET route of the OpenAPI document (path parameters filled
 * with the canary objects, list and search routes queried for the canary), every socket room and
 * signed file links, by everyone who may not read it: a visitor, a pending applicant, a suspended
 * member, a member of another network and a member removed from the network (old tokens kept).
 * Each must be refused (401/403/404) or answered without the object; the canary never appears in a
 * body or a header. A member of the network must see it on the by-id doors, so nothing passes
 * because a door was never reached.
 */

type Param = { name: string; in: 'path' | 'query'; required?: boolean; schema?: { enum?: string[]; $ref?: string } };
type OpenApi = { paths: Record<string, Record<string, { parameters?: Param[] }>> };
type NetworkKey = 'restricted' | 'hidden';
type Canaries = {
  network: string; thread: string; post: string; event: string; resource: string;
  postFile: string; eventFile: string; resourceFile: string; heldPost: string; report: string;
};
type Door = { route: string; label: string; path: string; query?: Record<string, string>; net?: NetworkKey; byId: boolean; memberSees: boolean };
type Answer = { status: number; text: string; headers: string };

/**
 * Routes that are not asked with network content, and why. Everything else in the document is.
 */
const SKIP: Record<string, string> = {
  'GET /api/v1/members/{userId}': 'profiles are for every active member by design (A6); not network content',
  'GET /api/v1/users/{userId}/avatar': 'avatars follow the profile rule (A6); not network content',
  'GET /api/v1/calendar/{file}': 'the personal feed is keyed by its secret alone; no id of a canary object fits it',
  'GET /api/v1/unsubscribe': 'needs the secret token of an email; not network content',
};

/** Doors on which a member of the network must see the canary: proof that the door was reached. */
const CANARY_DOORS = new Set([
  'GET /api/v1/networks/{id}/threads', 'GET /api/v1/threads/{id}', 'GET /api/v1/threads/{id}/posts', 'GET /api/v1/posts/{id}',
  'GET /api/v1/threads/{id}/held-posts', 'GET /api/v1/networks/{id}/held-posts', 'GET /api/v1/networks/{id}/reports',
  'GET /api/v1/events/{id}', 'GET /api/v1/events/{id}/ics', 'GET /api/v1/resources/{id}', 'GET /api/v1/files/{id}',
  'GET /api/v1/rooms/{room}/events thread', 'GET /api/v1/audit-log',
]);

/**
 * Query parameters of list and search routes that the document does not describe (their DTOs carry
 * no @ApiProperty): asked with the canary, and with each canary network when `networkId` is set.
 */
const LIST_QUERIES: Record<string, { query: (canary: string) => Record<string, string>; networkId?: boolean; member?: true }[]> = {
  '/api/v1/search': [
    { query: (q) => ({ q }), member: true }, { query: (q) => ({ q }), networkId: true, member: true }, { query: (q) => ({ q, order: 'recent' }), member: true },
    // Members are found by name: no canary there. The hidden network is found by its name.
    ...SEARCH_TYPES.map((type) => ({ query: (q: string) => ({ q, type }), member: type === 'member' ? undefined : (true as const) })),
  ],
  '/api/v1/search/suggest': [{ query: (q) => ({ q }), member: true }, { query: (q) => ({ q: q.slice(0, 9) }), member: true }],
  '/api/v1/resources': [{ query: () => ({}) }, { query: () => ({}), networkId: true, member: true }, { query: (tag) => ({ tag }), member: true }],
  '/api/v1/resources/facets': [{ query: () => ({}) }, { query: () => ({}), networkId: true, member: true }],
  '/api/v1/events': [{ query: () => ({}) }, { query: () => ({}), networkId: true, member: true }],
  '/api/v1/networks': [{ query: () => ({}) }, { query: (q) => ({ q }), member: true }],
  '/api/v1/members': [{ query: () => ({}) }, { query: (q) => ({ q }) }],
  '/api/v1/audit-log': [{ query: () => ({}) }, { query: () => ({}), networkId: true, member: true }],
  '/api/v1/reports': [{ query: () => ({}) }, { query: () => ({ status: 'open' }) }],
  '/api/v1/notifications': [{ query: () => ({}) }, { query: () => ({ unread: 'true' }) }],
};

const DAY = 86_400_000;

describe('access matrix: restricted and hidden content at every door (S2, R2, K2)', () => {
  jest.setTimeout(180_000);
  // Letters only: one token for the full-text parser, so search really looks for it.
  const canary = `canary${Array.from(randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;
  let t: TestApp;
  let admin: SignedIn;
  let insider: SignedIn;
  const objects = {} as Record<NetworkKey, Canaries>;
  const viewers: { name: string; who: SignedIn | null }[] = [];
  /** Signed links a viewer obtained while still a member, used after losing access. */
  const oldLinks: { viewer: string; who: SignedIn; net: NetworkKey; url: string }[] = [];
  const insiderLinks = {} as Record<NetworkKey, string>;
  let doc: OpenApi;

  const auth = (who: SignedIn | null) => (who ? { Authorization: `Bearer ${who.token}` } : {});
  const ok = (r: { status: number }) => expect([200, 201, 204]).toContain(r.status);

  async function join(networkId: string, who: SignedIn, role = 'member') {
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, 'active', now() - interval '400 days')`, [networkId, who.user.id, role]);
  }

  async function upload(who: SignedIn, what: string): Promise<string> {
    const res = await t.http.post('/api/v1/files').set(auth(who)).attach('file', Buffer.from(`Notes on ${canary}: ${what}.\n`), { filename: `${canary}-${what}.txt` }).expect(201);
    return res.body.id as string;
  }

  async function setUpNetwork(key: NetworkKey, people: { removed: SignedIn; suspended: SignedIn; newcomer: SignedIn }): Promise<Canaries> {
    // A restricted network is listed to every member (N1): its name and description are not secret, a hidden one's are.
    const secret = key === 'hidden' ? ` ${canary}` : '';
    const network = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: `Matrix ${key}${secret}`, description: `A ${key} group${secret}`, visibility: key }).expect(201)).body.id as string;
    await join(network, insider, 'owner');
    await join(network, people.removed);
    await join(network, people.suspended);
    const thread = (await t.http.post(`/api/v1/networks/${network}/threads`).set(auth(insider)).send({ title: `The ${canary} thread`, body: `A ${canary} body`, clientId: randomUUID() }).expect(201)).body.id as string;
    // The removed member follows the thread and is mentioned: notifications that carry the canary.
    await t.http.put(`/api/v1/threads/${thread}/follow`).set(auth(people.removed)).send({ level: 'following' }).expect(ok);
    const postFile = await upload(insider, 'post');
    const post = (await t.http.post(`/api/v1/threads/${thread}/posts`).set(auth(insider)).send({ body: `A ${canary} reply for @${people.removed.user.handle}`, clientId: randomUUID(), fileIds: [postFile] }).expect(201)).body.id as string;
    const eventFile = await upload(insider, 'event');
    const startsAt = new Date(Date.now() + 7 * DAY);
    const event = (await t.http.post('/api/v1/events').set(auth(insider)).send({
      title: `${canary} briefing`, description: `On ${canary}`, kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      timeZone: 'UTC', registrationMode: 'open', visibility: 'network', networkId: network, attachmentIds: [eventFile],
    }).expect(201)).body.id as string;
    await t.http.post(`/api/v1/events/${event}/registrations`).set(auth(insider)).expect(ok);
    const resourceFile = await upload(insider, 'resource');
    const resource = (await t.http.post('/api/v1/resources').set(auth(insider)).send({
      title: `${canary} toolkit`, summary: `A ${canary} summary`, kind: 'toolkit', language: 'en', tags: [canary], fileIds: [resourceFile], networkId: network,
    }).expect(201)).body.id as string;
    // M1: a report and a moderation action whose notes carry the canary, for the queues and the audit log.
    await join(network, people.newcomer);
    const report = (await t.http.post('/api/v1/reports').set(auth(people.newcomer)).send({ targetType: 'post', targetId: post, reason: 'other', note: `Report about ${canary}` }).expect(201)).body.id as string;
    await t.http.post(`/api/v1/networks/${network}/members/${people.newcomer.user.id}/warn`).set(auth(insider)).send({ reason: `Warned about ${canary}` }).expect(ok);
    // M2: the newcomer's next post is held for approval.
    await t.http.patch(`/api/v1/networks/${network}`).set(auth(insider)).send({ premoderation: { posts: 5, days: 14 } }).expect(200);
    await t.sql(`UPDATE network_memberships SET joined_at = now() WHERE network_id = $1 AND user_id = $2`, [network, people.newcomer.user.id]);
    const held = await t.http.post(`/api/v1/threads/${thread}/posts`).set(auth(people.newcomer)).send({ body: `A held ${canary} post`, clientId: randomUUID() }).expect(202);
    // Links obtained while still members: they must stop working with the membership.
    for (const [viewer, who] of [['removed member', people.removed], ['suspended', people.suspended]] as const) {
      const link = await t.http.post(`/api/v1/files/${postFile}/link`).set(auth(who)).expect(200);
      oldLinks.push({ viewer, who, net: key, url: link.body.url as string });
    }
    insiderLinks[key] = (await t.http.post(`/api/v1/files/${postFile}/link`).set(auth(insider)).expect(200)).body.url as string;
    return { network, thread, post, event, resource, postFile, eventFile, resourceFile, heldPost: held.body.heldPost.id as string, report };
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAdmin(t);
    insider = await createMember(t);
    const removed = await createMember(t);
    const suspended = await createMember(t);
    const newcomer = await createMember(t);
    const outsider = await createMember(t);
    const fields = applicant();
    await t.http.post('/api/v1/auth/register').send(fields).expect(201);
    const pending = await signIn(t, fields.email, fields.password);
    const other = (await t.http.post('/api/v1/networks').set(auth(admin)).send({ name: 'Matrix other', description: 'Elsewhere', visibility: 'restricted' }).expect(201)).body.id as string;
    await join(other, outsider);

    for (const key of ['restricted', 'hidden'] as const) objects[key] = await setUpNetwork(key, { removed, suspended, newcomer });

    for (const key of ['restricted', 'hidden'] as const) {
      await t.http.delete(`/api/v1/networks/${objects[key].network}/members/${removed.user.id}`).set(auth(admin)).expect(ok);
    }
    await t.http.post(`/api/v1/admin/users/${suspended.user.id}/suspend`).set(auth(admin)).send({ reason: 'Access matrix' }).expect(ok);
    viewers.push({ name: 'visitor', who: null }, { name: 'pending applicant', who: pending }, { name: 'suspended', who: suspended }, { name: 'other network member', who: outsider }, { name: 'removed member', who: removed });
    doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApi;
  }, 120_000);

  afterAll(async () => t?.close());

  /** Every GET route of the document, its path parameters filled with the canary objects of each network. */
  function doors(): { doors: Door[]; skipped: string[]; unmapped: string[] } {
    const out: Door[] = [];
    const skipped: string[] = [];
    const unmapped: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      const op = methods.get;
      if (!op) continue;
      const route = `GET ${path}`;
      if (SKIP[route]) {
        skipped.push(route);
        continue;
      }
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryFor = (o: Canaries | null): Record<string, string> => {
        const query: Record<string, string> = {};
        for (const p of params.filter((q) => q.in === 'query')) {
          if (p.name === 'q') query.q = canary;
          else if (p.name === 'networkId' && o) query.networkId = o.network;
        }
        return query;
      };
      if (!pathParams.length) {
        // A route with undescribed parameters is asked only as LIST_QUERIES says (search needs q).
        const variants: { suffix: string; query: Record<string, string>; net?: NetworkKey; memberSees: boolean }[] = LIST_QUERIES[path] ? [] : [{ suffix: '', query: queryFor(null), memberSees: false }];
        for (const net of params.some((p) => p.in === 'query' && p.name === 'networkId') ? (['restricted', 'hidden'] as const) : []) {
          variants.push({ suffix: ` (${net})`, query: queryFor(objects[net]), net, memberSees: CANARY_DOORS.has(route) });
        }
        for (const hint of LIST_QUERIES[path] ?? []) {
          for (const net of hint.networkId ? (['restricted', 'hidden'] as const) : [undefined]) {
            const query = { ...hint.query(canary), ...(net ? { networkId: objects[net].network } : {}) };
            variants.push({ suffix: ` ?${new URLSearchParams(query).toString().replace(canary, 'CANARY').replace(/networkId=[^&]+/, `networkId=${net}`)}`, query, net, memberSees: hint.member === true });
          }
        }
        for (const v of variants) out.push({ route, label: `${route}${v.suffix}`, path, query: v.query, net: v.net, byId: false, memberSees: v.memberSees });
        continue;
      }
      const enumParam = pathParams.find((p) => p.schema?.enum);
      if (enumParam) {
        for (const value of enumParam.schema!.enum!) out.push({ route, label: `${route} ${value}`, path: path.replace(`{${enumParam.name}}`, value), byId: false, memberSees: false });
        continue;
      }
      const prefix = path.replace('/api/v1/', '').split('/')[0];
      for (const net of ['restricted', 'hidden'] as const) {
        const o = objects[net];
        const ids: Record<string, [string, string][]> = {
          networks: [['', o.network]], threads: [['', o.thread]], posts: [['', o.post]], events: [['', o.event]], resources: [['', o.resource]],
          files: [[' post', o.postFile], [' event', o.eventFile], [' resource', o.resourceFile]],
          rooms: [[' thread', rooms.thread(o.thread)], [' network', rooms.network(o.network)], [' event', rooms.event(o.event)]],
        };
        const fills = ids[prefix];
        if (!fills || pathParams.length !== 1) {
          unmapped.push(`${route}: no canary object for ${pathParams.map((p) => p.name).join(', ')}; map it, or SKIP it with a reason`);
          break;
        }
        for (const [suffix, id] of fills) {
          const key = prefix === 'rooms' ? `${route}${suffix}` : route;
          const memberSees = CANARY_DOORS.has(key) || (net === 'hidden' && route === 'GET /api/v1/networks/{idOrSlug}');
          out.push({ route, label: `${route}${suffix} (${net})`, path: path.replace(`{${pathParams[0].name}}`, encodeURIComponent(id)), query: queryFor(o), net, byId: true, memberSees });
        }
      }
    }
    return { doors: out, skipped, unmapped };
  }

  async function ask(door: { path: string; query?: Record<string, string> }, who: SignedIn | null): Promise<Answer> {
    const res = await t.http.get(door.path).query(door.query ?? {}).set(auth(who)).buffer(true).parse((response, done) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => done(null, text));
    });
    return { status: res.status, text: res.body as string, headers: JSON.stringify(res.headers) };
  }

  /** The ids whose mere presence in an answer tells an outsider something (a restricted network's own id is listed to members). */
  const secretIds = () => Object.entries(objects).flatMap(([net, o]) => Object.entries(o).filter(([k]) => net === 'hidden' || k !== 'network').map(([, id]) => id));

  /**
   * The one thing a former member keeps by design: notices about their own standing (`membership`
   * targets, e.g. "You were removed from <network>"), which name a network they were in. Every
   * other notification is judged, and must be gone with the access.
   */
  function ownStanding(door: Door, answer: Answer): Answer {
    if (door.route !== 'GET /api/v1/notifications' || answer.status !== 200) return answer;
    const page = JSON.parse(answer.text) as { items: { target: { type: string } | null }[] };
    return { ...answer, text: JSON.stringify({ ...page, items: page.items.filter((n) => n.target?.type !== 'membership') }) };
  }

  function judge(failures: string[], where: string, answer: Answer) {
    if (![200, 204, 401, 403, 404].includes(answer.status)) failures.push(`${where}: status ${answer.status} ${answer.text.slice(0, 160)}`);
    if (answer.text.includes(canary)) failures.push(`${where}: ${answer.status} body shows the canary: …${excerpt(answer.text)}…`);
    if (answer.headers.includes(canary)) failures.push(`${where}: ${answer.status} headers show the canary: …${excerpt(answer.headers)}…`);
    if (answer.status < 300) {
      const seen = secretIds().filter((id) => answer.text.includes(id));
      if (seen.length) failures.push(`${where}: ${answer.status} answer names ${seen.length} canary object id(s): …${excerpt(answer.text, seen[0])}…`);
    }
  }
  const excerpt = (text: string, needle = canary) => {
    const at = text.indexOf(needle);
    return text.slice(Math.max(0, at - 80), at + needle.length + 40).replace(/\s+/g, ' ');
  };

  it('no viewer without access reaches the canary through any GET route, room or file link; a member does', async () => {
    const { doors: all, skipped, unmapped } = doors();
    expect(all.length).toBeGreaterThan(60);
    // A new GET route is asked, or skipped with a stated reason; never silently left out.
    const failures: string[] = [...unmapped];
    let requests = 0;

    // The member: every by-id door answers, and the content doors show the canary.
    for (const door of all) {
      const answer = await ask(door, insider);
      requests += 1;
      const where = `${door.label} as member of the network`;
      if (door.byId && (answer.status < 200 || answer.status >= 300)) failures.push(`${where}: expected 2xx, got ${answer.status} ${answer.text.slice(0, 160)}`);
      if (door.memberSees && !answer.text.includes(canary)) failures.push(`${where}: ${answer.status} does not show the canary (the door was not reached)`);
    }
    for (const net of ['restricted', 'hidden'] as const) {
      const found = await ask({ path: '/api/v1/search', query: { q: canary } }, insider);
      if (!found.text.includes(objects[net].thread)) failures.push(`search as member: the ${net} thread is not found`);
    }

    for (const { name, who } of viewers) {
      for (const door of all) {
        judge(failures, `${door.label} as ${name}`, ownStanding(door, await ask(door, who)));
        requests += 1;
      }
    }

    // Signed links (K2): bound to the member who asked; another session never borrows it, and a
    // link asked while a member dies with the membership or the account.
    for (const net of ['restricted', 'hidden'] as const) {
      const url = new URL(insiderLinks[net], t.url);
      const door = { path: url.pathname, query: Object.fromEntries(url.searchParams) };
      for (const { name, who } of viewers.filter((v) => v.who)) {
        judge(failures, `member's signed link (${net}) with the session of ${name}`, await ask(door, who));
        requests += 1;
      }
    }
    for (const link of oldLinks) {
      const url = new URL(link.url, t.url);
      const door = { path: url.pathname, query: Object.fromEntries(url.searchParams) };
      judge(failures, `own link from before (${link.net}) as ${link.viewer}, no session`, await ask(door, null));
      judge(failures, `own link from before (${link.net}) as ${link.viewer}, with the old session`, await ask(door, link.who));
      requests += 2;
    }

    // Socket rooms (R2): a member joins, nobody else does.
    const roomsToTry = (['restricted', 'hidden'] as const).flatMap((net) => [rooms.thread(objects[net].thread), rooms.network(objects[net].network), rooms.event(objects[net].event)]);
    const origin = t.config.webOrigins?.[0];
    const sockets: TestSocket[] = [];
    try {
      const member = await connectSocket(t.url, { token: insider.token, origin });
      sockets.push(member);
      for (const room of roomsToTry) {
        const ack = await subscribe(member, room);
        if (!ack.ok) failures.push(`socket subscribe ${room} as member of the network: refused (${JSON.stringify(ack)})`);
      }
      for (const { name, who } of viewers) {
        const socket = await connectSocket(t.url, { token: who?.token, origin }).catch(() => null);
        if (!socket) {
          requests += roomsToTry.length;
          continue;
        }
        sockets.push(socket);
        for (const room of roomsToTry) {
          const ack = await subscribe(socket, room);
          requests += 1;
          if (ack.ok || JSON.stringify(ack).includes(canary)) failures.push(`socket subscribe ${room} as ${name}: ${JSON.stringify(ack)}`);
        }
      }
    } finally {
      for (const s of sockets) s.close();
    }

    console.log(`access-matrix: ${all.length} doors × ${viewers.length} viewers (+ member), ${roomsToTry.length} rooms, ${requests} requests, ${failures.length} failures; skipped: ${skipped.join('; ')}`);
    expect(failures).toEqual([]);
  });
});
