#include "data/io/ImportSource.h"

#include "data/io/ImportKml.h"
#include "data/io/ImportOgr.h"
#include "data/store/Encoding.h"
#include "data/store/Text.h"
#include "gis/ChinaOffset.h"
#include "gis/Error.h"
#include "gis/Ogr.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

namespace data {

namespace {

constexpr const char *kLonNames = "lon*,lng,long,x,longitude,经度,东经,*_x,x_*";
constexpr const char *kLatNames = "lat*,y,latitude,纬度,北纬,*_y,y_*";
constexpr const char *kGeomNames = "wkt,geom*,the_geom,shape,geometry*,*_wkt,wkt_*";

// Case-insensitive (ASCII) match of a column name against "name", "prefix*" or "*suffix".
bool nameMatches(const std::string &column, const std::string &pattern)
{
  auto lower = [](std::string t) {
    for (auto &c : t)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return t;
  };
  const std::string c = lower(column), p = lower(pattern);
  if (!p.empty() && p.back() == '*') return c.rfind(p.substr(0, p.size() - 1), 0) == 0;
  if (!p.empty() && p.front() == '*')
    return c.size() >= p.size() - 1 && c.compare(c.size() - (p.size() - 1), p.size() - 1, p.substr(1)) == 0;
  return c == p;
}

// The first column (in pattern order) a comma-separated pattern list picks, or "". Only columns
// whose name appears once in the header count.
std::string pickColumn(const std::vector<std::string> &columns, const std::string &patterns)
{
  std::size_t start = 0;
  while (start <= patterns.size()) {
    const std::size_t comma = std::min(patterns.find(',', start), patterns.size());
    const std::string pattern = patterns.substr(start, comma - start);
    for (const auto &c : columns) {
      if (!nameMatches(c, pattern)) continue;
      // A name the header repeats cannot be told apart (and crashes GDAL 3.6 just the same).
      if (std::count_if(columns.begin(), columns.end(), [&](const auto &o) { return nameMatches(o, c); }) ==
          1)
        return c;
    }
    start = comma + 1;
  }
  return {};
}

// A CSV's column names as GDAL reads them without options.
std::vector<std::string> csvColumns(const std::string &path)
{
  std::vector<std::string> out;
  const char *allowed[] = {"CSV", nullptr};
  gis::GdalDataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed, nullptr, nullptr));
  if (!ds || GDALDatasetGetLayerCount(ds.get()) < 1) return out;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(GDALDatasetGetLayer(ds.get(), 0));
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
    out.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  return out;
}

// GDAL open options by driver: CSV detects WKT or lon/lat columns; GML must not fetch schemas over
// the network nor write a .gfs; a Shapefile whose encoding the user forces is read as raw bytes.
// A CSV's geometry columns are picked here and named exactly: GDAL 3.6 crashes reading a CSV whose
// header has two columns matching one wildcard with KEEP_GEOM_COLUMNS=NO ("lon,lonx,lat" and
// "lon*"; found by the fuzz target, tests/fuzz/seeds/two-lon-columns.csv).
std::vector<std::string> openOptions(const std::string &driver, bool forcedEncoding, const std::string &path)
{
  if (driver == "CSV") {
    const auto columns = csvColumns(path);
    std::vector<std::string> options{"KEEP_GEOM_COLUMNS=NO"};
    const std::string x = pickColumn(columns, kLonNames), y = pickColumn(columns, kLatNames),
                      wkt = pickColumn(columns, kGeomNames);
    if (!x.empty() && !y.empty() && x != y) {
      options.push_back("X_POSSIBLE_NAMES=" + x);
      options.push_back("Y_POSSIBLE_NAMES=" + y);
    }
    if (!wkt.empty()) options.push_back("GEOM_POSSIBLE_NAMES=" + wkt);
    return options;
  }
  if (driver == "GML") return {"WRITE_GFS=NO", "DOWNLOAD_SCHEMA=NO"};
  if (driver == "ESRI Shapefile" && forcedEncoding) return {"ENCODING="};
  return {};
}

std::string firstLine(std::string s)
{
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

// GDAL's last error, with the staged copy's path put back to the name the user gave.
std::string gdalReason(const SourceOptions &o)
{
  std::string msg = firstLine(CPLGetLastErrorMsg());
  const std::string from = std::filesystem::path(o.readPath).parent_path().string();
  const std::filesystem::path userDir = std::filesystem::path(o.path).parent_path();
  const std::string to = userDir.empty() ? "." : userDir.string();
  for (auto at = msg.find(from); !from.empty() && at != std::string::npos;
       at = msg.find(from, at + to.size()))
    msg.replace(at, from.size(), to);
  return msg.empty() ? "" : " (" + msg + ")";
}

std::string dateText(OGRFeatureH f, int i, OGRFieldType type)
{
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
  float s = 0;
  if (!OGR_F_GetFieldAsDateTimeEx(f, i, &y, &mo, &d, &h, &mi, &s, &tz)) return OGR_F_GetFieldAsString(f, i);
  char buf[64];
  if (type == OFTDate)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
  else if (type == OFTTime)
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, mi, static_cast<int>(s));
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, static_cast<int>(s));
  return buf;
}

std::string fieldType(OGRFieldType t)
{
  if (t == OFTInteger || t == OFTInteger64) return "integer";
  if (t == OFTReal) return "real";
  return "text";
}

bool isLonLat(const gis::Geometry &g)
{
  for (const auto &part : g.parts())
    for (const auto &path : part)
      for (const auto &p : path)
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || std::fabs(p.x) > 180.0 || std::fabs(p.y) > 90.0)
          return false;
  return true;
}

struct LayerPlan
{
  OGRLayerH layer;
  std::string name;
};

} // namespace

std::string SourceFeature::label(const std::string &name) const
{
  std::string s = "feature " + std::to_string(index);
  if (multiLayer) s += " of layer " + layer;
  if (!name.empty()) s += " (" + name + ")";
  return s;
}

struct SourceReader::Impl
{
  SourceOptions o;
  gis::GdalDataset ds;
  SourceData data; // everything but the features
  std::vector<LayerPlan> plans;
  std::vector<std::vector<std::size_t>> slots;  // per plan: field -> index into data.fields
  std::vector<std::vector<OGRFieldType>> types; // per plan: field types
  bool declaredEncoding = false;
  OgrSrs wgs84;
  OgrSrs userSrs;
  std::vector<std::string> crsSeen;
  std::size_t expected = 0;

  // Where reading is.
  std::size_t planIndex = 0;
  bool layerStarted = false;
  std::size_t index = 0; // features read of the current layer
  OgrTransform ct;
  bool transformReady = false;

  // Text: decoded with `encoding`, or checked to be UTF-8 (`assumeUtf8`), or left as the file has
  // it (declared: GDAL recodes). `scan` reads text only, for detectEncoding.
  std::string encoding;
  bool assumeUtf8 = false;
  bool nonUtf8 = false;
  std::string decodeError; // the first text `encoding` cannot decode
  bool scan = false;
  bool allGb18030 = true;
  std::unique_ptr<KmlCoordinateCheck> kml; // KML and KMZ: their coordinates as written

  Impl(const SourceOptions &options, bool scanOnly);
  void openDataset();
  void planLayers(); // the layers to read
  // The union of the layers' fields, before any feature: a field of a later layer has no value in
  // an earlier layer's features.
  void readFields();
  void text(std::string &t);
  bool next(SourceFeature &sf);
  void readGeometry(OGRFeatureH f, const LayerPlan &plan, SourceFeature &sf);
};

SourceReader::Impl::Impl(const SourceOptions &options, bool scanOnly)
    : o(options)
    , scan(scanOnly)
{
  gis::ensureGdalRegistered();
  if (!o.encoding.empty() && !isKnownEncoding(o.encoding))
    throw ImportError("--encoding " + o.encoding +
                      ": unknown text encoding (e.g. GB18030, GBK, BIG5, UTF-8, CP1252)");

  openDataset();
  planLayers();
  if (!scan) {
    wgs84 = spatialRefFromUser("EPSG:4326");
    if (!o.crs.empty()) userSrs = spatialRefFromUser(o.crs);
  }
  readFields();
  // One encoding for the whole file: a file has one, and deciding per value would let short GBK
  // strings pass as accidental UTF-8.
  if (!scan) {
    if (!o.encoding.empty())
      encoding = o.encoding;
    else if (!o.detectedEncoding.empty())
      encoding = o.detectedEncoding;
    else
      assumeUtf8 = !declaredEncoding;
  }
  for (auto &f : data.fields)
    text(f.name);
  if (!scan && (data.driver == "LIBKML" || data.driver == "KML"))
    kml = std::make_unique<KmlCoordinateCheck>(o.readPath);
}

void SourceReader::Impl::openDataset()
{
  CPLErrorReset();
  GDALDriverH drv = GDALIdentifyDriverEx(o.readPath.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  if (!drv) throw ImportError(o.path + ": not a vector file GDAL can read" + gdalReason(o));
  data.driver = GDALGetDriverShortName(drv);

  const auto options_ = openOptions(data.driver, !o.encoding.empty(), o.readPath);
  std::vector<const char *> optPtrs;
  for (const auto &s : options_)
    optPtrs.push_back(s.c_str());
  optPtrs.push_back(nullptr);
  const char *allowed[] = {data.driver.c_str(), nullptr};
  CPLErrorReset();
  // A Shapefile without its .shx index is readable: GDAL rebuilds it, into the staged copy.
  CPLSetThreadLocalConfigOption("SHAPE_RESTORE_SHX", "YES");
  ds.reset(
      GDALOpenEx(o.readPath.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed, optPtrs.data(), nullptr));
  CPLSetThreadLocalConfigOption("SHAPE_RESTORE_SHX", nullptr);
  if (!ds) throw ImportError(o.path + ": cannot be read as " + data.driver + gdalReason(o));
}

void SourceReader::Impl::planLayers()
{
  const int layerCount = GDALDatasetGetLayerCount(ds.get());
  std::string names;
  for (int i = 0; i < layerCount; ++i) {
    OGRLayerH l = GDALDatasetGetLayer(ds.get(), i);
    const std::string name = OGR_L_GetName(l);
    names += (names.empty() ? "" : ", ") + name;
    if (!o.sourceLayer.empty()) {
      if (name == o.sourceLayer) plans.push_back({l, name});
      continue;
    }
    // GPX repeats every route and track vertex as a point layer; those are not separate features.
    if (data.driver == "GPX" && (name == "route_points" || name == "track_points")) continue;
    if (OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(l)) == 0 && layerCount > 1) continue;
    plans.push_back({l, name});
  }
  if (!o.sourceLayer.empty() && plans.empty())
    throw ImportError(o.path + " has no layer '" + o.sourceLayer + "' (layers: " + names + ")");
  if (plans.empty()) throw ImportError(o.path + " has no layers with features");
}

void SourceReader::Impl::readFields()
{
  std::map<std::string, std::size_t> fieldIndex;
  bool countsKnown = true;
  for (const auto &plan : plans) {
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(plan.layer);
    auto &slot = slots.emplace_back();
    auto &type = types.emplace_back();
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
      OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
      const std::string name = OGR_Fld_GetNameRef(fd);
      auto [it, inserted] = fieldIndex.emplace(name, data.fields.size());
      if (inserted)
        data.fields.push_back({name, fieldType(OGR_Fld_GetType(fd))});
      else if (data.fields[it->second].type != fieldType(OGR_Fld_GetType(fd)))
        data.fields[it->second].type = "text";
      slot.push_back(it->second);
      type.push_back(OGR_Fld_GetType(fd));
    }
    if (data.driver == "ESRI Shapefile" && o.encoding.empty()) {
      const char *enc = GDALGetMetadataItem(plan.layer, "SOURCE_ENCODING", "SHAPEFILE");
      declaredEncoding = declaredEncoding || (enc && *enc);
    }
    const GIntBig n = OGR_L_GetFeatureCount(plan.layer, FALSE);
    if (n < 0) countsKnown = false;
    expected += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  if (!countsKnown) expected = 0;
}

void SourceReader::Impl::text(std::string &t)
{
  if (scan) {
    nonUtf8 = nonUtf8 || !isValidUtf8(t);
    allGb18030 = allGb18030 && toUtf8(t, "GB18030");
  } else if (assumeUtf8) {
    nonUtf8 = nonUtf8 || !isValidUtf8(t);
  } else if (!encoding.empty()) {
    auto decoded = toUtf8(t, encoding);
    if (!decoded) {
      if (decodeError.empty())
        decodeError = o.path + ": text '" + firstLine(t).substr(0, 40) + "' is not valid " + encoding +
                      "; give the file's encoding with --encoding";
      return;
    }
    t = std::move(*decoded);
  } else if (!isValidUtf8(t) && decodeError.empty()) {
    // GDAL recodes a declared encoding to UTF-8, but a .cpg saying UTF-8 over other bytes passes
    // them on as they are: the store takes UTF-8 only.
    decodeError = o.path + ": text '" + validUtf8(firstLine(t).substr(0, 40)) +
                  "' is not valid UTF-8 although the file declares its encoding; give the file's encoding "
                  "with --encoding";
  }
}

void SourceReader::Impl::readGeometry(OGRFeatureH f, const LayerPlan &plan, SourceFeature &sf)
{
  OgrGeometry g(OGR_F_StealGeometry(f));
  if (!g || OGR_G_IsEmpty(g.get())) return;
  if (!transformReady) {
    OGRSpatialReferenceH fileSrs = OGR_L_GetSpatialRef(plan.layer);
    if (!fileSrs && !userSrs) throw ImportError(o.path + " has no coordinate system; give --crs EPSG:N");
    OgrSrs src = userSrs ? cloneTraditional(userSrs.get()) : cloneTraditional(fileSrs);
    const std::string desc = srsDescription(src.get());
    if (userSrs && fileSrs && !OSRIsSame(fileSrs, userSrs.get()))
      data.notes.push_back("layer " + plan.name + ": using --crs " + desc + " instead of the file's " +
                           srsDescription(fileSrs));
    if (std::find(crsSeen.begin(), crsSeen.end(), desc) == crsSeen.end()) crsSeen.push_back(desc);
    try {
      ct = transformBetween(src.get(), wgs84.get());
    } catch (const std::exception &e) {
      throw ImportError(o.path + ": " + e.what());
    }
    transformReady = true;
  }
  try {
    if (ct) {
      CPLErrorReset();
      if (OGR_G_Transform(g.get(), ct.get()) != OGRERR_NONE)
        throw gis::Error(gis::Error::Kind::Input, "cannot transform to WGS84" + gdalReason(o));
    }
    sf.geometry = geometryFromOgr(g.get());
    if (!isLonLat(sf.geometry))
      throw gis::Error(gis::Error::Kind::Input,
                       "coordinates are not longitude/latitude after transformation (wrong or missing CRS?)");
    if (o.offset == ChinaOffset::Gcj02) sf.geometry = gis::wgs84FromGcj02(sf.geometry);
    if (o.offset == ChinaOffset::Bd09) sf.geometry = gis::wgs84FromBd09(sf.geometry);
  } catch (const gis::Error &e) {
    sf.geometry = {};
    sf.error = e.what();
  }
}

bool SourceReader::Impl::next(SourceFeature &sf)
{
  while (planIndex < plans.size()) {
    if (assumeUtf8 && nonUtf8) return false;
    const LayerPlan &plan = plans[planIndex];
    OGRLayerH l = plan.layer;
    if (!layerStarted) {
      if (data.driver == "ESRI Shapefile" && o.encoding.empty() && !scan) {
        const char *enc = GDALGetMetadataItem(l, "SOURCE_ENCODING", "SHAPEFILE");
        if (enc && *enc)
          data.notes.push_back("text encoding " + std::string(enc) +
                               " as the file declares (.cpg or DBF code page)");
      }
      ct.reset();
      transformReady = false;
      index = 0;
      OGR_L_ResetReading(l);
      CPLErrorReset();
      layerStarted = true;
    }
    OGRFeatureH raw = OGR_L_GetNextFeature(l);
    if (!raw) {
      if (index > 0) {
        data.layers.push_back(plan.name);
        data.layerCounts.push_back(index);
      }
      ++planIndex;
      layerStarted = false;
      continue;
    }
    gis::OgrFeature f(raw);
    const auto &slot = slots[planIndex];
    const auto &type = types[planIndex];
    sf.layer = plan.name;
    sf.index = ++index;
    sf.multiLayer = false;
    sf.error.clear();
    sf.geometry = {};
    sf.values.resize(data.fields.size());
    for (auto &v : sf.values)
      v = std::monostate{};
    for (std::size_t i = 0; i < slot.size(); ++i) {
      const int fi = static_cast<int>(i);
      if (!OGR_F_IsFieldSetAndNotNull(f.get(), fi)) continue;
      Value &v = sf.values[slot[i]];
      switch (type[i]) {
      case OFTInteger:
      case OFTInteger64:
        v = static_cast<std::int64_t>(OGR_F_GetFieldAsInteger64(f.get(), fi));
        break;
      case OFTReal:
        v = OGR_F_GetFieldAsDouble(f.get(), fi);
        break;
      case OFTDate:
      case OFTTime:
      case OFTDateTime:
        v = dateText(f.get(), fi, type[i]);
        text(std::get<std::string>(v));
        break;
      default:
        v = std::string(OGR_F_GetFieldAsString(f.get(), fi));
        text(std::get<std::string>(v));
      }
    }
    if (!scan) readGeometry(f.get(), plan, sf);
    if (kml) {
      const int nameField = OGR_F_GetFieldIndex(f.get(), "Name");
      if (std::string p = kml->problem(nameField < 0 ? "" : OGR_F_GetFieldAsString(f.get(), nameField));
          !p.empty()) {
        sf.geometry = {};
        sf.error = std::move(p);
      }
    }
    if (assumeUtf8 && nonUtf8) return false;
    return true;
  }
  return false;
}

SourceReader::SourceReader(const SourceOptions &options)
    : d(std::make_unique<Impl>(options, false))
{
}

SourceReader::~SourceReader() = default;

const std::string &SourceReader::driver() const
{
  return d->data.driver;
}

const std::vector<SourceField> &SourceReader::fields() const
{
  return d->data.fields;
}

std::size_t SourceReader::layersToRead() const
{
  return d->plans.size();
}

std::size_t SourceReader::expectedCount() const
{
  return d->expected;
}

bool SourceReader::next(SourceFeature &sf)
{
  return d->next(sf);
}

bool SourceReader::needsDecoding() const
{
  return d->assumeUtf8 && d->nonUtf8;
}

void SourceReader::finish(SourceData &summary)
{
  if (!d->decodeError.empty()) throw ImportError(d->decodeError);
  summary.driver = d->data.driver;
  summary.layers = d->data.layers;
  summary.layerCounts = d->data.layerCounts;
  summary.fields = d->data.fields;
  summary.notes = d->data.notes;
  summary.crs.clear();
  for (const auto &c : d->crsSeen)
    summary.crs += (summary.crs.empty() ? "" : ", ") + c;
  if (summary.crs.empty()) summary.crs = "none (no geometries)";
  if (!d->o.encoding.empty())
    summary.notes.push_back("text read as " + iconvEncodingName(d->o.encoding) + " (--encoding)");
  else if (!d->o.detectedEncoding.empty())
    summary.notes.push_back("text is not UTF-8 and the file declares no encoding: read as " +
                            d->o.detectedEncoding + " (give --encoding to choose another)");
}

std::string detectEncoding(const SourceOptions &options)
{
  SourceReader::Impl scan(options, true);
  SourceFeature sf;
  while (scan.next(sf)) {
  }
  return scan.allGb18030 ? "GB18030" : "ISO-8859-1";
}

SourceData readSource(const SourceOptions &options)
{
  SourceOptions o = options;
  for (;;) {
    SourceReader reader(o);
    SourceData data;
    SourceFeature sf;
    while (reader.next(sf))
      data.features.push_back(std::move(sf));
    if (reader.needsDecoding() && o.detectedEncoding.empty()) {
      o.detectedEncoding = detectEncoding(o);
      continue;
    }
    reader.finish(data);
    if (data.layers.size() > 1)
      for (auto &f : data.features)
        f.multiLayer = true;
    return data;
  }
}

} // namespace data
