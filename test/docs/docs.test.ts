import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import { dirname, join, normalize } from "node:path";

/**
 * The README and docs/ as a reader meets them: lines fit 120 characters (tables aside), relative links land on a
 * file and heading that exist, and every snippet block is the file (or region) it shows, byte for byte, so the
 * README's examples are the code the tests run. `npm run docs:snippets` rewrites the blocks from their files.
 */
const root = join(__dirname, "..", "..");
const MAX_LINE = 120;
const pages = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
const MARKER = /^<!-- snippet: ([^#\s]+)(?:#(\S+))? -->$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

function read(page: string, base = root): string[] {
  return readFileSync(join(base, page), "utf8").split("\n");
}

/** Each line with whether it lies inside a fenced code block (the fence lines count as inside). */
function classify(lines: string[]): Array<{ text: string; number: number; inCode: boolean }> {
  let fence: string | null = null;
  return lines.map((text, index) => {
    const opening = FENCE.exec(text);
    const inCode = fence !== null || opening !== null;
    if (fence === null && opening) fence = opening[1];
    else if (fence !== null && text.trim().startsWith(fence)) fence = null;
    return { text, number: index + 1, inCode };
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const { text, inCode } of classify(read(page))) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (inCode || !heading) continue;
    const plain = heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*]/g, "");
    const base = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The lines a snippet marker points at: the whole file, or the lines between its region's markers. */
function snippetSource(path: string, region: string | undefined, base = root): string {
  const file = join(base, path);
  if (!existsSync(file)) throw new Error(`snippet file ${path} does not exist`);
  const lines = readFileSync(file, "utf8").replace(/\n$/, "").split("\n");
  if (!region) return lines.join("\n");
  const start = lines.findIndex((line) => line.trim() === `// #region ${region}`);
  const end = lines.findIndex((line) => line.trim() === `// #endregion ${region}`);
  if (start < 0 || end < start) throw new Error(`${path} has no region ${region}`);
  return lines.slice(start + 1, end).join("\n");
}

interface Snippet {
  page: string;
  line: number;
  source: string;
  shown: string;
  expected: string;
}

function snippets(page: string, base = root): Snippet[] {
  const lines = read(page, base);
  const found: Snippet[] = [];
  lines.forEach((text, index) => {
    const marker = MARKER.exec(text);
    if (!marker) return;
    let open = index + 1;
    while (open < lines.length && lines[open].trim() === "") open++;
    const fence = FENCE.exec(lines[open] ?? "");
    if (!fence)
      throw new Error(`${page}:${index + 1}: the snippet marker is not followed by a fenced code block`);
    let close = open + 1;
    while (close < lines.length && !lines[close].startsWith(fence[1])) close++;
    found.push({
      page,
      line: index + 1,
      source: marker[2] ? `${marker[1]}#${marker[2]}` : marker[1],
      shown: lines.slice(open + 1, close).join("\n"),
      expected: snippetSource(marker[1], marker[2], base),
    });
  });
  return found;
}

describe.each(pages)("%s", (page) => {
  it(`has no line over ${MAX_LINE} characters outside tables (code blocks included)`, () => {
    const long = classify(read(page))
      .filter(({ text, inCode }) => [...text].length > MAX_LINE && (inCode || !/^\s*\|/.test(text)))
      .map(({ number, text }) => `${page}:${number} (${[...text].length})`);
    expect(long).toEqual([]);
  });

  it("links only to files and headings that exist", () => {
    const broken: string[] = [];
    for (const { text, number, inCode } of classify(read(page))) {
      if (inCode) continue;
      const prose = text.replace(/<!--.*?-->/g, "").replace(/`[^`]*`/g, ""); // comments and code link nowhere
      for (const [, target] of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [path, anchor] = target.split("#", 2);
        const file = path ? normalize(join(dirname(page), decodeURIComponent(path))) : page;
        if (!existsSync(join(root, file))) {
          broken.push(`${page}:${number} ${target} (no file ${file})`);
        } else if (anchor !== undefined && file.endsWith(".md") && !anchors(file).has(anchor)) {
          broken.push(`${page}:${number} ${target} (no heading #${anchor} in ${file})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("shows every snippet exactly as its file has it (npm run docs:snippets rewrites them)", () => {
    for (const snippet of snippets(page)) {
      expect({ at: `${snippet.page}:${snippet.line}`, source: snippet.source, text: snippet.shown }).toEqual({
        at: `${snippet.page}:${snippet.line}`,
        source: snippet.source,
        text: snippet.expected,
      });
    }
  });
});

describe("snippets", () => {
  it("the README's mobile example is a region of a file the end-to-end tests run", () => {
    const sources = snippets("README.md").map((snippet) => snippet.source);
    expect(sources).toContain("examples/mobile/switch-with-mfa.ts#switch-with-mfa");
  });

  it("catches a snippet that drifts from its file, and npm run docs:snippets puts it back", () => {
    // On a copy, so a failing run never leaves the real README edited.
    const copy = mkdtempSync(join(tmpdir(), "docs-snippets-"));
    try {
      cpSync(join(root, "README.md"), join(copy, "README.md"));
      cpSync(join(root, "docs"), join(copy, "docs"), { recursive: true });
      for (const page of pages) {
        for (const { source } of snippets(page)) {
          const file = source.split("#")[0];
          mkdirSync(dirname(join(copy, file)), { recursive: true });
          cpSync(join(root, file), join(copy, file));
        }
      }
      const mobileSource = "examples/mobile/switch-with-mfa.ts#switch-with-mfa";
      const first = snippets("README.md", copy).find((snippet) => snippet.source === mobileSource)!;
      const mobile = join(copy, "examples/mobile/switch-with-mfa.ts");
      writeFileSync(mobile, readFileSync(mobile, "utf8").replace("network-only", "cache-first"));
      const drifted = snippets("README.md", copy).find((snippet) => snippet.line === first.line)!;
      expect(drifted.shown).not.toBe(drifted.expected);

      execFileSync(process.execPath, [join(root, "scripts", "docs-snippets.mjs"), copy]);
      const fixed = snippets("README.md", copy).find((snippet) => snippet.line === first.line)!;
      expect(fixed.shown).toBe(fixed.expected);
      expect(fixed.shown).toContain("cache-first");
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
