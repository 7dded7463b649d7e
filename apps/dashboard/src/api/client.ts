import type {
  CustomerJourneysPage,
  FrictionOccurrence,
  FrictionPointDetail,
  FrictionPointsPage,
  JourneyMap,
  JourneySummary,
  ProjectionStatus,
  VariantsPage,
} from './types';

/** An API answer other than 2xx, with the API's stable error code when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type KeySource = () => string | null;

/** Query string of the defined, non-empty values. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The API as the pages use it: every call sends the key as a Bearer token. */
export class ApiClient {
  constructor(
    private readonly key: KeySource,
    private readonly base = '',
  ) {}

  headers(): Record<string, string> {
    const key = this.key();
    return key ? { Authorization: `Bearer ${key}` } : {};
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    if (!this.key()) throw new ApiError(401, 'NO_KEY', 'Enter an API key to load data.');
    let res: Response;
    try {
      res = await fetch(this.base + path, { headers: this.headers(), signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, 'NETWORK', 'The API cannot be reached.');
    }
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as T;
  }

  journeys(signal?: AbortSignal) {
    return this.get<JourneySummary[]>('/v1/journeys', signal);
  }

  journeyMap(
    journey: string,
    f: { from?: string; to?: string; channel?: string },
    signal?: AbortSignal,
  ) {
    return this.get<JourneyMap>(
      `/v1/journey-maps/${encodeURIComponent(journey)}${query(f)}`,
      signal,
    );
  }

  /** Distinct step sequences of closed instances, most frequent first (limit 1..100). */
  variants(
    journey: string,
    f: { from?: string; to?: string; channel?: string; limit?: number; cursor?: string | null },
    signal?: AbortSignal,
  ) {
    return this.get<VariantsPage>(
      `/v1/journey-maps/${encodeURIComponent(journey)}/variants${query(f)}`,
      signal,
    );
  }

  customerJourneys(customerId: string, cursor: string | null, signal?: AbortSignal) {
    return this.get<CustomerJourneysPage>(
      `/v1/customers/${encodeURIComponent(customerId)}/journeys${query({ limit: 200, cursor })}`,
      signal,
    );
  }

  customerFrictions(customerId: string, signal?: AbortSignal) {
    return this.get<{ frictions: FrictionOccurrence[] }>(
      `/v1/customers/${encodeURIComponent(customerId)}/frictions`,
      signal,
    );
  }

  frictionPoints(params: Record<string, string | number | null | undefined>, signal?: AbortSignal) {
    return this.get<FrictionPointsPage>(`/v1/friction-points${query(params)}`, signal);
  }

  frictionPoint(id: string, range: { from?: string; to?: string }, signal?: AbortSignal) {
    return this.get<FrictionPointDetail>(
      `/v1/friction-points/${encodeURIComponent(id)}${query(range)}`,
      signal,
    );
  }

  projections(signal?: AbortSignal) {
    return this.get<ProjectionStatus[]>('/v1/projections', signal);
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as {
    error?: string;
    message?: string;
    details?: { field: string; message: string }[];
  } | null;
  const code = body?.error ?? `HTTP_${res.status}`;
  const detail = body?.details?.map((d) => d.message).join('; ');
  const message =
    res.status === 401
      ? 'The API key was not accepted. Enter a valid key above.'
      : res.status === 403
        ? 'This API key lacks the "read" scope.'
        : res.status === 429
          ? 'Too many requests: try again in a moment.'
          : (detail ?? body?.message ?? `The API answered ${res.status}.`);
  return new ApiError(res.status, code, message);
}
