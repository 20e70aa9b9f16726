// The pages of the mini-program as people open them: who opens each page, with which query, and
// what it shows once loaded. Shared by the page-load and setData tests.

import type { Cloud } from './harness'

export interface Ids {
  readonly activityCodeScene: string
  readonly ratableRegistrationId: string
  readonly certificate: { courseId: string; personId: string }
}

export interface PageCase {
  /** The WeChat user who opens it (a resident, or the district admin for the staff pages). */
  readonly as: string
  readonly query?: (ids: Ids) => string
  /** Text the page shows once loaded: its heading or the first thing a person reads. */
  readonly shows: string
}

export const RESIDENT = 'demo-parent'
export const ADMIN = 'demo-admin'
export const TODAY = 'act-today-ai'

export const PAGES: Record<string, PageCase> = {
  'pages/index/index': { as: RESIDENT, shows: '场活动' },
  'pages/registrations/index': { as: RESIDENT, shows: '即将参加' },
  'pages/profile/index': { as: RESIDENT, shows: '我管理的参与人' },
  'pages/activity/index': { as: RESIDENT, query: () => `id=${TODAY}`, shows: '科普大讲堂：人工智能与日常生活' },
  'pages/person-edit/index': { as: RESIDENT, shows: '我们只收集报名所需的最少信息' },
  'pages/login/index': { as: RESIDENT, shows: '在微信中将自动使用您的微信身份' },
  'pages/tickets/index': { as: RESIDENT, shows: '请向工作人员出示二维码' },
  'pages/checkin/index': { as: RESIDENT, query: (ids) => `scene=${encodeURIComponent(ids.activityCodeScene)}`, shows: '科普大讲堂：人工智能与日常生活' },
  'pages/privacy/index': { as: RESIDENT, shows: '科普环翠用户隐私保护指引' },
  'pages/not-found/index': { as: RESIDENT, shows: '链接可能已失效或输入有误' },
  'packages/family/pages/my-data/index': { as: RESIDENT, shows: '导出我的数据' },
  'packages/family/pages/link-code/index': { as: RESIDENT, query: () => 'personId=per-zhao-guiying', shows: '赵桂英' },
  'packages/family/pages/link/index': { as: RESIDENT, shows: '绑定码' },
  'packages/admin/pages/areas/index': { as: ADMIN, shows: '镇街列表' },
  'packages/admin/pages/outbox/index': { as: ADMIN, shows: '立即运行一次提醒任务' },
  'packages/admin/pages/staff/index': { as: ADMIN, shows: '邀请组织者' },
  'packages/staff/pages/join/index': { as: RESIDENT, shows: '输入组织者邀请码' },
  'packages/console/pages/list/index': { as: ADMIN, shows: '进入签到台' },
  'packages/console/pages/activity/index': { as: ADMIN, query: () => `id=${TODAY}`, shows: '扫码签到' },
  'packages/console/pages/cards/index': { as: ADMIN, query: () => `id=${TODAY}`, shows: '科普大讲堂：人工智能与日常生活' },
  'packages/course/pages/detail/index': { as: RESIDENT, query: () => 'id=crs-zhzl', shows: '智慧助老 手机课堂' },
  'packages/course/pages/mine/index': { as: RESIDENT, shows: '智慧助老 手机课堂' },
  'packages/course/pages/certificate/index': { as: 'demo-senior', query: (ids) => `courseId=${ids.certificate.courseId}&personId=${ids.certificate.personId}`, shows: '王秀兰' },
  'packages/course/pages/verify/index': { as: RESIDENT, shows: '核验结业证书' },
  'packages/course/pages/edit/index': { as: ADMIN, shows: '课程信息' },
  'packages/course/pages/organized/index': { as: ADMIN, shows: '新建系列课程' },
  'packages/course/pages/manage/index': { as: ADMIN, query: () => 'id=crs-zhzl', shows: '智慧助老 手机课堂' },
  'packages/organize/pages/home/index': { as: ADMIN, shows: '新建活动' },
  'packages/organize/pages/edit/index': { as: ADMIN, shows: '活动信息' },
  'packages/organize/pages/review/index': { as: ADMIN, shows: '待审核' },
  'packages/feedback/pages/rate/index': { as: RESIDENT, query: (ids) => `registrationId=${ids.ratableRegistrationId}`, shows: '您对这次活动满意吗' },
  'packages/feedback/pages/summary/index': { as: ADMIN, shows: '评价' },
  'packages/wishes/pages/list/index': { as: RESIDENT, shows: '提一个想学的主题' },
  'packages/ledger/pages/dashboard/index': { as: ADMIN, shows: '统计范围' },
  'packages/ledger/pages/drill/index': { as: ADMIN, query: () => 'indicatorId=plan-2021-2025-science-tutors', shows: '培训科技辅导员' },
  'packages/ledger/pages/indicator/index': { as: ADMIN, query: () => 'planId=plan-2021-2025', shows: '指标名称' },
  'packages/ledger/pages/merge/index': { as: ADMIN, shows: '按姓名或手机号查找' },
  'packages/ledger/pages/changes/index': { as: ADMIN, shows: '出勤更正' },
}

/** The ids the queries need, read from the seeded cloud. */
export async function pageIds(cloud: Cloud): Promise<Ids> {
  const code = await cloud.call<{ scene: string }>('demo-organizer', 'checkin', 'activityCode', { activityId: TODAY })
  const regs = await cloud.store.listRegistrationsByOwner('demo-parent' as never)
  // 评价 is for a registration checked in at an activity that has ended (the seed's 全国科普日 主场).
  const attended = regs.find((r) => r.checkedInAt && r.activityId === 'act-kpr-main')
  const mine = await cloud.call<{ course: { id: string }; progress: { personId: string; completed: boolean } }[]>('demo-senior', 'courses', 'mine', {})
  const completed = mine.find((m) => m.progress.completed)
  if (!attended || !completed) throw new Error('the seed has no checked-in past registration or no completed course')
  return {
    activityCodeScene: code.scene,
    ratableRegistrationId: attended.id,
    certificate: { courseId: completed.course.id, personId: completed.progress.personId },
  }
}

/** The URL that opens a page as its case says. */
export const caseUrl = (route: string, c: PageCase, ids: Ids): string => `${route}${c.query ? `?${c.query(ids)}` : ''}`
