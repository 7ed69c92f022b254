/**
 * kubectl's label selector syntax, parsed into the metav1.LabelSelector a Backup or Restore
 * carries: `app=web`, `app==web` and `app=` go to matchLabels; `tier!=db` becomes NotIn [db];
 * `tier in (a,b)`, `tier notin (a,b)`, `key` (Exists) and `!key` (DoesNotExist) become
 * matchExpressions. Requirements are separated by commas outside parentheses. Keys and values
 * are checked against Kubernetes' label rules so a bad selector fails here, with its position,
 * and not later on the server. `>`/`<` exist in kubectl's grammar but a LabelSelector cannot
 * hold them, so they are rejected.
 */
import type { LabelSelector, LabelSelectorRequirement } from "../api/label-selector.ts";

export type { LabelSelector };

export class SelectorError extends Error {
  readonly code = "InvalidSelector";
}

const namePart = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label key, or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !dnsSubdomain.test(prefix)))
    return `label key "${key}" has a bad prefix: it must be a DNS subdomain like example.com`;
  if (name.length === 0 || name.length > 63 || !namePart.test(name))
    return `label key "${key}" is invalid: up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  if (value === "" || (value.length <= 63 && namePart.test(value))) return undefined;
  return `label value "${value}" is invalid: up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
}

type TokenKind = "id" | "(" | ")" | "," | "=" | "==" | "!=" | "!" | "<" | ">";

interface Token {
  kind: TokenKind;
  text: string;
  at: number;
}

const symbols = ["!=", "==", "(", ")", ",", "=", "!", "<", ">"] as const;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] ?? "")) {
      i++;
      continue;
    }
    const symbol = symbols.find((s) => text.startsWith(s, i));
    if (symbol) {
      tokens.push({ kind: symbol, text: symbol, at: i });
      i += symbol.length;
      continue;
    }
    const start = i;
    while (i < text.length && !/\s/.test(text[i] ?? "") && !symbols.some((s) => text.startsWith(s, i))) i++;
    tokens.push({ kind: "id", text: text.slice(start, i), at: start });
  }
  return tokens;
}

class Parser {
  readonly #tokens: Token[];
  readonly #text: string;
  #pos = 0;

  constructor(text: string) {
    this.#text = text;
    this.#tokens = tokenize(text);
  }

  get done(): boolean {
    return this.#pos >= this.#tokens.length;
  }

  peek(): Token | undefined {
    return this.#tokens[this.#pos];
  }

  next(expected: string): Token {
    const token = this.#tokens[this.#pos];
    if (!token) throw this.error(`expected ${expected} at the end`);
    this.#pos++;
    return token;
  }

  error(message: string, token?: Token): SelectorError {
    const where = token ? ` at position ${token.at + 1} ("${token.text}")` : "";
    return new SelectorError(`${message}${where} in "${this.#text}"`);
  }

  key(): string {
    const token = this.next("a label key");
    if (token.kind !== "id") throw this.error("expected a label key", token);
    const problem = labelKeyProblem(token.text);
    if (problem) throw this.error(problem, token);
    return token.text;
  }

  /** A value after = / == / != (may be empty: `app=`). */
  value(): string {
    const token = this.peek();
    if (!token || token.kind === ",") return "";
    this.#pos++;
    if (token.kind !== "id") throw this.error("expected a label value", token);
    const problem = labelValueProblem(token.text);
    if (problem) throw this.error(problem, token);
    return token.text;
  }

  /** `( v1, v2, … )`. */
  valueSet(): string[] {
    const open = this.next("'('");
    if (open.kind !== "(") throw this.error("expected '(' after in/notin", open);
    const values: string[] = [];
    for (;;) {
      const token = this.next("')'");
      if (token.kind === ")") {
        if (values.length === 0) throw this.error("in/notin needs at least one value", token);
        return values;
      }
      if (token.kind === ",") {
        values.push("");
        continue;
      }
      if (token.kind !== "id") throw this.error("expected a value or ')'", token);
      const problem = labelValueProblem(token.text);
      if (problem) throw this.error(problem, token);
      values.push(token.text);
      const after = this.next("')'");
      if (after.kind === ")") return values;
      if (after.kind !== ",") throw this.error("expected ',' or ')'", after);
    }
  }
}

type Requirement = { key: string; equals: string } | LabelSelectorRequirement;

function requirement(p: Parser): Requirement {
  if (p.peek()?.kind === "!") {
    p.next("'!'");
    return { key: p.key(), operator: "DoesNotExist" };
  }
  const key = p.key();
  const op = p.peek();
  if (!op || op.kind === ",") return { key, operator: "Exists" };
  p.next("an operator");
  if (op.kind === "=" || op.kind === "==") return { key, equals: p.value() };
  if (op.kind === "!=") return { key, operator: "NotIn", values: [p.value()] };
  if (op.kind === "<" || op.kind === ">")
    throw p.error("'<' and '>' cannot be expressed in a label selector; use in (…) or notin (…)", op);
  if (op.kind === "id" && (op.text === "in" || op.text === "notin"))
    return { key, operator: op.text === "in" ? "In" : "NotIn", values: p.valueSet() };
  throw p.error("expected =, ==, !=, in or notin", op);
}

function addTo(selector: LabelSelector, req: Requirement, p: Parser): void {
  if ("equals" in req) {
    const labels = (selector.matchLabels ??= {});
    const existing = labels[req.key];
    if (existing !== undefined && existing !== req.equals)
      throw p.error(`"${req.key}" cannot equal both "${existing}" and "${req.equals}"`);
    labels[req.key] = req.equals;
  } else {
    (selector.matchExpressions ??= []).push(req);
  }
}

/** Parses a selector; an empty or blank string is undefined (select everything). */
export function parseLabelSelector(text: string): LabelSelector | undefined {
  const p = new Parser(text);
  if (p.done) return undefined;
  const selector: LabelSelector = {};
  for (;;) {
    addTo(selector, requirement(p), p);
    if (p.done) return selector;
    const sep = p.next("','");
    if (sep.kind !== ",") throw p.error("expected ',' between requirements", sep);
    if (p.done) throw p.error("a selector cannot end with ','");
  }
}

/** `a=b or c=d` → one selector per alternative (Velero's --or-selector). */
export function parseOrSelectors(text: string): LabelSelector[] {
  const parts = text.split(/\s+or\s+/);
  return parts.map((part) => {
    const selector = parseLabelSelector(part);
    if (!selector) throw new SelectorError(`empty alternative in "${text}"; write e.g. "app=a or app=b"`);
    return selector;
  });
}

/** The selector in kubectl syntax, for tables and describe output; "" when it selects everything. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  if (!selector) return "";
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    const values = (r.values ?? []).join(",");
    if (r.operator === "In") parts.push(`${r.key} in (${values})`);
    else if (r.operator === "NotIn") parts.push(`${r.key} notin (${values})`);
    else if (r.operator === "Exists") parts.push(r.key);
    else parts.push(`!${r.key}`);
  }
  return parts.join(",");
}

/** A spec's selection for tables: its label selector, its OR-ed selectors joined by " or ", or <none>. */
export function formatSelectors(spec: { labelSelector?: LabelSelector; orLabelSelectors?: LabelSelector[] }): string {
  if (spec.labelSelector) return formatLabelSelector(spec.labelSelector) || "<none>";
  if (spec.orLabelSelectors?.length) return spec.orLabelSelectors.map(formatLabelSelector).join(" or ");
  return "<none>";
}
