import { Button, Menu, VisuallyHidden } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { INTERFACE_LANGUAGES, type InterfaceLanguage } from '@praxis/contracts';
import { LANGUAGE_NAMES, setInterfaceLanguage } from '../../shared/i18n';

/** The visitor's language switcher; signed-in people choose theirs on the profile (it follows them). */
export function LanguageMenu({ onChange }: { onChange?: (language: InterfaceLanguage) => void }) {
  const { t, i18n } = useTranslation();
  const current = (INTERFACE_LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as InterfaceLanguage) : 'en';
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" color="gray" leftSection={<IconLanguage size={18} aria-hidden />} px="xs">
          <VisuallyHidden>{t('nav.languageLabel')} </VisuallyHidden>
          {/* The visible code is part of the button's name (WCAG 2.5.3). */}
          <span lang={current}>{current.toUpperCase()}</span>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {INTERFACE_LANGUAGES.map((language) => (
          <Menu.Item
            key={language}
            lang={language}
            onClick={() => (onChange ? onChange(language) : setInterfaceLanguage(language))}
            aria-current={language === current ? 'true' : undefined}
            fw={language === current ? 700 : undefined}
          >
            {LANGUAGE_NAMES[language]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
