// Target and village tables to CSV (UTF-8 with BOM) and XLSX, read back and compared with the
// roll-up they were made from.
#include "layers/report/TableExport.h"
#include "layers/report/ReportData.h"

#include "tests/common/SampleFixture.h"
#include "tests/common/TestUtil.h"

#include <QFile>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

using namespace layers;

namespace {

std::vector<std::vector<std::string>> parseCsv(const std::string &text)
{
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field), field.clear();
    } else if (c == '\r') {
    } else if (c == '\n') {
      rows.back().push_back(field), field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// A cell grid read from an XLSX sheet: numbers as their text, shared strings resolved.
std::map<std::pair<int, int>, std::string> readXlsx(const std::string &path, int sheet = 1)
{
  const auto strings = testutil::run("/usr/bin/unzip", {"-p", path, "xl/sharedStrings.xml"});
  std::vector<std::string> shared;
  QXmlStreamReader sx(QByteArray::fromStdString(strings.out));
  while (!sx.atEnd())
    if (sx.readNext() == QXmlStreamReader::StartElement && sx.name() == QStringLiteral("t"))
      shared.push_back(sx.readElementText().toStdString());

  const auto xml =
      testutil::run("/usr/bin/unzip", {"-p", path, "xl/worksheets/sheet" + std::to_string(sheet) + ".xml"});
  EXPECT_EQ(xml.exitCode, 0) << xml.err;
  std::map<std::pair<int, int>, std::string> cells;
  QXmlStreamReader x(QByteArray::fromStdString(xml.out));
  QString ref, type;
  while (!x.atEnd()) {
    x.readNext();
    if (x.isStartElement() && x.name() == QStringLiteral("c")) {
      ref = x.attributes().value("r").toString();
      type = x.attributes().value("t").toString();
    } else if (x.isStartElement() && x.name() == QStringLiteral("v")) {
      const QString v = x.readElementText();
      int col = 0, i = 0;
      while (i < ref.size() && ref[i].isLetter())
        col = col * 26 + (ref[i++].unicode() - 'A' + 1);
      const int row = ref.mid(i).toInt();
      cells[{row - 1, col - 1}] =
          type == "s" ? shared.at(static_cast<std::size_t>(v.toInt())) : v.toStdString();
    }
  }
  return cells;
}

struct Sample
{
  testutil::TempDir dir;
  std::string path = testutil::sampleProjectCopy(dir);
  std::unique_ptr<data::Store> store = data::openProject(path);
  Plan plan = Plan::fromJson(store->plan()->json, path);
};

constexpr int kValueColumn = 4, kPercentColumn = 6, kDoneColumn = 7;

} // namespace

TEST(TableExport, TargetsCsvHasBomAndTheRollupValues)
{
  Sample s;
  for (const std::string date : {"2020-06-30", "2020-09-15", "2020-11-30"}) {
    const ReportData data = collectReportData(*s.store, s.plan, date);
    const std::string out = s.dir.file("targets-" + date + ".csv");
    writeCsv(targetTable(s.plan, data, true), out);
    const std::string text = testutil::readFile(out);
    ASSERT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
    const auto rows = parseCsv(text.substr(3));
    ASSERT_EQ(rows.size(), s.plan.targets.size() + 1);
    EXPECT_EQ(rows[0][2], "目标");
    const Rollup fresh = computeRollup(*s.store, s.plan, date);
    for (std::size_t i = 0; i < s.plan.targets.size(); ++i) {
      const auto &row = rows[i + 1];
      const auto &t = s.plan.targets[i];
      const auto &p = fresh.targets[i];
      SCOPED_TRACE(t.id + " as of " + date);
      ASSERT_EQ(row.size(), rows[0].size());
      EXPECT_EQ(row[0], t.id);
      EXPECT_EQ(row[2], t.nameZh);
      if (!t.isLocated() && !p.latest) {
        EXPECT_EQ(row[kValueColumn], "—");
        continue;
      }
      EXPECT_NEAR(std::stod(row[kValueColumn]), p.value, 1e-6);
      EXPECT_NEAR(std::stod(row[kPercentColumn]), p.percent, 1e-6);
      if (t.isLocated()) {
        EXPECT_EQ(std::stoi(row[kDoneColumn]), p.featuresDone);
      }
    }
  }
}

TEST(TableExport, XlsxReadsBackWithNumbersAsNumbers)
{
  Sample s;
  const std::string date = "2020-09-15";
  const ReportData data = collectReportData(*s.store, s.plan, date);
  const std::string out = s.dir.file("targets.xlsx");
  exportTable(targetTable(s.plan, data, false), out, "targets", {"title", {"as of " + date}});
  const auto cells = readXlsx(out);
  EXPECT_EQ(cells.at({0, 0}), "ID");
  const Rollup fresh = computeRollup(*s.store, s.plan, date);
  for (std::size_t i = 0; i < s.plan.targets.size(); ++i) {
    const int row = static_cast<int>(i) + 1;
    const auto &t = s.plan.targets[i];
    SCOPED_TRACE(t.id);
    EXPECT_EQ(cells.at({row, 0}), t.id);
    EXPECT_EQ(cells.at({row, 2}), t.nameEn);
    if (!t.isLocated() && !fresh.targets[i].latest) continue;
    EXPECT_NEAR(std::stod(cells.at({row, kValueColumn})), fresh.targets[i].value, 1e-9);
    EXPECT_NEAR(std::stod(cells.at({row, kPercentColumn})), fresh.targets[i].percent, 1e-9);
  }
  const auto about = readXlsx(out, 2);
  EXPECT_EQ(about.at({1, 0}), "as of " + date);
}

TEST(TableExport, VillageTableRowsAddUpToTheTownRow)
{
  Sample s;
  const ReportData data = collectReportData(*s.store, s.plan, "2020-10-01");
  const ReportTable t = villageTable(s.plan, data, true);
  ASSERT_EQ(t.rows.size(), data.rollup.villages.size() + 1);
  const auto &town = t.rows.back();
  EXPECT_EQ(town[0].text, "全镇");
  for (std::size_t c = 1; c < t.header.size(); ++c) {
    double sum = 0;
    for (std::size_t r = 0; r + 1 < t.rows.size(); ++r)
      sum += t.rows[r][c].number.value_or(0);
    ASSERT_TRUE(town[c].number) << t.header[c];
    EXPECT_NEAR(sum, *town[c].number, 1e-6 * std::max(1.0, *town[c].number)) << t.header[c];
  }
  const std::string out = s.dir.file("villages.xlsx");
  exportTable(t, out, "villages", {"title", {}});
  const auto cells = readXlsx(out);
  EXPECT_EQ(cells.at({static_cast<int>(t.rows.size()), 0}), "全镇");
  EXPECT_EQ(cells.at({1, 0}), data.rollup.villages.front().villageName);
}

TEST(TableExport, BadTargetsFailWithoutLeavingAFile)
{
  Sample s;
  auto listing = [&] {
    std::vector<std::string> names;
    for (const auto &e : std::filesystem::directory_iterator(s.dir.path()))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  };
  const auto before = listing();
  const ReportTable t{{"a", "b"}, {{{"x", {}}, {"1", 1.0}}}};
  EXPECT_THROW(exportTable(t, s.dir.file("table.ods"), "t", {}), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(s.dir.file("table.ods")));
  const std::string missing = s.dir.file("no/such/folder/table.xlsx");
  try {
    exportTable(t, missing, "t", {});
    FAIL() << "expected an error";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  EXPECT_THROW(exportTable(t, s.dir.file("no/such/folder/table.csv"), "t", {}), std::runtime_error);
  EXPECT_EQ(listing(), before);
}
