import { isIP } from 'node:net';
import { IsIn, IsOptional, IsString, ValidateBy } from 'class-validator';
import { IntSetting, LogLevelSetting, NestLevelName, StoreEnvironment } from '@journey/event-store';

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: empty, a hop count, or names, addresses and CIDR ranges, comma-separated. */
export function isTrustProxy(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value === '' || /^\d{1,2}$/.test(value)) return true;
  return value.split(',').every((part) => {
    const p = part.trim();
    if (PROXY_NAMES.has(p)) return true;
    const [address, bits, extra] = p.split('/');
    const kind = isIP(address);
    if (kind === 0 || extra !== undefined) return false;
    return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128));
  });
}

/** Express's `trust proxy` for a TRUST_PROXY value (undefined: trust none). */
export function trustProxySetting(value: string): number | string | undefined {
  if (value === '') return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Everything the API process reads from the environment. */
export class ApiEnvironment extends StoreEnvironment {
  @IntSetting(0, 65535, 'an integer port')
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /**
   * Also serve GET /metrics without a key on a listener of its own (Prometheus on a private
   * network); unset: only on PORT, to keys with the `metrics` scope. Not METRICS_PORT: under
   * `npm start` both processes read one environment, and the projector's takes that name.
   */
  @IsOptional()
  @IntSetting(0, 65535, 'an integer port')
  API_METRICS_PORT?: number;

  @IsString()
  API_METRICS_HOST = '127.0.0.1';

  /** Requests per second per API key (0: no limit), and how many may come at once. */
  @IntSetting(0)
  RATE_LIMIT_PER_SECOND = 1000;

  @IntSetting(1)
  RATE_LIMIT_BURST = 2000;

  /**
   * Heavy reads (audit histories, exports and verifications, point-in-time replays) per second
   * per API key (0: no limit), and how many may come at once.
   */
  @IntSetting(0)
  HEAVY_READS_PER_SECOND = 2;

  @IntSetting(1)
  HEAVY_READS_BURST = 20;

  /** Friction streams (SSE) open at once per process, and per API key. */
  @IntSetting(1)
  SSE_MAX_STREAMS = 500;

  @IntSetting(1)
  SSE_MAX_STREAMS_PER_KEY = 20;

  /** How often open friction streams check that their API key is not revoked. */
  @IntSetting(1, 3600)
  SSE_KEY_RECHECK_SECONDS = 30;

  /** A friction stream whose client takes nothing for this long is dropped. */
  @IntSetting(1, 3600)
  SSE_SLOW_CLIENT_SECONDS = 30;

  /**
   * Which proxies' X-Forwarded-For to believe for the client address (failed-authentication
   * limits, logs): empty (none: the peer is the client), a hop count, or `loopback`, addresses
   * and CIDR ranges, comma-separated.
   */
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: isTrustProxy,
      defaultMessage: () =>
        'must be empty, a hop count, or loopback/linklocal/uniquelocal, addresses and CIDR ranges',
    },
  })
  TRUST_PROXY = '';

  /** Webhook URLs may be plain http:// (default: https:// only; the projector reads it too). */
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  WEBHOOK_ALLOW_HTTP: 'true' | 'false' = 'false';

  /**
   * The key-encryption key that wraps the customers' data keys (base64 of 32 bytes), or a file
   * holding it; unset, `<EMBEDDED_PG_DIR>/data-kek` (made on first start). While rotating,
   * DATA_KEK_PREVIOUS lists the keys before (comma-separated).
   */
  @IsOptional()
  @IsString()
  DATA_KEK?: string;

  @IsOptional()
  @IsString()
  DATA_KEK_FILE?: string;

  @IsOptional()
  @IsString()
  DATA_KEK_PREVIOUS?: string;

  /**
   * Seconds between signed checkpoints of the hash chains (0: this process makes none). The key
   * is CHAIN_SIGNING_KEY_FILE (Ed25519, PKCS#8 PEM), else `<EMBEDDED_PG_DIR>/chain-signing-key.pem`
   * (made on first use); with CHAIN_CHECKPOINT_DIR each checkpoint is also written there.
   */
  @IntSetting(0)
  CHAIN_CHECKPOINT_SECONDS = 3600;

  @IsOptional()
  @IsString()
  CHAIN_SIGNING_KEY_FILE?: string;

  @IsOptional()
  @IsString()
  CHAIN_CHECKPOINT_DIR?: string;

  /**
   * Slow clients (HTTP): the whole request must arrive within HTTP_REQUEST_TIMEOUT_MS (its headers
   * within HTTP_HEADERS_TIMEOUT_MS), a body within HTTP_BODY_TIMEOUT_MS of its headers (checked
   * precisely; Node checks the other two only every few seconds), else 408 and the connection
   * closes. An idle keep-alive connection closes after HTTP_KEEP_ALIVE_TIMEOUT_MS (behind a load
   * balancer, set it above the balancer's own idle timeout).
   */
  @IntSetting(1000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  @IntSetting(1000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  @IntSetting(100)
  HTTP_BODY_TIMEOUT_MS = 10_000;

  @IntSetting(1000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5000;

  @LogLevelSetting()
  LOG_LEVEL: NestLevelName = 'log';
}
