import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import {
  REPORT_ACTIONS, REPORT_REASONS, REPORT_TARGET_TYPES, type CreateReportRequest, type ReportAction, type ReportQueueQuery, type ReportReason,
  type ReportStatus, type ReportTargetType, type ResolveReportRequest,
} from '@praxis/contracts';

export class CreateReportDto implements CreateReportRequest {
  @IsIn(REPORT_TARGET_TYPES) targetType: ReportTargetType;
  @IsUUID('all') targetId: string;
  @IsIn(REPORT_REASONS) reason: ReportReason;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ReportQueueQueryDto implements ReportQueueQuery {
  @IsOptional() @IsIn(['open', 'resolved']) status?: ReportStatus;
  @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class ResolveReportDto implements ResolveReportRequest {
  @IsIn(REPORT_ACTIONS) action: ReportAction;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @IsOptional() @IsInt() @Min(1) @Max(525600) minutes?: number;
}
