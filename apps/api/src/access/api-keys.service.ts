import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ApiKeyEntity, Scope, SCOPES } from '@journey/read-models';
import { generateKey, parseKey, secretMatches } from './api-key';

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

@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

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
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.cache.clear();
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

  async authenticate(key: string, now = Date.now()): Promise<Principal | null> {
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.principal;
    const parsed = parseKey(key);
    let principal: Principal | null = null;
    if (parsed) {
      const row = await this.keys.findOne({ where: { id: parsed.id } });
      if (row && !row.revokedAt && secretMatches(parsed.secret, row.secretHash)) {
        principal = { keyId: row.id, name: row.name, scopes: row.scopes };
      }
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { principal, until: now + CACHE_MS });
    return principal;
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
