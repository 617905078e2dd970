/** The public pages a customer sees (Korean first, English below): small, no script, no outside resources. */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1d2330}h1{font-size:1.3rem}.en{color:#5b6475;font-size:.9rem}.box{border:1px solid #d5dae3;border-radius:8px;padding:1rem;margin:1rem 0;background:#f7f9fc}button,.btn{display:inline-block;background:#2356d8;color:#fff;border:0;border-radius:6px;padding:.6rem 1.1rem;font-size:1rem;text-decoration:none;cursor:pointer}button.secondary{background:#b3261e}</style></head>
<body>${body}</body></html>`;
}

export function openPage(p: { purpose: string; expiresAt: string; loginHref: string | null }): string {
  const login = p.loginHref
    ? `<p><a class="btn" id="bank-login" href="${esc(p.loginHref)}">은행 로그인으로 본인 확인</a></p>`
    : '<p>이 은행은 아직 로그인 연동을 설정하지 않았습니다. <span class="en">The bank has not set up its sign-in yet.</span></p>';
  return layout(
    '고객 계정 연결 동의',
    `<h1>고객 계정 연결 동의 <span class="en">Link your account</span></h1>
<p>은행이 이 소셜 계정을 고객님의 고객 정보와 연결하려고 합니다. 먼저 은행 로그인으로 본인임을 확인해 주세요.</p>
<p class="en">The bank asks to link this social account to your customer record. First confirm it is you by signing in with the bank.</p>
<div class="box"><strong>목적 (Purpose)</strong><p id="purpose">${esc(p.purpose)}</p><small>유효기간 (valid until) ${esc(p.expiresAt)}</small></div>${login}`,
  );
}

export function consentPage(p: { purpose: string; action: string }): string {
  return layout(
    '동의',
    `<h1>본인 확인 완료 <span class="en">Signed in</span></h1>
<p>아래 목적에 동의하시면 이 소셜 계정이 고객님의 고객 정보와 연결됩니다. 언제든지 철회할 수 있습니다.</p>
<p class="en">If you consent to the purpose below, this social account is linked to your customer record. You can withdraw at any time.</p>
<div class="box"><strong>목적 (Purpose)</strong><p id="purpose">${esc(p.purpose)}</p></div>
<form method="post" action="${esc(p.action)}"><button id="agree" type="submit">동의합니다 (I consent)</button></form>`,
  );
}

export function donePage(p: { revokeHref: string }): string {
  return layout(
    '연결 완료',
    `<h1 id="done">연결되었습니다 <span class="en">Linked</span></h1>
<p>동의를 철회하려면 이 링크를 보관해 두세요. <span class="en">Keep this link to withdraw your consent.</span></p>
<p><a id="revoke-link" href="${esc(p.revokeHref)}">${esc(p.revokeHref)}</a></p>`,
  );
}

export function revokePage(p: { purpose: string; linkedAt: string; revokedAt: string | null; action: string }): string {
  const body = p.revokedAt
    ? `<p id="revoked">이 연결은 철회되었습니다 (${esc(p.revokedAt)}). <span class="en">This link was withdrawn.</span></p>`
    : `<form method="post" action="${esc(p.action)}"><button id="revoke" class="secondary" type="submit">동의 철회 (Withdraw consent)</button></form>`;
  return layout(
    '동의 철회',
    `<h1>동의 철회 <span class="en">Withdraw consent</span></h1>
<div class="box"><strong>목적 (Purpose)</strong><p>${esc(p.purpose)}</p><small>연결 (linked) ${esc(p.linkedAt)}</small></div>${body}`,
  );
}

const MESSAGES: Record<string, [string, string]> = {
  'consent.link_invalid': ['유효하지 않은 링크입니다.', 'This link is not valid.'],
  'consent.expired': ['링크의 유효기간이 지났습니다. 상담원에게 새 링크를 요청해 주세요.', 'This link has expired. Ask the agent for a new one.'],
  'consent.spent': ['이미 사용된 링크입니다.', 'This link was already used.'],
  'consent.assertion_invalid': ['은행 로그인을 확인할 수 없습니다.', "The bank's sign-in could not be verified."],
  'consent.assertion_expired': ['은행 로그인이 만료되었습니다. 다시 로그인해 주세요.', "The bank's sign-in has expired."],
  'consent.customer_unknown': ['은행에서 고객 정보를 찾을 수 없습니다.', 'The bank does not know this customer here.'],
  'consent.not_authenticated': ['먼저 은행 로그인으로 본인 확인을 해 주세요.', 'Sign in with the bank first.'],
  'consent.already_linked': ['이 소셜 계정은 이미 연결되어 있습니다.', 'This social account is already linked.'],
};

export function errorPage(code: string): string {
  const [ko, en] = MESSAGES[code] ?? ['요청을 처리할 수 없습니다.', 'The request could not be handled.'];
  return layout('오류', `<h1 id="error" data-code="${esc(code)}">${esc(ko)}</h1><p class="en">${esc(en)}</p>`);
}
