import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { occurrenceJsonOf, OccurrenceRow } from '../friction-points/occurrence-rows';
import { GetCustomerFrictions } from './customer-frictions.query';

/** Every friction occurrence of a customer, oldest first, with its evidence. */
@QueryHandler(GetCustomerFrictions)
export class GetCustomerFrictionsHandler implements IQueryHandler<GetCustomerFrictions> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(q: GetCustomerFrictions) {
    const { rows } = await this.pool.query<OccurrenceRow>(
      'SELECT * FROM rm_friction_occurrences WHERE customer_id = $1 ORDER BY occurred_at, id',
      [q.customerId],
    );
    return { customerId: q.customerId, frictions: rows.map(occurrenceJsonOf) };
  }
}
