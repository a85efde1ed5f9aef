import { networkRules, type PolicyMembership, type PolicyViewer } from './networks.policy.js';

const member: PolicyViewer = { id: 'u', isAdmin: false, status: 'active' };
const admin: PolicyViewer = { id: 'a', isAdmin: true, status: 'active' };
const m = (status: PolicyMembership['status'], role: PolicyMembership['role'] = 'member', mutedUntil: Date | null = null): PolicyMembership => ({ status, role, mutedUntil });
const open = { visibility: 'open' as const };
const restricted = { visibility: 'restricted' as const };
const hidden = { visibility: 'hidden' as const };

describe('networkRules', () => {
  it('lists open networks to visitors, restricted ones to members, hidden ones only to their members and invitees; reads open ones for every active member', () => {
    expect(networkRules.canSee(null, open, null)).toBe(true);
    expect(networkRules.canSee(null, restricted, null)).toBe(false);
    expect(networkRules.canSee({ ...member, status: 'pending' }, restricted, null)).toBe(false);
    expect(networkRules.canSee(member, restricted, null)).toBe(true);
    expect(networkRules.canSee(member, hidden, null)).toBe(false);
    expect(networkRules.canSee(member, hidden, m('invited'))).toBe(true);
    expect(networkRules.canRead(member, open, null)).toBe(true);
    expect(networkRules.canRead(null, open, null)).toBe(false);
    expect(networkRules.canRead(member, restricted, m('pending'))).toBe(false);
    expect(networkRules.canRead(member, open, m('banned'))).toBe(false);
    expect(networkRules.canRead({ ...member, status: 'suspended' }, open, m('active'))).toBe(false);
  });

  it('hides restricted and hidden content from outsiders (404), not open content', () => {
    expect(networkRules.hidesContentFrom(member, restricted, null)).toBe(true);
    expect(networkRules.hidesContentFrom(member, hidden, m('invited'))).toBe(true);
    expect(networkRules.hidesContentFrom(member, open, m('banned'))).toBe(false);
    expect(networkRules.hidesContentFrom(admin, hidden, null)).toBe(false);
  });

  it('lets active, unmuted members post; moderators and admins moderate', () => {
    expect(networkRules.canPost(member, open, null)).toBe(false);
    expect(networkRules.canPost(member, open, m('active'))).toBe(true);
    expect(networkRules.canPost(member, open, m('active', 'member', new Date(Date.now() + 60_000)))).toBe(false);
    expect(networkRules.canPost(member, open, m('active', 'member', new Date(Date.now() - 60_000)))).toBe(true);
    expect(networkRules.canModerate(member, open, m('active', 'moderator'))).toBe(true);
    expect(networkRules.canModerate(member, open, m('pending', 'moderator'))).toBe(false);
    expect(networkRules.canModerate(admin, hidden, null)).toBe(true);
    expect(networkRules.canOwn(member, open, m('active', 'moderator'))).toBe(false);
  });

  it('acts only on lower ranks, and refuses replies in locked threads', () => {
    expect(networkRules.outranks(member, m('active', 'moderator'), m('active'))).toBe(true);
    expect(networkRules.outranks(member, m('active', 'moderator'), m('active', 'moderator'))).toBe(false);
    expect(networkRules.outranks(member, m('active', 'owner'), m('active', 'moderator'))).toBe(true);
    expect(networkRules.outranks(admin, null, m('active', 'owner'))).toBe(true);
    expect(networkRules.canReply(true, true, { locked: true, closed: false })).toBe(false);
    expect(networkRules.canReply(true, false, { locked: false, closed: true })).toBe(false);
    expect(networkRules.canReply(true, true, { locked: false, closed: true })).toBe(true);
  });
});
