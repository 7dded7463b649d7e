import { Injectable, PipeTransform } from '@nestjs/common';
import { parseIsoDuration, validateFrictionThresholds } from '@journey/domain';
import { DEFAULT_ABANDON_AFTER, JourneyDefined } from '@journey/events';
import { FieldProblem, ValidationFailedError } from '../../common/app-error';
import { validateItem } from '../validation/validate-items';
import { JourneyDefinitionDto } from './journey-definition.dto';

export type DefinitionInput = Omit<JourneyDefined['data'], 'journey'>;

/** Validates a definition as a whole: shapes first, then that its parts refer to its own steps. */
@Injectable()
export class JourneyDefinitionPipe implements PipeTransform<unknown, DefinitionInput> {
  transform(body: unknown): DefinitionInput {
    const { value, problems } = validateItem(JourneyDefinitionDto, body, null);
    if (!value || problems.length > 0)
      throw new ValidationFailedError('INVALID_JOURNEY_DEFINITION', problems);
    const out: FieldProblem[] = [];
    const problem = (field: string, rule: string, message: string) =>
      out.push({ index: null, field, rule, message });
    const stepStage = new Map<string, string>();
    const stageNames = new Set<string>();
    value.stages.forEach((stage, i) => {
      if (stageNames.has(stage.name))
        problem(`stages.${i}.name`, 'unique', `stage "${stage.name}" is defined twice`);
      stageNames.add(stage.name);
      stage.steps.forEach((step, j) => {
        const other = stepStage.get(step);
        if (other !== undefined)
          problem(
            `stages.${i}.steps.${j}`,
            'unique',
            `step "${step}" already belongs to stage "${other}"`,
          );
        else stepStage.set(step, stage.name);
      });
    });
    const known = (field: string, steps: string[]) =>
      steps.forEach((s, i) => {
        if (!stepStage.has(s))
          problem(`${field}.${i}`, 'definedStep', `"${s}" is not a step of any stage`);
      });
    known('goalSteps', value.goalSteps);
    known('failureSteps', value.failureSteps ?? []);
    for (const s of value.failureSteps ?? []) {
      if (value.goalSteps.includes(s))
        problem('failureSteps', 'disjoint', `"${s}" cannot be both a goal and a failure step`);
    }
    const abandonAfter = value.abandonAfter ?? DEFAULT_ABANDON_AFTER;
    const ms = parseIsoDuration(abandonAfter);
    if (ms === null || ms <= 0)
      problem(
        'abandonAfter',
        'duration',
        'abandonAfter must be a positive ISO-8601 duration such as P30D or PT12H',
      );
    for (const [step, sla] of Object.entries(value.stepSla ?? {})) {
      if (!stepStage.has(step))
        problem(`stepSla.${step}`, 'definedStep', `"${step}" is not a step of any stage`);
      if (!Number.isInteger(sla))
        problem(`stepSla.${step}`, 'type', 'an SLA must be a whole number of milliseconds');
      else if (sla < 0) problem(`stepSla.${step}`, 'min', 'an SLA must be >= 0 milliseconds');
    }
    const personal = value.personalAttributes ?? [];
    const byDefault = value.personalByDefault ?? false;
    const plain = value.nonPersonalAttributes ?? [];
    for (const [field, list] of [
      ['personalAttributes', personal],
      ['nonPersonalAttributes', plain],
    ] as const)
      list.forEach((a, i) => {
        if (list.indexOf(a) !== i)
          problem(`${field}.${i}`, 'unique', `attribute "${a}" is listed twice`);
      });
    // Each list belongs to one mode: a list the mode ignores would mislead whoever reads it.
    if (byDefault && personal.length > 0)
      problem(
        'personalAttributes',
        'exclusive',
        'with personalByDefault every attribute is personal: list the plain ones in nonPersonalAttributes',
      );
    if (!byDefault && plain.length > 0)
      problem(
        'nonPersonalAttributes',
        'requires',
        'nonPersonalAttributes needs personalByDefault: true',
      );
    for (const p of validateFrictionThresholds(value.frictionThresholds ?? {}))
      problem(`frictionThresholds.${p.field}`, 'threshold', `${p.field} ${p.message}`);
    if (out.length > 0) throw new ValidationFailedError('INVALID_JOURNEY_DEFINITION', out);
    return {
      stages: value.stages.map((s) => ({ name: s.name, steps: [...s.steps] })),
      goalSteps: [...value.goalSteps],
      failureSteps: [...(value.failureSteps ?? [])],
      abandonAfter,
      stepSla: { ...(value.stepSla ?? {}) },
      personalAttributes: [...personal],
      personalByDefault: byDefault,
      nonPersonalAttributes: [...plain],
      frictionThresholds: { ...(value.frictionThresholds ?? {}) },
    };
  }
}
