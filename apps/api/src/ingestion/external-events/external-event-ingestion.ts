import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { attributesFrom, mapEvent, MappedStep, SourceMapping } from '@journey/domain';
import { deterministicEventId } from '@journey/events';
import { AppError, FieldProblem, ValidationFailedError } from '../../common/app-error';
import { CLOCK, Clock } from '../../common/clock';
import { countRejections } from '../../metrics/api-metrics';
import { RequestContext } from '../../common/request-context';
import { SourceMappingCache } from '../define-source-mapping/source-mapping.cache';
import { IdentifyCustomer } from '../identify-customer/identify-customer.command';
import { IdentityDto } from '../identify-customer/identity.dto';
import { RecordTouchpoints } from '../record-touchpoints/record-touchpoints.command';
import { TouchpointDto } from '../record-touchpoints/touchpoint.dto';
import { touchpointProblems } from '../record-touchpoints/touchpoints.pipe';
import { occurredAtProblems } from '../validation/time-rules';
import { validateItem } from '../validation/validate-items';
import { envelopeProblem } from './envelope-fields';
import { ExternalEvent, ExternalEventIngestion, ExternalEventsResult } from './external-event';
import { UnmappedEvents } from './unmapped-events';

const NO_MAPPING: SourceMapping = { rules: [], defaultChannel: null };

/**
 * Maps a request's external events through the source's mapping, validates everything first
 * (any problem: 400, nothing stored), then runs the native commands: RecordTouchpoints for the
 * mapped events, IdentifyCustomer for identify calls carrying both ids, and counts the rest as
 * unmapped.
 */
@Injectable()
export class MappedExternalEventIngestion extends ExternalEventIngestion {
  constructor(
    private readonly commands: CommandBus,
    private readonly mappings: SourceMappingCache,
    private readonly unmappedEvents: UnmappedEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async ingest(
    events: readonly ExternalEvent[],
    context: RequestContext,
  ): Promise<ExternalEventsResult> {
    const source = context.caller;
    const mapping = (await this.mappings.get(source))?.data ?? NO_MAPPING;
    const problems: FieldProblem[] = [];
    const touchpoints: TouchpointDto[] = [];
    const identities: { event: ExternalEvent; identity: IdentityDto }[] = [];
    const unmapped: ExternalEvent[] = [];
    const seen = new Map<string, number>();
    for (const event of events) {
      const links = event.kind === 'identify' && !!event.customerId && !!event.anonymousId;
      if (links) {
        const identity = this.identity(event, problems);
        if (identity) identities.push({ event, identity });
      }
      const step = mapEvent(mapping, event);
      if (!step) {
        // An identify that links two ids did its work; anything else no rule took is listed.
        if (!links) unmapped.push(event);
        continue;
      }
      const raw = touchpointOf(source, event, step);
      const { value, problems: own } = validateItem(TouchpointDto, raw, event.index, 'flat');
      const all = value
        ? [...own, ...touchpointProblems(value, event.index, this.clock, seen)]
        : own;
      const rule = mapping.rules[step.rule];
      const readFrom = { journey: rule.journeyFrom, step: rule.stepFrom };
      problems.push(...all.map((p) => envelopeProblem(event, p, readFrom)));
      if (value) touchpoints.push(value);
    }
    if (problems.length > 0) {
      countRejections(problems);
      throw new ValidationFailedError('INVALID_TOUCHPOINT', problems);
    }
    const recorded =
      touchpoints.length > 0
        ? await this.commands.execute(new RecordTouchpoints(touchpoints, context))
        : { accepted: 0, duplicates: 0 };
    await this.unmappedEvents.record(source, unmapped, this.clock.now());
    const identified = await this.identify(identities, context);
    return {
      accepted: recorded.accepted,
      duplicates: recorded.duplicates,
      identified,
      unmapped: unmapped.length,
    };
  }

  private identity(event: ExternalEvent, problems: FieldProblem[]): IdentityDto | null {
    const raw = {
      anonymousId: event.anonymousId,
      customerId: event.customerId,
      occurredAt: event.occurredAt,
    };
    const { value, problems: own } = validateItem(IdentityDto, raw, event.index, 'flat');
    const all = value
      ? [...own, ...occurredAtProblems(value.occurredAt, this.clock, event.index)]
      : own;
    problems.push(...all.map((p) => envelopeProblem(event, p)));
    return all.length === 0 ? value : null;
  }

  /**
   * Links in request order, after the touchpoints (as a client calling the native endpoints one
   * after the other would); returns how many are in place, new or already there. A link refused because the anonymous id belongs to someone else is
   * reported once the rest is stored: repeating the request would store nothing new.
   */
  private async identify(
    identities: readonly { event: ExternalEvent; identity: IdentityDto }[],
    context: RequestContext,
  ): Promise<number> {
    const refused: FieldProblem[] = [];
    for (const { event, identity } of identities) {
      try {
        await this.commands.execute(new IdentifyCustomer(identity, context));
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'ANONYMOUS_ID_ALREADY_LINKED') throw err;
        refused.push(
          envelopeProblem(event, {
            index: event.index,
            field: 'anonymousId',
            rule: 'alreadyLinked',
            message: err.message,
          }),
        );
      }
    }
    if (refused.length > 0)
      throw new AppError(
        'ANONYMOUS_ID_ALREADY_LINKED',
        'Some anonymous ids already belong to other customers; everything else was stored',
        refused,
      );
    return identities.length;
  }
}

/**
 * The touchpoint a native client would have sent for the event. Its id derives from the key
 * name and the envelope's idempotency key (a UUID v5), so a retried message is a duplicate.
 */
function touchpointOf(source: string, e: ExternalEvent, step: MappedStep): Record<string, unknown> {
  return {
    id: externalTouchpointId(source, e.idempotencyKey),
    ...(e.customerId ? { customerId: e.customerId } : {}),
    ...(!e.customerId && e.anonymousId ? { anonymousId: e.anonymousId } : {}),
    journey: step.journey,
    step: step.step,
    ...(step.stage !== null ? { stage: step.stage } : {}),
    channel: step.channel,
    ...(step.outcome !== null ? { outcome: step.outcome } : {}),
    occurredAt: e.occurredAt,
    attributes: attributesFrom(e.properties),
  };
}

export function externalTouchpointId(source: string, idempotencyKey: string): string {
  return deterministicEventId('external-event', source, idempotencyKey);
}
