// Expected failures are values with stable dotted codes; the UI shows the Chinese message.

export const ERROR_MESSAGES = {
  'INPUT.INVALID': '提交的信息有误，请检查后重试',
  'INPUT.TOO_LONG': '填写的内容过长',
  'INPUT.INVALID_ID': '编号格式不正确',
  'ACTION.UNKNOWN': '不支持的操作',
  'REQUEST.BAD_URL': '请求地址无效',
  'REQUEST.METHOD_NOT_ALLOWED': '不支持的请求方式',
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': '请求须为 JSON 格式（Content-Type: application/json）',
  'REQUEST.CROSS_SITE': '拒绝来自其他网站的请求',
  'AUTH.REQUIRED': '请先登录',
  'AUTH.FORBIDDEN': '没有权限进行此操作',
  'AUTH.UNKNOWN_USER': '该演示身份不存在',
  'AUTH.WECHAT_CODE_INVALID': '微信登录已失效，请重新进入小程序',
  'AUTH.WECHAT_UNAVAILABLE': '暂时无法连接微信登录服务，请稍后重试',
  'ACTIVITY.NOT_FOUND': '活动不存在或已下架',
  'ACTIVITY.CANCELLED': '活动已取消',
  'ACTIVITY.TITLE': '请填写活动名称（2至30字）',
  'ACTIVITY.IN_PAST': '开始时间已过，请选择以后的时间',
  'ACTIVITY.TIME': '结束时间须晚于开始时间',
  'ACTIVITY.TOO_LONG': '一场活动最长24小时；连续多天请分成多场或建系列课程',
  'ACTIVITY.PLACE': '请填写活动地点（60字以内）',
  'ACTIVITY.LOCATION': '地图位置不正确',
  'ACTIVITY.CAPACITY': '名额应为1至5000之间的整数',
  'ACTIVITY.CAPACITY_BELOW_CONFIRMED': '名额不能少于已报名人数',
  'ACTIVITY.WAITLIST': '候补人数应为0至1000之间的整数',
  'ACTIVITY.SIGNUP_WINDOW': '报名截止须晚于报名开始，且不晚于活动开始',
  'ACTIVITY.NO_TARGET_GROUP': '请至少选择一个面向人群',
  'ACTIVITY.AGE_RANGE': '年龄范围应为0至120岁，且最小年龄不大于最大年龄',
  'ACTIVITY.ALREADY_SUBMITTED': '该活动已提交审核，请等待区科协审核',
  'ACTIVITY.SERIES': '重复活动为每周或每两周一次，共2至12场',
  'ACTIVITY.NOT_PENDING': '该活动不在待审核状态',
  'ACTIVITY.REVIEW_REASON': '请填写退回原因（2至200字）',
  'ACTIVITY.CANCEL_REASON': '请填写取消原因（2至100字）',
  'ACTIVITY.ENDED': '活动已结束，不能再修改',
  'ACTIVITY.STARTED': '活动已开始或已有人签到，不能取消',
  'ACTIVITY.HAS_ATTENDANCE': '已有人签到，活动的时间、地点和统计归属不能再改',
  'ACTIVITY.TYPE': '请选择活动类型',
  'ACTIVITY.NOT_EDITABLE': '系列课程的课时请在课程管理中修改',
  'AREA.NOT_FOUND': '镇街不存在',
  'REGISTRATION.NOT_OPEN': '报名尚未开始',
  'REGISTRATION.CLOSED': '报名已截止',
  'REGISTRATION.DUPLICATE': '该参与人已报名此活动',
  'REGISTRATION.FULL': '名额已满，且不接受候补',
  'REGISTRATION.NOT_FOUND': '报名记录不存在',
  'REGISTRATION.NOT_YOURS': '不能取消他人的报名',
  'REGISTRATION.ALREADY_CANCELLED': '该报名已取消',
  'REGISTRATION.ACTIVITY_STARTED': '活动已开始，无法取消报名',
  'REGISTRATION.CHECKED_IN': '已签到的报名不能取消；如签到有误，请联系活动组织者',
  'PERSON.NOT_FOUND': '参与人不存在',
  'PERSON.NOT_MANAGED': '您不能替此参与人操作',
  'PERSON.CONSENT_REQUIRED': '未满14周岁的参与人需要监护人同意',
  'PERSON.HAS_ACTIVE_REGISTRATIONS': '该参与人还有未结束的报名，请先取消',
  'PERSON.SELF_EXISTS': '本人信息已存在',
  'PERSON.LIMIT': '管理的参与人数量已达上限',
  'PERSON.MERGE_SAME': '不能把参与人合并到自己',
  'PERSON.BIRTH_YEAR_FUTURE': '出生年份不能晚于今年',
  'PERSON.BIRTH_YEAR_REQUIRED': '青少年现场报名请填写出生年份',
  'CHECKIN.NOT_REGISTERED': '未报名',
  'CHECKIN.WAITLISTED': '候补中，尚未获得名额',
  'CHECKIN.CANCELLED': '票已取消',
  'CHECKIN.EXPIRED': '二维码已过期，请刷新后再扫',
  'CHECKIN.WRONG_ACTIVITY': '非本活动的票',
  'CHECKIN.INVALID_CODE': '无效二维码',
  'CHECKIN.NOT_A_TICKET': '这是活动签到码，请让参与人出示本人的票',
  'CHECKIN.NOT_ACTIVITY_CODE': '这不是活动签到码，请扫描活动现场展示的签到码',
  'CHECKIN.CARD_REVOKED': '签到卡已作废',
  'CHECKIN.OUTSIDE_WINDOW': '不在签到时间内',
  'CHECKIN.CLOCK_AHEAD': '签到时间晚于现在，请检查设备的时间设置',
  'CHECKIN.CHECKOUT_DISABLED': '本活动无需签退',
  'CHECKIN.NOT_CHECKED_IN': '尚未签到，不能签退',
  'CHECKIN.NOT_FINISHED': '活动结束后才能确认出勤',
  'CHECKIN.WALK_IN_NOT_ALLOWED': '本活动不接受现场报名',
  'CHECKIN.WALK_IN_FULL': '名额已满，无法现场报名',
  'CHECKIN.ATTENDANCE_CLOSED': '本活动出勤已确认，不能再签到；如需更正，请联系区科协',
  'UPLOAD.EMPTY': '请选择一张图片',
  'UPLOAD.TOO_LARGE': '图片不能超过2MB，请压缩后重新上传',
  'UPLOAD.TYPE': '只能上传 JPG 或 PNG 格式的图片',
  'UPLOAD.NOT_IMAGE': '图片无法打开，可能已损坏，请换一张',
  'UPLOAD.DIMENSIONS': '图片尺寸过大：长边不超过8000像素',
  'UPLOAD.TOO_SMALL': '图片太小：短边至少200像素',
  'UPLOAD.ASPECT': '图片太细长：长宽比不超过4:1',
  'UPLOAD.NOT_FOUND': '海报图片不存在，请重新上传',
  'STAFF.INVITE_INVALID': '组织者邀请码无效，请核对后重新输入',
  'STAFF.INVITE_EXPIRED': '组织者邀请码已过期，请联系区科协重新邀请',
  'STAFF.INVITE_USED': '该组织者邀请码已被使用',
  'STAFF.ALREADY_STAFF': '您已是组织者或管理员，无需再使用邀请码',
  'STAFF.NOT_ORGANIZER': '该账号不是组织者',
  'STAFF.UNKNOWN_UNIT': '单位不存在',
  'STAFF.SELF_REVOKE': '不能撤销自己的权限',
  'FEEDBACK.NOT_YOURS': '只能评价自己或家人的报名',
  'FEEDBACK.NOT_ATTENDED': '签到参加后才能评价',
  'FEEDBACK.TOO_LATE': '活动结束已超过30天，不能再评价',
  'FEEDBACK.CLOSED': '评价已超过7天，不能再修改',
  'FEEDBACK.RATING': '请选择1至5颗星',
  'FEEDBACK.COMMENT': '评价内容请在300字以内',
  'WISH.TITLE': '请填写想学的主题（2至40字）',
  'WISH.DETAIL': '说明请在300字以内',
  'WISH.TARGET_GROUP': '请选择面向人群',
  'WISH.TOO_MANY': '每人24小时内最多提5个主题，请明天再来',
  'WISH.NOT_FOUND': '该点单不存在',
  'INVITE.INVALID': '邀请码无效',
  'INVITE.EXPIRED': '邀请码已过期',
  'INVITE.ALREADY_USED': '您已使用过该邀请码',
  'INVITE.USED_BY_OTHER': '该邀请码已被他人使用',
  'INVITE.INVITER_REVOKED': '邀请人已不再负责这些活动，邀请码已失效',
  'INVITE.WINDOW': '邀请的结束时间须晚于开始时间',
  'INVITE.WINDOW_TOO_LONG': '邀请的有效期最长30天',
  'LEDGER.EMPTY_PERIOD': '统计周期为空：结束日期须晚于开始日期',
  'LEDGER.NEGATIVE_TARGET': '目标值不能为负数',
  'LEDGER.UNKNOWN_FILTER': '筛选条件中有不存在的取值',
  'LEDGER.CORRECTION_NOT_CLOSED': '该活动出勤尚未确认，请在签到台直接签到或取消签到',
  'LEDGER.CORRECTION_REASON': '请填写更正原因（2至200字）',
  'LEDGER.CORRECTION_UNCHANGED': '出勤状态没有变化，无需更正',
  'LEDGER.NO_PLAN_IN_FORCE': '当前没有正在执行的规划',
  'LEDGER.INDICATOR_NOT_FOUND': '指标不存在',
  'LEDGER.INDICATOR_COMPUTED': '该指标由系统统计，不能手工填报',
  'LEDGER.PLAN_NOT_FOUND': '规划不存在',
  'LEDGER.PLAN_EXISTS': '该时期的规划已存在',
  'COURSE.NOT_FOUND': '系列课程不存在或已下架',
  'COURSE.CANCELLED': '系列课程已取消',
  'COURSE.NO_LESSONS': '系列课程至少要有1节课',
  'COURSE.TOO_MANY_LESSONS': '系列课程最多30节课',
  'COURSE.RULE_TOO_LOW': '结业条件至少要出席1节课',
  'COURSE.RULE_EXCEEDS_LESSONS': '结业要求的出席课数不能多于课程总课数',
  'COURSE.HOURS_INVALID': '每节课学时应在0.5到8之间，以0.5为单位',
  'COURSE.LESSON_TIME': '课时的结束时间须晚于开始时间',
  'COURSE.LESSON_IN_PAST': '课时的开始时间已过，请重新选择',
  'COURSE.SIGNUP_WINDOW': '报名截止时间须晚于报名开始时间，且不晚于第1节课开始',
  'COURSE.LESSON_UNKNOWN': '没有这一节课，无法安排补课',
  'COURSE.FULL': '课程名额已满，请关注下一期',
  'COURSE.ALREADY_ENROLLED': '该参与人已报名此系列课程',
  'COURSE.NOT_COMPLETED': '该参与人尚未结业，暂无结业证书',
  'COURSE.CERTIFICATE_INVALID': '证书编号无效',
  'COURSE.CERTIFICATE_NOT_FOUND': '没有这张证书：它可能已因出勤更正而撤销',
  'COURSE.DEPARTMENT_REQUIRED': '请选择主办单位',
  'COURSE.TOO_MANY_MAKE_UPS': '补课次数已达上限',
  'PRIVACY.NOT_AGREED': '请先阅读并同意《用户隐私保护指引》',
  'PRIVACY.VERSION_MISMATCH': '隐私保护指引已更新，请重新阅读后同意',
  'PERSON.PROXY_CONSENT_REQUIRED': '代家人登记前，请确认已征得其本人同意',
  'LINK.CODE_INVALID': '绑定码不正确，请核对后重新输入',
  'LINK.CODE_EXPIRED': '绑定码已过期，请让家人重新生成',
  'LINK.CODE_USED': '绑定码已被使用，请让家人重新生成',
  'LINK.PERSON_GONE': '绑定码对应的家人信息已删除或已转出，请让家人重新生成',
  'LINK.OWN_CODE': '不能使用自己生成的绑定码，请让家人用其本人的微信输入',
  'LINK.SELF_EXISTS': '您的账号已有本人信息，不能再绑定；请先让家人删除代管记录或联系区科协',
  'LINK.SELF_PERSON': '本人信息无需生成绑定码',
  'LINK.MINOR': '未满14周岁的参与人由监护人管理，不能转给本人账号',
  'ACCOUNT.HAS_ACTIVE_REGISTRATIONS': '还有未结束的报名，请先取消后再注销账号',
  'SYSTEM.BUSY': '当前报名人数较多，请稍后重试',
  'SYSTEM.ERROR': '系统繁忙，请稍后重试',
} as const

export type ErrorCode = keyof typeof ERROR_MESSAGES

export interface Failure {
  readonly code: ErrorCode
  readonly message: string
  /** Which input field is wrong, when one is. */
  readonly field?: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

/** A failure value with the code's Chinese message, e.g. `fail('REGISTRATION.FULL')`. */
export function fail(code: ErrorCode, field?: string, message?: string): { ok: false; error: Failure } {
  return { ok: false, error: { code, message: message ?? ERROR_MESSAGES[code], ...(field ? { field } : {}) } }
}

/** Thrown only to carry an expected failure across a handler boundary; the dispatcher turns it back into a value. */
export class AppError extends Error {
  constructor(readonly failure: Failure) {
    super(`${failure.code}: ${failure.message}`)
  }
}

/** Unwraps a Result or throws its failure as an AppError. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new AppError(result.error)
  return result.value
}

export const raise = (code: ErrorCode, field?: string, message?: string): never => {
  throw new AppError(fail(code, field, message).error)
}

export const messageFor = (code: string): string =>
  (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES['SYSTEM.ERROR']
