-- Network: per-author metrics of the interaction graph, cascades of items, and the runs that compute them.
-- A "slice" (column `period`) names the graph a run was built from: `all`, `30d`, or `30d/ch:x/t:term`.

create table network_runs (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  period text not null,
  params jsonb not null,                       -- { period, channel, topic }
  status text not null check (status in ('queued', 'running', 'succeeded', 'skipped', 'failed')),
  mode text not null check (mode in ('full', 'degrees')),
  trigger text not null check (trigger in ('schedule', 'request')),
  force boolean not null default false,
  requested_by text,                           -- actor label of a request
  queued_at timestamptz not null,
  started_at timestamptz,
  finished_at timestamptz,
  worker text,
  fingerprint text,                            -- what the inputs looked like; unchanged inputs skip the run
  interactions integer,                        -- interaction rows in the slice when it ran
  nodes integer,
  edges integer,
  modularity double precision,
  communities integer,
  community_sizes jsonb,                       -- sizes of the largest communities, by community number
  betweenness jsonb,                           -- { mode: exact|sampled, sources, maxStdErr, hoeffding95 }
  pagerank jsonb,                              -- { iterations, errorBound, converged }
  cascades integer,
  seconds jsonb,
  error text
);
create index network_runs_ws on network_runs (workspace_id, queued_at desc);
create index network_runs_queued on network_runs (queued_at) where status = 'queued';
-- At most one queued or running run per slice.
create unique index network_runs_active on network_runs (workspace_id, period) where status in ('queued', 'running');

create table author_metrics (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  author_id uuid not null references authors(id) on delete cascade,
  period text not null,
  run_id uuid,
  pagerank double precision,
  pagerank_pct double precision,               -- share of the slice's nodes with a lower PageRank (0..1)
  in_degree integer not null default 0,
  out_degree integer not null default 0,
  in_strength double precision not null default 0,
  out_strength double precision not null default 0,
  coreness integer,
  betweenness double precision,
  community integer,
  cascades_started integer not null default 0,
  sneezer_avg double precision,                -- average reach of the author's own posts
  sneezer_max integer,                         -- largest reach of one of them
  secondary_reach double precision,            -- reach through posts in cascades others started
  items_negative integer not null default 0,   -- the author's items in the slice by sentiment label
  items_neutral integer not null default 0,
  items_positive integer not null default 0,
  computed_at timestamptz not null,
  degrees_at timestamptz not null,             -- when degree and strength were last brought up to date
  primary key (workspace_id, period, author_id)
);
create index author_metrics_author on author_metrics (author_id);
create index author_metrics_rank on author_metrics (workspace_id, period, pagerank desc nulls last);

create table network_cascades (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  period text not null,
  item_id uuid not null references items(id) on delete cascade,
  author_id uuid not null references authors(id) on delete cascade,
  size integer not null,
  depth integer not null,
  max_breadth integer not null,
  t50_min double precision,
  t90_min double precision,
  computed_at timestamptz not null,
  primary key (workspace_id, period, item_id)
);
create index network_cascades_author on network_cascades (author_id, size desc);

-- Per-workspace weights of each interaction type (absent: the defaults in src/modules/network/slice.ts).
create table network_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  weights jsonb not null,
  updated_at timestamptz not null
);
