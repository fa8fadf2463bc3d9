// The fake Devin API's contract (snapshot-builds.openapi.yaml) as a checker: which schema the
// document gives an answer, and whether a body fits it, so that the fake's tests hold every
// answer it sends to the document it claims to follow.
import { readFileSync } from 'node:fs';
// The named export: under NodeNext the default import of this CommonJS module types as the module object.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';

interface OpenApiResponse {
  $ref?: string;
  content?: Record<string, { schema: { $ref?: string } }>;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>>;
  components: { responses: Record<string, OpenApiResponse> };
}

const OPENAPI_ID = 'devin-openapi';
const openapi = parseYaml(
  readFileSync(new URL('./snapshot-builds.openapi.yaml', import.meta.url), 'utf8')
) as OpenApiDoc;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ ...openapi, $id: OPENAPI_ID });

/** A JSON pointer's token: `~` and `/` escaped. */
const pointerToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Where the document describes the JSON body of `method pathname -> status`: the schema's $ref
 * (e.g. '#/components/schemas/Build'), or the pointer to a schema written in place.
 */
export function responseSchemaRef(method: string, pathname: string, status: number): string {
  const template = Object.keys(openapi.paths).find(candidate =>
    new RegExp(`^${candidate.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname)
  );
  const operation = method.toLowerCase();
  let response = template === undefined ? undefined : openapi.paths[template][operation]?.responses?.[String(status)];
  let pointer = `#/paths/${pointerToken(template ?? '')}/${operation}/responses/${status}`;
  if (response?.$ref) {
    pointer = response.$ref;
    response = openapi.components.responses[response.$ref.replace('#/components/responses/', '')];
  }
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`the OpenAPI document describes no JSON body for ${method} ${pathname} -> ${status}`);
  return schema.$ref ?? `${pointer}/content/application~1json/schema`;
}

/** What is wrong with `body` against the schema at `schemaRef`, or undefined when it fits. */
export function schemaViolations(schemaRef: string, body: unknown): string | undefined {
  const validate = ajv.getSchema(`${OPENAPI_ID}${schemaRef}`);
  if (!validate) throw new Error(`no schema ${schemaRef}`);
  return validate(body) ? undefined : ajv.errorsText(validate.errors);
}

/** Throws unless `body` fits the schema the document gives `method pathname -> status`. */
export function expectConformant(method: string, pathname: string, status: number, body: unknown): void {
  const schemaRef = responseSchemaRef(method, pathname, status);
  const violations = schemaViolations(schemaRef, body);
  if (violations)
    throw new Error(
      `${method} ${pathname} -> ${status} does not match ${schemaRef}: ${violations}\n${JSON.stringify(body)}`
    );
}
