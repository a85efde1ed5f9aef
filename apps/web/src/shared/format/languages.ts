/**
 * Working languages a member can list on their profile, as ISO 639-1 codes. The names come from
 * the browser's own CLDR data (Intl.DisplayNames), in the interface language.
 */
export const SPOKEN_LANGUAGES = [
  'ar', 'bg', 'bn', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fa', 'fi', 'fr', 'ha', 'he', 'hi', 'hr',
  'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'nl', 'no', 'pl', 'ps', 'pt', 'ro', 'ru', 'sk', 'sl',
  'sq', 'sr', 'sv', 'sw', 'th', 'ti', 'tl', 'tr', 'uk', 'ur', 'vi', 'wo', 'yo', 'zh',
] as const;

export function languageName(code: string, interfaceLanguage: string): string {
  try {
    const name = new Intl.DisplayNames([interfaceLanguage], { type: 'language' }).of(code);
    return name ? name.charAt(0).toLocaleUpperCase(interfaceLanguage) + name.slice(1) : code;
  } catch {
    return code;
  }
}

export function languageOptions(interfaceLanguage: string): { value: string; label: string }[] {
  const collator = new Intl.Collator(interfaceLanguage);
  return SPOKEN_LANGUAGES.map((value) => ({ value, label: languageName(value, interfaceLanguage) })).sort((a, b) =>
    collator.compare(a.label, b.label),
  );
}

/** Every IANA time zone the browser knows, for the profile's time zone select. */
export function timeZoneOptions(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}
