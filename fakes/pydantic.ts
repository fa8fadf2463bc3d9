// How a FastAPI server refuses a request it cannot validate, in pydantic v2's words: each problem is
// an issue with its location, message and error type. Both fake APIs are FastAPI servers and check
// their requests with these; each wraps the issues in its API's own error envelope (a `detail`
// list, or an `errors` list beside a message).
import type { RecordedRequest } from './server.js';

/** One validation error, as pydantic reports it. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A required value that is absent. */
export const missing = (loc: (string | number)[], input?: unknown): ValidationIssue => ({
  loc,
  msg: 'Field required',
  type: 'missing',
  input
});

/** A body that is not JSON. */
export const jsonInvalid = (loc: (string | number)[], input?: unknown): ValidationIssue => ({
  loc,
  msg: 'JSON decode error',
  type: 'json_invalid',
  input
});

/** The text as JSON, or the position of the character where the JSON broke. */
export function parseJson(text: string): { value: unknown } | { brokenAt: number } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { brokenAt: Number(/position (\d+)/.exec(String(error))?.[1] ?? 0) };
  }
}

/** The body of a request read into a model with no required field: a JSON object, sent as JSON. */
export function modelBodyIssues(request: RecordedRequest): ValidationIssue[] {
  const contentType = request.headers['content-type'];
  const mediaType = (typeof contentType === 'string' ? contentType : '').split(';')[0].trim().toLowerCase();
  const notAnObject: ValidationIssue = {
    loc: ['body'],
    msg: 'Input should be a valid dictionary or object to extract fields from',
    type: 'model_attributes_type',
    input: request.body
  };
  if (request.body === '') return [missing(['body'], null)];
  if (mediaType !== 'application/json') return [notAnObject];
  const parsed = parseJson(request.body);
  if ('brokenAt' in parsed) return [jsonInvalid(['body', parsed.brokenAt], {})];
  return isObject(parsed.value) ? [] : [notAnObject];
}

/** A field's type, as a model declares it. */
export type FieldType = 'string' | 'boolean' | 'object' | 'integer';

/** An integer as pydantic's lax mode reads one from JSON: a whole number, a string of digits, or a boolean. */
export function laxInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** What is wrong with a given (not null) value for a field of `type`, or undefined. */
function typeIssue(loc: (string | number)[], type: FieldType, value: unknown): ValidationIssue | undefined {
  if (type === 'integer') {
    if (laxInteger(value) !== undefined) return undefined;
    if (typeof value === 'number') {
      return {
        loc,
        msg: 'Input should be a valid integer, got a number with a fractional part',
        type: 'int_from_float'
      };
    }
    if (typeof value === 'string') {
      return { loc, msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing' };
    }
    return { loc, msg: 'Input should be a valid integer', type: 'int_type' };
  }
  if (type === 'object' ? isObject(value) : typeof value === type) return undefined;
  return { loc, msg: `Input should be a valid ${type === 'object' ? 'dictionary' : type}`, type: `${type}_type` };
}

/** The fields of a body read into a model: an object, each required field in it, each field given of its type. */
export function fieldIssues(body: unknown, required: string[], types: Record<string, FieldType>): ValidationIssue[] {
  if (!isObject(body)) return [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }];
  const absent = required.filter(name => body[name] === undefined).map(name => missing(['body', name]));
  const wrong = Object.entries(types).flatMap(([name, type]) => {
    const issue =
      body[name] === undefined || body[name] === null ? undefined : typeIssue(['body', name], type, body[name]);
    return issue ? [issue] : [];
  });
  return [...absent, ...wrong];
}

/** A query parameter read as an integer from `min` to `max`; when it is not one, its issue goes to `issues`. */
export function integerParam(
  issues: ValidationIssue[],
  name: string,
  input: string,
  { min, max }: { min: number; max: number }
): number | undefined {
  const value = /^[+-]?\d+$/.test(input) ? Number(input) : NaN;
  const loc = ['query', name];
  if (Number.isNaN(value)) {
    issues.push({
      loc,
      msg: 'Input should be a valid integer, unable to parse string as an integer',
      type: 'int_parsing',
      input
    });
  } else if (value < min) {
    issues.push({ loc, msg: `Input should be greater than or equal to ${min}`, type: 'greater_than_equal', input });
  } else if (value > max) {
    issues.push({ loc, msg: `Input should be less than or equal to ${max}`, type: 'less_than_equal', input });
  } else {
    return value;
  }
  return undefined;
}

/** A query parameter read as one of `values`; when it is none of them, its issue goes to `issues`. */
export function enumParam<T extends string>(
  issues: ValidationIssue[],
  name: string,
  input: string,
  values: readonly T[]
): T | undefined {
  const value = values.find(known => known === input);
  if (value === undefined) {
    const expected = `${values
      .slice(0, -1)
      .map(v => `'${v}'`)
      .join(', ')} or '${values.at(-1)}'`;
    issues.push({ loc: ['query', name], msg: `Input should be ${expected}`, type: 'enum', input });
  }
  return value;
}

/** A query parameter read as a boolean, in the spellings pydantic accepts; otherwise its issue goes to `issues`. */
export function booleanParam(issues: ValidationIssue[], name: string, input: string): boolean | undefined {
  const spelled = input.toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(spelled)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(spelled)) return false;
  issues.push({
    loc: ['query', name],
    msg: 'Input should be a valid boolean, unable to interpret input',
    type: 'bool_parsing',
    input
  });
  return undefined;
}
