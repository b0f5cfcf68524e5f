type Child = Node | string | null | undefined | false;
type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], "dataset">> & {
  dataset?: Record<string, string>;
};

/** One element with properties and children: enough DOM for an example, no framework. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props<K> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const { dataset, ...rest } = props;
  const element = Object.assign(document.createElement(tag), rest);
  Object.assign(element.dataset, dataset);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Replaces the current view (and clears the last error). */
export function render(...nodes: Child[]): void {
  showError(null);
  document.getElementById("view")!.replaceChildren(...nodes.filter((node): node is Node | string => !!node));
}

/** The one error line; with `retryAfter` (seconds, from the API) it says how long to wait before trying again. */
export function showError(message: string | null, code?: string, retryAfter?: number): void {
  const box = document.getElementById("error")!;
  box.hidden = message === null;
  box.replaceChildren(message ?? "");
  if (retryAfter !== undefined)
    box.append(" ", h("span", { className: "retry-after" }, `try again in ${retryAfter} s`));
  box.dataset.code = code ?? "";
  box.dataset.retryAfter = retryAfter === undefined ? "" : String(retryAfter);
}

export function labelled(text: string, input: HTMLInputElement | HTMLSelectElement): HTMLLabelElement {
  return h("label", {}, text, input);
}
