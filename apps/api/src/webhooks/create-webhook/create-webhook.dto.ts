import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { FRICTION_TYPES, FrictionType } from '@journey/domain';
import { JOURNEY_SLUG } from '../../ingestion/record-touchpoints/touchpoint.dto';
import { formatRule } from '../../ingestion/validation/custom-rules';

const MAX_JOURNEYS = 100;

/** An absolute http(s) URL with a host and no credentials (they would be sent in clear). */
export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') &&
      u.hostname.length > 0 &&
      u.username === '' &&
      u.password === ''
    );
  } catch {
    return false;
  }
}

const IsHttpUrl = formatRule(
  isHttpUrl,
  '$property must be an absolute http:// or https:// URL without credentials',
);

/** POST /v1/webhooks. */
export class CreateWebhookDto {
  @ApiProperty({ example: 'https://crm.example.com/hooks/friction', maxLength: 2048 })
  @IsDefined()
  @IsString()
  @Length(1, 2048)
  @IsHttpUrl()
  url!: string;

  @ApiPropertyOptional({
    enum: FRICTION_TYPES,
    isArray: true,
    description: 'Friction types to receive; empty or absent: every type',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(FRICTION_TYPES.length)
  @IsIn(FRICTION_TYPES, {
    each: true,
    message: `each of $property must be one of: ${FRICTION_TYPES.join(', ')}`,
  })
  types?: FrictionType[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_JOURNEYS,
    description: 'Journey slugs to receive; empty or absent: every journey',
    example: ['onboarding'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_JOURNEYS)
  @IsString({ each: true })
  @Matches(JOURNEY_SLUG, {
    each: true,
    message: 'each of $property must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case slug)',
  })
  journeys?: string[];

  @ApiProperty({
    minLength: 16,
    maxLength: 256,
    writeOnly: true,
    description: 'Key of the HMAC-SHA256 signature; never shown again',
  })
  @IsDefined()
  @IsString()
  @Length(16, 256)
  secret!: string;
}
