import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  Max,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
} from 'class-validator';
import { AttributeValue, Channel, CHANNELS, Outcome, OUTCOMES } from '@journey/events';
import { IsIsoInstant, OCCURRED_AT_PROPERTY } from '../validation/custom-rules';

export const JOURNEY_SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SLUG_MESSAGE = '$property must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case slug)';

/** One touchpoint, exactly as other teams send it (the HTTP contract). */
export class TouchpointDto {
  @ApiProperty({ description: "The caller's idempotency key", minLength: 1, maxLength: 128 })
  @IsDefined()
  @IsString()
  @Length(1, 128)
  id!: string;

  @ApiPropertyOptional({
    description: 'Exactly one of customerId and anonymousId',
    minLength: 1,
    maxLength: 128,
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  customerId?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  anonymousId?: string;

  @ApiProperty({ pattern: JOURNEY_SLUG.source })
  @IsDefined()
  @IsString()
  @Matches(JOURNEY_SLUG, { message: SLUG_MESSAGE })
  journey!: string;

  @ApiProperty({ minLength: 1, maxLength: 128 })
  @IsDefined()
  @IsString()
  @Length(1, 128)
  step!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  stage?: string;

  @ApiProperty({ enum: CHANNELS })
  @IsDefined()
  @IsIn(CHANNELS, { message: `$property must be one of: ${CHANNELS.join(', ')}` })
  channel!: Channel;

  @ApiPropertyOptional({ enum: OUTCOMES, default: 'success' })
  @IsOptional()
  @IsIn(OUTCOMES, { message: `$property must be one of: ${OUTCOMES.join(', ')}` })
  outcome?: Outcome;

  @ApiProperty(OCCURRED_AT_PROPERTY)
  @IsDefined()
  @IsIsoInstant()
  occurredAt!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  journeyInstanceId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER })
  @IsOptional()
  @IsInt()
  @Min(0)
  // Beyond 2^53 an integer would be stored as a different one.
  @Max(Number.MAX_SAFE_INTEGER)
  durationMs?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  source?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  agentId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    maxProperties: 50,
  })
  @IsOptional()
  @IsObject({ message: 'attributes must be an object' })
  attributes?: Record<string, AttributeValue>;
}

export class TouchpointBatchDto {
  @ApiProperty({ type: [TouchpointDto], minItems: 1, maxItems: 1000 })
  touchpoints!: TouchpointDto[];
}

export class TouchpointResultDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['accepted', 'duplicate', 'failed'] }) status!:
    'accepted' | 'duplicate' | 'failed';
}

export class TouchpointsAcceptedDto {
  @ApiProperty() accepted!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty({ type: [TouchpointResultDto] }) results!: TouchpointResultDto[];
}
