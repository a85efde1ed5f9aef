import { Identity1764370000000 } from './1764370000000-Identity.js';
import { NetworksForum1764370200000 } from './1764370200000-NetworksForum.js';
import { Events1764370300000 } from './1764370300000-Events.js';
import { NotificationsAfterwards1764370400000 } from './1764370400000-NotificationsAfterwards.js';
import { LibrarySearch1764370500000 } from './1764370500000-LibrarySearch.js';
import { Reports1764370600000 } from './1764370600000-Reports.js';
import { Premoderation1764370700000 } from './1764370700000-Premoderation.js';
import { NotificationPreferences1764370800000 } from './1764370800000-NotificationPreferences.js';
import { HubSettings1764370900000 } from './1764370900000-HubSettings.js';
import { RoomLogOpeningPosts1764371000000 } from './1764371000000-RoomLogOpeningPosts.js';
import { UnreadCountIndex1764371100000 } from './1764371100000-UnreadCountIndex.js';

/** Every migration in the order it runs; new ones are appended. */
export const migrations = [Identity1764370000000, NetworksForum1764370200000, Events1764370300000, NotificationsAfterwards1764370400000, LibrarySearch1764370500000, Reports1764370600000, Premoderation1764370700000, NotificationPreferences1764370800000, HubSettings1764370900000, RoomLogOpeningPosts1764371000000, UnreadCountIndex1764371100000];
