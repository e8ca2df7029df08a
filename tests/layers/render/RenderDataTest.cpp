// MapData: the drawing snapshot of a project — projection into the GK zone, identify and box
// selection, and level of detail on a generated dense layer.
#include "data/spatialite/SpatiaLiteStoreScan.h"
#include "data/spatialite/Sqlite.h"
#include "data/store/Store.h"
#include "gis/Crs.h"
#include "layers/render/MapData.h"
#include "layers/render/MapRenderer.h"
#include "layers/render/Symbology.h"
#include "tests/common/SampleFixture.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <cstring>

using namespace layers;

TEST(RenderDataTest, SampleIsProjectedIntoTheGaussKrugerZoneOfItsCentre)
{
  testutil::TempDir dir;
  const auto store = data::openProject(testutil::sampleProjectCopy(dir));
  const auto map = MapData::fromStore(*store);
  EXPECT_TRUE(map->epsg() == gis::kCgcs2000Gk3_120E || map->epsg() == gis::kCgcs2000Gk3_123E);
  EXPECT_TRUE(map->synthetic);
  std::size_t stored = 0;
  for (const data::LayerDef &l : store->layers())
    stored += store->featureCount(l.id);
  EXPECT_EQ(map->featureCount(), stored);
  // Projected metres: the town is about 10 km across.
  const gis::Envelope e = map->extent();
  EXPECT_GT(e.width(), 5000);
  EXPECT_LT(e.width(), 30000);

  // Every feature is found by identify at its own label point, and the hit names it.
  std::vector<std::string> all;
  for (const MapLayer &l : map->layers())
    all.push_back(l.id());
  for (const MapLayer &l : map->layers()) {
    if (l.kind() != GeometryKind::Point || l.size() == 0) continue;
    const MapFeature &f = l.feature(0);
    const auto hits = map->identify(f.labelPoint, 5, all);
    ASSERT_FALSE(hits.empty()) << l.id();
    EXPECT_EQ(hits.front().featureId, f.id) << l.id();
    const auto stored = store->feature(f.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->name, f.name);
  }
}

TEST(RenderDataTest, BoxSelectionFindsLinesCrossingTheBoxButNotThoseBesideIt)
{
  data::LayerDef def{"lines", "线", "lines", "LineString", true, 0, {}};
  MapLayer layer(def, GeometryKind::Line);
  MapFeature a, b;
  a.id = 1;
  b.id = 2;
  layer.addFeature(a, {{{0, 0}, {100, 100}}}); // crosses the box
  layer.addFeature(b, {{{0, 100}, {20, 80}}}); // envelope overlaps the box, line does not
  std::vector<MapLayer> layers;
  layers.push_back(std::move(layer));
  MapData data(4549, std::move(layers));
  const auto hits = data.select(gis::Envelope{40, 40, 60, 60}, {"lines"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits.front().featureId, 1);
  EXPECT_TRUE(data.select(gis::Envelope{40, 40, 60, 60}, {}).empty()); // hidden layers are not picked
}

TEST(RenderDataTest, ADenseLayerRendersAndTinyFeaturesStillShow)
{
  data::LayerDef def{"dense", "密", "dense", "LineString", true, 0, {}};
  MapLayer layer(def, GeometryKind::Line);
  // 20,000 zig-zag lines of 50 vertices over 10 km, and one line far smaller than a pixel.
  for (int i = 0; i < 20000; ++i) {
    std::vector<gis::Point> path;
    const double x0 = (i % 200) * 50.0, y0 = (i / 200) * 100.0;
    for (int v = 0; v < 50; ++v)
      path.push_back({x0 + v, y0 + (v % 2) * 3.0});
    MapFeature f;
    f.id = i + 1;
    f.status = static_cast<data::Status>(i % 4);
    layer.addFeature(f, {path});
  }
  MapFeature tiny;
  tiny.id = 999999;
  layer.addFeature(tiny, {{{5000.2, 12000.2}, {5000.3, 12000.3}}});
  std::vector<MapLayer> layers;
  layers.push_back(std::move(layer));
  const auto data = std::make_shared<const MapData>(4549, std::move(layers));
  EXPECT_EQ(data->vertexCount(), 20000u * 50 + 2);

  MapSettings s;
  s.size = QSize(500, 650);
  s.extent = data->extent();
  s.labels = false;
  s.decorations = false;
  const QImage img = MapRenderer(data, s).renderImage();
  ASSERT_FALSE(img.isNull());
  // The sub-pixel line became a pixel of its colour.
  const QPoint at = s.toPixel({5000.25, 12000.25}).toPoint();
  int marked = 0;
  for (int dx = -1; dx <= 1; ++dx)
    for (int dy = -1; dy <= 1; ++dy)
      marked += img.pixelColor(at + QPoint(dx, dy)).rgb() != MapRenderer::background().rgb();
  EXPECT_GT(marked, 0);
}

// The map's fast read (SpatiaLite BLOBs parsed directly, one attribute from the JSON, events
// without the unused columns) gives what the store's own reader gives.
TEST(RenderDataTest, DirectScanReadsWhatTheStoreReads)
{
  testutil::TempDir dir;
  const auto store = data::openProject(testutil::sampleProjectCopy(dir));
  { // a retraction, so that an event names another one
    const data::Event first = store->allEvents().front();
    data::Event r;
    r.featureId = first.featureId;
    r.kind = data::EventKind::Retraction;
    r.status = data::Status::Planned;
    r.retracts = first.uuid;
    r.date = first.date;
    r.note = "recorded on the wrong feature";
    store->appendEvent("engineer1", r);
  }
  std::size_t compared = 0;
  for (const data::LayerDef &def : store->layers()) {
    const std::vector<data::Feature> expected = store->features(def.id);
    const std::string attribute = def.fields.empty() ? std::string() : def.fields.front().name;
    std::vector<data::ScannedFeature> scanned;
    ASSERT_TRUE(
        data::scanLayer(*store, def.id, attribute, [&](data::ScannedFeature &f) { scanned.push_back(f); }));
    ASSERT_EQ(scanned.size(), expected.size()) << def.id;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      SCOPED_TRACE(def.id + " " + expected[i].code);
      EXPECT_EQ(scanned[i].id, expected[i].id);
      EXPECT_EQ(scanned[i].code, expected[i].code);
      EXPECT_EQ(scanned[i].name, expected[i].name);
      EXPECT_DOUBLE_EQ(scanned[i].lengthM, expected[i].lengthM);
      EXPECT_DOUBLE_EQ(scanned[i].areaM2, expected[i].areaM2);
      EXPECT_EQ(scanned[i].geometry.type(), expected[i].geometry.type());
      EXPECT_TRUE(scanned[i].geometry.parts() == expected[i].geometry.parts());
      auto it = expected[i].attributes.find(attribute);
      EXPECT_EQ(scanned[i].attribute,
                it == expected[i].attributes.end() ? std::string() : data::valueToString(it->second));
      ++compared;
    }
  }
  EXPECT_GT(compared, 400u);

  data::EventTable events;
  ASSERT_TRUE(data::scanEvents(*store, events));
  // allEvents gives (date, id) order, the scan id order.
  std::vector<data::Event> all = store->allEvents();
  std::sort(all.begin(), all.end(), [](const data::Event &a, const data::Event &b) { return a.id < b.id; });
  ASSERT_EQ(events.size(), all.size());
  ASSERT_FALSE(all.empty());
  EXPECT_FALSE(all.back().retracts.empty());
  data::Event e;
  for (std::size_t i = 0; i < all.size(); ++i) {
    events.get(i, e);
    EXPECT_EQ(e.id, all[i].id);
    EXPECT_EQ(e.uuid, all[i].uuid);
    EXPECT_EQ(e.featureId, all[i].featureId);
    EXPECT_EQ(e.kind, all[i].kind);
    EXPECT_EQ(e.status, all[i].status);
    EXPECT_EQ(e.fromM, all[i].fromM);
    EXPECT_EQ(e.toM, all[i].toM);
    EXPECT_EQ(e.date, all[i].date);
    EXPECT_EQ(e.retracts, all[i].retracts);
  }
}

TEST(RenderDataTest, CompressedLayersReadThroughTheStoreGiveTheSameMap)
{
  testutil::TempDir dir;
  const std::string path = testutil::sampleProjectCopy(dir);
  const auto plain = MapData::fromStore(*data::openProject(path));
  {
    data::Database db(path, 2 /* SQLITE_OPEN_READWRITE */);
    db.exec("UPDATE feature SET geom_line = CompressGeometry(geom_line) WHERE layer_id = 'rivers';"
            "UPDATE feature SET geom_poly = CompressGeometry(geom_poly) WHERE layer_id = 'villages'");
  }
  const auto store = data::openProject(path);
  EXPECT_FALSE(data::scanLayer(*store, "rivers", "", [](data::ScannedFeature &) {}));
  const auto mixed = MapData::fromStore(*store);
  ASSERT_EQ(mixed->epsg(), plain->epsg());
  ASSERT_EQ(mixed->layers().size(), plain->layers().size());
  for (std::size_t li = 0; li < plain->layers().size(); ++li) {
    const MapLayer &a = plain->layers()[li], &b = mixed->layers()[li];
    SCOPED_TRACE(a.id());
    ASSERT_EQ(a.id(), b.id());
    ASSERT_EQ(a.size(), b.size());
    ASSERT_EQ(a.paths().pathStart, b.paths().pathStart);
    ASSERT_EQ(a.paths().featureStart, b.paths().featureStart);
    ASSERT_EQ(a.done().pathStart.size(), b.done().pathStart.size());
    for (std::size_t v = 0; v < a.vertexCount(); ++v) { // compressed vertices are float offsets
      ASSERT_NEAR(a.paths().xs[v], b.paths().xs[v], 0.01);
      ASSERT_NEAR(a.paths().ys[v], b.paths().ys[v], 0.01);
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a.featureId(i), b.featureId(i));
      EXPECT_EQ(a.status(i), b.status(i));
      EXPECT_EQ(a.doneM(i), b.doneM(i));
      EXPECT_EQ(a.code(i), b.code(i));
      EXPECT_EQ(a.name(i), b.name(i));
      EXPECT_EQ(a.waterClass(i), b.waterClass(i));
      EXPECT_NEAR(a.labelPoint(i).x, b.labelPoint(i).x, 0.01);
      EXPECT_NEAR(a.labelPoint(i).y, b.labelPoint(i).y, 0.01);
    }
  }
}

TEST(RenderDataTest, SpatiaLiteBlobParserRefusesWhatItDoesNotKnow)
{
  gis::Geometry g;
  const unsigned char tooShort[] = {0x00, 0x01, 0xFE};
  EXPECT_FALSE(data::parseSpatiaLiteBlob(tooShort, sizeof tooShort, g));
  // A point blob (class 1) with a compressed-line class code instead (1000002) is refused.
  std::vector<unsigned char> blob(60, 0);
  blob[1] = 0x01;
  blob[38] = 0x7C;
  const std::int32_t compressed = 1000002;
  std::memcpy(&blob[39], &compressed, 4);
  blob.back() = 0xFE;
  EXPECT_FALSE(data::parseSpatiaLiteBlob(blob.data(), blob.size(), g));
  // The same bytes as a point: 4 header bytes + MBR, class 1, x, y, end.
  std::vector<unsigned char> point(39 + 4 + 16 + 1, 0);
  point[1] = 0x01;
  point[38] = 0x7C;
  const std::int32_t cls = 1;
  const double x = 121.5, y = 31.05;
  std::memcpy(&point[39], &cls, 4);
  std::memcpy(&point[43], &x, 8);
  std::memcpy(&point[51], &y, 8);
  point.back() = 0xFE;
  ASSERT_TRUE(data::parseSpatiaLiteBlob(point.data(), point.size(), g));
  EXPECT_DOUBLE_EQ(g.parts().front().front().front().x, 121.5);
  EXPECT_DOUBLE_EQ(g.parts().front().front().front().y, 31.05);
}

// The map loader reads points and lines from the BLOB straight into flat arrays: the same paths
// as the parsed geometry, every layer of the sample read through one scanner (one connection), and
// what the parser refuses is refused.
TEST(RenderDataTest, FlatBlobReadingGivesTheParsedGeometrysPaths)
{
  testutil::TempDir dir;
  const auto store = data::openProject(testutil::sampleProjectCopy(dir));
  data::LayerScanner scanner(*store);
  ASSERT_TRUE(scanner.ok());
  std::size_t compared = 0;
  for (const data::LayerDef &def : store->layers()) {
    const std::vector<data::Feature> expected = store->features(def.id);
    std::size_t row = 0;
    const auto [fromId, toId] = scanner.idRange();
    ASSERT_TRUE(scanner.scan({{def.id, {}}}, fromId, toId, [&](const data::LayerScanner::Row &r) {
      EXPECT_EQ(r.id, expected[row].id);
      EXPECT_EQ(r.code, expected[row].code);
      gis::Geometry g;
      EXPECT_TRUE(data::parseSpatiaLiteBlob(r.blob, r.blobSize, g));
      std::vector<double> xs{-1}, ys{-1}; // appended after what is there
      std::vector<std::uint32_t> ends;
      EXPECT_TRUE(data::appendSpatiaLitePaths(r.blob, r.blobSize, xs, ys, ends));
      std::size_t v = 1, path = 0;
      for (const auto &part : g.parts())
        for (const auto &p : part) {
          for (const gis::Point &pt : p) {
            EXPECT_EQ(xs.at(v), pt.x);
            EXPECT_EQ(ys.at(v), pt.y);
            ++v;
          }
          EXPECT_EQ(ends.at(path++), v);
        }
      EXPECT_EQ(xs.size(), v);
      EXPECT_EQ(ends.size(), path);
      ++row;
      ++compared;
      return true;
    })) << def.id;
    EXPECT_EQ(row, expected.size()) << def.id;
  }
  EXPECT_GT(compared, 400u);

  // A two-part multilinestring (XYZ, so every vertex skips its z), written as SpatiaLite does.
  std::vector<unsigned char> multi(39, 0);
  multi[1] = 0x01;
  multi[38] = 0x7C;
  auto put = [&multi](const auto &v) {
    const auto *b = reinterpret_cast<const unsigned char *>(&v);
    multi.insert(multi.end(), b, b + sizeof v);
  };
  put(std::int32_t{1005});
  put(std::int32_t{2});
  std::vector<double> wantX, wantY;
  for (int part = 0; part < 2; ++part) {
    multi.push_back(0x69);
    put(std::int32_t{1002});
    put(std::int32_t{2 + part});
    for (int v = 0; v < 2 + part; ++v) {
      wantX.push_back(121.0 + part + v * 0.01);
      wantY.push_back(31.0 + v * 0.01);
      put(wantX.back());
      put(wantY.back());
      put(5.0);
    }
  }
  multi.push_back(0xFE);
  gis::Geometry g;
  ASSERT_TRUE(data::parseSpatiaLiteBlob(multi.data(), multi.size(), g));
  ASSERT_EQ(g.parts().size(), 2u);
  std::vector<double> xs, ys;
  std::vector<std::uint32_t> ends;
  ASSERT_TRUE(data::appendSpatiaLitePaths(multi.data(), multi.size(), xs, ys, ends));
  EXPECT_EQ(ends, (std::vector<std::uint32_t>{2, 5}));
  EXPECT_EQ(xs, wantX);
  EXPECT_EQ(ys, wantY);
  xs.clear();
  ys.clear();
  ends.clear();
  const unsigned char tooShort[] = {0x00, 0x01, 0xFE};
  EXPECT_FALSE(data::appendSpatiaLitePaths(tooShort, sizeof tooShort, xs, ys, ends));
  std::vector<unsigned char> blob(60, 0);
  blob[1] = 0x01;
  blob[38] = 0x7C;
  const std::int32_t compressed = 1000002;
  std::memcpy(&blob[39], &compressed, 4);
  blob.back() = 0xFE;
  EXPECT_FALSE(data::appendSpatiaLitePaths(blob.data(), blob.size(), xs, ys, ends));
}

// More sites in view than kDensePoints: each is a dot in its status colour, not a symbol with a
// dark outline; a lone site in a sparse view keeps its symbol.
TEST(RenderDataTest, ManySitesInViewBecomeDotsInTheirStatusColour)
{
  auto render = [](int count) {
    data::LayerDef def{"sites", "点", "sites", "Point", true, 0, {}};
    MapLayer layer(def, GeometryKind::Point);
    for (int i = 0; i < count; ++i) {
      MapFeature f;
      f.id = i + 1;
      f.status = data::Status::Completed;
      layer.addFeature(f, {{{(i % 250) * 40.0, (i / 250) * 40.0}}});
    }
    std::vector<MapLayer> layers;
    layers.push_back(std::move(layer));
    const auto data = std::make_shared<const MapData>(4549, std::move(layers));
    MapSettings s;
    s.size = QSize(400, 400);
    const gis::Envelope e = data->extent();
    s.extent = gis::Envelope{e.minX - 100, e.minY - 100, e.maxX + 100, e.maxY + 100};
    s.labels = false;
    s.decorations = false;
    return MapRenderer(data, s).renderImage();
  };
  auto count = [](const QImage &img, const QColor &c) {
    long n = 0;
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x)
        n += img.pixelColor(x, y).rgb() == c.rgb();
    return n;
  };
  auto dark = [](const QImage &img) { // the symbols' outline, rgb(30, 30, 30), antialiased
    long n = 0;
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x) {
        const QColor c = img.pixelColor(x, y);
        n += c.red() < 90 && c.green() < 90 && c.blue() < 90;
      }
    return n;
  };
  const QColor done = Symbology::statusColour(data::Status::Completed);
  const QImage dense = render(25000);
  ASSERT_FALSE(dense.isNull());
  EXPECT_GT(count(dense, done), 1000);
  EXPECT_EQ(dark(dense), 0);
  const QImage sparse = render(4);
  EXPECT_GT(dark(sparse), 0);
}

// A layer keeps no object per feature (ids, statuses and measures in columns, codes and names in
// one pool, float envelopes); what goes in comes back out, and envelopes still contain the exact
// ones (rounded outwards, by a centimetre at most).
TEST(RenderDataTest, ALayerGivesBackEachFeatureFromItsColumns)
{
  data::LayerDef def{"rivers", "河道", "rivers", "LineString", true, 0, {}};
  MapLayer layer(def, GeometryKind::Line);
  const double x0 = 643264.135290, y0 = 3431940.323895; // GK metres in the town
  for (int i = 0; i < 300; ++i) {
    MapFeature f;
    f.id = 1000 + i;
    f.code = "HD-" + std::to_string(i);
    f.name = i % 3 ? "河" + std::to_string(i) : ""; // some without a name
    f.status = static_cast<data::Status>(i % 4);
    f.waterClass = static_cast<WaterClass>(i % 7);
    f.doneM = i * 1.5;
    f.lengthM = 1000 + i;
    const double x = x0 + i * 123.456, y = y0 - i * 77.7;
    layer.addFeature(f, {{{x, y}, {x + 10.01, y + 5.03}, {x + 20.7, y - 3.3}}});
  }
  std::vector<MapLayer> layers;
  layers.push_back(std::move(layer));
  const MapData data(4549, std::move(layers));
  const MapLayer &l = data.layers().front();
  ASSERT_EQ(l.size(), 300u);
  for (std::size_t i = 0; i < l.size(); ++i) {
    const MapFeature f = l.feature(i);
    EXPECT_EQ(f.id, static_cast<std::int64_t>(1000 + i));
    EXPECT_EQ(f.code, "HD-" + std::to_string(i));
    EXPECT_EQ(l.code(i), f.code);
    EXPECT_EQ(l.name(i), f.name);
    EXPECT_EQ(f.name, i % 3 ? "河" + std::to_string(i) : "");
    EXPECT_EQ(f.status, static_cast<data::Status>(i % 4));
    EXPECT_EQ(f.waterClass, static_cast<WaterClass>(i % 7));
    EXPECT_DOUBLE_EQ(f.doneM, i * 1.5);
    EXPECT_DOUBLE_EQ(f.lengthM, 1000.0 + static_cast<double>(i));
    // A line's label goes on the middle vertex of its first path.
    const double x = x0 + static_cast<double>(i) * 123.456, y = y0 - static_cast<double>(i) * 77.7;
    EXPECT_EQ(f.labelPoint.x, x + 10.01);
    EXPECT_EQ(f.labelPoint.y, y + 5.03);
    const gis::Envelope e = l.envelope(i);
    EXPECT_LE(e.minX, x);
    EXPECT_LE(e.minY, y - 3.3);
    EXPECT_GE(e.maxX, x + 20.7);
    EXPECT_GE(e.maxY, y + 5.03);
    EXPECT_NEAR(e.minX, x, 0.01);
    EXPECT_NEAR(e.maxY, y + 5.03, 0.01);
  }
  const MapLayer *found = nullptr;
  const auto f = data.feature(1042, &found);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(found, &l);
  EXPECT_EQ(f->code, "HD-42");
  EXPECT_EQ(data.feature(5), nullptr);
  EXPECT_GT(l.memoryBytes(), 0u);
}
