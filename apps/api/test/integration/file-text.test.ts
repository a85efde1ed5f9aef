import { jest } from '@jest/globals';
import { crc32, deflateSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { FilesService } from '../../src/modules/files/files.service.js';
import { FileTextExtractor } from '../../src/modules/file-text/file-text-extractors.js';
import { FileTextService } from '../../src/modules/file-text/file-text.service.js';
import { corruptPdf, docxWith, odtWith, pdfWith } from '../support/document-fixtures.js';
import { createMember, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

let t: TestApp;
let alice: SignedIn;

interface TextRow {
  file_id: string;
  status: string;
  text: string | null;
  error: string | null;
  attempts: number;
}

beforeAll(async () => {
  t = await startTestApp();
  alice = await createMember(t);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

/** A 1×1 PNG: a stored file of a kind that has no text. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function upload(bytes: Buffer, filename: string): Promise<{ id: string; mimeType: string }> {
  const response = await t.http.post('/api/v1/files').set({ Authorization: `Bearer ${alice.token}` }).attach('file', bytes, { filename }).expect(201);
  return { id: response.body.id, mimeType: response.body.mimeType };
}

/** Queues the files the way a feature does: in a transaction, then a poke once it committed. */
async function enqueue(app: TestApp, files: { id: string; mimeType: string }[]) {
  const service = app.app.get(FileTextService);
  await app.app.get(DataSource).transaction((manager) => service.enqueue(files, manager));
  service.poke();
}

/** The queue rows of `ids` once none is waiting or being read any more. */
async function settled(ids: string[], timeoutMs = 30_000): Promise<Map<string, TextRow>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await t.sql<TextRow>(`SELECT file_id, status, text, error, attempts FROM file_texts WHERE file_id = ANY($1::uuid[])`, [ids]);
    if (rows.length === ids.length && rows.every((r) => r.status !== 'pending' && r.status !== 'working')) {
      return new Map(rows.map((r) => [r.file_id, r]));
    }
    if (Date.now() > deadline) throw new Error(`file texts still waiting: ${JSON.stringify(rows.map((r) => [r.file_id, r.status]))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('text inside files (K3)', () => {
  it('extracts the text of PDF, DOCX, ODT and plain text files, and marks an image unsupported', async () => {
    const pdf = await upload(await pdfWith('Forced labour on fishing vessels\fPort inspections'), 'vessels.pdf');
    const docx = await upload(await docxWith('Referral mechanism\nfor survivors'), 'referral.docx');
    const odt = await upload(await odtWith('Guía práctica\npara inspectores'), 'guia.odt');
    const txt = await upload(Buffer.from('Notes from the coordination meeting', 'utf8'), 'notes.txt');
    const image = await upload(png(), 'photo.png');
    expect([pdf, docx, odt, txt, image].map((f) => f.mimeType)).toEqual([
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.oasis.opendocument.text',
      'text/plain',
      'image/png',
    ]);
    const started = Date.now();
    await enqueue(t, [pdf, docx, odt, txt, image]);
    const rows = await settled([pdf.id, docx.id, odt.id, txt.id, image.id]);

    expect(rows.get(pdf.id)).toMatchObject({ status: 'done', error: null, attempts: 1 });
    expect(rows.get(pdf.id)?.text).toBe('Forced labour on fishing vessels\nPort inspections');
    expect(rows.get(docx.id)).toMatchObject({ status: 'done', text: 'Referral mechanism\nfor survivors' });
    expect(rows.get(odt.id)).toMatchObject({ status: 'done', text: 'Guía práctica\npara inspectores' });
    expect(rows.get(txt.id)).toMatchObject({ status: 'done', text: 'Notes from the coordination meeting' });
    // Never claimed: no extractor for images.
    expect(rows.get(image.id)).toMatchObject({ status: 'unsupported', text: null, attempts: 0 });
    // The poke, not the poll, started the work: well under a few poll intervals on an idle queue.
    expect(Date.now() - started).toBeLessThan(15_000);

    const statuses = await t.app.get(FileTextService).statuses([pdf.id, image.id, '00000000-0000-4000-8000-000000000000']);
    expect(statuses).toEqual(new Map([[pdf.id, 'done'], [image.id, 'unsupported']]));
  });

  it('marks a corrupt PDF failed with a reason, and goes on with the next file', async () => {
    const broken = await upload(corruptPdf(), 'broken.pdf');
    await enqueue(t, [broken]);
    const next = await upload(await pdfWith('Joint investigation teams'), 'next.pdf');
    await enqueue(t, [next]);
    const rows = await settled([broken.id, next.id]);
    expect(rows.get(broken.id)).toMatchObject({ status: 'failed', text: null, error: 'the PDF could not be read: Invalid PDF structure', attempts: 1 });
    expect(rows.get(next.id)).toMatchObject({ status: 'done', text: 'Joint investigation teams', error: null });
    expect((await t.app.get(FileTextService).statuses([broken.id])).get(broken.id)).toBe('failed');
  });

  it('queues a file once: enqueueing it again keeps its row and its text', async () => {
    const file = await upload(Buffer.from('Queued twice', 'utf8'), 'twice.txt');
    await enqueue(t, [file]);
    await settled([file.id]);
    await enqueue(t, [file]);
    const rows = await settled([file.id]);
    expect(rows.get(file.id)).toMatchObject({ status: 'done', text: 'Queued twice', attempts: 1 });
  });

  it('reports a file being read as pending, takes up a stale claim again, and gives up after 3 attempts', async () => {
    const busy = await upload(Buffer.from('Claimed just now by another process', 'utf8'), 'busy.txt');
    const stale = await upload(Buffer.from('Claimed by a process that stopped', 'utf8'), 'stale.txt');
    const doomed = await upload(Buffer.from('Killed its process three times', 'utf8'), 'doomed.txt');
    await t.sql(
      `INSERT INTO file_texts (file_id, status, attempts, claimed_at) VALUES
         ($1, 'working', 1, now()), ($2, 'working', 1, now() - interval '1 hour'), ($3, 'working', 3, now() - interval '1 hour')`,
      [busy.id, stale.id, doomed.id],
    );
    t.app.get(FileTextService).poke();
    const rows = await settled([stale.id, doomed.id]);
    expect(rows.get(stale.id)).toMatchObject({ status: 'done', text: 'Claimed by a process that stopped', attempts: 2 });
    expect(rows.get(doomed.id)).toMatchObject({ status: 'failed', text: null, error: 'gave up after 3 attempts', attempts: 4 });
    // Claimed recently: nobody else takes it, and clients see it as still to come.
    const [busyRow] = await t.sql<TextRow>(`SELECT status, attempts FROM file_texts WHERE file_id = $1`, [busy.id]);
    expect(busyRow).toMatchObject({ status: 'working', attempts: 1 });
    expect((await t.app.get(FileTextService).statuses([busy.id])).get(busy.id)).toBe('pending');
  });

  it("calls the owner type's handler after a file is done or failed, and survives a handler that throws", async () => {
    const [resource] = await t.sql<{ id: string }>(`INSERT INTO resources (title, kind, language) VALUES ('Annual report', 'report', 'en') RETURNING id`);
    const good = await upload(await pdfWith('Trafficking for forced criminality'), 'report.pdf');
    const bad = await upload(corruptPdf(), 'annex.pdf');
    await t.sql(`UPDATE stored_files SET owner_type = 'resource', owner_id = $1 WHERE id = ANY($2::uuid[])`, [resource.id, [good.id, bad.id]]);
    const calls: string[] = [];
    const service = t.app.get(FileTextService);
    // What the resources module will do: copy the extracted text into the row search reads.
    service.onExtracted('resource', async (ownerId) => {
      calls.push(ownerId);
      await t.sql(
        `UPDATE resources r SET file_text = coalesce((SELECT string_agg(ft.text, ' ') FROM stored_files f JOIN file_texts ft ON ft.file_id = f.id
           WHERE f.owner_type = 'resource' AND f.owner_id = r.id AND ft.status = 'done'), '') WHERE r.id = $1`,
        [ownerId],
      );
    });
    service.onExtracted('resource', () => Promise.reject(new Error('a broken handler')));
    await enqueue(t, [good, bad]);
    await settled([good.id, bad.id]);
    // The handlers run after the row is written; give the last one a moment.
    const deadline = Date.now() + 10_000;
    while (calls.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toEqual([resource.id, resource.id]);
    const [row] = await t.sql<{ file_text: string }>(`SELECT file_text FROM resources WHERE id = $1`, [resource.id]);
    expect(row.file_text).toBe('Trafficking for forced criminality');
    // The worker is still alive after the throwing handler: the next file is extracted.
    const after = await upload(Buffer.from('Still working', 'utf8'), 'after.txt');
    await enqueue(t, [after]);
    expect((await settled([after.id])).get(after.id)).toMatchObject({ status: 'done', text: 'Still working' });
  });

  it('extracts each file once when two API processes share the queue', async () => {
    // Same database and same file storage, as two nodes behind one load balancer.
    const second = await startTestApp({ DATA_DIR: t.config.dataDir }, {}, { databaseUrl: t.databaseUrl });
    try {
      const reads = new Map<string, number>();
      const byProcess = [0, 0];
      for (const [n, app] of [t, second].entries()) {
        const files = app.app.get(FilesService);
        const read = files.read.bind(files);
        jest.spyOn(files, 'read').mockImplementation((file) => {
          reads.set(file.id, (reads.get(file.id) ?? 0) + 1);
          byProcess[n] += 1;
          return read(file);
        });
      }
      const uploads: { id: string; mimeType: string }[] = [];
      for (let i = 0; i < 12; i += 1) {
        uploads.push(await upload(i % 2 ? await pdfWith(`Shared queue file ${i}`) : Buffer.from(`Shared queue file ${i}`, 'utf8'), `shared-${i}.${i % 2 ? 'pdf' : 'txt'}`));
      }
      // Both processes are woken for the same rows at the same moment.
      await t.app.get(DataSource).transaction((manager) => t.app.get(FileTextService).enqueue(uploads, manager));
      t.app.get(FileTextService).poke();
      second.app.get(FileTextService).poke();
      const rows = await settled(uploads.map((u) => u.id));
      for (const [i, file] of uploads.entries()) {
        expect(rows.get(file.id)).toMatchObject({ status: 'done', text: `Shared queue file ${i}`, attempts: 1 });
        expect(reads.get(file.id)).toBe(1);
      }
      // Both took part: the test is about a race, not about one process draining the queue alone.
      expect(byProcess[0]).toBeGreaterThan(0);
      expect(byProcess[1]).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });

  it('gives the file in hand back when a process stops, and extracts nothing with FILE_TEXT_POLL_MS=0', async () => {
    // `idle` owns the database and has no worker; `busy` is the only process extracting, and
    // with a poll of 10 minutes it looks at the queue only when started and when poked.
    const idle = await startTestApp({ FILE_TEXT_POLL_MS: '0' });
    const busy = await startTestApp({ DATA_DIR: idle.config.dataDir, FILE_TEXT_POLL_MS: '600000' }, {}, { databaseUrl: idle.databaseUrl });
    try {
      const member = await createMember(idle);
      // An extraction that ends only when stopped, so the process is sure to stop with the file in hand.
      // Like the real extractor, it also stops at once if the stop came first (under load, close() can
      // land between the claim and the call to extract).
      jest.spyOn(busy.app.get(FileTextExtractor), 'extract').mockImplementation(
        (_bytes, _type, { signal }) =>
          new Promise((_, reject) => {
            if (signal?.aborted) reject(signal.reason as Error);
            else signal?.addEventListener('abort', () => reject(signal.reason as Error));
          }),
      );
      const response = await idle.http.post('/api/v1/files').set({ Authorization: `Bearer ${member.token}` }).attach('file', await pdfWith('A long handbook'), { filename: 'handbook.pdf' }).expect(201);
      const fileId: string = response.body.id;
      await idle.app.get(DataSource).transaction((manager) => idle.app.get(FileTextService).enqueue([{ id: fileId, mimeType: 'application/pdf' }], manager));
      idle.app.get(FileTextService).poke();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await idle.sql(`SELECT status, attempts FROM file_texts WHERE file_id = $1`, [fileId])).toEqual([{ status: 'pending', attempts: 0 }]);

      busy.app.get(FileTextService).poke();
      const deadline = Date.now() + 20_000;
      while ((await idle.sql<{ status: string }>(`SELECT status FROM file_texts WHERE file_id = $1`, [fileId]))[0].status !== 'working') {
        if (Date.now() > deadline) throw new Error('the busy process never claimed the file');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const stopping = Date.now();
      await busy.app.close();
      // Well before the 60 s timeout, and the file is back in the queue as if never claimed.
      expect(Date.now() - stopping).toBeLessThan(10_000);
      expect(await idle.sql(`SELECT status, attempts, claimed_at, text FROM file_texts WHERE file_id = $1`, [fileId])).toEqual([
        { status: 'pending', attempts: 0, claimed_at: null, text: null },
      ]);
    } finally {
      await busy.close().catch(() => undefined);
      await idle.close();
    }
  });
});
