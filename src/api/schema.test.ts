/**
 * The schema builder: what it writes is the OpenAPI a CRD needs (and only what was said), and
 * what it infers is the TypeScript type of the data (checked by tsc through @ts-expect-error).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { durationPattern, s, type Infer } from "./schema.ts";

test("object: properties, required and CEL rules become OpenAPI fields; unset options are absent", () => {
  const schema = s.object(
    { a: s.string({ minLength: 1 }), b: s.array(s.string(), { minItems: 1 }), n: s.integer({ minimum: 0 }) },
    { required: ["a"], rules: [{ rule: "has(self.a)", message: "set a" }] },
  );
  assert.deepEqual(JSON.parse(JSON.stringify(schema)), {
    type: "object",
    properties: {
      a: { type: "string", minLength: 1 },
      b: { type: "array", minItems: 1, items: { type: "string" } },
      n: { type: "integer", minimum: 0 },
    },
    required: ["a"],
    "x-kubernetes-validations": [{ rule: "has(self.a)", message: "set a" }],
  });
  assert.equal(Object.hasOwn(schema, "description"), false);
});

test("string enums, maps, date-times, durations and preserved objects", () => {
  assert.deepEqual(s.string({ enum: ["none", "update"], default: "none" }), {
    type: "string",
    default: "none",
    enum: ["none", "update"],
  });
  assert.deepEqual(s.map(s.string()), { type: "object", additionalProperties: { type: "string" } });
  assert.deepEqual(s.dateTime(), { type: "string", format: "date-time" });
  assert.deepEqual(s.duration(), { type: "string", pattern: durationPattern });
  assert.deepEqual(s.preserveUnknown(), { type: "object", "x-kubernetes-preserve-unknown-fields": true });
  assert.deepEqual(s.boolean({ description: "d" }), { type: "boolean", description: "d" });
});

test("the duration pattern accepts what Go prints and rejects what Go cannot parse", () => {
  const re = new RegExp(durationPattern, "u");
  for (const ok of ["0", "720h0m0s", "1h30m", "10s", "1.5h", "500ms", "250µs", "3ns", ".5s"]) {
    assert.ok(re.test(ok), ok);
  }
  for (const bad of ["", "1", "1 day", "-1h", "h", "1d", "1h 30m", "1.5"]) assert.ok(!re.test(bad), bad);
});

test("Infer: required fields required, others optional, enums as unions", () => {
  const spec = s.object(
    {
      a: s.string(),
      policy: s.string({ enum: ["none", "update"] }),
      tags: s.map(s.string()),
      extra: s.preserveUnknown(),
    },
    { required: ["a"] },
  );
  type Spec = Infer<typeof spec>;
  const minimal: Spec = { a: "x" };
  const full: Spec = { a: "x", policy: "update", tags: { k: "v" }, extra: { anything: [1] } };
  // @ts-expect-error a is required
  const missing: Spec = { policy: "none" };
  // @ts-expect-error "sometimes" is not in the enum
  const badEnum: Spec = { a: "x", policy: "sometimes" };
  assert.deepEqual(spec.required, ["a"]);
  assert.deepEqual([minimal, full, missing, badEnum].length, 4);
});
