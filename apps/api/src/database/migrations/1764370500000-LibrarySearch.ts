import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * K1/K4: resources, their collections, and who may add to a network's library.
 * K3: one row per attached file whose text is extracted in the background (claimed with SKIP LOCKED).
 * S1/S3: a stored, weighted tsvector per searchable row, stemmed in the row's language and also
 * kept unstemmed ('simple'), both unaccented; GIN indexes on them and trigram indexes on titles
 * and names for partial words in any script. How search uses them: docs/search.md.
 */
export class LibrarySearch1764370500000 implements MigrationInterface {
  name = 'LibrarySearch1764370500000';

  async up(db: QueryRunner): Promise<void> {
    // unaccent() is only STABLE (it reads its dictionary by name); pinned to one dictionary it is
    // safe to declare IMMUTABLE, which stored columns and index expressions need.
    const [{ schema }] = (await db.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`,
    )) as { schema: string }[];
    await db.query(`
      CREATE FUNCTION praxis_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT ${schema}.unaccent('${schema}.unaccent'::regdictionary, $1) $$`);
    // S3: a row's language picks its stemmer; anything else is indexed word for word.
    await db.query(`
      CREATE FUNCTION praxis_ts_config(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT CASE lower(left(coalesce(language, ''), 2))
        WHEN 'en' THEN 'pg_catalog.english'::regconfig
        WHEN 'fr' THEN 'pg_catalog.french'::regconfig
        WHEN 'es' THEN 'pg_catalog.spanish'::regconfig
        ELSE 'pg_catalog.simple'::regconfig END $$`);
    // The stemmed words and the words as written, so a query parsed in 'simple' (or in another
    // language than the row's) still finds the exact word.
    await db.query(`
      CREATE FUNCTION praxis_tsv(language text, body text, weight "char") RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT setweight(to_tsvector(praxis_ts_config(language), praxis_unaccent(coalesce(body, ''))), weight)
                || setweight(to_tsvector('pg_catalog.simple'::regconfig, praxis_unaccent(coalesce(body, ''))), weight) $$`);
    await db.query(`
      CREATE FUNCTION praxis_words(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT array_to_string($1, ' ') $$`);

    // Posts and threads carry the language their author wrote in (their interface language).
    await db.query(`ALTER TABLE threads ADD COLUMN language text`);
    await db.query(`ALTER TABLE threads ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (praxis_tsv(language, title, 'A')) STORED`);
    await db.query(`CREATE INDEX threads_search_idx ON threads USING gin (search_vector)`);
    await db.query(`CREATE INDEX threads_title_trgm_idx ON threads USING gin (praxis_unaccent(lower(title)) gin_trgm_ops)`);

    await db.query(`ALTER TABLE posts ADD COLUMN language text`);
    await db.query(`ALTER TABLE posts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (praxis_tsv(language, body, 'B')) STORED`);
    await db.query(`CREATE INDEX posts_search_idx ON posts USING gin (search_vector)`);

    await db.query(`
      ALTER TABLE events ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (praxis_tsv(languages[1], title, 'A') || praxis_tsv(languages[1], description, 'B')) STORED`);
    await db.query(`CREATE INDEX events_search_idx ON events USING gin (search_vector)`);
    await db.query(`CREATE INDEX events_title_trgm_idx ON events USING gin (praxis_unaccent(lower(title)) gin_trgm_ops)`);

    await db.query(`
      ALTER TABLE networks ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (praxis_tsv(NULL, name, 'A') || praxis_tsv(NULL, summary || ' ' || description || ' ' || praxis_words(tags), 'B')) STORED`);
    await db.query(`CREATE INDEX networks_search_idx ON networks USING gin (search_vector)`);
    await db.query(`CREATE INDEX networks_name_trgm_idx ON networks USING gin (praxis_unaccent(lower(name)) gin_trgm_ops)`);
    await db.query(`ALTER TABLE networks ADD COLUMN library_contributors text NOT NULL DEFAULT 'members' CHECK (library_contributors IN ('members', 'moderators'))`);

    await db.query(`
      ALTER TABLE users ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (praxis_tsv(NULL, display_name, 'A') || praxis_tsv(NULL, organisation || ' ' || job_title || ' ' || praxis_words(expertise), 'B')) STORED`);
    await db.query(`CREATE INDEX users_search_idx ON users USING gin (search_vector)`);
    await db.query(`CREATE INDEX users_name_trgm_idx ON users USING gin (praxis_unaccent(lower(display_name)) gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE resources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid REFERENCES networks(id) ON DELETE CASCADE,
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        summary_html text NOT NULL DEFAULT '',
        kind text NOT NULL CHECK (kind IN ('publication', 'report', 'toolkit', 'case-law', 'legislation', 'training-material', 'presentation', 'news')),
        language text NOT NULL,
        countries text[] NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        published_on date,
        url text,
        featured_at timestamptz,
        file_text text NOT NULL DEFAULT '',
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        deleted_by uuid REFERENCES users(id) ON DELETE SET NULL,
        search_vector tsvector GENERATED ALWAYS AS
          (praxis_tsv(language, title, 'A') || praxis_tsv(language, summary || ' ' || praxis_words(tags), 'B') || praxis_tsv(language, file_text, 'C')) STORED
      )`);
    await db.query(`CREATE INDEX resources_newest_idx ON resources (created_at DESC, id DESC) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX resources_title_idx ON resources (lower(title), id) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX resources_network_idx ON resources (network_id, created_at DESC) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX resources_tags_idx ON resources USING gin (tags)`);
    await db.query(`CREATE INDEX resources_search_idx ON resources USING gin (search_vector)`);
    await db.query(`CREATE INDEX resources_title_trgm_idx ON resources USING gin (praxis_unaccent(lower(title)) gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE resource_collections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        position integer NOT NULL DEFAULT 0,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX resource_collections_network_idx ON resource_collections (network_id, position)`);
    await db.query(`
      CREATE TABLE resource_collection_items (
        collection_id uuid NOT NULL REFERENCES resource_collections(id) ON DELETE CASCADE,
        resource_id uuid NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        position integer NOT NULL,
        PRIMARY KEY (collection_id, resource_id)
      )`);

    await db.query(`
      CREATE TABLE file_texts (
        file_id uuid PRIMARY KEY REFERENCES stored_files(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'working', 'done', 'failed', 'unsupported')),
        text text,
        error text,
        attempts integer NOT NULL DEFAULT 0,
        claimed_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX file_texts_queue_idx ON file_texts (created_at) WHERE status IN ('pending', 'working')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE file_texts`);
    await db.query(`DROP TABLE resource_collection_items`);
    await db.query(`DROP TABLE resource_collections`);
    await db.query(`DROP TABLE resources`);
    await db.query(`DROP INDEX users_name_trgm_idx`);
    await db.query(`ALTER TABLE users DROP COLUMN search_vector`);
    await db.query(`ALTER TABLE networks DROP COLUMN library_contributors`);
    await db.query(`DROP INDEX networks_name_trgm_idx`);
    await db.query(`ALTER TABLE networks DROP COLUMN search_vector`);
    await db.query(`DROP INDEX events_title_trgm_idx`);
    await db.query(`ALTER TABLE events DROP COLUMN search_vector`);
    await db.query(`ALTER TABLE posts DROP COLUMN search_vector`);
    await db.query(`ALTER TABLE posts DROP COLUMN language`);
    await db.query(`DROP INDEX threads_title_trgm_idx`);
    await db.query(`ALTER TABLE threads DROP COLUMN search_vector`);
    await db.query(`ALTER TABLE threads DROP COLUMN language`);
    await db.query(`DROP FUNCTION praxis_words(text[])`);
    await db.query(`DROP FUNCTION praxis_tsv(text, text, "char")`);
    await db.query(`DROP FUNCTION praxis_ts_config(text)`);
    await db.query(`DROP FUNCTION praxis_unaccent(text)`);
  }
}
