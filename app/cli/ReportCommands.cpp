// planmap-cli report | export-table
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "layers/Report.h"
#include "layers/TableExport.h"

#include <QFileInfo>

#include <iostream>

namespace app::cli {

namespace {

std::string asOfOption(const Args &args)
{
  if (auto v = args.value("--as-of")) return checkedDate(*v, "--as-of");
  return {};
}

bool chineseOption(const Args &args)
{
  const std::string lang = args.value("--lang").value_or("zh");
  if (lang != "zh" && lang != "en") throw UsageError("--lang expects zh or en, got '" + lang + "'");
  return lang == "zh";
}

int cmdReport(const Args &args)
{
  args.allowOnly({"--out", "--as-of", "--lang", "--overwrite"}, 1);
  const std::string path = args.positional(0, "PROJECT");
  const std::string out = args.required("--out");
  const std::string asOf = asOfOption(args);
  layers::ReportOptions options;
  options.asOf = asOf;
  options.chinese = chineseOption(args);
  if (QFileInfo(QString::fromStdString(out)).suffix().toLower() != "pdf")
    throw UsageError("--out must name a .pdf file, got '" + out + "'");
  data::checkOutput(path, out, overwriteOption(args));
  auto p = openWithPlan(path);
  const layers::ReportData data = layers::writeReport(*p.store, p.plan, out, options);
  int done = 0, behind = 0, miss = 0;
  for (const auto &f : data.forecasts) {
    done += f.schedule == layers::Schedule::Done ? 1 : 0;
    behind += f.schedule == layers::Schedule::Behind ? 1 : 0;
    miss += f.willMiss ? 1 : 0;
  }
  std::cout << "wrote " << out << " (as of " << data.asOf << ", " << data.forecasts.size()
            << " targets: " << done << " done, " << behind << " behind, " << miss
            << " will miss the deadline)\n";
  if (auto notice = syntheticNotice(*p.store); !notice.empty()) std::cout << notice << "\n";
  return 0;
}

int cmdExportTable(const Args &args)
{
  args.allowOnly({"--table", "--out", "--as-of", "--lang", "--overwrite"}, 1);
  const std::string path = args.positional(0, "PROJECT");
  const std::string table = args.required("--table");
  if (table != "targets" && table != "villages")
    throw UsageError("--table expects targets or villages, got '" + table + "'");
  const std::string out = args.required("--out");
  const QString ext = QFileInfo(QString::fromStdString(out)).suffix().toLower();
  if (ext != "csv" && ext != "xlsx") throw UsageError("--out must end in .csv or .xlsx, got '" + out + "'");
  data::checkOutput(path, out, overwriteOption(args));
  const std::string asOf = asOfOption(args);
  const bool zh = chineseOption(args);
  auto p = openWithPlan(path);
  const layers::ReportData data = layers::collectReportData(*p.store, p.plan, asOf);
  const layers::ReportTable t =
      table == "targets" ? layers::targetTable(p.plan, data, zh) : layers::villageTable(p.plan, data, zh);
  layers::TableNotes notes;
  notes.title = zh ? p.plan.titleZh : p.plan.titleEn;
  notes.lines.push_back(p.plan.docNumber);
  notes.lines.push_back((zh ? "截至 " : "as of ") + data.asOf);
  if (data.synthetic) notes.lines.push_back("合成示例数据 / synthetic sample data");
  layers::exportTable(t, out, table, notes);
  std::cout << "wrote " << out << " (" << t.rows.size() << " rows, as of " << data.asOf << ")\n";
  if (auto notice = syntheticNotice(*p.store); !notice.empty()) std::cout << notice << "\n";
  return 0;
}

} // namespace

std::vector<Command> reportCommands()
{
  return {
      {"report",
       "report PROJECT --out report.pdf [--as-of YYYY-MM-DD] [--lang zh|en] [--overwrite]",
       {"--overwrite"},
       cmdReport},
      {"export-table",
       "export-table PROJECT --table targets|villages --out FILE.csv|.xlsx [--as-of YYYY-MM-DD] [--lang "
       "zh|en] [--overwrite]",
       {"--overwrite"},
       cmdExportTable},
  };
}

} // namespace app::cli
