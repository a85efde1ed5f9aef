import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1764370000000 implements MigrationInterface {
  name = 'Identity1764370000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await db.query(`
      CREATE TABLE stored_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_type text NOT NULL CHECK (owner_type IN ('registration', 'avatar', 'event', 'post', 'resource')),
        owner_id uuid,
        name text NOT NULL,
        size integer NOT NULL CHECK (size >= 0),
        mime_type text NOT NULL,
        storage_key text NOT NULL UNIQUE,
        uploaded_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX stored_files_owner_idx ON stored_files (owner_type, owner_id)`);

    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email citext NOT NULL UNIQUE,
        password_hash text NOT NULL,
        handle citext NOT NULL UNIQUE,
        display_name text NOT NULL,
        organisation text NOT NULL,
        organisation_type text NOT NULL CHECK (organisation_type IN ('government','international','civil-society','academia','private-sector','other')),
        country char(2) NOT NULL,
        job_title text NOT NULL,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','rejected','suspended')),
        email_verified_at timestamptz,
        is_admin boolean NOT NULL DEFAULT false,
        focal_point_for citext,
        rejection_reason text,
        decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
        decided_at timestamptz,
        bio text,
        languages text[] NOT NULL DEFAULT '{}',
        expertise text[] NOT NULL DEFAULT '{}',
        time_zone text,
        locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en','fr','es')),
        avatar_file_id uuid REFERENCES stored_files(id) ON DELETE SET NULL,
        nomination_file_id uuid REFERENCES stored_files(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX users_status_idx ON users (status, created_at)`);
    await db.query(`CREATE INDEX users_organisation_idx ON users (lower(organisation))`);
    await db.query(`CREATE INDEX users_directory_trgm_idx ON users USING gin ((display_name || ' ' || organisation || ' ' || job_title) gin_trgm_ops)`);
    await db.query(`ALTER TABLE stored_files ADD CONSTRAINT stored_files_uploaded_by_fk FOREIGN KEY (uploaded_by) REFERENCES users(id) ON DELETE SET NULL`);

    await db.query(`
      CREATE TABLE user_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        user_agent text,
        ip text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await db.query(`CREATE INDEX user_sessions_user_idx ON user_sessions (user_id) WHERE revoked_at IS NULL`);

    // Each refresh token is one link of its session's rotation chain; only the hash is stored.
    await db.query(`
      CREATE TABLE refresh_tokens (
        token_hash text PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES user_sessions(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        spent_at timestamptz
      )`);
    await db.query(`CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`);

    await db.query(`
      CREATE TABLE email_tokens (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('verify-email','password-reset')),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose)`);

    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        network_id uuid,
        reason text,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX audit_log_network_idx ON audit_log (network_id, id DESC)`);

    await db.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        title text NOT NULL,
        body text,
        link text,
        data jsonb NOT NULL DEFAULT '{}',
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await db.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications`);
    await db.query(`DROP TABLE audit_log`);
    await db.query(`DROP TABLE email_tokens`);
    await db.query(`DROP TABLE refresh_tokens`);
    await db.query(`DROP TABLE user_sessions`);
    await db.query(`ALTER TABLE stored_files DROP CONSTRAINT stored_files_uploaded_by_fk`);
    await db.query(`DROP TABLE users`);
    await db.query(`DROP TABLE stored_files`);
  }
}
