#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace core {

// What a task sees while it runs: whether it is no longer wanted (a newer task on a latest-wins
// lane, or cancel()), and a way to say how far it is.
class TaskContext
{
public:
  bool cancelled() const;
  // Reported to the runner's thread as TaskRunner::progress (throttled by the receiver).
  void progress(const std::string &stage, std::size_t done, std::size_t total) const;

private:
  friend class TaskRunner;
  std::function<bool()> mCancelled;
  std::function<void(const std::string &, std::size_t, std::size_t)> mProgress;
};

// The outcome of one task, delivered on the runner's thread: a value, or what the work threw (an
// exception carried as itself, so callers test its type — data::StoreError::kind() — and never
// its message). A cancelled (or overtaken) task's result is not to be shown; it may still carry the
// value its work made, for the receiver to let go of where it likes.
template <class T> struct TaskResult
{
  std::optional<T> value;
  std::exception_ptr error;
  bool cancelled = false;

  bool ok() const { return value.has_value(); }
  // The error's one-line message ("" when there is none).
  std::string message() const
  {
    if (!error) return {};
    try {
      std::rethrow_exception(error);
    } catch (const std::exception &e) {
      return e.what();
    } catch (...) {
      return "unknown error";
    }
  }
};

// The one way PlanMap runs work off the GUI thread. Work is posted to named lanes; each lane has
// one worker thread of its own (never Qt's global pool, which the raster paint engine uses for its
// fills: seconds of work there froze painting) and runs its tasks in order.
//  - LatestWins lanes (map reads, figures for a date, previews): a task that a newer one overtook
//    before it started is skipped, and only the newest task's result is delivered.
//  - Queue lanes (writes, model updates that must all happen): every task runs, every result is
//    delivered, in order.
// Results arrive on the thread the runner lives on (the GUI thread), through `done`, never after
// the runner is destroyed (its destructor waits for running work and drops undelivered results).
class TaskRunner : public QObject
{
  Q_OBJECT
public:
  enum class Policy { LatestWins, Queue };
  using Lane = int;

  explicit TaskRunner(QObject *parent = nullptr);
  ~TaskRunner() override;

  Lane addLane(const QString &name, Policy policy, int threads = 1);

  // Runs `work(const TaskContext &) -> T` on `lane`; `done(TaskResult<T>)` follows on this thread.
  template <class Work, class Done> void run(Lane lane, Work work, Done done)
  {
    using T = std::invoke_result_t<Work, const TaskContext &>;
    auto result = std::make_shared<TaskResult<T>>();
    post(
        lane,
        [result, work = std::move(work)](const TaskContext &context) mutable {
          try {
            if (context.cancelled()) {
              result->cancelled = true;
              return;
            }
            result->value.emplace(work(context));
          } catch (...) {
            result->error = std::current_exception();
          }
        },
        [result, done = std::move(done)](bool cancelled) mutable {
          result->cancelled = result->cancelled || cancelled;
          done(std::move(*result));
        });
  }
  // Fire and forget (freeing a large map, say): runs in order on `lane`, no result.
  void post(Lane lane, std::function<void()> work);

  // The lane's running task sees cancelled(), its queued ones are skipped; their `done` gets a
  // cancelled result.
  void cancel(Lane lane);
  // Blocks until the lane's work has run (a dialog that closes waits for its worker to clean up);
  // the results are delivered afterwards, from the event loop.
  void waitForDone(Lane lane);
  // Work queued or running on `lane` (its result's handler sees the lane idle), or on any lane
  // (results not yet handled included).
  bool isBusy(Lane lane) const;
  bool isBusy() const;

signals:
  void progress(core::TaskRunner::Lane lane, const QString &stage, qulonglong done, qulonglong total);
  // Emitted when the runner goes from idle to busy or back.
  void busyChanged(bool busy);

private:
  struct LaneState;
  void post(Lane lane, std::function<void(const TaskContext &)> work,
            std::function<void(bool cancelled)> deliver);
  void finished(Lane lane, quint64 ticket, std::function<void(bool)> deliver, bool wasCancelled);

  std::vector<std::unique_ptr<LaneState>> mLanes;
  int mBusy = 0;
};

} // namespace core
