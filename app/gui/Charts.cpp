#include "app/gui/Charts.h"

#include "layers/Symbology.h"

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

qint64 msecs(const std::string &date)
{
  return QDate::fromString(QString::fromStdString(date), Qt::ISODate).startOfDay().toMSecsSinceEpoch();
}

QChartView *newView(QWidget *parent)
{
  auto *view = new QChartView(new QChart, parent);
  view->setRenderHint(QPainter::Antialiasing, true);
  view->chart()->legend()->setAlignment(Qt::AlignBottom);
  return view;
}

void resetChart(QChart *chart, const QString &title)
{
  chart->removeAllSeries();
  for (QAbstractAxis *axis : chart->axes()) {
    chart->removeAxis(axis);
    delete axis;
  }
  chart->setTitle(title);
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
  connect(mTarget, &QComboBox::currentIndexChanged, this, [this] { draw(); });
}

void ChartsPanel::setProject(const data::Store &store, const layers::Plan &plan, bool chinese)
{
  mStore = &store;
  mPlan = plan;
  mZh = chinese;
  if (!mAsOf.isValid()) mAsOf = QDate::currentDate();
  fillTargets();
  recompute();
}

void ChartsPanel::setData(const layers::Plan &plan, const layers::ReportData &data, bool chinese)
{
  mStore = nullptr;
  mPlan = plan;
  mData = data;
  mZh = chinese;
  fillTargets();
  draw();
}

void ChartsPanel::clear()
{
  mStore = nullptr;
  mDebounce->stop();
}

void ChartsPanel::fillTargets()
{
  const QString keep = target();
  const QSignalBlocker block(mTarget);
  mTarget->clear();
  for (std::size_t i : layers::villageTargets(mPlan))
    mTarget->addItem(QString::fromStdString(layers::targetName(mPlan.targets[i], mZh)),
                     QString::fromStdString(mPlan.targets[i].id));
  const int k = mTarget->findData(keep);
  mTarget->setCurrentIndex(k >= 0 ? k : 0);
  mTabs->setTabText(0, L(mZh, "完成进度", "Burn-up"));
  mTabs->setTabText(1, L(mZh, "分村居", "By village"));
  mTabs->setTabText(2, L(mZh, "状态", "Status"));
}

QString ChartsPanel::target() const
{
  return mTarget->currentData().toString();
}
QChart *ChartsPanel::burnUpChart() const
{
  return mBurnUp->chart();
}
QChart *ChartsPanel::villageChart() const
{
  return mVillages->chart();
}
QChart *ChartsPanel::statusChart() const
{
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

void ChartsPanel::recompute()
{
  if (!mStore) return;
  mData = layers::collectReportData(*mStore, mPlan, mAsOf.toString(Qt::ISODate).toStdString());
  draw();
}

void ChartsPanel::draw()
{
  if (mData.rollup.targets.size() != mPlan.targets.size()) return;
  const std::string id = target().toStdString();
  for (std::size_t i = 0; i < mPlan.targets.size(); ++i)
    if (mPlan.targets[i].id == id) {
      drawBurnUp(i);
      drawVillages(i);
    }
  drawStatus();
}

void ChartsPanel::drawBurnUp(std::size_t ti)
{
  const layers::Target &t = mPlan.targets[ti];
  QChart *chart = mBurnUp->chart();
  resetChart(chart, QString::fromStdString(layers::targetName(t, mZh)));
  auto *done = new QLineSeries;
  done->setName(L(mZh, "已完成", "Done"));
  const layers::BurnUpSeries series = mData.burnUp.series(ti);
  double last = 0;
  for (const auto &pt : series.points) {
    done->append(static_cast<qreal>(msecs(pt.date)), last);
    done->append(static_cast<qreal>(msecs(pt.date)), pt.value);
    last = pt.value;
  }
  done->append(static_cast<qreal>(msecs(mData.asOf)), last);
  auto *planned = new QLineSeries;
  planned->setName(L(mZh, "计划", "Planned"));
  planned->append(static_cast<qreal>(msecs(mPlan.startDate)), 0);
  planned->append(static_cast<qreal>(msecs(mPlan.deadline)), t.goal);
  QPen dashed(QColor(110, 110, 110), 1.5, Qt::DashLine);
  planned->setPen(dashed);
  done->setPen(QPen(QColor(0, 114, 178), 2.5));
  chart->addSeries(planned);
  chart->addSeries(done);
  auto *x = new QDateTimeAxis;
  x->setFormat(QStringLiteral("MM-dd"));
  x->setRange(QDate::fromString(QString::fromStdString(mPlan.startDate), Qt::ISODate).startOfDay(),
              QDate::fromString(QString::fromStdString(std::max(mPlan.deadline, mData.asOf)), Qt::ISODate)
                  .startOfDay());
  auto *y = new QValueAxis;
  y->setTitleText(QString::fromStdString(layers::targetUnit(t, mZh)));
  y->setRange(0, std::max(t.goal, last) * 1.05);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (auto *s : {planned, done}) {
    s->attachAxis(x);
    s->attachAxis(y);
  }
}

void ChartsPanel::drawVillages(std::size_t ti)
{
  const layers::Target &t = mPlan.targets[ti];
  QChart *chart = mVillages->chart();
  resetChart(chart, QString::fromStdString(layers::targetName(t, mZh)) +
                        L(mZh, " — 各村居完成比例", " — share done by village"));
  std::vector<std::pair<QString, double>> rows;
  for (const auto &v : mData.rollup.villages)
    for (const auto &tp : v.targets)
      if (tp.targetId == t.id && tp.featuresTotal > 0)
        rows.emplace_back(QString::fromStdString(v.villageName), std::min(tp.percent, 100.0));
  // Horizontal bars run bottom-up: sort ascending so the best village ends on top.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto &a, const auto &b) { return a.second < b.second; });
  // Thousands of bars (a city's villages) cannot be read and cost the GUI thread seconds to lay
  // out: the lowest and the highest kVillageBars / 2 are shown, the title says so.
  constexpr std::size_t kVillageBars = 40;
  if (rows.size() > kVillageBars) {
    const std::size_t all = rows.size();
    rows.erase(rows.begin() + kVillageBars / 2, rows.end() - kVillageBars / 2);
    chart->setTitle(chart->title() +
                    L(mZh, "（最低与最高各 %1 个，共 %2 个）", " (lowest and highest %1 of %2)")
                        .arg(kVillageBars / 2)
                        .arg(all));
  }
  auto *set = new QBarSet(L(mZh, "完成 %", "Done %"));
  set->setColor(QColor(0, 114, 178));
  QStringList names;
  for (const auto &[name, pct] : rows) {
    names << name;
    *set << pct;
  }
  auto *series = new QHorizontalBarSeries;
  series->append(set);
  chart->addSeries(series);
  auto *y = new QBarCategoryAxis;
  y->append(names);
  auto *x = new QValueAxis;
  x->setRange(0, 100);
  x->setLabelFormat(QStringLiteral("%d %%"));
  chart->addAxis(y, Qt::AlignLeft);
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(x);
  series->attachAxis(y);
  chart->legend()->hide();
}

void ChartsPanel::drawStatus()
{
  QChart *chart = mStatus->chart();
  resetChart(chart, L(mZh, "各图层要素状态", "Status of features by layer"));
  auto *series = new QHorizontalStackedBarSeries;
  QStringList layers;
  for (const auto &ls : mData.layerStatus)
    layers << QString::fromStdString(mZh ? ls.nameZh : ls.nameEn);
  for (int s = 0; s < 4; ++s) {
    const auto status = static_cast<data::Status>(s);
    auto *set = new QBarSet(layers::Symbology::statusLabel(status, mZh));
    set->setColor(layers::Symbology::statusColour(status));
    for (const auto &ls : mData.layerStatus)
      *set << ls.counts[static_cast<std::size_t>(s)];
    series->append(set);
  }
  chart->addSeries(series);
  auto *y = new QBarCategoryAxis;
  y->append(layers);
  auto *x = new QValueAxis;
  x->setLabelFormat(QStringLiteral("%d"));
  chart->addAxis(y, Qt::AlignLeft);
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(x);
  series->attachAxis(y);
  chart->legend()->show();
}

} // namespace app
