-- The stack's schema. The migration runs it on every deployment, so every statement
-- must be safe to repeat.
CREATE TABLE IF NOT EXISTS items (
  id serial PRIMARY KEY,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS jobs (
  id serial PRIMARY KEY,
  payload text NOT NULL,
  done_by text NOT NULL
);
