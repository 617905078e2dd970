/**
 * The rule-set document a workspace's compliance team edits and versions. Everything here is data:
 * phrases (matched tolerant of spacing: "원금보장", "원 금 보 장") and regular expressions (JavaScript
 * syntax, matched case-insensitively, Unicode-aware), each rule citing its source.
 */

export const PRODUCTS = ['deposit', 'loan', 'investment', 'card', 'insurance'] as const;
export type Product = (typeof PRODUCTS)[number];
export type Severity = 'block' | 'warn';

export interface ClaimRule {
  id: string;
  /** Literal phrases; whitespace between their characters is optional in the text. */
  phrases?: string[];
  /** Regular expressions (source only). */
  patterns?: string[];
  severity: Severity;
  /** A negation next to the match ("원금 보장이 되지 않습니다", "not guaranteed") makes it no claim. */
  negatable?: boolean;
  /** Products for which the phrase is no claim at all (원금 보장 of an insured deposit). */
  exceptProducts?: Product[];
  message: string;
  source: string;
}

export interface DisclosureRule {
  id: string;
  products: Product[];
  /** The disclosure is present when any of these patterns matches. */
  anyOf: string[];
  /** Required only when this pattern matches (e.g. a rate is quoted); always when absent. */
  when?: string;
  severity: Severity;
  message: string;
  source: string;
}

export interface RuleSetDocument {
  claims: ClaimRule[];
  disclosures: DisclosureRule[];
  personalData: { severity: Severity; source: string };
  links: { severity: Severity; allowedHosts: string[]; source: string };
  crisis: { severity: Severity; words: string[]; source: string };
}
