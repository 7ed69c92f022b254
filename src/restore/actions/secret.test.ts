import { test } from "node:test";
import assert from "node:assert/strict";
import { secretAction } from "./secret.ts";

const tokenSecret = (name: string) => ({
  metadata: {
    name,
    annotations: {
      "kubernetes.io/service-account.name": "web",
      "kubernetes.io/service-account.uid": "u1",
      keep: "yes",
    },
  },
  type: "kubernetes.io/service-account-token",
  data: { token: "dA==", "ca.crt": "Yw==", namespace: "bg==", extra: "ZQ==" },
});

test("ordinary secrets pass unchanged", () => {
  const secret = { metadata: { name: "db" }, type: "Opaque", data: { password: "cA==" } };
  assert.deepEqual(secretAction(secret).obj, secret);
});

test("legacy auto-generated token secrets are skipped", () => {
  const result = secretAction(tokenSecret("web-token-abcde"));
  assert.match(result.skip ?? "", /ServiceAccount web/);
});

test("user-made token secrets are restored without what the token controller fills in", () => {
  const out = secretAction(tokenSecret("web-ci-token")).obj as { metadata: { annotations: object }; data: object };
  assert.deepEqual(out.metadata.annotations, { "kubernetes.io/service-account.name": "web", keep: "yes" });
  assert.deepEqual(out.data, { extra: "ZQ==" });
});
