#pragma once

#include "data/store/Store.h"
#include "layers/plan/Plan.h"
#include "layers/report/ReportData.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <array>
#include <memory>
#include <vector>

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLineSeries;
class QTabWidget;
class QTimer;
class QValueAxis;

namespace app {

// The leadership charts (Qt Charts): burn-up of a chosen target (done over time against the
// planned straight line from the plan's start to its deadline), share done by village for that
// target, and the status breakdown of every layer the plan counts.
//
// The charts' figures are made from a report's data on any thread (prepare: thousands of villages
// sorted and named), then shown on the GUI thread by replacing the points of series made once.
// A chart is drawn when it can be seen (its tab current, the panel visible) or asked for; until
// then the newest figures wait.
class ChartsPanel : public QWidget
{
  Q_OBJECT
public:
  explicit ChartsPanel(QWidget *parent = nullptr);
  ~ChartsPanel() override;

  // What the charts show for one report, for every target of the village table.
  struct Prepared
  {
    struct Target
    {
      QString id;
      QString name; // the target chooser's text and the burn-up's title
      QString unit;
      QList<QPointF> done, planned; // x: ms since the epoch
      QDateTime xMin, xMax;
      double yMax = 1;
      QString villageTitle;
      QStringList villages; // the bars bottom-up (lowest share first)
      QList<qreal> shares;
    };
    std::vector<Target> targets;
    QStringList layers;
    std::array<QList<qreal>, 4> status; // features per layer by status (planned .. accepted)
    bool zh = true;
  };
  static std::shared_ptr<const Prepared> prepare(const layers::Plan &plan, const layers::ReportData &data,
                                                 bool chinese);
  void showPrepared(std::shared_ptr<const Prepared> prepared);

  // `store` must stay open while shown. The charts follow setAsOf after a short pause.
  void setProject(const data::Store &store, const layers::Plan &plan, bool chinese = true);
  // Or show figures computed elsewhere (the report's data).
  void setData(const layers::Plan &plan, const layers::ReportData &data, bool chinese = true);
  // Forgets the store (before it closes); the charts keep their last figures.
  void clear();
  QString target() const;
  // The charts, brought up to date first.
  QChart *burnUpChart();
  QChart *villageChart();
  QChart *statusChart();
  QTabWidget *tabs() const { return mTabs; }

public slots:
  void setAsOf(const QDate &date);
  void setTarget(const QString &targetId);

protected:
  void showEvent(QShowEvent *event) override;

private:
  enum Chart { BurnUp, Villages, Status, kCharts };
  void recompute();
  void fillTargets();
  void drawVisible();
  void draw(Chart chart);
  void drawBurnUp(const Prepared::Target &t);
  void drawVillages(const Prepared::Target *t);
  void drawStatus();
  const Prepared::Target *current() const;

  const data::Store *mStore = nullptr;
  layers::Plan mPlan;
  bool mZh = true;
  QDate mAsOf;
  std::shared_ptr<const Prepared> mPrepared;
  std::array<bool, kCharts> mStale{};
  QComboBox *mTarget = nullptr;
  QTabWidget *mTabs = nullptr;
  QChartView *mBurnUp = nullptr;
  QChartView *mVillages = nullptr;
  QChartView *mStatus = nullptr;
  QTimer *mDebounce = nullptr;
  // The series and axes, made once; their points are replaced.
  QLineSeries *mDone = nullptr, *mPlanned = nullptr;
  QDateTimeAxis *mBurnUpX = nullptr;
  QValueAxis *mBurnUpY = nullptr;
  QBarSet *mShares = nullptr;
  QBarCategoryAxis *mVillageNames = nullptr;
  std::array<QBarSet *, 4> mStatusSets{};
  QBarCategoryAxis *mLayerNames = nullptr;
  QValueAxis *mStatusX = nullptr;
};

} // namespace app
