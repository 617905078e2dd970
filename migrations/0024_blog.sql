-- The built-in blog (issue #16): long-form posts per workspace, served publicly at /blog/<workspace-slug>/,
-- and the blog's own settings (title, description, links to the bank's channel accounts).
create table blog_posts (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  slug text not null,
  title text not null,
  html text not null,
  summary text not null default '',
  cover_url text,
  cover_alt text,
  idempotency_key text,
  published_at timestamptz not null,
  updated_at timestamptz not null,
  created_by uuid,
  unique (workspace_id, slug)
);
create unique index blog_posts_idempotency on blog_posts (workspace_id, idempotency_key) where idempotency_key is not null;
create index blog_posts_recent on blog_posts (workspace_id, published_at desc);

create table blog_settings (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  title text not null,
  description text not null default '',
  links jsonb not null default '[]',
  updated_at timestamptz not null
);
