import { test } from "node:test";
import assert from "node:assert/strict";
import { serviceAccountAction, serviceAccountMergePatch } from "./service-account.ts";

test("legacy token secrets of the account are dropped, other secrets stay", () => {
  const out = serviceAccountAction({
    metadata: { name: "web" },
    secrets: [{ name: "web-token-abcde" }, { name: "registry" }, { name: "webhook-token-x" }],
  }).obj;
  assert.deepEqual(out?.secrets, [{ name: "registry" }, { name: "webhook-token-x" }]);
});

test("an existing account gets the backup's missing secrets, pull secrets, labels and annotations", () => {
  const live = {
    metadata: { name: "default", labels: { team: "live" }, annotations: { a: "live" } },
    secrets: [{ name: "s1" }],
  };
  const backup = {
    metadata: { name: "default", labels: { team: "backup", tier: "web" }, annotations: { a: "backup", b: "x" } },
    secrets: [{ name: "s1" }, { name: "s2" }],
    imagePullSecrets: [{ name: "registry" }],
  };
  assert.deepEqual(serviceAccountMergePatch(live, backup), {
    secrets: [{ name: "s1" }, { name: "s2" }],
    imagePullSecrets: [{ name: "registry" }],
    metadata: { labels: { tier: "web" }, annotations: { b: "x" } },
  });
});

test("nothing to add means no patch", () => {
  const live = { metadata: { name: "default", labels: { a: "1" } }, secrets: [{ name: "s1" }] };
  assert.equal(serviceAccountMergePatch(live, { metadata: { name: "default" }, secrets: [{ name: "s1" }] }), undefined);
});
