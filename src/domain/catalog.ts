// Reference vocabulary taken from the district plan (shared/reference/plan-2021-2025.txt).
// Codes are stable identifiers stored in data; names are what people read.

export interface CatalogEntry<C extends string = string> {
  readonly code: C
  readonly name: string
}

/** The plan's five target groups plus the general public. */
export const TARGET_GROUPS = [
  { code: 'youth', name: '青少年' },
  { code: 'farmer', name: '农民' },
  { code: 'worker', name: '产业工人' },
  { code: 'senior', name: '老年人' },
  { code: 'official', name: '领导干部和公务员' },
  { code: 'public', name: '社会公众' },
] as const satisfies readonly CatalogEntry[]
export type TargetGroup = (typeof TARGET_GROUPS)[number]['code']

/** Activity types as residents know them. */
export const ACTIVITY_TYPES = [
  { code: 'science_day', name: '全国科普日' },
  { code: 'tech_week', name: '科技活动周' },
  { code: 'smart_senior', name: '智慧助老' },
  { code: 'three_rural', name: '三下乡' },
  { code: 'health', name: '健康讲座' },
  { code: 'disaster', name: '防灾减灾' },
  { code: 'scientist_spirit', name: '科学家精神进校园' },
  { code: 'training', name: '培训' },
  { code: 'lecture', name: '科普讲座' },
] as const satisfies readonly CatalogEntry[]
export type ActivityType = (typeof ACTIVITY_TYPES)[number]['code']

/** The plan's five 提升行动. */
export const PLAN_ACTIONS = [
  { code: 'action_youth', name: '青少年科学素质提升行动' },
  { code: 'action_farmer', name: '农民科学素质提升行动' },
  { code: 'action_worker', name: '产业工人科学素质提升行动' },
  { code: 'action_senior', name: '老年人科学素质提升行动' },
  { code: 'action_official', name: '领导干部和公务员科学素质提升行动' },
] as const satisfies readonly CatalogEntry[]
export type PlanAction = (typeof PLAN_ACTIONS)[number]['code']

/** The plan's four 重点工程. */
export const PLAN_PROJECTS = [
  { code: 'project_resources', name: '科技资源科普化工程' },
  { code: 'project_informatization', name: '科普信息化提升工程' },
  { code: 'project_infrastructure', name: '科普基础设施建设工程' },
  { code: 'project_grassroots', name: '基层科普能力提升工程' },
] as const satisfies readonly CatalogEntry[]
export type PlanProject = (typeof PLAN_PROJECTS)[number]['code']

/**
 * Tags an activity carries for the plan's headline indicators (ledger/indicators.ts TAGS counts by
 * them): chosen from this list in the organizer's form, shown in Chinese, never typed as codes.
 */
export const ACTIVITY_TAGS = [
  { code: 'science_tutor_training', name: '科技辅导员培训' },
  { code: 'high_quality_farmer', name: '高素质农民培训' },
  { code: 'smart_class', name: '智慧助老手机课堂' },
] as const satisfies readonly CatalogEntry[]
export type ActivityTag = (typeof ACTIVITY_TAGS)[number]['code']

/** Lead and responsible units named in the plan. */
export const DEPARTMENTS = [
  { code: 'kx', name: '区科学技术协会' },
  { code: 'jiaoti', name: '区教育和体育局' },
  { code: 'nongye', name: '区农业农村局' },
  { code: 'zonggonghui', name: '区总工会' },
  { code: 'renshe', name: '区人力资源和社会保障局' },
  { code: 'weijian', name: '区卫生健康局' },
  { code: 'zuzhibu', name: '区委组织部' },
  { code: 'xuanchuanbu', name: '区委宣传部' },
  { code: 'kejiju', name: '区科学技术局' },
  { code: 'yingji', name: '区应急管理局' },
  { code: 'tuanquwei', name: '团区委' },
  { code: 'fulian', name: '区妇联' },
  { code: 'wenlv', name: '区文化和旅游局' },
  { code: 'shijian', name: '区市场监督管理局' },
  { code: 'haiyang', name: '区海洋发展局' },
  { code: 'gongxin', name: '区工业和信息化局' },
] as const satisfies readonly CatalogEntry[]
export type DepartmentCode = (typeof DEPARTMENTS)[number]['code']

export const codesOf = <C extends string>(list: readonly CatalogEntry<C>[]): C[] => list.map((e) => e.code)

/** Name for a code, or the code itself when unknown (old data stays readable). */
export function nameOf(list: readonly CatalogEntry[], code: string): string {
  return list.find((e) => e.code === code)?.name ?? code
}
