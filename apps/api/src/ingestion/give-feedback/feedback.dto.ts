import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OCCURRED_AT_PROPERTY } from '../validation/custom-rules';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Channel, CHANNELS, FEEDBACK_KINDS, FeedbackKind } from '@journey/events';
import { IsIsoInstant } from '../validation/custom-rules';
import { JOURNEY_SLUG } from '../record-touchpoints/touchpoint.dto';

export class FeedbackDto {
  @ApiProperty({ description: "The caller's idempotency key", minLength: 1, maxLength: 128 })
  @IsDefined()
  @IsString()
  @Length(1, 128)
  id!: string;

  @ApiProperty({ minLength: 1, maxLength: 128 })
  @IsDefined()
  @IsString()
  @Length(1, 128)
  customerId!: string;

  @ApiProperty({ enum: FEEDBACK_KINDS })
  @IsDefined()
  @IsIn(FEEDBACK_KINDS, { message: `$property must be one of: ${FEEDBACK_KINDS.join(', ')}` })
  kind!: FeedbackKind;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 10,
    description: 'csat 1-5, nps 0-10, ces 1-7',
  })
  @IsDefined()
  @IsInt()
  score!: number;

  @ApiProperty(OCCURRED_AT_PROPERTY)
  @IsDefined()
  @IsIsoInstant()
  occurredAt!: string;

  @ApiPropertyOptional({ pattern: JOURNEY_SLUG.source })
  @IsOptional()
  @IsString()
  @Matches(JOURNEY_SLUG, { message: '$property must match ^[a-z0-9][a-z0-9_-]{0,63}$' })
  journey?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  touchpointId?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS, { message: `$property must be one of: ${CHANNELS.join(', ')}` })
  channel?: Channel;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string;
}

export class IngestionResultDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['accepted', 'duplicate'] }) status!: 'accepted' | 'duplicate';
}
