// `npm run cli -- <group> ...`: projections commands belong to the projector, the rest to the API.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const args = process.argv.slice(2);
const app = args[0] === 'projections' ? 'projector' : 'api';
const entry = path.resolve(__dirname, '..', 'dist', 'apps', app, 'src', 'cli.js');
const { status } = spawnSync(process.execPath, ['--max-semi-space-size=64', entry, ...args], {
  stdio: 'inherit',
});
process.exit(status ?? 1);
