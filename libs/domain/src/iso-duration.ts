const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * ISO-8601 duration (`P30D`, `PT4H`, `P1Y2M3DT4H5M6.5S`) in milliseconds, or null when malformed.
 * Years count 365 days and months 30: journeys measure elapsed time, not calendar dates.
 */
export function parseIsoDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const [y, mo, w, d, h, mi] = m.slice(1, 7).map((v) => (v ? Number(v) : 0));
  const s = m[7] ? Number(m[7]) : 0;
  return (
    y * 365 * DAY +
    mo * 30 * DAY +
    w * 7 * DAY +
    d * DAY +
    h * HOUR +
    mi * MINUTE +
    Math.round(s * SECOND)
  );
}
