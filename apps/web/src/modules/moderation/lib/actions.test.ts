import { describe, expect, it } from 'vitest';
import type { QueuedReport } from '@praxis/contracts';
import { actionKey, actionsFor, targetLink } from './actions';

const author = { id: 'u', handle: 'u', displayName: 'U', organisation: 'O', avatarUrl: null };
const report = (targetType: QueuedReport['targetType'], network: QueuedReport['network'], target: Partial<QueuedReport['target']> = {}) => ({
  targetType,
  network,
  target: { type: targetType, id: 'x', title: 't', excerpt: '', author, removed: false, ...target },
});
const NET = { id: 'n', slug: 'tip', name: 'TiP' };

describe('actionsFor', () => {
  it('keeps mute and remove for network content only', () => {
    expect(actionsFor(report('resource', NET))).toEqual(['dismiss', 'delete', 'warn', 'mute', 'remove', 'ban']);
    expect(actionsFor(report('resource', null))).toEqual(['dismiss', 'delete', 'warn', 'ban']);
    expect(actionsFor(report('event', null))).toEqual(['dismiss', 'warn', 'ban']);
  });

  it('drops what the target state makes pointless, but never dismiss', () => {
    expect(actionsFor(report('resource', NET, { removed: true }))).toEqual(['dismiss', 'warn', 'mute', 'remove', 'ban']);
    expect(actionsFor(report('thread', NET, { locked: true }))).toEqual(['dismiss', 'warn', 'mute', 'remove', 'ban']);
    expect(actionsFor(report('post', NET, { author: null }))).toEqual(['dismiss', 'hide', 'lock']);
  });

  it('names a hub-wide ban a suspension', () => {
    expect(actionKey('ban', { targetType: 'post', network: NET })).toBe('ban');
    expect(actionKey('ban', { targetType: 'event', network: null })).toBe('suspend');
    expect(actionKey('warn', { targetType: 'user', network: null })).toBe('warnMember');
  });
});

describe('targetLink', () => {
  it('opens a post inside its thread at its place, and everything else on its own page', () => {
    expect(targetLink({ type: 'post', id: 'p', threadId: 't', seq: 7 })).toBe('/threads/t?seq=7');
    expect(targetLink({ type: 'thread', id: 't' })).toBe('/threads/t');
    expect(targetLink({ type: 'resource', id: 'r' })).toBe('/resources/r');
    expect(targetLink({ type: 'event', id: 'e' })).toBe('/events/e');
    expect(targetLink({ type: 'user', id: 'u' })).toBe('/members/u');
  });
});
