#include "layers/render/MapExporter.h"

#include "layers/render/MapRenderer.h"
#include "layers/render/PdfText.h"
#include "layers/render/PngWriter.h"
#include "layers/render/SaveFile.h"
#include "layers/render/Symbology.h"

#include <QBuffer>
#include <QFileInfo>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <stdexcept>

namespace layers {

MapExporter::Format MapExporter::formatFor(const std::string &path)
{
  const QString suffix = QFileInfo(QString::fromStdString(path)).suffix().toLower();
  if (suffix == QLatin1String("png")) return Format::Png;
  if (suffix == QLatin1String("svg")) return Format::Svg;
  if (suffix == QLatin1String("pdf")) return Format::Pdf;
  throw std::runtime_error(path + ": unsupported format, use .png, .svg or .pdf");
}

void MapExporter::exportMap(std::shared_ptr<const MapData> data, const MapSettings &settings,
                            const std::string &path)
{
  const Format format = formatFor(path);
  if (settings.size.isEmpty()) throw std::runtime_error(path + ": the map size must be positive");
  QSaveFile file(QString::fromStdString(path));
  if (!file.open(QIODevice::WriteOnly))
    throw std::runtime_error(path + ": cannot write: " + file.errorString().toStdString());
  const MapRenderer renderer(data, settings);
  switch (format) {
  case Format::Png: {
    // Encoded in memory first, then written through the save file (nothing left on a full disk).
    const QByteArray png = encodePng(renderer.renderImage());
    if (png.isEmpty()) throw std::runtime_error(path + ": could not encode the PNG image");
    file.write(png);
    break;
  }
  case Format::Svg: {
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(settings.size);
    svg.setViewBox(QRect(QPoint(0, 0), settings.size));
    svg.setResolution(static_cast<int>(settings.dpi));
    svg.setTitle(settings.title.isEmpty() ? QString::fromStdString(data->title) : settings.title);
    QPainter p(&svg);
    renderer.render(p);
    p.end();
    break;
  }
  case Format::Pdf: {
    QBuffer bytes;
    bytes.open(QIODevice::WriteOnly);
    {
      QPdfWriter pdf(&bytes);
      pdf.setResolution(static_cast<int>(settings.dpi));
      pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
      pdf.setPageSize(QPageSize(
          QSizeF(settings.size.width() * 72.0 / settings.dpi, settings.size.height() * 72.0 / settings.dpi),
          QPageSize::Point, QString(), QPageSize::ExactMatch));
      pdf.setTitle(settings.title.isEmpty() ? QString::fromStdString(data->title) : settings.title);
      pdf.setCreator(QStringLiteral("PlanMap"));
      QPainter p(&pdf);
      // The page may round to whole points; draw into the size the device really has.
      MapSettings page = settings;
      page.size = QSize(pdf.width(), pdf.height());
      MapRenderer(data, page).render(p);
      p.end();
    }
    const QByteArray repaired = repairPdfText(
        bytes.data(), {Symbology::font(9, settings.dpi), Symbology::font(9, settings.dpi, true)});
    if (file.write(repaired) < 0)
      throw std::runtime_error(path + ": cannot write: " + file.errorString().toStdString());
    break;
  }
  }
  commitSaveFile(file, path);
}

} // namespace layers
