#pragma once

#include "layers/plan/Forecast.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Schedule.h"

#include <QWidget>

#include <array>
#include <map>
#include <string>
#include <vector>

class QAbstractButton;
class QGridLayout;
class QLabel;

namespace app {

using StateCounts = std::array<int, layers::kTargetStateCount>; // indexed by layers::TargetState

// The plan at a glance, above the dashboard's cards: one tile per group with how many targets are
// done, on track, behind, will miss and missed (they add up to the group's targets), and a small
// square per target coloured by its state. A click on a square selects the target.
class DashboardOverview : public QWidget
{
  Q_OBJECT
public:
  explicit DashboardOverview(QWidget *parent = nullptr);

  void setPlan(const layers::Plan &plan, bool chinese);
  // The targets' states (same order as the plan's targets); the forecasts' state is the one
  // `status --json` gives.
  void setForecasts(const std::vector<layers::Forecast> &forecasts);

  StateCounts counts(const std::string &group) const;
  StateCounts total() const;
  QAbstractButton *cell(const QString &targetId) const;

  static QColor stateColour(layers::TargetState s);
  static QString stateLabel(layers::TargetState s, bool zh);

signals:
  void targetClicked(const QString &targetId);

private:
  struct Group
  {
    std::string id;
    QLabel *counts = nullptr;
    StateCounts states{};
  };
  void showCounts(Group &g) const;

  bool mZh = true;
  std::vector<Group> mGroups; // in the order the plan first names them
  std::map<std::string, QAbstractButton *> mCells;
  std::vector<std::pair<std::string, std::string>> mTargets; // (id, group) in plan order
  QGridLayout *mLayout = nullptr;
};

} // namespace app
