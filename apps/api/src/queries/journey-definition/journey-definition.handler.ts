import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { AppError } from '../../common/app-error';
import { DefinitionRow, definitionView } from './definition-row';
import { GetJourneyDefinition, JourneyDefinitionView } from './journey-definition.query';

@QueryHandler(GetJourneyDefinition)
export class GetJourneyDefinitionHandler implements IQueryHandler<GetJourneyDefinition> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ journey }: GetJourneyDefinition): Promise<JourneyDefinitionView> {
    const { rows } = await this.pool.query<DefinitionRow>(
      'SELECT definition, version, defined_at FROM rm_journey_definitions WHERE journey = $1',
      [journey],
    );
    if (rows.length === 0)
      throw new AppError('NOT_FOUND', `Journey "${journey}" has no definition`);
    return definitionView(rows[0]);
  }
}
