-- No query reads idempotency keys by expiry alone: expired keys are found within an organization
-- (the primary key's prefix). The index only cost every reservation one more index insert.
DROP INDEX IF EXISTS idempotency_keys_expires;
