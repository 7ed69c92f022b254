import { objectStoreConformance } from "../conformance.ts";
import { MemoryStore } from "./memory-store.ts";

objectStoreConformance("memory", () => Promise.resolve({ store: new MemoryStore() }));
