import { corruptPdf, docxWith, odtWith, pdfWith } from '../../../test/support/document-fixtures.js';
import { ExtractionError, extractFileText, isExtractable, MAX_TEXT_CHARS, normaliseText } from './file-text-extractors.js';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ODT = 'application/vnd.oasis.opendocument.text';
const TXT = 'text/plain';

describe('extractFileText', () => {
  it('reads the text of every page of a PDF', async () => {
    const text = await extractFileText(await pdfWith('Debt bondage in coastal fisheries\fSecond page about referral'), PDF);
    expect(text).toContain('Debt bondage in coastal fisheries');
    expect(text).toContain('Second page about referral');
  });

  it('refuses a corrupt PDF with a reason people can read', async () => {
    const error = await extractFileText(corruptPdf(), PDF).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionError);
    expect((error as Error).message).toBe('the PDF could not be read: Invalid PDF structure');
  });

  it('reads the paragraphs of a Word document', async () => {
    expect(await extractFileText(await docxWith('Labour inspection\nJoint investigations & <results>'), DOCX)).toBe(
      'Labour inspection\nJoint investigations & <results>',
    );
  });

  it('refuses a Word document that is not a document package', async () => {
    await expect(extractFileText(Buffer.from('PK\u0003\u0004 not really a zip'), DOCX)).rejects.toThrow(/^the Word document could not be read: /);
  });

  it('reads headings and paragraphs of an OpenDocument text', async () => {
    expect(await extractFileText(await odtWith('Survivor voices\nHeard in prosecution\nAnd in referral'), ODT)).toBe(
      'Survivor voices\nHeard in prosecution\nAnd in referral',
    );
  });

  it('walks spans, links, lists and spaces of an OpenDocument text, and leaves out comments', async () => {
    const JSZip = (await import('jszip')).default;
    const body =
      '<text:p>Joint<text:s text:c="3"/>investigations <text:span text:style-name="T1">along</text:span> <text:a xlink:href="https://example.org">routes</text:a></text:p>' +
      '<text:list><text:list-item><text:p>first<text:tab/>item</text:p></text:list-item></text:list>' +
      '<text:p>kept<office:annotation><text:p>a reviewer comment</text:p></office:annotation> text<text:line-break/>next line</text:p>';
    const content =
      '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:xlink="http://www.w3.org/1999/xlink">' +
      `<office:body><office:text>${body}</office:text></office:body></office:document-content>`;
    const odt = await new JSZip().file('mimetype', ODT).file('content.xml', content).generateAsync({ type: 'nodebuffer' });
    expect(await extractFileText(odt, ODT)).toBe('Joint investigations along routes\nfirst item\nkept text\nnext line');
  });

  it('refuses an OpenDocument text without content.xml, or with broken XML', async () => {
    const JSZip = (await import('jszip')).default;
    const empty = await new JSZip().file('mimetype', ODT).generateAsync({ type: 'nodebuffer' });
    await expect(extractFileText(empty, ODT)).rejects.toThrow('the OpenDocument text could not be read: content.xml is missing');
    const broken = await new JSZip().file('content.xml', '<office:document-content><text:p>unclosed').generateAsync({ type: 'nodebuffer' });
    await expect(extractFileText(broken, ODT)).rejects.toThrow(/^the OpenDocument text could not be read: /);
  });

  it('decodes plain text as UTF-8 without its byte order mark, and refuses other encodings', async () => {
    expect(await extractFileText(Buffer.from('\uFEFFTrata de personas — café', 'utf8'), TXT)).toBe('Trata de personas — café');
    await expect(extractFileText(Buffer.from([0x63, 0x61, 0x66, 0xe9]), TXT)).rejects.toThrow('the text file is not valid UTF-8');
  });

  it('removes NUL bytes, which PostgreSQL text refuses', async () => {
    const text = await extractFileText(Buffer.from('before\u0000after  and\u0000\u0000more', 'utf8'), TXT);
    expect(text).not.toContain('\u0000');
    expect(text).toBe('before after and more');
  });

  it('keeps at most 1 MB of characters per file', async () => {
    const text = await extractFileText(Buffer.from('word '.repeat(300_000), 'utf8'), TXT);
    expect(text.length).toBe(MAX_TEXT_CHARS);
    expect(MAX_TEXT_CHARS).toBe(1_048_576);
  });

  it('gives up on a file that takes longer than the timeout', async () => {
    const pages = Array.from({ length: 300 }, (_, i) => `Page ${i} `.repeat(200)).join('\f');
    const started = Date.now();
    await expect(extractFileText(await pdfWith(pages), PDF, { timeoutMs: 5 })).rejects.toThrow('the extraction took longer than 5 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a type it cannot read', async () => {
    expect(isExtractable('image/png')).toBe(false);
    expect([PDF, DOCX, ODT, TXT].every(isExtractable)).toBe(true);
    await expect(extractFileText(Buffer.from('x'), 'image/png')).rejects.toThrow(ExtractionError);
  });
});

describe('normaliseText', () => {
  it('collapses runs of spaces and blank lines and drops control characters', () => {
    expect(normaliseText('  one\t\u00A0 two \r\n\r\n\n  three\u0007\f four  ')).toBe('one two\nthree\nfour');
  });

  it('never cuts a surrogate pair in two at the cap', () => {
    const text = normaliseText('a'.repeat(MAX_TEXT_CHARS - 1) + '😀' + 'b');
    expect(text.length).toBe(MAX_TEXT_CHARS - 1);
    expect(text.endsWith('a')).toBe(true);
  });
});
