/** `npm run lifeboat:down`: stops `lifeboat server` (the cluster keeps running; cluster:down stops it too). */
import { lifeboatDown } from "../test/cluster/lifeboat.ts";

await lifeboatDown((line) => console.error(line));
