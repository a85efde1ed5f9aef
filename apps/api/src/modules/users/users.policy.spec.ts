import type { Viewer } from '../auth/auth.decorators.js';
import type { UserEntity } from './user.entity.js';
import { UsersPolicy } from './users.policy.js';

const viewer = (id: string, status: UserEntity['status']): Viewer => ({ user: { id, status } as UserEntity, sessionId: 's' });

describe('UsersPolicy.mayViewProfile', () => {
  const policy = new UsersPolicy();

  it('shows active members to active members', () => {
    expect(policy.mayViewProfile(viewer('a', 'active'), { id: 'b', status: 'active' })).toBe(true);
  });

  it.each(['pending', 'rejected', 'suspended'] as const)('hides a %s account from other members', (status) => {
    expect(policy.mayViewProfile(viewer('a', 'active'), { id: 'b', status })).toBe(false);
  });

  it('shows an applicant their own profile, and nobody else', () => {
    expect(policy.mayViewProfile(viewer('a', 'pending'), { id: 'a', status: 'pending' })).toBe(true);
    expect(policy.mayViewProfile(viewer('a', 'pending'), { id: 'b', status: 'active' })).toBe(false);
  });
});
