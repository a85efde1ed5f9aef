import { List, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconPoint } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '@praxis/contracts';

/** The password rules, each ticked as it is met, so nobody has to guess what the server wants. */
export function PasswordRules({ password, personal }: { password: string; personal: boolean }) {
  const { t } = useTranslation();
  const rules = [
    { key: 'length', met: password.length >= PASSWORD_MIN_LENGTH, label: t('passwordRules.length', { min: PASSWORD_MIN_LENGTH }) },
    { key: 'personal', met: password.length > 0 && personal, label: t('passwordRules.personal') },
    { key: 'common', met: null, label: t('passwordRules.common') },
  ];
  return (
    <List size="sm" spacing={4} mt={6} c="dimmed" aria-label={t('passwordRules.title')}>
      {rules.map((rule) => (
        <List.Item
          key={rule.key}
          icon={
            <ThemeIcon size={18} radius="xl" color={rule.met ? 'teal' : 'gray'} variant={rule.met ? 'filled' : 'light'}>
              {rule.met ? <IconCheck size={12} aria-hidden /> : <IconPoint size={12} aria-hidden />}
            </ThemeIcon>
          }
        >
          {rule.label}
          {rule.met ? <VisuallyHidden> ({t('passwordRules.met')})</VisuallyHidden> : null}
        </List.Item>
      ))}
    </List>
  );
}
