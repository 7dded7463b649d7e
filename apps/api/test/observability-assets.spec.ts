import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { allMetrics, DescribedMetric } from './metric-catalogue';

const DOCKER = path.join(__dirname, '..', '..', '..', 'docker');
const read = (file: string) => readFileSync(path.join(DOCKER, file), 'utf8');

/** Series names a histogram or summary adds to its own. */
const SUFFIXES = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };
/** Labels Prometheus adds to every series (and `le` of buckets). */
const TARGET_LABELS = ['job', 'instance'];

interface Reference {
  readonly series: string;
  readonly labels: readonly string[];
}

/**
 * The engine's series an expression names (journey_*), with the labels its selector and its
 * `by (...)` clauses use.
 */
function references(expr: string): Reference[] {
  const out: Reference[] = [];
  const grouped = [...expr.matchAll(/\b(?:by|on|without|ignoring)\s*\(([^)]*)\)/g)].flatMap((m) =>
    m[1]
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  for (const m of expr.matchAll(/\b(journey_[a-z0-9_]+)\s*(\{([^}]*)\})?/g)) {
    const selector = [...(m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g)].map(
      (l) => l[1],
    );
    out.push({ series: m[1], labels: [...selector, ...grouped] });
  }
  return out;
}

/** The registered metric a series belongs to, or a sentence saying why none does. */
function resolve(series: string, metrics: Map<string, DescribedMetric>): DescribedMetric | string {
  const own = metrics.get(series);
  if (own) return own;
  for (const [type, suffixes] of Object.entries(SUFFIXES))
    for (const suffix of suffixes) {
      const base = metrics.get(series.slice(0, -suffix.length));
      if (series.endsWith(suffix) && base?.type === type) return base;
    }
  return `${series} is not a metric the code registers`;
}

/** Problems of one expression: unknown series, labels the metrics lack. */
function problems(expr: string, metrics: Map<string, DescribedMetric>): string[] {
  const refs = references(expr);
  if (refs.length === 0) return [`"${expr}" names no journey_* metric`];
  const found = refs.map((r) => ({ r, metric: resolve(r.series, metrics) }));
  const out = found.flatMap(({ metric }) => (typeof metric === 'string' ? [metric] : []));
  // A label must exist on some metric of the expression (joins group by labels of either side).
  const known = new Set([...TARGET_LABELS, 'le']);
  for (const { metric } of found)
    if (typeof metric !== 'string') metric.labels.forEach((l) => known.add(l));
  for (const { r } of found)
    for (const label of r.labels)
      if (!known.has(label)) out.push(`${r.series}: no metric here has a label "${label}"`);
  return out;
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(read('grafana/dashboards/journey-engine.json')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  return dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
}

function alertRules(): { alert: string; expr: string; for?: string }[] {
  const doc = parse(read('prometheus/alerts.yml')) as {
    groups: { rules: { alert: string; expr: string; for?: string }[] }[];
  };
  return doc.groups.flatMap((g) => g.rules);
}

describe('observability assets (docker/)', () => {
  const metrics = new Map(allMetrics().map((m) => [m.name, m]));

  it('the dashboard parses and charts the engine: ingest, lag, frictions, HTTP errors, webhooks', () => {
    const exprs = dashboardExpressions().join('\n');
    const dashboard = read('grafana/dashboards/journey-engine.json');
    // The data source provisioned beside it (grafana/provisioning/datasources), by its uid.
    expect(dashboard.match(/"uid": "[^"]+"/g)).toContain('"uid": "journey-prometheus"');
    expect(dashboard).not.toMatch(/"uid": "(?!journey-prometheus|journey-engine)/);
    for (const name of [
      'journey_ingest_touchpoints_total',
      'journey_projection_lag_seconds',
      'journey_friction_occurrences_total',
      'journey_http_request_duration_seconds_count{status=~"5.."}',
      'journey_webhook_delivery_attempts_total',
    ])
      expect(exprs).toContain(name);
  });

  it('every dashboard expression names registered metrics and their labels only', () => {
    const found = dashboardExpressions().flatMap((e) => problems(e, metrics));
    expect(found).toEqual([]);
  });

  it('every alert rule names registered metrics and their labels only', () => {
    const rules = alertRules();
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'JourneyProjectionLagging',
        'JourneyHttp5xxRate',
        'JourneyWebhookDeliveriesFailing',
      ]),
    );
    expect(rules.find((r) => r.alert === 'JourneyProjectionLagging')?.for).toBe('5m');
    expect(rules.flatMap((r) => problems(r.expr, metrics))).toEqual([]);
  });

  it('catches a rotten reference: an unknown metric, a wrong suffix, an unknown label', () => {
    expect(problems('rate(journey_nothing_total[5m])', metrics)).toEqual([
      'journey_nothing_total is not a metric the code registers',
    ]);
    expect(problems('journey_ingest_touchpoints_total_bucket', metrics)).toHaveLength(1);
    expect(problems('sum by (customer) (journey_ingest_touchpoints_total)', metrics)).toEqual([
      'journey_ingest_touchpoints_total: no metric here has a label "customer"',
    ]);
    expect(problems('up == 0', metrics)).toEqual(['"up == 0" names no journey_* metric']);
  });

  it('prometheus.yml scrapes the API (with a metrics key) and the projector, and loads the rules', () => {
    const config = parse(read('prometheus/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: {
        job_name: string;
        authorization?: { credentials_file?: string };
        static_configs: { targets: string[] }[];
      }[];
    };
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    const jobs = Object.fromEntries(config.scrape_configs.map((j) => [j.job_name, j]));
    expect(jobs['journey-api'].static_configs[0].targets).toEqual(['api:3000']);
    expect(jobs['journey-api'].authorization?.credentials_file).toBe('/etc/prometheus/metrics-key');
    expect(jobs['journey-projector'].static_configs[0].targets).toEqual(['projector:9464']);
  });

  it('docker-compose.yml wires Prometheus and Grafana to these files and the projector to its port', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { volumes?: string[]; environment?: Record<string, string> }>;
    };
    const { prometheus, grafana, projector } = compose.services;
    expect(prometheus.volumes).toContain('./prometheus:/etc/prometheus:ro');
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        './grafana/provisioning:/etc/grafana/provisioning:ro',
        './grafana/dashboards:/etc/grafana/dashboards:ro',
      ]),
    );
    expect(projector.environment).toMatchObject({
      METRICS_PORT: '9464',
      EVENT_STORE: 'eventstoredb',
    });
    const provider = parse(read('grafana/provisioning/dashboards/journey.yml')) as {
      providers: { options: { path: string } }[];
    };
    expect(provider.providers[0].options.path).toBe('/etc/grafana/dashboards');
    const datasource = parse(read('grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { uid: string; url: string }[];
    };
    expect(datasource.datasources[0]).toMatchObject({
      uid: 'journey-prometheus',
      url: 'http://prometheus:9090',
    });
  });
});
