// Sends reminders as WeChat one-time subscribe messages (openapi.subscribeMessage.send, called with
// the cloud function's own credentials). Template ids come from the function's environment variables
// KEPU_TMPL_DAY_BEFORE, KEPU_TMPL_HOUR_BEFORE, KEPU_TMPL_PROMOTED and KEPU_TMPL_NOTICE; each template is
// expected to have the fields thing1 (activity), time2 (start), thing3 (place; for the notice: what
// changed) and thing4 (participant).

import type { Notifier, OutgoingMessage, SendOutcome } from '../src/domain/ports'
import type { ReminderKind } from '../src/domain/reminders/schedule'
import { SHANGHAI_OFFSET_MINUTES, ms } from '../src/domain/time'
import type { WxServerSdk } from './cloudbase-types'

/** WeChat: the user has not accepted (or has used up) this template's one-time subscription. */
const NOT_SUBSCRIBED = 43101
/** `thing` fields hold at most 20 characters. */
const THING_MAX = 20
const PAGE = 'pages/registrations/index'

const ENV: Record<ReminderKind, string> = {
  day_before: 'KEPU_TMPL_DAY_BEFORE',
  hour_before: 'KEPU_TMPL_HOUR_BEFORE',
  promoted: 'KEPU_TMPL_PROMOTED',
  notice: 'KEPU_TMPL_NOTICE',
}

const thing = (s: string): string => (Array.from(s).length > THING_MAX ? `${Array.from(s).slice(0, THING_MAX - 1).join('')}…` : s)

/** `2026年09月19日 09:00` in Shanghai time, as WeChat's `time` fields expect. */
export function wechatTime(instant: string): string {
  const d = new Date(ms(instant) + SHANGHAI_OFFSET_MINUTES * 60_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}年${p(d.getUTCMonth() + 1)}月${p(d.getUTCDate())}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

export function templatesFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Record<ReminderKind, string>> {
  const out: Partial<Record<ReminderKind, string>> = {}
  for (const [kind, name] of Object.entries(ENV) as [ReminderKind, string][]) if (env[name]) out[kind] = env[name]
  return out
}

export function wechatNotifier(sdk: WxServerSdk, templates: Partial<Record<ReminderKind, string>>): Notifier {
  return {
    channel: 'wechat',
    templates,
    async send(m: OutgoingMessage): Promise<SendOutcome> {
      const templateId = templates[m.kind]
      const api = sdk.openapi?.subscribeMessage
      if (!templateId || !api) return { ok: false, error: `no template configured for ${m.kind}`, retryable: false }
      try {
        const r = await api.send({
          touser: m.toUserId,
          templateId,
          page: PAGE,
          miniprogramState: 'formal',
          // A 活动变更通知 says what changed in place of the place (its template names thing3 变更内容).
          data: {
            thing1: { value: thing(m.activityTitle) },
            time2: { value: wechatTime(m.startAt) },
            thing3: { value: thing(m.notice ?? m.place) },
            thing4: { value: thing(m.personName) },
          },
        })
        if (r.errCode && r.errCode !== 0) return { ok: false, error: `${r.errCode} ${r.errMsg ?? ''}`.trim(), retryable: r.errCode !== NOT_SUBSCRIBED }
        return { ok: true }
      } catch (err) {
        const e = err as { errCode?: number; errMsg?: string; message?: string }
        return { ok: false, error: `${e.errCode ?? ''} ${e.errMsg ?? e.message ?? String(err)}`.trim(), retryable: e.errCode !== NOT_SUBSCRIBED }
      }
    },
  }
}
