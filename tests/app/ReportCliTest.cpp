// planmap-cli report and export-table as a user runs them: the real binary on the sample town.
#include "tests/common/SampleFixture.h"
#include "tests/common/TestUtil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <gtest/gtest.h>

#include <cstdlib>
#include <sys/stat.h>

#include <filesystem>
#include <sstream>

using testutil::runCli;

namespace {

std::vector<std::string> csvLine(const std::string &line)
{
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      out.push_back(field), field.clear();
    else if (c != '\r')
      field += c;
  }
  out.push_back(field);
  return out;
}

} // namespace

TEST(ReportCli, ReportWritesASearchablePdf)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  const std::string before = testutil::readFile(project);
  const std::string pdf = dir.file("report.pdf");
  // As under cron or CI: no session runtime folder. Qt's warning about it must not reach stderr.
  ::unsetenv("XDG_RUNTIME_DIR");
  const auto r = runCli({"report", project, "--out", pdf, "--as-of", "2020-09-30", "--lang", "en"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err, "") << "stderr is for PlanMap's own messages";
  EXPECT_NE(r.out.find("as of 2020-09-30"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SYNTHETIC"), std::string::npos) << r.out;
  const auto text = testutil::run("/usr/bin/pdftotext", {pdf, "-"});
  ASSERT_EQ(text.exitCode, 0);
  EXPECT_NE(text.out.find("Progress report"), std::string::npos);
  EXPECT_NE(text.out.find("2020-09-30"), std::string::npos);
  EXPECT_EQ(testutil::readFile(project), before) << "a report must not change the project";
}

// Radicals (U+2E80–U+2FDF) in extracted text: Qt's PDF engine maps a glyph back to the first code
// point of the font that has it, so 行 came out as ⾏ and searching for 行动计划 failed.
std::size_t radicalsIn(const std::string &utf8)
{
  std::size_t n = 0;
  for (const char32_t c : QString::fromStdString(utf8).toStdU32String())
    n += c >= 0x2E80 && c <= 0x2FDF;
  return n;
}

TEST(ReportCli, ChineseTextOfTheReportAndTheMapCanBeFoundAndCopied)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  const std::string pdf = dir.file("report.pdf");
  ASSERT_EQ(runCli({"report", project, "--out", pdf, "--lang", "zh"}).exitCode, 0);
  const auto text = testutil::run("/usr/bin/pdftotext", {pdf, "-"});
  ASSERT_EQ(text.exitCode, 0);
  EXPECT_NE(text.out.find("行动计划"), std::string::npos);
  EXPECT_NE(text.out.find("敬老院"), std::string::npos);
  EXPECT_NE(text.out.find("社区长者"), std::string::npos);
  EXPECT_EQ(radicalsIn(text.out), 0u);

  const std::string map = dir.file("map.pdf");
  ASSERT_EQ(runCli({"render", project, "--out", map}).exitCode, 0);
  const auto mapText = testutil::run("/usr/bin/pdftotext", {map, "-"});
  ASSERT_EQ(mapText.exitCode, 0);
  EXPECT_NE(mapText.out.find("黄浦江"), std::string::npos);
  EXPECT_NE(mapText.out.find("长浜村"), std::string::npos);
  EXPECT_EQ(radicalsIn(mapText.out), 0u);
}

TEST(ReportCli, TablesAreReadableByEveryoneLikeTheCsv)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  const mode_t old = ::umask(022);
  for (const char *name : {"t.csv", "t.xlsx", "t.xlsx"}) { // the second XLSX replaces the first
    ASSERT_EQ(runCli({"export-table", project, "--table", "targets", "--out", dir.file(name), "--overwrite"})
                  .exitCode,
              0);
    struct stat st
    {
    };
    ASSERT_EQ(::stat(dir.file(name).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0644u) << name;
  }
  ::umask(old);
  EXPECT_EQ(
      std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()),
      3)
      << "no temporary file left beside the tables";
}

TEST(ReportCli, ExportedTargetsAgreeWithStatusJson)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  for (const std::string date : {"2020-06-30", "2020-09-15", "2020-11-30"}) {
    SCOPED_TRACE(date);
    const std::string csv = dir.file("targets-" + date + ".csv");
    const auto r = runCli({"export-table", project, "--table", "targets", "--out", csv, "--as-of", date});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto status = runCli({"status", project, "--as-of", date, "--json"});
    ASSERT_EQ(status.exitCode, 0) << status.err;
    const QJsonArray targets =
        QJsonDocument::fromJson(QByteArray::fromStdString(status.out)).object()["targets"].toArray();
    std::istringstream in(testutil::readFile(csv).substr(3));
    std::string line;
    std::getline(in, line); // header
    for (const auto &v : targets) {
      const QJsonObject t = v.toObject();
      ASSERT_TRUE(std::getline(in, line));
      const auto fields = csvLine(line);
      EXPECT_EQ(fields[0], t["id"].toString().toStdString());
      if (t["value"].isNull()) continue;
      EXPECT_NEAR(std::stod(fields[4]), t["value"].toDouble(), 1e-5) << line;
      EXPECT_NEAR(std::stod(fields[6]), t["percent"].toDouble(), 0.006) << line;
    }
  }
  const std::string xlsx = dir.file("villages.xlsx");
  const auto r = runCli({"export-table", project, "--table", "villages", "--out", xlsx, "--lang", "en"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(testutil::readFile(xlsx).substr(0, 2), "PK");
}

TEST(ReportCli, BadInputFailsWithOneLineAndWritesNothing)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  struct Case
  {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases{
      {{"export-table", project, "--table", "roads", "--out", dir.file("t.csv")}, "--table"},
      {{"export-table", project, "--table", "targets", "--out", dir.file("t.txt")}, ".csv or .xlsx"},
      {{"export-table", project, "--table", "targets", "--out", dir.file("t.csv"), "--as-of", "2020-02-30"},
       "--as-of"},
      {{"report", project, "--out", dir.file("r.pdf"), "--lang", "fr"}, "--lang"},
      {{"report", project, "--out", dir.file("r.docx")}, ".pdf"},
      {{"report", dir.file("nothing.planmap"), "--out", dir.file("r.pdf")}, "nothing.planmap"},
      {{"report", project, "--out", dir.file("no/folder/r.pdf")}, "r.pdf"},
  };
  for (const auto &c : cases) {
    const auto r = runCli(c.args);
    SCOPED_TRACE(c.args[0] + " " + c.says);
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    // One line of ours (Qt may add its own start-up notes for the drawing commands).
    int ours = 0;
    std::istringstream lines(r.err);
    for (std::string line; std::getline(lines, line);)
      ours += line.rfind("planmap-cli ", 0) == 0 ? 1 : 0;
    EXPECT_EQ(ours, 1) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("t.csv")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("r.pdf")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("no")));
}
