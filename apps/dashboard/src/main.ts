import './styles.css';
import { ApiClient } from './api/client';
import { failure, h } from './dom';
import { apiKey, bindKeyForm } from './key';
import type { Page, PageContext } from './page';
import { formatRoute, PageName, parseRoute } from './router';
import { hideTooltip } from './tooltip';
import { mapPage } from './map/map-page';
import { frictionsPage } from './frictions/frictions-page';
import { customerPage } from './customers/customer-page';
import { livePage } from './live/live-page';

const PAGES: Record<PageName, { title: string; render: Page }> = {
  map: { title: 'Journey map', render: mapPage },
  frictions: { title: 'Friction points', render: frictionsPage },
  customers: { title: 'Customer', render: customerPage },
  live: { title: 'Live', render: livePage },
};

const api = new ApiClient(() => apiKey.get());
const main = document.getElementById('main') as HTMLElement;
let current: AbortController | null = null;

function render(): void {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  hideTooltip();
  const route = parseRoute(location.hash);
  const page = PAGES[route.page];
  document.title = `${page.title} · Journey Engine`;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a[data-page]')) {
    if (link.dataset.page === route.page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // Keeps keyboard focus on the control that changed the route (filters re-render the page).
  const focusedId =
    document.activeElement && main.contains(document.activeElement)
      ? document.activeElement.id
      : '';
  const ctx: PageContext = {
    api,
    route,
    signal: controller.signal,
    go(next, replace = false) {
      const hash = formatRoute(next);
      if (hash === location.hash) return render();
      if (replace) {
        history.replaceState(null, '', hash);
        render();
      } else location.hash = hash;
    },
  };
  const root = h('div', { class: `page page-${route.page}` });
  main.replaceChildren(root);
  if (!apiKey.get()) {
    root.append(
      h('h1', {}, page.title),
      h(
        'div',
        { class: 'state empty', role: 'status' },
        h('p', {}, 'Enter an API key (scope "read") above to see the data.'),
        h(
          'p',
          { class: 'hint' },
          '`npm start` prints one on first start; the key stays in this tab only.',
        ),
      ),
    );
    return;
  }
  Promise.resolve(page.render(root, ctx))
    .then(() => {
      if (focusedId) document.getElementById(focusedId)?.focus();
    })
    .catch((err: unknown) => {
      if (!controller.signal.aborted) root.append(failure(err, render));
    });
}

bindKeyForm(render);
window.addEventListener('hashchange', render);
render();
