// The WeChat sender: template fields, Shanghai time, and which errors are retried.
import type { WxServerSdk } from '../../cloud/cloudbase-types'
import { templatesFromEnv, wechatNotifier, wechatTime } from '../../cloud/wechat-notifier'
import type { OutgoingMessage } from '../../src/domain/ports'

const message: OutgoingMessage = {
  reminderId: 'rem-hour_before-reg-1',
  kind: 'hour_before',
  toUserId: 'oParent_000000000000000000001' as never,
  activityId: 'act-1' as never,
  activityTitle: '智慧助老 手机课堂 第2课：防范电信诈骗（环翠楼街道社区）',
  startAt: '2026-09-19T01:30:00.000Z',
  place: '环翠楼街道社区科普大学教学点',
  personName: '赵桂英',
  notice: null,
}

const sdkWith = (send: (o: unknown) => Promise<{ errCode?: number; errMsg?: string }>): WxServerSdk =>
  ({ openapi: { subscribeMessage: { send } } }) as unknown as WxServerSdk

describe('wechat notifier', () => {
  it('reads template ids from the function’s environment', () => {
    expect(templatesFromEnv({ KEPU_TMPL_HOUR_BEFORE: 't-hour', KEPU_TMPL_PROMOTED: 't-promo' })).toEqual({ hour_before: 't-hour', promoted: 't-promo' })
  })

  it('sends the template with the activity, Shanghai start time, place and participant', async () => {
    const sent: any[] = []
    const n = wechatNotifier(sdkWith(async (o) => (sent.push(o), { errCode: 0 })), { hour_before: 't-hour' })
    expect(await n.send(message)).toEqual({ ok: true })
    expect(sent[0]).toMatchObject({ touser: message.toUserId, templateId: 't-hour', data: { time2: { value: '2026年09月19日 09:30' }, thing4: { value: '赵桂英' } } })
    expect(Array.from(sent[0].data.thing1.value as string)).toHaveLength(20)
    expect(wechatTime('2026-09-18T16:00:00.000Z')).toBe('2026年09月19日 00:00')
  })

  it('sends a 活动变更通知 with what changed in the third field, from its own template', async () => {
    const sent: any[] = []
    const n = wechatNotifier(sdkWith(async (o) => (sent.push(o), { errCode: 0 })), templatesFromEnv({ KEPU_TMPL_NOTICE: 't-notice' }))
    expect(await n.send({ ...message, kind: 'notice', notice: '活动已取消：台风预警' })).toEqual({ ok: true })
    expect(sent[0]).toMatchObject({ templateId: 't-notice', data: { thing3: { value: '活动已取消：台风预警' } } })
  })

  it('does not retry when the user has no subscription left (43101), retries other failures', async () => {
    const refused = wechatNotifier(sdkWith(async () => ({ errCode: 43101, errMsg: 'user refuse to accept the msg' })), { hour_before: 't' })
    expect(await refused.send(message)).toMatchObject({ ok: false, retryable: false })
    const flaky = wechatNotifier(sdkWith(async () => Promise.reject(Object.assign(new Error('timeout'), { errCode: -1 }))), { hour_before: 't' })
    expect(await flaky.send(message)).toMatchObject({ ok: false, retryable: true })
    expect(await wechatNotifier(sdkWith(async () => ({})), {}).send(message)).toMatchObject({ ok: false, retryable: false })
  })
})
