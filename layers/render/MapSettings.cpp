#include "layers/render/MapSettings.h"

#include <algorithm>

namespace layers {

namespace {
constexpr double kMetresPerInch = 0.0254;
}

LayerStyle MapSettings::style(const std::string &layerId) const
{
  auto it = layerStyles.find(layerId);
  return it == layerStyles.end() ? LayerStyle{} : it->second;
}

gis::Envelope MapSettings::visibleExtent() const
{
  if (extent.isNull() || size.width() <= 0 || size.height() <= 0) return extent;
  const double w = std::max(extent.width(), 1e-9), h = std::max(extent.height(), 1e-9);
  const double upp = std::max(w / size.width(), h / size.height());
  const double cx = (extent.minX + extent.maxX) / 2, cy = (extent.minY + extent.maxY) / 2;
  const double hw = upp * size.width() / 2, hh = upp * size.height() / 2;
  return gis::Envelope{cx - hw, cy - hh, cx + hw, cy + hh};
}

double MapSettings::mapUnitsPerPixel() const
{
  if (size.width() <= 0) return 1;
  return visibleExtent().width() / size.width();
}

double MapSettings::scale() const
{
  return mapUnitsPerPixel() * dpi / kMetresPerInch;
}

void MapSettings::setScale(double newScale, const gis::Point &c)
{
  const double upp = newScale * kMetresPerInch / dpi;
  const double hw = upp * size.width() / 2, hh = upp * size.height() / 2;
  extent = gis::Envelope{c.x - hw, c.y - hh, c.x + hw, c.y + hh};
}

gis::Point MapSettings::centre() const
{
  return gis::Point{(extent.minX + extent.maxX) / 2, (extent.minY + extent.maxY) / 2};
}

QPointF MapSettings::toPixel(const gis::Point &p) const
{
  const gis::Envelope v = visibleExtent();
  const double upp = mapUnitsPerPixel();
  return QPointF((p.x - v.minX) / upp, (v.maxY - p.y) / upp);
}

gis::Point MapSettings::toMap(const QPointF &px) const
{
  const gis::Envelope v = visibleExtent();
  const double upp = mapUnitsPerPixel();
  return gis::Point{v.minX + px.x() * upp, v.maxY - px.y() * upp};
}

gis::Envelope MapSettings::toMap(const QRectF &px) const
{
  gis::Envelope e;
  e.expand(toMap(px.topLeft()));
  e.expand(toMap(px.bottomRight()));
  return e;
}

bool MapSettings::layerVisibleAtScale(const std::string &layerId) const
{
  const LayerStyle s = style(layerId);
  if (!s.visible) return false;
  const double n = scale();
  if (s.minScale > 0 && n < s.minScale) return false;
  if (s.maxScale > 0 && n > s.maxScale) return false;
  return true;
}

} // namespace layers
