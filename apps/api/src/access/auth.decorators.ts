import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Scope } from '@journey/records';

export const SCOPE_KEY = 'journey:scope';
export const PUBLIC_KEY = 'journey:public';

/** The route needs an API key holding this scope (or, given several, one of them). */
export const RequireScope = (...scopes: [Scope, ...Scope[]]) => SetMetadata(SCOPE_KEY, scopes);
/** The route needs no API key (health checks, docs, dashboard files). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const HEAVY_KEY = 'journey:heavy-read';

/**
 * The route (when `when` says so for the request) reads a whole history or replays it: it also
 * takes from the key's heavy-read budget (HEAVY_READS_PER_SECOND), so one key cannot keep the
 * store busy for everyone.
 */
export const HeavyRead = (when: (req: Request) => boolean = () => true) =>
  SetMetadata(HEAVY_KEY, when);
