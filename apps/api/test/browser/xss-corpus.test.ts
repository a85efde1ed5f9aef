import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, shot, signIn as signInPage } from '../support/browser.js';
import { applicant, createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';

/**
 * Issue 10 item 7: a corpus of XSS payloads put through the API into every field a person can
 * write (posts, thread titles, profiles, network, event, agenda, speakers, Q&A, live chat, file
 * names, library, reports, access requests), then every page that shows them opened in headless
 * Chromium under the app's real Content-Security-Policy. Each payload calls alert/confirm/prompt/
 * print or logs XSSMARK; every page has those hooked before its first script, listens for dialogs,
 * script errors and CSP violation reports, and has its DOM scanned for what a sanitiser must never
 * let through (event-handler attributes, javascript:/vbscript:/data: URLs, iframes, objects, <base>,
 * <meta refresh>, inline scripts, CSS expressions). A payload stopped only by the CSP counts as a
 * failure too: the CSP is the second wall, not the first.
 */

// --- The corpus -------------------------------------------------------------------------------

/** A word every payload-carrying field contains, so a page is known to show them (and search finds them). */
const PROBE = 'quokka';
const b64 = (text: string) => Buffer.from(text).toString('base64');

interface Payload {
  id: number;
  kind: string;
  text: string;
}

const CORPUS: Payload[] = [];
const add = (kind: string, make: (id: number) => string) => {
  const id = CORPUS.length + 1;
  CORPUS.push({ id, kind, text: make(id) });
};
// OWASP XSS filter-evasion cheat sheet: plain tags and event handlers.
add('script', (n) => `<script>alert(${n})</script>`);
add('handler', (n) => `<img src=x onerror=alert(${n})>`);
add('handler', (n) => `<svg onload=alert(${n})>`);
add('handler', (n) => `<svg/onload=alert(${n})//`);
add('handler', (n) => `<body onload=alert(${n})>`);
add('handler', (n) => `<input autofocus onfocus=alert(${n})>`);
add('handler', (n) => `<details open ontoggle=alert(${n})>`);
add('handler', (n) => `<video><source onerror=alert(${n})></video>`);
add('handler', (n) => `<marquee onstart=alert(${n})>m</marquee>`);
add('handler', (n) => `<a href="https://example.org" onmouseover=alert(${n})>hover${n}</a>`);
add('handler', (n) => `<img src=x onerror=confirm(${n})>`);
add('handler', (n) => `<img src=x onerror=prompt(${n})>`);
add('handler', () => `<img src=x onerror=print()>`);
add('handler', (n) => `<img src=x onerror=console.log('XSSMARK${n}')>`);
add('handler', (n) => `<img src=x:alert(${n}) onerror=eval(src)>`);
add('handler', (n) => `<IMG SRC=JaVaScRiPt:alert(${n})>`);
add('handler', (n) => `<img """><script>alert(${n})</script>">`);
add('handler', (n) => `<scr<script>ipt>alert(${n})</scr</script>ipt>`);
add('breakout', (n) => `"><img src=x onerror=alert(${n})>`);
add('breakout', (n) => `'><svg/onload=alert(${n})>`);
add('breakout', (n) => `</textarea><script>alert(${n})</script>`);
add('breakout', (n) => `</title><script>alert(${n})</script>`);
add('breakout', (n) => `</style><script>alert(${n})</script>`);
// javascript:, data: and vbscript: URLs, plain and obfuscated with entities and whitespace.
add('url', (n) => `<a href="javascript:alert(${n})">j${n}</a>`);
add('url', (n) => `<a href="&#106;avascript:alert(${n})">j${n}</a>`);
add('url', (n) => `<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(${n})">j${n}</a>`);
add('url', (n) => `<a href="jav&#x09;ascript:alert(${n})">j${n}</a>`);
add('url', (n) => `<a href=" &#14;  javascript:alert(${n})">j${n}</a>`);
add('url', (n) => `<a href="java&#0;script:alert(${n})">j${n}</a>`);
add('url', (n) => `<a href="javascript&colon;alert(${n})">j${n}</a>`);
add('url', (n) => `<a href="data:text/html;base64,${b64(`<script>alert(${n})</script>`)}">d${n}</a>`);
add('url', (n) => `<a href="vbscript:msgbox(${n})">v${n}</a>`);
add('url', (n) => `<form><button formaction=javascript:alert(${n})>b${n}</button></form>`);
add('url', (n) => `<object data="javascript:alert(${n})"></object>`);
add('url', (n) => `<embed src="data:text/html;base64,${b64(`<script>alert(${n})</script>`)}">`);
add('url', (n) => `<iframe src="javascript:alert(${n})"></iframe>`);
// iframe srcdoc, <base>, <meta refresh>, <link>.
add('frame', (n) => `<iframe srcdoc="<script>parent.alert(${n})</script>"></iframe>`);
add('frame', (n) => `<iframe srcdoc="&lt;img src=x onerror=parent.alert(${n})&gt;"></iframe>`);
add('base', (n) => `<base href="javascript:alert(${n})//">`);
add('meta', (n) => `<meta http-equiv="refresh" content="0;url=javascript:alert(${n})">`);
add('meta', (n) => `<meta http-equiv="refresh" content="0;url=data:text/html;base64,${b64(`<script>alert(${n})</script>`)}">`);
add('link', (n) => `<link rel=stylesheet href="javascript:alert(${n})">`);
// CSS.
add('css', (n) => `<div style="background:url(javascript:alert(${n}))">s${n}</div>`);
add('css', (n) => `<div style="width:expression(alert(${n}))">s${n}</div>`);
add('css', (n) => `<style>@import 'javascript:alert(${n})';</style>`);
add('css', (n) => `<style>*{background:url("javascript:alert(${n})")}</style>`);
// Mutation XSS: xmp, noscript, svg and math namespace confusion (DOMPurify's known bypasses).
add('mxss', (n) => `<xmp><p title="</xmp><img src=x onerror=alert(${n})>">`);
add('mxss', (n) => `<noscript><p title="</noscript><img src=x onerror=alert(${n})>">`);
add('mxss', (n) => `<math><mtext><table><mglyph><style><img src=x onerror=alert(${n})>`);
add('mxss', (n) => `<svg></p><style><a id="</style><img src=1 onerror=alert(${n})>">`);
add('mxss', (n) => `<svg><style><img src=x onerror=alert(${n})></style></svg>`);
add('mxss', (n) => `<math><mi xlink:href="javascript:alert(${n})">m${n}</mi></math>`);
add('mxss', (n) => `<svg><a xlink:href="javascript:alert(${n})"><text x="20" y="20">s${n}</text></a></svg>`);
add('mxss', (n) => `<svg><animate onbegin=alert(${n}) attributeName=x dur=1s>`);
add('mxss', (n) => `<svg><set attributeName=href to=javascript:alert(${n}) /></svg>`);
add('mxss', (n) => `<template><img src=x onerror=alert(${n})></template>`);
add('mxss', (n) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(${n})>`);
add('mxss', (n) => `<svg><foreignObject><iframe srcdoc="<script>parent.alert(${n})</script>"></iframe></foreignObject></svg>`);
// Template and interpolation injections (Angular/Vue/Handlebars/ERB/JS template literals).
add('template', (n) => `{{constructor.constructor('alert(${n})')()}}`);
add('template', (n) => `{{$on.constructor('alert(${n})')()}}`);
add('template', (n) => `\${alert(${n})}`);
add('template', (n) => `<%= alert(${n}) %>`);
add('template', (n) => `{{{<img src=x onerror=alert(${n})>}}}`);
// Markdown link and image tricks.
add('markdown', (n) => `[x${n}](javascript:alert(${n}))`);
add('markdown', (n) => `[x${n}](JAVASCRIPT:alert(${n}))`);
add('markdown', (n) => `[x${n}](javascript&#58;alert(${n}))`);
add('markdown', (n) => `[x${n}](&#x6A;avascript:alert(${n}))`);
add('markdown', (n) => `[x${n}](javas&#99;ript:alert(${n}))`);
add('markdown', (n) => `[x${n}](<javascript:alert(${n})>)`);
add('markdown', (n) => `[x${n}]( javascript:alert(${n}) )`);
add('markdown', (n) => `[x${n}](data:text/html;base64,${b64(`<script>alert(${n})</script>`)})`);
add('markdown', (n) => `[x${n}](vbscript:alert(${n}))`);
add('markdown', (n) => `<javascript:alert(${n})>`);
add('markdown', (n) => `[x${n}][r${n}]\n\n[r${n}]: javascript:alert(${n})`);
add('markdown', (n) => `![x${n}](x" onerror="alert(${n}))`);
add('markdown', (n) => `![x${n}](javascript:alert(${n}))`);
add('markdown', (n) => `![x${n}](/api/v1/files/00000000-0000-4000-8000-000000000000"onerror="alert(${n}))`);
add('markdown', (n) => `![x${n}" onerror="alert(${n})](/api/v1/files/00000000-0000-4000-8000-000000000000)`);
add('markdown', (n) => `![x${n}](https://example.org/x.png "t\\" onerror=\\"alert(${n})")`);
add('markdown', (n) => `[x${n}](https://example.org "\\"><img src=x onerror=alert(${n})>")`);
add('markdown', (n) => `[<img src=x onerror=alert(${n})>](https://example.org)`);
add('markdown', (n) => `\`<img src=x onerror=alert(${n})>\``);
add('markdown', (n) => `\`\`\`html\n<script>alert(${n})</script>\n\`\`\``);
add('markdown', (n) => `\`\`\`"><img src=x onerror=alert(${n})>\ncode\n\`\`\``);
add('markdown', (n) => `javascript:alert(${n})`);
add('markdown', (n) => `www.example.org/<img src=x onerror=alert(${n})>`);
add('markdown', (n) => `| a | b |\n|:-|-:|\n| <img src=x onerror=alert(${n})> | [c](javascript:alert(${n})) |`);
// The search highlighter's own markers (\u0002, \u0003) typed by a person around markup.
add('search', (n) => `\u0002<img src=x onerror=alert(${n})>\u0003`);

/** Every payload that fits in `max` characters (with the probe word in front). */
const short = (max: number) => CORPUS.filter((p) => p.text.length + PROBE.length + 1 <= max && !p.text.includes('\n'));
/** The corpus as Markdown paragraphs, in `parts` bodies of roughly equal size, each starting with the probe. */
function bodies(parts: number): string[] {
  const out: string[][] = Array.from({ length: parts }, () => [PROBE]);
  CORPUS.forEach((p, i) => out[i % parts].push(p.text));
  return out.map((lines) => lines.join('\n\n'));
}
/** The i-th short payload (cycling), prefixed with the probe: for one-line fields. */
const line = (max: number, i: number) => {
  const list = short(max);
  return `${PROBE} ${list[i % list.length].text}`;
};

// --- What the browser records ------------------------------------------------------------------

interface Finding {
  kind: 'execution' | 'csp' | 'error' | 'dom';
  page: string;
  detail: string;
}

/**
 * Runs first in every frame: hooks the dialog functions (recording the call instead of showing
 * it), and reports CSP violations and script errors through the exposed binding.
 */
const HOOKS = `(() => {
  const report = (kind, detail) => { try { window.__xssReport(kind, String(detail)); } catch { /* binding not ready */ } };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = function (...args) { report('execution', name + '(' + args.join(',') + ')'); return name === 'prompt' ? null : name === 'confirm' ? false : undefined; };
  }
  document.addEventListener('securitypolicyviolation', (e) => report('csp', e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
  window.addEventListener('error', (e) => { if (e instanceof ErrorEvent) report('error', e.message); }, true);
})();`;

/**
 * What a sanitiser must never let into the page, found by walking the DOM (open shadow roots too):
 * handler attributes, script-bearing URLs, frames, objects, <base>, <meta refresh>, inline scripts
 * and CSS that runs code. The app's own module scripts (same origin, with src) are not findings.
 */
const SCAN = `(() => {
  const out = [];
  const squash = (v) => v.replace(/[\\u0000-\\u0020\\u007f-\\u00a0]+/g, '').toLowerCase();
  const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'codebase', 'cite', 'lowsrc', 'dynsrc', 'srcset', 'to', 'from', 'values', 'ping'];
  const EXEC_URL = /^(javascript|vbscript|livescript):|^data:(text\\/html|application\\/|text\\/xml|image\\/svg)/;
  const describe = (el) => el.outerHTML.slice(0, 160);
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.localName;
      if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal'].includes(tag)) out.push('element ' + describe(el));
      // index.html's own <noscript> is outside the app's root.
      if (['xmp', 'noscript', 'template', 'math'].includes(tag) && el.closest('#root')) out.push('element ' + describe(el));
      if (tag === 'meta' && (el.getAttribute('http-equiv') || '').toLowerCase() === 'refresh') out.push('meta refresh ' + describe(el));
      if (tag === 'script' && !(el.src && new URL(el.src).origin === location.origin)) out.push('script ' + describe(el));
      if (tag === 'link' && el.href && new URL(el.href, location.href).origin !== location.origin) out.push('foreign link ' + describe(el));
      if (tag === 'style' && /expression\\s*\\(|javascript:|vbscript:|@import|behavior\\s*:|-moz-binding/i.test(el.textContent || '')) out.push('style ' + describe(el));
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) out.push('handler ' + name + ' on ' + describe(el));
        else if (name === 'srcdoc') out.push('srcdoc on ' + describe(el));
        else if (name === 'style' && /expression\\s*\\(|javascript:|vbscript:|behavior\\s*:|-moz-binding/i.test(attr.value)) out.push('style attribute ' + describe(el));
        else if (URL_ATTRS.includes(name) && EXEC_URL.test(squash(attr.value))) out.push('url ' + name + ' on ' + describe(el));
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return out;
})()`;

// --- The test ----------------------------------------------------------------------------------

let t: TestApp;
let browser: Browser;
let admin: SignedIn;
let eve: SignedIn & { password: string };
const findings: Finding[] = [];
const timing = { setupMs: 0, pagesMs: 0 };
const visited: { page: string; ms: number; dangerous: number }[] = [];
const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });

const ADMIN = { email: 'root.admin@example.org', password: 'an admin password for tests' };

/** A context whose pages carry the hooks and report everything into `findings`. */
async function recordingContext(who: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
  await context.exposeBinding('__xssReport', (source, kind: Finding['kind'], detail: string) => {
    findings.push({ kind, page: `${who} ${new URL(source.frame.url() || 'about:blank').pathname}`, detail });
  });
  await context.addInitScript(HOOKS);
  context.on('page', (page) => watch(page, who));
  return context;
}

function watch(page: Page, who: string) {
  const where = () => `${who} ${page.url() ? new URL(page.url()).pathname : ''}`;
  page.on('dialog', (dialog) => {
    findings.push({ kind: 'execution', page: where(), detail: `dialog ${dialog.type()}: ${dialog.message()}` });
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => findings.push({ kind: 'error', page: where(), detail: error.message }));
  page.on('console', (message) => {
    const text = message.text();
    if (text.includes('XSSMARK')) findings.push({ kind: 'execution', page: where(), detail: `console: ${text}` });
    else if (/Content Security Policy/i.test(text)) findings.push({ kind: 'csp', page: where(), detail: text.slice(0, 300) });
    else if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 40[14]/.test(text)) {
      findings.push({ kind: 'error', page: where(), detail: `console error: ${text.slice(0, 300)}` });
    }
  });
}

/**
 * Opens a page, waits for it to show `expect` (the probe, usually), lets late renders and sockets
 * settle, scrolls to the end and back, and scans the DOM.
 */
async function visit(page: Page, path: string, expect: string | RegExp = PROBE, after?: () => Promise<void>) {
  const started = Date.now();
  if (path) await page.goto(`${t.url}${path}`);
  const label = path || new URL(page.url()).pathname;
  try {
    await page.getByText(expect).first().waitFor({ timeout: 20_000 });
  } catch (error) {
    await shot(page, `xss-failed-${label.replace(/[^a-z0-9]+/gi, '-')}`);
    const seen = findings.slice(0, 10).map((f) => `${f.kind} ${f.page}: ${f.detail.slice(0, 160)}`);
    throw new Error(`${label} never showed ${String(expect)}: ${String(error)}\n${findings.length} findings so far:\n${seen.join('\n')}`);
  }
  if (after) await after();
  await page.waitForTimeout(200);
  await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
  await page.waitForTimeout(100);
  await page.evaluate('window.scrollTo(0, 0)');
  const dangerous = (await page.evaluate(SCAN)) as string[];
  for (const detail of dangerous) findings.push({ kind: 'dom', page: label, detail });
  visited.push({ page: label, ms: Date.now() - started, dangerous: dangerous.length });
  timing.pagesMs += Date.now() - started;
}

beforeAll(async () => {
  // Limits high enough for the corpus (throttling has suites of its own).
  t = await startTestApp({ RATE_LIMIT_QUESTIONS_PER_USER: '1000/1m', RATE_LIMIT_CHAT_PER_USER: '1000/1m', RATE_LIMIT_POSTS_PER_USER: '1000/1m', RATE_LIMIT_THREADS_PER_USER: '1000/1m', RATE_LIMIT_UPLOADS_PER_USER: '1000/1m' });
  browser = await launchBrowser();
}, 90_000);

/** The figures and every finding, printed whether the test held or not. */
function summary() {
  const count = (kind: Finding['kind']) => findings.filter((f) => f.kind === kind).length;
  const kinds = [...new Set(CORPUS.map((p) => p.kind))].map((k) => `${k} ${CORPUS.filter((p) => p.kind === k).length}`);
  console.log(
    `XSS corpus: ${CORPUS.length} payloads (${kinds.join(', ')}), ${visited.length} page views in ${(timing.pagesMs / 1000).toFixed(1)} s ` +
      `(setup through the API ${(timing.setupMs / 1000).toFixed(1)} s); executions ${count('execution')}, blocked by CSP ${count('csp')}, ` +
      `script errors ${count('error')}, dangerous DOM ${count('dom')}\n` +
      visited.map((p) => `  ${p.page} ${p.ms} ms`).join('\n') +
      (findings.length ? `\nfindings:\n${findings.slice(0, 80).map((f) => `  ${f.kind} ${f.page}: ${f.detail.slice(0, 200)}`).join('\n')}` : ''),
  );
}

afterAll(async () => {
  if (visited.length) summary();
  await browser?.close();
  await t?.close();
});

test('the Content-Security-Policy is strict: no inline or eval script, no plugins, no <base> hijack, no framing', async () => {
  for (const path of ['/', '/threads/00000000-0000-4000-8000-000000000000', '/api/health', '/api/v1/networks']) {
    const response = await t.http.get(path);
    const header = response.headers['content-security-policy'] as string | undefined;
    expect(header).toBeTruthy();
    const directives = new Map(
      header!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name.toLowerCase(), values] as const),
    );
    const script = directives.get('script-src') ?? directives.get('default-src') ?? [];
    expect(script).toEqual(["'self'"]);
    expect(directives.get('script-src-attr')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(["'self'", "'none'"]).toContain(directives.get('base-uri')?.join(' '));
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'self'"]);
    expect(directives.get('frame-src') ?? directives.get('child-src') ?? directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    for (const [name, values] of directives) {
      // 'unsafe-inline' is tolerated for styles only (Mantine's runtime <style> tags; see docs/RELIABILITY.md).
      if (!name.startsWith('style-src')) expect({ name, unsafe: values.filter((v) => /unsafe|\*|^(https?|wss?):$|^data:$/.test(v) && !(name.startsWith('img-src') || name === 'font-src')) }).toEqual({ name, unsafe: [] });
    }
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  }
});

test(`the XSS corpus (${CORPUS.length} payloads) in every field runs nothing on any page that shows it`, async () => {
  const setupStarted = Date.now();
  admin = await signInAdmin(t);
  eve = await createMember(t, { displayName: line(80, 1), organisation: line(160, 2), jobTitle: line(120, 3) });
  await t.http.patch('/api/v1/me').set(auth(eve)).send({ bio: bodies(1)[0].slice(0, 2000), expertise: [line(60, 4), line(60, 5)] }).expect(200);
  // A pending applicant, for the access requests queue.
  const mallory = applicant({ displayName: line(80, 6), organisation: line(160, 7), jobTitle: line(120, 8), reason: bodies(3)[0].slice(0, 1000) });
  await t.http.post('/api/v1/auth/register').send(mallory).expect(201);
  await t.sql(`UPDATE users SET email_verified_at = now() WHERE email = $1`, [mallory.email]);

  // URL fields take http(s) only: the script-bearing ones never reach a page.
  const refused: string[] = [];

  // The network: name, description, tags.
  const slug = `xss-${Date.now().toString(36)}`;
  const network = (
    await t.http
      .post('/api/v1/networks')
      .set(auth(admin))
      .send({ name: line(120, 9), slug, description: bodies(4).join('\n\n'), visibility: 'open', tags: [line(40, 10).toLowerCase(), 'labour'] })
      .expect(201)
  ).body as { id: string; slug: string };
  await t.http.patch(`/api/v1/networks/${network.id}`).set(auth(admin)).send({ libraryContributors: 'members' }).expect(200);
  await t.http.post(`/api/v1/networks/${network.id}/join`).set(auth(eve)).send({}).expect(201);

  // Files whose names are payloads, attached to a post, an event and a resource.
  const upload = async (who: SignedIn, i: number) => {
    const name = `${line(120, i).replace(/[/\\]/g, '')}.txt`;
    const res = await t.http.post('/api/v1/files').set(auth(who)).attach('file', Buffer.from(`${PROBE} notes ${i}\n`), { filename: name });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  // Threads: Eve's titles are payloads; the bodies and replies carry the whole corpus.
  const adminThread = (
    await t.http
      .post(`/api/v1/networks/${network.id}/threads`)
      .set(auth(admin))
      .send({ title: line(200, 11), body: `${PROBE} opening`, tags: [line(40, 12).toLowerCase()], clientId: randomUUID() })
      .expect(201)
  ).body.id as string;
  const threads: string[] = [adminThread];
  const parts = bodies(4);
  for (let i = 0; i < 2; i++) {
    threads.push(
      (
        await t.http
          .post(`/api/v1/networks/${network.id}/threads`)
          .set(auth(eve))
          .send({ title: line(200, 13 + i), body: parts[i], tags: [line(40, 15 + i).toLowerCase()], clientId: randomUUID() })
          .expect(201)
      ).body.id as string,
    );
  }
  // Replies on the admin's thread (followed by its author: notifications) mentioning the admin.
  const postFile = await upload(eve, 17);
  const replies: string[] = [];
  for (const [i, body] of parts.entries()) {
    const res = await t.http
      .post(`/api/v1/threads/${adminThread}/posts`)
      .set(auth(eve))
      .send({ body: `@${admin.user.handle} ${body}`, clientId: randomUUID(), ...(i === 0 ? { fileIds: [postFile] } : {}) })
      .expect(201);
    replies.push(res.body.id as string);
  }
  for (const [i, body] of parts.slice(2).entries()) {
    await t.http.post(`/api/v1/threads/${threads[1 + i]}/posts`).set(auth(eve)).send({ body, clientId: randomUUID() }).expect(201);
  }

  // The admin answers in Eve's thread, naming her: her notification carries the thread title and the excerpt.
  await t.http.post(`/api/v1/threads/${threads[1]}/posts`).set(auth(admin)).send({ body: `@${eve.user.handle} ${line(2000, 46)}`, clientId: randomUUID() }).expect(201);

  // Reports in the moderation queue, with payload notes.
  await t.http.post('/api/v1/reports').set(auth(eve)).send({ targetType: 'post', targetId: replies[1], reason: 'other', note: parts[3].slice(0, 2000) }).expect(201);
  await t.http.post('/api/v1/reports').set(auth(eve)).send({ targetType: 'thread', targetId: threads[1], reason: 'spam', note: parts[2].slice(0, 2000) }).expect(201);

  // A reported member lands in the hub-wide queue.
  await t.http.post('/api/v1/reports').set(auth(admin)).send({ targetType: 'user', targetId: eve.user.id, reason: 'harassment', note: parts[1].slice(0, 2000) }).expect(201);

  // Held posts (premoderation): a newcomer's payload post waits in the queue.
  const nina = await createMember(t, { displayName: line(80, 18) });
  await t.http.patch(`/api/v1/networks/${network.id}`).set(auth(admin)).send({ premoderation: { posts: 3, days: 14 } }).expect(200);
  await t.http.post(`/api/v1/networks/${network.id}/join`).set(auth(nina)).send({}).expect(201);
  await t.http.post(`/api/v1/threads/${adminThread}/posts`).set(auth(nina)).send({ body: parts[0], clientId: randomUUID() }).expect(202);

  // The event: title, description, speakers, agenda, follow-up titles, attachments; public, so the briefing page shows it too.
  const startsAt = new Date(Date.now() + 10 * 60_000);
  const eventFile = await upload(admin, 19);
  const event = (
    await t.http
      .post('/api/v1/events')
      .set(auth(admin))
      .send({
        title: line(300, 20),
        description: bodies(2).join('\n\n'),
        kind: 'briefing',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        timeZone: 'UTC',
        registrationMode: 'open',
        visibility: 'public',
        networkId: network.id,
        meetingUrl: 'https://meet.example.org/x',
        attachmentIds: [eventFile],
        speakers: short(200).slice(0, 12).map((p, i) => ({ name: `${PROBE} ${p.text}`, affiliation: line(200, 21 + i) })),
        agenda: short(200).slice(12, 24).map((p, i) => ({ time: `1${i % 10}:00`, title: `${PROBE} ${p.text}`, speakers: [line(200, 30 + i)] })),
      })
      .expect(201)
  ).body.id as string;
  for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'vbscript:msgbox(1)', ' javascript:alert(1)']) {
    for (const field of ['meetingUrl', 'recordingUrl']) {
      const res = await t.http.patch(`/api/v1/events/${event}`).set(auth(admin)).send({ [field]: bad });
      if (res.status !== 400) refused.push(`event ${field} ${bad} answered ${res.status}`);
    }
    const follow = await t.http.patch(`/api/v1/events/${event}`).set(auth(admin)).send({ followUp: [{ title: 'x', url: bad }] });
    if (follow.status !== 400) refused.push(`event followUp url ${bad} answered ${follow.status}`);
  }
  await t.http
    .patch(`/api/v1/events/${event}`)
    .set(auth(admin))
    .send({ followUp: short(300).slice(24, 30).map((p) => ({ title: `${PROBE} ${p.text}`, url: 'https://example.org/follow-up' })) })
    .expect(200);
  await t.http.post(`/api/v1/events/${event}/registrations`).set(auth(eve)).expect(201);
  await t.http.post(`/api/v1/events/${event}/live/start`).set(auth(admin)).expect(200);
  const chatLines = short(2000);
  for (const [i, p] of chatLines.slice(0, 15).entries()) {
    await t.http.post(`/api/v1/events/${event}/questions`).set(auth(eve)).send({ body: `${PROBE} ${p.text}`, clientId: `q-${i}` }).expect(201);
  }

  // The library: title, summary, tags, files, a collection.
  const resourceFile = await upload(eve, 40);
  const resource = (
    await t.http
      .post('/api/v1/resources')
      .set(auth(eve))
      .send({ title: line(200, 41), summary: bodies(2)[1], kind: 'toolkit', language: 'en', tags: [line(40, 42).toLowerCase(), line(40, 43).toLowerCase()], fileIds: [resourceFile], networkId: network.id, url: 'https://example.org/toolkit' })
      .expect(201)
  ).body.id as string;
  for (const bad of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x']) {
    const res = await t.http.patch(`/api/v1/resources/${resource}`).set(auth(eve)).send({ url: bad });
    if (res.status !== 400) refused.push(`resource url ${bad} answered ${res.status}`);
  }
  await t.http.patch(`/api/v1/resources/${resource}`).set(auth(admin)).send({ featured: true }).expect(200);
  const collection = await t.http.post(`/api/v1/networks/${network.id}/collections`).set(auth(admin)).send({ title: line(200, 44), description: line(2000, 45), resourceIds: [resource] });
  expect(collection.status).toBe(201);
  // Let the search index and the file text worker catch up with the uploads.
  await new Promise((resolve) => setTimeout(resolve, 500));
  timing.setupMs = Date.now() - setupStarted;
  expect(refused).toEqual([]);

  // --- The pages, as the admin (owner of the network, host of the event, platform admin).
  const adminContext = await recordingContext('admin');
  const a = await adminContext.newPage();
  a.setDefaultTimeout(30_000);
  await signInPage(a, t.url, ADMIN.email, ADMIN.password);

  // Positive control: the detectors see a payload that the page did run (CSP report + DOM finding).
  await visit(a, '/home', /Welcome/);
  const before = findings.length;
  await a.evaluate(`document.body.insertAdjacentHTML('beforeend', '<img id="xss-control" src="x" onerror="alert(0)">')`);
  await a.waitForTimeout(300);
  const control = findings.splice(before);
  const controlScan = (await a.evaluate(SCAN)) as string[];
  // Under the app's CSP the handler is refused (a report); were the CSP weaker, the hook would see the call.
  expect(control.some((f) => (f.kind === 'csp' && /script-src/.test(f.detail)) || (f.kind === 'execution' && f.detail === 'alert(0)'))).toBe(true);
  expect(controlScan.some((s) => s.includes('xss-control'))).toBe(true);
  await a.evaluate(`document.getElementById('xss-control').remove(); alert('control'); console.log('XSSMARK control')`);
  await a.waitForTimeout(300);
  expect(findings.splice(before).map((f) => f.detail).sort()).toEqual(['alert(control)', 'console: XSSMARK control']);

  await visit(a, '/networks');
  await visit(a, `/networks/${network.slug}`);
  await visit(a, `/networks/${network.slug}/threads`);
  await visit(a, `/networks/${network.slug}/members`);
  await visit(a, `/networks/${network.slug}/moderation`);
  await visit(a, `/networks/${network.slug}/library`);
  for (const id of threads) await visit(a, `/threads/${id}`);
  // Not dropped but shown: raw HTML in a post (the last thread's body) reads as the text that was typed.
  expect(await a.locator('article').getByText(CORPUS[1].text).count()).toBeGreaterThan(0);
  await shot(a, 'xss-01-thread');
  // The composer's preview renders through the same sanitiser.
  await visit(a, `/threads/${adminThread}`, PROBE, async () => {
    await a.getByRole('textbox', { name: /^Reply/ }).fill(parts[1]);
    await a.getByRole('tab', { name: 'Preview' }).click();
    await a.getByRole('tabpanel').getByText(PROBE).first().waitFor();
  });
  await visit(a, '/members');
  await visit(a, `/members/${eve.user.id}`);
  await visit(a, '/events');
  await visit(a, `/events/${event}`);
  await visit(a, `/events/${event}/manage`);
  // The live room: chat and questions that arrive over the socket while the page is open, then after a reload.
  await visit(a, `/events/${event}/live`, PROBE, async () => {
    await a.waitForTimeout(500);
    for (const [i, p] of chatLines.slice(15, 35).entries()) {
      await t.http.post(`/api/v1/events/${event}/chat`).set(auth(eve)).send({ body: `${PROBE} live ${p.text}`, clientId: `c-${i}` }).expect(201);
    }
    await t.http.post(`/api/v1/events/${event}/questions`).set(auth(eve)).send({ body: `${PROBE} live question ${chatLines[36].text}`, clientId: 'q-live' }).expect(201);
    await a.getByText(`${PROBE} live question`).first().waitFor();
    await a.getByText(`${PROBE} live ${chatLines[34].text}`).first().waitFor();
  });
  await visit(a, `/events/${event}/live`, `${PROBE} live question`);
  await visit(a, '/library');
  await visit(a, `/resources/${resource}`);
  await visit(a, `/search?q=${PROBE}`, /quokka/i);
  await visit(a, '/notifications');
  await visit(a, '/admin/access-requests');
  await visit(a, '/admin/users');
  await visit(a, '/admin/reports');
  await visit(a, '/admin/dashboard', /./);
  await shot(a, 'xss-02-admin-dashboard');
  await adminContext.close();

  // As Eve: her own profile page and her notifications; then as a visitor: the public briefing page.
  const eveContext = await recordingContext('eve');
  const e = await eveContext.newPage();
  e.setDefaultTimeout(30_000);
  await signInPage(e, t.url, eve.user.email, eve.password);
  await visit(e, '/profile');
  await visit(e, '/notifications');
  await eveContext.close();
  const visitorContext = await recordingContext('visitor');
  const v = await visitorContext.newPage();
  await visit(v, `/briefings/${event}`);
  await visit(v, '/');
  await visitorContext.close();

  const by = (kind: Finding['kind']) => findings.filter((f) => f.kind === kind).map((f) => `${f.page}: ${f.detail}`);
  expect(by('execution')).toEqual([]);
  expect(by('csp')).toEqual([]);
  expect(by('error')).toEqual([]);
  expect(by('dom')).toEqual([]);
}, 240_000);
