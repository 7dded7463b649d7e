import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ApiKeyEntity, Scope, SCOPES } from '@journey/records';
import { generateKey, parseKey, secretMatches } from './api-key';
import { BoundedCache } from '../common/bounded-cache';
import { CLOCK, Clock, systemClock } from '../common/clock';
import { RateLimiter } from './rate-limiter';

export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
}

export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

// Authenticated keys are remembered briefly so each request does not cost a query; a revocation
// takes effect in every process within this time.
const CACHE_MS = 5000;
/** Keys known good, and well-formed keys known bad, held apart: a flood of made-up keys can only
 * push out other made-up keys, never make every real caller query again. */
const KNOWN_KEYS = 10_000;
const UNKNOWN_KEYS = 1_000;
/** Failed authentications a client address may make at once, and then per second. */
export const AUTH_FAILURE_BURST = 30;
export const AUTH_FAILURES_PER_SEC = 0.5;

@Injectable()
export class ApiKeysService {
  private readonly known = new BoundedCache<{ principal: Principal; until: number }>(KNOWN_KEYS);
  private readonly unknown = new BoundedCache<number>(UNKNOWN_KEYS);
  /** Per client address, shared by every check of this process (see authenticateRequest). */
  readonly failures = new RateLimiter(AUTH_FAILURES_PER_SEC, AUTH_FAILURE_BURST, 50_000);
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    /** The CLI, which has no CLOCK provider, gets the system's. */
    @Optional() @Inject(CLOCK) readonly clock: Clock = systemClock,
  ) {}

  async create(name: string, scopes: readonly Scope[]): Promise<ApiKeyView & { key: string }> {
    const generated = generateKey();
    const row = await this.keys.save(
      this.keys.create({
        id: generated.id,
        name,
        scopes: [...scopes],
        secretHash: generated.secretHash,
        revokedAt: null,
      }),
    );
    this.logger.log({ msg: 'API key created', keyId: row.id, name, scopes });
    return { ...toView(row), key: generated.key };
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.keys.update(
      { id, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    this.known.clear();
    if (result.affected) this.logger.log({ msg: 'API key revoked', keyId: id });
    return (result.affected ?? 0) > 0;
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.keys.find({ order: { createdAt: 'ASC' } })).map(toView);
  }

  /** On first start, an admin key so the operator can create the others. Returns it, once. */
  async ensureFirstKey(): Promise<string | null> {
    if ((await this.keys.count()) > 0) return null;
    const created = await this.create('local-admin', SCOPES);
    return created.key;
  }

  /** The key's principal; null for a revoked, unknown or malformed one (never cached). */
  async authenticate(key: string, now = this.clock.now().getTime()): Promise<Principal | null> {
    const parsed = parseKey(key);
    if (!parsed) return null;
    const cached = this.known.get(key);
    if (cached && cached.until > now) return cached.principal;
    if ((this.unknown.get(key) ?? 0) > now) return null;
    const row = await this.keys.findOne({ where: { id: parsed.id } });
    if (row && !row.revokedAt && secretMatches(parsed.secret, row.secretHash)) {
      const principal = { keyId: row.id, name: row.name, scopes: row.scopes };
      this.known.set(key, { principal, until: now + CACHE_MS });
      return principal;
    }
    this.unknown.set(key, now + CACHE_MS);
    return null;
  }
}

function toView(row: ApiKeyEntity): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
  };
}
