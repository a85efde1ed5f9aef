import type { Viewer } from '../auth/auth.decorators.js';
import { FilesPolicy } from './files.policy.js';
import type { StoredFileEntity } from './stored-file.entity.js';

const viewer = { user: { id: 'u1' }, sessionId: 's' } as Viewer;
const file = (ownerType: StoredFileEntity['ownerType'], ownerId = 'u1') => ({ id: 'f', ownerType, ownerId }) as StoredFileEntity;

describe('FilesPolicy', () => {
  it('asks the rule registered for the owner type', async () => {
    const policy = new FilesPolicy();
    policy.registerOwnerRule('registration', (v, f) => v.user.id === f.ownerId);
    expect(await policy.mayRead(viewer, file('registration'))).toBe(true);
    expect(await policy.mayRead(viewer, file('registration', 'u2'))).toBe(false);
  });

  it('refuses every file of a type without a rule', async () => {
    expect(await new FilesPolicy().mayRead(viewer, file('resource'))).toBe(false);
  });

  it('refuses a second rule for the same type', () => {
    const policy = new FilesPolicy();
    policy.registerOwnerRule('avatar', () => true);
    expect(() => policy.registerOwnerRule('avatar', () => true)).toThrow();
  });
});
