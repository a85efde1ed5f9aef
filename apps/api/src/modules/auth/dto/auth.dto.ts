import { ApiProperty } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsISO31661Alpha2,
  IsString,
  Length,
  MaxLength,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { Transform } from 'class-transformer';
import {
  ORGANISATION_TYPES,
  type ChangePasswordRequest,
  type LoginRequest,
  type OrganisationType,
  type PasswordResetConfirm,
  type PasswordResetRequest,
  type RegisterRequest,
  type VerifyEmailRequest,
} from '@praxis/contracts';
import { passwordProblem } from '../password-policy.js';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Length, common-password and personal-data checks of A1, reported like any other field error. */
export function IsAcceptablePassword(contextFields: string[] = []) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (typeof value !== 'string') return false;
          const context = contextFields.map((f) => String((args.object as Record<string, unknown>)[f] ?? '').split('@')[0]);
          return passwordProblem(value, context) === null;
        },
        defaultMessage(args: ValidationArguments) {
          if (typeof args.value !== 'string') return 'password must be a string';
          const context = contextFields.map((f) => String((args.object as Record<string, unknown>)[f] ?? '').split('@')[0]);
          return passwordProblem(args.value, context) ?? 'password is not acceptable';
        },
      },
    });
}

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'amina.diallo@example.org' })
  @trim()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 12 })
  @IsAcceptablePassword(['email', 'displayName'])
  password: string;

  @ApiProperty()
  @trim()
  @IsString()
  @Length(2, 80)
  displayName: string;

  @ApiProperty()
  @trim()
  @IsString()
  @Length(2, 160)
  organisation: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @IsIn(ORGANISATION_TYPES, { message: `organisationType must be one of ${ORGANISATION_TYPES.join(', ')}` })
  organisationType: OrganisationType;

  @ApiProperty({ example: 'SN', description: 'ISO 3166-1 alpha-2' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as FR or SN' })
  country: string;

  @ApiProperty()
  @trim()
  @IsString()
  @Length(2, 120)
  jobTitle: string;

  @ApiProperty({ description: 'Why the applicant needs access' })
  @trim()
  @IsString()
  @Length(10, 2000)
  reason: string;
}

export class LoginDto implements LoginRequest {
  @ApiProperty()
  @trim()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(256)
  password: string;
}

export class TokenDto implements VerifyEmailRequest {
  @ApiProperty()
  @IsString()
  @Length(10, 200)
  token: string;
}

export class PasswordResetRequestDto implements PasswordResetRequest {
  @ApiProperty()
  @trim()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto implements PasswordResetConfirm {
  @ApiProperty()
  @IsString()
  @Length(10, 200)
  token: string;

  @ApiProperty({ minLength: 12 })
  @IsAcceptablePassword()
  password: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 256)
  currentPassword: string;

  @ApiProperty({ minLength: 12 })
  @IsAcceptablePassword()
  password: string;
}
