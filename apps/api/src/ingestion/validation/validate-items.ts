import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { FieldProblem } from '../../common/app-error';

/** class-validator's constraint names, as the stable rule names of our error contract. */
const RULE_NAMES: Record<string, string> = {
  isDefined: 'required',
  isNotEmpty: 'required',
  isString: 'type',
  isInt: 'type',
  isNumber: 'type',
  isArray: 'type',
  isBoolean: 'type',
  isLength: 'length',
  arrayMaxSize: 'maxItems',
  arrayMinSize: 'minItems',
  matches: 'pattern',
  isIn: 'enum',
  min: 'min',
  max: 'max',
  whitelistValidation: 'unknownField',
  nestedValidation: 'type',
};

export function ruleName(constraint: string): string {
  return RULE_NAMES[constraint] ?? constraint;
}

/**
 * Validates one plain object against a DTO class: unknown fields are errors, every problem is
 * listed (not only the first), nested fields are named with dots.
 */
export function validateItem<T extends object>(
  cls: new () => T,
  plain: unknown,
  index: number | null,
) {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return {
      value: null,
      problems: [{ index, field: '', rule: 'type', message: 'must be a JSON object' }],
    };
  }
  const value = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return { value, problems: flatten(errors, index, '') };
}

function flatten(errors: ValidationError[], index: number | null, prefix: string): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([name, message]) => ({
      index,
      field,
      rule: ruleName(name),
      message: name === 'whitelistValidation' ? `unknown field "${field}"` : message,
    }));
    return [...own, ...flatten(e.children ?? [], index, field)];
  });
}
