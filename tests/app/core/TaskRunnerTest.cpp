#include "app/core/TaskRunner.h"
#include "data/store/StoreError.h"
#include "tests/common/QtWait.h"

#include <gtest/gtest.h>

#include <QThread>

#include <atomic>
#include <vector>

namespace {

using core::TaskContext;
using core::TaskResult;
using core::TaskRunner;

// Latest wins: of three requests posted while the first runs, the middle one is skipped (never
// run) and only the newest result is shown; the others come back cancelled.
TEST(TaskRunnerTest, OnALatestWinsLaneOnlyTheNewestResultIsShownAndOvertakenWorkIsSkipped)
{
  TaskRunner runner;
  const auto lane = runner.addLane(QStringLiteral("test"), TaskRunner::Policy::LatestWins);
  std::atomic<bool> release{false};
  std::atomic<int> ran{0};
  std::vector<std::pair<int, bool>> delivered; // value, cancelled
  for (int i = 0; i < 3; ++i) {
    runner.run(
        lane,
        [i, &release, &ran](const TaskContext &) {
          ++ran;
          while (i == 0 && !release)
            QThread::msleep(1);
          return i;
        },
        [i, &delivered](TaskResult<int> r) { delivered.emplace_back(i, r.cancelled); });
    if (i == 0) { // the first is running before the others come
      ASSERT_TRUE(testutil::waitUntil([&] { return ran.load() == 1; }));
    }
  }
  EXPECT_TRUE(runner.isBusy(lane));
  release = true;
  ASSERT_TRUE(testutil::waitUntil([&] { return delivered.size() == 3; }));
  EXPECT_FALSE(runner.isBusy());
  EXPECT_EQ(ran.load(), 2) << "the overtaken middle request ran";
  EXPECT_EQ(delivered[0], std::make_pair(0, true));
  EXPECT_EQ(delivered[1], std::make_pair(1, true));
  EXPECT_EQ(delivered[2], std::make_pair(2, false));
}

// A queue lane runs everything in order and hands every result over.
TEST(TaskRunnerTest, AQueueLaneRunsEveryTaskInOrder)
{
  TaskRunner runner;
  const auto lane = runner.addLane(QStringLiteral("test"), TaskRunner::Policy::Queue);
  std::vector<int> order, results;
  for (int i = 0; i < 5; ++i)
    runner.run(
        lane,
        [i, &order](const TaskContext &) {
          order.push_back(i); // one worker thread: no race
          return i * i;
        },
        [&results](TaskResult<int> r) {
          EXPECT_FALSE(r.cancelled);
          results.push_back(*r.value);
        });
  ASSERT_TRUE(testutil::waitUntil([&] { return results.size() == 5; }));
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(results, (std::vector<int>{0, 1, 4, 9, 16}));
}

// What the work threw arrives as itself: the receiver tests its type, not its message.
TEST(TaskRunnerTest, ErrorsArriveAsTheExceptionThrown)
{
  TaskRunner runner;
  const auto lane = runner.addLane(QStringLiteral("test"), TaskRunner::Policy::Queue);
  std::optional<TaskResult<int>> got;
  runner.run(
      lane,
      [](const TaskContext &) -> int {
        throw data::StoreError(data::StoreError::Kind::NeedsPassword, "the server asks for a password");
      },
      [&got](TaskResult<int> r) { got = std::move(r); });
  ASSERT_TRUE(testutil::waitUntil([&] { return got.has_value(); }));
  EXPECT_FALSE(got->ok());
  EXPECT_EQ(got->message(), "the server asks for a password");
  try {
    std::rethrow_exception(got->error);
  } catch (const data::StoreError &e) {
    EXPECT_EQ(e.kind(), data::StoreError::Kind::NeedsPassword);
  }
}

// Cancel: the running task sees it and its result comes back cancelled; progress reaches the
// runner's thread.
TEST(TaskRunnerTest, CancelReachesTheRunningTaskAndProgressReachesTheReceiver)
{
  TaskRunner runner;
  const auto lane = runner.addLane(QStringLiteral("test"), TaskRunner::Policy::Queue);
  std::vector<qulonglong> progress;
  QObject::connect(
      &runner, &TaskRunner::progress,
      [&](TaskRunner::Lane, const QString &, qulonglong done, qulonglong) { progress.push_back(done); });
  std::atomic<bool> started{false};
  std::optional<TaskResult<int>> got;
  runner.run(
      lane,
      [&started](const TaskContext &c) {
        c.progress("reading", 1, 10);
        started = true;
        int steps = 0;
        while (!c.cancelled()) {
          QThread::msleep(1);
          ++steps;
        }
        return steps;
      },
      [&got](TaskResult<int> r) { got = std::move(r); });
  ASSERT_TRUE(testutil::waitUntil([&] { return started.load(); }));
  runner.cancel(lane);
  ASSERT_TRUE(testutil::waitUntil([&] { return got.has_value(); }));
  EXPECT_TRUE(got->cancelled);
  EXPECT_EQ(progress, (std::vector<qulonglong>{1}));
}

} // namespace

namespace {

// A result handler that throws (the error reaches the event loop's handler, which shows it) still
// ends its task: the runner is not left busy for ever, so the window becomes idle again.
TEST(TaskRunnerTest, AHandlerThatThrowsStillEndsItsTask)
{
  TaskRunner runner;
  const auto lane = runner.addLane(QStringLiteral("test"), TaskRunner::Policy::Queue);
  bool handled = false;
  runner.run(
      lane, [](const TaskContext &) { return 1; },
      [&handled](TaskResult<int>) {
        handled = true;
        throw std::runtime_error("attributes must be a JSON object");
      });
  try {
    testutil::waitUntil([&] { return handled; });
  } catch (const std::runtime_error &) {
    // Qt passes it on out of processEvents here, where the program's Application::notify shows it.
  }
  EXPECT_TRUE(handled);
  EXPECT_FALSE(runner.isBusy());
  EXPECT_FALSE(runner.isBusy(lane));
}

} // namespace
