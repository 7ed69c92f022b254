import { test } from "node:test";
import assert from "node:assert/strict";
import {
  parseBool,
  parseChoice,
  parseDurationFlag,
  parseKeyValues,
  parseLabels,
  parseList,
  parseNamespaceMappings,
  parseOptionalBool,
  parseOrSelectorFlag,
  parseSecretKey,
  parseSelectorFlag,
} from "./flags.ts";
import { UsageError } from "./output.ts";

/** Asserts a one-line UsageError that starts with the flag and matches `detail`. */
function rejects(fn: () => unknown, flag: string, detail: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof UsageError, `not a UsageError: ${String(err)}`);
    assert.ok(err.message.startsWith(`${flag}: `), err.message);
    assert.ok(!err.message.includes("\n"), "one line");
    assert.match(err.message, detail);
    return true;
  });
}

test("lists split on commas and trim", () => {
  assert.deepEqual(parseList("--include-namespaces", "a, b ,c"), ["a", "b", "c"]);
  rejects(
    () => parseList("--include-namespaces", "a,,b", "app1,app2"),
    "--include-namespaces",
    /empty entry.*e\.g\. --include-namespaces app1,app2/,
  );
});

test("key=value maps keep '=' inside values and refuse duplicates", () => {
  assert.deepEqual(parseKeyValues("--config", "region=minio,s3Url=http://h:9000/?a=b"), {
    region: "minio",
    s3Url: "http://h:9000/?a=b",
  });
  rejects(() => parseKeyValues("--config", "region"), "--config", /"region" is not key=value/);
  rejects(() => parseKeyValues("--config", "=x"), "--config", /not key=value/);
  rejects(() => parseKeyValues("--config", "a=1,a=2"), "--config", /"a" is given twice/);
});

test("labels must be valid label keys and values", () => {
  assert.deepEqual(parseLabels("--labels", "team=db,app.kubernetes.io/part-of=shop"), {
    team: "db",
    "app.kubernetes.io/part-of": "shop",
  });
  rejects(() => parseLabels("--labels", "team=has space"), "--labels", /label value "has space" is invalid/);
});

test("booleans take Go's spellings", () => {
  for (const v of ["true", "TRUE", "t", "1", "yes"]) assert.equal(parseBool("--x", v), true, v);
  for (const v of ["false", "F", "0", "no"]) assert.equal(parseBool("--x", v), false, v);
  rejects(
    () => parseBool("--include-cluster-resources", "mybackup"),
    "--include-cluster-resources",
    /"mybackup" is not true or false; write --include-cluster-resources=true/,
  );
  assert.equal(parseOptionalBool("--x", true), true);
  assert.equal(parseOptionalBool("--x", undefined), undefined);
  assert.equal(parseOptionalBool("--x", "false"), false);
});

test("choices name the allowed values", () => {
  assert.equal(parseChoice("--access-mode", "ReadOnly", ["ReadWrite", "ReadOnly"] as const), "ReadOnly");
  rejects(
    () => parseChoice("--access-mode", "readonly", ["ReadWrite", "ReadOnly"] as const),
    "--access-mode",
    /not one of ReadWrite, ReadOnly/,
  );
});

test("namespace mappings are source:target pairs", () => {
  assert.deepEqual(parseNamespaceMappings("--namespace-mappings", "prod:prod-copy, db:db2"), {
    prod: "prod-copy",
    db: "db2",
  });
  const flag = "--namespace-mappings";
  rejects(() => parseNamespaceMappings(flag, "prod"), flag, /"prod" is not source:target; e\.g\./);
  rejects(() => parseNamespaceMappings(flag, "a:b:c"), flag, /not source:target/);
  rejects(() => parseNamespaceMappings(flag, "a:"), flag, /not source:target/);
  rejects(() => parseNamespaceMappings(flag, "Prod:x"), flag, /"Prod" is not a valid namespace name/);
  rejects(() => parseNamespaceMappings(flag, "a:x,a:y"), flag, /"a" is mapped twice/);
  rejects(() => parseNamespaceMappings(flag, "a:x,b:x"), flag, /two namespaces map onto "x"/);
});

test("a credential is one secret=key pair", () => {
  assert.deepEqual(parseSecretKey("--credential", "cloud-credentials=cloud"), {
    name: "cloud-credentials",
    key: "cloud",
  });
  rejects(() => parseSecretKey("--credential", "a=b,c=d"), "--credential", /must be one secret-name=key pair/);
  rejects(() => parseSecretKey("--credential", "a="), "--credential", /must be one secret-name=key pair/);
});

test("selector flags wrap selector errors with the flag and an example", () => {
  assert.deepEqual(parseSelectorFlag("--selector", "app=x"), { matchLabels: { app: "x" } });
  rejects(
    () => parseSelectorFlag("--selector", "app in (a"),
    "--selector",
    /expected '\)'.*e\.g\. --selector "app=web/,
  );
  assert.equal(parseOrSelectorFlag("--or-selector", "a=b or c=d").length, 2);
  rejects(() => parseOrSelectorFlag("--or-selector", "a=b or c>1"), "--or-selector", /cannot be expressed/);
});

test("durations are Go durations, stored the way Go prints them", () => {
  assert.equal(parseDurationFlag("--ttl", "1h"), "1h0m0s");
  assert.equal(parseDurationFlag("--ttl", "24h0m0s"), "24h0m0s");
  assert.equal(parseDurationFlag("--ttl", "90m"), "1h30m0s");
  assert.equal(parseDurationFlag("--validation-frequency", "0"), "0s");
  rejects(() => parseDurationFlag("--ttl", "1 day"), "--ttl", /"1 day" is not a duration.*e\.g\. --ttl 24h0m0s/);
  rejects(() => parseDurationFlag("--ttl", "5d"), "--ttl", /not a duration/);
  rejects(() => parseDurationFlag("--ttl", "-1h"), "--ttl", /negative/);
});
