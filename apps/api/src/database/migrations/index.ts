import { Identity1764370000000 } from './1764370000000-Identity.js';
import { NetworksForum1764370200000 } from './1764370200000-NetworksForum.js';
import { Events1764370300000 } from './1764370300000-Events.js';
import { NotificationsAfterwards1764370400000 } from './1764370400000-NotificationsAfterwards.js';

/** Every migration in the order it runs; new ones are appended. */
export const migrations = [Identity1764370000000, NetworksForum1764370200000, Events1764370300000, NotificationsAfterwards1764370400000];
