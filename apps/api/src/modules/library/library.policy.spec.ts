import type { Viewer } from '../auth/auth.decorators.js';
import type { NetworksPolicy } from '../networks/networks.policy.js';
import { LibraryPolicy } from './library.policy.js';
import type { ResourceRow } from './library.types.js';

type Standing = { read: boolean; post: boolean; moderate: boolean };
const networks = (standing: Standing, readable: string[] = []) =>
  ({ standing: async () => standing, networkScope: async () => ({ readable, visible: readable }) }) as unknown as NetworksPolicy;
const viewer = (overrides: Partial<Viewer['user']> = {}) => ({ user: { id: 'u1', status: 'active', isAdmin: false, ...overrides }, sessionId: 's' }) as Viewer;
const resource = (overrides: Partial<ResourceRow> = {}) => ({ id: 'r', networkId: 'n1', createdBy: 'u2', deletedAt: null, ...overrides }) as ResourceRow;

const member: Standing = { read: true, post: true, moderate: false };
const muted: Standing = { read: true, post: false, moderate: false };
const moderator: Standing = { read: true, post: true, moderate: true };
const outsider: Standing = { read: false, post: false, moderate: false };

describe('LibraryPolicy', () => {
  it('network members add unless the network keeps its library to moderators; muted members never', async () => {
    expect((await new LibraryPolicy(networks(member)).standing(viewer(), { networkId: 'n1', contributors: 'members' })).add).toBe(true);
    expect((await new LibraryPolicy(networks(member)).standing(viewer(), { networkId: 'n1', contributors: 'moderators' })).add).toBe(false);
    expect((await new LibraryPolicy(networks(moderator)).standing(viewer(), { networkId: 'n1', contributors: 'moderators' })).add).toBe(true);
    expect((await new LibraryPolicy(networks(muted)).standing(viewer(), { networkId: 'n1', contributors: 'members' })).add).toBe(false);
  });

  it('hub-wide: every active member reads, only admins add and moderate; inactive accounts and visitors nothing', async () => {
    const hub = { networkId: null, contributors: 'members' } as const;
    expect(await new LibraryPolicy(networks(outsider)).standing(viewer(), hub)).toEqual({ read: true, add: false, moderate: false });
    expect(await new LibraryPolicy(networks(outsider)).standing(viewer({ isAdmin: true }), hub)).toEqual({ read: true, add: true, moderate: true });
    expect(await new LibraryPolicy(networks(moderator)).standing(viewer({ status: 'suspended' }), hub)).toEqual({ read: false, add: false, moderate: false });
    expect(await new LibraryPolicy(networks(moderator)).standing(null, hub)).toEqual({ read: false, add: false, moderate: false });
  });

  it('deleted resources are read by no one; outsiders of the network read none of its resources', async () => {
    expect(await new LibraryPolicy(networks(moderator)).mayRead(viewer(), resource({ deletedAt: new Date() }))).toBe(false);
    expect(await new LibraryPolicy(networks(outsider)).mayRead(viewer(), resource())).toBe(false);
    expect(await new LibraryPolicy(networks(member)).mayRead(viewer(), resource())).toBe(true);
  });

  it('the author edits while they may still add; moderators edit and feature; hub resources are not featured', async () => {
    const place = { networkId: 'n1', contributors: 'members' } as const;
    expect(await new LibraryPolicy(networks(member)).permissions(viewer(), resource({ createdBy: 'u1' }), place)).toMatchObject({ edit: true, feature: false });
    expect(await new LibraryPolicy(networks(muted)).permissions(viewer(), resource({ createdBy: 'u1' }), place)).toMatchObject({ edit: false });
    expect(await new LibraryPolicy(networks(member)).permissions(viewer(), resource(), place)).toMatchObject({ edit: false, delete: false });
    expect(await new LibraryPolicy(networks(moderator)).permissions(viewer(), resource(), place)).toMatchObject({ edit: true, delete: true, feature: true });
    expect(
      await new LibraryPolicy(networks(outsider)).permissions(viewer({ isAdmin: true }), resource({ networkId: null }), { networkId: null, contributors: 'members' }),
    ).toMatchObject({ edit: true, feature: false });
  });

  it('the readable scope for SQL: hub and the networks the member reads; nothing for visitors', async () => {
    expect(await new LibraryPolicy(networks(member, ['n1', 'n2'])).readableScope(viewer())).toEqual({ hub: true, networkIds: ['n1', 'n2'] });
    expect(await new LibraryPolicy(networks(member, ['n1'])).readableScope(null)).toEqual({ hub: false, networkIds: [] });
  });
});
