import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { ko, type MessageKey } from '../../web/src/i18n/ko.js';
import { alertReason } from '../../web/src/pages/listening/dashboards/AlertsTab.js';
import type { Alert } from '../../web/src/pages/listening/dashboards/dashboardsApi.js';

const translator = (dict: Record<MessageKey, string>) => (key: MessageKey, vars?: Record<string, string | number>) => dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));

const alert = (reasonParams: Alert['reasonParams']) => ({ code: 'spike', observed: 36, reasonParams }) as Alert;
// 03:00 KST on Thursday 19 November 2026.
const hourStart = '2026-11-18T18:00:00.000Z';

describe('why an alert was raised, in the reader’s language', () => {
  it('says the window across the hour boundary, from since to by', () => {
    const window = alert({ hourStart, observed: 36, expected: 0.4, ratio: 90, z: 12.3, by: '03:01', since: '02:01' });
    const k = alertReason(translator(ko), 'ko', window);
    expect(k).toContain('직전 한 시간(02:01~03:01) 36건');
    expect(k).toContain('평소 같은 시간 예상 0.4건, 90배, z = 12.3');
    expect(k).not.toMatch(/\{\w+\}/);
    const e = alertReason(translator(en), 'en', window);
    expect(e).toMatch(/^36 items in the hour from 02:01 to 03:01, around .+ vs 0\.4 expected \(90×, z = 12\.3\)$/);
  });

  it('keeps the clock hour’s sentences: a partial hour by a time, a whole hour without', () => {
    expect(alertReason(translator(ko), 'ko', alert({ hourStart, observed: 45, expected: 2, ratio: 22.5, z: 9, by: '03:20' }))).toMatch(/03:20까지 45건 \(평소 이 시간대 예상 2건/);
    const whole = alertReason(translator(en), 'en', alert({ hourStart, observed: 45, expected: 2, ratio: 22.5, z: 9, by: null }));
    expect(whole).toMatch(/^45 items in .+ vs 2 expected for this hour/);
    expect(whole).not.toContain('from');
  });
});
