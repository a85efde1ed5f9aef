import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/auth.decorators.js';

/** Who may read and change the hub settings (D2): active platform admins. The public hub info needs no rule. */
@Injectable()
export class HubSettingsPolicy {
  mayManage(viewer: Viewer): boolean {
    return viewer.user.status === 'active' && viewer.user.isAdmin;
  }
}
