import type { UserRef } from './networks.js';

/**
 * One line of the audit log (M1, A8): who did what to which target, when and why. Admins read
 * all of it; network moderators read their network's lines.
 */
export interface AuditEntry {
  id: string;
  /** Null when the system acted (installation, automatic approval) or the actor was deleted. */
  actor: UserRef | null;
  action: string;
  targetType: string;
  targetId: string;
  networkId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface AuditLogQuery {
  networkId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  cursor?: string;
  limit?: number;
}
