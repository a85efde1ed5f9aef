import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DirectoryQueryDto, UpdateProfileDto, isIanaTimeZone } from './profile.dto.js';

function errors(input: Record<string, unknown>) {
  const dto = plainToInstance(UpdateProfileDto, input);
  return { dto, fields: validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property) };
}

describe('isIanaTimeZone', () => {
  it.each(['Europe/Paris', 'America/Argentina/Buenos_Aires', 'UTC', 'Africa/Dakar', 'Etc/GMT+2'])('accepts %s', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(true);
  });
  it.each(['Mars/Olympus', '+01:00', 'Europe/../etc', '', 'Europe/Paris ', 42, null])('refuses %p', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(false);
  });
});

describe('UpdateProfileDto', () => {
  it('accepts a full, valid profile and normalises lists', () => {
    const { dto, fields } = errors({
      displayName: '  Amina Diallo ',
      country: 'sn',
      languages: ['FR', 'en', 'fr'],
      expertise: [' victim  identification', 'Victim identification', 'shelters'],
      timeZone: 'Africa/Dakar',
      locale: 'fr',
      bio: null,
    });
    expect(fields).toEqual([]);
    expect(dto).toMatchObject({ displayName: 'Amina Diallo', country: 'SN', languages: ['fr', 'en'], expertise: ['victim identification', 'shelters'], bio: null });
  });

  it.each([
    ['displayName', { displayName: null }],
    ['displayName', { displayName: 'A' }],
    ['country', { country: 'XX' }],
    ['languages', { languages: ['french'] }],
    ['languages', { languages: 'fr' }],
    ['expertise', { expertise: ['x'] }],
    ['timeZone', { timeZone: 'Paris' }],
    ['locale', { locale: 'de' }],
    ['organisationType', { organisationType: 'police' }],
  ])('refuses a wrong %s', (field, input) => {
    expect(errors(input).fields).toEqual([field]);
  });

  it('refuses unknown fields such as status or isAdmin', () => {
    expect(errors({ isAdmin: true, status: 'active' }).fields.sort()).toEqual(['isAdmin', 'status']);
  });
});

describe('DirectoryQueryDto', () => {
  it('turns the limit into a number and upper-cases the country', () => {
    const dto = plainToInstance(DirectoryQueryDto, { limit: '5', country: 'fr', language: 'EN' });
    expect(validateSync(dto)).toEqual([]);
    expect(dto).toMatchObject({ limit: 5, country: 'FR', language: 'en' });
  });

  it('treats blank filters as no filter', () => {
    const dto = plainToInstance(DirectoryQueryDto, { q: '', country: '', organisationType: '', language: '', expertise: '' });
    expect(validateSync(dto)).toEqual([]);
  });

  it('refuses a limit above 100', () => {
    expect(validateSync(plainToInstance(DirectoryQueryDto, { limit: '500' })).map((e) => e.property)).toEqual(['limit']);
  });
});
