/**
 * Safe HTML by construction: the `html` template escapes every interpolated
 * value unless it is itself markup made by `html`. Report values come from
 * AWS (Name tags, descriptions, reasons quoting them) and may hold markup;
 * escaping by default means forgetting to escape one is not possible.
 */

export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

type Value = Markup | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Markup(out);
}

/** Markup written by driftwarden itself (the stylesheet); never pass a value read from AWS. */
export function trusted(markup: string): Markup {
  return new Markup(markup);
}

/**
 * Data for the page's script, as `<script type="application/json">`: the
 * browser never runs it, the script reads it with textContent. `<`, `>` and
 * `&` are written as JSON escapes, so no value can close the element
 * (`</script`) or open a comment (`<!--`) whatever it holds.
 */
export function jsonScript(id: string, value: unknown): Markup {
  const json = JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return new Markup(`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`);
}
