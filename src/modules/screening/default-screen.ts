/** The seeded Korean default rule set, compiled once; for the CLI and callers without a database. */
import { DEFAULT_RULES } from './defaults.js';
import { compileRuleSet, screen, type CompiledRuleSet, type Finding, type ScreenContext } from './engine.js';

let compiled: CompiledRuleSet | undefined;

export function screenWithDefaults(text: string, context: ScreenContext = {}): Finding[] {
  compiled ??= compileRuleSet(DEFAULT_RULES);
  return screen(compiled, text, context);
}
