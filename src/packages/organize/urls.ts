/** The organizer pages (subpackage packages/organize). */
export const ORGANIZE_URLS = {
  home: '/packages/organize/pages/home/index',
  create: '/packages/organize/pages/edit/index',
  edit: (id: string) => `/packages/organize/pages/edit/index?id=${encodeURIComponent(id)}`,
  copy: (id: string) => `/packages/organize/pages/edit/index?copy=${encodeURIComponent(id)}`,
  review: '/packages/organize/pages/review/index',
  console: (id: string) => `/packages/console/pages/activity/index?id=${encodeURIComponent(id)}`,
  activity: (id: string) => `/pages/activity/index?id=${encodeURIComponent(id)}`,
  /** 评单: what residents said about one activity, or about the unit's (an admin's chosen unit, or the district). */
  feedback: (id: string) => `/packages/feedback/pages/summary/index?activityId=${encodeURIComponent(id)}`,
  /** 点单: residents' wishes, each answerable with 据此创建活动. */
  wishes: '/packages/wishes/pages/list/index',
  unitFeedback: (departmentCode?: string) => `/packages/feedback/pages/summary/index${departmentCode ? `?departmentCode=${encodeURIComponent(departmentCode)}` : ''}`,
}
