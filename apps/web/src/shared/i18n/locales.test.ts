import { describe, expect, it } from 'vitest';
import { translations, type TranslationTree as Tree } from './resources';

const { en, fr, es } = translations;

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe.each([
  ['fr', fr],
  ['es', es],
])('the %s interface', (_language, translation) => {
  const english = flatten(en as Tree);
  const other = flatten(translation as Tree);

  it('has every English key and no other', () => {
    expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
  });

  it('keeps every placeholder of the English text', () => {
    for (const [key, text] of Object.entries(english)) {
      expect({ key, placeholders: placeholders(other[key] ?? '') }).toEqual({ key, placeholders: placeholders(text) });
    }
  });

  it('translates the navigation and the sign-in and registration pages', () => {
    for (const key of ['nav.signIn', 'nav.requestAccess', 'signIn.title', 'register.submit', 'register.intro']) {
      expect(other[key]).not.toBe(english[key]);
    }
  });
});
