import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  Channel,
  CHANNELS,
  EXTERNAL_EVENT_KINDS,
  ExternalEventKind,
  Outcome,
  OUTCOMES,
} from '@journey/events';
import { JOURNEY_SLUG } from '../record-touchpoints/touchpoint.dto';

export const MAX_RULES = 200;
const CHANNEL_MESSAGE = `$property must be one of: ${CHANNELS.join(', ')}`;

export class MappingMatchDto {
  @ApiPropertyOptional({ enum: EXTERNAL_EVENT_KINDS })
  @IsOptional()
  @IsIn(EXTERNAL_EVENT_KINDS, {
    message: `$property must be one of: ${EXTERNAL_EVENT_KINDS.join(', ')}`,
  })
  kind?: ExternalEventKind;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 256,
    description:
      "The event's name, exact and case-sensitive (Segment event, page/screen name, CE type)",
  })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  name?: string;
}

export class MappingRuleDto {
  @ApiProperty({ type: MappingMatchDto, description: 'kind, name or both' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MappingMatchDto)
  match!: MappingMatchDto;

  @ApiPropertyOptional({ pattern: JOURNEY_SLUG.source, description: 'or journeyFrom' })
  @IsOptional()
  @IsString()
  @Matches(JOURNEY_SLUG, { message: '$property must match ^[a-z0-9][a-z0-9_-]{0,63}$' })
  journey?: string;

  @ApiPropertyOptional({ example: 'properties.journey', description: 'or journey' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  journeyFrom?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128, description: 'or stepFrom' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  step?: string;

  @ApiPropertyOptional({ example: 'properties.step', description: 'or step' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  stepFrom?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  stage?: string;

  @ApiPropertyOptional({ enum: OUTCOMES, description: 'default success' })
  @IsOptional()
  @IsIn(OUTCOMES, { message: `$property must be one of: ${OUTCOMES.join(', ')}` })
  outcome?: Outcome;

  @ApiPropertyOptional({ enum: CHANNELS, description: "overrides the event's own channel" })
  @IsOptional()
  @IsIn(CHANNELS, { message: CHANNEL_MESSAGE })
  channel?: Channel;
}

export class SourceMappingDto {
  @ApiProperty({ type: [MappingRuleDto], maxItems: MAX_RULES, description: 'first match wins' })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(MAX_RULES)
  @ValidateNested({ each: true })
  @Type(() => MappingRuleDto)
  rules!: MappingRuleDto[];

  @ApiPropertyOptional({
    enum: CHANNELS,
    description: 'when neither the rule nor the event gives a channel (else other)',
  })
  @IsOptional()
  @IsIn(CHANNELS, { message: CHANNEL_MESSAGE })
  defaultChannel?: Channel;
}
