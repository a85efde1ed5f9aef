import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { INTERFACE_LANGUAGES, type InterfaceLanguage } from '@praxis/contracts';
import { translations } from './resources';

const STORAGE_KEY = 'praxis.language';

export function isInterfaceLanguage(value: unknown): value is InterfaceLanguage {
  return typeof value === 'string' && (INTERFACE_LANGUAGES as readonly string[]).includes(value);
}

/** A visitor's language: what they chose before, else the browser's, else English. */
function initialLanguage(): InterfaceLanguage {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isInterfaceLanguage(stored)) return stored;
  } catch {
    // Storage can be disabled; the browser language still works.
  }
  const fromBrowser = (typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [])
    .map((tag) => tag.slice(0, 2).toLowerCase())
    .find(isInterfaceLanguage);
  return fromBrowser ?? 'en';
}

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: translations.en },
    fr: { translation: translations.fr },
    es: { translation: translations.es },
  },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...INTERFACE_LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

function syncDocumentLanguage(language: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
syncDocumentLanguage(i18n.language);
i18n.on('languageChanged', syncDocumentLanguage);

/** Switches the interface language and remembers it for the next visit on this device. */
export function setInterfaceLanguage(language: InterfaceLanguage) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered; still switched.
  }
  if (i18n.language !== language) void i18n.changeLanguage(language);
}

export const LANGUAGE_NAMES: Record<InterfaceLanguage, string> = { en: 'English', fr: 'Français', es: 'Español' };

export default i18n;
