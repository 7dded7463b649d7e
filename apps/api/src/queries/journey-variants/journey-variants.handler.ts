import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { ALL_CHANNELS, QuantileSketch } from '@journey/domain';
import { mergeSketchText } from '../journey-map/sketch-text';
import { JourneyVariant, JourneyVariants } from '@journey/contracts';
import { encodeVariantCursor, GetJourneyVariants } from './journey-variants.query';

interface PageRow {
  variant: string;
  count: string;
  completed: string;
  failed: string;
  abandoned: string;
  closed: string;
  variants: string;
}

/**
 * Sums the variant counters of the range in SQL (over days and partitions), takes one page in
 * (count desc, id asc) order, and reads steps and duration sketches for that page's ids only.
 * The totals are window sums over every variant, before the cursor cuts the page.
 */
const PAGE_SQL = `
  WITH v AS (
    SELECT key AS variant, sum(value) AS count,
           sum(value) FILTER (WHERE metric = 'variant:completed') AS completed,
           sum(value) FILTER (WHERE metric = 'variant:failed') AS failed,
           sum(value) FILTER (WHERE metric = 'variant:abandoned') AS abandoned
      FROM rm_map_counters
     WHERE journey = $1 AND channel = $4 AND metric LIKE 'variant:%'
       AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3)
     GROUP BY key HAVING sum(value) <> 0
  ), totals AS (
    SELECT v.*, sum(count) OVER () AS closed, count(*) OVER () AS variants FROM v
  )
  SELECT variant, count::text, coalesce(completed, 0)::text AS completed,
         coalesce(failed, 0)::text AS failed, coalesce(abandoned, 0)::text AS abandoned,
         closed::text, variants::text
    FROM totals
   WHERE $5::bigint IS NULL OR count < $5 OR (count = $5 AND variant > $6)
   ORDER BY count DESC, variant ASC
   LIMIT $7`;

@QueryHandler(GetJourneyVariants)
export class GetJourneyVariantsHandler implements IQueryHandler<GetJourneyVariants> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(q: GetJourneyVariants): Promise<JourneyVariants> {
    const channel = q.channel ?? ALL_CHANNELS;
    const range = [q.journey, q.from, q.to, channel];
    const { rows } = await this.pool.query<PageRow>(PAGE_SQL, [
      ...range,
      q.after?.count ?? null,
      q.after?.variant ?? null,
      q.limit + 1,
    ]);
    const page = rows.slice(0, q.limit);
    const ids = page.map((r) => r.variant);
    const [steps, sketches, totals] = await Promise.all([
      this.pool.query<{ variant: string; steps: string[] }>(
        'SELECT variant, steps FROM rm_journey_variants WHERE journey = $1 AND variant = ANY($2::text[])',
        [q.journey, ids],
      ),
      this.pool.query<{ variant: string; sketch: string }>(
        `SELECT variant, sketch::text AS sketch FROM rm_variant_durations
          WHERE journey = $1 AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3)
            AND channel = $4 AND variant = ANY($5::text[])`,
        [...range, ids],
      ),
      // A page after the last row has no rows to carry the totals.
      rows.length > 0 ? null : this.totals(range),
    ]);
    const stepsOf = new Map(steps.rows.map((r) => [r.variant, r.steps]));
    const merged = new Map<string, QuantileSketch>();
    for (const s of sketches.rows) {
      merged.set(
        s.variant,
        mergeSketchText(merged.get(s.variant) ?? new QuantileSketch(), s.sketch),
      );
    }
    const closed = Number(rows[0]?.closed ?? totals?.closed ?? 0);
    const variants = page.map((r): JourneyVariant => {
      const count = Number(r.count);
      const completed = Number(r.completed);
      const sketch = merged.get(r.variant);
      return {
        variant: r.variant,
        steps: stepsOf.get(r.variant) ?? [],
        count,
        share: closed > 0 ? count / closed : 0,
        completed,
        failed: Number(r.failed),
        abandoned: Number(r.abandoned),
        completionRate: count > 0 ? completed / count : 0,
        medianDurationMs: sketch?.quantile(0.5) ?? null,
        p90DurationMs: sketch?.quantile(0.9) ?? null,
      };
    });
    const last = page[page.length - 1];
    return {
      journey: q.journey,
      from: q.from,
      to: q.to,
      channel: q.channel,
      closedInstances: closed,
      variantCount: Number(rows[0]?.variants ?? totals?.variants ?? 0),
      variants,
      nextCursor:
        rows.length > q.limit
          ? encodeVariantCursor({ count: Number(last.count), variant: last.variant })
          : null,
    };
  }

  private async totals(range: unknown[]): Promise<{ closed: string; variants: string }> {
    const { rows } = await this.pool.query<{ closed: string; variants: string }>(
      `SELECT coalesce(sum(count), 0)::text AS closed, count(*)::text AS variants FROM (
         SELECT key, sum(value) AS count FROM rm_map_counters
          WHERE journey = $1 AND channel = $4 AND metric LIKE 'variant:%'
            AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3)
          GROUP BY key HAVING sum(value) <> 0) v`,
      range,
    );
    return rows[0];
  }
}
