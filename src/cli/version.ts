/** `lifeboat version`: the client's version and the runtime it runs on. */
import type { Command } from "commander";
import { lifeboatVersion } from "../version.ts";
import { parseOutputFormat, printData } from "./output.ts";

export interface VersionInfo {
  client: { version: string; nodeVersion: string; platform: string };
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

export function registerVersion(program: Command): void {
  program
    .command("version")
    .description("Print the Lifeboat client version")
    .option("-o, --output <format>", "output format: table, json or yaml", "table")
    .action((opts: { output: string }) => {
      const info = versionInfo();
      printData(parseOutputFormat(opts.output), info, () =>
        [
          "Client:",
          `\tVersion: v${info.client.version}`,
          `\tNode.js: ${info.client.nodeVersion} (${info.client.platform})`,
          "",
        ].join("\n"),
      );
    });
}
