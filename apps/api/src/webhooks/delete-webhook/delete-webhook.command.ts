import { Command } from '@nestjs/cqrs';

export class DeleteWebhook extends Command<void> {
  constructor(readonly id: string) {
    super();
  }
}
