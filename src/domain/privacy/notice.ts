// The privacy notice (用户隐私保护指引) and the consents recorded against an account. Shared by the
// notice page and the server, so both speak of the same version; bump PRIVACY_NOTICE_VERSION whenever
// the text changes in substance, and everyone is asked to agree again before new data is collected.

import type { UserId } from '../ids'
import type { Instant } from '../time'

export const PRIVACY_NOTICE_VERSION = '2025-01'
export const PRIVACY_NOTICE_TITLE = '科普环翠用户隐私保护指引'
export const PRIVACY_CONTACT = '环翠区科学技术协会（威海市环翠区），电话 0631-5200000，工作日 8:30–17:00'

export interface NoticeSection {
  readonly heading: string
  readonly paragraphs: readonly string[]
}

export const PRIVACY_NOTICE: readonly NoticeSection[] = [
  {
    heading: '一、我们收集哪些信息',
    paragraphs: [
      '为办理活动报名和签到，我们只收集必要的最少信息：参与人姓名、出生年份、所属重点人群、所在镇街，以及您自愿填写的手机号。',
      '报名、候补、签到和签退记录（时间、方式），以及您接受的活动提醒订阅。',
      '在微信中，我们通过您的微信身份标识（OpenID）识别账号，不获取您的微信昵称、头像、通讯录或位置。',
    ],
  },
  {
    heading: '二、为什么收集',
    paragraphs: [
      '用于活动报名、候补转正、入场签到、打印签到卡、发送您同意接收的活动提醒。',
      '按《环翠区全民科学素质行动规划纲要》统计参与人数和人次。统计只使用不含姓名和手机号的汇总数据。',
    ],
  },
  {
    heading: '三、代他人登记',
    paragraphs: [
      '您可以为家人（如父母）代为登记和报名，请事先征得其同意；我们会记录您的同意声明。',
      '未满14周岁的未成年人须由监护人登记并同意，我们会记录监护人同意的时间。',
      '家人日后可凭您生成的一次性绑定码，将其信息转到本人微信账号下自行管理。',
    ],
  },
  {
    heading: '四、保存期限',
    paragraphs: [
      '个人信息在您使用本服务期间保存；您删除参与人或注销账号后立即删除姓名、手机号等信息。',
      '报名和签到记录在删除后只以匿名方式保留，用于统计人次，不再能识别到个人。活动提醒记录保存不超过一年。',
    ],
  },
  {
    heading: '五、您的权利',
    paragraphs: [
      '您可以随时在「我的」中查看、更正参与人信息，导出本人数据（JSON 或 Excel 文件），删除参与人或注销账号。',
      '您可以随时拒绝或不再接收活动提醒。',
    ],
  },
  {
    heading: '六、联系我们',
    paragraphs: [`个人信息处理者：${PRIVACY_CONTACT}。`, '我们不会向第三方出售或提供您的个人信息，法律法规另有规定的除外。'],
  },
]

/**
 * A consent on record: the privacy notice (per version), or the declaration of someone who manages
 * another adult that the adult agreed (`proxy_management`, subject = the person).
 */
export interface Consent {
  /** `con-<kind>-<userId>-<version or subject>`, so agreeing twice is one record. */
  readonly id: string
  readonly userId: UserId
  readonly kind: 'privacy_notice' | 'proxy_management'
  readonly version: string
  readonly subjectId: string | null
  readonly at: Instant
}

export const CONSENT_KINDS: readonly Consent['kind'][] = ['privacy_notice', 'proxy_management']

export const privacyConsentId = (userId: UserId, version: string = PRIVACY_NOTICE_VERSION): string => `con-privacy_notice-${userId}-${version}`
export const proxyConsentId = (userId: UserId, personId: string): string => `con-proxy_management-${userId}-${personId}`

/** Whether the account agreed to the current notice. */
export const hasAgreedCurrentNotice = (consents: readonly Consent[]): boolean =>
  consents.some((c) => c.kind === 'privacy_notice' && c.version === PRIVACY_NOTICE_VERSION)
