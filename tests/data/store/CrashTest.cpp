#include "tests/data/store/StoreFixture.h"

#include "data/spatialite/Sqlite.h"
#include "data/store/Progress.h"

#include <sqlite3.h>

#include <cmath>
#include <csignal>
#include <cstdint>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace data;
using namespace testdata;

namespace {

// Child process: appends stretch events one transaction at a time and reports each committed
// event id on `fd`. Never returns.
[[noreturn]] void appendForever(const std::string &path, std::int64_t riverId, int fd)
{
  try {
    auto store = openProject(path);
    const double length = store->feature(riverId)->lengthM;
    for (std::int64_t i = 0;; ++i) {
      const double from = std::fmod(i * 0.5, length - 1);
      const Event e = store->appendEvent("engineer1", stretch(riverId, from, from + 0.4, "2020-05-01"));
      if (write(fd, &e.id, sizeof e.id) != sizeof e.id) _exit(3);
    }
  } catch (...) {
    _exit(2);
  }
}

} // namespace

TEST(Crash, KilledWriterLosesNoCommittedEvent)
{
  testutil::TempDir dir;
  const std::string path = dir.file("crash.planmap");
  std::int64_t riverId = 0;
  {
    auto s = createProject(path);
    s->addUser("", {"planner1", Role::Planner, ""});
    s->addUser("planner1", {"engineer1", Role::Engineer, ""});
    s->addLayer("planner1", riversLayer());
    riverId = s->addFeature("planner1", river("HD-1", 5000));
  } // closed before fork: the child must not share this connection

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    appendForever(path, riverId, fds[1]);
  }
  close(fds[1]);

  // Kill it once it has committed a good number of events, in the middle of its next one.
  std::set<std::int64_t> committed;
  std::int64_t id = 0;
  while (committed.size() < 300 && read(fds[0], &id, sizeof id) == sizeof id)
    committed.insert(id);
  ASSERT_EQ(committed.size(), 300u) << "the writer stopped early";
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  // Ids it reported before it died are committed too.
  while (read(fds[0], &id, sizeof id) == sizeof id)
    committed.insert(id);
  close(fds[0]);

  {
    Database raw(path, SQLITE_OPEN_READWRITE);
    EXPECT_EQ(raw.queryText("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(raw.queryText("PRAGMA foreign_key_check"), "");
  }
  auto store = openProject(path);
  std::set<std::int64_t> present;
  for (const Event &e : store->events(riverId))
    present.insert(e.id);
  for (std::int64_t c : committed)
    EXPECT_TRUE(present.count(c)) << "committed event " << c << " is lost";
  EXPECT_GE(present.size(), committed.size());
  // The derived cache matches the events that survived.
  const FeatureProgress p = deriveProgress(store->events(riverId), store->feature(riverId)->lengthM);
  EXPECT_DOUBLE_EQ(store->feature(riverId)->doneM, p.doneM());
}
