// The one rule for files PlanMap writes (data/OutputPath.h) and the online backup (data/Backup.h),
// on real files: a real project, links to it, a database header, its sidecars.
#include "data/store/OutputPath.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "data/store/Backup.h"
#include "data/store/StoreError.h"
#include "tests/common/TestUtil.h"
#include "tests/data/io/ImportFixture.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using data::outputProblem;
using data::Replace;

namespace {

void writeText(const std::string &path, const std::string &text)
{
  std::ofstream(path, std::ios::binary) << text;
}

class OutputPathTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    project = dir.file("p.planmap");
    importtest::makeProject(project);
  }
  testutil::TempDir dir;
  std::string project;
};

} // namespace

TEST_F(OutputPathTest, TheProjectIsRefusedByAnyNameAndWithItsSidecars)
{
  fs::create_hard_link(project, dir.file("hard.gpkg"));
  fs::create_symlink(project, dir.file("soft.gpkg"));
  fs::create_directory(dir.file("sub"));
  const std::vector<std::string> names{project,
                                       dir.file("sub/../p.planmap"),
                                       dir.file("hard.gpkg"),
                                       dir.file("soft.gpkg"),
                                       project + "-wal",
                                       project + "-shm",
                                       project + "-journal",
                                       dir.file("sub/../p.planmap-wal")};
  for (const auto &out : names)
    for (Replace r : {Replace::NewOnly, Replace::No, Replace::File, Replace::FileOrDatabase}) {
      const std::string problem = outputProblem(project, out, r);
      EXPECT_NE(problem.find(out + ": is the "), std::string::npos) << out << ": " << problem;
      EXPECT_NE(problem.find("project being read (" + project + ")"), std::string::npos) << problem;
      EXPECT_EQ(problem.find('\n'), std::string::npos);
    }
  // Through the symlink's own name, the -wal lives beside the real file.
  EXPECT_NE(outputProblem(dir.file("soft.gpkg"), project + "-wal", Replace::File), "");
  EXPECT_THROW(data::checkOutputs(project, {dir.file("new.shp"), project + "-shm"}, Replace::File),
               data::OutputRefused);
}

TEST_F(OutputPathTest, AnExistingFileGoesOnlyWhenAskedAndNeverADatabase)
{
  const std::string fresh = dir.file("new.geojson");
  for (Replace r : {Replace::NewOnly, Replace::No, Replace::File, Replace::FileOrDatabase})
    EXPECT_EQ(outputProblem(project, fresh, r), "");

  const std::string plain = dir.file("old.geojson");
  writeText(plain, "{}");
  EXPECT_NE(outputProblem(project, plain, Replace::No).find(plain + ": file exists; give --overwrite"),
            std::string::npos);
  EXPECT_NE(outputProblem(project, plain, Replace::NewOnly).find("file exists"), std::string::npos);
  EXPECT_EQ(outputProblem(project, plain, Replace::File), "");

  // Another project, any SQLite file (by its header, whatever its name), a WAL by its magic, and
  // the sidecars of a database.
  const std::string other = dir.file("other.planmap");
  importtest::makeProject(other);
  const std::string sqlite = dir.file("looks-like.csv");
  writeText(sqlite, std::string("SQLite format 3\0more", 20));
  const std::string wal = dir.file("x.log");
  writeText(wal, std::string("\x37\x7f\x06\x82rest", 8));
  const std::string shm = other + "-shm";
  writeText(shm, "whatever");
  for (const auto &db : {other, sqlite, wal, shm}) {
    const std::string problem = outputProblem(project, db, Replace::File);
    EXPECT_NE(problem.find(db + ": is an SQLite database"), std::string::npos) << db << ": " << problem;
    EXPECT_NE(outputProblem(project, db, Replace::No), "");
    EXPECT_EQ(outputProblem(project, db, Replace::FileOrDatabase), "") << db;
  }
  EXPECT_TRUE(data::isSqliteDatabase(other));
  EXPECT_TRUE(data::isSqliteDatabase(sqlite));
  EXPECT_FALSE(data::isSqliteDatabase(plain));

  // A folder or a device is never a file to replace.
  for (Replace r : {Replace::No, Replace::File, Replace::FileOrDatabase}) {
    EXPECT_NE(outputProblem(project, dir.path(), r).find("not a regular file"), std::string::npos);
    EXPECT_NE(outputProblem(project, "/dev/null", r).find("not a regular file"), std::string::npos);
  }
  // A server project names no file.
  EXPECT_EQ(outputProblem("postgresql://planner1@localhost/town", fresh, Replace::No), "");
}

TEST_F(OutputPathTest, BackupIsTheWholeProjectAndRefusesWhatTheRuleRefuses)
{
  auto store = data::openProject(project);
  const std::string copy = dir.file("copy.planmap");
  const data::BackupResult r = data::backupProject(*store, copy, Replace::No);
  EXPECT_EQ(r.out, copy);
  EXPECT_EQ(r.bytes, fs::file_size(copy));
  {
    auto c = data::openProject(copy);
    EXPECT_EQ(c->users().size(), store->users().size());
    EXPECT_EQ(c->layers().size(), store->layers().size());
  }
  EXPECT_THROW(data::backupProject(*store, copy, Replace::No), data::OutputRefused);
  EXPECT_THROW(data::backupProject(*store, project, Replace::FileOrDatabase), data::OutputRefused);
  EXPECT_THROW(data::backupProject(*store, project + "-wal", Replace::FileOrDatabase), data::OutputRefused);

  // An older copy goes when asked; the new one has what was added since.
  store->addUser("planner1", {"planner2", data::Role::Planner, "Planner 2"});
  data::backupProject(*store, copy, Replace::FileOrDatabase);
  EXPECT_TRUE(data::openProject(copy)->user("planner2").has_value());
  for (const auto &e : fs::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename().string().rfind(".planmap-backup-", 0), std::string::npos) << e.path();
}

// The GUI saves a copy from a worker while its own thread writes on the same connection.
TEST_F(OutputPathTest, BackupWhileThisProcessWritesIsAConsistentSnapshot)
{
  auto store = data::openProject(project);
  std::atomic<bool> stop{false};
  std::atomic<int> added{0};
  std::thread writer([&] {
    for (int i = 0; !stop && i < 400; ++i) {
      store->addUser("planner1", {"u" + std::to_string(i), data::Role::Engineer, "U"});
      ++added;
    }
  });
  for (int k = 0; k < 5; ++k) {
    const std::string copy = dir.file("copy" + std::to_string(k) + ".planmap");
    data::backupProject(*store, copy, Replace::No);
    auto c = data::openProject(copy);
    auto *s = dynamic_cast<data::SpatiaLiteStore *>(c.get());
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->database().queryText("PRAGMA integrity_check"), "ok");
    EXPECT_GE(c->users().size(), 3u);
  }
  stop = true;
  writer.join();
  EXPECT_GT(added.load(), 0);
}
