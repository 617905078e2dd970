/**
 * The guideline screen of the microblog: before a post is shown, it looks for customers' personal data
 * (주민등록번호, foreigners' numbers, card and account numbers, passports: the nlp face's detector, which
 * validates check digits) and confidentiality markers (대외비, 고객정보, 내부자료). Phone numbers and e-mail
 * addresses are not held: employees share their extension and address on the internal network.
 * A finding holds the post; the reasons name the kind and place, never the matched digits.
 */
import { detectPii, type PiiType } from '../../nlp/index.js';
import type { HoldReason } from './microblog.tables.js';

const HELD_PII: ReadonlySet<PiiType> = new Set(['rrn', 'foreigner_rn', 'card', 'account', 'passport']);
const PII_MESSAGE: Record<string, string> = {
  rrn: '주민등록번호로 보이는 번호가 있습니다 (resident registration number).',
  foreigner_rn: '외국인등록번호로 보이는 번호가 있습니다 (foreigner registration number).',
  card: '카드번호로 보이는 번호가 있습니다 (card number).',
  account: '계좌번호로 보이는 번호가 있습니다 (bank account number).',
  passport: '여권번호로 보이는 번호가 있습니다 (passport number).',
};

/** Markers of material that must not be posted; whitespace between the characters is tolerated. */
export const CONFIDENTIAL_MARKERS = ['대외비', '고객정보', '내부자료', '극비', 'confidential'] as const;
const BENIGN_AFTER = /^\s*(보\s*호|보\s*안|protection|security)/iu;
const MARKER_RES = CONFIDENTIAL_MARKERS.map((m) => ({ marker: m, re: new RegExp([...m].join('\\s*'), 'giu') }));

export function guidelineScreen(text: string): HoldReason[] {
  const reasons: HoldReason[] = [];
  for (const f of detectPii(text, { includeValues: false })) {
    if (HELD_PII.has(f.type)) reasons.push({ type: 'personal_data', kind: f.type, start: f.start, end: f.end, message: PII_MESSAGE[f.type]! });
  }
  for (const { marker, re } of MARKER_RES) {
    for (const m of text.matchAll(re)) {
      // 고객정보 보호 / 보안 (the training, the policy) is about protecting it, not a marker on material.
      if (BENIGN_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8))) continue;
      reasons.push({ type: 'confidential', kind: marker, start: m.index, end: m.index + m[0].length, message: `기밀 표시 "${marker}"가 있습니다 (confidentiality marker).` });
    }
  }
  return reasons.sort((a, b) => a.start - b.start);
}
