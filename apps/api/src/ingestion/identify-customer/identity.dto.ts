import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length } from 'class-validator';
import { IsIsoInstant } from '../validation/custom-rules';

export class IdentityDto {
  @ApiProperty({ minLength: 1, maxLength: 128 })
  @IsDefined()
  @IsString()
  @Length(1, 128)
  anonymousId!: string;

  @ApiProperty({ minLength: 1, maxLength: 128 })
  @IsDefined()
  @IsString()
  @Length(1, 128)
  customerId!: string;

  @ApiProperty({ example: '2026-05-01T10:00:00Z' })
  @IsDefined()
  @IsIsoInstant()
  occurredAt!: string;
}
