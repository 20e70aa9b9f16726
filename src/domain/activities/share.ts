// Sharing an activity: the path a shared card opens, and the `scene` of its mini-program code (WeChat
// allows at most 32 characters there, handed back URL-encoded in the page's options).

import { SCENE_MAX_CHARS } from '../checkin/codes'
import { ID_PATTERN, type ActivityId } from '../ids'

export const ACTIVITY_PAGE = 'pages/activity/index'
const SCENE_PREFIX = 'a='

/** The page path a share opens, e.g. `/pages/activity/index?id=act_…`. */
export const activitySharePath = (id: ActivityId): string => `/${ACTIVITY_PAGE}?id=${encodeURIComponent(id)}`

/** The mini-program code's scene for an activity, or null when its id is too long to fit. */
export function activityScene(id: ActivityId): string | null {
  const scene = `${SCENE_PREFIX}${id}`
  return scene.length <= SCENE_MAX_CHARS ? scene : null
}

/**
 * The activity a scene (as the page receives it, possibly still URL-encoded) stands for, or null.
 * @example activityIdFromScene('a%3Dact_k3x9') // 'act_k3x9'
 */
export function activityIdFromScene(raw: string | undefined): ActivityId | null {
  if (!raw) return null
  let scene = raw
  try {
    scene = decodeURIComponent(raw)
  } catch {
    return null
  }
  if (!scene.startsWith(SCENE_PREFIX)) return null
  const id = scene.slice(SCENE_PREFIX.length)
  return ID_PATTERN.test(id) ? (id as ActivityId) : null
}
