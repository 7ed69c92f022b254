/**
 * What Lifeboat knows about each of its custom resources: names (kind, plural, short names),
 * the printer columns `kubectl get` shows, and the full schema (apiVersion, kind, metadata,
 * spec, status). `crds.ts` turns a definition into a CustomResourceDefinition; the resource
 * client uses its group/version/plural for paths. Each definition also carries the TypeScript
 * type of its objects, so `lifeboatClient(rest, backupDefinition, ns)` is a client of `Backup`.
 */
import type { V1ObjectMeta } from "@kubernetes/client-node";
import { apiVersion, group, version, type ApiVersion } from "./group.ts";
import { s, type OpenApiSchema, type Schema } from "./schema.ts";

/** Type-only marker: the object type a definition describes. Never present at runtime. */
declare const objectType: unique symbol;

/** The shape every Lifeboat custom resource has. */
export interface LifeboatObject<K extends string, Spec, Status> {
  apiVersion: ApiVersion;
  kind: K;
  metadata: V1ObjectMeta;
  spec: Spec;
  status?: Status;
}

export interface PrinterColumn {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  jsonPath: string;
  description?: string;
  /** 0 = shown by `kubectl get`; >0 = only with `-o wide`. */
  priority?: number;
}

export interface ResourceDefinition<T = unknown> {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly printerColumns: readonly PrinterColumn[];
  /** The whole object's schema: apiVersion, kind, metadata, spec, status. */
  readonly schema: OpenApiSchema;
  readonly [objectType]: T;
}

export interface DefinitionInput<Spec, Status> {
  kind: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  description: string;
  printerColumns: readonly PrinterColumn[];
  spec: Schema<Spec>;
  status: Schema<Status>;
}

/** Every Lifeboat resource is listed by `kubectl get lifeboat`. */
export const category = "lifeboat";

export function defineResource<T extends LifeboatObject<string, unknown, unknown>>(
  input: DefinitionInput<T["spec"], NonNullable<T["status"]>>,
): ResourceDefinition<T> {
  const schema = s.object(
    {
      apiVersion: s.string({ description: `Always ${apiVersion}.` }),
      kind: s.string({ description: `Always ${input.kind}.` }),
      metadata: s.object({}),
      spec: input.spec,
      status: input.status,
    },
    { required: ["spec"], description: input.description },
  );
  const definition: Omit<ResourceDefinition<T>, typeof objectType> = {
    group,
    version,
    kind: input.kind,
    listKind: `${input.kind}List`,
    plural: input.plural,
    singular: input.singular,
    shortNames: input.shortNames,
    categories: [category],
    printerColumns: input.printerColumns,
    schema,
  };
  return definition as ResourceDefinition<T>;
}

/** The creation-time column every resource shows last, as kubectl does for built-in kinds. */
export const ageColumn: PrinterColumn = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" };
