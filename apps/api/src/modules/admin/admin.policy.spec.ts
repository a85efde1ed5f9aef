import type { Viewer } from '../auth/auth.decorators.js';
import type { UserEntity } from '../users/user.entity.js';
import { AdminPolicy, sameOrganisation } from './admin.policy.js';

function viewer(overrides: Partial<UserEntity>): Viewer {
  return { user: { id: 'me', status: 'active', isAdmin: false, focalPointFor: null, ...overrides } as UserEntity, sessionId: 's' };
}
const applicant = (organisation: string) => ({ id: 'someone', organisation });

describe('AdminPolicy', () => {
  const policy = new AdminPolicy();

  it('lets admins review and decide every request', () => {
    const admin = viewer({ isAdmin: true });
    expect(policy.reviewScope(admin)).toEqual({ kind: 'all' });
    expect(policy.mayDecide(admin, applicant('Anything'))).toBe(true);
  });

  it('lets a focal point decide only on their own organisation, whatever the case or spacing', () => {
    const focal = viewer({ focalPointFor: 'Nordic Migrant Rights Centre' });
    expect(policy.reviewScope(focal)).toEqual({ kind: 'organisation', organisation: 'Nordic Migrant Rights Centre' });
    expect(policy.mayDecide(focal, applicant(' nordic migrant RIGHTS centre '))).toBe(true);
    expect(policy.mayDecide(focal, applicant('Nordic Migrant Rights'))).toBe(false);
  });

  it('gives ordinary members, applicants and suspended admins nothing', () => {
    expect(policy.reviewScope(viewer({}))).toBeNull();
    expect(policy.mayDecide(viewer({}), applicant('X'))).toBe(false);
    expect(policy.reviewScope(viewer({ status: 'pending', focalPointFor: 'X' }))).toBeNull();
    expect(policy.reviewScope(viewer({ status: 'suspended', isAdmin: true }))).toBeNull();
    expect(policy.mayManageUsers(viewer({ status: 'suspended', isAdmin: true }))).toBe(false);
  });

  it('never lets anyone decide on their own request', () => {
    expect(policy.mayDecide(viewer({ isAdmin: true }), { id: 'me', organisation: 'X' })).toBe(false);
  });

  it('lets the author and their reviewers read a nomination letter', () => {
    expect(policy.mayReadRegistrationFile(viewer({ status: 'pending' }), { id: 'me', organisation: 'X' })).toBe(true);
    expect(policy.mayReadRegistrationFile(viewer({ focalPointFor: 'x' }), applicant('X'))).toBe(true);
    expect(policy.mayReadRegistrationFile(viewer({}), applicant('X'))).toBe(false);
  });

  it('keeps admins from locking themselves out and the hub from losing its last admin', () => {
    expect(policy.suspendProblem(viewer({ isAdmin: true }), { id: 'me' })).toMatch(/own account/);
    expect(policy.withdrawAdminProblem(viewer({ isAdmin: true }), { id: 'me' })).toMatch(/own admin rights/);
    expect(policy.suspendProblem(viewer({ isAdmin: true }), { id: 'other' })).toBeNull();
    expect(policy.leavesAnAdmin(['a', 'b'], 'a')).toBe(true);
    expect(policy.leavesAnAdmin(['a'], 'a')).toBe(false);
    expect(policy.leavesAnAdmin(['a'], 'b')).toBe(true);
  });

  it('compares organisations without case or outer spaces, and never matches an empty one', () => {
    expect(sameOrganisation('ABC ', 'abc')).toBe(true);
    expect(sameOrganisation('', '')).toBe(false);
    expect(sameOrganisation(null, 'abc')).toBe(false);
  });

  it('shows the dashboard to active admins only, not to focal points', () => {
    expect(policy.mayViewDashboard(viewer({ isAdmin: true }))).toBe(true);
    expect(policy.mayViewDashboard(viewer({ focalPointFor: 'Some Org' }))).toBe(false);
    expect(policy.mayViewDashboard(viewer({}))).toBe(false);
    expect(policy.mayViewDashboard(viewer({ status: 'suspended', isAdmin: true }))).toBe(false);
  });
});
