import { test } from "node:test";
import assert from "node:assert/strict";
import { RestClient } from "../kube/rest.ts";
import { KubeConfig } from "@kubernetes/client-node";
import { ensureRepositoryPassword, newRepositoryPassword, readRepositoryPassword } from "./repository-password.ts";

test("a new password is 32 random bytes in base64url, different every time", () => {
  const passwords = new Set(Array.from({ length: 100 }, () => newRepositoryPassword()));
  assert.equal(passwords.size, 100);
  for (const p of passwords) {
    assert.match(p, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(p, "base64url").length, 32);
  }
});

test("a location name that cannot be a Secret key is refused before any request", async () => {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: "http://127.0.0.1:1" }],
    users: [{ name: "u" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  const rest = new RestClient(kc);
  await assert.rejects(ensureRepositoryPassword(rest, "lifeboat", "bad/name"), /cannot be a Secret key/);
  await assert.rejects(readRepositoryPassword(rest, "lifeboat", "a b"), /cannot be a Secret key/);
});
