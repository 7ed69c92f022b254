/**
 * The shape every restore item action shares: it gets an item whose metadata and status are
 * already reset, and answers the object to create or the reason to skip it. Actions are pure
 * (no cluster calls): whatever they need to know about the cluster is decided before and
 * passed in their options.
 */
import type { KubeObject } from "../object.ts";

export type ActionResult = { obj: KubeObject; skip?: undefined } | { skip: string; obj?: undefined };

export const keep = (obj: KubeObject): ActionResult => ({ obj });
export const skip = (reason: string): ActionResult => ({ skip: reason });
