import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown to safe HTML on the server (F10). Two independent layers: markdown-it never passes raw
 * HTML through (html: false) and refuses javascript:/vbscript:/file:/data: link targets; then
 * sanitize-html keeps only an allowlist of tags and attributes, so a parser bug in the first layer
 * still cannot produce a script, an event handler or a dangerous URL.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

/** Images only from the hub's own file downloads, which check read permission on every request. */
const OWN_FILE = /^\/api\/v1\/files\/[0-9a-f-]{36}(?:\?[A-Za-z0-9=&_.-]*)?$/i;
const LINK_REL = 'nofollow noopener noreferrer';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
    code: ['class'],
  },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedClasses: { code: [/^language-[A-Za-z0-9_+-]{1,30}$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  // "//evil.example/x" would leave the hub while looking relative.
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL, target: '_blank' } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !OWN_FILE.test(frame.attribs.src ?? ''),
};

/** Renders a post, thread or description body to HTML that is safe to insert into a page. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), OPTIONS).trim();
}

/** Markdown as the reader sees it, in plain text: no syntax, no tags, entities decoded, spaces collapsed. */
export function plainText(source: string): string {
  return sanitizeHtml(markdown.render(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first paragraph as plain text, for summaries and notification lines. */
export function plainExcerpt(source: string, maxLength = 200): string {
  const text = plainText(source.split(/\n\s*\n/)[0] ?? '');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}

/**
 * The handles a body mentions (`@amina_diallo`), lowercased and without duplicates. Mentions in
 * code spans and blocks do not count: code is quoted text, not an address.
 */
export function mentionedHandles(source: string): string[] {
  const prose = source.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
  const handles = new Set<string>();
  for (const match of prose.matchAll(/(^|[^A-Za-z0-9_@./])@([A-Za-z0-9_]{2,40})\b/g)) handles.add(match[2].toLowerCase());
  return [...handles];
}
