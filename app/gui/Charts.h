#pragma once

#include "data/Store.h"
#include "layers/Plan.h"
#include "layers/ReportData.h"

#include <QDate>
#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QTabWidget;
class QTimer;

namespace app {

// The leadership charts (Qt Charts): burn-up of a chosen target (done over time against the
// planned straight line from the plan's start to its deadline), share done by village for that
// target, and the status breakdown of every layer the plan counts.
class ChartsPanel : public QWidget
{
  Q_OBJECT
public:
  explicit ChartsPanel(QWidget *parent = nullptr);

  // `store` must stay open while shown. The charts follow setAsOf after a short pause.
  void setProject(const data::Store &store, const layers::Plan &plan, bool chinese = true);
  // Or show figures computed elsewhere (the report's data).
  void setData(const layers::Plan &plan, const layers::ReportData &data, bool chinese = true);
  // Forgets the store (before it closes); the charts keep their last figures.
  void clear();
  QString target() const;
  QChart *burnUpChart() const;
  QChart *villageChart() const;
  QChart *statusChart() const;
  QTabWidget *tabs() const { return mTabs; }

public slots:
  void setAsOf(const QDate &date);
  void setTarget(const QString &targetId);

private:
  void recompute();
  void fillTargets();
  void draw();
  void drawBurnUp(std::size_t ti);
  void drawVillages(std::size_t ti);
  void drawStatus();

  const data::Store *mStore = nullptr;
  layers::Plan mPlan;
  layers::ReportData mData;
  bool mZh = true;
  QDate mAsOf;
  QComboBox *mTarget = nullptr;
  QTabWidget *mTabs = nullptr;
  QChartView *mBurnUp = nullptr;
  QChartView *mVillages = nullptr;
  QChartView *mStatus = nullptr;
  QTimer *mDebounce = nullptr;
};

} // namespace app
