import { Anchor, Breadcrumbs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** Networks › <network> (› Discussions): the trail above every page inside a network. */
export function NetworkBreadcrumbs({ network, discussions = false }: { network: { slug: string; name: string }; discussions?: boolean }) {
  const { t } = useTranslation();
  return (
    <Breadcrumbs separator="›">
      <Anchor component={Link} to="/networks" size="sm">
        {t('networks.title')}
      </Anchor>
      <Anchor component={Link} to={`/networks/${network.slug}`} size="sm">
        {network.name}
      </Anchor>
      {discussions ? (
        <Anchor component={Link} to={`/networks/${network.slug}/threads`} size="sm">
          {t('forum.threads.title')}
        </Anchor>
      ) : null}
    </Breadcrumbs>
  );
}
