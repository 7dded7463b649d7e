import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length } from 'class-validator';
import { IsIsoInstant, OCCURRED_AT_PROPERTY } from '../validation/custom-rules';

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

  @ApiProperty(OCCURRED_AT_PROPERTY)
  @IsDefined()
  @IsIsoInstant()
  occurredAt!: string;
}
