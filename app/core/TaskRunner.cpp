#include "app/core/TaskRunner.h"

#include <QMetaObject>
#include <QThreadPool>

namespace core {

bool TaskContext::cancelled() const
{
  return mCancelled && mCancelled();
}

void TaskContext::progress(const std::string &stage, std::size_t done, std::size_t total) const
{
  if (mProgress) mProgress(stage, done, total);
}

struct TaskRunner::LaneState
{
  QString name;
  Policy policy = Policy::LatestWins;
  QThreadPool pool;
  // Tickets number the lane's tasks; shared with the workers, which ask whether theirs is still
  // wanted.
  std::shared_ptr<std::atomic<quint64>> latest = std::make_shared<std::atomic<quint64>>(0);
  std::shared_ptr<std::atomic<quint64>> cancelledUpTo = std::make_shared<std::atomic<quint64>>(0);
  int pending = 0;
};

TaskRunner::TaskRunner(QObject *parent)
    : QObject(parent)
{
}

TaskRunner::~TaskRunner()
{
  for (auto &lane : mLanes) {
    lane->cancelledUpTo->store(lane->latest->load());
    lane->pool.waitForDone();
  }
}

TaskRunner::Lane TaskRunner::addLane(const QString &name, Policy policy, int threads)
{
  auto lane = std::make_unique<LaneState>();
  lane->name = name;
  lane->policy = policy;
  lane->pool.setMaxThreadCount(threads);
  lane->pool.setObjectName(name);
  mLanes.push_back(std::move(lane));
  return static_cast<Lane>(mLanes.size() - 1);
}

void TaskRunner::post(Lane lane, std::function<void()> work)
{
  post(
      lane, [work = std::move(work)](const TaskContext &) { work(); }, [](bool) {});
}

void TaskRunner::post(Lane laneId, std::function<void(const TaskContext &)> work,
                      std::function<void(bool cancelled)> deliver)
{
  LaneState &lane = *mLanes.at(static_cast<std::size_t>(laneId));
  const quint64 ticket = ++*lane.latest;
  ++lane.pending;
  if (mBusy++ == 0) emit busyChanged(true);
  TaskContext context;
  context.mCancelled = [ticket, latest = lane.latest, upTo = lane.cancelledUpTo,
                        latestWins = lane.policy == Policy::LatestWins] {
    return ticket <= upTo->load() || (latestWins && ticket < latest->load());
  };
  // `this` outlives the workers: the destructor waits for them.
  context.mProgress = [this, laneId](const std::string &stage, std::size_t done, std::size_t total) {
    QMetaObject::invokeMethod(
        this,
        [this, laneId, s = QString::fromStdString(stage), done, total] {
          emit progress(laneId, s, static_cast<qulonglong>(done), static_cast<qulonglong>(total));
        },
        Qt::QueuedConnection);
  };
  lane.pool.start([this, laneId, ticket, context = std::move(context), work = std::move(work),
                   deliver = std::move(deliver)]() mutable {
    const bool skipped = context.cancelled();
    if (!skipped) work(context);
    QMetaObject::invokeMethod(
        this,
        [this, laneId, ticket, skipped, deliver = std::move(deliver)]() mutable {
          finished(laneId, ticket, std::move(deliver), skipped);
        },
        Qt::QueuedConnection);
  });
}

void TaskRunner::finished(Lane laneId, quint64 ticket, std::function<void(bool)> deliver, bool wasCancelled)
{
  LaneState &lane = *mLanes.at(static_cast<std::size_t>(laneId));
  const bool overtaken = lane.policy == Policy::LatestWins && ticket != lane.latest->load();
  // The lane is idle for its result's handler (which may ask, as a canvas does whether it is still
  // drawing); the runner as a whole stays busy until the handler returned, so follow-up work it
  // posts leaves no idle gap.
  --lane.pending;
  // A handler that throws (the error goes on to the event loop's handler) still ends the task.
  struct Ended
  {
    TaskRunner *runner;
    ~Ended()
    {
      if (--runner->mBusy == 0) emit runner->busyChanged(false);
    }
  } ended{this};
  deliver(wasCancelled || overtaken || ticket <= lane.cancelledUpTo->load());
}

void TaskRunner::cancel(Lane laneId)
{
  LaneState &lane = *mLanes.at(static_cast<std::size_t>(laneId));
  lane.cancelledUpTo->store(lane.latest->load());
}

void TaskRunner::waitForDone(Lane laneId)
{
  mLanes.at(static_cast<std::size_t>(laneId))->pool.waitForDone();
}

bool TaskRunner::isBusy(Lane laneId) const
{
  return mLanes.at(static_cast<std::size_t>(laneId))->pending > 0;
}

bool TaskRunner::isBusy() const
{
  return mBusy > 0;
}

} // namespace core
