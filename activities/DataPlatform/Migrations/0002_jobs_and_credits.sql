-- Jobs, artifacts, idempotency keys and the credit ledger.
-- Invariant kept by every writer (and checked by the tests and the benchmark):
--   credit_accounts.reserved_units  = Σ reserve − Σ commit − Σ release   (per organization)
--   credit_accounts.committed_units = Σ commit

CREATE TABLE credit_accounts (
    organization_id text PRIMARY KEY REFERENCES organizations (id),
    limit_units     bigint NOT NULL CHECK (limit_units >= 0),
    reserved_units  bigint NOT NULL DEFAULT 0 CHECK (reserved_units >= 0),
    committed_units bigint NOT NULL DEFAULT 0 CHECK (committed_units >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jobs (
    id                   uuid PRIMARY KEY,
    organization_id      text NOT NULL,
    project_id           text NOT NULL,
    job_type             text NOT NULL,
    status               text NOT NULL CHECK (status IN ('admitting', 'running', 'completed', 'failed', 'cancelled', 'rejected')),
    request              jsonb NOT NULL,
    aoi                  jsonb NOT NULL,
    asset_keys           text[] NOT NULL,
    output_artifacts     jsonb NOT NULL DEFAULT '[]',
    failure              jsonb,
    workflow_id          text NOT NULL,
    output_bucket        text NOT NULL,
    reserved_units       bigint NOT NULL CHECK (reserved_units >= 0),
    source_item_id       text,
    source_area_id       text,
    target_collection_id text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    completed_at         timestamptz,
    deleted_at           timestamptz,
    FOREIGN KEY (project_id, organization_id) REFERENCES projects (id, organization_id)
);
-- clip.jobs.list: newest first per organization, deleted jobs hidden.
CREATE INDEX jobs_organization_created ON jobs (organization_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE artifacts (
    job_id         uuid NOT NULL REFERENCES jobs (id),
    mosaic_type    text NOT NULL CHECK (mosaic_type <> ''),
    filename       text NOT NULL,
    size_bytes     bigint NOT NULL CHECK (size_bytes >= 0),
    object_key     text NOT NULL,
    checksum       text NOT NULL,
    quicklook_path text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, mosaic_type)
);

CREATE TABLE credit_ledger (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id text NOT NULL REFERENCES credit_accounts (organization_id),
    job_id          uuid NOT NULL REFERENCES jobs (id),
    kind            text NOT NULL CHECK (kind IN ('reserve', 'commit', 'release')),
    units           bigint NOT NULL CHECK (units >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (job_id, kind)
);
CREATE INDEX credit_ledger_organization ON credit_ledger (organization_id);

CREATE FUNCTION clip_ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credit_ledger is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER credit_ledger_append_only BEFORE UPDATE OR DELETE ON credit_ledger
    FOR EACH ROW EXECUTE FUNCTION clip_ledger_refuse_change();
CREATE TRIGGER credit_ledger_no_truncate BEFORE TRUNCATE ON credit_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION clip_ledger_refuse_change();

CREATE TABLE idempotency_keys (
    organization_id text NOT NULL REFERENCES organizations (id),
    key             text NOT NULL CHECK (key <> ''),
    fingerprint     text NOT NULL,
    job_id          uuid NOT NULL,
    response        jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, key)
);
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);

-- Reserve credits for a job and create its row, its ledger entry and its idempotency key in one
-- statement (one round trip; the caller's statement is its own transaction). The account row
-- lock serializes reservations of one organization, so the quota check cannot be raced, and a job
-- that already holds a reservation gets it back unchanged ('existing').
-- Outcomes: reserved | existing | quota_exceeded | no_account | project_not_found | forbidden |
--           collection_not_found | collection_forbidden | job_conflict
CREATE FUNCTION clip_reserve_credits(
    p_job_id uuid, p_organization_id text, p_project_id text, p_units bigint,
    p_request jsonb, p_aoi jsonb, p_asset_keys text[], p_workflow_id text, p_output_bucket text,
    p_source_item_id text, p_source_area_id text, p_target_collection_id text,
    p_idempotency_key text, p_fingerprint text, p_idempotency_retention interval)
RETURNS TABLE (outcome text, units bigint, used bigint, limit_units bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_account credit_accounts%ROWTYPE;
    v_used bigint;
    v_existing_units bigint;
    v_existing_org text;
    v_owner text;
BEGIN
    SELECT * INTO v_account FROM credit_accounts a WHERE a.organization_id = p_organization_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'no_account', 0::bigint, 0::bigint, 0::bigint; RETURN;
    END IF;
    v_used := v_account.reserved_units + v_account.committed_units;

    SELECT l.units, l.organization_id INTO v_existing_units, v_existing_org
      FROM credit_ledger l WHERE l.job_id = p_job_id AND l.kind = 'reserve';
    IF FOUND THEN
        IF v_existing_org <> p_organization_id THEN
            RETURN QUERY SELECT 'job_conflict', 0::bigint, 0::bigint, 0::bigint; RETURN;
        END IF;
        RETURN QUERY SELECT 'existing', v_existing_units, v_used, v_account.limit_units; RETURN;
    END IF;

    SELECT p.organization_id INTO v_owner FROM projects p WHERE p.id = p_project_id;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'project_not_found', 0::bigint, 0::bigint, 0::bigint; RETURN;
    ELSIF v_owner <> p_organization_id THEN
        RETURN QUERY SELECT 'forbidden', 0::bigint, 0::bigint, 0::bigint; RETURN;
    END IF;
    IF p_target_collection_id IS NOT NULL THEN
        SELECT c.organization_id INTO v_owner FROM collections c WHERE c.id = p_target_collection_id;
        IF NOT FOUND THEN
            RETURN QUERY SELECT 'collection_not_found', 0::bigint, 0::bigint, 0::bigint; RETURN;
        ELSIF v_owner <> p_organization_id THEN
            RETURN QUERY SELECT 'collection_forbidden', 0::bigint, 0::bigint, 0::bigint; RETURN;
        END IF;
    END IF;

    IF v_used + p_units > v_account.limit_units THEN
        RETURN QUERY SELECT 'quota_exceeded', p_units, v_used, v_account.limit_units; RETURN;
    END IF;

    INSERT INTO jobs (id, organization_id, project_id, job_type, status, request, aoi, asset_keys,
                      workflow_id, output_bucket, reserved_units, source_item_id, source_area_id,
                      target_collection_id)
    VALUES (p_job_id, p_organization_id, p_project_id, 'cog_clip', 'running', p_request, p_aoi,
            p_asset_keys, p_workflow_id, p_output_bucket, p_units, p_source_item_id,
            p_source_area_id, p_target_collection_id);
    INSERT INTO credit_ledger (organization_id, job_id, kind, units)
    VALUES (p_organization_id, p_job_id, 'reserve', p_units);
    UPDATE credit_accounts a SET reserved_units = a.reserved_units + p_units, updated_at = now()
     WHERE a.organization_id = p_organization_id;
    -- A live key stays bound to its first job; an expired one is forgotten and rebound.
    INSERT INTO idempotency_keys AS k (organization_id, key, fingerprint, job_id, response, created_at, expires_at)
    VALUES (p_organization_id, p_idempotency_key, p_fingerprint, p_job_id, NULL, now(), now() + p_idempotency_retention)
    ON CONFLICT (organization_id, key) DO UPDATE
        SET fingerprint = EXCLUDED.fingerprint, job_id = EXCLUDED.job_id, response = NULL,
            created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
        WHERE k.expires_at <= now();

    RETURN QUERY SELECT 'reserved', p_units, v_used + p_units, v_account.limit_units;
END $$;
