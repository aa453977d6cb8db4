import fs from 'node:fs';
import type { Page } from 'playwright-core';

let source: string | undefined;

/** One axe violation, short enough to read in a failing test. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2 A/AA rules) on the page as it is now and returns its violations;
 * a test expects none. The engine comes from node_modules (nothing is fetched) and is
 * evaluated through the DevTools protocol, so the page's CSP (script-src 'self') stays as is.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  source ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ passes: unknown[]; violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    // A run that checked nothing would pass anything.
    if (result.passes.length === 0) throw new Error('axe checked no rules');
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target[0])) }));
  });
}
