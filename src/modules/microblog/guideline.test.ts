import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { guidelineScreen } from './guideline.js';

describe('the guideline screen', () => {
  it('holds customer personal data and confidentiality markers, naming the kind and place, never the digits', () => {
    const text = '고객 카드 4111-1111-1111-1111 재발급, 주민번호 900101-1234568 확인 요망 (대 외 비)';
    const r = guidelineScreen(text);
    expect(r.map((x) => x.kind)).toEqual(['card', 'rrn', '대외비']);
    for (const x of r) expect(JSON.stringify(x)).not.toMatch(/4111|900101/);
    expect(text.slice(r[0]!.start, r[0]!.end)).toBe('4111-1111-1111-1111');
  });

  it('lets ordinary posts, extensions, phone numbers, e-mail and failed check digits through', () => {
    for (const ok of [
      '점심 같이 하실 분 #점심',
      '내선 2101로 연락 주세요',
      '010-1234-5678 로 전화',
      'kim@bank.test 로 메일',
      '주문번호 4111111111111112 처리 완료',
      '대외 협력 회의 자료',
      '고객 정보 보호 교육 안내',
      '고객정보보안 점검 일정',
    ]) {
      expect(guidelineScreen(ok), ok).toEqual([]);
    }
  });

  it('still holds 고객정보 as material', () => {
    expect(guidelineScreen('고객정보 엑셀 파일 공유드립니다').map((x) => x.kind)).toEqual(['고객정보']);
  });
});

describe('the directory CSV reader', () => {
  it('reads quotes, doubled quotes, CRLF, a BOM and skips blank lines', () => {
    expect(parseCsv('\uFEFFemail,name\r\n"a@b.test","김, ""민수"""\r\n\r\nc@d.test,이지영')).toEqual([
      ['email', 'name'],
      ['a@b.test', '김, "민수"'],
      ['c@d.test', '이지영'],
    ]);
  });
});
