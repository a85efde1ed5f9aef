import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @IsUUID('all') userId?: string | null;
  @ApiProperty({ type: String }) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(200) affiliation?: string | null;
}

export class AgendaItemDto implements AgendaItem {
  @ApiProperty({ type: String }) @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:MM' }) time: string;
  @ApiProperty({ type: String }) @IsString() @Length(1, 300) title: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(200, { each: true }) speakers: string[];
}

export class FollowUpDto implements FollowUpResource {
  @ApiProperty({ type: String }) @IsString() @Length(1, 300) title: string;
  @ApiProperty({ type: String, format: 'uri' }) @IsUrl(URL_OPTIONS) @MaxLength(2000) url: string;
}

/** Fields shared by create and update; update makes all of them optional. */
class EventFieldsDto {
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(20000) description?: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100000) capacity?: number | null;
  @ApiPropertyOptional({ type: String, format: 'uri', nullable: true }) @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000) meetingUrl?: string | null;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { each: true, message: 'languages must be language codes' }) languages?: string[];
  @ApiPropertyOptional({ type: [AgendaItemDto] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AgendaItemDto) agenda?: AgendaItemDto[];
  @ApiPropertyOptional({ type: [SpeakerDto] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SpeakerDto) speakers?: SpeakerDto[];
  /** Uploads (POST /files) of the caller to attach to the event (E4). */
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) attachmentIds?: string[];
}

export class CreateEventDto extends EventFieldsDto implements CreateEventRequest {
  @ApiProperty({ type: String }) @IsString() @Length(1, 300) title: string;
  @ApiProperty({ enum: EVENT_KINDS }) @IsIn(EVENT_KINDS) kind: EventKind;
  @ApiProperty({ type: String, format: 'date-time' }) @IsDateString({ strict: true }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) @IsDateString({ strict: true }) endsAt: string;
  @ApiProperty({ type: String }) @IsString() @MaxLength(64) timeZone: string;
  @ApiProperty({ enum: REGISTRATION_MODES }) @IsIn(REGISTRATION_MODES) registrationMode: RegistrationMode;
  @ApiProperty({ enum: VISIBILITIES }) @IsIn(VISIBILITIES) visibility: EventVisibility;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @IsUUID('all') networkId?: string | null;
}

export class UpdateEventDto extends EventFieldsDto implements UpdateEventRequest {
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional({ enum: EVENT_KINDS }) @IsOptional() @IsIn(EVENT_KINDS) kind?: EventKind;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @IsDateString({ strict: true }) startsAt?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @IsDateString({ strict: true }) endsAt?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(64) timeZone?: string;
  @ApiPropertyOptional({ enum: REGISTRATION_MODES }) @IsOptional() @IsIn(REGISTRATION_MODES) registrationMode?: RegistrationMode;
  @ApiPropertyOptional({ enum: VISIBILITIES }) @IsOptional() @IsIn(VISIBILITIES) visibility?: EventVisibility;
  @ApiPropertyOptional({ type: String, format: 'uuid' }) @IsOptional() @IsUUID('all') networkId?: string;
  // E7: what stays after the session.
  @ApiPropertyOptional({ type: String, format: 'uri', nullable: true }) @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000) recordingUrl?: string | null;
  @ApiPropertyOptional({ type: [FollowUpDto] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FollowUpDto) followUp?: FollowUpDto[];
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @IsUUID('all') threadId?: string | null;
}

export class EventListQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @IsDateString() to?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid' }) @IsOptional() @IsUUID('all') networkId?: string;
  @ApiPropertyOptional({ enum: EVENT_KINDS }) @IsOptional() @IsIn(EVENT_KINDS) kind?: EventKind;
  /** `asc` (default): soonest first; `desc`: latest first (past events). */
  @ApiPropertyOptional({ enum: ['asc', 'desc'] }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiPropertyOptional({ type: Number }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class PostBodyDto {
  @ApiProperty({ type: String }) @IsString() @Length(1, 2000) body: string;
  @ApiProperty({ type: String }) @IsString() @Length(1, 100) clientId: string;
}

export class QuestionStatusDto {
  @ApiProperty({ enum: ['open', 'answered', 'hidden'] }) @IsIn(['open', 'answered', 'hidden']) status: QuestionStatus;
}

export class InviteDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) userIds: string[];
}

export class RoomEventsQueryDto {
  @ApiPropertyOptional({ type: Number }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
}
