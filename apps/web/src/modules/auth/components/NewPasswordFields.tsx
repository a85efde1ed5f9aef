import { PasswordInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '@praxis/contracts';
import { PasswordRules } from './PasswordRules';

/**
 * A new password with its rules ticked as they are met, and the field that repeats it: the same on
 * the registration, password reset and password change forms. Two siblings, so the form lays them out.
 */
export function NewPasswordFields({
  label,
  password,
  personal,
  passwordProps,
  confirmProps,
}: {
  label: string;
  password: string;
  personal: boolean;
  passwordProps: GetInputPropsReturnType;
  confirmProps: GetInputPropsReturnType;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div>
        <PasswordInput label={label} description={t('passwordRules.summary', { min: PASSWORD_MIN_LENGTH })} autoComplete="new-password" required {...passwordProps} />
        <PasswordRules password={password} personal={personal} />
      </div>
      <PasswordInput label={t('fields.confirmPassword')} autoComplete="new-password" required {...confirmProps} />
    </>
  );
}
