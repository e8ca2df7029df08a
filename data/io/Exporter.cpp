#include "data/io/Exporter.h"

#include "data/io/ImportOgr.h"
#include "data/store/Progress.h"
#include "gis/Ogr.h"

#include <cpl_error.h>
#include <gdal.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace data {

namespace {

struct Format
{
  const char *driver;
  const char *extension;
  bool multiLayer; // several layers in one file
};

const std::vector<std::pair<std::vector<std::string>, Format>> &formats()
{
  static const std::vector<std::pair<std::vector<std::string>, Format>> all{
      {{"gpkg", "geopackage"}, {"GPKG", "gpkg", true}},
      {{"shp", "shapefile", "esri shapefile"}, {"ESRI Shapefile", "shp", false}},
      {{"geojson", "json"}, {"GeoJSON", "geojson", false}},
      {{"kml", "libkml"}, {"LIBKML", "kml", true}}, // LIBKML turns OGR style strings into KML styles
      {{"csv"}, {"CSV", "csv", false}},
      {{"dxf"}, {"DXF", "dxf", true}},
  };
  return all;
}

std::string lower(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

const Format &formatFor(const std::string &driver)
{
  for (const auto &[names, f] : formats())
    if (driver == f.driver) return f;
  throw ExportError("unknown export format " + driver);
}

// KML colours are aabbggrr; the OGR style string takes #RRGGBB[AA]. Grey, amber, green, blue.
const char *statusColour(Status s)
{
  switch (s) {
  case Status::Planned:
    return "#9E9E9E";
  case Status::InProgress:
    return "#FF9800";
  case Status::Completed:
    return "#2E7D32";
  case Status::Accepted:
    return "#1565C0";
  }
  return "#9E9E9E";
}

std::string styleFor(Status s, int dimension)
{
  const std::string c = statusColour(s);
  if (dimension == 0) return "SYMBOL(c:" + c + ",s:1.2)";
  if (dimension == 1) return "PEN(c:" + c + ",w:3px)";
  return "BRUSH(fc:" + c + "80);PEN(c:" + c + ",w:2px)";
}

std::string gdalReason()
{
  std::string msg = CPLGetLastErrorMsg();
  return msg.empty() ? "" : ": " + msg;
}

// GDAL's words for a full disk (SQLite's for a GeoPackage, the system's for the others).
bool saysDiskFull(const std::string &msg)
{
  return msg.find("database or disk is full") != std::string::npos ||
         msg.find("No space left on device") != std::string::npos;
}

struct Column
{
  std::string source; // key in Feature::attributes, or a derived column's own name
  std::string name;   // name in the output
  OGRFieldType type;
};

// The columns of one exported layer: the feature's own, its progress, its measure, then the
// layer's fields; Shapefile names cut to 10 unique characters.
std::vector<Column> columnsFor(const LayerDef &layer, bool shapefile, std::vector<std::string> &notes)
{
  const GeometryType type = geometryTypeOf(layer);
  std::vector<Column> cols{{"code", "code", OFTString}, {"name", "name", OFTString}};
  if (layer.tracked) {
    cols.push_back({"status", "status", OFTString});
    if (type == GeometryType::LineString) cols.push_back({"done_m", "done_m", OFTReal});
    cols.push_back({"last_event", "last_event", OFTString});
  }
  if (type == GeometryType::LineString) cols.push_back({"length_m", "length_m", OFTReal});
  if (type == GeometryType::Polygon) cols.push_back({"area_m2", "area_m2", OFTReal});
  std::set<std::string> used;
  for (const auto &c : cols)
    used.insert(c.name);
  for (const auto &f : layer.fields) {
    const OGRFieldType t = f.type == "integer" ? OFTInteger64 : f.type == "real" ? OFTReal : OFTString;
    std::string name = f.name;
    if (used.count(lower(name))) name = "attr_" + name; // a field that shadows a derived column
    cols.push_back({"attr:" + f.name, name, t});
    used.insert(lower(name));
  }
  if (shapefile) {
    std::set<std::string> taken;
    for (auto &c : cols) {
      std::string n = c.name.substr(0, 10);
      for (int k = 1; taken.count(lower(n)); ++k) {
        const std::string suffix = "_" + std::to_string(k);
        n = c.name.substr(0, 10 - suffix.size()) + suffix;
      }
      if (n != c.name)
        notes.push_back("layer " + layer.id + ": field " + c.name + " written as " + n +
                        " (Shapefile names have at most 10 characters)");
      c.name = n;
      taken.insert(lower(n));
    }
  }
  return cols;
}

OGRwkbGeometryType layerGeometryType(const LayerDef &layer, const std::vector<Feature> &features, bool &multi)
{
  using T = gis::Geometry::Type;
  multi = std::any_of(features.begin(), features.end(), [](const Feature &f) {
    return f.geometry.type() == T::MultiPoint || f.geometry.type() == T::MultiLineString ||
           f.geometry.type() == T::MultiPolygon;
  });
  switch (geometryTypeOf(layer)) {
  case GeometryType::Point:
    return multi ? wkbMultiPoint : wkbPoint;
  case GeometryType::LineString:
    return multi ? wkbMultiLineString : wkbLineString;
  case GeometryType::Polygon:
    break;
  }
  return multi ? wkbMultiPolygon : wkbPolygon;
}

// The exported columns of feature `f` with progress `p` into `out`.
void setFields(OGRFeatureH out, const std::vector<Column> &cols, const Feature &f, const FeatureProgress &p)
{
  for (std::size_t i = 0; i < cols.size(); ++i) {
    const auto &c = cols[i];
    const int fi = static_cast<int>(i);
    if (c.source == "code")
      OGR_F_SetFieldString(out, fi, f.code.c_str());
    else if (c.source == "name")
      OGR_F_SetFieldString(out, fi, f.name.c_str());
    else if (c.source == "status")
      OGR_F_SetFieldString(out, fi, statusName(p.status));
    else if (c.source == "done_m")
      OGR_F_SetFieldDouble(out, fi, p.doneM());
    else if (c.source == "last_event") {
      if (!p.lastEventDate.empty()) OGR_F_SetFieldString(out, fi, p.lastEventDate.c_str());
    } else if (c.source == "length_m")
      OGR_F_SetFieldDouble(out, fi, f.lengthM);
    else if (c.source == "area_m2")
      OGR_F_SetFieldDouble(out, fi, f.areaM2);
    else {
      auto a = f.attributes.find(c.source.substr(5));
      if (a == f.attributes.end()) continue;
      if (const auto *iv = std::get_if<std::int64_t>(&a->second))
        OGR_F_SetFieldInteger64(out, fi, *iv);
      else if (const auto *dv = std::get_if<double>(&a->second))
        OGR_F_SetFieldDouble(out, fi, *dv);
      else if (const auto *sv = std::get_if<std::string>(&a->second))
        OGR_F_SetFieldString(out, fi, sv->c_str());
    }
  }
}

class Writer
{
public:
  Writer(const Store &store, const ExportOptions &o, const Format &format, OGRSpatialReferenceH srs,
         OGRCoordinateTransformationH ct)
      : mStore(store)
      , mOptions(o)
      , mFormat(format)
      , mSrs(srs)
      , mCt(ct)
  {
    for (const auto &e : store.allEvents())
      mEvents[e.featureId].push_back(e);
  }

  // Reports progress, then throws ExportCancelled when asked to stop.
  void step()
  {
    if (mOptions.progress) mOptions.progress(mDone, mTotal);
    if (mOptions.cancel && mOptions.cancel->load())
      throw ExportCancelled(mOptions.out + ": export cancelled; nothing written");
  }
  void setTotal(std::size_t total) { mTotal = total; }

  // The layer in the output file (the one CAD layer of a DXF file, where there is one already).
  OGRLayerH createLayer(GDALDatasetH ds, const LayerDef &layer, OGRwkbGeometryType gtype) const
  {
    const std::string &driver = mFormat.driver;
    std::vector<std::string> lco;
    if (driver == "ESRI Shapefile") lco = {"ENCODING=UTF-8"};
    if (driver == "CSV") lco = {"GEOMETRY=AS_WKT", "CREATE_CSVT=YES", "WRITE_BOM=YES"};
    if (driver == "GeoJSON") lco = {"RFC7946=NO", "WRITE_BBOX=NO"};
    if (driver == "GPKG")
      lco = {"IDENTIFIER=" + (layer.nameZh.empty() ? layer.id : layer.nameZh), "DESCRIPTION=" + layer.nameEn};
    std::vector<const char *> lcoPtrs;
    for (const auto &s : lco)
      lcoPtrs.push_back(s.c_str());
    lcoPtrs.push_back(nullptr);

    OGRLayerH l = nullptr;
    if (driver == "DXF") l = GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : nullptr;
    if (!l) {
      CPLErrorReset();
      l = GDALDatasetCreateLayer(ds, layer.id.c_str(), mSrs, gtype, const_cast<char **>(lcoPtrs.data()));
    }
    return l;
  }

  std::size_t writeLayer(GDALDatasetH ds, const LayerDef &layer, const std::string &file,
                         std::vector<std::string> &notes)
  {
    const std::string driver = mFormat.driver;
    const auto features = mStore.features(layer.id);
    bool multi = false;
    const OGRwkbGeometryType gtype = driver == "DXF" ? wkbUnknown : layerGeometryType(layer, features, multi);
    OGRLayerH l = createLayer(ds, layer, gtype);
    if (!l) throw ExportError(file + ": cannot create layer " + layer.id + gdalReason());

    std::vector<Column> cols;
    if (driver == "DXF") {
      notes.push_back("DXF keeps geometry and the CAD layer name only (layer " + layer.id +
                      "); attributes are not written");
    } else {
      cols = columnsFor(layer, driver == "ESRI Shapefile", notes);
      for (const auto &c : cols) {
        OGRFieldDefnH fd = OGR_Fld_Create(c.name.c_str(), c.type);
        const OGRErr err = OGR_L_CreateField(l, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (err != OGRERR_NONE) throw ExportError(file + ": cannot create field " + c.name + gdalReason());
      }
    }

    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    const int dxfLayerField = driver == "DXF" ? OGR_FD_GetFieldIndex(defn, "Layer") : -1;
    const bool batch = driver == "GPKG";
    if (batch) GDALDatasetStartTransaction(ds, FALSE);
    static const std::vector<Event> noEvents;
    for (const auto &f : features) {
      auto it = mEvents.find(f.id);
      const FeatureProgress p =
          deriveProgress(it == mEvents.end() ? noEvents : it->second, f.lengthM, mOptions.asOf);
      gis::OgrFeature out(OGR_F_Create(defn));
      setFields(out.get(), cols, f, p);
      if (dxfLayerField >= 0) OGR_F_SetFieldString(out.get(), dxfLayerField, layer.id.c_str());
      if (driver == "LIBKML" && layer.tracked)
        OGR_F_SetStyleString(out.get(), styleFor(p.status, f.geometry.dimension()).c_str());
      if (OgrGeometry g = geometryToOgr(f.geometry, multi)) {
        if (mCt && OGR_G_Transform(g.get(), mCt) != OGRERR_NONE)
          throw ExportError(file + ": feature " + std::to_string(f.id) + " cannot be transformed" +
                            gdalReason());
        OGR_F_SetGeometryDirectly(out.get(), g.release());
      }
      CPLErrorReset();
      if (OGR_L_CreateFeature(l, out.get()) != OGRERR_NONE)
        throw ExportError(file + ": cannot write feature " + std::to_string(f.id) + " of layer " + layer.id +
                          gdalReason());
      if (++mDone % 256 == 0) step();
    }
    if (batch && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
      throw ExportError(file + ": cannot write layer " + layer.id + gdalReason());
    step();
    return features.size();
  }

private:
  const Store &mStore;
  const ExportOptions &mOptions;
  const Format &mFormat;
  OGRSpatialReferenceH mSrs;
  OGRCoordinateTransformationH mCt;
  std::map<std::int64_t, std::vector<Event>> mEvents;
  std::size_t mDone = 0;
  std::size_t mTotal = 0;
};

// A temporary folder beside the destination, so the finished files move in with a rename.
class ExportStaging
{
public:
  explicit ExportStaging(const fs::path &destDir)
  {
    std::error_code ec;
    if (!fs::exists(destDir, ec)) mCreatedDest = destDir;
    fs::create_directories(destDir, ec);
    std::string tmpl = (destDir / ".planmap-export-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw ExportError(destDir.string() + ": cannot write here");
    mDir = tmpl;
  }
  ~ExportStaging()
  {
    std::error_code ec;
    fs::remove_all(mDir, ec);
    // A folder made for this export goes too unless the files moved in (remove() keeps a non-empty one).
    if (!mCreatedDest.empty() && !mMoved) fs::remove(mCreatedDest, ec);
  }
  ExportStaging(const ExportStaging &) = delete;
  ExportStaging &operator=(const ExportStaging &) = delete;
  const fs::path &dir() const { return mDir; }
  // The files as they will be named at the destination.
  std::vector<std::string> finalPaths(const fs::path &destDir) const
  {
    std::vector<std::string> out;
    for (const auto &e : fs::directory_iterator(mDir))
      out.push_back((destDir / e.path().filename()).string());
    return out;
  }
  void moveAllTo(const fs::path &destDir)
  {
    mMoved = true;
    for (const auto &e : fs::directory_iterator(mDir))
      fs::rename(e.path(), destDir / e.path().filename());
  }

private:
  fs::path mDir;
  fs::path mCreatedDest; // destDir when this export created it
  bool mMoved = false;
};

// The coordinate system written (WGS84 unless --crs says otherwise) and the way there from the store's.
struct TargetCrs
{
  TargetCrs(const std::string &crs, const std::string &driver)
  {
    OgrSrs wgs84 = spatialRefFromUser("EPSG:4326");
    try {
      srs = spatialRefFromUser(crs.empty() ? "EPSG:4326" : crs);
    } catch (const std::invalid_argument &e) {
      throw ExportError(std::string("--crs: ") + e.what());
    }
    if (driver == "LIBKML" && !OSRIsSame(srs.get(), wgs84.get()))
      throw ExportError("KML is always WGS84 longitude/latitude; leave out --crs");
    try {
      ct = transformBetween(wgs84.get(), srs.get());
    } catch (const std::exception &e) {
      throw ExportError(e.what());
    }
  }
  OgrSrs srs;
  OgrTransform ct;
};

// The layers named (all when none is), or ExportError naming the one the project lacks.
std::vector<LayerDef> layersToExport(const Store &store, const std::vector<std::string> &ids)
{
  std::vector<LayerDef> layers;
  if (ids.empty()) layers = store.layers();
  for (const auto &id : ids) {
    auto l = store.layer(id);
    if (!l) {
      std::string known;
      for (const auto &x : store.layers())
        known += (known.empty() ? "" : ", ") + x.id;
      throw ExportError("project has no layer '" + id + "' (layers: " + known + ")");
    }
    layers.push_back(*l);
  }
  if (layers.empty()) throw ExportError("project has no layers to export");
  return layers;
}

} // namespace

std::string exportDriverFor(const std::string &format, const std::string &out)
{
  const std::string key = lower(format.empty() ? fs::path(out).extension().string() : format);
  const std::string bare = !key.empty() && key[0] == '.' ? key.substr(1) : key;
  for (const auto &[names, f] : formats())
    if (std::find(names.begin(), names.end(), bare) != names.end() || bare == lower(f.driver))
      return f.driver;
  throw ExportError((format.empty() ? "--out " + out + ": cannot tell the format from the extension"
                                    : "--format " + format + ": unknown format") +
                    "; use one of GPKG, Shapefile, GeoJSON, KML, CSV, DXF");
}

ExportResult Exporter::run(const ExportOptions &o) const
{
  gis::ensureGdalRegistered();
  ExportResult result;
  result.format = exportDriverFor(o.format, o.out);
  const Format &format = formatFor(result.format);

  const std::vector<LayerDef> layers = layersToExport(mStore, o.layers);

  const TargetCrs target(o.crs, result.format);

  // One-layer formats with several layers write one file per layer into the folder `out`.
  const bool perLayerFiles = !format.multiLayer && layers.size() > 1;
  const fs::path outPath(o.out);
  const fs::path destDir =
      perLayerFiles ? outPath : (outPath.has_parent_path() ? outPath.parent_path() : fs::path("."));
  if (perLayerFiles && fs::exists(outPath) && !fs::is_directory(outPath))
    throw ExportError("--out " + o.out + ": " + result.format +
                      " holds one layer per file; give a folder for several layers");

  // Refused before any work when the one file named is refused; each file written is checked
  // again before it moves in (an export writes sidecars, or one file per layer into a folder).
  if (!perLayerFiles)
    if (std::string problem = outputProblem(o.project, o.out, o.replace); !problem.empty())
      throw ExportError(problem);
  GDALDriverH drv = GDALGetDriverByName(result.format.c_str());
  if (!drv) throw ExportError("GDAL here has no " + result.format + " driver");
  ExportStaging staging(destDir);
  Writer writer(mStore, o, format, target.srs.get(), target.ct.get());
  std::size_t total = 0;
  for (const auto &layer : layers)
    total += mStore.featureCount(layer.id);
  writer.setTotal(total);
  writer.step();

  auto create = [&](const std::string &fileName) {
    const std::string path = (staging.dir() / fileName).string();
    CPLErrorReset();
    gis::GdalDataset ds(GDALCreate(drv, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    // A GeoPackage half made on a full disk still comes back, without its tables.
    if (!ds || saysDiskFull(CPLGetLastErrorMsg()))
      throw ExportError((destDir / fileName).string() + ": cannot create" + gdalReason());
    result.files.push_back((destDir / fileName).string());
    return ds;
  };
  // GDAL's text drivers (GeoJSON, CSV, KML) do not report a write a full disk cut short, and the
  // GeoPackage one reports it as a page of SQL: a full disk is said as such, here and when the
  // files written are checked (outputProblem) before they move in.
  const std::string diskFull = o.out + ": disk full, nothing written";
  try {
    if (perLayerFiles) {
      for (const auto &layer : layers) {
        auto ds = create(layer.id + "." + format.extension);
        result.features += writer.writeLayer(ds.get(), layer, result.files.back(), result.notes);
      }
    } else {
      auto ds = create(outPath.filename().string());
      for (const auto &layer : layers)
        result.features += writer.writeLayer(ds.get(), layer, o.out, result.notes);
    }
  } catch (const ExportCancelled &) {
    throw;
  } catch (const ExportError &e) {
    if (saysDiskFull(e.what()) || fileSystemFull(staging.dir().string())) throw ExportError(diskFull);
    throw;
  }
  writer.setTotal(result.features); // the count read may differ from featureCount's
  writer.step();                    // a last chance to cancel before the files move in
  for (const auto &path : staging.finalPaths(destDir))
    if (std::string problem = outputProblem(o.project, path, o.replace); !problem.empty())
      throw ExportError(problem);
  staging.moveAllTo(destDir);
  return result;
}

} // namespace data
