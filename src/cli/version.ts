/**
 * `lifeboat version [--client-only]`: the client's version and runtime, and the server's version
 * asked through a ServerStatusRequest. No answering server is not an error: the command prints
 * `Server: <not reachable: why>` and exits 0, so it stays usable for finding out what is wrong.
 */
import type { Command } from "commander";
import { lifeboatVersion } from "../version.ts";
import { addKubeOptions, kubeGlobals } from "./kube-context.ts";
import { printData } from "./output.ts";
import { serverStatus, type ServerStatus } from "./server-status.ts";

export interface VersionInfo {
  client: { version: string; nodeVersion: string; platform: string };
  server?: ServerStatus;
}

export function versionInfo(): VersionInfo {
  return {
    client: {
      version: lifeboatVersion,
      nodeVersion: process.version,
      platform: `${process.platform}/${process.arch}`,
    },
  };
}

export function versionText(info: VersionInfo): string {
  const lines = [
    "Client:",
    `\tVersion: v${info.client.version}`,
    `\tNode.js: ${info.client.nodeVersion} (${info.client.platform})`,
  ];
  if (info.server && "version" in info.server) {
    const v = info.server.version;
    lines.push("Server:", `\tVersion: ${v.startsWith("v") || v.startsWith("<") ? v : `v${v}`}`);
  } else if (info.server) {
    lines.push(`Server: <not reachable: ${info.server.error}>`);
  }
  return lines.join("\n") + "\n";
}

export function registerVersion(program: Command): void {
  const command = program
    .command("version")
    .description("Print the client version and, from the cluster, the server version")
    .option("--client-only", "only the client version; do not contact the cluster");
  addKubeOptions(command).action(async (flags: { clientOnly?: boolean }, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    const info = versionInfo();
    if (!flags.clientOnly) info.server = await serverStatus(globals);
    printData(globals.output, info, () => versionText(info));
  });
}
