import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';

export class StageDto {
  @ApiProperty({ minLength: 1, maxLength: 64 })
  @IsDefined()
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiProperty({ type: [String], minItems: 1, maxItems: 200 })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  steps!: string[];
}

export class JourneyDefinitionDto {
  @ApiProperty({ type: [StageDto], minItems: 1, maxItems: 50 })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StageDto)
  stages!: StageDto[];

  @ApiProperty({ type: [String], minItems: 1 })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  goalSteps!: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  failureSteps?: string[];

  @ApiPropertyOptional({ default: 'P30D', description: 'ISO-8601 duration' })
  @IsOptional()
  @IsString()
  abandonAfter?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0 },
    description: 'step -> ms',
  })
  @IsOptional()
  @IsObject()
  stepSla?: Record<string, number>;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    description:
      'touchpoint attributes holding personal data: encrypted per customer before they are stored',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  personalAttributes?: string[];

  @ApiPropertyOptional({
    description:
      'every touchpoint attribute is personal (encrypted) except nonPersonalAttributes; default false',
  })
  @IsOptional()
  @IsBoolean()
  personalByDefault?: boolean;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    description: 'with personalByDefault: the attributes stored in plain',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  nonPersonalAttributes?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description:
      'overrides of the friction thresholds: repeatAttemptCount, repeatAttemptWindowMs, channelHopWindowMs, repeatContactCount, repeatContactWindowMs, slowStepMinSamples, slowStepBaselineWindowMs, csatMax, npsMax, cesMin (docs/frictions.md)',
  })
  @IsOptional()
  @IsObject()
  frictionThresholds?: Record<string, number>;
}
