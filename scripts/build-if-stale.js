// Builds dist/ when any TypeScript source is newer than the last build, so `npm run cli` is quick.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.built');
const builtAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full));
    else if (/\.(ts|mts|css|html)$/.test(entry.name))
      latest = Math.max(latest, fs.statSync(full).mtimeMs);
  }
  return latest;
}

const sourcesAt = Math.max(...['apps', 'libs', 'bench'].map((d) => newest(path.join(root, d))));
if (sourcesAt > builtAt) {
  execSync('npm run build --silent', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
