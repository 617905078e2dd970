export interface BlogLink {
  label: string;
  url: string;
}

export interface BlogTables {
  blog_posts: {
    id: string;
    workspace_id: string;
    slug: string;
    title: string;
    html: string;
    summary: string;
    cover_url: string | null;
    cover_alt: string | null;
    idempotency_key: string | null;
    published_at: Date;
    updated_at: Date;
    created_by: string | null;
  };
  blog_settings: {
    workspace_id: string;
    title: string;
    description: string;
    links: BlogLink[];
    updated_at: Date;
  };
}
