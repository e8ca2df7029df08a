// A project that cannot be written is read as it is, and a write that cannot be made (read-only
// file, folder or file system; a full disk) says so, names the file and leaves nothing behind.
// The tests run as root, who ignores file modes: read-only is made for real with a read-only bind
// mount or the immutable flag, a full disk with a small tmpfs. Each skips when this machine does
// not allow it.
#include "tests/common/SampleFixture.h"
#include "tests/common/TestUtil.h"

#include "data/store/Store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;
using testutil::run;
using testutil::runCli;

namespace {

// A mount made for one test, undone when the object dies.
class Mount
{
public:
  Mount(const std::vector<std::string> &args, std::string target)
      : mTarget(std::move(target))
  {
    const auto r = run("/usr/bin/mount", args);
    mOk = r.exitCode == 0;
    mError = r.err;
  }
  ~Mount()
  {
    if (mOk) run("/usr/bin/umount", {mTarget});
  }
  Mount(const Mount &) = delete;
  Mount &operator=(const Mount &) = delete;
  bool ok() const { return mOk; }
  const std::string &error() const { return mError; }

private:
  std::string mTarget;
  bool mOk = false;
  std::string mError;
};

// The immutable flag on a file for one test (even root cannot write it), removed when the object dies.
class Immutable
{
public:
  explicit Immutable(std::string path)
      : mPath(std::move(path))
  {
    mOk = run("/usr/bin/chattr", {"+i", mPath}).exitCode == 0;
  }
  ~Immutable()
  {
    if (mOk) run("/usr/bin/chattr", {"-i", mPath});
  }
  Immutable(const Immutable &) = delete;
  Immutable &operator=(const Immutable &) = delete;
  bool ok() const { return mOk; }

private:
  std::string mPath;
  bool mOk = false;
};

std::set<std::string> filesIn(const std::string &dir)
{
  std::set<std::string> out;
  for (const auto &e : fs::directory_iterator(dir))
    out.insert(e.path().filename().string());
  return out;
}

// A toilet still planned, so marking it in progress is a valid write.
std::string plannedToilet(const std::string &project)
{
  for (const auto &f : data::openProject(project)->features("toilets"))
    if (f.status == data::Status::Planned) return std::to_string(f.id);
  ADD_FAILURE() << "no planned toilet";
  return "";
}

std::vector<std::string> markArgs(const std::string &project, const std::string &feature)
{
  return {"mark",  project,    "--user",      "engineer1", "--feature",
          feature, "--status", "in_progress", "--date",    "2020-06-01"};
}

// Every reading command works on `project`, writing its outputs into `out`.
void expectReadable(const std::string &project, const std::string &out, const std::string &feature)
{
  const std::vector<std::vector<std::string>> reads{
      {"status", project},
      {"status", project, "--json"},
      {"features", project, "--layer", "rivers"},
      {"history", project, "--feature", feature},
      {"validate", project},
      {"render", project, "--out", out + "/map.png", "--width", "64", "--height", "64"},
      {"export", project, "--layer", "rivers", "--out", out + "/rivers.geojson"},
      {"backup", project, out + "/copy.planmap"},
  };
  for (const auto &args : reads) {
    const auto r = runCli(args);
    EXPECT_EQ(r.exitCode, 0) << args[0] << ": " << r.err;
  }
  EXPECT_EQ(runCli({"validate", out + "/copy.planmap"}).exitCode, 0);
}

class CliReadOnlyTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    fs::create_directories(dir.file("src"));
    fs::create_directories(dir.file("out"));
    source = testutil::sampleProjectCopy(dir, "src/p.planmap");
    feature = plannedToilet(source);
  }
  testutil::TempDir dir;
  std::string source;
  std::string feature;
};

} // namespace

TEST_F(CliReadOnlyTest, AProjectOnAReadOnlyFileSystemIsReadAndNeverWritten)
{
  fs::create_directories(dir.file("ro"));
  Mount bind({"--bind", dir.file("src"), dir.file("ro")}, dir.file("ro"));
  if (!bind.ok()) GTEST_SKIP() << "cannot bind-mount here: " << bind.error();
  Mount ro({"-o", "remount,bind,ro", dir.file("ro")}, dir.file("ro"));
  if (!ro.ok()) GTEST_SKIP() << "cannot remount read-only here: " << ro.error();
  const std::string project = dir.file("ro/p.planmap");
  const std::size_t events = data::openProject(source)->allEvents().size();

  expectReadable(project, dir.file("out"), feature);
  const auto r = runCli(markArgs(project, feature));
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err, "planmap-cli mark: " + project + ": read-only file, nothing written\n");
  EXPECT_EQ(filesIn(dir.file("src")), std::set<std::string>{"p.planmap"});
  EXPECT_EQ(data::openProject(source)->allEvents().size(), events);
  // Outputs into the read-only folder say so.
  for (const std::string name : {"rivers.geojson", "copy.planmap", "new.planmap"}) {
    const std::string out = dir.file("ro/" + name);
    const auto o = name == "copy.planmap"  ? runCli({"backup", project, out})
                   : name == "new.planmap" ? runCli({"sample", out})
                                           : runCli({"export", project, "--layer", "rivers", "--out", out});
    EXPECT_EQ(o.exitCode, 1) << name;
    EXPECT_NE(o.err.find(out + ": read-only folder " + dir.file("ro") + ", nothing written\n"),
              std::string::npos)
        << o.err;
  }
}

TEST_F(CliReadOnlyTest, AnImmutableProjectIsReadAndLeavesNoWalBehind)
{
  Immutable frozen(source);
  if (!frozen.ok()) GTEST_SKIP() << "chattr +i does not work on " << dir.path();
  expectReadable(source, dir.file("out"), feature);
  const auto r = runCli(markArgs(source, feature));
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err, "planmap-cli mark: " + source + ": read-only file, nothing written\n");
  const auto u = runCli({"users", source, "add", "someone", "--role", "engineer", "--user", "planner1"});
  EXPECT_EQ(u.exitCode, 1);
  EXPECT_EQ(u.err, "planmap-cli users: " + source + ": read-only file, nothing written\n");
  EXPECT_EQ(filesIn(dir.file("src")), std::set<std::string>{"p.planmap"});
}

TEST_F(CliReadOnlyTest, AFullDiskSaysSoAndLeavesTheProjectAsItWas)
{
  const std::string small = dir.file("small");
  fs::create_directories(small);
  const auto size = fs::file_size(source) + 2 * 1024 * 1024;
  Mount tmpfs({"-t", "tmpfs", "-o", "size=" + std::to_string(size), "tmpfs", small}, small);
  if (!tmpfs.ok()) GTEST_SKIP() << "cannot mount a tmpfs here: " << tmpfs.error();
  const std::string project = small + "/p.planmap";
  ASSERT_EQ(run("/usr/bin/cp", {source, project}).exitCode, 0);
  // Room for the -shm SQLite needs to read (32 KiB) and a few pages, not for a whole mark.
  ASSERT_EQ(run("/usr/bin/dd", {"if=/dev/zero", "of=" + small + "/reserve", "bs=4096", "count=10"}).exitCode,
            0);
  run("/usr/bin/dd", {"if=/dev/zero", "of=" + small + "/filler", "bs=4096"}); // until the disk is full
  fs::remove(small + "/reserve");
  const std::size_t events = data::openProject(project)->allEvents().size();

  const auto r = runCli(markArgs(project, feature));
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err, "planmap-cli mark: " + project + ": disk full, nothing written\n");
  EXPECT_EQ(filesIn(small), (std::set<std::string>{"filler", "p.planmap"}));
  EXPECT_EQ(data::openProject(project)->allEvents().size(), events);
  EXPECT_EQ(runCli({"validate", project}).exitCode, 0);

  // Outputs that fill the last 40 KiB while they are written, then outputs started on a disk
  // already full: one line saying so, and nothing of them left.
  const std::string left = small + "/";
  const std::vector<std::vector<std::string>> outputs{
      {"export", source, "--layer", "rivers", "--out", left + "rivers.geojson"},
      {"export", source, "--all", "--out", left + "all.gpkg"},
      {"report", source, "--out", left + "report.pdf"},
      {"render", source, "--out", left + "map.png"},
  };
  auto expectDiskFull = [&](const std::vector<std::string> &args, const std::string &out) {
    const auto o = runCli(args);
    EXPECT_EQ(o.exitCode, 1) << args[0] << ": " << o.out;
    EXPECT_EQ(o.err, "planmap-cli " + args[0] + ": " + out + ": disk full, nothing written\n");
    EXPECT_EQ(filesIn(small), (std::set<std::string>{"filler", "p.planmap"})) << args[0];
  };
  for (const auto &args : outputs)
    expectDiskFull(args, args[args.size() - 1]);
  run("/usr/bin/dd", {"if=/dev/zero", "of=" + small + "/filler", "bs=4096", "oflag=append", "conv=notrunc"});
  expectDiskFull({"export-table", source, "--table", "targets", "--out", left + "t.csv"}, left + "t.csv");
  expectDiskFull({"export-table", source, "--table", "targets", "--out", left + "t.xlsx"}, left + "t.xlsx");
  expectDiskFull({"backup", source, left + "copy.planmap"}, left + "copy.planmap");
  expectDiskFull({"sample", left + "s.planmap"}, left + "s.planmap");
}
