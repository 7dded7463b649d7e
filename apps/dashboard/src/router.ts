// Hash routes (pure parse and format), so every view, with its filters, has a shareable URL and
// the API needs to serve only one page: #/map?journey=onboarding, #/frictions/<id>, #/customers/<id>.

export const PAGES = ['map', 'frictions', 'customers', 'live'] as const;
export type PageName = (typeof PAGES)[number];

export interface Route {
  page: PageName;
  /** The path segment after the page (a friction point id, a customer id), decoded. */
  id: string | null;
  params: Record<string, string>;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?', 2);
  const [page, ...rest] = path.split('/');
  const params = Object.fromEntries(new URLSearchParams(search));
  const known = (PAGES as readonly string[]).includes(page) ? (page as PageName) : 'map';
  const id = rest.length > 0 && rest.join('/') !== '' ? decodeURIComponent(rest.join('/')) : null;
  return { page: known, id: known === page ? id : null, params };
}

export function formatRoute(route: {
  page: PageName;
  id?: string | null;
  params?: Record<string, string | null | undefined>;
}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(route.params ?? {})) if (v) q.set(k, v);
  const search = q.toString();
  const id = route.id ? `/${encodeURIComponent(route.id)}` : '';
  return `#/${route.page}${id}${search ? `?${search}` : ''}`;
}
