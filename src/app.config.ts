export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/registrations/index',
    'pages/profile/index',
    'pages/activity/index',
    'pages/person-edit/index',
    'pages/login/index',
    'pages/tickets/index',
    'pages/checkin/index',
    'pages/privacy/index',
    'pages/not-found/index',
  ],
  subPackages: [
    {
      root: 'packages/family',
      pages: ['pages/my-data/index', 'pages/link-code/index', 'pages/link/index'],
    },
    {
      root: 'packages/admin',
      pages: ['pages/areas/index', 'pages/outbox/index', 'pages/staff/index'],
    },
    {
      // A resident redeeming an organizer invite (link ?code= or mini-program code scene o=<code>).
      root: 'packages/staff',
      pages: ['pages/join/index'],
    },
    {
      root: 'packages/console',
      pages: ['pages/list/index', 'pages/activity/index', 'pages/cards/index'],
    },
    {
      root: 'packages/course',
      pages: ['pages/detail/index', 'pages/mine/index', 'pages/certificate/index', 'pages/verify/index', 'pages/edit/index', 'pages/organized/index', 'pages/manage/index'],
    },
    {
      root: 'packages/organize',
      pages: ['pages/home/index', 'pages/edit/index', 'pages/review/index'],
    },
    {
      root: 'packages/feedback',
      pages: ['pages/rate/index', 'pages/summary/index'],
    },
    {
      // 点单·我想学: residents suggest topics and support them; organizers answer with an activity.
      root: 'packages/wishes',
      pages: ['pages/list/index'],
    },
    {
      root: 'packages/ledger',
      pages: ['pages/dashboard/index', 'pages/drill/index', 'pages/indicator/index', 'pages/merge/index', 'pages/changes/index'],
    },
  ],
  window: {
    navigationBarTitleText: '科普环翠',
    // Explicit so the H5 build shows the title bar with its back button too, as WeChat does.
    navigationStyle: 'default',
    navigationBarBackgroundColor: '#0a5fb4',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f5f8',
    backgroundTextStyle: 'dark',
  },
  // WeChat's privacy check: privacy-relevant APIs wait until the user agreed (see services/privacy-auth).
  __usePrivacyCheck__: true,
  tabBar: {
    color: '#4e5969',
    selectedColor: '#0a5fb4',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/registrations/index', text: '我的报名' },
      { pagePath: 'pages/profile/index', text: '我的' },
    ],
  },
})
