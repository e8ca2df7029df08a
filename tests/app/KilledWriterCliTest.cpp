// A command that writes a new project (sample, generate, checkout) and is killed part-way leaves
// nothing at its output: the project is written under a temporary name and moved in whole. Before,
// a killed `generate` left a file that was "not a PlanMap project (no meta table)", and running the
// command again was refused because the file existed.
#include "tests/common/TestUtil.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include <csignal>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

extern char **environ;

namespace {

namespace fs = std::filesystem;

// Starts planmap-cli with `args` and kills it (-9) once `ready` is true or after `limit`.
void killMidway(const std::vector<std::string> &args, const std::function<bool()> &ready,
                std::chrono::milliseconds limit)
{
  std::vector<std::string> all{PLANMAP_CLI};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char *> argv;
  for (auto &a : all)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, PLANMAP_CLI, nullptr, nullptr, argv.data(), environ), 0);
  const auto start = std::chrono::steady_clock::now();
  while (!ready() && std::chrono::steady_clock::now() - start < limit)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the command finished before it was killed: make it bigger";
}

TEST(KilledWriterCli, AKilledGenerateLeavesNoHalfProject)
{
  testutil::TempDir dir;
  const std::string out = dir.file("big.planmap");
  // Killed once it has started writing (a file of its own appeared in the folder).
  killMidway(
      {"generate", out, "--rivers", "40000"}, [&] { return !fs::is_empty(dir.path()); },
      std::chrono::seconds(20));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(fs::exists(out)) << "a killed generate left a half-written project";
  const auto again = testutil::runCli({"generate", out, "--rivers", "300"});
  EXPECT_EQ(again.exitCode, 0) << again.err;
  EXPECT_EQ(testutil::runCli({"validate", out}).exitCode, 0);
}

TEST(KilledWriterCli, NewProjectsAndCopiesAreReadableLikeAnyNewFile)
{
  testutil::TempDir dir;
  const mode_t old = ::umask(022);
  ASSERT_EQ(testutil::runCli({"sample", dir.file("s.planmap")}).exitCode, 0);
  ASSERT_EQ(testutil::runCli({"backup", dir.file("s.planmap"), dir.file("copy.planmap")}).exitCode, 0);
  ::umask(old);
  for (const char *name : {"s.planmap", "copy.planmap"}) {
    struct stat st
    {
    };
    ASSERT_EQ(::stat(dir.file(name).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0644u) << name << " (a backup was 0600 from mkstemp)";
  }
}

} // namespace
