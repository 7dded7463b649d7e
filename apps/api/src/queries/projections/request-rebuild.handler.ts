import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { RebuildView } from '@journey/contracts';
import { isUniqueViolation, PG_POOL } from '@journey/postgres';
import { AppError } from '../../common/app-error';
import { PROJECTION_STREAMS } from './projection-streams';
import { rebuildView } from './projection-status';
import { insertRebuild } from './projections.sql';
import { RequestRebuild } from './request-rebuild.command';

/** Records the request; a projector's rebuild worker claims and carries it out. */
@CommandHandler(RequestRebuild)
export class RequestRebuildHandler implements ICommandHandler<RequestRebuild> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ projection: name }: RequestRebuild): Promise<RebuildView> {
    if (!PROJECTION_STREAMS[name]) throw new AppError('NOT_FOUND', `No projection "${name}"`);
    try {
      return rebuildView(await insertRebuild(this.pool, randomUUID(), name));
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError(
          'REBUILD_IN_PROGRESS',
          `A rebuild of "${name}" is already requested or running`,
        );
      }
      throw err;
    }
  }
}
