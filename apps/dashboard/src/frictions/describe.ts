import type { FrictionOccurrence } from '../api/types';
import { duration, words } from '../format';

/** What each type of friction means, for the detail page. */
export const FRICTION_EXPLAINED: Record<string, string> = {
  repeat_attempt:
    'The customer did the same step several times in a short window, or again right after it failed.',
  failure: 'The step ended in failure.',
  channel_hop:
    'Self-service did not get the customer to the goal: they turned to a person (phone, chat, store…) soon after a digital step.',
  repeat_contact: 'The customer needed a person more than once within the window.',
  slow_step: 'The wait before this step exceeded its SLA or the usual p90 of that transition.',
  backtrack: 'The customer went back to an earlier stage of the journey.',
  abandonment: 'The journey stopped here without reaching a goal.',
  negative_feedback: 'The customer gave a low score (CSAT, NPS or effort).',
};

/** One line on what an occurrence found, from its detail. */
export function occurrenceSummary(o: FrictionOccurrence): string {
  try {
    return summary(o);
  } catch {
    return ''; // a detail of another shape (a newer API): the type and step still say enough
  }
}

function summary(o: FrictionOccurrence): string {
  const d = o.detail as Record<string, unknown>;
  const need = (...fields: string[]) => {
    for (const f of fields) if (d[f] === undefined || d[f] === null) throw new Error(f);
  };
  switch (o.type) {
    case 'repeat_attempt':
      return `${o.touchpointIds.length} attempts${Array.isArray(d.reasons) ? ` (${(d.reasons as string[]).map(words).join(', ')})` : ''}`;
    case 'channel_hop':
      need('fromChannel', 'toChannel', 'gapMs');
      return `${words(String(d.fromChannel))} → ${words(String(d.toChannel))} after ${duration(Number(d.gapMs))}`;
    case 'repeat_contact':
      need('contacts');
      return `${String(d.contacts)} contacts`;
    case 'slow_step':
      need('fromStep', 'durationMs');
      return `from ${String(d.fromStep)} took ${duration(Number(d.durationMs))}${d.slaMs ? ` (SLA ${duration(Number(d.slaMs))})` : ''}${d.p90Ms ? ` (p90 ${duration(Number(d.p90Ms))})` : ''}`;
    case 'backtrack':
      need('fromStage', 'toStage');
      return `${String(d.fromStage)} → back to ${String(d.toStage)}`;
    case 'negative_feedback':
      need('kind', 'score');
      return `${String(d.kind).toUpperCase()} ${String(d.score)}`;
    case 'failure':
      return 'failed';
    case 'abandonment':
      return 'no further activity';
    default:
      return '';
  }
}
