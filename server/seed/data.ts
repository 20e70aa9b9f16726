// Seed data for Huancui District, drawn from the 2021–2025 plan (shared/reference/plan-2021-2025.txt):
// its units, target groups, actions and projects, and the activities it names.

import type { ActivityType, DepartmentCode, PlanAction, PlanProject, TargetGroup } from '../../src/domain/catalog'

/** Towns and sub-districts of Huancui; admins can edit the list in the app. */
export const SEED_AREAS: ReadonlyArray<{ id: string; name: string; kind: 'town' | 'street' }> = [
  { id: 'area-huancuilou', name: '环翠楼街道', kind: 'street' },
  { id: 'area-jingyuan', name: '鲸园街道', kind: 'street' },
  { id: 'area-zhudao', name: '竹岛街道', kind: 'street' },
  { id: 'area-baoquanlu', name: '宝泉路街道', kind: 'street' },
  { id: 'area-tianhe', name: '田和街道', kind: 'street' },
  { id: 'area-huangguan', name: '皇冠街道', kind: 'street' },
  { id: 'area-yiyuan', name: '怡园街道', kind: 'street' },
  { id: 'area-sunjiatuan', name: '孙家疃街道', kind: 'street' },
  { id: 'area-songshan', name: '嵩山街道', kind: 'street' },
  { id: 'area-wenquan', name: '温泉镇', kind: 'town' },
  { id: 'area-zhangcun', name: '张村镇', kind: 'town' },
  { id: 'area-yangting', name: '羊亭镇', kind: 'town' },
  { id: 'area-qiaotou', name: '桥头镇', kind: 'town' },
]

/** When an activity happens, relative to the seeding moment so a fresh install always has upcoming ones. */
export type When =
  | { kind: 'past'; month: number; day: number; hour: number; minute?: number }
  | { kind: 'upcoming'; inDays: number; hour: number; minute?: number }
  /** Under way when the database is seeded, so a demo console has someone to check in. */
  | { kind: 'started'; minutesAgo: number }
  /** A fixed date, for the plan period's history. */
  | { kind: 'date'; year: number; month: number; day: number; hour: number }

export interface ActivityTemplate {
  readonly id: string
  readonly title: string
  readonly type: ActivityType
  readonly description: string
  readonly when: When
  readonly durationMinutes: number
  readonly place: string
  readonly areaId: string
  readonly departmentCode: DepartmentCode
  readonly targetGroups: TargetGroup[]
  readonly actions: PlanAction[]
  readonly projects: PlanProject[]
  readonly capacity: number
  readonly waitlistLimit: number
  /** Seeded sign-ups from neighbours; above capacity they land on the waitlist. */
  readonly seededSignUps: number
  /** Sign-up opens this many days after seeding (a not-yet-open activity). */
  readonly opensInDays?: number
  /** People not signed up may join on the spot through the activity code. */
  readonly walkInsAllowed?: boolean
  /** Tags the ledger's indicators count by (see src/domain/ledger/indicators.ts TAGS). */
  readonly tags?: string[]
}

const T = (t: ActivityTemplate): ActivityTemplate => t

const SMART_LESSONS = ['微信视频通话', '防范电信诈骗', '手机支付', '预约挂号'] as const

export const SEED_ACTIVITIES: ActivityTemplate[] = [
  // 全国科普日 (September): the district's flagship, several venues.
  T({ id: 'act-kpr-main', title: '全国科普日环翠区主场活动', type: 'science_day', description: '科普展品互动体验、科学实验秀、应急救护演示，市民可携家人参加。', when: { kind: 'past', month: 9, day: 20, hour: 9 }, durationMinutes: 240, place: '环翠区新时代文明实践中心广场', areaId: 'area-huancuilou', departmentCode: 'kx', targetGroups: ['public', 'youth', 'senior'], actions: ['action_youth', 'action_senior'], projects: ['project_grassroots'], capacity: 300, waitlistLimit: 0, seededSignUps: 96 }),
  T({ id: 'act-kpr-ocean', title: '全国科普日·海洋科普进社区', type: 'science_day', description: '海洋生物标本展示与海洋生态保护讲解。', when: { kind: 'past', month: 9, day: 21, hour: 14 }, durationMinutes: 120, place: '竹岛街道社区服务中心', areaId: 'area-zhudao', departmentCode: 'haiyang', targetGroups: ['public', 'youth'], actions: ['action_youth'], projects: ['project_resources'], capacity: 80, waitlistLimit: 20, seededSignUps: 80 }),
  T({ id: 'act-kpr-health', title: '全国科普日·合理用药咨询', type: 'science_day', description: '药师现场解答老年人常见用药问题。', when: { kind: 'past', month: 9, day: 22, hour: 9 }, durationMinutes: 150, place: '鲸园街道社区卫生服务中心', areaId: 'area-jingyuan', departmentCode: 'weijian', targetGroups: ['senior', 'public'], actions: ['action_senior'], projects: ['project_grassroots'], capacity: 60, waitlistLimit: 10, seededSignUps: 41 }),
  T({ id: 'act-kpr-farm', title: '全国科普日·科普惠民兴村行', type: 'science_day', description: '农业专家进村讲解绿色种植与病虫害防治。', when: { kind: 'past', month: 9, day: 23, hour: 9 }, durationMinutes: 180, place: '张村镇党群服务中心', areaId: 'area-zhangcun', departmentCode: 'nongye', targetGroups: ['farmer'], actions: ['action_farmer'], projects: ['project_grassroots'], capacity: 100, waitlistLimit: 0, seededSignUps: 55 }),

  // 科技活动周 (May)
  T({ id: 'act-kjz-open', title: '科技活动周·科技成果展示开放日', type: 'tech_week', description: '企业创新成果与科技设施向公众开放参观。', when: { kind: 'past', month: 5, day: 18, hour: 9 }, durationMinutes: 210, place: '环翠区科技企业孵化器', areaId: 'area-tianhe', departmentCode: 'kejiju', targetGroups: ['public', 'worker'], actions: ['action_worker'], projects: ['project_resources'], capacity: 120, waitlistLimit: 30, seededSignUps: 73 }),
  T({ id: 'act-kjz-school', title: '科技活动周·青少年科创作品展', type: 'tech_week', description: '中小学生科技小发明、小制作作品展评。', when: { kind: 'past', month: 5, day: 20, hour: 14 }, durationMinutes: 120, place: '环翠区青少年活动中心', areaId: 'area-huangguan', departmentCode: 'jiaoti', targetGroups: ['youth'], actions: ['action_youth'], projects: ['project_infrastructure'], capacity: 150, waitlistLimit: 0, seededSignUps: 88 }),
  T({ id: 'act-kjz-worker', title: '科技活动周·职工创新成果交流会', type: 'tech_week', description: '劳模创新工作室成果交流，弘扬工匠精神。', when: { kind: 'past', month: 5, day: 22, hour: 14 }, durationMinutes: 120, place: '区总工会职工服务中心', areaId: 'area-baoquanlu', departmentCode: 'zonggonghui', targetGroups: ['worker'], actions: ['action_worker'], projects: ['project_resources'], capacity: 80, waitlistLimit: 10, seededSignUps: 47 }),

  // 智慧助老 手机课堂: a four-lesson class now running, and last spring's class.
  ...SMART_LESSONS.map((lesson, i) =>
    T({
      id: `act-zhzl-${i + 1}`,
      title: `智慧助老 手机课堂 第${i + 1}课：${lesson}`,
      type: 'smart_senior',
      description: `老年人智能手机课堂第${i + 1}课“${lesson}”，志愿者一对一指导，请带上自己的手机。`,
      when: { kind: 'upcoming', inDays: 2 + i * 7, hour: 9, minute: 30 },
      durationMinutes: 90,
      place: '环翠楼街道社区科普大学教学点',
      areaId: 'area-huancuilou',
      departmentCode: 'kx',
      targetGroups: ['senior'],
      actions: ['action_senior'],
      projects: ['project_grassroots'],
      // Lesson 2 is full with an empty waitlist: the next sign-up waits first in line.
      capacity: i === 1 ? 20 : 25,
      waitlistLimit: 10,
      seededSignUps: i === 1 ? 20 : 12 + i * 2,
    }),
  ),
  ...SMART_LESSONS.map((lesson, i) =>
    T({
      id: `act-zhzl-spring-${i + 1}`,
      title: `智慧助老 春季手机课堂 第${i + 1}课：${lesson}`,
      type: 'smart_senior',
      description: `春季智能手机课堂第${i + 1}课“${lesson}”。`,
      when: { kind: 'past', month: 4, day: 7 + i * 7, hour: 9, minute: 30 },
      durationMinutes: 90,
      place: '温泉镇老年大学学习点',
      areaId: 'area-wenquan',
      departmentCode: 'kx',
      targetGroups: ['senior'],
      actions: ['action_senior'],
      projects: ['project_grassroots'],
      capacity: 30,
      waitlistLimit: 5,
      seededSignUps: 26,
    }),
  ),
  T({ id: 'act-zhzl-fraud', title: '智慧助老·识别网络谣言与电信诈骗讲座', type: 'smart_senior', description: '民警与志愿者讲解常见诈骗手法，现场演示手机防骗设置。', when: { kind: 'upcoming', inDays: 5, hour: 14 }, durationMinutes: 90, place: '鲸园街道新时代文明实践站', areaId: 'area-jingyuan', departmentCode: 'xuanchuanbu', targetGroups: ['senior'], actions: ['action_senior'], projects: ['project_informatization'], capacity: 40, waitlistLimit: 0, seededSignUps: 40 }),

  // Under way at first start: the organizer demo checks people in here.
  T({ id: 'act-today-ai', title: '科普大讲堂：人工智能与日常生活', type: 'lecture', description: '人工智能在生活中的应用与防范AI换脸诈骗，现场可扫码签到，未报名居民可现场报名。', when: { kind: 'started', minutesAgo: 20 }, durationMinutes: 150, place: '区科学技术协会科普报告厅', areaId: 'area-baoquanlu', departmentCode: 'kx', targetGroups: ['public', 'senior'], actions: ['action_senior'], projects: ['project_informatization'], capacity: 80, waitlistLimit: 0, seededSignUps: 46, walkInsAllowed: true }),

  // 三下乡
  T({ id: 'act-sxx-winter', title: '文化科技卫生“三下乡”集中示范活动', type: 'three_rural', description: '农技咨询、义诊、科普图书发放。', when: { kind: 'upcoming', inDays: 12, hour: 9 }, durationMinutes: 180, place: '羊亭镇政府广场', areaId: 'area-yangting', departmentCode: 'xuanchuanbu', targetGroups: ['farmer', 'public'], actions: ['action_farmer'], projects: ['project_grassroots'], capacity: 200, waitlistLimit: 0, seededSignUps: 35, walkInsAllowed: true }),
  T({ id: 'act-sxx-spring', title: '“三下乡”科技服务进桥头', type: 'three_rural', description: '春耕前农业技术指导与农资辨识。', when: { kind: 'past', month: 3, day: 12, hour: 9 }, durationMinutes: 180, place: '桥头镇综合文化站', areaId: 'area-qiaotou', departmentCode: 'nongye', targetGroups: ['farmer'], actions: ['action_farmer'], projects: ['project_grassroots'], capacity: 120, waitlistLimit: 0, seededSignUps: 64 }),

  // 科技辅导员 (science tutors) training: the plan asks for 50 a year.
  T({ id: 'act-kjfdy-1', title: '科创教师素质提升培训班（第一期）', type: 'training', description: '面向中小学科学教师和科技辅导员，探究式教学与科创活动设计。', when: { kind: 'past', month: 3, day: 26, hour: 9 }, durationMinutes: 360, place: '环翠区教师发展中心', areaId: 'area-huangguan', departmentCode: 'jiaoti', targetGroups: ['public'], actions: ['action_youth'], projects: ['project_resources'], capacity: 40, waitlistLimit: 10, seededSignUps: 38 }),
  T({ id: 'act-kjfdy-2', title: '科创教师素质提升培训班（第二期）', type: 'training', description: '人工智能与编程教育专题，科技辅导员实操训练。', when: { kind: 'past', month: 10, day: 15, hour: 9 }, durationMinutes: 360, place: '环翠区教师发展中心', areaId: 'area-huangguan', departmentCode: 'jiaoti', targetGroups: ['public'], actions: ['action_youth'], projects: ['project_resources'], capacity: 40, waitlistLimit: 10, seededSignUps: 31 }),
  T({ id: 'act-kjfdy-3', title: '“送培到基层”科技辅导员培训', type: 'training', description: '送培到农村学校，科学实验课示范与研讨。', when: { kind: 'upcoming', inDays: 9, hour: 13, minute: 30 }, durationMinutes: 180, place: '张村镇中心学校', areaId: 'area-zhangcun', departmentCode: 'kx', targetGroups: ['public'], actions: ['action_youth'], projects: ['project_grassroots'], capacity: 30, waitlistLimit: 10, seededSignUps: 12 }),

  // 高素质农民 training: 500 over the plan period.
  T({ id: 'act-gszn-1', title: '高素质农民培育·设施蔬菜种植技术班', type: 'training', description: '设施蔬菜栽培、水肥一体化与病虫害绿色防控。', when: { kind: 'past', month: 4, day: 16, hour: 9 }, durationMinutes: 300, place: '张村镇农民田间学校', areaId: 'area-zhangcun', departmentCode: 'nongye', targetGroups: ['farmer'], actions: ['action_farmer'], projects: ['project_resources'], capacity: 60, waitlistLimit: 10, seededSignUps: 52 }),
  T({ id: 'act-gszn-2', title: '高素质农民培育·苹果标准化生产培训', type: 'training', description: '果园管理、修剪与品牌营销。', when: { kind: 'past', month: 6, day: 11, hour: 9 }, durationMinutes: 300, place: '温泉镇果业合作社', areaId: 'area-wenquan', departmentCode: 'nongye', targetGroups: ['farmer'], actions: ['action_farmer'], projects: ['project_resources'], capacity: 60, waitlistLimit: 0, seededSignUps: 44 }),
  T({ id: 'act-gszn-3', title: '高素质农民培育·海水养殖技术培训', type: 'training', description: '海参、海带养殖技术与病害防治。', when: { kind: 'past', month: 8, day: 20, hour: 9 }, durationMinutes: 300, place: '孙家疃街道渔业服务站', areaId: 'area-sunjiatuan', departmentCode: 'haiyang', targetGroups: ['farmer'], actions: ['action_farmer'], projects: ['project_resources'], capacity: 50, waitlistLimit: 10, seededSignUps: 50 }),
  T({ id: 'act-gszn-4', title: '高素质农民培育·农村电商直播培训', type: 'training', description: '手机直播带货与“云上智农”APP应用。', when: { kind: 'upcoming', inDays: 16, hour: 9 }, durationMinutes: 300, place: '羊亭镇电商服务中心', areaId: 'area-yangting', departmentCode: 'nongye', targetGroups: ['farmer'], actions: ['action_farmer'], projects: ['project_informatization'], capacity: 50, waitlistLimit: 20, seededSignUps: 58 }),
  T({ id: 'act-gszn-women', title: '乡村振兴巾帼行动·农村妇女科学素质培训', type: 'training', description: '农村妇女线上线下科学致富能力培训。', when: { kind: 'upcoming', inDays: 20, hour: 14 }, durationMinutes: 150, place: '桥头镇妇女之家', areaId: 'area-qiaotou', departmentCode: 'fulian', targetGroups: ['farmer'], actions: ['action_farmer'], projects: ['project_grassroots'], capacity: 40, waitlistLimit: 10, seededSignUps: 9 }),

  // 产业工人 skills
  T({ id: 'act-worker-safety', title: '职工安全生产与职业健康科普培训', type: 'training', description: '安全生产知识、职业病防护与应急自救。', when: { kind: 'past', month: 7, day: 8, hour: 14 }, durationMinutes: 120, place: '田和街道工业园职工之家', areaId: 'area-tianhe', departmentCode: 'zonggonghui', targetGroups: ['worker'], actions: ['action_worker'], projects: ['project_grassroots'], capacity: 100, waitlistLimit: 0, seededSignUps: 67 }),
  T({ id: 'act-worker-ai', title: '人工智能与大数据职业技能培训', type: 'training', description: '面向先进制造业职工的数字技能提升课程。', when: { kind: 'upcoming', inDays: 11, hour: 9 }, durationMinutes: 360, place: '区人力资源市场培训室', areaId: 'area-baoquanlu', departmentCode: 'renshe', targetGroups: ['worker'], actions: ['action_worker'], projects: ['project_resources'], capacity: 50, waitlistLimit: 20, seededSignUps: 21 }),

  // 健康大讲堂
  T({ id: 'act-health-diet', title: '健康大讲堂：老年人合理膳食', type: 'health', description: '营养师讲解老年人膳食搭配与慢病饮食管理。', when: { kind: 'upcoming', inDays: 3, hour: 9 }, durationMinutes: 90, place: '怡园街道社区卫生服务中心', areaId: 'area-yiyuan', departmentCode: 'weijian', targetGroups: ['senior', 'public'], actions: ['action_senior'], projects: ['project_grassroots'], capacity: 60, waitlistLimit: 15, seededSignUps: 33 }),
  T({ id: 'act-health-mind', title: '健康大讲堂：心理健康与睡眠', type: 'health', description: '常见睡眠问题与心理调适方法。', when: { kind: 'past', month: 11, day: 8, hour: 14 }, durationMinutes: 90, place: '宝泉路街道新时代文明实践站', areaId: 'area-baoquanlu', departmentCode: 'weijian', targetGroups: ['public', 'senior'], actions: ['action_senior'], projects: ['project_grassroots'], capacity: 60, waitlistLimit: 0, seededSignUps: 39 }),
  T({ id: 'act-health-week', title: '老年健康宣传周·慢病防治义诊讲座', type: 'health', description: '高血压、糖尿病防治讲座与义诊。', when: { kind: 'past', month: 7, day: 28, hour: 9 }, durationMinutes: 120, place: '嵩山街道社区卫生服务站', areaId: 'area-songshan', departmentCode: 'weijian', targetGroups: ['senior'], actions: ['action_senior'], projects: ['project_grassroots'], capacity: 50, waitlistLimit: 10, seededSignUps: 50 }),
  T({ id: 'act-health-food', title: '食品安全宣传周·家庭食品安全知识讲座', type: 'health', description: '食品标签识读与家庭储存安全。', when: { kind: 'upcoming', inDays: 24, hour: 14 }, durationMinutes: 90, place: '竹岛街道社区服务中心', areaId: 'area-zhudao', departmentCode: 'shijian', targetGroups: ['public'], actions: ['action_senior'], projects: ['project_grassroots'], capacity: 80, waitlistLimit: 0, seededSignUps: 14, opensInDays: 3 }),

  // 防灾减灾
  T({ id: 'act-fzjz-day', title: '防灾减灾日应急疏散演练', type: 'disaster', description: '地震与火灾应急疏散演练，应急救护技能体验。', when: { kind: 'past', month: 5, day: 12, hour: 9 }, durationMinutes: 120, place: '皇冠街道应急避难场所', areaId: 'area-huangguan', departmentCode: 'yingji', targetGroups: ['public', 'youth', 'senior'], actions: ['action_youth', 'action_senior'], projects: ['project_grassroots'], capacity: 200, waitlistLimit: 0, seededSignUps: 91 }),
  T({ id: 'act-fzjz-winter', title: '冬季防火与燃气安全应急科普', type: 'disaster', description: '冬季家庭防火、燃气泄漏处置演示。', when: { kind: 'upcoming', inDays: 6, hour: 14 }, durationMinutes: 90, place: '田和街道社区服务中心', areaId: 'area-tianhe', departmentCode: 'yingji', targetGroups: ['public', 'senior'], actions: ['action_senior'], projects: ['project_grassroots'], capacity: 60, waitlistLimit: 10, seededSignUps: 26 }),
  T({ id: 'act-fzjz-typhoon', title: '海上防台风应急科普进渔村', type: 'disaster', description: '渔民防台风、海上自救知识讲解。', when: { kind: 'past', month: 6, day: 25, hour: 14 }, durationMinutes: 90, place: '孙家疃街道渔村文化广场', areaId: 'area-sunjiatuan', departmentCode: 'yingji', targetGroups: ['farmer', 'public'], actions: ['action_farmer'], projects: ['project_grassroots'], capacity: 80, waitlistLimit: 0, seededSignUps: 46 }),

  // 科学家精神进校园 and youth
  T({ id: 'act-kxj-1', title: '科学家精神进校园·院士科普报告会', type: 'scientist_spirit', description: '科学家讲述科研故事，弘扬科学家精神。', when: { kind: 'past', month: 10, day: 28, hour: 14 }, durationMinutes: 90, place: '威海市环翠区实验小学报告厅', areaId: 'area-huancuilou', departmentCode: 'kx', targetGroups: ['youth'], actions: ['action_youth'], projects: ['project_resources'], capacity: 300, waitlistLimit: 0, seededSignUps: 112 }),
  T({ id: 'act-kxj-2', title: '科学家精神进校园·老科学家科普报告团', type: 'scientist_spirit', description: '老科学家科普报告团走进农村学校。', when: { kind: 'upcoming', inDays: 8, hour: 14 }, durationMinutes: 90, place: '桥头镇中心学校', areaId: 'area-qiaotou', departmentCode: 'kx', targetGroups: ['youth'], actions: ['action_youth'], projects: ['project_grassroots'], capacity: 200, waitlistLimit: 0, seededSignUps: 40 }),
  T({ id: 'act-youth-camp', title: '馆校合作·科技馆研学日', type: 'lecture', description: '走进科技馆开展科学探究与研学实践。', when: { kind: 'upcoming', inDays: 13, hour: 9 }, durationMinutes: 240, place: '威海市科技馆', areaId: 'area-tianhe', departmentCode: 'jiaoti', targetGroups: ['youth'], actions: ['action_youth'], projects: ['project_infrastructure'], capacity: 45, waitlistLimit: 15, seededSignUps: 50 }),
  T({ id: 'act-youth-paper', title: '青少年科技小论文写作指导', type: 'lecture', description: '科技小论文（发明、制作）选题与写作指导。', when: { kind: 'past', month: 6, day: 6, hour: 14 }, durationMinutes: 120, place: '环翠区青少年活动中心', areaId: 'area-huangguan', departmentCode: 'tuanquwei', targetGroups: ['youth'], actions: ['action_youth'], projects: ['project_resources'], capacity: 60, waitlistLimit: 0, seededSignUps: 37 }),
  T({ id: 'act-youth-family', title: '家庭科学教育亲子实验课', type: 'lecture', description: '家长与孩子一起动手做科学小实验。', when: { kind: 'upcoming', inDays: 4, hour: 9, minute: 30 }, durationMinutes: 120, place: '怡园街道新时代文明实践站', areaId: 'area-yiyuan', departmentCode: 'fulian', targetGroups: ['youth', 'public'], actions: ['action_youth'], projects: ['project_grassroots'], capacity: 30, waitlistLimit: 10, seededSignUps: 33 }),

  // 领导干部和公务员
  T({ id: 'act-official-1', title: '领导干部科学素质专题讲座：前沿科技发展趋势', type: 'lecture', description: '人工智能、新能源等前沿科技知识专题学习。', when: { kind: 'past', month: 6, day: 18, hour: 14 }, durationMinutes: 120, place: '区委党校报告厅', areaId: 'area-huancuilou', departmentCode: 'zuzhibu', targetGroups: ['official'], actions: ['action_official'], projects: ['project_resources'], capacity: 150, waitlistLimit: 0, seededSignUps: 84 }),
  T({ id: 'act-official-2', title: '基层干部科学素质主题培训', type: 'training', description: '新时代基层干部主题培训，提升科学决策与基层治理能力。', when: { kind: 'upcoming', inDays: 15, hour: 9 }, durationMinutes: 240, place: '区委党校', areaId: 'area-huancuilou', departmentCode: 'zuzhibu', targetGroups: ['official'], actions: ['action_official'], projects: ['project_grassroots'], capacity: 100, waitlistLimit: 0, seededSignUps: 22 }),

  // Science communication and infrastructure
  T({ id: 'act-media-training', title: '科普创作与新媒体传播能力培训', type: 'training', description: '科普短视频创作与新媒体传播技巧。', when: { kind: 'past', month: 8, day: 6, hour: 14 }, durationMinutes: 150, place: '区融媒体中心', areaId: 'area-jingyuan', departmentCode: 'wenlv', targetGroups: ['public'], actions: ['action_youth'], projects: ['project_informatization'], capacity: 40, waitlistLimit: 0, seededSignUps: 28 }),
  T({ id: 'act-science-lecture', title: '科学讲堂：海洋与气候变化', type: 'lecture', description: '海洋科学家解读海洋与气候变化。', when: { kind: 'upcoming', inDays: 18, hour: 19 }, durationMinutes: 90, place: '环翠区图书馆报告厅', areaId: 'area-huancuilou', departmentCode: 'kx', targetGroups: ['public'], actions: ['action_youth'], projects: ['project_informatization'], capacity: 120, waitlistLimit: 30, seededSignUps: 48, opensInDays: 2 }),
  T({ id: 'act-base-open', title: '科普教育基地开放日', type: 'lecture', description: '科普教育基地免费开放与讲解。', when: { kind: 'past', month: 8, day: 15, hour: 9 }, durationMinutes: 240, place: '刘公岛海洋科普教育基地', areaId: 'area-huancuilou', departmentCode: 'wenlv', targetGroups: ['public', 'youth'], actions: ['action_youth'], projects: ['project_infrastructure'], capacity: 150, waitlistLimit: 0, seededSignUps: 70 }),
  T({ id: 'act-volunteer', title: '“科普惠民”志愿者服务技能培训', type: 'training', description: '科普志愿者、应急科普志愿者服务技能培训。', when: { kind: 'upcoming', inDays: 26, hour: 14 }, durationMinutes: 120, place: '区科学技术协会会议室', areaId: 'area-baoquanlu', departmentCode: 'kx', targetGroups: ['public'], actions: ['action_senior'], projects: ['project_grassroots'], capacity: 40, waitlistLimit: 10, seededSignUps: 11 }),
  T({ id: 'act-silver', title: '银龄科普行动·老专家社区科普报告', type: 'lecture', description: '老科协专家进社区开展科普报告。', when: { kind: 'past', month: 10, day: 20, hour: 9, minute: 30 }, durationMinutes: 90, place: '嵩山街道老年活动中心', areaId: 'area-songshan', departmentCode: 'kx', targetGroups: ['senior'], actions: ['action_senior'], projects: ['project_grassroots'], capacity: 60, waitlistLimit: 0, seededSignUps: 42 }),
]

/** Neighbours who fill the seeded activities: surname + given name pairs, enough to be unique. */
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '于', '丛', '毕', '谷']
export const GIVEN_NAMES = ['秀英', '桂兰', '建华', '志强', '海燕', '国庆', '玉梅', '明亮', '淑珍', '立新', '春梅', '德胜', '丽娟', '文博', '子涵', '浩然']

/** Tags by activity id prefix: the trainings and classes the plan's figures count. */
export const SEED_TAGS: ReadonlyArray<[prefix: string, tag: string]> = [
  ['act-kjfdy-', 'science_tutor_training'],
  ['act-gszn-', 'high_quality_farmer'],
  ['act-zhzl-', 'smart_class'],
]

/**
 * The plan period's history (2021–2025): each year two 科技辅导员 trainings, two 高素质农民 trainings,
 * the 全国科普日 main event and a 智慧助老 class, so the ledger has figures to show. Neighbours come
 * back across years, so unique persons stay below person-times.
 */
export function historyTemplates(): ActivityTemplate[] {
  const out: ActivityTemplate[] = []
  for (let year = 2021; year <= 2025; year++) {
    const at = (month: number, day: number, hour = 9): When => ({ kind: 'date', year, month, day, hour })
    out.push(
      T({ id: `act-h${year}-tutor-1`, title: `科创教师素质提升培训班（${year}年第一期）`, type: 'training', description: '面向中小学科学教师和科技辅导员的培训。', when: at(4, 10), durationMinutes: 360, place: '环翠区教师发展中心', areaId: 'area-huangguan', departmentCode: 'jiaoti', targetGroups: ['public'], actions: ['action_youth'], projects: ['project_resources'], capacity: 40, waitlistLimit: 0, seededSignUps: 24 + (year % 4), tags: ['science_tutor_training'] }),
      T({ id: `act-h${year}-tutor-2`, title: `“送培到基层”科技辅导员培训（${year}年）`, type: 'training', description: '送培到农村学校。', when: at(10, 16), durationMinutes: 240, place: '张村镇中心学校', areaId: 'area-zhangcun', departmentCode: 'kx', targetGroups: ['public'], actions: ['action_youth'], projects: ['project_grassroots'], capacity: 40, waitlistLimit: 0, seededSignUps: 22 + (year % 3), tags: ['science_tutor_training'] }),
      T({ id: `act-h${year}-farmer-1`, title: `高素质农民培育·春季种植技术培训（${year}年）`, type: 'training', description: '设施农业与绿色防控。', when: at(3, 20), durationMinutes: 300, place: '张村镇农民田间学校', areaId: 'area-zhangcun', departmentCode: 'nongye', targetGroups: ['farmer'], actions: ['action_farmer'], projects: ['project_resources'], capacity: 80, waitlistLimit: 0, seededSignUps: 55 + (year % 5), tags: ['high_quality_farmer'] }),
      T({ id: `act-h${year}-farmer-2`, title: `高素质农民培育·秋季经营管理培训（${year}年）`, type: 'training', description: '农产品电商与合作社经营。', when: at(9, 12), durationMinutes: 300, place: '羊亭镇电商服务中心', areaId: 'area-yangting', departmentCode: 'nongye', targetGroups: ['farmer'], actions: ['action_farmer'], projects: ['project_informatization'], capacity: 80, waitlistLimit: 0, seededSignUps: 60 + (year % 4), tags: ['high_quality_farmer'] }),
      T({ id: `act-h${year}-kpr`, title: `全国科普日环翠区主场活动（${year}年）`, type: 'science_day', description: '全国科普日主场活动。', when: at(9, 18), durationMinutes: 240, place: '环翠区新时代文明实践中心广场', areaId: 'area-huancuilou', departmentCode: 'kx', targetGroups: ['public', 'youth', 'senior'], actions: ['action_youth', 'action_senior'], projects: ['project_grassroots'], capacity: 300, waitlistLimit: 0, seededSignUps: 100 + (year % 6) * 3 }),
    )
    // A four-lesson 智慧助老 class each spring; most seniors attend three or four lessons.
    for (let lesson = 1; lesson <= 4; lesson++) {
      out.push(T({ id: `act-h${year}-zhzl-${lesson}`, title: `智慧助老 手机课堂（${year}年）第${lesson}课`, type: 'smart_senior', description: '老年人智能手机应用课堂。', when: at(5, 5 + lesson * 7, 14), durationMinutes: 90, place: '鲸园街道社区科普大学教学点', areaId: 'area-jingyuan', departmentCode: 'kx', targetGroups: ['senior'], actions: ['action_senior'], projects: ['project_grassroots'], capacity: 30, waitlistLimit: 0, seededSignUps: 24, tags: ['smart_class'] }))
    }
  }
  return out
}

/** 系列课程 built from seeded lesson activities: 3 of 4 lessons to complete, 1.5 hours a lesson. */
export interface CourseTemplate {
  readonly id: string
  readonly title: string
  readonly description: string
  /** Activity ids of lessons 1..n, in order. */
  readonly lessonIds: string[]
  readonly lessonTitles: string[]
  readonly requiredLessons: number
  readonly hoursPerLesson: number
}

const smartCourse = (id: string, title: string, prefix: string, titles: readonly string[]): CourseTemplate => ({
  id,
  title,
  description: '老年人智能手机课堂，共4节课，出席其中3节即可结业并获得结业证书。志愿者一对一指导，请带上自己的手机。',
  lessonIds: titles.map((_, i) => `${prefix}${i + 1}`),
  lessonTitles: [...titles],
  requiredLessons: 3,
  hoursPerLesson: 1.5,
})

/** The class now running, last spring's class, and one class a year over the plan period. */
export function seedCourses(): CourseTemplate[] {
  const out = [
    smartCourse('crs-zhzl', '智慧助老 手机课堂', 'act-zhzl-', SMART_LESSONS),
    smartCourse('crs-zhzl-spring', '智慧助老 春季手机课堂', 'act-zhzl-spring-', SMART_LESSONS),
  ]
  for (let year = 2021; year <= 2025; year++) out.push(smartCourse(`crs-h${year}-zhzl`, `智慧助老 手机课堂（${year}年）`, `act-h${year}-zhzl-`, ['第1课', '第2课', '第3课', '第4课']))
  return out
}
