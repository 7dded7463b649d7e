import type { ApiClient } from './api/client';
import type { PageName, Route } from './router';

export interface PageContext {
  readonly api: ApiClient;
  readonly route: Route;
  /** Aborted when the page is left or re-rendered: pending requests and streams stop. */
  readonly signal: AbortSignal;
  /** Goes to a route (a new history entry), or replaces the current one. */
  go(
    route: {
      page: PageName;
      id?: string | null;
      params?: Record<string, string | null | undefined>;
    },
    replace?: boolean,
  ): void;
}

export type Page = (root: HTMLElement, ctx: PageContext) => void | Promise<void>;

/** Whether an error is the abort of a page that was left (not worth showing). */
export const aborted = (err: unknown): boolean => (err as Error)?.name === 'AbortError';
