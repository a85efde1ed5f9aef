import type { Reaction } from '@praxis/contracts';

/** The six fixed reactions (SPEC F3) and the emoji shown for each; names come from i18n. */
export const REACTION_EMOJI: Record<Reaction, string> = {
  thumbs_up: '👍',
  heart: '❤️',
  tada: '🎉',
  bulb: '💡',
  eyes: '👀',
  check: '✅',
};
