import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The entries of every `ports:` list of the compose file (short syntax, one per line). */
function publishedPorts(yaml: string): string[] {
  const out: string[] = [];
  let indent: number | null = null;
  for (const line of yaml.split('\n')) {
    const ports = /^(\s*)ports:\s*$/.exec(line);
    if (ports) {
      indent = ports[1].length;
      continue;
    }
    const item = /^(\s*)-\s*['"]?([^'"\s]+)['"]?\s*$/.exec(line);
    if (indent !== null && item && item[1].length > indent) out.push(item[2]);
    else if (line.trim() !== '') indent = null;
  }
  return out;
}

describe('docker/docker-compose.yml', () => {
  it('publishes every port on 127.0.0.1 only (the stack has no TLS and well-known passwords)', () => {
    const yaml = readFileSync(path.join(__dirname, 'docker-compose.yml'), 'utf8');
    const ports = publishedPorts(yaml);
    expect(ports).toEqual([
      '127.0.0.1:2113:2113',
      '127.0.0.1:5432:5432',
      '127.0.0.1:3000:3000',
      '127.0.0.1:9090:9090',
      '127.0.0.1:3001:3000',
    ]);
  });

  it('reads a port published on every interface as such (the check can fail)', () => {
    expect(
      publishedPorts("  db:\n    ports:\n      - '5432:5432'\n    volumes:\n      - x:/y\n"),
    ).toEqual(['5432:5432']);
  });
});
