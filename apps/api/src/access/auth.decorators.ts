import { SetMetadata } from '@nestjs/common';
import { Scope } from '@journey/read-models';

export const SCOPE_KEY = 'journey:scope';
export const PUBLIC_KEY = 'journey:public';

/** The route needs an API key holding this scope. */
export const RequireScope = (scope: Scope) => SetMetadata(SCOPE_KEY, scope);
/** The route needs no API key (health checks, docs, dashboard files). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
