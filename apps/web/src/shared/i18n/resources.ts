import type { InterfaceLanguage } from '@praxis/contracts';
import en from './locales/en.json';
import fr from './locales/fr.json';
import es from './locales/es.json';

export type TranslationTree = { [key: string]: string | TranslationTree };

/**
 * The translations of each language: the core file `locales/<lang>.json` plus one file per feature in
 * `locales/<lang>/<feature>.json`, each holding its own top-level keys (a feature never overwrites another's).
 */
const featureFiles = import.meta.glob<TranslationTree>('./locales/*/*.json', { eager: true, import: 'default' });

function withFeatures(language: InterfaceLanguage, core: TranslationTree): TranslationTree {
  const merged: TranslationTree = { ...core };
  for (const [path, tree] of Object.entries(featureFiles)) {
    if (!path.startsWith(`./locales/${language}/`)) continue;
    for (const [key, value] of Object.entries(tree)) {
      if (key in merged) throw new Error(`Translation key "${key}" of ${path} is already defined`);
      merged[key] = value;
    }
  }
  return merged;
}

export const translations: Record<InterfaceLanguage, TranslationTree> = {
  en: withFeatures('en', en),
  fr: withFeatures('fr', fr),
  es: withFeatures('es', es),
};
