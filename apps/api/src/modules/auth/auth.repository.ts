import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface SessionRow {
  id: string;
  userId: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export type EmailTokenPurpose = 'verify-email' | 'password-reset';

const SESSION_COLUMNS = `id, user_id AS "userId", user_agent AS "userAgent", ip, created_at AS "createdAt",
  last_used_at AS "lastUsedAt", expires_at AS "expiresAt", revoked_at AS "revokedAt"`;

/** Sessions, their rotating refresh tokens and single-use email tokens; only hashes are stored. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async createSession(
    input: { userId: string; userAgent: string | null; ip: string | null; expiresAt: Date; tokenHash: string },
  ): Promise<SessionRow> {
    return this.db.transaction(async (m) => {
      const [session] = await m.query(
        `INSERT INTO user_sessions (user_id, user_agent, ip, expires_at) VALUES ($1, $2, $3, $4) RETURNING ${SESSION_COLUMNS}`,
        [input.userId, input.userAgent, input.ip, input.expiresAt],
      );
      await m.query(`INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [input.tokenHash, session.id]);
      return session as SessionRow;
    });
  }

  async findSession(id: string): Promise<SessionRow | null> {
    const [row] = await this.db.query(`SELECT ${SESSION_COLUMNS} FROM user_sessions WHERE id = $1`, [id]);
    return (row as SessionRow) ?? null;
  }

  /**
   * Spends a refresh token and issues its successor in one step. Answers what happened:
   * `rotated` with the session, `reused` when the token was already spent (the caller revokes the
   * family), or `unknown`.
   */
  async rotateRefreshToken(
    oldHash: string,
    newHash: string,
  ): Promise<{ outcome: 'rotated'; session: SessionRow } | { outcome: 'reused'; sessionId: string } | { outcome: 'unknown' }> {
    return this.db.transaction(async (m) => {
      // TypeORM answers an UPDATE with [rows, affectedCount].
      const [[spent]] = await m.query(
        `UPDATE refresh_tokens SET spent_at = now() WHERE token_hash = $1 AND spent_at IS NULL RETURNING session_id AS "sessionId"`,
        [oldHash],
      );
      if (!spent) {
        const [known] = await m.query(`SELECT session_id AS "sessionId" FROM refresh_tokens WHERE token_hash = $1`, [oldHash]);
        return known ? { outcome: 'reused' as const, sessionId: known.sessionId as string } : { outcome: 'unknown' as const };
      }
      const [[session]] = await m.query(
        `UPDATE user_sessions SET last_used_at = now() WHERE id = $1 RETURNING ${SESSION_COLUMNS}`,
        [spent.sessionId],
      );
      await m.query(`INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [newHash, spent.sessionId]);
      return { outcome: 'rotated' as const, session: session as SessionRow };
    });
  }

  async revokeSession(id: string, reason: string, userId?: string): Promise<boolean> {
    const params: unknown[] = [id, reason];
    let where = 'id = $1';
    if (userId) {
      params.push(userId);
      where += ' AND user_id = $3';
    }
    const [, count] = await this.db.query(
      `UPDATE user_sessions SET revoked_at = now(), revoked_reason = $2 WHERE ${where} AND revoked_at IS NULL`,
      params,
    );
    return count > 0;
  }

  async revokeAllSessions(userId: string, reason: string, manager?: EntityManager): Promise<string[]> {
    const [rows] = await (manager ?? this.db).query(
      `UPDATE user_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, reason],
    );
    return (rows as { id: string }[]).map((r) => r.id);
  }

  async listActiveSessions(userId: string): Promise<SessionRow[]> {
    return this.db.query(
      `SELECT ${SESSION_COLUMNS} FROM user_sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
       ORDER BY last_used_at DESC`,
      [userId],
    );
  }

  async createEmailToken(userId: string, purpose: EmailTokenPurpose, tokenHash: string, expiresAt: Date, manager?: EntityManager) {
    const db = manager ?? this.db;
    // Only the newest token of a purpose stays valid.
    await db.query(`UPDATE email_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [userId, purpose]);
    await db.query(`INSERT INTO email_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)`, [
      tokenHash,
      userId,
      purpose,
      expiresAt,
    ]);
  }

  /** Marks a valid token used and answers its user, or null when it is unknown, used or expired. */
  async consumeEmailToken(tokenHash: string, purpose: EmailTokenPurpose, manager?: EntityManager): Promise<string | null> {
    const [rows] = await (manager ?? this.db).query(
      `UPDATE email_tokens SET used_at = now() WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
       RETURNING user_id AS "userId"`,
      [tokenHash, purpose],
    );
    return (rows as { userId: string }[])[0]?.userId ?? null;
  }
}
