import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventStoreModule } from '@journey/event-store';
import { ApiEnvironment } from './api-config';
import { ErrorFilter } from './common/error.filter';
import { HealthController } from './health/health.controller';

@Module({})
export class AppModule {
  static forRoot(env: ApiEnvironment, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [EventStoreModule.forRoot(env, databaseUrl)],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
