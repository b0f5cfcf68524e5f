import { attempt } from "./errors";
import { h } from "./dom";

/** A form whose submit runs `action` once at a time and shows its failure. */
export function actionForm(
  name: string,
  fields: Node[],
  submitLabel: string,
  action: () => Promise<void>,
): HTMLFormElement {
  const submit = h("button", { type: "submit", textContent: submitLabel });
  const form = h("form", { name }, ...fields, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(submit, action);
  });
  return form;
}

/** A button that runs `action` once at a time and shows its failure. */
export function actionButton(label: string, action: () => Promise<void>, name = label): HTMLButtonElement {
  const button = h("button", { type: "button", textContent: label, name });
  button.addEventListener("click", () => void attempt(button, action));
  return button;
}
