import { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createRootLogger } from '@journey/event-store';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { ApiEnvironment, trustProxySetting } from './api-config';
import { AppModule, AppOptions } from './app.module';
import { completeDocument } from './common/openapi';
import { ApiKeysService } from './access/api-keys.service';
import { authenticateBeforeBody } from './access/authenticate-before-body';
import { defaultDashboardDir, serveDashboard } from './dashboard/serve-dashboard';
import { securityHeaders } from './common/security-headers';
import { httpMetrics } from './metrics/http-metrics';
import { httpLogger } from './common/http-logging';
import { applyServerTimeouts, bodyReadTimeout } from './common/slow-clients';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Makes the Nest app of the root module: NestFactory, or in a test a testing module's override. */
export type NestAppFactory = (
  root: DynamicModule,
  options: NestApplicationOptions,
) => Promise<NestExpressApplication>;

const nestFactory: NestAppFactory = (root, options) =>
  NestFactory.create<NestExpressApplication>(root, options);

/** Builds the HTTP app (used by main and by e2e tests); `init()` or `listen()` is the caller's. */
export async function createApiApp(
  env: ApiEnvironment,
  databaseUrl: string,
  options: AppOptions = {},
  factory: NestAppFactory = nestFactory,
): Promise<INestApplication> {
  const logger = options.logger ?? createRootLogger(env.LOG_LEVEL, options.logDestination);
  const app = await factory(AppModule.forRoot(env, databaseUrl, { ...options, logger }), {
    bodyParser: false,
    // Kept for JsonBodyGuard's UTF-8 check (the parser decodes invalid bytes silently).
    rawBody: true,
  });
  // Nest's Logger through pino, with the request's id inside a request (nestjs-pino).
  app.useLogger(app.get(PinoNestLogger));
  app.use(httpLogger(logger));
  // Next: every request is timed, whatever answers it.
  app.use(httpMetrics());
  app.use(securityHeaders());
  applyServerTimeouts(app.getHttpServer(), {
    requestMs: env.HTTP_REQUEST_TIMEOUT_MS,
    headersMs: env.HTTP_HEADERS_TIMEOUT_MS,
    bodyMs: env.HTTP_BODY_TIMEOUT_MS,
    keepAliveMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
  });
  app.use(bodyReadTimeout(env.HTTP_BODY_TIMEOUT_MS));
  app.use(authenticateBeforeBody(app.get(ApiKeysService)));
  // Not strict: a body of `null` or `5` is valid JSON, and each endpoint's validation names it as
  // "must be a JSON object" instead of the parser calling it malformed.
  // `+json` types too (CloudEvents' application/cloudevents+json...): other routes still take
  // application/json only (JsonBodyGuard), so this changes nothing for them.
  app.useBodyParser('json', {
    limit: MAX_BODY_BYTES,
    strict: false,
    type: ['application/json', 'application/*+json'],
  });
  app.disable('x-powered-by');
  const trust = trustProxySetting(env.TRUST_PROXY);
  if (trust !== undefined) app.set('trust proxy', trust);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Journey Engine API')
      .setDescription(
        'Ingest touchpoints and feedback; read journeys, journey maps and friction points.',
      )
      .setVersion('1')
      // API keys, not JWTs: as a bearer token or in x-api-key.
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key',
        description: 'An API key',
      })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'x-api-key')
      // Segment's clients send their write key (one of our API keys) as the Basic user name.
      .addBasicAuth(
        { type: 'http', scheme: 'basic', description: 'API key as user name, empty password' },
        'segment-write-key',
      )
      .build(),
  );
  completeDocument(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  serveDashboard(
    app,
    options.dashboardDir === undefined ? defaultDashboardDir() : options.dashboardDir,
  );
  return app;
}
