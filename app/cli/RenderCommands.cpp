// planmap-cli render: the map as PNG, SVG or PDF through the same renderer as the desktop program.
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "data/store/OutputPath.h"
#include "data/store/Store.h"
#include "gis/Crs.h"
#include "layers/render/MapData.h"
#include "layers/render/MapExporter.h"
#include "layers/render/MapSettings.h"

#include <cmath>
#include <iostream>
#include <sstream>

namespace app::cli {

namespace {

constexpr int kMaxPixels = 20000;

int pixels(const Args &args, const std::string &opt, int fallback)
{
  const std::optional<double> v = args.number(opt);
  if (!v) return fallback;
  if (*v < 16 || *v > kMaxPixels || std::floor(*v) != *v)
    throw UsageError(opt + " expects a whole number of pixels from 16 to " + std::to_string(kMaxPixels));
  return static_cast<int>(*v);
}

// The projected envelope of a lon/lat box: corners and edge midpoints, as the GK grid curves.
gis::Envelope projected(const gis::Envelope &ll, int epsg)
{
  const gis::Transform tr(gis::kWgs84, epsg);
  gis::Envelope out;
  for (int i = 0; i <= 4; ++i)
    for (int j = 0; j <= 4; ++j)
      out.expand(tr.forward(gis::Point{ll.minX + ll.width() * i / 4, ll.minY + ll.height() * j / 4}));
  return out;
}

int runRender(const Args &args)
{
  args.allowOnly({"--out", "--width", "--height", "--bbox", "--as-of", "--dpi", "--title", "--theme",
                  "--legend", "--no-labels", "--lang", "--overwrite"},
                 1);
  const std::string path = args.positional(0, "PROJECT");
  const std::string out = args.required("--out");
  layers::MapExporter::formatFor(out); // fail on a bad suffix before reading the project
  data::checkOutput(path, out, overwriteOption(args));
  const std::string asOf =
      args.value("--as-of") ? checkedDate(*args.value("--as-of"), "--as-of") : std::string();

  layers::MapSettings settings;
  settings.size = QSize(pixels(args, "--width", 1600), pixels(args, "--height", 1200));
  if (const auto dpi = args.number("--dpi", 36, 1200)) settings.dpi = *dpi;
  if (const auto theme = args.value("--theme")) {
    if (*theme == "water-quality")
      settings.theme = layers::Theme::WaterQuality;
    else if (*theme != "status")
      throw UsageError("--theme expects status or water-quality, got '" + *theme + "'");
  }
  const std::string lang = args.value("--lang").value_or("zh");
  if (lang != "zh" && lang != "en") throw UsageError("--lang expects zh or en, got '" + lang + "'");
  settings.chinese = lang == "zh";
  settings.labels = !args.has("--no-labels");
  settings.legend = args.has("--legend");
  const std::optional<gis::Envelope> bbox =
      args.value("--bbox") ? std::optional(lonLatBox(*args.value("--bbox"), "--bbox")) : std::nullopt;

  const std::unique_ptr<data::Store> store = data::openProject(path);
  const std::shared_ptr<const layers::MapData> map = layers::MapData::fromStore(*store, asOf);
  if (map->featureCount() == 0) throw std::runtime_error(path + ": the project has no features to draw");
  if (bbox) {
    settings.extent = projected(*bbox, map->epsg());
  } else {
    const gis::Envelope e = map->extent();
    const double m = std::max(e.width(), e.height()) * 0.03;
    settings.extent = gis::Envelope{e.minX - m, e.minY - m, e.maxX + m, e.maxY + m};
  }
  if (const auto title = args.value("--title")) settings.title = QString::fromStdString(*title);
  if (!settings.title.isEmpty()) settings.dateText = QString::fromStdString(asOf.empty() ? today() : asOf);

  layers::MapExporter::exportMap(map, settings, out);
  std::cout << "wrote " << out << " (" << settings.size.width() << "x" << settings.size.height() << " px, "
            << map->featureCount() << " features, scale 1:" << std::lround(settings.scale()) << ")\n";
  if (const std::string notice = syntheticNotice(*store); !notice.empty()) std::cout << notice << "\n";
  return 0;
}

} // namespace

std::vector<Command> renderCommands()
{
  return {
      {"render",
       "render PROJECT --out FILE.png|.svg|.pdf [--width W --height H] [--bbox minlon,minlat,maxlon,maxlat] "
       "[--as-of YYYY-MM-DD] [--dpi D] [--theme status|water-quality] [--title TEXT] [--legend] "
       "[--no-labels] "
       "[--lang zh|en] [--overwrite]",
       {"--legend", "--no-labels", "--overwrite"},
       runRender}};
}

} // namespace app::cli
