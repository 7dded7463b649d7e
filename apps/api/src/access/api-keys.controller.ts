import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsDefined, IsIn, IsString, Length } from 'class-validator';
import { Scope, SCOPES } from '@journey/records';
import { AppError, ValidationFailedError } from '../common/app-error';
import { validateItem } from '../ingestion/validation/validate-items';
import { ApiKeysService } from './api-keys.service';
import { RequireScope } from './auth.decorators';

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 64 })
  @IsDefined()
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiProperty({ enum: SCOPES, isArray: true })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(SCOPES, { each: true, message: `each scope must be one of: ${SCOPES.join(', ')}` })
  scopes!: Scope[];
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** The key is in this response only; it cannot be shown again. */
  @Post()
  @RequireScope('admin')
  create(@Body() body: unknown) {
    const { value, problems } = validateItem(CreateApiKeyDto, body, null);
    if (!value || problems.length > 0)
      throw new ValidationFailedError('INVALID_API_KEY_REQUEST', problems);
    return this.keys.create(value.name, [...new Set(value.scopes)]);
  }

  @Get()
  @RequireScope('admin')
  list() {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('admin')
  async revoke(@Param('id') id: string) {
    if (!(await this.keys.revoke(id))) throw new AppError('NOT_FOUND', `No active API key "${id}"`);
  }
}
