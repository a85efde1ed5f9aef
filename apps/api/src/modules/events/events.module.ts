import { Module, type OnModuleInit } from '@nestjs/common';
import { FilesModule } from '../files/files.module.js';
import { FilesPolicy } from '../files/files.policy.js';
import { ForumModule } from '../forum/forum.module.js';
import { NetworksModule } from '../networks/networks.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RealtimeModule } from '../../realtime/realtime.module.js';
import { RoomAuthorizer } from '../../realtime/room-authorizer.js';
import { RoomPresence } from '../../realtime/room-presence.js';
import { EventNotices } from './event-notices.js';
import { EventReminders } from './event-reminders.js';
import { CalendarController, EventsController, QuestionsController } from './events.controller.js';
import { EventsPolicy } from './events.policy.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { EventsDemoSeeder } from './events-demo-seeder.js';

/**
 * Events (E1–E7): briefings with registration, calendars, reminders and live sessions. Network
 * standing comes from NetworksPolicy, the room log from the networks module, and event summaries
 * are posted through ForumService.
 */
@Module({
  imports: [FilesModule, NotificationsModule, RealtimeModule, NetworksModule, ForumModule],
  controllers: [EventsController, QuestionsController, CalendarController],
  providers: [EventsRepository, EventsPolicy, EventsService, EventNotices, EventReminders, EventsDemoSeeder],
  exports: [EventsPolicy, EventsService, EventsDemoSeeder],
})
export class EventsModule implements OnModuleInit {
  constructor(
    private readonly filesPolicy: FilesPolicy,
    private readonly rooms: RoomAuthorizer,
    private readonly events: EventsService,
    private readonly notifications: NotificationsService,
    private readonly presence: RoomPresence,
  ) {}

  onModuleInit() {
    // Attachments are readable by whoever may read the event, asked on every download.
    this.filesPolicy.registerOwnerRule('event', (viewer, file) => file.ownerId !== null && this.events.mayReadEventFile(viewer, file.ownerId));
    // The event room (chat, Q&A, attendance) is for hosts and registered attendees.
    this.rooms.register('event', (userId, id) => this.events.mayJoinRoom(userId, id));
    // Attendance (E6) follows the sockets in the event room: entering during the live session joins,
    // the member's last socket leaving (unsubscribe or disconnect, on any node) records the leave.
    this.presence.register('event', {
      entered: (userId, id) => this.events.presenceEntered(userId, id),
      left: (userId, id) => this.events.presenceLeft(userId, id),
    });
    // Notifications about an event are created and listed only for those who may read it.
    this.notifications.registerTargetRule('event', (userId, id) => this.events.mayReadEvent(userId, id));
  }
}
