import { useI18n } from '../../../i18n/index.js';

/** What conditions can look at and do (src/modules/inbox/domain/rule-fields.ts); the server validates. */
export const RULE_FIELDS: Array<{ field: string; ops: string; values?: string }> = [
  { field: 'text', ops: 'contains, exists', values: '["환불", "해지"] (match: token | substring)' },
  { field: 'channel', ops: 'equals, in, not_in, contains, exists', values: 'x, meta, youtube, bluesky, mastodon, email, blog, webhook' },
  { field: 'account_id', ops: 'equals, in, not_in, exists' },
  { field: 'kind', ops: 'equals, in, not_in, exists', values: 'post, comment, reply, repost, quote, direct_message, email, review' },
  { field: 'is_private', ops: 'equals, exists', values: 'true, false' },
  { field: 'language', ops: 'equals, in, not_in, contains, exists', values: 'ko, en, …' },
  { field: 'sentiment.label', ops: 'equals, in, not_in, exists', values: 'negative, neutral, positive' },
  { field: 'sentiment.score', ops: 'equals, gte, lte, exists', values: '-1 … 1' },
  { field: 'intents', ops: 'contains, not_in, exists', values: 'complaint, inquiry, praise, purchase, churn, fraud' },
  { field: 'abuse', ops: 'equals, in, not_in, exists', values: 'none, offensive, hate' },
  { field: 'pii_types', ops: 'contains, not_in, exists', values: 'rrn, foreigner_rn, card, account, phone, email, passport' },
  { field: 'author.followers', ops: 'equals, gte, lte, exists' },
  { field: 'author.influence', ops: 'equals, gte, lte, exists', values: '0 … 100' },
  { field: 'author.vip', ops: 'equals, exists', values: 'true, false' },
  { field: 'author.customer', ops: 'equals, exists', values: 'true, false' },
  { field: 'author.segments', ops: 'contains, not_in, exists' },
  { field: 'time.business_hours', ops: 'equals', values: 'true, false' },
  { field: 'time.local', ops: 'gte, lte', values: '"18:00"' },
  { field: 'time.weekday', ops: 'equals, in, not_in, exists', values: 'mon … sun' },
];

export const ACTION_EXAMPLES: string[] = [
  '{ "type": "set_priority", "priority": "high" }',
  '{ "type": "add_tags", "tags": ["환불"] }',
  '{ "type": "set_team", "teamId": "<teamId>" }',
  '{ "type": "assign_strategy", "strategy": "round_robin" }',
  '{ "type": "assign_agent", "agentId": "<userId>" }',
  '{ "type": "auto_acknowledge", "templateId": "<cannedReplyId>" }',
  '{ "type": "escalate", "manager": true, "reason": "금융사고 의심" }',
  '{ "type": "set_sla_policy", "policyId": "<slaPolicyId>" }',
];

export const RULE_TEMPLATE = {
  conditions: {
    all: [
      { field: 'intents', op: 'contains', value: ['complaint'] },
      { field: 'text', op: 'contains', value: ['환불', '해지'] },
    ],
  },
  actions: [
    { type: 'set_priority', priority: 'high' },
    { type: 'add_tags', tags: ['환불'] },
  ],
};

/** The reference beside the JSON editor: fields, operators, values, and action shapes, with ids to copy. */
export function RuleHelp({ ids }: { ids: Array<{ label: string; items: Array<{ id: string; name: string }> }> }) {
  const { t } = useI18n();
  return (
    <details className="rule-help">
      <summary>{t('inboxSettings.rules.help')}</summary>
      <p className="small muted">{t('inboxSettings.rules.helpIntro')}</p>
      <div className="table-wrap">
        <table className="table small">
          <thead>
            <tr>
              <th>{t('inboxSettings.rules.field')}</th>
              <th>{t('inboxSettings.rules.ops')}</th>
              <th>{t('inboxSettings.rules.values')}</th>
            </tr>
          </thead>
          <tbody>
            {RULE_FIELDS.map((f) => (
              <tr key={f.field}>
                <td>
                  <code>{f.field}</code>
                </td>
                <td>{f.ops}</td>
                <td>{f.values ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>{t('inboxSettings.rules.actionsHelp')}</h4>
      <ul className="code-list">
        {ACTION_EXAMPLES.map((a) => (
          <li key={a}>
            <code>{a}</code>
          </li>
        ))}
      </ul>
      {ids.map((group) =>
        group.items.length ? (
          <div key={group.label}>
            <h4>{group.label}</h4>
            <ul className="code-list">
              {group.items.map((x) => (
                <li key={x.id}>
                  {x.name}: <code>{x.id}</code>
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </details>
  );
}
