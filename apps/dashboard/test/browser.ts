import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../../artifacts/screenshots');
export const BUILT_PAGE = path.resolve(__dirname, '../../../dist/dashboard/index.html');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  if (!existsSync(BUILT_PAGE))
    throw new Error('The dashboard is not built: run npm run build first');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page that records what went wrong in it: uncaught errors and policy violations. */
export async function openPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text()))
      problems.push(`console: ${m.text()}`);
  });
  return { page, problems };
}

/** Saves a full-page screenshot as a test artefact (artifacts/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Enters the API key the way a person does, in the header's form. */
export async function enterKey(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Use key' }).click();
}

/** Retries an assertion until it passes or the time is up (the page updates asynchronously). */
export async function eventually(
  check: () => Promise<void> | void,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Chromium for the dashboard tests of one describe block, set up after the block's own beforeAll
 * (which starts the app): a fresh page per test, handed to `use`, with the key entered at `at()`;
 * a test fails when its page logged a problem.
 */
export function pagePerTest(
  at: () => { baseUrl: string; key: string },
  use: (page: Page) => void,
): void {
  let browser: Browser;
  let page: Page | undefined;
  let problems: string[] = [];
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());
  beforeEach(async () => {
    ({ page, problems } = await openPage(browser));
    use(page);
    await enterKey(page, at().baseUrl, at().key);
  });
  afterEach(async () => {
    await page?.close();
    expect(problems).toEqual([]);
  });
}
