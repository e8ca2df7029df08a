#pragma once

#include "app/core/TaskRunner.h"
#include "layers/plan/BurnUp.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"
#include "layers/report/ReportData.h"

#include <QDate>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace core {

// Everything the leadership docks (dashboard, village table, charts) show for one date, computed
// together on a worker so they agree with each other.
struct FigureSnapshot
{
  QDate date;
  bool synthetic = false;
  // The roll-up by village, the burn-up up to the date and the layers' status counts as of it
  // (forecasts and open features are left empty: the dashboard derives its own).
  layers::ReportData report;
  // The whole history (the dashboard replays it when only the date moves).
  std::shared_ptr<const layers::BurnUp> burnUp;
  std::shared_ptr<const std::map<std::string, std::vector<layers::BurnUpPoint>>> measurements;
  // The features that count for `target` as of the date ("" = none asked).
  std::string target;
  std::vector<layers::TargetFeature> targetFeatures;
};

// One roll-up model (layers::RollupModel) and one progress replay per open project, read from the
// project on a worker thread through a connection of their own, and every figure computed there:
// the GUI thread only shows results. All work runs on one worker in order (the model is never
// touched by two threads); a request that a newer one overtook before it started is skipped, and
// only the newest result is delivered (`ready`).
class ProjectFigures : public QObject
{
  Q_OBJECT
public:
  explicit ProjectFigures(QObject *parent = nullptr);
  ~ProjectFigures() override;

  // Reads the project at `path` (a file or a connection string) with `plan` and computes `date`.
  void open(const QString &path, const layers::Plan &plan, const QDate &date, const QString &target = {});
  // Everything is read again (after an import, a sync, an edit), then `date` is computed.
  void reload(const QDate &date, const QString &target = {});
  // Only these features' events changed (marks, their undo): the model and the replay refresh
  // them from the project (RollupModel::setEvents, ProgressReplay::setEvents), then `date`.
  void eventsChanged(const QList<qint64> &featureIds, const QDate &date, const QString &target = {});
  // Figures for another date or dashboard target.
  void request(const QDate &date, const QString &target = {});
  // Forgets the project (results still on their way are dropped).
  void close();
  // True while work is queued or running.
  bool isBusy() const { return mTasks.isBusy(); }

signals:
  void ready(std::shared_ptr<const FigureSnapshot> figures);
  void failed(const QString &message);

private:
  struct Model;
  struct Slot;
  enum class Work { Compute, Open, Reload, Events };
  void post(Work work, const QDate &date, const QString &target, const QList<qint64> &ids = {});

  TaskRunner mTasks;
  TaskRunner::Lane mLane; // one thread, every task in order: the model's only user
  std::shared_ptr<Slot> mSlot;
  std::shared_ptr<std::atomic<quint64>> mLatest;
  quint64 mRequest = 0;
  QString mPath;
  layers::Plan mPlan;
};

} // namespace core
