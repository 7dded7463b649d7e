import { collectProcessMetrics, registry } from '@journey/metrics';
import '../src/metrics/api-metrics';
import '../src/metrics/projection-backlog';
import '../../projector/src/metrics/projector-metrics';
import '../../projector/src/metrics/projection-lag';

export interface DescribedMetric {
  readonly name: string;
  readonly type: string;
  readonly labels: readonly string[];
}

/** Every metric the API and the projector register, the process defaults included. */
export function allMetrics(): DescribedMetric[] {
  collectProcessMetrics();
  return registry.getMetricsAsArray().map((m) => {
    const own = m as unknown as { name: string; type: string; labelNames?: string[] };
    return { name: own.name, type: String(own.type), labels: own.labelNames ?? [] };
  });
}
