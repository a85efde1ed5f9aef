import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Networks, memberships, categories, threads, posts and the room log (SPEC N1–N6, F1–F8, R4). */
export class NetworksForum1764370200000 implements MigrationInterface {
  name = 'NetworksForum1764370200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE networks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug citext NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text NOT NULL,
        summary text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        visibility text NOT NULL CHECK (visibility IN ('open', 'restricted', 'hidden')),
        tags text[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX networks_name_idx ON networks (lower(name), id)`);

    // One row per person and network, whatever the state: a ban is a row, so it survives leaving.
    await db.query(`
      CREATE TABLE network_memberships (
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'moderator', 'member')),
        status text NOT NULL CHECK (status IN ('active', 'pending', 'invited', 'banned')),
        message text,
        muted_until timestamptz,
        invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
        joined_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (network_id, user_id)
      )`);
    await db.query(`CREATE INDEX network_memberships_user_idx ON network_memberships (user_id, status)`);
    await db.query(`CREATE INDEX network_memberships_status_idx ON network_memberships (network_id, status)`);

    await db.query(`
      CREATE TABLE network_categories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        name text NOT NULL,
        slug citext NOT NULL,
        description text,
        moderators_only boolean NOT NULL DEFAULT false,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (network_id, slug),
        UNIQUE (network_id, id)
      )`);

    await db.query(`
      CREATE TABLE threads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        category_id uuid REFERENCES network_categories(id) ON DELETE SET NULL,
        author_id uuid NOT NULL REFERENCES users(id),
        title text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        pinned boolean NOT NULL DEFAULT false,
        locked boolean NOT NULL DEFAULT false,
        closed boolean NOT NULL DEFAULT false,
        post_count integer NOT NULL DEFAULT 0,
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        client_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (author_id, client_id)
      )`);
    await db.query(`CREATE INDEX threads_activity_idx ON threads (network_id, last_activity_at DESC, id DESC)`);
    await db.query(`CREATE INDEX threads_pinned_idx ON threads (network_id) WHERE pinned`);
    await db.query(`CREATE INDEX threads_tags_idx ON threads USING gin (tags)`);

    // seq is the thread room's sequence number at the post's creation (R4).
    await db.query(`
      CREATE TABLE posts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users(id),
        seq bigint NOT NULL,
        body text NOT NULL,
        html text NOT NULL,
        reply_to_id uuid REFERENCES posts(id) ON DELETE SET NULL,
        client_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        deleted_by uuid REFERENCES users(id) ON DELETE SET NULL,
        UNIQUE (thread_id, seq),
        UNIQUE (author_id, client_id)
      )`);

    await db.query(`
      CREATE TABLE post_revisions (
        id bigserial PRIMARY KEY,
        post_id uuid NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        body text NOT NULL,
        edited_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX post_revisions_post_idx ON post_revisions (post_id, id)`);

    await db.query(`
      CREATE TABLE post_reactions (
        post_id uuid NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reaction text NOT NULL CHECK (reaction IN ('thumbs_up', 'heart', 'tada', 'bulb', 'eyes', 'check')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (post_id, user_id, reaction)
      )`);

    await db.query(`
      CREATE TABLE thread_reads (
        thread_id uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        read_seq bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, user_id)
      )`);

    await db.query(`
      CREATE TABLE thread_follows (
        thread_id uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        level text NOT NULL CHECK (level IN ('following', 'muted')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, user_id)
      )`);

    // The latest seq of each room, incremented (row-locked) in the writing transaction.
    await db.query(`CREATE TABLE room_sequences (room text PRIMARY KEY, seq bigint NOT NULL DEFAULT 0)`);
    // Every room event as published, so a client catches up on edits, deletions and reactions too.
    await db.query(`
      CREATE TABLE room_events (
        room text NOT NULL,
        seq bigint NOT NULL,
        event text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (room, seq)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE room_events`);
    await db.query(`DROP TABLE room_sequences`);
    await db.query(`DROP TABLE thread_follows`);
    await db.query(`DROP TABLE thread_reads`);
    await db.query(`DROP TABLE post_reactions`);
    await db.query(`DROP TABLE post_revisions`);
    await db.query(`DROP TABLE posts`);
    await db.query(`DROP TABLE threads`);
    await db.query(`DROP TABLE network_categories`);
    await db.query(`DROP TABLE network_memberships`);
    await db.query(`DROP TABLE networks`);
  }
}
