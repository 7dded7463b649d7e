import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { requestHasBody } from '../../common/json-body.guard';
import { readCloudEvents } from './cloudevents-request';

/**
 * The request's CloudEvents as ExternalEvents. A parameter decorator, not a pipe: binary mode
 * needs the headers as well as the body. Runs after the guards (a bad key is 401 before any 400).
 */
export const CloudEvents = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const req = context.switchToHttp().getRequest<Request>();
  return readCloudEvents({
    headers: req.headers,
    body: req.body as unknown,
    hasBody: requestHasBody(req),
  });
});
