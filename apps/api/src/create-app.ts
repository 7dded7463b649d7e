import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiEnvironment, logLevels } from './api-config';
import { AppModule } from './app.module';

/** Builds the HTTP app (used by main and by e2e tests). */
export async function createApiApp(
  env: ApiEnvironment,
  databaseUrl: string,
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(env, databaseUrl), {
    logger: logLevels(env.LOG_LEVEL),
    bodyParser: true,
  });
  return app;
}
