import { Avatar, type AvatarProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { api } from '../api/client';

/**
 * Avatars are members-only files, so an <img src> without the bearer token would be refused.
 * The picture is fetched with the token and shown from a blob: URL (allowed by the CSP).
 */
export function MemberAvatar({ url, name, ...props }: { url: string | null | undefined; name: string } & AvatarProps) {
  const { data } = useQuery({
    queryKey: ['avatar', url],
    queryFn: () => api.blob(url as string),
    enabled: Boolean(url),
    staleTime: Infinity,
    retry: false,
  });
  const objectUrl = useMemo(() => (data ? URL.createObjectURL(data) : null), [data]);
  useEffect(() => () => {
    if (objectUrl) URL.revokeObjectURL(objectUrl);
  }, [objectUrl]);
  return <Avatar src={objectUrl} alt={name} name={name} color="initials" variant="light" {...props} />;
}
