#pragma once

#include "data/store/Store.h"
#include "layers/plan/BurnUp.h"
#include "layers/plan/Forecast.h"
#include "layers/plan/Plan.h"

#include <QDate>
#include <QList>
#include <QWidget>

#include <map>
#include <memory>

class QLabel;
class QListWidget;
class QSplitter;
class QVBoxLayout;

namespace app {

class DashboardCard;

// The leadership dashboard: one card per target of the plan, grouped as in the plan (product,
// engineering, services, environment); within a group the targets that will miss the deadline
// come first. The project's history is read once (setProject, refresh); moving the as-of date
// only replays it, so dragging the time slider stays fast. Clicking a card emits the features that
// count for the target and lists those not yet done; double-clicking one of them emits it.
class Dashboard : public QWidget
{
  Q_OBJECT
public:
  explicit Dashboard(QWidget *parent = nullptr);
  ~Dashboard() override;

  // `store` must stay open while the dashboard shows it (until the next setProject or clear()).
  void setProject(const data::Store &store, const layers::Plan &plan, bool chinese = true);

  // Or fed with figures computed elsewhere (a worker, see core::ProjectFigures): the plan's cards at
  // once, with `waiting` in the header until the first setFigures.
  struct Figures
  {
    QDate date;
    bool synthetic = false;
    std::shared_ptr<const layers::BurnUp> burnUp; // the whole history
    std::shared_ptr<const std::map<std::string, std::vector<layers::BurnUpPoint>>> measurements;
    std::string target;                          // the features of this target as of `date`:
    std::vector<layers::TargetFeature> features; // the open list when it is selected
  };
  void setPlan(const layers::Plan &plan, bool chinese, const QString &waiting);
  // Shows `figures` (their date becomes the dashboard's).
  void setFigures(Figures figures);
  void clear();
  QDate asOf() const { return mAsOf; }

  // What the dashboard currently shows, for the map and for tests.
  const layers::TargetProgress *progress(const QString &targetId) const;
  const layers::Forecast *forecast(const QString &targetId) const;
  DashboardCard *card(const QString &targetId) const;
  QString selectedTarget() const { return mSelected; }
  QListWidget *openList() const { return mOpenList; }

public slots:
  void setAsOf(const QDate &date);
  // Re-reads the history after new events or measurements.
  void refresh();
  void selectTarget(const QString &targetId);

signals:
  // All features that count for the target, and those of them not done as of the date.
  void targetActivated(const QString &targetId, const QList<qint64> &featureIds,
                       const QList<qint64> &notDoneIds);
  void featureActivated(qint64 featureId);
  // Fed mode: the selected target's features as of asOf() are needed (a click on its card).
  void targetFeaturesWanted(const QString &targetId, const QDate &date);

private:
  void rebuild();
  void showAsOf();
  void showOpenFeatures();

  const data::Store *mStore = nullptr;
  layers::Plan mPlan;
  bool mZh = true;
  QDate mAsOf;
  std::unique_ptr<layers::ProgressReplay> mReplay; // refers to mPlan
  std::shared_ptr<const layers::BurnUp> mBurnUp;
  std::shared_ptr<const std::map<std::string, std::vector<layers::BurnUpPoint>>> mMeasurements;
  bool mSynthetic = false;
  bool mFed = false;
  std::string mFeaturesTarget; // fed mode: the features of this target as of mFeaturesDate
  QDate mFeaturesDate;
  std::vector<layers::TargetFeature> mFeatures;
  std::vector<layers::TargetProgress> mNow;
  std::vector<layers::Forecast> mForecasts;
  QString mSelected;

  QLabel *mHeader = nullptr;
  QWidget *mCards = nullptr;
  QVBoxLayout *mCardsLayout = nullptr;
  std::map<std::string, QVBoxLayout *> mGroups;
  std::map<std::string, DashboardCard *> mCardById;
  std::vector<std::size_t> mOrder; // the targets' order in the groups' layouts
  QSplitter *mSplitter = nullptr;
  QLabel *mOpenTitle = nullptr;
  QListWidget *mOpenList = nullptr;
};

} // namespace app
