import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { FieldProblem } from '../../common/app-error';
import { characterProblems } from '../../common/characters';

/** class-validator's constraint names, as the stable rule names of our error contract. */
const RULE_NAMES: Record<string, string> = {
  isDefined: 'required',
  isNotEmpty: 'required',
  isString: 'type',
  isInt: 'type',
  isNumber: 'type',
  isArray: 'type',
  isBoolean: 'type',
  isObject: 'type',
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
  shape: 'nested' | 'flat' = 'nested',
) {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return {
      value: null,
      problems: [{ index, field: '', rule: 'type', message: 'must be a JSON object' }],
    };
  }
  const value =
    shape === 'flat'
      ? flatInstance(cls, plain)
      : plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  const problems = flatten(errors, index, '');
  characterProblems(plain, index, '', problems);
  for (const key of shadowingKeys(cls, plain))
    problems.push({ index, field: key, rule: 'unknownField', message: `unknown field "${key}"` });
  return { value, problems };
}

/**
 * The instance class-validator needs, for a DTO without nested classes: what plainToInstance makes
 * of it (a spec compares the two), at a fraction of its cost on the ingestion path.
 */
function flatInstance<T extends object>(cls: new () => T, plain: object): T {
  const value = new cls();
  for (const [key, v] of Object.entries(plain)) {
    if (shadows(cls, key)) continue; // as plainToInstance; reported as an unknown field
    (value as Record<string, unknown>)[key] = v;
  }
  return value;
}

/**
 * Keys naming the prototype or one of its methods ("__proto__", "constructor", "toString"...):
 * class-transformer drops them unseen, so class-validator never reports them.
 */
function shadows(cls: new () => object, key: string): boolean {
  return key === '__proto__' || key in cls.prototype;
}

function shadowingKeys(cls: new () => object, plain: object): string[] {
  return Object.keys(plain).filter((key) => shadows(cls, key));
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
    return [...telling(own), ...flatten(e.children ?? [], index, field)];
  });
}

/**
 * A missing field is only "required", a value of the wrong type only "type": its length or range
 * rules would describe a value that is not there.
 */
function telling(problems: FieldProblem[]): FieldProblem[] {
  for (const rule of ['required', 'type']) {
    const first = problems.filter((p) => p.rule === rule);
    if (first.length > 0) return first;
  }
  return problems;
}
