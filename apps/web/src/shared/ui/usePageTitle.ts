import { useEffect } from 'react';
import { useHubName } from '../hub/hub-info';

/** Every page names itself in the browser tab and for screen readers (WCAG 2.4.2), with the hub's name. */
export function usePageTitle(title: string) {
  const app = useHubName();
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
