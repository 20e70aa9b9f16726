// WeChat: wx.requestSubscribeMessage shows the platform's dialog (one tap per template); it must run
// inside the tap handler, before anything is awaited. Only accepted templates are reported back.

import Taro from '@tarojs/taro'
import type { ReminderKind } from '../domain/reminders/schedule'
import type { TemplateIds } from './subscribe'

export type { TemplateIds } from './subscribe'

export async function requestReminders(templates: TemplateIds | null, kinds: readonly ReminderKind[], wanted: boolean): Promise<ReminderKind[]> {
  if (!wanted || !templates) return []
  const pairs = kinds.flatMap((k) => (templates[k] ? [[k, templates[k] as string] as const] : []))
  if (pairs.length === 0) return []
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: pairs.map(([, id]) => id), entityIds: [] } as never)) as unknown as Record<string, string>
    return pairs.filter(([, id]) => res[id] === 'accept').map(([k]) => k)
  } catch {
    // Refused or not supported: sign-up goes on without reminders.
    return []
  }
}
