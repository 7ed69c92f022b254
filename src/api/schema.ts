/**
 * A tiny schema builder for the Lifeboat CRDs. Every value it builds is, at runtime, a plain
 * OpenAPI v3 structural schema (what a CustomResourceDefinition's `openAPIV3Schema` holds), and,
 * at compile time, carries the TypeScript type of the data it describes, read back with
 * `Infer<typeof schema>`. So the CRD YAML and the TypeScript types come from one source.
 *
 *   const spec = s.object({ a: s.string(), b: s.array(s.string()) }, { required: ["a"] });
 *   type Spec = Infer<typeof spec>; // { a: string; b?: string[] }
 *
 * Fields not listed in `required` are optional. Object `rules` become CEL
 * `x-kubernetes-validations`, checked by the API server.
 */

/** Type-only marker: the data type a schema describes. Never present at runtime. */
declare const described: unique symbol;

export interface CelRule {
  /** A CEL expression over `self`, e.g. `!(has(self.a) && has(self.b))`. */
  rule: string;
  /** What the API server answers when the rule is false: name the fields and the fix. */
  message: string;
}

/** The subset of OpenAPI v3 a structural CRD schema uses. */
export interface OpenApiSchema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: OpenApiSchema;
  items?: OpenApiSchema;
  enum?: readonly string[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-validations"?: CelRule[];
}

/** An OpenAPI schema that also knows, at compile time, the type `T` of the data it describes. */
export type Schema<T> = OpenApiSchema & { readonly [described]: T };

export type Infer<S> = S extends { readonly [described]: infer T } ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Properties = Record<string, Schema<unknown>>;

type ObjectOf<P extends Properties, R extends keyof P> = Simplify<
  { [K in keyof P as K extends R ? K : never]: Infer<P[K]> } & {
    [K in keyof P as K extends R ? never : K]?: Infer<P[K]>;
  }
>;

interface Common {
  description?: string;
}

export interface StringOptions<E extends string> extends Common {
  enum?: readonly E[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  default?: E;
}

export interface IntegerOptions extends Common {
  minimum?: number;
  maximum?: number;
  /** "int32" or "int64" */
  format?: string;
}

export interface ArrayOptions extends Common {
  minItems?: number;
  maxItems?: number;
}

export interface ObjectOptions<R extends string> extends Common {
  required?: readonly R[];
  rules?: readonly CelRule[];
}

/**
 * A Go duration as Go prints and parses it: "720h0m0s", "1h30m", "10s", "1.5h", "0".
 * Negative durations are not accepted anywhere in the API.
 */
export const durationPattern = String.raw`^(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$`;

function withType<T>(schema: OpenApiSchema): Schema<T> {
  // The marker property is type-only; the runtime value is the plain OpenAPI schema.
  return schema as Schema<T>;
}

/** Drop undefined options so the generated YAML holds only what was said. */
function defined(fields: Record<string, unknown>): OpenApiSchema {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

function string<const E extends string = string>(options: StringOptions<E> = {}): Schema<E> {
  const { enum: values, ...rest } = options;
  return withType<E>(defined({ type: "string", ...rest, enum: values ? [...values] : undefined }));
}

function integer(options: IntegerOptions = {}): Schema<number> {
  return withType<number>(defined({ type: "integer", ...options }));
}

function boolean(options: Common = {}): Schema<boolean> {
  return withType<boolean>(defined({ type: "boolean", ...options }));
}

function array<T>(items: Schema<T>, options: ArrayOptions = {}): Schema<T[]> {
  return withType<T[]>(defined({ type: "array", ...options, items }));
}

/** An object with free-form keys whose values all follow `values` (`additionalProperties`). */
function map<T>(values: Schema<T>, options: Common = {}): Schema<Record<string, T>> {
  return withType<Record<string, T>>(defined({ type: "object", ...options, additionalProperties: values }));
}

function object<P extends Properties, const R extends keyof P & string = never>(
  properties: P,
  options: ObjectOptions<R> = {},
): Schema<ObjectOf<P, R>> {
  const { required, rules, description } = options;
  return withType<ObjectOf<P, R>>(
    defined({
      type: "object",
      description,
      properties,
      required: required && required.length > 0 ? [...required] : undefined,
      "x-kubernetes-validations": rules && rules.length > 0 ? [...rules] : undefined,
    }),
  );
}

/** An RFC 3339 timestamp ("2025-01-02T03:04:05Z"); a string in TypeScript. */
function dateTime(options: Common = {}): Schema<string> {
  return withType<string>(defined({ type: "string", format: "date-time", ...options }));
}

/** A Go duration string ("720h0m0s", "1h30m", "10s"); see durationPattern. */
function duration(options: Common = {}): Schema<string> {
  return withType<string>(defined({ type: "string", ...options, pattern: durationPattern }));
}

/** An object the API server keeps as given (`x-kubernetes-preserve-unknown-fields`). */
function preserveUnknown(options: Common = {}): Schema<Record<string, unknown>> {
  return withType<Record<string, unknown>>(
    defined({ type: "object", ...options, "x-kubernetes-preserve-unknown-fields": true }),
  );
}

export const s = { string, integer, boolean, array, map, object, dateTime, duration, preserveUnknown };
