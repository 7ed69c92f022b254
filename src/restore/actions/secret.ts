/**
 * Secret fix-ups (Velero's secret action): ServiceAccount token secrets. The legacy ones the
 * token controller generated (`<serviceaccount>-token-*`) are not restored: the new cluster
 * makes its own where it still does so. Token secrets a user created on purpose are restored
 * empty of what the token controller fills in (the account uid, token, CA and namespace), so
 * it fills them in for the new account, in the new namespace.
 */
import { type KubeObject, child, clone, metadata, nameOf, str, stringMap, setStringMap } from "../object.ts";
import { type ActionResult, keep, skip } from "./types.ts";

export const serviceAccountTokenType = "kubernetes.io/service-account-token";
const accountNameAnnotation = "kubernetes.io/service-account.name";
const accountUidAnnotation = "kubernetes.io/service-account.uid";

export function secretAction(input: KubeObject): ActionResult {
  if (str(input, "type") !== serviceAccountTokenType) return keep(input);
  const account = str(child(metadata(input), "annotations"), accountNameAnnotation);
  if (account && nameOf(input).startsWith(`${account}-token-`))
    return skip(`token secret generated for ServiceAccount ${account}; the cluster generates its own`);
  const secret = clone(input);
  const annotations = stringMap(secret, "annotations");
  delete annotations[accountUidAnnotation];
  setStringMap(secret, "annotations", annotations);
  const data = child(secret, "data");
  if (data) for (const key of ["token", "ca.crt", "namespace"]) delete data[key];
  return keep(secret);
}
