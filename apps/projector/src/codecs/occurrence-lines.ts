import { FrictionOccurrence } from '@journey/domain';
import { CopyTextCache, escapeCopyText, pgTextArray } from '../rebuild/copy-writer';

// Anything that needs escaping inside a quoted array element or in COPY text.
const ARRAY_SPECIAL = /[\\"\n\r\t]/;

/**
 * Friction occurrences as COPY text lines (occurrenceCodec's columns; equal to its CopyLines'). A rebuild writes more than
 * a million of them: the values that repeat (journey, step, stage; the customer and instance of
 * consecutive rows; the time shared by a touchpoint's occurrences) are escaped or formatted once.
 * The id, type and channel are escape-free by construction (a UUID, and two enums).
 */
export class OccurrenceLines {
  private readonly repeated = new CopyTextCache();
  private last = { customerId: '', customer: '', instanceId: '', instance: '' };
  private readonly times = new IsoTimes();

  line(o: FrictionOccurrence): string {
    const last = this.last;
    if (o.customerId !== last.customerId) {
      last.customerId = o.customerId;
      last.customer = escapeCopyText(o.customerId);
    }
    if (o.instanceId !== last.instanceId) {
      last.instanceId = o.instanceId;
      last.instance = escapeCopyText(o.instanceId);
    }
    const touchpoint = escapeCopyText(o.touchpointId);
    const trigger = o.triggerId === o.touchpointId ? touchpoint : escapeCopyText(o.triggerId);
    return (
      o.id +
      '\t' +
      last.customer +
      '\t' +
      this.repeated.get(o.journey) +
      '\t' +
      last.instance +
      '\t' +
      o.type +
      '\t' +
      trigger +
      '\t' +
      touchpoint +
      '\t' +
      this.repeated.get(o.step) +
      '\t' +
      (o.stage === null ? '\\N' : this.repeated.get(o.stage)) +
      '\t' +
      o.channel +
      '\t' +
      this.times.format(o.occurredAt) +
      '\t' +
      textArrayField(o.touchpointIds) +
      '\t' +
      (o.feedbackId === null ? '\\N' : escapeCopyText(o.feedbackId)) +
      '\t' +
      escapeCopyText(JSON.stringify(o.detail))
    );
  }
}

/** A text[] literal as a COPY field; plain ids (the usual case) skip both escapings. */
export function textArrayField(ids: readonly string[]): string {
  for (const id of ids) if (ARRAY_SPECIAL.test(id)) return escapeCopyText(pgTextArray(ids));
  return ids.length === 0 ? '{}' : '{"' + ids.join('","') + '"}';
}

const DAY_MS = 86_400_000;

/**
 * toISOString for UTC milliseconds, cheaper: the date part is formatted once per day, the time of
 * day by arithmetic (Date's own formatting was a tenth of the friction pass).
 */
export class IsoTimes {
  private day = NaN;
  private datePart = '';

  format(ms: number): string {
    const day = Math.floor(ms / DAY_MS);
    // Outside the years 0000-9999 ISO strings change shape: leave those to Date.
    if (!Number.isInteger(ms) || ms < -62_167_219_200_000 || ms >= 253_402_300_800_000) {
      return new Date(ms).toISOString();
    }
    if (day !== this.day) {
      this.day = day;
      this.datePart = new Date(day * DAY_MS).toISOString().slice(0, 11);
    }
    let rest = ms - day * DAY_MS;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const s = Math.floor(rest / 1000);
    const milli = rest - s * 1000;
    return (
      this.datePart +
      (h < 10 ? '0' : '') +
      h +
      (m < 10 ? ':0' : ':') +
      m +
      (s < 10 ? ':0' : ':') +
      s +
      (milli < 10 ? '.00' : milli < 100 ? '.0' : '.') +
      milli +
      'Z'
    );
  }
}
