#pragma once

#include "layers/render/MapData.h"
#include "layers/render/MapSettings.h"

#include <memory>
#include <string>

namespace layers {

// Writes a map to a PNG (raster at the settings' size and dpi), SVG or PDF (vector, text as
// text) file chosen by the file's suffix. The file is written whole or not at all (QSaveFile).
class MapExporter
{
public:
  enum class Format { Png, Svg, Pdf };
  // Throws std::runtime_error naming the file for an unknown suffix ("map.bmp: unsupported
  // format, use .png, .svg or .pdf") or a write failure.
  static Format formatFor(const std::string &path);
  static void exportMap(std::shared_ptr<const MapData> data, const MapSettings &settings,
                        const std::string &path);
};

} // namespace layers
