import { test } from "node:test";
import assert from "node:assert/strict";
import { bindingAction } from "./role-binding.ts";

test("subjects in mapped namespaces follow the mapping; others stay", () => {
  const out = bindingAction(
    {
      roleRef: { kind: "Role", name: "reader" },
      subjects: [
        { kind: "ServiceAccount", name: "web", namespace: "shop" },
        { kind: "ServiceAccount", name: "mon", namespace: "monitoring" },
        { kind: "User", name: "alice" },
      ],
    },
    { shop: "shop-copy" },
  ).obj;
  assert.deepEqual(out?.subjects, [
    { kind: "ServiceAccount", name: "web", namespace: "shop-copy" },
    { kind: "ServiceAccount", name: "mon", namespace: "monitoring" },
    { kind: "User", name: "alice" },
  ]);
});
