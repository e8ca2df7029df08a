// The PDF report read back as text with pdftotext: the cover says what it is, and the target
// table's numbers are the roll-up's, at three dates.
#include "layers/report/Report.h"

#include "tests/common/SampleFixture.h"
#include "tests/common/TestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

using namespace layers;

namespace {

struct Sample
{
  testutil::TempDir dir;
  std::string path = testutil::sampleProjectCopy(dir);
  std::unique_ptr<data::Store> store = data::openProject(path);
  Plan plan = Plan::fromJson(store->plan()->json, path);
};

std::string pdfText(const std::string &pdf)
{
  const auto r = testutil::run("/usr/bin/pdftotext", {"-layout", pdf, "-"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return r.out;
}

std::vector<std::string> lines(const std::string &text)
{
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

std::vector<std::string> words(const std::string &line)
{
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

} // namespace

TEST(Report, TargetTableAgreesWithTheRollupAtThreeDates)
{
  Sample s;
  for (const std::string date : {"2020-06-30", "2020-09-15", "2020-11-30"}) {
    SCOPED_TRACE(date);
    const std::string pdf = s.dir.file("report-" + date + ".pdf");
    writeReport(*s.store, s.plan, pdf, {date, false});
    const std::string text = pdfText(pdf);
    EXPECT_NE(text.find("as of " + date), std::string::npos);
    EXPECT_NE(text.find(s.plan.docNumber), std::string::npos);
    EXPECT_NE(text.find("synthetic sample data"), std::string::npos);
    EXPECT_NE(text.find("Overview map"), std::string::npos);
    EXPECT_NE(text.find("Share done by village"), std::string::npos);

    // The target table runs from its heading to its note; row i starts with its number i+1.
    const auto all = lines(text);
    std::size_t begin = 0, end = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (!begin && all[i].find("Targets") != std::string::npos &&
          all[i].find("Targets:") == std::string::npos)
        begin = i;
      if (begin && all[i].find("Schedule: against") != std::string::npos) {
        end = i;
        break;
      }
    }
    ASSERT_LT(begin, end) << "no target table found";
    const Rollup fresh = computeRollup(*s.store, s.plan, date);
    for (std::size_t t = 0; t < s.plan.targets.size(); ++t) {
      const Target &target = s.plan.targets[t];
      const TargetProgress &p = fresh.targets[t];
      SCOPED_TRACE(target.id);
      const std::string value =
          !target.isLocated() && !p.latest ? "—" : formatNumber(p.value, valueDecimals(target));
      const std::string percent = formatNumber(p.percent, 1);
      bool found = false;
      for (std::size_t i = begin; i < end && !found; ++i) {
        const auto w = words(all[i]);
        if (w.empty() || w[0] != std::to_string(t + 1)) continue;
        found = true;
        EXPECT_NE(std::find(w.begin(), w.end(), value), w.end()) << all[i] << "\nwanted value " << value;
        EXPECT_NE(std::find(w.begin(), w.end(), percent), w.end())
            << all[i] << "\nwanted percent " << percent;
      }
      EXPECT_TRUE(found) << "row " << t + 1;
    }
  }
}

TEST(Report, ChineseReportKeepsChineseText)
{
  Sample s;
  const std::string pdf = s.dir.file("report-zh.pdf");
  const ReportData data = writeReport(*s.store, s.plan, pdf, {"2020-10-01", true});
  EXPECT_EQ(data.asOf, "2020-10-01");
  const std::string text = pdfText(pdf);
  // Words without the glyphs that come back as Kangxi radicals (NOTES.md).
  for (const std::string word : {"合成", "例数据", "总览图", "完成情况", "浦江镇", "滞后", "2020-10-01"})
    EXPECT_NE(text.find(word), std::string::npos) << word;
  EXPECT_NE(text.find(s.plan.docNumber), std::string::npos);
  const auto info = testutil::run("/usr/bin/pdfinfo", {pdf});
  EXPECT_NE(info.out.find("A4"), std::string::npos) << info.out;
}

TEST(Report, UnwritablePathFailsAndWritesNothing)
{
  Sample s;
  const std::string pdf = s.dir.file("missing/folder/report.pdf");
  try {
    writeReport(*s.store, s.plan, pdf, {"2020-10-01", true});
    FAIL() << "expected an error";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find(pdf), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(s.dir.file("missing")));
}
