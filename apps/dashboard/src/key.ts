// The API key lives in sessionStorage: it survives reloads of this tab, and no other tab or later
// session sees it.
const STORAGE = 'journey-engine.apiKey';

export const apiKey = {
  get(): string | null {
    return sessionStorage.getItem(STORAGE);
  },
  set(key: string): void {
    sessionStorage.setItem(STORAGE, key);
  },
  clear(): void {
    sessionStorage.removeItem(STORAGE);
  },
};

/** Wires the header's key form; `changed` re-renders the page with the new key. */
export function bindKeyForm(changed: () => void): void {
  const form = document.getElementById('key-form') as HTMLFormElement;
  const input = document.getElementById('api-key') as HTMLInputElement;
  const forget = document.getElementById('forget-key') as HTMLButtonElement;
  input.value = apiKey.get() ?? '';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (key) apiKey.set(key);
    else apiKey.clear();
    changed();
  });
  forget.addEventListener('click', () => {
    apiKey.clear();
    input.value = '';
    input.focus();
    changed();
  });
}
