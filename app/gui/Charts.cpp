#include "app/gui/Charts.h"

#include "layers/render/Symbology.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLineSeries>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace app {

namespace {

QString L(bool zh, const char *zhText, const char *enText)
{
  return QString::fromUtf8(zh ? zhText : enText);
}

QDate day(const std::string &date)
{
  return QDate::fromString(QString::fromStdString(date), Qt::ISODate);
}

qreal msecs(const std::string &date)
{
  return static_cast<qreal>(day(date).startOfDay().toMSecsSinceEpoch());
}

QChartView *newView(QWidget *parent)
{
  auto *view = new QChartView(new QChart, parent);
  view->setRenderHint(QPainter::Antialiasing, true);
  view->chart()->legend()->setAlignment(Qt::AlignBottom);
  return view;
}

// Thousands of bars (a city's villages) cannot be read and cost the GUI thread seconds to lay out:
// the lowest and the highest kVillageBars / 2 are shown, the title says so.
constexpr std::size_t kVillageBars = 40;

void replaceValues(QBarSet *set, const QList<qreal> &values)
{
  if (set->count() == values.size()) {
    for (int i = 0; i < values.size(); ++i)
      if (set->at(i) != values[i]) set->replace(i, values[i]);
    return;
  }
  if (set->count() > 0) set->remove(0, set->count());
  set->append(values);
}

void setCategories(QBarCategoryAxis *axis, const QStringList &categories)
{
  if (axis->categories() != categories) axis->setCategories(categories);
}

} // namespace

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
    , mTarget(new QComboBox(this))
    , mTabs(new QTabWidget(this))
    , mDebounce(new QTimer(this))
{
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  mTarget->setObjectName(QStringLiteral("target"));
  layout->addWidget(mTarget);
  layout->addWidget(mTabs, 1);
  mBurnUp = newView(mTabs);
  mVillages = newView(mTabs);
  mStatus = newView(mTabs);
  mTabs->addTab(mBurnUp, QString());
  mTabs->addTab(mVillages, QString());
  mTabs->addTab(mStatus, QString());
  mDebounce->setSingleShot(true);
  mDebounce->setInterval(250);
  connect(mDebounce, &QTimer::timeout, this, &ChartsPanel::recompute);
  connect(mTarget, &QComboBox::currentIndexChanged, this, [this] {
    mStale[BurnUp] = mStale[Villages] = true;
    drawVisible();
  });
  connect(mTabs, &QTabWidget::currentChanged, this, &ChartsPanel::drawVisible);

  // Burn-up: done as a step line and the planned straight line, dates along x.
  QChart *chart = mBurnUp->chart();
  mPlanned = new QLineSeries;
  mPlanned->setPen(QPen(QColor(110, 110, 110), 1.5, Qt::DashLine));
  mDone = new QLineSeries;
  mDone->setPen(QPen(QColor(0, 114, 178), 2.5));
  chart->addSeries(mPlanned);
  chart->addSeries(mDone);
  mBurnUpX = new QDateTimeAxis;
  mBurnUpX->setFormat(QStringLiteral("MM-dd"));
  mBurnUpY = new QValueAxis;
  chart->addAxis(mBurnUpX, Qt::AlignBottom);
  chart->addAxis(mBurnUpY, Qt::AlignLeft);
  for (QLineSeries *s : {mPlanned, mDone}) {
    s->attachAxis(mBurnUpX);
    s->attachAxis(mBurnUpY);
  }

  // By village: one bar per village, share done.
  chart = mVillages->chart();
  mShares = new QBarSet(QString());
  mShares->setColor(QColor(0, 114, 178));
  auto *bars = new QHorizontalBarSeries;
  bars->append(mShares);
  chart->addSeries(bars);
  mVillageNames = new QBarCategoryAxis;
  auto *percent = new QValueAxis;
  percent->setRange(0, 100);
  percent->setLabelFormat(QStringLiteral("%d %%"));
  chart->addAxis(mVillageNames, Qt::AlignLeft);
  chart->addAxis(percent, Qt::AlignBottom);
  bars->attachAxis(percent);
  bars->attachAxis(mVillageNames);
  chart->legend()->hide();

  // Status: features per layer stacked by status.
  chart = mStatus->chart();
  auto *stacked = new QHorizontalStackedBarSeries;
  for (std::size_t s = 0; s < mStatusSets.size(); ++s) {
    mStatusSets[s] = new QBarSet(QString());
    mStatusSets[s]->setColor(layers::Symbology::statusColour(static_cast<data::Status>(s)));
    stacked->append(mStatusSets[s]);
  }
  chart->addSeries(stacked);
  mLayerNames = new QBarCategoryAxis;
  mStatusX = new QValueAxis;
  mStatusX->setLabelFormat(QStringLiteral("%d"));
  chart->addAxis(mLayerNames, Qt::AlignLeft);
  chart->addAxis(mStatusX, Qt::AlignBottom);
  stacked->attachAxis(mStatusX);
  stacked->attachAxis(mLayerNames);
  chart->legend()->show();
}

ChartsPanel::~ChartsPanel() = default;

std::shared_ptr<const ChartsPanel::Prepared> ChartsPanel::prepare(const layers::Plan &plan,
                                                                  const layers::ReportData &data, bool zh)
{
  auto p = std::make_shared<Prepared>();
  p->zh = zh;
  if (data.rollup.targets.size() != plan.targets.size()) return p;
  const QDate asOf = data.asOf.empty() ? QDate::currentDate() : day(data.asOf);
  for (std::size_t ti : layers::villageTargets(plan)) {
    const layers::Target &t = plan.targets[ti];
    Prepared::Target c;
    c.id = QString::fromStdString(t.id);
    c.name = QString::fromStdString(layers::targetName(t, zh));
    c.unit = QString::fromStdString(layers::targetUnit(t, zh));

    // Done as a step line up to the date; planned from the start to the deadline.
    const layers::BurnUpSeries series = data.burnUp.series(ti);
    double last = 0;
    c.done.reserve(static_cast<qsizetype>(2 * series.points.size() + 1));
    for (const auto &pt : series.points) {
      c.done.append({msecs(pt.date), last});
      c.done.append({msecs(pt.date), pt.value});
      last = pt.value;
    }
    c.done.append({static_cast<qreal>(asOf.startOfDay().toMSecsSinceEpoch()), last});
    c.planned = {{msecs(plan.startDate), 0}, {msecs(plan.deadline), t.goal}};
    c.xMin = day(plan.startDate).startOfDay();
    c.xMax = std::max(day(plan.deadline), asOf).startOfDay();
    c.yMax = std::max(t.goal, last) * 1.05;
    if (c.yMax <= 0) c.yMax = 1;

    std::vector<std::pair<QString, double>> rows;
    for (const auto &v : data.rollup.villages)
      for (const auto &tp : v.targets)
        if (tp.targetId == t.id && tp.featuresTotal > 0)
          rows.emplace_back(QString::fromStdString(v.villageName), std::min(tp.percent, 100.0));
    // Horizontal bars run bottom-up: sort ascending so the best village ends on top.
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto &a, const auto &b) { return a.second < b.second; });
    c.villageTitle = c.name + L(zh, " — 各村居完成比例", " — share done by village");
    if (rows.size() > kVillageBars) {
      const std::size_t all = rows.size();
      rows.erase(rows.begin() + kVillageBars / 2, rows.end() - kVillageBars / 2);
      c.villageTitle += L(zh, "（最低与最高各 %1 个，共 %2 个）", " (lowest and highest %1 of %2)")
                            .arg(kVillageBars / 2)
                            .arg(all);
    }
    for (auto &[name, pct] : rows) {
      c.villages << std::move(name);
      c.shares << pct;
    }
    p->targets.push_back(std::move(c));
  }
  for (const auto &ls : data.layerStatus) {
    p->layers << QString::fromStdString(zh ? ls.nameZh : ls.nameEn);
    for (std::size_t s = 0; s < p->status.size(); ++s)
      p->status[s] << ls.counts[s];
  }
  return p;
}

void ChartsPanel::showPrepared(std::shared_ptr<const Prepared> prepared)
{
  mPrepared = std::move(prepared);
  mZh = mPrepared->zh;
  mStale.fill(true);
  fillTargets(); // draws what is visible when the chosen target changed
  drawVisible();
}

void ChartsPanel::setProject(const data::Store &store, const layers::Plan &plan, bool chinese)
{
  mStore = &store;
  mPlan = plan;
  mZh = chinese;
  if (!mAsOf.isValid()) mAsOf = QDate::currentDate();
  recompute();
}

void ChartsPanel::setData(const layers::Plan &plan, const layers::ReportData &data, bool chinese)
{
  mStore = nullptr;
  mPlan = plan;
  showPrepared(prepare(plan, data, chinese));
}

void ChartsPanel::clear()
{
  mStore = nullptr;
  mDebounce->stop();
}

// The target chooser lists the village table's targets; refilled only when they change.
void ChartsPanel::fillTargets()
{
  const QString titles[] = {L(mZh, "完成进度", "Burn-up"), L(mZh, "分村居", "By village"),
                            L(mZh, "状态", "Status")};
  for (int i = 0; i < 3; ++i)
    if (mTabs->tabText(i) != titles[i]) mTabs->setTabText(i, titles[i]); // each relays out the tabs
  const std::vector<Prepared::Target> &targets = mPrepared->targets;
  bool same = mTarget->count() == static_cast<int>(targets.size());
  for (int i = 0; same && i < mTarget->count(); ++i)
    same = mTarget->itemData(i).toString() == targets[static_cast<std::size_t>(i)].id &&
           mTarget->itemText(i) == targets[static_cast<std::size_t>(i)].name;
  if (same) return;
  const QString keep = target();
  {
    const QSignalBlocker block(mTarget);
    mTarget->clear();
    for (const Prepared::Target &t : targets)
      mTarget->addItem(t.name, t.id);
  }
  const int k = mTarget->findData(keep);
  mTarget->setCurrentIndex(k >= 0 ? k : 0);
}

QString ChartsPanel::target() const
{
  return mTarget->currentData().toString();
}

QChart *ChartsPanel::burnUpChart()
{
  if (mStale[BurnUp]) draw(BurnUp);
  return mBurnUp->chart();
}

QChart *ChartsPanel::villageChart()
{
  if (mStale[Villages]) draw(Villages);
  return mVillages->chart();
}

QChart *ChartsPanel::statusChart()
{
  if (mStale[Status]) draw(Status);
  return mStatus->chart();
}

void ChartsPanel::setAsOf(const QDate &date)
{
  if (!date.isValid() || date == mAsOf) return;
  mAsOf = date;
  if (mStore) mDebounce->start();
}

void ChartsPanel::setTarget(const QString &targetId)
{
  const int k = mTarget->findData(targetId);
  if (k >= 0) mTarget->setCurrentIndex(k);
}

void ChartsPanel::showEvent(QShowEvent *event)
{
  QWidget::showEvent(event);
  drawVisible();
}

void ChartsPanel::recompute()
{
  if (!mStore) return;
  showPrepared(prepare(
      mPlan, layers::collectReportData(*mStore, mPlan, mAsOf.toString(Qt::ISODate).toStdString()), mZh));
}

const ChartsPanel::Prepared::Target *ChartsPanel::current() const
{
  if (!mPrepared) return nullptr;
  const QString id = target();
  for (const Prepared::Target &t : mPrepared->targets)
    if (t.id == id) return &t;
  return nullptr;
}

// Only the chart on screen is drawn; the others when their tab is chosen (or they are asked for).
void ChartsPanel::drawVisible()
{
  if (!isVisible()) return;
  const Chart shown = static_cast<Chart>(std::clamp(mTabs->currentIndex(), 0, kCharts - 1));
  if (mStale[shown]) draw(shown);
}

void ChartsPanel::draw(Chart chart)
{
  mStale[chart] = false;
  if (!mPrepared) return;
  const Prepared::Target *t = current();
  if (chart == BurnUp && t) drawBurnUp(*t);
  if (chart == Villages) drawVillages(t);
  if (chart == Status) drawStatus();
}

void ChartsPanel::drawBurnUp(const Prepared::Target &t)
{
  const bool zh = mPrepared->zh;
  mBurnUp->chart()->setTitle(t.name);
  mDone->setName(L(zh, "已完成", "Done"));
  mPlanned->setName(L(zh, "计划", "Planned"));
  mDone->replace(t.done);
  mPlanned->replace(t.planned);
  mBurnUpX->setRange(t.xMin, t.xMax);
  mBurnUpY->setTitleText(t.unit);
  mBurnUpY->setRange(0, t.yMax);
}

void ChartsPanel::drawVillages(const Prepared::Target *t)
{
  mVillages->chart()->setTitle(t ? t->villageTitle : QString());
  mShares->setLabel(L(mPrepared->zh, "完成 %", "Done %"));
  // The categories first: bars without a category of their own are not drawn.
  setCategories(mVillageNames, t ? t->villages : QStringList());
  replaceValues(mShares, t ? t->shares : QList<qreal>());
}

void ChartsPanel::drawStatus()
{
  const bool zh = mPrepared->zh;
  mStatus->chart()->setTitle(L(zh, "各图层要素状态", "Status of features by layer"));
  setCategories(mLayerNames, mPrepared->layers);
  double most = 0;
  for (qsizetype i = 0; i < mPrepared->layers.size(); ++i) {
    double sum = 0;
    for (const QList<qreal> &values : mPrepared->status)
      sum += values.value(i);
    most = std::max(most, sum);
  }
  for (std::size_t s = 0; s < mStatusSets.size(); ++s) {
    mStatusSets[s]->setLabel(layers::Symbology::statusLabel(static_cast<data::Status>(s), zh));
    replaceValues(mStatusSets[s], mPrepared->status[s]);
  }
  mStatusX->setRange(0, most > 0 ? most : 1);
  mStatusX->applyNiceNumbers();
}

} // namespace app
