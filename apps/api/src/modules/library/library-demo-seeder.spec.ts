import { RESOURCE_KINDS } from '@praxis/contracts';
import { docxWith } from '../../common/docx.js';
import { extractFileText } from '../file-text/file-text-extractors.js';
import { detectFileType } from '../files/file-types.js';
import { DEMO_NETWORKS } from '../forum/networks-demo-seeder.js';
import { DEMO_COLLECTION, DEMO_RESOURCES, indicatorsChecklistPdf, TRAINING_MODULE_TEXT } from './library-demo-seeder.js';

// Who belongs to which demo network, as people indexes (0 is the admin, then the demo members).
const MEMBERS: Record<string, number[]> = Object.fromEntries(DEMO_NETWORKS.map((n) => [n.slug, n.members.map(([i]) => i)]));

describe('demo library content', () => {
  it('holds a dozen resources of every kind, in several languages, published 2019 to 2026', () => {
    expect(DEMO_RESOURCES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(DEMO_RESOURCES.map((r) => r.kind))).toEqual(new Set(RESOURCE_KINDS));
    const languages = DEMO_RESOURCES.map((r) => r.language);
    expect(languages.filter((l) => l === 'fr').length).toBeGreaterThanOrEqual(2);
    expect(languages.filter((l) => l === 'es').length).toBeGreaterThanOrEqual(2);
    expect(languages.filter((l) => l === 'en').length).toBeGreaterThan(DEMO_RESOURCES.length / 2);
    const years = DEMO_RESOURCES.flatMap((r) => (r.publishedOn ? [Number(r.publishedOn.slice(0, 4))] : []));
    expect(Math.min(...years)).toBe(2019);
    expect(Math.max(...years)).toBe(2026);
    expect(new Set(DEMO_RESOURCES.map((r) => r.key)).size).toBe(DEMO_RESOURCES.length);
  });

  it('gives every resource a file or a link on an example domain, hub-wide or in a network its author belongs to', () => {
    for (const r of DEMO_RESOURCES) {
      expect(Boolean(r.file || r.url)).toBe(true);
      if (r.url) expect(new URL(r.url).hostname).toMatch(/(^|\.)example\.org$/);
      if (r.network) expect(MEMBERS[r.network]).toContain(r.author);
      else expect(r.author).toBe(0);
      expect(r.tags.every((t) => t === t.trim().toLowerCase())).toBe(true);
    }
    expect(DEMO_RESOURCES.some((r) => r.network === null)).toBe(true);
    expect(new Set(DEMO_RESOURCES.flatMap((r) => (r.network ? [r.network] : []))).size).toBe(Object.keys(MEMBERS).length);
    expect(new Set(DEMO_RESOURCES.flatMap((r) => (r.file ? [r.file] : [])))).toEqual(new Set(['invitation', 'indicators', 'training']));
  });

  it('features a few resources of one network and collects three of them in order', () => {
    const featured = DEMO_RESOURCES.filter((r) => r.featured);
    expect(featured.length).toBeGreaterThanOrEqual(2);
    expect(featured.length).toBeLessThanOrEqual(3);
    expect(new Set(featured.map((r) => r.network))).toEqual(new Set([DEMO_COLLECTION.network]));
    expect(DEMO_COLLECTION.items).toHaveLength(3);
    for (const key of DEMO_COLLECTION.items) expect(DEMO_RESOURCES.find((r) => r.key === key)?.network).toBe(DEMO_COLLECTION.network);
  });

  it('generates a checklist PDF and a training DOCX that uploads accept and whose text is extracted', async () => {
    const pdf = await indicatorsChecklistPdf();
    expect(await detectFileType(pdf, 'checklist.pdf')).toEqual({ mimeType: 'application/pdf' });
    const pdfText = await extractFileText(pdf, 'application/pdf');
    expect(pdfText).toContain('Retention of identity documents');
    expect(pdfText).toContain('national referral mechanism');

    const docx = await docxWith(TRAINING_MODULE_TEXT);
    const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(await detectFileType(docx, 'module.docx')).toEqual({ mimeType: DOCX });
    expect(await extractFileText(docx, DOCX)).toContain('grounding exercise');
  });
});
