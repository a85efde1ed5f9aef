import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import es from 'i18n-iso-countries/langs/es.json';

// i18n-iso-countries keeps the ISO 3166-1 list and its names up to date; we register only the
// interface languages so the bundle stays small.
countries.registerLocale(en);
countries.registerLocale(fr);
countries.registerLocale(es);

const cache = new Map<string, { value: string; label: string }[]>();

/** Every ISO 3166-1 alpha-2 country as select options, named and sorted in `language`. */
export function countryOptions(language: string): { value: string; label: string }[] {
  const lang = ['en', 'fr', 'es'].includes(language) ? language : 'en';
  let options = cache.get(lang);
  if (!options) {
    const names = countries.getNames(lang, { select: 'official' });
    const collator = new Intl.Collator(lang);
    options = Object.entries(names)
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => collator.compare(a.label, b.label));
    cache.set(lang, options);
  }
  return options;
}

export function countryName(code: string | null | undefined, language: string): string {
  if (!code) return '';
  return countries.getName(code, ['en', 'fr', 'es'].includes(language) ? language : 'en') ?? code;
}
