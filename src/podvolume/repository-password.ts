/**
 * Repository passwords: one random password per BackupStorageLocation (32 random bytes,
 * base64url), kept in the Secret `lifeboat-repository-passwords` of the install namespace under
 * the location's name. There is no built-in default (Velero's `static-passw0rd` lets anyone with
 * the bucket read the data). The password is made on first use, race-safely: two node agents
 * (or the server) asking at once end up with the same one, because a create that loses gets
 * AlreadyExists and a key added to an existing Secret is a resourceVersion-checked update that
 * loses with Conflict; the loser reads again and takes the winner's.
 *
 * Disaster recovery: a new cluster needs the same password to read the repositories. Save it
 * (`lifeboat repo password --show`) and put it into the Secret of the new cluster before the
 * first restore; an existing key is never replaced.
 */
import { randomBytes } from "node:crypto";
import { KubeError } from "../kube/errors.ts";
import type { RestClient } from "../kube/rest.ts";
import { PodVolumeError } from "./errors.ts";

export const passwordSecretName = "lifeboat-repository-passwords";
const maxAttempts = 10;

interface Secret {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
  type?: string;
  data?: Record<string, string>;
}

export function newRepositoryPassword(): string {
  return randomBytes(32).toString("base64url");
}

function secretPath(namespace: string, name?: string): string {
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
  return name ? `${base}/${encodeURIComponent(name)}` : base;
}

function checkLocation(location: string): void {
  if (!/^[-._a-zA-Z0-9]+$/.test(location)) {
    throw new PodVolumeError(
      "InvalidArgument",
      `backup storage location name "${location}" cannot be a Secret key (letters, digits, "-", "_", ".")`,
    );
  }
}

async function getSecret(rest: RestClient, namespace: string): Promise<Secret | undefined> {
  try {
    return await rest.get<Secret>(secretPath(namespace, passwordSecretName));
  } catch (err) {
    if (KubeError.is(err, "NotFound")) return undefined;
    throw err;
  }
}

function decode(secret: Secret, location: string, namespace: string): string | undefined {
  const encoded = secret.data?.[location];
  if (encoded === undefined) return undefined;
  const password = Buffer.from(encoded, "base64").toString("utf8");
  if (password === "") {
    throw new PodVolumeError(
      "PasswordMissing",
      `secret ${namespace}/${passwordSecretName} key "${location}" is empty; put the repository password there`,
    );
  }
  return password;
}

/** The location's password, or undefined when none has been made yet (never creates one). */
export async function readRepositoryPassword(
  rest: RestClient,
  namespace: string,
  location: string,
): Promise<string | undefined> {
  checkLocation(location);
  const secret = await getSecret(rest, namespace);
  return secret ? decode(secret, location, namespace) : undefined;
}

/** The location's password, made and stored on first use. */
export async function ensureRepositoryPassword(rest: RestClient, namespace: string, location: string): Promise<string> {
  checkLocation(location);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const secret = await getSecret(rest, namespace);
    const existing = secret ? decode(secret, location, namespace) : undefined;
    if (existing !== undefined) return existing;
    const password = newRepositoryPassword();
    const encoded = Buffer.from(password, "utf8").toString("base64");
    try {
      if (!secret) {
        await rest.post(secretPath(namespace), {
          apiVersion: "v1",
          kind: "Secret",
          metadata: {
            name: passwordSecretName,
            namespace,
            labels: { "app.kubernetes.io/part-of": "lifeboat", "app.kubernetes.io/component": "repository-passwords" },
          },
          type: "Opaque",
          data: { [location]: encoded },
        } satisfies Secret);
      } else {
        // PUT carries metadata.resourceVersion: a concurrent change makes it fail with Conflict
        await rest.put(secretPath(namespace, passwordSecretName), {
          ...secret,
          data: { ...secret.data, [location]: encoded },
        });
      }
      return password;
    } catch (err) {
      if (!KubeError.is(err, "AlreadyExists") && !KubeError.is(err, "Conflict")) throw err;
    }
  }
  throw new PodVolumeError(
    "PasswordMissing",
    `could not store a password for location "${location}" in secret ${namespace}/${passwordSecretName} after ${maxAttempts} attempts (it keeps changing)`,
  );
}
