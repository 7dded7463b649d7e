import { Command } from '@nestjs/cqrs';
import { RebuildView } from '@journey/contracts';

/** Asks a projector to replay a projection into shadow tables and swap them in. */
export class RequestRebuild extends Command<RebuildView> {
  constructor(readonly projection: string) {
    super();
  }
}
