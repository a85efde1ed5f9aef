import type { CreateResourceRequest, ResourceKind } from '@praxis/contracts';

/** Languages offered for a resource (ISO 639-1 codes, as the API stores them); anything else is ISO 639-2 "und" (undetermined). */
export const RESOURCE_LANGUAGES = ['en', 'fr', 'es', 'ar', 'ru', 'pt', 'de', 'it'] as const;
export const OTHER_LANGUAGE = 'und';

/** The API's limits (SPEC K1), checked before sending so the member hears about them at once. */
export const TITLE_MAX = 200;
export const SUMMARY_MAX = 20_000;
export const MAX_RESOURCE_FILES = 20;

export const KIND_COLORS: Record<ResourceKind, string> = {
  publication: 'praxis',
  report: 'indigo',
  toolkit: 'teal',
  'case-law': 'grape',
  legislation: 'violet',
  'training-material': 'orange',
  presentation: 'cyan',
  news: 'gray',
};

export type ResourceFormErrors = Partial<Record<'title' | 'summary' | 'kind' | 'language' | 'url' | 'networkId' | 'files' | 'publishedOn', string>>;

export interface ResourceFormValues {
  title: string;
  summary: string;
  kind: ResourceKind | null;
  language: string | null;
  url: string;
  publishedOn: string;
  /** null: hub-wide. */
  networkId: string | null;
  fileCount: number;
}

/** Mirrors the API's validation; returns i18n keys (under library.form.errors) by field. */
export function validateResource(values: ResourceFormValues, { hubAllowed }: { hubAllowed: boolean }): ResourceFormErrors {
  const errors: ResourceFormErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = 'titleRequired';
  else if (title.length > TITLE_MAX) errors.title = 'titleTooLong';
  if (values.summary.length > SUMMARY_MAX) errors.summary = 'summaryTooLong';
  if (!values.kind) errors.kind = 'kindRequired';
  if (!values.language) errors.language = 'languageRequired';
  const url = values.url.trim();
  if (url && !isHttpUrl(url)) errors.url = 'urlInvalid';
  if (!url && values.fileCount === 0) errors.files = 'fileOrUrl';
  if (values.publishedOn && !/^\d{4}-\d\d-\d\d$/.test(values.publishedOn)) errors.publishedOn = 'dateInvalid';
  if (!values.networkId && !hubAllowed) errors.networkId = 'networkRequired';
  return errors;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The request body as the API expects it (empty optional fields as null). */
export function toRequest(values: ResourceFormValues & { tags: string[]; countries: string[]; fileIds: string[] }): CreateResourceRequest {
  return {
    title: values.title.trim(),
    summary: values.summary,
    kind: values.kind as ResourceKind,
    language: values.language as string,
    tags: values.tags,
    countries: values.countries,
    publishedOn: values.publishedOn || null,
    url: values.url.trim() || null,
    fileIds: values.fileIds,
    networkId: values.networkId,
  };
}
