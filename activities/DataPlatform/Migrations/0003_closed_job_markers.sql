-- A job can be closed (failed/cancelled) before its reservation exists: the workflow compensates
-- whenever reserve-credits was issued, and that activity may not have run yet or may still be
-- running elsewhere. close-job then leaves a marker here, and a reservation arriving later for the
-- same job is refused instead of reviving it ('closed'). Writers of a marker and reservations both
-- hold the organization's credit account lock, so they cannot interleave.

CREATE TABLE closed_jobs (
    job_id          uuid PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organizations (id),
    status          text NOT NULL CHECK (status IN ('failed', 'cancelled')),
    reason          text NOT NULL,
    closed_at       timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION clip_reserve_credits(
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
    IF EXISTS (SELECT 1 FROM closed_jobs c WHERE c.job_id = p_job_id) THEN
        RETURN QUERY SELECT 'closed', 0::bigint, 0::bigint, 0::bigint; RETURN;
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
    INSERT INTO idempotency_keys AS k (organization_id, key, fingerprint, job_id, response, created_at, expires_at)
    VALUES (p_organization_id, p_idempotency_key, p_fingerprint, p_job_id, NULL, now(), now() + p_idempotency_retention)
    ON CONFLICT (organization_id, key) DO UPDATE
        SET fingerprint = EXCLUDED.fingerprint, job_id = EXCLUDED.job_id, response = NULL,
            created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
        WHERE k.expires_at <= now();

    RETURN QUERY SELECT 'reserved', p_units, v_used + p_units, v_account.limit_units;
END $$;
