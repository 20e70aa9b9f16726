import { activityIdFromScene, activityScene, activitySharePath } from '../../src/domain/activities/share'
import type { ActivityId } from '../../src/domain/ids'

describe('sharing an activity', () => {
  const id = 'act_k3x9q0abcdefghij' as ActivityId
  it('opens the activity page, and fits the id into a 32-character mini-program scene', () => {
    expect(activitySharePath(id)).toBe('/pages/activity/index?id=act_k3x9q0abcdefghij')
    expect(activityScene(id)).toBe('a=act_k3x9q0abcdefghij')
    expect(activityScene(('act-' + 'x'.repeat(40)) as ActivityId)).toBeNull()
  })
  it('reads the scene back as WeChat hands it over (URL-encoded or not), and nothing else', () => {
    expect(activityIdFromScene('a%3Dact_k3x9q0abcdefghij')).toBe(id)
    expect(activityIdFromScene('a=act_k3x9q0abcdefghij')).toBe(id)
    expect(activityIdFromScene('o=ABCDEFGH')).toBeNull()
    expect(activityIdFromScene('a=../etc')).toBeNull()
    expect(activityIdFromScene('%E0%A4%A')).toBeNull()
    expect(activityIdFromScene(undefined)).toBeNull()
  })
})
