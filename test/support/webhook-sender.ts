import crypto from 'node:crypto';

/** Sends deliveries as an external system would to a generic signed webhook (docs/channels/webhook.md). */
export function signedDelivery(secret: string, body: string, now = new Date()): Record<string, string> {
  const ts = String(Math.floor(now.getTime() / 1000));
  const sig = crypto.createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
  return { 'content-type': 'application/json', 'x-sotong-timestamp': ts, 'x-sotong-signature': `sha256=${sig}` };
}

export function webhookEvents(prefix: string, n: number, at = new Date()): string {
  return JSON.stringify({
    events: Array.from({ length: n }, (_, i) => ({
      id: `${prefix}-${i}`,
      type: 'post',
      author: { id: `cust-${i % 97}`, handle: `cust${i % 97}`, name: `고객 ${i % 97}` },
      text: `한빛카드 결제 오류 문의드립니다 #${prefix}-${i}`,
      createdAt: at.toISOString(),
    })),
  });
}
