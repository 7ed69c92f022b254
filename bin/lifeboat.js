#!/usr/bin/env node
// The `lifeboat` command. The sources are TypeScript run directly by Node.js 24 (type stripping).
import "../src/cli.ts";
