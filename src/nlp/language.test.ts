import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it.each([
    ['국민은행 앱이 또 먹통이네요', 'ko'],
    ['KB국민카드 app 로그인 안됨 ㅠㅠ', 'ko'],
    ['The app keeps crashing when I log in', 'en'],
    ['카드 결제 error 떠요 please help me with this payment issue now', 'mixed'],
    ['このアプリは使いにくいです', 'other'],
    ['El banco me cobró una comisión que no es correcta', 'other'],
    ['12345 !!!', 'other'],
    ['', 'other'],
  ])('%s → %s', (text, expected) => {
    expect(detectLanguage(text).language).toBe(expected);
  });
});
