// The one message catalogue of both pages. Chinese when the browser prefers Chinese, English
// otherwise; ?lang=en|zh-CN or the language button overrides and is remembered. One language on
// screen at a time: plan texts come in both from the API and the same choice picks one.

export type Lang = 'zh-CN' | 'en';

const zh = {
  onemap: '一张图',
  field: '外业',
  user: '用户名',
  password: '密码',
  login: '登录',
  logout: '退出',
  wrongLogin: '用户名或密码错误',
  asOf: '截至',
  compare: '对比',
  bigScreen: '大屏',
  language: 'English',
  groups: { product: '产品质量', engineering: '工程质量', services: '服务质量', environment: '环境质量' } as Record<string, string>,
  targetsByState: '目标进展',
  lagging: '滞后目标',
  leadUnits: '牵头单位',
  ranking: '村居排名',
  rankingBy: '按',
  noLagging: '没有滞后的目标',
  done: '已完成',
  onTrack: '按计划',
  behind: '滞后',
  willMiss: '将逾期',
  missed: '已逾期',
  noData: '无数据',
  notMet: '未完成',
  met: '已达标',
  targets: '个目标',
  goal: '目标',
  value: '完成',
  percent: '完成率',
  status: { planned: '计划', in_progress: '实施中', completed: '已完成', accepted: '已验收' } as Record<string, string>,
  length: '长度',
  doneLength: '已完成长度',
  area: '面积',
  history: '记录',
  noHistory: '暂无记录',
  close: '关闭',
  live: '实时',
  liveOff: '实时连接中断，正在重连',
  synthetic: '合成示例数据',
  loading: '加载中…',
  layers: '图层',
  theme: '专题',
  themeStatus: '按状态',
  themeVillages: '村居进度',
  // field app
  nearMe: '附近',
  mark: '标记',
  queue: '待上传',
  noPosition: '正在获取位置…',
  positionDenied: '无法获取位置',
  accuracy: '精度',
  pick: '选择',
  noneSelected: '先在“附近”中选择一条河道或一个点位',
  walk: '步行标记',
  start: '开始',
  stop: '停止',
  kept: '有效点',
  dropped: '剔除点',
  droppedAccuracy: '精度差',
  droppedSpeed: '速度异常',
  threshold: '精度阈值 (m)',
  proposed: '建议标记段',
  noStretch: '轨迹没有沿着这条河道',
  submit: '提交',
  tapStartEnd: '在地图上点起点和终点',
  chainages: '输入里程 (m)',
  from: '起',
  to: '止',
  setStatus: '设置状态',
  correction: '更正（需说明原因）',
  reason: '原因',
  note: '备注',
  date: '日期',
  photo: '拍照',
  originalSize: '上传原图',
  queued: '已加入上传队列',
  stateWaiting: '等待上传',
  stateSending: '上传中',
  stateSent: '已上传',
  stateRefused: '被拒绝',
  stateRetry: '稍后重试',
  online: '在线',
  offline: '离线',
  queueEmpty: '队列为空',
  retryNow: '立即重试',
  dismiss: '知道了',
  refusedBanner: '服务器拒绝了以下记录',
  tilesSaved: '离线地图瓦片',
  leaderCannotMark: '领导账号只能查看，不能标记',
  badChainage: '请输入有效的起止里程',
} as const;

type Messages = { [K in keyof typeof zh]: (typeof zh)[K] extends string ? string : Record<string, string> };

const en: Messages = {
  onemap: 'One map',
  field: 'Field',
  user: 'User',
  password: 'Password',
  login: 'Log in',
  logout: 'Log out',
  wrongLogin: 'Wrong user name or password',
  asOf: 'As of',
  compare: 'Compare to',
  bigScreen: 'Big screen',
  language: '中文',
  groups: { product: 'Product quality', engineering: 'Engineering quality', services: 'Service quality', environment: 'Environment quality' },
  targetsByState: 'Targets by state',
  lagging: 'Lagging targets',
  leadUnits: 'Lead units',
  ranking: 'Village ranking',
  rankingBy: 'by',
  noLagging: 'No target is lagging',
  done: 'Done',
  onTrack: 'On track',
  behind: 'Behind',
  willMiss: 'Will miss',
  missed: 'Missed',
  noData: 'No data',
  notMet: 'Not met',
  met: 'Met',
  targets: 'targets',
  goal: 'Goal',
  value: 'Done',
  percent: 'Percent',
  status: { planned: 'planned', in_progress: 'in progress', completed: 'completed', accepted: 'accepted' },
  length: 'Length',
  doneLength: 'Done length',
  area: 'Area',
  history: 'History',
  noHistory: 'No records yet',
  close: 'Close',
  live: 'Live',
  liveOff: 'Live connection lost, reconnecting',
  synthetic: 'Synthetic sample data',
  loading: 'Loading…',
  layers: 'Layers',
  theme: 'Theme',
  themeStatus: 'By status',
  themeVillages: 'Village progress',
  nearMe: 'Near me',
  mark: 'Mark',
  queue: 'Queue',
  noPosition: 'Finding your position…',
  positionDenied: 'Position not available',
  accuracy: 'Accuracy',
  pick: 'Pick',
  noneSelected: 'Pick a river or a site under "Near me" first',
  walk: 'Mark by walking',
  start: 'Start',
  stop: 'Stop',
  kept: 'Kept',
  dropped: 'Dropped',
  droppedAccuracy: 'poor accuracy',
  droppedSpeed: 'impossible speed',
  threshold: 'Accuracy limit (m)',
  proposed: 'Proposed stretch',
  noStretch: 'The track did not follow this river',
  submit: 'Submit',
  tapStartEnd: 'Tap the start and the end on the map',
  chainages: 'Chainages (m)',
  from: 'From',
  to: 'To',
  setStatus: 'Set status',
  correction: 'Correction (give a reason)',
  reason: 'Reason',
  note: 'Note',
  date: 'Date',
  photo: 'Photo',
  originalSize: 'Send original size',
  queued: 'Added to the upload queue',
  stateWaiting: 'waiting',
  stateSending: 'sending',
  stateSent: 'sent',
  stateRefused: 'refused',
  stateRetry: 'will retry',
  online: 'Online',
  offline: 'Offline',
  queueEmpty: 'Queue is empty',
  retryNow: 'Retry now',
  dismiss: 'Dismiss',
  refusedBanner: 'The server refused these records',
  tilesSaved: 'Map tiles kept for offline use',
  leaderCannotMark: 'Leaders may look but not mark',
  badChainage: 'Give a valid start and end chainage',
};

const catalogue: Record<Lang, Messages> = { 'zh-CN': zh, en };

function chooseLang(): Lang {
  const asked = new URLSearchParams(location.search).get('lang') ?? localStorage.getItem('planmap.lang');
  if (asked === 'en' || asked === 'zh-CN') return asked;
  const prefs = navigator.languages?.length ? navigator.languages : [navigator.language];
  return prefs.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export const lang: Lang = chooseLang();
export const t: Messages = catalogue[lang];
document.documentElement.lang = lang;

export function switchLang(): void {
  localStorage.setItem('planmap.lang', lang === 'en' ? 'zh-CN' : 'en');
  const url = new URL(location.href);
  url.searchParams.delete('lang');
  location.replace(url.toString());
}

// A plan text in the chosen language (name_zh / name_en, title_zh / title_en, unit / unit_en).
export function pick(obj: Record<string, unknown>, base: string): string {
  const zhv = obj[`${base}_zh`] ?? obj[base];
  const env = obj[`${base}_en`] ?? zhv;
  return String((lang === 'en' ? env : zhv) ?? '');
}

export function unitOf(target: { unit: string; unit_en: string }): string {
  return lang === 'en' ? target.unit_en : target.unit;
}

export function statusName(s: string): string {
  return t.status[s] ?? s;
}
