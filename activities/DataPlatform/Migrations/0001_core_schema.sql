-- Core data platform: organizations, keys, projects, collections, items, assets, delivery areas.
-- Ownership always flows through projects: a row's organization is its project's organization,
-- enforced with composite foreign keys so a child can never point across organizations.

CREATE TABLE organizations (
    id          text PRIMARY KEY CHECK (id <> ''),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id              text PRIMARY KEY CHECK (id <> ''),
    organization_id text NOT NULL REFERENCES organizations (id),
    key_hash        text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    display_prefix  text NOT NULL,
    scopes          text[] NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz
);
CREATE INDEX api_keys_organization ON api_keys (organization_id);

CREATE TABLE projects (
    id              text PRIMARY KEY CHECK (id <> ''),
    organization_id text NOT NULL REFERENCES organizations (id),
    name            text NOT NULL,
    storage_bucket  text CHECK (storage_bucket IS NULL OR storage_bucket <> ''),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, organization_id)
);
CREATE INDEX projects_organization ON projects (organization_id);

CREATE TABLE collections (
    id              text PRIMARY KEY CHECK (id <> ''),
    organization_id text NOT NULL,
    project_id      text NOT NULL,
    title           text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, project_id),
    FOREIGN KEY (project_id, organization_id) REFERENCES projects (id, organization_id)
);

-- Footprints are GeoJSON geometries in EPSG:4326 (no PostGIS); bbox columns allow coarse filters.
CREATE TABLE items (
    id            text PRIMARY KEY CHECK (id <> ''),
    project_id    text NOT NULL REFERENCES projects (id),
    collection_id text,
    footprint     jsonb,
    bbox_west     double precision,
    bbox_south    double precision,
    bbox_east     double precision,
    bbox_north    double precision,
    properties    jsonb NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (collection_id, project_id) REFERENCES collections (id, project_id)
);
CREATE INDEX items_project ON items (project_id);
CREATE INDEX items_collection ON items (collection_id) WHERE collection_id IS NOT NULL;

CREATE TABLE assets (
    item_id     text NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    key         text NOT NULL CHECK (key <> ''),
    href        text NOT NULL,
    media_type  text,
    roles       text[] NOT NULL DEFAULT '{}',
    mosaic_type text,
    band_names  text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (item_id, key)
);

-- A delivery area: a region delivered into a bucket/prefix as one mosaic per mosaic type.
CREATE TABLE delivery_areas (
    id              text PRIMARY KEY CHECK (id <> ''),
    organization_id text NOT NULL,
    project_id      text NOT NULL,
    name            text NOT NULL,
    bucket          text NOT NULL CHECK (bucket <> ''),
    prefix          text NOT NULL DEFAULT '',
    footprint       jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (project_id, organization_id) REFERENCES projects (id, organization_id)
);

CREATE TABLE area_mosaics (
    area_id     text NOT NULL REFERENCES delivery_areas (id) ON DELETE CASCADE,
    mosaic_type text NOT NULL CHECK (mosaic_type <> ''),
    href        text NOT NULL,
    media_type  text,
    band_names  text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (area_id, mosaic_type)
);
