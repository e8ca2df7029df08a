#include "layers/edit/Evidence.h"

#include "gis/Error.h"
#include "gis/Exif.h"
#include "gis/Geodesic.h"
#include "gis/Geos.h"
#include "gis/LinearRef.h"

#include <QBuffer>
#include <QDate>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace layers {

namespace {

std::string readBytes(const std::string &path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open the photo");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A small JPEG of the photo, upright (EXIF orientation applied), longest side `size` pixels.
std::string makeThumbnail(const std::string &bytes, int size, const std::string &path)
{
  QByteArray data = QByteArray::fromRawData(bytes.data(), static_cast<qsizetype>(bytes.size()));
  QBuffer in(&data);
  QImageReader reader(&in, "jpeg");
  reader.setAutoTransform(true);
  const QImage image = reader.read();
  if (image.isNull())
    throw std::runtime_error(path + ": not a readable JPEG photo (" + reader.errorString().toStdString() +
                             ")");
  const QImage thumb = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  QByteArray out;
  QBuffer buffer(&out);
  buffer.open(QIODevice::WriteOnly);
  thumb.save(&buffer, "JPEG", 80);
  return out.toStdString();
}

double distanceToPath(const gis::Point &p, const gis::LineString &path)
{
  if (path.size() == 1) return gis::geodesicDistance(p, path.front());
  return gis::LinearRef(path).nearest(p).distance;
}

} // namespace

data::Attachment loadPhoto(const std::string &path, const EvidenceOptions &options)
{
  data::Attachment a;
  a.data = readBytes(path);
  a.thumbnail = makeThumbnail(a.data, options.thumbnailSize, path);
  try {
    const gis::ExifInfo exif = gis::readExif(path);
    a.position = exif.position;
    a.takenAt = exif.takenAt;
  } catch (const gis::Error &e) {
    throw std::runtime_error(e.what());
  }
  a.fileName = QFileInfo(QString::fromStdString(path)).fileName().toStdString();
  a.mime = "image/jpeg";
  return a;
}

double distanceToFeature(const gis::Point &p, const data::Feature &f, std::optional<double> fromM,
                         std::optional<double> toM)
{
  const gis::Geometry &g = f.geometry;
  double best = std::numeric_limits<double>::infinity();
  switch (g.dimension()) {
  case 0:
    for (const auto &part : g.parts())
      best = std::min(best, gis::geodesicDistance(p, part.front().front()));
    break;
  case 1:
    if (fromM && toM && g.type() == gis::Geometry::Type::LineString) {
      const gis::LinearRef ref(g.asLineString());
      return distanceToPath(p, ref.subLine(*fromM, *toM));
    }
    for (const auto &line : g.lines())
      best = std::min(best, distanceToPath(p, line));
    break;
  case 2:
    if (gis::PreparedGeometry(g).contains(p)) return 0;
    for (const auto &poly : g.polygons())
      for (const auto &ring : poly.rings)
        best = std::min(best, distanceToPath(p, ring));
    break;
  default:
    break;
  }
  return best;
}

std::vector<std::string> photoWarnings(const data::Attachment &photo, const data::Feature &f,
                                       const data::Event &e, const EvidenceOptions &options)
{
  std::vector<std::string> out;
  const std::string what = "photo " + photo.fileName;
  const std::string where = f.name.empty() ? "feature " + std::to_string(f.id) : f.name;
  if (!photo.position) {
    out.push_back(what + " has no GPS position: where it was taken cannot be checked");
  } else {
    const double d = distanceToFeature(*photo.position, f, e.fromM, e.toM);
    if (d > options.maxDistanceM)
      out.push_back(what + " was taken " + std::to_string(static_cast<long long>(std::lround(d))) +
                    " m from " + where + (e.fromM ? "'s marked stretch" : "") + " (more than " +
                    std::to_string(static_cast<long long>(std::lround(options.maxDistanceM))) + " m)");
  }
  const QDate taken = QDate::fromString(QString::fromStdString(photo.takenAt.substr(0, 10)), Qt::ISODate);
  const QDate done = QDate::fromString(QString::fromStdString(e.date), Qt::ISODate);
  if (!taken.isValid()) {
    out.push_back(what + " has no date: when it was taken cannot be checked");
  } else if (done.isValid()) {
    const qint64 days = std::abs(taken.daysTo(done));
    if (days > options.maxDaysApart)
      out.push_back(what + " was taken on " + photo.takenAt.substr(0, 10) + ", " + std::to_string(days) +
                    " days from the event's date " + e.date + " (more than " +
                    std::to_string(options.maxDaysApart) + ")");
  }
  return out;
}

std::vector<data::Attachment> attachPhotos(data::Store &store, const std::string &actor,
                                           const std::string &eventUuid, std::vector<data::Attachment> photos)
{
  std::vector<data::Attachment> stored;
  store.transaction([&] {
    for (auto &p : photos) {
      p.eventUuid = eventUuid;
      stored.push_back(store.addAttachment(actor, p));
    }
  });
  return stored;
}

} // namespace layers
