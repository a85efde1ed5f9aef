import { signFileLink, verifyFileLink } from './file-links.js';

const file = '00000000-0000-4000-8000-000000000001';
const user = '00000000-0000-4000-8000-000000000002';
const params = (url: string) => new URL(url, 'http://x').searchParams;

describe('signed file links', () => {
  it('verify for the user, file and time they were made for only', () => {
    const now = 1_800_000_000_000;
    const p = params(signFileLink('secret', file, user, now).url);
    expect(verifyFileLink('secret', file, p.get('sig')!, p.get('exp')!, now + 1000)).toBe(user);
    expect(verifyFileLink('other', file, p.get('sig')!, p.get('exp')!, now)).toBeNull();
    expect(verifyFileLink('secret', user, p.get('sig')!, p.get('exp')!, now)).toBeNull();
    expect(verifyFileLink('secret', file, p.get('sig')!, p.get('exp')!, now + 6 * 60 * 1000)).toBeNull();
    const forged = p.get('sig')!.replace(user, '00000000-0000-4000-8000-000000000003');
    expect(verifyFileLink('secret', file, forged, p.get('exp')!, now)).toBeNull();
  });
});
