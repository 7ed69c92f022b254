/**
 * Which namespaces a backup or restore covers: include and exclude lists of names or globs
 * (`*` any run of characters, `?` one character, `[abc]` / `[a-z]` / `[!abc]` one of a set), as
 * Velero 1.18 accepts them. An empty include list or `*` means every namespace; an exclude
 * always wins over an include.
 */
import { FilterError } from "./errors.ts";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A regular expression that matches exactly the strings `glob` matches. Throws FilterError. */
export function globToRegExp(glob: string, field = "pattern"): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0)
        throw new FilterError(
          "InvalidGlob",
          `${field}: "${glob}" has a "[" without a closing "]"; close the set or drop the "["`,
        );
      let set = glob.slice(i + 1, close);
      const negate = set.startsWith("!") || set.startsWith("^");
      if (negate) set = set.slice(1);
      out += `[${negate ? "^" : ""}${set.replace(/[\\\]^]/g, "\\$&")}]`;
      i = close;
    } else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`);
}

export function isGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

export class NamespaceFilter {
  readonly included: readonly string[];
  readonly excluded: readonly string[];
  readonly #include: RegExp[] | undefined;
  readonly #exclude: RegExp[];

  /** Throws FilterError for a malformed glob, naming the field. */
  constructor(included: readonly string[] = [], excluded: readonly string[] = []) {
    this.included = included;
    this.excluded = excluded;
    const all = included.length === 0 || included.includes("*");
    this.#include = all ? undefined : included.map((g) => globToRegExp(g, "includedNamespaces"));
    this.#exclude = excluded.map((g) => globToRegExp(g, "excludedNamespaces"));
  }

  /** Every namespace, none excluded (Velero's IncludeEverything). */
  get includesEverything(): boolean {
    return this.#include === undefined && this.excluded.length === 0;
  }

  /** The included names when they are plain names (no globs, not "all"); else undefined. */
  get explicitNames(): string[] | undefined {
    if (this.#include === undefined || this.included.some(isGlob)) return undefined;
    return [...new Set(this.included)].filter((n) => this.matches(n));
  }

  matches(namespace: string): boolean {
    if (this.#exclude.some((re) => re.test(namespace))) return false;
    return this.#include === undefined || this.#include.some((re) => re.test(namespace));
  }
}

/** Problems with a pair of namespace lists, one message per problem (empty when valid). */
export function validateNamespaceFilter(included: readonly string[], excluded: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [field, list] of [
    ["includedNamespaces", included],
    ["excludedNamespaces", excluded],
  ] as const) {
    for (const g of list) {
      try {
        globToRegExp(g, field);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
  }
  if (excluded.includes("*"))
    problems.push('excludedNamespaces: "*" would exclude every namespace; list the namespaces to leave out instead');
  for (const n of included) {
    if (n !== "*" && excluded.includes(n))
      problems.push(`namespace "${n}" is in both includedNamespaces and excludedNamespaces; keep it in one list`);
  }
  return problems;
}
