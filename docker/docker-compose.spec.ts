import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

interface Service {
  restart?: string;
  healthcheck?: { test: string | string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
}

/** The services, with `<<: *anchor` merged in as compose does. */
function services(text: string): Record<string, Service> {
  return (parse(text, { merge: true }) as { services: Record<string, Service> }).services;
}

const healthTest = (s: Service) => [s.healthcheck?.test ?? []].flat().join(' ');

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

describe('docker/docker-compose.yml, supervision', () => {
  const compose = services(readFileSync(path.join(__dirname, 'docker-compose.yml'), 'utf8'));

  it('restarts every service unless stopped', () => {
    for (const [name, service] of Object.entries(compose)) {
      expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
    }
  });

  it('checks PostgreSQL with pg_isready, EventStoreDB and the API on their health endpoints', () => {
    expect(healthTest(compose.postgres)).toContain('pg_isready');
    expect(healthTest(compose.eventstoredb)).toContain('/health/live');
    expect(healthTest(compose.api)).toContain('http://127.0.0.1:3000/health');
    // The projector's metrics server, on the port its environment gives it.
    expect(healthTest(compose.projector)).toContain(
      `http://127.0.0.1:${compose.projector.environment?.METRICS_PORT}/health`,
    );
  });

  it('starts the API and the projector once their databases are healthy', () => {
    for (const name of ['api', 'projector']) {
      expect(compose[name].depends_on).toEqual({
        eventstoredb: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
      });
    }
  });

  it('sees a service without restart policy (the check can fail)', () => {
    const broken = services('services:\n  db:\n    image: postgres\n');
    expect(broken.db.restart).toBeUndefined();
  });
});
