#include "app/gui/ImportWizard.h"

#include "app/gui/FileDialogs.h"
#include "app/gui/ImportWizardPage.h"
#include "data/io/ImportSource.h"
#include "data/store/Encoding.h"
#include "data/store/Text.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QSignalBlocker>

#include <gdal.h>
#include <ogr_api.h>

#include <algorithm>
#include <string_view>

// The wizard's reading of the chosen file: its layers, their geometry and fields.

namespace app {

using wizard::pageOf;

namespace {

QString geometryKind(OGRwkbGeometryType t)
{
  switch (wkbFlatten(t)) {
  case wkbPoint:
  case wkbMultiPoint:
    return QStringLiteral("Point");
  case wkbLineString:
  case wkbMultiLineString:
    return QStringLiteral("LineString");
  case wkbPolygon:
  case wkbMultiPolygon:
    return QStringLiteral("Polygon");
  default:
    return {};
  }
}

// What a CSV column the importer takes as geometry holds, from its name (data/ImportSource.cpp
// picks longitude columns by "lon*,lng,long,x,longitude,经度,东经,*_x,x_*", latitude ones by
// "lat*,y,latitude,纬度,北纬,*_y,y_*"; any other it leaves out is the WKT column).
QString csvGeometryRole(const QString &column)
{
  const QString c = column.toLower();
  if (c.startsWith(QLatin1String("lat")) || c == QLatin1String("y") || c == QStringLiteral("纬度") ||
      c == QStringLiteral("北纬") || c.endsWith(QLatin1String("_y")) || c.startsWith(QLatin1String("y_")))
    return QStringLiteral("latitude");
  if (c.startsWith(QLatin1String("lon")) || c == QLatin1String("lng") || c == QLatin1String("x") ||
      c == QStringLiteral("经度") || c == QStringLiteral("东经") || c.endsWith(QLatin1String("_x")) ||
      c.startsWith(QLatin1String("x_")))
    return QStringLiteral("longitude");
  return QStringLiteral("WKT");
}

} // namespace

QString ImportWizard::fieldNameText(const char *raw) const
{
  // A DBF without .cpg hands over its bytes: field names in GBK are read as GB18030 (or the
  // encoding chosen), as the importer reads them, so the mapping table names the same fields.
  const std::string bytes = raw ? raw : "";
  if (data::isValidUtf8(bytes)) return QString::fromStdString(bytes);
  const std::string encoding = mEncoding->currentData().toString().toStdString();
  try {
    if (auto utf8 = data::toUtf8(bytes, encoding.empty() ? std::string("GB18030") : encoding))
      return QString::fromStdString(*utf8);
  } catch (const std::exception &) {
  }
  return QString::fromLatin1(bytes.data(), qsizetype(bytes.size()));
}

ImportWizard::SourceLayerInfo ImportWizard::readLayerInfo(OGRLayerH layer,
                                                          const std::function<QString(const char *)> &textOf,
                                                          std::vector<std::string> *rawNames)
{
  SourceLayerInfo info;
  info.name = QString::fromUtf8(OGR_L_GetName(layer));
  info.geometry = geometryKind(OGR_L_GetGeomType(layer));
  if (info.geometry.isEmpty()) { // GeoJSON, KML, DXF: the first feature with a geometry says
    OGR_L_ResetReading(layer);
    for (int k = 0; k < 100 && info.geometry.isEmpty(); ++k) {
      OGRFeatureH f = OGR_L_GetNextFeature(layer);
      if (!f) break;
      if (OGRGeometryH g = OGR_F_GetGeometryRef(f)) info.geometry = geometryKind(OGR_G_GetGeometryType(g));
      OGR_F_Destroy(f);
    }
    OGR_L_ResetReading(layer);
  }
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  for (int k = 0; k < OGR_FD_GetFieldCount(defn); ++k) {
    OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, k);
    const OGRFieldType t = OGR_Fld_GetType(fd);
    if (rawNames) rawNames->emplace_back(OGR_Fld_GetNameRef(fd));
    info.fields.push_back({textOf(OGR_Fld_GetNameRef(fd)), t == OFTInteger || t == OFTInteger64
                                                               ? QStringLiteral("integer")
                                                           : t == OFTReal ? QStringLiteral("real")
                                                                          : QStringLiteral("text")});
  }
  return info;
}

void ImportWizard::setFile(const QString &path)
{
  if (mFile->text() != path) mFile->setText(path);
  const QSignalBlocker block(mSourceLayer);
  mSourceLayer->clear();
  mLayerInfo.clear();
  mFileHasCrs = false;
  mFileOpened = false;
  const QByteArray native = QFile::encodeName(path);
  const auto textOf = [this](const char *raw) { return fieldNameText(raw); };
  GDALAllRegister();
  if (GDALDatasetH ds = files::isOpenProjectFile(path)
                            ? nullptr
                            : GDALOpenEx(native.constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                         nullptr, nullptr)) {
    mFileOpened = true;
    const bool csv = std::string_view(GDALGetDriverShortName(GDALGetDatasetDriver(ds))) == "CSV";
    std::vector<std::string> rawNames; // a CSV's column names as GDAL gives them
    const int n = GDALDatasetGetLayerCount(ds);
    for (int i = 0; i < n; ++i) {
      OGRLayerH layer = GDALDatasetGetLayer(ds, i);
      if (OGR_L_GetSpatialRef(layer)) mFileHasCrs = true;
      SourceLayerInfo info = readLayerInfo(layer, textOf, csv ? &rawNames : nullptr);
      mSourceLayer->addItem(info.name, info.name);
      mLayerInfo.push_back(std::move(info));
    }
    GDALClose(ds);
    // A CSV's coordinate or WKT columns are the geometry for the importer, not fields: those are
    // the columns its reader leaves out of the fields (it picks them by name).
    if (csv && mLayerInfo.size() == 1 && rawNames.size() == mLayerInfo[0].fields.size()) {
      try {
        data::SourceOptions so;
        so.path = so.readPath = native.toStdString();
        const data::SourceReader reader(so);
        const auto &fields = reader.fields();
        for (std::size_t k = 0; k < rawNames.size(); ++k)
          if (std::none_of(fields.begin(), fields.end(),
                           [&](const data::SourceField &f) { return f.name == rawNames[k]; }))
            mLayerInfo[0].fields[k].geometry = csvGeometryRole(mLayerInfo[0].fields[k].name);
      } catch (const std::exception &) { // the importer names the problem on the next pages
      }
    }
  }
  if (mSourceLayer->count() > 1) mSourceLayer->insertItem(0, tr("All layers"), QString());
  mSourceLayer->setCurrentIndex(0);
  mSourceLayer->setEnabled(mSourceLayer->count() > 1);
  readSourceFields();
  mMappingFor = QStringLiteral("\x01");
  refreshCrsChoices();
  pageOf(this, FilePage)->changed();
}

} // namespace app
