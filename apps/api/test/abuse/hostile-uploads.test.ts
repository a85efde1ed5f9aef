import { jest } from '@jest/globals';
import JSZip from 'jszip';
import http from 'node:http';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { FileTextService } from '../../src/modules/file-text/file-text.service.js';
import { MAX_TEXT_CHARS } from '../../src/modules/file-text/file-text-extractors.js';
import { docxWith, pdfWith } from '../support/document-fixtures.js';
import { createMember, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/**
 * K2/K3 against hostile uploads: content that lies about its type, polyglots, zip bombs inside
 * DOCX and ODT, hostile file names and an upload cut off mid-stream. Every problem is one line in
 * `failures`, so one run lists them all.
 */

const TIMEOUT_MS = 8_000;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ODT = 'application/vnd.oasis.opendocument.text';
const SAFE_TYPES = ['application/pdf', DOCX, ODT, 'text/plain', 'image/png', 'image/jpeg',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'];
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME = /[\x00-\x1F\x7F-\x9F\u061C\u200B\u200E\u200F\u2028-\u202E\u2066-\u2069\uFEFF/\\]/;

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/word/document.xml" ContentType="${DOCX}.main+xml"/></Types>`;
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const DOC_HEAD = `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p><w:r><w:t>`;
const DOC_TAIL = '</w:t></w:r></w:p></w:body></w:document>';
const ODT_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>';
const ODT_TAIL = '</text:p></office:text></office:body></office:document-content>';

/** A deflated entry: `head`, `unit` repeated `times`, `tail`, compressed without ever holding it whole. */
interface Deflated { name: string; raw: Buffer; size: number; crc: number; declaredSize?: number; stored?: boolean }

function deflated(name: string, head: string, unit: Buffer, times: number, tail: string): Deflated {
  // Each piece is compressed on its own and ends byte-aligned (sync flush), so copies of the
  // middle piece can be concatenated: a few hundred KB that inflate to hundreds of MB.
  const sync = { finishFlush: constants.Z_SYNC_FLUSH, level: 9 };
  const parts = [deflateRawSync(Buffer.from(head), sync)];
  const middle = deflateRawSync(unit, sync);
  let crc = crc32(Buffer.from(head));
  for (let i = 0; i < times; i += 1) {
    parts.push(middle);
    crc = crc32(unit, crc);
  }
  parts.push(deflateRawSync(Buffer.from(tail), { level: 9 }));
  crc = crc32(Buffer.from(tail), crc);
  return { name, raw: Buffer.concat(parts), size: Buffer.byteLength(head) + unit.length * times + Buffer.byteLength(tail), crc };
}

function small(name: string, text: string, store = false): Deflated {
  const data = Buffer.from(text);
  return { name, raw: store ? data : deflateRawSync(data), size: data.length, crc: crc32(data), stored: store };
}

/** A ZIP written by hand around pre-deflated entries (JSZip would have to hold the inflated text). */
function handZip(entries: Deflated[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.size;
    const method = e.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14); local.writeUInt32LE(e.raw.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16); central.writeUInt32LE(e.raw.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.raw);
    centrals.push(central, name);
    offset += 30 + name.length + e.raw.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const docxAround = (document: Deflated) => handZip([small('[Content_Types].xml', CONTENT_TYPES), small('_rels/.rels', RELS), document]);
const odtAround = (content: Deflated) => handZip([small('mimetype', ODT, true), content]);
const MB = 1024 * 1024;

describe('hostile uploads (K2, K3)', () => {
  jest.setTimeout(110_000);
  let t: TestApp;
  let alice: SignedIn;
  const failures: string[] = [];
  const figures: string[] = [];
  let probes = 0;

  beforeAll(async () => {
    t = await startTestApp({ FILE_TEXT_TIMEOUT_MS: String(TIMEOUT_MS), FILE_TEXT_STALE_MS: '60000', RATE_LIMIT_UPLOADS_PER_USER: '1000/1h' });
    alice = await createMember(t);
  });
  afterAll(async () => {
    console.log(`hostile-uploads: ${figures.join('; ')}; ${failures.length} failures`);
    await t?.close();
  });

  /** Every file under DATA_DIR, relative to it. */
  async function tree(dir = t.config.dataDir, prefix = ''): Promise<string[]> {
    const out: string[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const rel = path.join(prefix, entry.name);
      if (entry.isDirectory()) out.push(...(await tree(path.join(dir, entry.name), rel)));
      else out.push(rel);
    }
    return out.sort();
  }

  async function upload(bytes: Buffer, filename: string, contentType = 'application/octet-stream') {
    return t.http.post('/api/v1/files').set({ Authorization: `Bearer ${alice.token}` }).attach('file', bytes, { filename, contentType });
  }

  /** Refused with a clear 4xx, or stored and then served safely; answers the stored id. */
  async function refusedOrSafe(label: string, bytes: Buffer, filename: string, contentType: string, mustRefuse = false): Promise<string | null> {
    probes += 1;
    const before = await tree();
    const r = await upload(bytes, filename, contentType);
    if (r.status >= 400 && r.status < 500) {
      if (typeof r.body?.message !== 'string' || r.body.message.length < 10) failures.push(`${label}: ${r.status} without a clear message: ${JSON.stringify(r.body)}`);
      const after = await tree();
      if (after.join() !== before.join()) failures.push(`${label}: refused but wrote ${after.filter((f) => !before.includes(f)).join(', ')}`);
      return null;
    }
    if (r.status !== 201) {
      failures.push(`${label}: answered ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      return null;
    }
    if (mustRefuse) failures.push(`${label}: accepted as ${r.body.mimeType}`);
    await checkStored(label, r.body as { id: string; name: string; mimeType: string }, before);
    return r.body.id as string;
  }

  async function checkStored(label: string, body: { id: string; name: string; mimeType: string }, before: string[]) {
    const added = (await tree()).filter((f) => !before.includes(f));
    const [row] = await t.sql<{ storage_key: string; name: string }>(`SELECT storage_key, name FROM stored_files WHERE id = $1`, [body.id]);
    if (added.length !== 1 || added[0] !== path.join('files', row.storage_key)) failures.push(`${label}: wrote ${JSON.stringify(added)} for key ${row.storage_key}`);
    if (!/^\d{4}-\d{2}\/[0-9a-f-]{36}$/.test(row.storage_key)) failures.push(`${label}: storage key ${row.storage_key}`);
    if (UNSAFE_NAME.test(body.name) || body.name.length > 200 || /^[.\s]|[.\s]$/.test(body.name) || body.name !== row.name) {
      failures.push(`${label}: name shown back ${JSON.stringify(body.name)}`);
    }
    if (!SAFE_TYPES.includes(body.mimeType)) failures.push(`${label}: stored as ${body.mimeType}`);
    const d = await t.http.get(`/api/v1/files/${body.id}`).set({ Authorization: `Bearer ${alice.token}` }).buffer(true).parse((res, cb) => {
      res.on('data', () => undefined);
      res.on('end', () => cb(null, null));
    });
    const type = String(d.headers['content-type'] ?? '');
    const disposition = String(d.headers['content-disposition'] ?? '');
    if (d.status !== 200) failures.push(`${label}: download ${d.status}`);
    if (/^(text\/html|image\/svg|application\/xhtml|text\/xml|application\/xml)/i.test(type) || !SAFE_TYPES.includes(type.split(';')[0].trim())) failures.push(`${label}: served as ${type}`);
    if (d.headers['x-content-type-options'] !== 'nosniff') failures.push(`${label}: no nosniff`);
    if (!/sandbox/.test(String(d.headers['content-security-policy']))) failures.push(`${label}: no CSP sandbox on the download`);
    const match = /^attachment; filename="([\x20-\x7E]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/.exec(disposition);
    if (!match) {
      failures.push(`${label}: Content-Disposition ${JSON.stringify(disposition)}`);
      return;
    }
    if (/["\\%]/.test(match[1])) failures.push(`${label}: unsafe ASCII fallback ${JSON.stringify(match[1])}`);
    if (decodeURIComponent(match[2]) !== body.name) failures.push(`${label}: filename* decodes to ${JSON.stringify(decodeURIComponent(match[2]))}, not ${JSON.stringify(body.name)}`);
  }

  it('refuses or safely serves content that lies about its type, and polyglots', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/v1/me")</script></body></html>');
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
    const bareSvg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const commentHtml = Buffer.from('<!-- notes --><img src=x onerror=alert(1)>');
    const bodyHtml = Buffer.from('\uFEFF  <body onload=alert(1)>minutes</body>');
    const gif = Buffer.concat([Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), html]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]), html]);
    const pdfHtml = Buffer.concat([await pdfWith('A real report'), html]);
    const docxZip = await JSZip.loadAsync(await docxWith('Minutes of the meeting'));
    docxZip.file('word/evil.html', html);
    docxZip.file('index.html', html);
    const docxHtml = await docxZip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

    const mine = failures.length;
    const first = probes;
    const must = true;
    for (const [name, type] of [['photo.png', 'image/png'], ['report.pdf', 'application/pdf'], ['notes.txt', 'text/plain'], ['page', 'text/html']] as const) {
      await refusedOrSafe(`HTML as ${name}`, html, name, type, must);
      await refusedOrSafe(`SVG as ${name}`, svg, name, 'image/svg+xml', must);
      await refusedOrSafe(`bare SVG as ${name}`, bareSvg, name, type, must);
      await refusedOrSafe(`HTML starting with a comment as ${name}`, commentHtml, name, type, must);
      await refusedOrSafe(`HTML starting with BOM and <body> as ${name}`, bodyHtml, name, type, must);
    }
    await refusedOrSafe('HTML named .html', html, 'page.html', 'text/html', must);
    await refusedOrSafe('plain text named .svg', Buffer.from('just words'), 'logo.svg', 'image/svg+xml', must);
    await refusedOrSafe('GIF header + HTML as .png', gif, 'pixel.png', 'image/png', must);
    await refusedOrSafe('GIF header + HTML as .gif', gif, 'pixel.gif', 'image/gif', must);
    await refusedOrSafe('JPEG header + HTML as .jpg', jpeg, 'photo.jpg', 'text/html');
    await refusedOrSafe('JPEG header + HTML as .html', jpeg, 'photo.html', 'text/html', must);
    await refusedOrSafe('PDF with HTML appended', pdfHtml, 'report.pdf', 'text/html');
    await refusedOrSafe('DOCX holding HTML files', docxHtml, 'minutes.docx', 'text/html');
    await refusedOrSafe('DOCX holding HTML, named .html', docxHtml, 'minutes.html', 'text/html', must);
    figures.push(`${probes - first} type and polyglot probes`);
    expect(failures.slice(mine)).toEqual([]);
  });

  it('stores hostile names safely and sends them back cleaned, with a safe Content-Disposition', async () => {
    const names = [
      '../../../../tmp/escape.txt', '..\\..\\..\\windows\\escape.txt', '%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt', '..%2f..%2fescape.txt',
      'nul\u0000byte.txt', 'invoice\u202Efdp.txt', 'invoice\u202Efdp.exe', 'bidi\u2066isolate\u2069 and \u200Fmark.txt', 'tab\tand\r\nnewline.txt',
      `${'a'.repeat(1000)}.txt`, `${'é'.repeat(600)}.txt`, `${'😀'.repeat(300)}.txt`, `a${'😀'.repeat(300)}`, '....', '.', '..', '   ', ' . . . ', '.hidden.txt', 'trailing.txt...   ',
      "it's (final) *copy*.txt", 'semi;colon, comma=equals.txt', '\u0085next line\u2028.txt',
    ];
    const mine = failures.length;
    let stored = 0;
    const refused: string[] = [];
    for (const name of names) {
      if (await refusedOrSafe(`name ${JSON.stringify(name.length > 40 ? `${name.slice(0, 20)}…(${name.length})` : name)}`, Buffer.from('Case notes\n'), name, 'text/plain')) stored += 1;
      else refused.push(JSON.stringify(name));
    }
    const outside = (await tree()).filter((f) => !/^files\/\d{4}-\d{2}\/[0-9a-f-]{36}$/.test(f) && !f.startsWith('mail/'));
    if (outside.length) failures.push(`written outside files/: ${outside.join(', ')}`);
    figures.push(`${names.length} hostile names (${stored} stored, refused: ${refused.join(' ')})`);
    expect(failures.slice(mine)).toEqual([]);
  });

  it('leaves no row and no bytes behind when an upload is cut off mid-stream', async () => {
    const mine = failures.length;
    const rows = await t.sql(`SELECT id FROM stored_files ORDER BY id`);
    const before = await tree();
    const { port } = new URL(t.url);
    for (const cut of [10, 300, 200_000]) {
      await new Promise<void>((resolve) => {
        const boundary = 'hostileboundary';
        const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.txt"\r\nContent-Type: text/plain\r\n\r\n`;
        const body = Buffer.concat([Buffer.from(head), Buffer.alloc(400_000, 0x61), Buffer.from(`\r\n--${boundary}--\r\n`)]);
        const req = http.request({
          host: '127.0.0.1', port: Number(port), path: '/api/v1/files', method: 'POST',
          headers: { Authorization: `Bearer ${alice.token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length },
        });
        req.on('error', () => resolve());
        req.on('response', (res) => {
          failures.push(`cut at ${cut} bytes: answered ${res.statusCode} before the body ended`);
          res.resume();
          resolve();
        });
        req.write(body.subarray(0, cut), () => setTimeout(() => {
          req.destroy();
          resolve();
        }, 200));
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (JSON.stringify(await t.sql(`SELECT id FROM stored_files ORDER BY id`)) !== JSON.stringify(rows)) failures.push('a cut-off upload left a row');
    const after = await tree();
    if (after.join() !== before.join()) failures.push(`a cut-off upload left ${after.filter((f) => !before.includes(f)).join(', ')}`);
    // The server is still serving uploads.
    if ((await upload(Buffer.from('after the cut'), 'after.txt')).status !== 201) failures.push('upload after the cut-off ones failed');
    figures.push('3 cut-off uploads');
    expect(failures.slice(mine)).toEqual([]);
  });

  it('fails zip bombs inside DOCX and ODT quickly, with a reason and bounded memory, and goes on with the next file', async () => {
    const mine = failures.length;
    const a = Buffer.alloc(MB, 0x61);
    const paragraphs = Buffer.from('</w:t></w:r></w:p><w:p><w:r><w:t>a'.repeat(30_000));
    const odtParagraphs = Buffer.from('</text:p><text:p>a'.repeat(60_000));
    const hugeDoc = deflated('word/document.xml', DOC_HEAD, a, 300, DOC_TAIL);
    const inner = handZip([deflated('bomb.txt', '', a, 300, '')]);
    const nested = await JSZip.loadAsync(await docxWith('Nested archives are not opened'));
    nested.file('word/media/nested.zip', handZip([{ name: 'inner.zip', raw: inner, size: inner.length, crc: crc32(inner), stored: true }]), { compression: 'STORE' });
    const manyEntries = await JSZip.loadAsync(await docxWith('Many entries'));
    for (let i = 0; i < 12_000; i += 1) manyEntries.file(`customXml/item${i}.bin`, '', { compression: 'STORE' });

    const cases: { label: string; bytes: Buffer; type: string; expect: 'failed' | 'done'; error?: RegExp; text?: (text: string) => boolean }[] = [
      { label: 'DOCX with a 300 MB document.xml (declared)', bytes: docxAround(hugeDoc), type: DOCX, expect: 'failed', error: /too large to read: word\/document\.xml would inflate to 300 MB/ },
      { label: 'DOCX with a 300 MB document.xml declared as 10 KB', bytes: docxAround({ ...hugeDoc, declaredSize: 10_240 }), type: DOCX, expect: 'failed', error: /too large to read: .*declares 10,240 bytes but inflates to more/ },
      { label: 'DOCX with 120,000 tiny paragraphs (4 MB of XML)', bytes: docxAround(deflated('word/document.xml', DOC_HEAD, paragraphs, 4, DOC_TAIL)), type: DOCX, expect: 'failed', error: /too large to read: its XML holds more than/ },
      { label: 'DOCX with 12,000 entries', bytes: await manyEntries.generateAsync({ type: 'nodebuffer' }), type: DOCX, expect: 'failed', error: /too large to read: it holds 12,00\d entries/ },
      { label: 'DOCX holding a zip of a 300 MB zip', bytes: await nested.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), type: DOCX, expect: 'done', text: (s) => s === 'Nested archives are not opened' },
      { label: 'DOCX with 40 MB of text in one run', bytes: docxAround(deflated('word/document.xml', DOC_HEAD, a, 40, DOC_TAIL)), type: DOCX, expect: 'done', text: (s) => s.length === MAX_TEXT_CHARS },
      { label: 'ODT with a 300 MB content.xml', bytes: odtAround(deflated('content.xml', ODT_HEAD, a, 300, ODT_TAIL)), type: ODT, expect: 'failed', error: /too large to read: content\.xml would inflate/ },
      { label: 'ODT with 240,000 tiny paragraphs', bytes: odtAround(deflated('content.xml', ODT_HEAD, odtParagraphs, 4, ODT_TAIL)), type: ODT, expect: 'failed', error: /too large to read: its XML holds more than/ },
      { label: 'TXT of 2 MB', bytes: Buffer.alloc(2 * MB, 0x62), type: 'text/plain', expect: 'done', text: (s) => s.length === MAX_TEXT_CHARS },
      { label: 'DOCX after the bombs', bytes: await docxWith('Still extracting after the bombs'), type: DOCX, expect: 'done', text: (s) => s === 'Still extracting after the bombs' },
    ];
    const uploaded: { label: string; id: string }[] = [];
    for (const c of cases) {
      const ext = c.type === DOCX ? 'docx' : c.type === ODT ? 'odt' : 'txt';
      const r = await upload(c.bytes, `bomb.${ext}`, c.type);
      if (r.status !== 201) {
        // Refusing at upload is fine for a bomb, not for the files that must be extracted.
        if (c.expect === 'done' || r.status >= 500) failures.push(`${c.label}: upload answered ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        continue;
      }
      if (r.body.mimeType !== c.type) failures.push(`${c.label}: detected as ${r.body.mimeType}`);
      uploaded.push({ label: c.label, id: r.body.id });
    }
    const biggest = Math.max(...cases.filter((c) => c.type !== 'text/plain').map((c) => c.bytes.length));

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    const started = Date.now();
    const service = t.app.get(FileTextService);
    await t.app.get(DataSource).transaction((manager) => service.enqueue(uploaded.map((u) => ({ id: u.id, mimeType: cases.find((c) => c.label === u.label)!.type })), manager));
    service.poke();
    type Row = { file_id: string; status: string; text: string | null; error: string | null; ms: number };
    let rows: Row[] = [];
    const deadline = Date.now() + uploaded.length * TIMEOUT_MS + 10_000;
    for (;;) {
      rows = await t.sql<Row>(
        `SELECT file_id, status, text, error, (extract(epoch FROM finished_at - claimed_at) * 1000)::int AS ms FROM file_texts WHERE file_id = ANY($1::uuid[])`,
        [uploaded.map((u) => u.id)],
      );
      if (rows.every((r) => r.status !== 'pending' && r.status !== 'working') || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    const elapsed = Date.now() - started;
    const growth = Math.round((rssPeak - rssBefore) / MB);

    let slowest = 0;
    for (const u of uploaded) {
      const c = cases.find((x) => x.label === u.label)!;
      const row = rows.find((r) => r.file_id === u.id);
      if (!row) {
        failures.push(`${c.label}: never queued`);
        continue;
      }
      slowest = Math.max(slowest, row.ms ?? 0);
      if (row.status !== c.expect) failures.push(`${c.label}: ${row.status} (${row.error ?? `${row.text?.length ?? 0} chars`}), expected ${c.expect}`);
      else if (c.error && !c.error.test(row.error ?? '')) failures.push(`${c.label}: reason ${JSON.stringify(row.error)}`);
      else if (c.text && !c.text(row.text ?? '')) failures.push(`${c.label}: text of ${row.text?.length} chars: ${JSON.stringify(row.text?.slice(0, 60))}`);
      if ((row.ms ?? Infinity) > TIMEOUT_MS) failures.push(`${c.label}: took ${row.ms} ms, over FILE_TEXT_TIMEOUT_MS ${TIMEOUT_MS}`);
    }
    if (growth > 400) failures.push(`RSS grew by ${growth} MB while extracting (at most 400)`);
    figures.push(`${cases.length} files (largest archive ${Math.round(biggest / 1024)} KB) extracted in ${elapsed} ms, slowest file ${slowest} ms, RSS +${growth} MB`);
    expect(failures.slice(mine)).toEqual([]);
  });
});
