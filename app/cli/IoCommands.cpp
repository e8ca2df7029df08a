// planmap-cli import | export | backup
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "data/io/Exporter.h"
#include "data/io/Importer.h"
#include "data/store/Backup.h"

#include <iostream>

namespace app::cli {

namespace {

int cmdImport(const Args &args)
{
  args.allowOnly({"--layer", "--new-layer", "--source-layer", "--crs", "--from-gcj02", "--from-bd09",
                  "--encoding", "--map", "--dry-run", "--user"},
                 2);
  const std::string project = args.positional(0, "PROJECT");
  const std::string file = args.positional(1, "FILE (the vector file to import)");

  data::ImportOptions o;
  o.file = file;
  o.user = args.required("--user");
  // --new-layer NAME creates layer NAME; with --layer too, --layer is the id and NAME its title.
  if (auto name = args.value("--new-layer")) {
    if (name->empty()) throw UsageError("--new-layer needs a name");
    o.newLayer = true;
    o.layer = args.value("--layer").value_or(*name);
    o.newLayerName = *name;
  } else {
    o.layer = args.required("--layer");
  }
  o.sourceLayer = args.value("--source-layer").value_or("");
  o.crs = args.value("--crs").value_or("");
  if (args.has("--from-gcj02") && args.has("--from-bd09"))
    throw UsageError("give --from-gcj02 or --from-bd09, not both");
  if (args.has("--from-gcj02")) o.offset = data::ChinaOffset::Gcj02;
  if (args.has("--from-bd09")) o.offset = data::ChinaOffset::Bd09;
  o.encoding = args.value("--encoding").value_or("");
  for (const auto &m : args.values("--map")) {
    const auto eq = m.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("--map wants SRC=DST, got '" + m + "'");
    o.fieldMap.emplace_back(m.substr(0, eq), m.substr(eq + 1));
  }
  o.dryRun = args.has("--dry-run");

  auto store = data::openProject(project);
  data::Importer importer(*store);
  const data::ImportReport report = importer.run(o);
  std::cout << report.text();
  if (report.blocked()) {
    std::cerr << "planmap-cli import: " << file << ": nothing imported: " << report.blockingCount()
              << " feature(s) with errors (listed above)\n";
    return 1;
  }
  return 0;
}

int cmdExport(const Args &args)
{
  args.allowOnly({"--layer", "--all", "--out", "--format", "--crs", "--as-of", "--overwrite"}, 1);
  const std::string project = args.positional(0, "PROJECT");
  data::ExportOptions o;
  o.out = args.required("--out");
  o.project = project;
  o.replace = overwriteOption(args);
  o.layers = args.values("--layer");
  if (args.has("--all") == !o.layers.empty()) throw UsageError("give --layer LAYER (repeatable) or --all");
  o.format = args.value("--format").value_or("");
  o.crs = args.value("--crs").value_or("");
  if (auto d = args.value("--as-of")) o.asOf = checkedDate(*d, "--as-of");

  auto store = data::openProject(project);
  const data::ExportResult r = data::Exporter(*store).run(o);
  for (const auto &n : r.notes)
    std::cout << "note: " << n << "\n";
  std::cout << "exported " << r.features << " feature(s) as " << r.format;
  if (!o.asOf.empty()) std::cout << " (status as of " << o.asOf << ")";
  std::cout << ":";
  for (const auto &f : r.files)
    std::cout << " " << f;
  std::cout << "\n";
  if (const std::string notice = syntheticNotice(*store); !notice.empty()) std::cout << notice << "\n";
  return 0;
}

int cmdBackup(const Args &args)
{
  args.allowOnly({"--overwrite"}, 2);
  const std::string project = args.positional(0, "PROJECT");
  const std::string out = args.positional(1, "OUT (the copy to write)");
  const data::Replace replace = args.has("--overwrite") ? data::Replace::FileOrDatabase : data::Replace::No;
  data::checkOutput(project, out, replace); // before opening: a refused copy reads nothing
  auto store = data::openProject(project);
  const data::BackupResult r = data::backupProject(*store, out, replace);
  std::cout << "copied " << project << " to " << out << " (" << r.bytes
            << " bytes, one consistent snapshot)\n";
  return 0;
}

} // namespace

std::vector<Command> ioCommands()
{
  return {
      {"import",
       "import PROJECT FILE --layer LAYER [--new-layer NAME] [--source-layer L] [--crs EPSG:N] "
       "[--from-gcj02|--from-bd09] "
       "[--encoding E] [--map SRC=DST ...] [--dry-run] --user NAME",
       {"--from-gcj02", "--from-bd09", "--dry-run"},
       cmdImport},
      {"export",
       "export PROJECT --layer LAYER|--all --out FILE [--format GPKG|Shapefile|GeoJSON|KML|CSV|DXF] [--crs "
       "EPSG:N] "
       "[--as-of YYYY-MM-DD] [--overwrite]",
       {"--all", "--overwrite"},
       cmdExport},
      {"backup", "backup PROJECT OUT [--overwrite]", {"--overwrite"}, cmdBackup},
  };
}

} // namespace app::cli
