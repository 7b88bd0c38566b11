-- The one definition of clip_reserve_credits. Re-applied by the migrator whenever this file
-- changes (a repeatable migration), so a change to a rule is a diff of that rule alone; the
-- versioned migrations stay as the databases ran them.
--
-- Reserve credits for a job and create its row, its ledger entry and its idempotency key in one
-- call (one round trip; the caller's statement is its own transaction). Rules, in order:
--   1. the organization's credit account row is locked first: it serializes the organization's
--      reservations and close-job's markers, so no check below can be raced;  no account -> no_account
--   2. a job that already holds a reservation gets it back unchanged                -> existing
--      (held by another organization                                                -> job_conflict)
--   3. a job closed before it reserved stays closed                                 -> closed
--   4. the output project exists and is the organization's          -> project_not_found | forbidden
--   5. a target collection, when named, exists and is the organization's
--                                                          -> collection_not_found | collection_forbidden
--   6. reserved + committed + requested units stay within the limit                 -> quota_exceeded
--   7. job row, ledger entry, account total and idempotency key are written together -> reserved
-- Statements are few on purpose (one lock, one read, one write): each costs executor start-up
-- and, on a 2-core machine where client and server share the CPU, that is the reservation's cost.
CREATE OR REPLACE FUNCTION clip_reserve_credits(
    p_job_id uuid, p_organization_id text, p_project_id text, p_units bigint,
    p_request jsonb, p_aoi jsonb, p_asset_keys text[], p_workflow_id text, p_output_bucket text,
    p_source_item_id text, p_source_area_id text, p_target_collection_id text,
    p_idempotency_key text, p_fingerprint text, p_idempotency_retention interval)
RETURNS TABLE (outcome text, units bigint, used bigint, limit_units bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_limit bigint;
    v_used bigint;
    v_existing_units bigint;
    v_existing_org text;
    v_closed boolean;
    v_project_org text;
    v_collection_org text;
BEGIN
    -- Rule 1. Its own statement: the reads below need a snapshot taken after the lock is held.
    SELECT a.limit_units, a.reserved_units + a.committed_units INTO v_limit, v_used
      FROM credit_accounts a WHERE a.organization_id = p_organization_id FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'no_account'; units := 0; used := 0; limit_units := 0; RETURN NEXT; RETURN;
    END IF;
    limit_units := v_limit;

    SELECT (SELECT l.units FROM credit_ledger l WHERE l.job_id = p_job_id AND l.kind = 'reserve'),
           (SELECT l.organization_id FROM credit_ledger l WHERE l.job_id = p_job_id AND l.kind = 'reserve'),
           EXISTS (SELECT 1 FROM closed_jobs c WHERE c.job_id = p_job_id),
           (SELECT p.organization_id FROM projects p WHERE p.id = p_project_id),
           (SELECT c.organization_id FROM collections c WHERE c.id = p_target_collection_id)
      INTO v_existing_units, v_existing_org, v_closed, v_project_org, v_collection_org;

    -- Rule 2.
    IF v_existing_org IS NOT NULL THEN
        IF v_existing_org <> p_organization_id THEN
            outcome := 'job_conflict'; units := 0; used := 0; limit_units := 0; RETURN NEXT; RETURN;
        END IF;
        outcome := 'existing'; units := v_existing_units; used := v_used; RETURN NEXT; RETURN;
    END IF;
    -- Rule 3.
    IF v_closed THEN
        outcome := 'closed'; units := 0; used := 0; limit_units := 0; RETURN NEXT; RETURN;
    END IF;
    -- Rule 4.
    IF v_project_org IS NULL THEN
        outcome := 'project_not_found'; units := 0; used := 0; limit_units := 0; RETURN NEXT; RETURN;
    ELSIF v_project_org <> p_organization_id THEN
        outcome := 'forbidden'; units := 0; used := 0; limit_units := 0; RETURN NEXT; RETURN;
    END IF;
    -- Rule 5.
    IF p_target_collection_id IS NOT NULL THEN
        IF v_collection_org IS NULL THEN
            outcome := 'collection_not_found'; units := 0; used := 0; limit_units := 0; RETURN NEXT; RETURN;
        ELSIF v_collection_org <> p_organization_id THEN
            outcome := 'collection_forbidden'; units := 0; used := 0; limit_units := 0; RETURN NEXT; RETURN;
        END IF;
    END IF;
    -- Rule 6.
    IF v_used + p_units > v_limit THEN
        outcome := 'quota_exceeded'; units := p_units; used := v_used; RETURN NEXT; RETURN;
    END IF;

    -- Rule 7, one statement. A live idempotency key stays bound to its first job; an expired one
    -- is forgotten and rebound.
    WITH job AS (
        INSERT INTO jobs (id, organization_id, project_id, job_type, status, request, aoi, asset_keys,
                          workflow_id, output_bucket, reserved_units, source_item_id, source_area_id,
                          target_collection_id)
        VALUES (p_job_id, p_organization_id, p_project_id, 'cog_clip', 'running', p_request, p_aoi,
                p_asset_keys, p_workflow_id, p_output_bucket, p_units, p_source_item_id,
                p_source_area_id, p_target_collection_id)),
    ledger AS (
        INSERT INTO credit_ledger (organization_id, job_id, kind, units)
        VALUES (p_organization_id, p_job_id, 'reserve', p_units)),
    account AS (
        UPDATE credit_accounts a SET reserved_units = a.reserved_units + p_units, updated_at = now()
         WHERE a.organization_id = p_organization_id)
    INSERT INTO idempotency_keys AS k (organization_id, key, fingerprint, job_id, response, created_at, expires_at)
    VALUES (p_organization_id, p_idempotency_key, p_fingerprint, p_job_id, NULL, now(), now() + p_idempotency_retention)
    ON CONFLICT (organization_id, key) DO UPDATE
        SET fingerprint = EXCLUDED.fingerprint, job_id = EXCLUDED.job_id, response = NULL, response_status = DEFAULT,
            created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
        WHERE k.expires_at <= now();

    outcome := 'reserved'; units := p_units; used := v_used + p_units; RETURN NEXT;
END $$;
