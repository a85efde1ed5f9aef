import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Max, MaxLength, Min,
  ValidateNested,
} from 'class-validator';
import type { CreateEventRequest, UpdateEventRequest } from '@praxis/contracts';
import type { AgendaItem, EventKind, EventVisibility, FollowUpResource, QuestionStatus, RegistrationMode, Speaker } from './events.types.js';

export const EVENT_KINDS: EventKind[] = ['briefing', 'webinar', 'meeting', 'workshop'];
export const REGISTRATION_MODES: RegistrationMode[] = ['open', 'approval', 'invite'];
export const VISIBILITIES: EventVisibility[] = ['network', 'members', 'public'];

const URL_OPTIONS = { protocols: ['https', 'http'], require_protocol: true };

export class SpeakerDto implements Speaker {
  @IsOptional() @IsUUID('all') userId?: string | null;
  @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsString() @MaxLength(200) affiliation?: string | null;
}

export class AgendaItemDto implements AgendaItem {
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:MM' }) time: string;
  @IsString() @Length(1, 300) title: string;
  @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(200, { each: true }) speakers: string[];
}

export class FollowUpDto implements FollowUpResource {
  @IsString() @Length(1, 300) title: string;
  @IsUrl(URL_OPTIONS) @MaxLength(2000) url: string;
}

/** Fields shared by create and update; update makes all of them optional. */
class EventFieldsDto {
  @IsOptional() @IsString() @MaxLength(20000) description?: string;
  @IsOptional() @IsInt() @Min(1) @Max(100000) capacity?: number | null;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000) meetingUrl?: string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { each: true, message: 'languages must be language codes' }) languages?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AgendaItemDto) agenda?: AgendaItemDto[];
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SpeakerDto) speakers?: SpeakerDto[];
  /** Uploads (POST /files) of the caller to attach to the event (E4). */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) attachmentIds?: string[];
}

export class CreateEventDto extends EventFieldsDto implements CreateEventRequest {
  @IsString() @Length(1, 300) title: string;
  @IsIn(EVENT_KINDS) kind: EventKind;
  @IsDateString({ strict: true }) startsAt: string;
  @IsDateString({ strict: true }) endsAt: string;
  @IsString() @MaxLength(64) timeZone: string;
  @IsIn(REGISTRATION_MODES) registrationMode: RegistrationMode;
  @IsIn(VISIBILITIES) visibility: EventVisibility;
  @IsOptional() @IsUUID('all') networkId?: string | null;
}

export class UpdateEventDto extends EventFieldsDto implements UpdateEventRequest {
  @IsOptional() @IsString() @Length(1, 300) title?: string;
  @IsOptional() @IsIn(EVENT_KINDS) kind?: EventKind;
  @IsOptional() @IsDateString({ strict: true }) startsAt?: string;
  @IsOptional() @IsDateString({ strict: true }) endsAt?: string;
  @IsOptional() @IsString() @MaxLength(64) timeZone?: string;
  @IsOptional() @IsIn(REGISTRATION_MODES) registrationMode?: RegistrationMode;
  @IsOptional() @IsIn(VISIBILITIES) visibility?: EventVisibility;
  @IsOptional() @IsUUID('all') networkId?: string;
  // E7: what stays after the session.
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000) recordingUrl?: string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FollowUpDto) followUp?: FollowUpDto[];
  @IsOptional() @IsUUID('all') threadId?: string | null;
}

export class EventListQueryDto {
  @IsOptional() @IsDateString() from?: string;
  @IsOptional() @IsDateString() to?: string;
  @IsOptional() @IsUUID('all') networkId?: string;
  @IsOptional() @IsIn(EVENT_KINDS) kind?: EventKind;
  /** `asc` (default): soonest first; `desc`: latest first (past events). */
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class PostBodyDto {
  @IsString() @Length(1, 2000) body: string;
  @IsString() @Length(1, 100) clientId: string;
}

export class QuestionStatusDto {
  @IsIn(['open', 'answered', 'hidden']) status: QuestionStatus;
}

export class InviteDto {
  @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) userIds: string[];
}

export class RoomEventsQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
}
