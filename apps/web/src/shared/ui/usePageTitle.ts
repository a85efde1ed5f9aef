import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Every page names itself in the browser tab and for screen readers (WCAG 2.4.2). */
export function usePageTitle(title: string) {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
