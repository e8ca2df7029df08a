// planmap-cli generate, run as a user runs it: the real binary writing a real project.
#include "tests/common/TestUtil.h"

#include "data/store/Store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using testutil::runCli;

TEST(GenerateCli, WritesAProjectTheOtherCommandsRead)
{
  testutil::TempDir dir;
  const std::string out = dir.file("g.planmap");
  const auto r = runCli({"generate", out, "--rivers", "600", "--sites", "90", "--plots", "5", "--villages",
                         "30", "--seed", "3"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("600 rivers"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SYNTHETIC"), std::string::npos) << r.out;

  const auto store = data::openProject(out);
  EXPECT_EQ(store->featureCount("rivers"), 600u);
  EXPECT_EQ(store->featureCount("villages"), 30u);
  EXPECT_EQ(store->featureCount("forest_plots"), 5u);
  EXPECT_EQ(store->meta("seed"), "3");

  const auto status = runCli({"status", out, "--by", "village"});
  ASSERT_EQ(status.exitCode, 0) << status.err;
  EXPECT_NE(status.out.find("river_remediation"), std::string::npos);
  const auto features = runCli({"features", out, "--layer", "rivers"});
  ASSERT_EQ(features.exitCode, 0) << features.err;
  EXPECT_NE(features.out.find("HD-000600"), std::string::npos);
}

TEST(GenerateCli, SameSeedGivesTheSameFile)
{
  testutil::TempDir dir;
  for (const char *name : {"a.planmap", "b.planmap"})
    ASSERT_EQ(runCli({"generate", dir.file(name), "--rivers", "300", "--seed", "9"}).exitCode, 0);
  const auto a = data::openProject(dir.file("a.planmap")), b = data::openProject(dir.file("b.planmap"));
  for (const auto &layer : a->layers()) {
    const auto fa = a->features(layer.id), fb = b->features(layer.id);
    ASSERT_EQ(fa.size(), fb.size()) << layer.id;
    for (std::size_t i = 0; i < fa.size(); ++i)
      EXPECT_EQ(fa[i].geometry.toWkt(15), fb[i].geometry.toWkt(15)) << layer.id << " " << fa[i].code;
  }
  EXPECT_EQ(a->allEvents().size(), b->allEvents().size());
}

TEST(GenerateCli, RefusesBadArgumentsWithoutWritingAFile)
{
  testutil::TempDir dir;
  const std::string out = dir.file("bad.planmap");
  for (const std::vector<std::string> &args : {std::vector<std::string>{"generate", out},
                                               {"generate", out, "--rivers", "many"},
                                               {"generate", out, "--rivers", "-5"},
                                               {"generate", out, "--rivers", "10", "--villages", "0"},
                                               {"generate", out, "--rivers", "10", "--colour", "red"}}) {
    const auto r = runCli(args);
    EXPECT_NE(r.exitCode, 0) << args.back();
    EXPECT_NE(r.err.find("generate"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << args.back();
  }
  std::ofstream(out) << "keep";
  EXPECT_NE(runCli({"generate", out, "--rivers", "10"}).exitCode, 0);
  EXPECT_EQ(testutil::readFile(out), "keep");
}
