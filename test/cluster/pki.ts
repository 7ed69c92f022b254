/**
 * The test cluster's PKI: a CA, the API server's serving certificate, the service-account
 * signing key and one client certificate per identity (admin, controller manager, scheduler,
 * each fake node's kubelet). Made once with the openssl CLI and kept until `cluster:down --purge`.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile, rm, rename } from "node:fs/promises";
import path from "node:path";
import { dirs } from "./paths.ts";

export interface ClientIdentity {
  /** File stem under pki/, e.g. "admin". */
  file: string;
  commonName: string;
  organization?: string;
}

export function pkiFile(name: string): string {
  return path.join(dirs.pki, name);
}

/** A new P-256 key, unencrypted: the arguments both `req` calls share. */
const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function openssl(args: string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}

function ensureCa(): void {
  if (existsSync(pkiFile("ca.crt"))) return;
  openssl([
    "req",
    "-x509",
    ...newKey,
    "-keyout",
    pkiFile("ca.key"),
    "-out",
    pkiFile("ca.crt"),
    "-days",
    "3650",
    "-subj",
    "/CN=lifeboat-dev-ca",
  ]);
}

async function signLeaf(stem: string, subject: string, extensions: string[]): Promise<void> {
  if (existsSync(pkiFile(`${stem}.crt`))) return;
  const csr = pkiFile(`${stem}.csr`);
  const ext = pkiFile(`${stem}.ext`);
  await writeFile(ext, extensions.join("\n") + "\n");
  openssl(["req", "-new", ...newKey, "-keyout", pkiFile(`${stem}.key`), "-out", csr, "-subj", subject]);
  openssl([
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    pkiFile("ca.crt"),
    "-CAkey",
    pkiFile("ca.key"),
    "-CAcreateserial",
    "-days",
    "3650",
    "-extfile",
    ext,
    "-out",
    pkiFile(`${stem}.crt.tmp`),
  ]);
  await rm(csr);
  await rm(ext);
  await rename(pkiFile(`${stem}.crt.tmp`), pkiFile(`${stem}.crt`));
}

async function ensureServiceAccountKey(): Promise<void> {
  if (existsSync(pkiFile("sa.pub"))) return;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  await writeFile(pkiFile("sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }), {
    mode: 0o600,
  });
  await writeFile(pkiFile("sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
}

export async function ensurePki(clients: ClientIdentity[]): Promise<void> {
  await mkdir(dirs.pki, { recursive: true, mode: 0o700 });
  ensureCa();
  await ensureServiceAccountKey();
  const serverNames = [
    "DNS:localhost",
    "DNS:kubernetes",
    "DNS:kubernetes.default",
    "DNS:kubernetes.default.svc",
    "DNS:kubernetes.default.svc.cluster.local",
    "IP:127.0.0.1",
    "IP:10.96.0.1",
  ];
  await signLeaf("apiserver", "/CN=kube-apiserver", [
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,digitalSignature,keyEncipherment",
    "extendedKeyUsage=serverAuth",
    `subjectAltName=${serverNames.join(",")}`,
  ]);
  for (const client of clients) {
    const subject = (client.organization ? `/O=${client.organization}` : "") + `/CN=${client.commonName}`;
    await signLeaf(client.file, subject, [
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=clientAuth",
    ]);
  }
}
