/** The links module's tables (migrations/0020_links.sql). */
export interface LinksTables {
  links: {
    id: string;
    workspace_id: string;
    code: string;
    target_url: string;
    final_url: string;
    campaign: string | null;
    channel: string | null;
    post_id: string | null;
    variant: string | null;
    reply_id: string | null;
    conversation_id: string | null;
    title: string | null;
    expires_at: Date | null;
    created_by: string | null;
    created_at: Date;
  };
  link_utm_templates: {
    workspace_id: string;
    channel: string;
    campaign: string;
    params: Record<string, string>;
    updated_at: Date;
  };
  link_clicks: {
    id: string;
    workspace_id: string;
    link_id: string;
    at: Date;
    day: string;
    visitor: string | null;
    referrer_host: string | null;
    device: string;
    country: string | null;
    bot: boolean;
    prefetch: boolean;
  };
  link_salts: { day: string; salt: string };
  link_settings: { workspace_id: string; window_days: number; model: 'last_click' | 'first_click'; track_links: boolean; updated_at: Date };
  link_conversions: {
    id: string;
    workspace_id: string;
    event_id: string;
    type: string;
    occurred_at: Date;
    received_at: Date;
    source: 'api' | 'webhook';
    click_id: string | null;
    link_id: string | null;
    post_id: string | null;
    channel: string | null;
    campaign: string | null;
    attributed: boolean;
    reason: string | null;
    value: string | number | null;
  };
}
