import { csvCell, toCsv } from './csv.js';

describe('csv', () => {
  it('writes plain values as they are, dates as ISO and nothing for null', () => {
    expect(csvCell('Ada')).toBe('Ada');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(new Date('2025-03-01T10:00:00Z'))).toBe('2025-03-01T10:00:00.000Z');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell(-3)).toBe("'-3");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('joins a header and rows with CRLF and ends with a line break', () => {
    expect(toCsv(['name', 'count'], [['x', 1], ['y, z', 2]])).toBe('name,count\r\nx,1\r\n"y, z",2\r\n');
    expect(toCsv(['only'], [])).toBe('only\r\n');
  });
});
