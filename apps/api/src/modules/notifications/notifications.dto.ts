import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DIGEST_FREQUENCIES,
  NOTIFICATION_CHANNELS,
  type DigestFrequency,
  type NotificationCategory,
  type NotificationChannel,
  type UpdateNotificationPreferencesRequest,
} from '@praxis/contracts';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class NotificationListQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

/** Either ids or all: true (the service refuses both or neither). */
export class MarkNotificationsReadDto {
  @ApiPropertyOptional({ type: [String], description: 'Up to 100 ids of my notifications; ids that are not mine are ignored' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ enum: [true], description: 'Mark all of mine read' })
  @IsOptional()
  @Equals(true)
  all?: true;
}

const channel = (description: string) => ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS, description });

/** One channel per category; categories left out keep what they were. */
export class NotificationChannelsDto implements Partial<Record<NotificationCategory, NotificationChannel>> {
  @channel('@mentions of me') @IsOptional() @IsIn(NOTIFICATION_CHANNELS) mentions?: NotificationChannel;
  @channel('replies to my posts') @IsOptional() @IsIn(NOTIFICATION_CHANNELS) replies?: NotificationChannel;
  @channel('new posts in threads I follow') @IsOptional() @IsIn(NOTIFICATION_CHANNELS) followed?: NotificationChannel;
  @channel('decisions on my access, join requests, invitations and registrations') @IsOptional() @IsIn(NOTIFICATION_CHANNELS) decisions?: NotificationChannel;
  @channel('event reminders') @IsOptional() @IsIn(NOTIFICATION_CHANNELS) events?: NotificationChannel;
  @channel('moderation outcomes') @IsOptional() @IsIn(NOTIFICATION_CHANNELS) moderation?: NotificationChannel;
}

export class UpdateNotificationPreferencesDto implements UpdateNotificationPreferencesRequest {
  @ApiPropertyOptional({ type: NotificationChannelsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => NotificationChannelsDto) channels?: NotificationChannelsDto;
  @ApiPropertyOptional({ enum: DIGEST_FREQUENCIES }) @IsOptional() @IsIn(DIGEST_FREQUENCIES) digest?: DigestFrequency;
}

export class UnsubscribeQueryDto {
  @ApiProperty({ description: 'The token of the link in the email' }) @IsString() @Length(10, 300) token!: string;
}
