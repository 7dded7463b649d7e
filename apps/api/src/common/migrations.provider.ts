import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrateReadModels } from '@journey/read-models';

/** Brings the read-model tables up to date before the app serves anything. */
@Injectable()
export class ReadModelMigrations implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await migrateReadModels(this.dataSource);
  }
}
