// What planmap-cli must never do to a project or a file, whatever it is given: the real binary on a
// real sample project. Outputs (the project itself, existing files, databases), the online
// backup, stray arguments, numbers, help and unknown commands.
#include "tests/common/SampleFixture.h"
#include "tests/common/TestUtil.h"

#include "data/spatialite/SpatiaLiteStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using testutil::runCli;

namespace {

// Every event of a project, in order: what a command that must write nothing must leave as it is.
std::string events(const std::string &path)
{
  std::string out;
  for (const auto &e : data::openProject(path)->allEvents())
    out += e.uuid + " " + e.date + "\n";
  return out;
}

std::size_t lineCount(const std::string &text)
{
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string readAll(const std::string &path)
{
  return testutil::readFile(path);
}

void writeText(const std::string &path, const std::string &text)
{
  std::ofstream(path, std::ios::binary) << text;
}

// A planned toilet: a feature any status mark applies to.
std::string plannedToilet(const std::string &project)
{
  for (const auto &f : data::openProject(project)->features("toilets"))
    if (f.status == data::Status::Planned) return std::to_string(f.id);
  ADD_FAILURE() << "no planned toilet";
  return "";
}

class CliSafetyTest : public ::testing::Test
{
protected:
  // Exit 1 or 2 with one stderr line containing `what`, and the project's events as they were.
  void expectRefused(const std::vector<std::string> &args, const std::string &what, int code = -1)
  {
    const std::string before = events(project);
    const auto r = runCli(args);
    std::string cmd;
    for (const auto &a : args)
      cmd += a + " ";
    EXPECT_NE(r.exitCode, 0) << cmd << "\n" << r.out;
    if (code >= 0) {
      EXPECT_EQ(r.exitCode, code) << cmd << "\n" << r.err;
    }
    EXPECT_EQ(lineCount(r.err), 1u) << cmd << "\n" << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << cmd << "\n" << r.err;
    EXPECT_EQ(events(project), before) << cmd;
  }

  testutil::TempDir dir;
  std::string project = testutil::sampleProjectCopy(dir);
};

} // namespace

TEST_F(CliSafetyTest, ExportNeverWritesTheProjectItReads)
{
  const std::string bytes = readAll(project);
  fs::create_hard_link(project, dir.file("same.gpkg"));
  for (const std::string &out : {project, dir.file("same.gpkg"), project + "-wal", project + "-shm"})
    for (const std::string overwrite : {"", "--overwrite"}) {
      std::vector<std::string> args{"export", project, "--layer", "rivers", "--out", out, "--format", "GPKG"};
      if (!overwrite.empty()) args.push_back(overwrite);
      expectRefused(args, out + ": is the ");
    }
  EXPECT_EQ(readAll(project), bytes);
  EXPECT_FALSE(fs::exists(project + "-journal"));
}

TEST_F(CliSafetyTest, ExportReplacesAFileOnlyWithOverwriteAndNeverADatabase)
{
  const std::string out = dir.file("rivers.geojson");
  writeText(out, "mine");
  expectRefused({"export", project, "--layer", "rivers", "--out", out},
                out + ": file exists; give --overwrite");
  EXPECT_EQ(readAll(out), "mine");
  auto r = runCli({"export", project, "--layer", "rivers", "--out", out, "--overwrite"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(readAll(out).find("FeatureCollection"), std::string::npos);

  // Another project is never replaced by an export, --overwrite or not.
  const std::string other = testutil::sampleProjectCopy(dir, "other.planmap");
  const std::string otherBytes = readAll(other);
  for (const std::string overwrite : {"", "--overwrite"}) {
    std::vector<std::string> args{"export", project, "--layer", "rivers", "--out", other, "--format", "GPKG"};
    if (!overwrite.empty()) args.push_back(overwrite);
    expectRefused(args, other + ": ");
  }
  EXPECT_EQ(readAll(other), otherBytes);

  // A Shapefile is several files: an existing sidecar counts, and nothing of the export is left.
  const std::string dbf = dir.file("r.dbf");
  writeText(dbf, "mine");
  expectRefused({"export", project, "--layer", "rivers", "--out", dir.file("r.shp")}, dbf + ": file exists");
  EXPECT_EQ(readAll(dbf), "mine");
  EXPECT_FALSE(fs::exists(dir.file("r.shp")));
  for (const auto &e : fs::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename().string().rfind(".planmap-export", 0), std::string::npos) << e.path();
}

TEST_F(CliSafetyTest, ReportTableMapSampleAndGenerateNeverWriteTheProject)
{
  const std::string bytes = readAll(project);
  const std::string pdf = dir.file("alias.pdf"), csv = dir.file("alias.csv"), png = dir.file("alias.png");
  for (const auto &alias : {pdf, csv, png})
    fs::create_symlink(project, alias);
  expectRefused({"report", project, "--out", pdf, "--overwrite"}, pdf + ": is the ");
  expectRefused({"export-table", project, "--table", "targets", "--out", csv, "--overwrite"},
                csv + ": is the ");
  expectRefused({"render", project, "--out", png, "--width", "64", "--height", "64", "--overwrite"},
                png + ": is the ");
  expectRefused({"sample", project}, project + ": file exists");
  expectRefused({"generate", project, "--rivers", "2"}, project + ": file exists");
  EXPECT_EQ(readAll(project), bytes);

  // An existing map image goes only with --overwrite.
  const std::string map = dir.file("map.png");
  writeText(map, "mine");
  expectRefused({"render", project, "--out", map, "--width", "64", "--height", "64"}, map + ": file exists");
  EXPECT_EQ(readAll(map), "mine");
  auto r = runCli({"render", project, "--out", map, "--width", "64", "--height", "64", "--overwrite"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(readAll(map).substr(1, 3), "PNG");
}

TEST_F(CliSafetyTest, BackupWritesAValidCopyWhileOthersMark)
{
  const std::string toilet = plannedToilet(project);
  // Marks from other processes while copies are taken.
  std::thread marks([&] {
    for (int i = 0; i < 6; ++i)
      runCli({"mark", project, "--user", "engineer1", "--feature", toilet, "--status", "in_progress",
              "--date", "2020-06-01", "--note", "during backup " + std::to_string(i)});
  });
  for (int k = 0; k < 4; ++k) {
    const std::string copy = dir.file("copy" + std::to_string(k) + ".planmap");
    auto r = runCli({"backup", project, copy});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("copied " + project + " to " + copy), std::string::npos) << r.out;
    auto v = runCli({"validate", copy});
    EXPECT_EQ(v.exitCode, 0) << v.err;
  }
  marks.join();
  const std::string copy = dir.file("final.planmap");
  ASSERT_EQ(runCli({"backup", project, copy}).exitCode, 0);
  EXPECT_EQ(events(copy), events(project));

  // The same rule as every output: never the project, an older copy only with --overwrite.
  expectRefused({"backup", project, project, "--overwrite"}, project + ": is the ");
  expectRefused({"backup", project, copy}, copy + ": file exists; give --overwrite");
  runCli({"mark", project, "--user", "engineer1", "--feature", toilet, "--status", "completed", "--date",
          "2020-07-01"});
  auto r = runCli({"backup", project, copy, "--overwrite"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(events(copy), events(project));
}

// A desktop window keeps the project open; a plain copy of the file alone must still hold what a
// finished planmap-cli command wrote.
TEST_F(CliSafetyTest, AFinishedMarkIsInTheFileNotOnlyInItsWal)
{
  auto window = data::openProject(project); // another connection that stays open, as PlanMap's
  const std::size_t before = window->allEvents().size();
  auto r = runCli({"mark", project, "--user", "engineer1", "--feature", plannedToilet(project), "--status",
                   "in_progress", "--date", "2020-06-01"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  // cp, not a descriptor of this process: closing one would drop `window`'s locks.
  const std::string copy = dir.file("plain-copy.planmap");
  ASSERT_EQ(testutil::run("/usr/bin/cp", {project, copy}).exitCode, 0);
  EXPECT_EQ(data::openProject(copy)->allEvents().size(), before + 1);
}

TEST_F(CliSafetyTest, EveryCommandRefusesAStrayArgument)
{
  const std::string toilet = plannedToilet(project);
  const std::string out = dir.file("out");
  const std::vector<std::vector<std::string>> commands{
      {"sample", out, "extra"},
      {"status", project, "extra"},
      {"features", project, "extra", "--layer", "rivers"},
      {"validate", project, "extra"},
      {"history", project, "extra", "--feature", toilet},
      {"mark", project, "extra", "--user", "engineer1", "--feature", toilet, "--status", "in_progress"},
      {"users", project, "list", "extra"},
      {"users", project, "add", "someone", "extra", "--role", "engineer", "--user", "planner1"},
      {"measure", project, "extra", "--target", "food_safety_pass", "--value", "98", "--date", "2020-06-01",
       "--user", "planner1"},
      {"render", project, "extra", "--out", out + ".png"},
      {"import", project, out + ".geojson", "extra", "--layer", "rivers", "--user", "planner1"},
      {"export", project, "extra", "--layer", "rivers", "--out", out + ".geojson"},
      {"backup", project, out + ".planmap", "extra"},
      {"track", project, out + ".gpx", "extra", "--user", "engineer1"},
      {"report", project, "extra", "--out", out + ".pdf"},
      {"export-table", project, "extra", "--table", "targets", "--out", out + ".csv"},
      {"server", "init", "postgresql://nobody@127.0.0.1:1/none", "extra"},
      {"checkout", "postgresql://nobody@127.0.0.1:1/none", "extra", "--area", "x", "--out", out + ".sqlite",
       "--user", "engineer1"},
      {"sync", project, "extra"},
      {"generate", out, "extra", "--rivers", "1"},
  };
  const std::size_t users = data::openProject(project)->users().size();
  for (const auto &c : commands)
    expectRefused(c, "unexpected argument 'extra'", 2);
  EXPECT_EQ(data::openProject(project)->users().size(), users);
  for (const auto &e : fs::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename().string().rfind("out", 0), std::string::npos) << e.path();
}

TEST_F(CliSafetyTest, NumbersAreReadStrictly)
{
  auto store = data::openProject(project);
  std::string river;
  for (const auto &f : store->features("rivers"))
    if (f.status == data::Status::Planned && f.lengthM > 200) river = std::to_string(f.id);
  store.reset();
  ASSERT_FALSE(river.empty());
  auto stretch = [&](const std::string &from, const std::string &to) {
    return std::vector<std::string>{"mark", project,    "--user",    "engineer1", "--feature",
                                    river,  "--status", "completed", "--from",    from,
                                    "--to", to,         "--date",    "2020-06-01"};
  };
  for (const auto &bad : {"0x10", "inf", "nan", " 5", "5 ", "1e400", "1,5", "", "+-1", "1e", ".", "0x1p3"})
    expectRefused(stretch(bad, "100"), "--from expects a number", 2);
  expectRefused(stretch("-1", "100"), "--from expects a number from 0 to", 2);
  expectRefused(stretch("0", "1e-300"), "--to must be at least 1 mm beyond --from", 2);
  expectRefused(stretch("0", "4.9e-324"), "--to expects a number", 2);
  expectRefused(stretch("10", "10.0004"), "at least 1 mm", 2);
  expectRefused(stretch("0", "1e308"), "--to expects a number from 0 to 10000000", 2);
  expectRefused({"render", project, "--out", dir.file("m.png"), "--width", "0x100"}, "--width expects", 2);
  expectRefused({"render", project, "--out", dir.file("m.png"), "--bbox", "0x79,30,122,31.5"}, "--bbox", 2);
  expectRefused({"sample", dir.file("s.planmap"), "--seed", "-1"}, "--seed expects", 2);
  expectRefused({"sample", dir.file("s.planmap"), "--seed", "1.5"}, "--seed expects a whole number", 2);
  expectRefused({"track", project, dir.file("t.gpx"), "--user", "engineer1", "--distance", "nan"},
                "--distance expects", 2);
  // Plain decimal and exponent forms still read.
  auto r = runCli(stretch("1e1", "+20.5"));
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("done 10.0–20.5 m"), std::string::npos) << r.out;
}

TEST_F(CliSafetyTest, MeasureWantsItsDate)
{
  expectRefused({"measure", project, "--target", "food_safety_pass", "--value", "98", "--user", "planner1"},
                "missing required option --date", 2);
}

// A huge number in the store (put there by SQL) is printed whole, never cut to a buffer's size.
TEST_F(CliSafetyTest, HugeNumbersArePrintedWhole)
{
  {
    auto store = data::SpatiaLiteStore::open(project);
    store->database().exec(
        "INSERT INTO measurement(uuid, target_id, value, date, user_name, note, recorded_at) "
        "VALUES('huge', 'food_safety_pass', 1e308, '2099-12-31', 'planner1', '', "
        "'2020-01-01T00:00:00.000Z')");
  }
  auto r = runCli({"status", project, "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  QJsonParseError err;
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(r.out), &err);
  ASSERT_EQ(err.error, QJsonParseError::NoError) << r.out.substr(0, 300);
  bool seen = false;
  for (const auto &t : doc.object()["targets"].toArray())
    if (t.toObject()["id"].toString() == "food_safety_pass") {
      seen = true;
      EXPECT_EQ(t.toObject()["value"].toDouble(), 1e308);
    }
  EXPECT_TRUE(seen);
  auto text = runCli({"status", project});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.out.find("1e+308"), std::string::npos);
  // A table for spreadsheets has every digit (309 of them before the point).
  const std::string csv = dir.file("targets.csv");
  ASSERT_EQ(
      runCli({"export-table", project, "--table", "targets", "--out", csv, "--as-of", "2099-12-31"}).exitCode,
      0);
  EXPECT_TRUE(std::regex_search(readAll(csv), std::regex("(^|[^0-9])1[0-9]{308}([^0-9]|$)")));
}

TEST_F(CliSafetyTest, UnknownCommandIsOneLineWithAHint)
{
  auto r = runCli({"stauts", project});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_EQ(r.err, "planmap-cli: unknown command 'stauts' (planmap-cli --help lists the commands)\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(CliSafetyTest, EveryCommandHasHelp)
{
  auto all = runCli({"--help"});
  ASSERT_EQ(all.exitCode, 0);
  std::vector<std::string> names;
  std::istringstream lines(all.out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("  planmap-cli ", 0) == 0) {
      const std::string name = line.substr(14, line.find(' ', 14) - 14);
      if (names.empty() || names.back() != name) names.push_back(name);
    }
  ASSERT_GE(names.size(), 19u) << all.out;
  for (const auto &name : names)
    for (const std::vector<std::string> &args :
         {std::vector<std::string>{name, "--help"}, {name, "-h"}, {name, project, "--help"}}) {
      auto r = runCli(args);
      EXPECT_EQ(r.exitCode, 0) << name << ": " << r.err;
      EXPECT_EQ(r.out.rfind("usage: planmap-cli " + name + " ", 0), 0u) << name << ": " << r.out;
      EXPECT_EQ(r.err, "") << name;
    }
  // A note that happens to read "--help" is a note.
  auto r = runCli({"mark", project, "--user", "engineer1", "--feature", plannedToilet(project), "--status",
                   "in_progress", "--date", "2020-06-01", "--note", "--help"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
}

TEST_F(CliSafetyTest, KmlCoordinatesThatAreNotNumbersAreRefused)
{
  const std::string kml = dir.file("rivers.kml");
  writeText(kml, R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>rivers</name>
<Placemark><name>Good river</name><LineString><coordinates>121.500,31.050 121.510,31.055</coordinates></LineString></Placemark>
<Placemark><name>Bad river</name><LineString><coordinates>121.500,31.060 abc,def</coordinates></LineString></Placemark>
</Document></kml>
)");
  const std::size_t layers = data::openProject(project)->layers().size();
  auto r = runCli({"import", project, kml, "--new-layer", "kml_rivers", "--user", "planner1"});
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("feature 2 (Bad river): coordinates: 'abc' is not a number"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("Good river"), std::string::npos) << r.out;
  EXPECT_EQ(lineCount(r.err), 1u) << r.err;
  EXPECT_EQ(data::openProject(project)->layers().size(), layers);
}
