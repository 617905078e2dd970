import { describe, expect, it } from 'vitest';
import { finalSound, josa, parseTemplate, renderTemplate, validateTemplate } from './templates.js';

const values = { customer: { name: '김민수', handle: '@minsu' }, agent: { name: '이지은', team: '카드상담' }, conversation: { id: 'C-1024' } };

describe('renderTemplate', () => {
  it('fills variables', () => {
    const r = renderTemplate('{{customer.name}}님, 안녕하세요. 상담사 {{agent.name}}입니다. (문의번호 {{ conversation.id }})', values);
    expect(r).toEqual({
      text: '김민수님, 안녕하세요. 상담사 이지은입니다. (문의번호 C-1024)',
      variables: ['customer.name', 'agent.name', 'conversation.id'],
      unknown: [],
      missing: [],
      errors: [],
      ok: true,
    });
  });

  it('uses defaults when a value is missing or blank, and reports missing values without one', () => {
    expect(renderTemplate('{{customer.name|고객}}님', { customer: { name: '  ' } }).text).toBe('고객님');
    expect(renderTemplate('{{customer.name | 고객 }}님', {}).text).toBe('고객님');
    expect(renderTemplate('{{customer.name|}}님', {})).toMatchObject({ text: '님', missing: [], ok: true });
    const r = renderTemplate('{{customer.name}}님', { customer: {} });
    expect(r).toMatchObject({ text: '님', missing: ['customer.name'], ok: false });
  });

  it('keeps the default text after the first bar as written', () => {
    expect(renderTemplate('{{agent.name|상담사 | 팀}}', {}).text).toBe('상담사 | 팀');
  });

  it('reports unknown variables (typos) once, in order', () => {
    const r = renderTemplate('{{custmer.name}} {{foo}} {{custmer.name|x}}', values);
    expect(r).toMatchObject({ text: '  x', unknown: ['custmer.name', 'foo'], ok: false });
  });

  it('accepts a custom variable list and numbers as values', () => {
    const r = renderTemplate('{{card.last4}}', { card: { last4: 1234 } }, { known: ['card.last4'] });
    expect(r).toMatchObject({ text: '1234', ok: true });
    expect(renderTemplate('{{customer}}', values, { known: ['customer'] }).missing).toEqual(['customer']); // an object is no value
  });

  it('does not reach into prototypes', () => {
    expect(renderTemplate('{{customer.constructor}}', values, { known: ['customer.constructor'] }).missing).toEqual(['customer.constructor']);
  });

  it('reports syntax errors with their offsets and leaves the text readable', () => {
    const r = renderTemplate('안녕 {{ }} {{9abc}} {{customer.name', values);
    expect(r.errors.map((e) => [e.code, e.index])).toEqual([
      ['empty_placeholder', 3],
      ['invalid_name', 9],
      ['unclosed', 18],
    ]);
    expect(r.text).toBe('안녕   {{customer.name');
    expect(r.ok).toBe(false);
  });

  it('escapes literal braces with a backslash', () => {
    expect(renderTemplate('\\{{customer.name}} = {{customer.name}}', values).text).toBe('{{customer.name}} = 김민수');
  });
});

describe('josa', () => {
  it('chooses the particle after a variable by its final sound', () => {
    const t = '{{customer.name}}(은)는 {{customer.name}}(이)가 {{customer.name}}(을)를 {{customer.name}}(과)와 {{customer.name}}(으)로';
    expect(renderTemplate(t, { customer: { name: '김민수' } }).text).toBe('김민수는 김민수가 김민수를 김민수와 김민수로');
    expect(renderTemplate(t, { customer: { name: '김민준' } }).text).toBe('김민준은 김민준이 김민준을 김민준과 김민준으로');
    expect(renderTemplate(t, { customer: { name: '서울' } }).text).toBe('서울은 서울이 서울을 서울과 서울로'); // ㄹ takes 로
  });

  it('accepts both spellings of a marker and applies after literal text such as 님', () => {
    expect(renderTemplate('{{customer.name}}은(는) / {{customer.name}}님(은)는 / {{customer.name}}(아)야', values).text).toBe('김민수는 / 김민수님은 / 김민수야');
  });

  it('works with defaults and leaves unrelated parentheses alone', () => {
    expect(renderTemplate('{{customer.name|고객}}(이)가 (은행) 방문', {}).text).toBe('고객이 (은행) 방문');
    expect(renderTemplate('(은)는', {}).text).toBe('은(는)'); // nothing before it: undetermined
  });

  it('reads digits, acronyms and safe English endings; otherwise writes both forms', () => {
    expect(finalSound('카드 3')).toBe('consonant'); // 삼
    expect(finalSound('2')).toBe('vowel'); // 이
    expect(finalSound('7번')).toBe('consonant');
    expect(josa('1', '으')).toBe('로'); // 일로
    expect(josa('KB', '은')).toBe('는'); // 케이비
    expect(josa('BNK', '은')).toBe('는'); // 비엔케이
    expect(josa('KTL', '이')).toBe('이'); // 케이티엘
    expect(josa('IBM', '을')).toBe('을'); // 아이비엠
  });

  it('falls back to the combined form when unsure', () => {
    expect(josa('Mike', '은')).toBe('은(는)');
    expect(josa('😀', '이')).toBe('이(가)');
    expect(josa('Mike', '으')).toBe('(으)로');
    expect(josa('Anna', '이')).toBe('가');
    expect(josa('John', '을')).toBe('을');
    expect(josa('Paul', '으')).toBe('로');
    expect(josa('김민수 (VIP)', '은')).toBe('는'); // trailing punctuation skipped; VIP → 피
    expect(() => josa('x', '의')).toThrow(RangeError);
  });
});

describe('validateTemplate', () => {
  it('lists variables, unknown ones and syntax errors', () => {
    expect(validateTemplate('{{customer.name}} {{ticket.no}} {{customer.name}} {{', ['customer.name'])).toEqual({
      errors: [{ code: 'unclosed', index: 50, message: '"{{" at 50 is never closed with "}}"' }],
      variables: ['customer.name', 'ticket.no'],
      unknown: ['ticket.no'],
    });
    expect(parseTemplate('plain').parts).toEqual([{ kind: 'text', text: 'plain' }]);
  });
});
