-- Two-factor sign-in (TOTP, RFC 6238) and the login challenges between password and second factor.
-- Workspaces may require it of admins and compliance (workspaces.settings.requireMfa).

create table user_mfa (
  user_id uuid primary key references users(id) on delete cascade,
  secret_envelope text not null,           -- the TOTP key, AES-256-GCM under the secret key
  status text not null check (status in ('pending', 'active')),
  last_used_step bigint,                   -- a code's time step is accepted once
  created_at timestamptz not null,
  enabled_at timestamptz
);

create table mfa_recovery_codes (
  user_id uuid not null references users(id) on delete cascade,
  code_hash text not null,                 -- sha256 of the normalised code
  used_at timestamptz,
  primary key (user_id, code_hash)
);

create table login_challenges (
  id text primary key,                     -- sha256 of the challenge token given to the browser
  user_id uuid not null references users(id) on delete cascade,
  kind text not null check (kind in ('totp', 'enrol')),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  attempts integer not null default 0,
  ip text,
  user_agent text
);
create index login_challenges_expires on login_challenges (expires_at);

-- Single sign-on (OIDC authorization code + PKCE): one row per sign-in started, used once.
create table oidc_requests (
  state text primary key,                  -- sha256 of the state sent to the provider
  nonce text not null,
  code_verifier text not null,
  redirect_uri text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index oidc_requests_expires on oidc_requests (expires_at);
