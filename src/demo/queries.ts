/**
 * Monitoring queries of the demo workspace, created on the first start so a new user sees dashboards
 * with data at once: the bank (brand), two of its products, the two competitors of the dataset, and a
 * share-of-voice set with the bank and the competitors. The expressions are written against the demo
 * corpus (`src/demo/dataset/`): `queries.test.ts` checks each matches its share of the posts and the
 * brand query catches the outage spike.
 */
import type { QueriesService } from '../modules/listening/index.js';
import type { Scope } from '../platform/access/scope.js';

/** The share-of-voice set of the demo: 한빛은행 against 누리은행 and 다온카드. */
export const DEMO_SOV_SET = 'demo-banks';

export interface DemoQuery {
  name: string;
  expression: string;
  kind: 'brand' | 'product' | 'competitor' | 'topic';
  setId: string | null;
  /** Crisis alerts on (the bank and its app; competitors are watched, not alerted on). */
  alert: boolean;
}

export const DEMO_QUERIES: readonly DemoQuery[] = [
  // The bank's own KakaoTalk channel and app-store reviews (the generic webhook) are about the bank even
  // when they do not name it ("앱 로그인이 안 돼요"), so they count for the brand.
  { name: '한빛은행', kind: 'brand', setId: DEMO_SOV_SET, alert: true, expression: '한빛은행 OR 한빛 OR Hanbit OR @hanbitbank OR #한빛은행 OR channel:webhook' },
  { name: '한빛카드', kind: 'product', setId: null, alert: false, expression: '한빛카드 OR "Hanbit Card" OR @hanbitcard' },
  {
    name: '한빛 모바일뱅킹',
    kind: 'product',
    setId: null,
    alert: true,
    expression: '(한빛은행 OR 한빛 OR Hanbit OR channel:webhook) (앱 OR 어플 OR app OR 로그인 OR login OR 모바일뱅킹 OR 인터넷뱅킹 OR 먹통)',
  },
  { name: '누리은행', kind: 'competitor', setId: DEMO_SOV_SET, alert: false, expression: '누리은행 OR 누리 OR "Nuri Bank" OR Nuri' },
  { name: '다온카드', kind: 'competitor', setId: DEMO_SOV_SET, alert: false, expression: '다온카드 OR 다온 OR "Daon Card" OR Daon' },
];

/** The expression without `channel:` filters this build has no adapter for (they would not validate). */
export function demoExpression(q: DemoQuery, channelTypes: readonly string[]): string {
  return q.expression.replace(/ OR channel:([a-z_]+)/g, (all, type: string) => (channelTypes.includes(type) ? all : ''));
}

/**
 * Creates the demo queries in the demo workspace (once, on the first start). No backfill of their own
 * is needed for the replay (every post that arrives later is matched at ingest), but a 14-day backfill
 * is requested anyway: when it ends, the query's history counts from two weeks back, so the crisis
 * detector trusts the demo history instead of treating the queries as brand new.
 */
export async function seedDemoQueries(queries: Pick<QueriesService, 'create'>, scope: Scope, channelTypes: readonly string[], backfillDays = 14): Promise<string[]> {
  const ids: string[] = [];
  for (const q of DEMO_QUERIES) {
    const { query } = await queries.create(scope, {
      name: q.name,
      expression: demoExpression(q, channelTypes),
      kind: q.kind,
      setId: q.setId,
      backfillDays,
      alert: { enabled: q.alert },
    });
    ids.push(query.id);
  }
  return ids;
}
