import { attachmentDisposition } from './files.controller.js';
import { cleanFileName, detectFileType } from './file-types.js';

describe('cleanFileName', () => {
  it('keeps the last path segment and drops control, reserved and direction-changing characters', () => {
    expect(cleanFileName('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(cleanFileName('..\\..\\windows\\notes.txt')).toBe('notes.txt');
    expect(cleanFileName('nul\u0000byte.txt')).toBe('nulbyte.txt');
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('a\u2066b\u2069c\u200Fd\uFEFF\u0085.txt')).toBe('abcd.txt');
    expect(cleanFileName('tab\tand\r\nnewline.txt')).toBe('tabandnewline.txt');
    expect(cleanFileName('two   spaces.txt')).toBe('two spaces.txt');
  });

  it('never answers a hidden, dotted or empty name', () => {
    for (const name of ['....', '.', '..', '   ', ' . . . ', '']) expect(cleanFileName(name)).toBe('file');
    expect(cleanFileName('.hidden.txt')).toBe('hidden.txt');
    expect(cleanFileName('trailing.txt...   ')).toBe('trailing.txt');
  });

  it('bounds the length, keeping the extension and whole characters', () => {
    const long = cleanFileName(`${'a'.repeat(1000)}.pdf`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
    const emoji = cleanFileName(`${'😀'.repeat(300)}.txt`);
    expect(emoji.length).toBeLessThanOrEqual(200);
    expect(emoji.endsWith('😀.txt')).toBe(true);
    expect(cleanFileName('x\uD800y.txt')).toBe('xy.txt');
  });
});

describe('attachmentDisposition', () => {
  it("percent-encodes what RFC 5987 does not allow and keeps '%' out of the ASCII fallback", () => {
    expect(attachmentDisposition("it's (final).txt")).toBe(`attachment; filename="it's (final).txt"; filename*=UTF-8''it%27s%20%28final%29.txt`);
    expect(attachmentDisposition('%2e%2e%2f.txt')).toBe(`attachment; filename="_2e_2e_2f.txt"; filename*=UTF-8''%252e%252e%252f.txt`);
  });
});

describe('detectFileType', () => {
  it('refuses text that a sniffing browser would take for HTML or SVG', async () => {
    for (const text of ['<!-- x --><img src=x onerror=alert(1)>', '\uFEFF <body onload=alert(1)>', '<svg xmlns="http://www.w3.org/2000/svg"/>', '<!DOCTYPE html><p>']) {
      expect(await detectFileType(Buffer.from(text), 'notes.txt')).toHaveProperty('problem');
    }
    expect(await detectFileType(Buffer.from('a < b and <3 hearts'), 'notes.txt')).toEqual({ mimeType: 'text/plain' });
  });
});
