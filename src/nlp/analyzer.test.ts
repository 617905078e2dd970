import { describe, expect, it } from 'vitest';
import { createAnalyzer, defaultModelsDir, mask } from './index.js';
import { existsSync } from 'node:fs';

const analyzer = createAnalyzer();

describe('createAnalyzer', () => {
  it('finds the committed models relative to the module', () => {
    expect(existsSync(`${defaultModelsDir()}/sentiment-ko.bin.gz`)).toBe(true);
  });

  it('fails clearly when the models folder is wrong', () => {
    expect(() => createAnalyzer({ modelsDir: '/nonexistent' })).toThrow(/model missing/);
  });

  it('analyses a Korean complaint end to end', () => {
    const a = analyzer.analyze('국민은행 앱 또 먹통이네요 진짜 짜증나요 환불해 주세요. 연락처 010-1234-5678');
    expect(a.language).toBe('ko');
    expect(a.sentiment.label).toBe('negative');
    expect(a.sentiment.probs.negative + a.sentiment.probs.neutral + a.sentiment.probs.positive).toBeCloseTo(1, 3);
    expect(a.sentiment.explanation.length).toBeGreaterThan(0);
    expect(a.complaint.isComplaint).toBe(true);
    expect(a.intents.labels).toContain('complaint');
    expect(a.intents.explanation.complaint?.length).toBeGreaterThan(0);
    expect(a.keywords).toContain('국민은행');
    expect(a.pii.map((p) => p.type)).toEqual(['phone']);
    expect(a.masked).toContain('010-****-5678');
    expect(a.abuse.label).toBeDefined();
  });

  it('praise is positive and not a complaint', () => {
    const a = analyzer.analyze('상담원분이 정말 친절하게 도와주셨어요 감사합니다 👍');
    expect(a.sentiment.label).toBe('positive');
    expect(a.complaint.isComplaint).toBe(false);
    expect(a.intents.labels).toContain('praise');
  });

  it('recognises purchase, churn and fraud intents', () => {
    expect(analyzer.intents('신용카드 새로 발급받고 싶어요 온라인으로 신청 가능한가요?').labels).toContain('purchase');
    expect(analyzer.intents('수수료 너무 비싸서 계좌 해지하고 토스로 갈아탈게요').labels).toContain('churn');
    expect(analyzer.intents('보이스피싱 당했어요 지급정지 해주세요').labels).toContain('fraud');
    expect(analyzer.intents('There is an unauthorized charge on my card I never made').labels).toContain('fraud');
  });

  it('English sentiment uses the English model', () => {
    expect(analyzer.sentiment('Terrible service, the app keeps crashing and support is useless').label).toBe('negative');
    expect(analyzer.sentiment('Thanks so much, great support and a friendly advisor').label).toBe('positive');
  });

  it('abuse detects hateful insults and leaves polite text alone', () => {
    expect(analyzer.abuse('니들은 다 쓰레기야 꺼져').label).not.toBe('none');
    expect(analyzer.abuse('좋은 하루 보내세요').label).toBe('none');
  });

  it('per-task functions agree with analyze', () => {
    const text = '카드 분실했는데 누가 50만원 결제했어요';
    const a = analyzer.analyze(text);
    expect(analyzer.intents(text).labels).toEqual(a.intents.labels);
    expect(analyzer.sentiment(text).label).toBe(a.sentiment.label);
    expect(analyzer.abuse(text).probs).toEqual(a.abuse.probs);
    expect(analyzer.language(text)).toBe('ko');
    expect(analyzer.mask('주민번호 901010-1123451')).toBe(mask('주민번호 901010-1123451'));
  });

  it('handles empty and odd input without throwing', () => {
    for (const text of ['', '   ', '😀😀😀', '1234', 'ㅋㅋㅋㅋㅋㅋㅋ', 'a'.repeat(5000)]) {
      const a = analyzer.analyze(text);
      expect(a.sentiment.label).toMatch(/negative|neutral|positive/);
    }
  });

  it('is deterministic', () => {
    const text = '대출 금리가 너무 올라서 부담돼요';
    expect(analyzer.analyze(text)).toEqual(analyzer.analyze(text));
  });
});
