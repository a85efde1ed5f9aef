import { mentionedHandles, plainExcerpt, renderMarkdown } from './markdown.js';

/**
 * Filter-evasion payloads in the style of the OWASP XSS cheat sheet, written as members could type
 * them into a post: raw HTML, Markdown links and images with hostile targets, encodings, and
 * attribute breakouts.
 */
const XSS_CORPUS: string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=javascript:alert(\'XSS\')>',
  '<IMG SRC=JaVaScRiPt:alert(\'XSS\')>',
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  '<a onmouseover="alert(document.cookie)">xxs link</a>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
  '<IMG SRC=# onmouseover="alert(\'xxs\')">',
  '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC="jav\tascript:alert(\'XSS\');">',
  '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
  '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>',
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
  '<iframe src=http://xss.example/scriptlet.html <',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<STYLE>li {list-style-image: url("javascript:alert(\'XSS\')");}</STYLE><UL><LI>XSS</br>',
  '<DIV STYLE="background-image: url(javascript:alert(\'XSS\'))">',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
  '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/scriptlet.html"></OBJECT>',
  '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
  '[click me](javascript:alert(1))',
  '[click me](JAVASCRIPT:alert(1))',
  '[click me](  javascript:alert(1)  )',
  '[click me](java&#x09;script:alert(1))',
  '[click me](&#106;avascript:alert(1))',
  '[click me](javascript&#58;alert(1))',
  '[click me](vbscript:msgbox(1))',
  '[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![pic](javascript:alert(1))',
  '![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![pic](https://tracker.example/pixel.png)',
  '![pic](//tracker.example/pixel.png)',
  '[a](https://example.org "title\\" onmouseover=\\"alert(1)")',
  '<javascript:alert(1)>',
  'javascript:alert(1)',
  '[x](<javascript:alert(1)>)',
  '[ref]\n\n[ref]: javascript:alert(1)',
  '<a href="javascript:alert(1)">x</a>',
  '<form action="javascript:alert(1)"><input type=submit></form>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror="alert(1)">',
  '<x onclick=alert(1)>click</x>',
  '"><img src=x onerror=alert(1)>',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '> <img src=x onerror=alert(1)>',
  '[![x](/api/v1/files/00000000-0000-0000-0000-000000000000" onerror="alert(1))](javascript:alert(1))',
];

/** The real tags of the output (escaped text such as `&lt;img onerror=…&gt;` is harmless and not a tag). */
function tagsOf(html: string): string[] {
  return html.match(/<[A-Za-z][^<>]*>/g) ?? [];
}

function assertSafe(html: string) {
  const allowed = /^<(p|br|hr|strong|em|del|s|code|pre|blockquote|ul|ol|li|h[1-6]|a|img|table|thead|tbody|tr|th|td)[\s/>]/;
  for (const tag of tagsOf(html)) {
    // Only allowlisted elements; nothing that runs or embeds code.
    expect(tag).toMatch(allowed);
    // No event handler attribute (attribute names only: a quoted value is text).
    expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son[a-z]+\s*=/i);
    // No dangerous or protocol-relative URL, and images only from the hub's own files.
    expect(tag).not.toMatch(/\s(href|src)="\s*(javascript|vbscript|data|file):/i);
    expect(tag).not.toMatch(/\s(href|src)="\/\//i);
    if (tag.startsWith('<img')) expect(tag).toMatch(/\ssrc="\/api\/v1\/files\//);
    if (tag.startsWith('<a ')) expect(tag).toContain('rel="nofollow noopener noreferrer"');
  }
}

describe('renderMarkdown (F10)', () => {
  it('has a corpus of at least 30 payloads', () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(XSS_CORPUS.map((payload) => [payload]))('neutralises %s', (payload) => {
    const html = renderMarkdown(payload);
    assertSafe(html);
    // And inside a quote, a list and a table cell as well.
    assertSafe(renderMarkdown(`> ${payload}`));
    assertSafe(renderMarkdown(`- ${payload}`));
    assertSafe(renderMarkdown(`| a |\n|---|\n| ${payload} |`));
  });

  it('shows raw HTML as text instead of rendering it', () => {
    expect(renderMarkdown('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
  });

  it('renders Markdown: emphasis, lists, code, quotes as blockquotes', () => {
    const html = renderMarkdown('**Strong** and _soft_\n\n- one\n- two\n\n> quoted reply\n\n`code`');
    expect(html).toContain('<strong>Strong</strong>');
    expect(html).toContain('<em>soft</em>');
    expect(html).toContain('<ul>\n<li>one</li>');
    expect(html).toContain('<blockquote>\n<p>quoted reply</p>\n</blockquote>');
    expect(html).toContain('<code>code</code>');
  });

  it('marks every link nofollow noopener noreferrer and linkifies bare URLs', () => {
    const html = renderMarkdown('See [the guide](https://example.org/guide) and https://unodc.example/report');
    expect(html).toContain('<a href="https://example.org/guide" rel="nofollow noopener noreferrer" target="_blank">the guide</a>');
    expect(html).toContain('<a href="https://unodc.example/report" rel="nofollow noopener noreferrer" target="_blank">');
  });

  it('keeps images from the hub’s own files and drops all others', () => {
    const own = '/api/v1/files/6f1c2b9e-1111-4222-8333-944455556666';
    expect(renderMarkdown(`![map](${own})`)).toBe(`<p><img src="${own}" alt="map" /></p>`);
    expect(renderMarkdown('![map](https://elsewhere.example/map.png)')).toBe('<p></p>');
  });

  it('keeps relative and mailto links', () => {
    expect(renderMarkdown('[home](/networks/data)')).toContain('href="/networks/data"');
    expect(renderMarkdown('[mail](mailto:desk@example.org)')).toContain('href="mailto:desk@example.org"');
  });
});

describe('plainExcerpt', () => {
  it('gives the first paragraph as text, shortened', () => {
    expect(plainExcerpt('A **network** for <prosecutors> & judges.\n\nSecond paragraph.')).toBe('A network for <prosecutors> & judges.');
    expect(plainExcerpt('x'.repeat(300), 50)).toHaveLength(50);
  });
});

describe('mentionedHandles', () => {
  it('finds handles in prose, once each, and ignores emails and code', () => {
    expect(mentionedHandles('Thanks @Amina_Diallo and @jonas_berg, cc @amina_diallo. Mail x@example.org. `@not_me`\n```\n@nor_me\n```')).toEqual([
      'amina_diallo',
      'jonas_berg',
    ]);
  });
});
