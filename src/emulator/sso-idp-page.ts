// The stand-in identity provider's sign-in page: one email field, posted back to the same URL. Plain HTML
// without scripts or external assets, so any browser (or a form-posting HTTP client) can drive it.

// The emulator serves no /favicon.ico: an empty icon spares the browser a request and its console a 404.
const NO_FAVICON = '<link rel="icon" href="data:,">';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface IdpPageModel {
  organizationName: string;
  connectionName: string;
  /** Addresses offered as suggestions (the organization's members); any address may be typed. */
  suggestions: string[];
  error?: string;
  emailAddress?: string;
}

export function renderIdpPage(model: IdpPageModel): string {
  const options = model.suggestions.map((e) => `<option value="${escapeHtml(e)}"></option>`).join("");
  const error = model.error ? `<p role="alert" class="error">${escapeHtml(model.error)}</p>` : "";
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8">${NO_FAVICON}<title>Sign in – ${escapeHtml(model.connectionName)} (Stytch emulator)</title></head>
<body>
<main>
<h1>${escapeHtml(model.connectionName)}</h1>
<p>Emulated identity provider for ${escapeHtml(model.organizationName)}. Whoever you name here is signed in.</p>
${error}
<form method="post">
<label for="email_address">Email address</label>
<input id="email_address" name="email_address" type="email" required autofocus list="members"
  value="${escapeHtml(model.emailAddress ?? "")}">
<datalist id="members">${options}</datalist>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}

export function renderIdpErrorPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8">${NO_FAVICON}<title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body>
</html>
`;
}
