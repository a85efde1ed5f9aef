import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Events (E1–E7) and the parts of files (K2) they need: unattached uploads and the download log. */
export class Events1764370300000 implements MigrationInterface {
  name = 'Events1764370300000';

  async up(db: QueryRunner): Promise<void> {
    // An upload is 'upload' with no owner until its uploader attaches it to an event, post or resource.
    await db.query(`ALTER TABLE stored_files DROP CONSTRAINT IF EXISTS stored_files_owner_type_check`);
    await db.query(`ALTER TABLE stored_files ADD CONSTRAINT stored_files_owner_type_check
      CHECK (owner_type IN ('registration', 'avatar', 'event', 'post', 'resource', 'upload'))`);
    await db.query(`
      CREATE TABLE file_downloads (
        id bigserial PRIMARY KEY,
        file_id uuid NOT NULL REFERENCES stored_files(id) ON DELETE CASCADE,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        via_link boolean NOT NULL DEFAULT false,
        downloaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX file_downloads_file_idx ON file_downloads (file_id, downloaded_at)`);

    await db.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid REFERENCES networks(id) ON DELETE CASCADE,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        kind text NOT NULL CHECK (kind IN ('briefing', 'webinar', 'meeting', 'workshop')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        time_zone text NOT NULL,
        languages text[] NOT NULL DEFAULT '{}',
        agenda jsonb NOT NULL DEFAULT '[]',
        speakers jsonb NOT NULL DEFAULT '[]',
        capacity integer CHECK (capacity IS NULL OR capacity > 0),
        registration_mode text NOT NULL CHECK (registration_mode IN ('open', 'approval', 'invite')),
        meeting_url text,
        visibility text NOT NULL CHECK (visibility IN ('network', 'members', 'public')),
        live_started_at timestamptz,
        live_ended_at timestamptz,
        recording_url text,
        follow_up jsonb NOT NULL DEFAULT '[]',
        thread_id uuid,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (visibility <> 'network' OR network_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX events_starts_idx ON events (starts_at)`);
    await db.query(`
      CREATE TABLE event_registrations (
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('registered', 'waitlisted', 'pending', 'invited', 'rejected', 'cancelled')),
        waitlisted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, user_id)
      )`);
    await db.query(`CREATE INDEX event_registrations_wait_idx ON event_registrations (event_id, status, waitlisted_at)`);
    await db.query(`
      CREATE TABLE event_questions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        client_id text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'hidden')),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (author_id, client_id)
      )`);
    await db.query(`
      CREATE TABLE event_question_votes (
        question_id uuid NOT NULL REFERENCES event_questions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (question_id, user_id)
      )`);
    await db.query(`
      CREATE TABLE event_chat_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        client_id text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (author_id, client_id)
      )`);
    await db.query(`
      CREATE TABLE event_attendance (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        joined_at timestamptz NOT NULL DEFAULT now(),
        left_at timestamptz
      )`);
    // At most one open stay per member and event: joining twice does not count twice.
    await db.query(`CREATE UNIQUE INDEX event_attendance_open_idx ON event_attendance (event_id, user_id) WHERE left_at IS NULL`);
    // One row per (event, member, reminder): the insert is the claim, so a reminder goes out once whatever the node count.
    await db.query(`
      CREATE TABLE event_reminders (
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('day', 'quarter')),
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, user_id, kind)
      )`);
    await db.query(`
      CREATE TABLE calendar_feeds (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['calendar_feeds', 'event_reminders', 'event_attendance', 'event_chat_messages', 'event_question_votes', 'event_questions', 'event_registrations', 'events', 'file_downloads']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`DELETE FROM stored_files WHERE owner_type = 'upload'`);
    await db.query(`ALTER TABLE stored_files DROP CONSTRAINT stored_files_owner_type_check`);
    await db.query(`ALTER TABLE stored_files ADD CONSTRAINT stored_files_owner_type_check
      CHECK (owner_type IN ('registration', 'avatar', 'event', 'post', 'resource'))`);
  }
}
