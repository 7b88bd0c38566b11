-- Every answer a key was given is kept with it, not only admissions: a refused (400/402/403) or
-- cancelled (409) job's key answers the same refusal for as long as the key lives, also after
-- Temporal's retention forgot the workflow. Existing rows hold admissions (200).
ALTER TABLE idempotency_keys
    ADD COLUMN response_status integer NOT NULL DEFAULT 200
        CHECK (response_status = 200 OR response_status BETWEEN 400 AND 499);
