import type { UserId } from '../src/domain/ids'
import type { Role } from '../src/domain/types'
import type { DepartmentCode } from '../src/domain/catalog'

/** The identities offered by the local demo sign-in; in WeChat the OPENID takes their place. */
export interface DemoIdentity {
  readonly id: UserId
  readonly displayName: string
  readonly role: Role
  readonly departmentCode?: DepartmentCode
  readonly description: string
}

export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  { id: 'demo-senior' as UserId, displayName: '王秀兰', role: 'resident', description: '老年居民，72岁，环翠楼街道，参加智慧助老手机课堂' },
  { id: 'demo-parent' as UserId, displayName: '李娜', role: 'resident', description: '家长，替母亲赵桂英和儿子李小宇报名' },
  { id: 'demo-teacher' as UserId, displayName: '张明', role: 'resident', description: '小学科学教师，参加科技辅导员培训' },
  { id: 'demo-farmer' as UserId, displayName: '刘建国', role: 'resident', description: '张村镇农民，参加高素质农民培训' },
  { id: 'demo-grandma' as UserId, displayName: '赵桂英', role: 'resident', description: '李娜的母亲，用自己的微信凭女儿给的绑定码接管本人信息' },
  { id: 'demo-newcomer' as UserId, displayName: '孙立新', role: 'resident', description: '新用户：尚未同意隐私保护指引，也未登记任何信息' },
  { id: 'demo-organizer' as UserId, displayName: '陈静', role: 'organizer', departmentCode: 'kx', description: '区科学技术协会活动组织者' },
  { id: 'demo-admin' as UserId, displayName: '区科协管理员', role: 'admin', departmentCode: 'kx', description: '区科学技术协会管理员，可维护镇街列表' },
]
