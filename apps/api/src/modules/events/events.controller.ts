import { Body, Controller, Delete, Get, Header, HttpCode, NotFoundException, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EventSummaryResponse } from '@praxis/contracts';
import { CurrentViewer, OptionalViewer, Public, type Viewer } from '../auth/auth.decorators.js';
import { CreateEventDto, EventListQueryDto, InviteDto, PostBodyDto, QuestionStatusDto, RoomEventsQueryDto, UpdateEventDto } from './events.dto.js';
import { EventsService } from './events.service.js';

const uuid = new ParseUUIDPipe();

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Events the viewer may see (visitors: public events, title, time and host network only)' })
  list(@OptionalViewer() viewer: Viewer | null, @Query() query: EventListQueryDto) {
    return this.events.list(viewer, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create an event (network owners and moderators; admins for hub-wide events)' })
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateEventDto) {
    return this.events.create(viewer, dto);
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'One event; meetingUrl only for registered attendees from 30 minutes before the start, and hosts' })
  view(@OptionalViewer() viewer: Viewer | null, @Param('id', uuid) id: string) {
    return this.events.view(viewer, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit an event, including the recording, follow-up resources and thread (hosts)' })
  update(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Body() dto: UpdateEventDto) {
    return this.events.update(viewer, id, dto);
  }

  @Post(':id/registrations')
  @ApiOperation({ summary: 'Register: registered, waitlisted with a position, or pending approval' })
  register(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string) {
    return this.events.register(viewer, id);
  }

  @Delete(':id/registrations/me')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel one’s registration; the first on the waiting list takes the place' })
  async cancel(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string): Promise<void> {
    await this.events.cancel(viewer, id);
  }

  @Get(':id/registrations')
  @ApiOperation({ summary: 'Registrations of the event (hosts)' })
  registrations(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string) {
    return this.events.registrations(viewer, id);
  }

  @Post(':id/registrations/:userId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a pending registration (hosts); waitlisted when the event is full' })
  approve(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Param('userId', uuid) userId: string) {
    return this.events.decide(viewer, id, userId, true);
  }

  @Post(':id/registrations/:userId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline a pending registration (hosts)' })
  reject(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Param('userId', uuid) userId: string) {
    return this.events.decide(viewer, id, userId, false);
  }

  @Post(':id/invitations')
  @HttpCode(200)
  @ApiOperation({ summary: 'Invite members to an event (hosts); invite-only events accept invited members only' })
  invite(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Body() dto: InviteDto) {
    return this.events.invite(viewer, id, dto.userIds);
  }

  @Public()
  @Get(':id/ics')
  @ApiOperation({ summary: 'The event as an iCalendar file in its own time zone' })
  async ics(@OptionalViewer() viewer: Viewer | null, @Param('id', uuid) id: string, @Res({ passthrough: true }) response: Response) {
    const body = await this.events.ics(viewer, id);
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="event.ics"');
    return body;
  }

  @Get(':id/attendance.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="attendance.csv"')
  @ApiOperation({ summary: 'Attendance report (hosts)' })
  attendanceCsv(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string) {
    return this.events.attendanceCsv(viewer, id);
  }

  @Post(':id/live/:action')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start or end the live session (hosts)' })
  live(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Param('action') action: string) {
    if (action !== 'start' && action !== 'end') throw new NotFoundException('No such action');
    return this.events.setLive(viewer, id, action === 'start');
  }

  @Post(':id/summary')
  @HttpCode(200)
  @ApiOperation({ summary: 'Keep the answered questions and attendance on the event and post them to its discussion thread (hosts, after the session; ending the session does this too)' })
  summary(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string): Promise<EventSummaryResponse> {
    return this.events.publishSummary(viewer, id);
  }

  @Post(':id/attendance/:action')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record joining or leaving the live session; answers the live attendee count' })
  attendance(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Param('action') action: string) {
    if (action !== 'join' && action !== 'leave') throw new NotFoundException('No such action');
    return this.events.attendance(viewer, id, action === 'join');
  }

  @Post(':id/chat')
  @ApiOperation({ summary: 'Send a chat message in the live room (a repeated clientId returns the first message)' })
  chat(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Body() dto: PostBodyDto) {
    return this.events.chat(viewer, id, dto.body, dto.clientId);
  }

  @Get(':id/chat')
  @ApiOperation({ summary: 'The latest chat messages of the live room' })
  chatHistory(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string) {
    return this.events.chatHistory(viewer, id);
  }

  @Post(':id/questions')
  @ApiOperation({ summary: 'Ask a question (a repeated clientId returns the first question)' })
  ask(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Body() dto: PostBodyDto) {
    return this.events.ask(viewer, id, dto.body, dto.clientId);
  }

  @Get(':id/questions')
  @ApiOperation({ summary: 'Questions by votes (hidden ones for hosts only)' })
  questions(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string) {
    return this.events.questions(viewer, id);
  }

  @Get(':id/room-events')
  @ApiOperation({ summary: 'Events of the event room after a sequence number, for catching up (R4)' })
  roomEvents(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Query() query: RoomEventsQueryDto) {
    return this.events.roomEvents(viewer, id, query.after ?? 0);
  }
}

@ApiTags('events')
@ApiBearerAuth()
@Controller('questions')
export class QuestionsController {
  constructor(private readonly events: EventsService) {}

  @Post(':id/votes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Upvote a question (once per member)' })
  vote(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string) {
    return this.events.vote(viewer, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Mark a question open, answered or hidden (hosts)' })
  setStatus(@CurrentViewer() viewer: Viewer, @Param('id', uuid) id: string, @Body() dto: QuestionStatusDto) {
    return this.events.setQuestionStatus(viewer, id, dto.status);
  }
}

@ApiTags('events')
@Controller()
export class CalendarController {
  constructor(private readonly events: EventsService) {}

  @ApiBearerAuth()
  @Post('me/calendar-feed')
  @ApiOperation({ summary: 'Create or rotate the secret URL of one’s calendar feed (the old URL stops working)' })
  rotate(@CurrentViewer() viewer: Viewer) {
    return this.events.rotateFeed(viewer);
  }

  // Public: calendar apps fetch it without a session; the unguessable secret is the key.
  @Public()
  @Get('calendar/:file')
  @ApiOperation({ summary: 'Personal calendar feed of registered events at a secret URL' })
  async feed(@Param('file') file: string, @Res({ passthrough: true }) response: Response) {
    const match = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(file);
    if (!match) throw new NotFoundException('No such calendar');
    const body = await this.events.feed(match[1]);
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader('Cache-Control', 'private, no-store');
    return body;
  }
}
