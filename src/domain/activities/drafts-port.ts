// Port: unpublished activities (草稿, 待审核, 已退回), kept apart from published ones so nothing a
// resident reads can see them. One contract suite (tests/contract/drafts.contract.test.ts) runs
// against every adapter.

import type { DepartmentCode } from '../catalog'
import type { ActivityId } from '../ids'
import type { ActivityDraft, DraftState } from './editing'

export interface ActivityDraftRepository {
  get(id: ActivityId): Promise<ActivityDraft | null>
  /** Insert or replace. */
  put(draft: ActivityDraft): Promise<void>
  delete(id: ActivityId): Promise<void>
  /** The drafts of one unit, most recently changed first (then id). */
  listByUnit(departmentCode: DepartmentCode): Promise<ActivityDraft[]>
  /** Drafts in one state across units, longest waiting first (by submittedAt, then id): the review queue. */
  listByState(state: DraftState): Promise<ActivityDraft[]>
}
