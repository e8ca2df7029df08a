#include "layers/sample/GenerateGeometry.h"

#include "gis/Geodesic.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <stdexcept>

namespace layers {

namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

// Invented stems; a number is inserted once a stem repeats (永丰村, 永丰2村, ...).
const char *const kVillageStems[] = {"革新", "建东", "建新", "永丰", "东风", "红星", "光明", "新联",
                                     "同心", "胜利", "长浜", "塘口", "友谊", "联合", "跃进", "新民",
                                     "群力", "前进", "立新", "新华", "和平", "民主", "团结", "向阳",
                                     "先锋", "双桥", "三星", "五一", "光辉", "新港"};
const char *const kCommunityStems[] = {"江月", "浦航", "浦星", "浦锦", "世博家园", "浦秀", "鲁汇", "浦泾"};
const char *const kRiverPrefixes[] = {"张家", "李家", "王家", "陈家", "沈家", "周家", "杜家", "朱家",
                                      "顾家", "陆家", "金家", "吴家", "徐家", "钱家", "姚家", "蒋家",
                                      "唐家", "严家", "倪家", "闵家", "三友", "横",   "直",   "中心",
                                      "新开", "东",   "西",   "小",   "大",   "长"};
const char *const kRiverSuffixes[] = {"浜", "河", "港", "泾", "沟", "塘", "沥"};
const char *const kSpecies[] = {"香樟", "水杉", "银杏", "女贞", "栾树", "池杉"};
const char *const kEstatePrefixes[] = {"春", "和", "锦", "秀", "悦", "澜", "欣", "景",
                                       "瑞", "翠", "馨", "怡", "康", "丰", "嘉", "华"};

std::string code(const char *prefix, int n, int width)
{
  std::string digits = std::to_string(n);
  return std::string(prefix) + "-" + std::string(std::max(0, width - static_cast<int>(digits.size())), '0') +
         digits;
}

std::string numbered(const char *stem, std::size_t repeat, const char *suffix)
{
  return std::string(stem) + (repeat == 0 ? "" : std::to_string(repeat + 1)) + suffix;
}

// Splits `total` into parts proportional to `weights` (largest remainder, so they add up exactly).
std::vector<int> apportion(int total, const std::vector<double> &weights)
{
  double sum = 0;
  for (double w : weights)
    sum += w;
  std::vector<int> out(weights.size());
  std::vector<std::pair<double, std::size_t>> rest;
  int given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = total * weights[i] / sum;
    out[i] = static_cast<int>(std::floor(exact));
    given += out[i];
    rest.push_back({exact - out[i], i});
  }
  std::stable_sort(rest.begin(), rest.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total; ++k, ++given)
    ++out[rest[k % rest.size()].second];
  return out;
}

} // namespace

GenerateGeometry::GenerateGeometry(SampleRandom &random, const GenerateOptions &resolvedOptions)
    : mRandom(random)
    , mOptions(resolvedOptions)
{
  mKmPerDegLon = gis::geodesicDistance({kCentreLon, kCentreLat}, {kCentreLon + 0.01, kCentreLat}) / 10.0;
  mKmPerDegLat =
      gis::geodesicDistance({kCentreLon, kCentreLat - 0.005}, {kCentreLon, kCentreLat + 0.005}) / 10.0;
}

gis::Point GenerateGeometry::lonLat(const Km &p) const
{
  return {kCentreLon + p.x / mKmPerDegLon, kCentreLat + p.y / mKmPerDegLat};
}

gis::Ring GenerateGeometry::ring(const std::vector<Km> &km) const
{
  gis::Ring r;
  r.reserve(km.size() + 1);
  for (const Km &p : km)
    r.push_back(lonLat(p));
  r.push_back(r.front());
  return r;
}

void GenerateGeometry::add(const std::string &layer, const std::string &featureCode, const std::string &name,
                           gis::Geometry g, data::Attributes attributes)
{
  data::Feature f;
  f.layerId = layer;
  f.code = featureCode;
  f.name = name;
  f.geometry = std::move(g);
  f.attributes = std::move(attributes);
  mFeatures.push_back(std::move(f));
}

std::vector<data::Feature> GenerateGeometry::build()
{
  mFeatures.clear();
  buildGrid();
  addBoundaryAndVillages();
  addLakes();
  addBeautifulVillages();
  addEstates();
  addForest();
  addRoads();
  addRivers();
  addSites();
  return std::move(mFeatures);
}

void GenerateGeometry::buildGrid()
{
  const int villages = mOptions.villages;
  mCols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(villages))));
  mRows = (villages + mCols - 1) / mCols;
  mLastRow = villages - mCols * (mRows - 1);
  mCell = std::sqrt(kTownAreaKm2 * mOptions.scale() / villages);
  const double x0 = -mCols * mCell / 2, y0 = -mRows * mCell / 2;
  mCorners.clear();
  for (int r = 0; r <= mRows; ++r)
    for (int c = 0; c <= mCols; ++c)
      mCorners.push_back(
          {x0 + (c + mRandom.uniform(-0.2, 0.2)) * mCell, y0 + (r + mRandom.uniform(-0.2, 0.2)) * mCell});

  // The urban north holds the communities, a quarter of the cells; the rest are villages.
  const int communityRow = mRows - std::max(1, mRows / 4);
  std::size_t nextVillage = 0, nextCommunity = 0;
  for (int i = 0; i < villages; ++i) {
    const int r = i / mCols, c = i % mCols;
    Village v;
    v.community = mRows > 1 && r >= communityRow;
    if (v.community) {
      const std::size_t k = nextCommunity++;
      v.name =
          numbered(kCommunityStems[k % std::size(kCommunityStems)], k / std::size(kCommunityStems), "居委");
    } else {
      const std::size_t k = nextVillage++;
      v.name = numbered(kVillageStems[k % std::size(kVillageStems)], k / std::size(kVillageStems), "村");
    }
    v.corners[0] = corner(c, r);
    v.corners[1] = corner(c + 1, r);
    v.corners[2] = corner(c + 1, r + 1);
    v.corners[3] = corner(c, r + 1);
    mVillages.push_back(std::move(v));
  }
}

int GenerateGeometry::villageAt(const Km &p) const
{
  const double x0 = -mCols * mCell / 2, y0 = -mRows * mCell / 2;
  const int c0 = static_cast<int>(std::floor((p.x - x0) / mCell)),
            r0 = static_cast<int>(std::floor((p.y - y0) / mCell));
  for (int r = r0 - 1; r <= r0 + 1; ++r)
    for (int c = c0 - 1; c <= c0 + 1; ++c) {
      if (r < 0 || c < 0 || c >= mCols || r >= mRows) continue;
      const int i = r * mCols + c;
      if (i >= static_cast<int>(mVillages.size())) continue;
      // Even-odd ray cast on the quadrilateral.
      const Km *q = mVillages[static_cast<std::size_t>(i)].corners;
      bool inside = false;
      for (int a = 0, b = 3; a < 4; b = a++)
        if ((q[a].y > p.y) != (q[b].y > p.y) &&
            p.x < (q[b].x - q[a].x) * (p.y - q[a].y) / (q[b].y - q[a].y) + q[a].x)
          inside = !inside;
      if (inside) return i;
    }
  return -1;
}

GenerateGeometry::Km GenerateGeometry::randomPointIn()
{
  const double hw = mCols * mCell / 2 + mCell, hh = mRows * mCell / 2 + mCell;
  for (int attempt = 0; attempt < 10000; ++attempt) {
    const Km p{mRandom.uniform(-hw, hw), mRandom.uniform(-hh, hh)};
    if (villageAt(p) >= 0) return p;
  }
  throw std::runtime_error("generate: found no point inside the region");
}

GenerateGeometry::Km GenerateGeometry::randomPointIn(bool community)
{
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const Km p = randomPointIn();
    if (mVillages[static_cast<std::size_t>(villageAt(p))].community == community) return p;
  }
  return randomPointIn(); // a region too small to have both kinds of cell
}

std::vector<GenerateGeometry::Km> GenerateGeometry::rectangle(const Km &c, double areaKm2, double aspect,
                                                              double angle) const
{
  const double halfW = std::sqrt(areaKm2 * aspect) / 2, halfH = areaKm2 / (4 * halfW);
  std::vector<Km> out;
  for (auto [sx, sy] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}) {
    const double dx = sx * halfW, dy = sy * halfH;
    out.push_back({c.x + dx * std::cos(angle) - dy * std::sin(angle),
                   c.y + dx * std::sin(angle) + dy * std::cos(angle)});
  }
  return out;
}

void GenerateGeometry::addBoundaryAndVillages()
{
  // Outline of the cells: along the bottom, up the east side, round the partial top row, down the west.
  std::vector<Km> outline;
  for (int c = 0; c <= mCols; ++c)
    outline.push_back(corner(c, 0));
  for (int r = 1; r < mRows; ++r)
    outline.push_back(corner(mCols, r));
  if (mLastRow < mCols) {
    for (int c = mCols - 1; c > mLastRow; --c)
      outline.push_back(corner(c, mRows - 1));
    outline.push_back(corner(mLastRow, mRows - 1));
  }
  for (int c = mLastRow; c >= 0; --c)
    outline.push_back(corner(c, mRows));
  for (int r = mRows - 1; r >= 1; --r)
    outline.push_back(corner(0, r));
  add("boundary", "QY-01", "生成区域（示例）", gis::Geometry::polygon({{ring(outline)}}),
      {{"district", std::string("生成区域")}});

  for (std::size_t i = 0; i < mVillages.size(); ++i) {
    const Village &v = mVillages[i];
    add("villages", code("CJ", static_cast<int>(i) + 1, 5), v.name,
        gis::Geometry::polygon({{ring({v.corners[0], v.corners[1], v.corners[2], v.corners[3]})}}),
        {{"kind", std::string(v.community ? "community" : "village")}});
  }
}

void GenerateGeometry::addLakes()
{
  const int lakes = std::max(1, static_cast<int>(std::lround(2 * mOptions.scale())));
  for (int n = 0; n < lakes; ++n) {
    const Km c = randomPointIn();
    const double a = mRandom.uniform(0.2, 0.4), b = a * mRandom.uniform(0.5, 0.8);
    const double rot = mRandom.uniform(0, std::numbers::pi);
    std::vector<Km> km;
    for (int k = 0; k < 48; ++k) {
      const double t = kTwoPi * k / 48, dx = a * std::cos(t), dy = b * std::sin(t);
      km.push_back(
          {c.x + dx * std::cos(rot) - dy * std::sin(rot), c.y + dx * std::sin(rot) + dy * std::cos(rot)});
    }
    const std::string &village = mVillages[static_cast<std::size_t>(villageAt(c))].name;
    add("water", code("SY", n + 1, 4), village + "湖", gis::Geometry::polygon({{ring(km)}}),
        {{"water_type", std::string("lake")}, {"project", std::string("lake_project")}});
  }
}

void GenerateGeometry::addBeautifulVillages()
{
  std::vector<const Village *> rural;
  for (const auto &v : mVillages)
    if (!v.community) rural.push_back(&v);
  mRandom.shuffle(rural);
  const auto accept = std::min(rural.size(), static_cast<std::size_t>(std::lround(7 * mOptions.scale())));
  const auto start =
      std::min(rural.size() - accept, static_cast<std::size_t>(std::lround(2 * mOptions.scale())));
  for (std::size_t i = 0; i < accept + start; ++i) {
    const Village &v = *rural[i];
    add("beautiful_villages", code("MLXC", static_cast<int>(i) + 1, 5), v.name + "美丽乡村",
        gis::Geometry::polygon({{ring({v.corners[0], v.corners[1], v.corners[2], v.corners[3]})}}),
        {{"phase", std::string(i < accept ? "accept" : "start")}, {"village", v.name}});
  }
}

void GenerateGeometry::addEstates()
{
  // Per sample town: one old-housing renovation, one leak repair and 13 insulation projects.
  const int estates = std::max(1, static_cast<int>(std::lround(15 * mOptions.scale())));
  for (int i = 0; i < estates; ++i) {
    const char *project = i % 15 == 0 ? "old_housing" : i % 15 == 1 ? "leak_repair" : "insulation";
    std::vector<Km> rect;
    for (int attempt = 0;; ++attempt) {
      if (attempt == 1000) throw std::runtime_error("generate: no room for an estate");
      rect = rectangle(randomPointIn(true), mRandom.uniform(0.03, 0.06), mRandom.uniform(1.2, 1.8),
                       mRandom.uniform(0, std::numbers::pi / 2));
      if (std::all_of(rect.begin(), rect.end(), [&](const Km &p) { return villageAt(p) >= 0; })) break;
    }
    add("estates", code("XQ", i + 1, 5),
        std::string("浦江") + kEstatePrefixes[static_cast<std::size_t>(i) % std::size(kEstatePrefixes)] +
            "苑" + std::to_string(i + 1) + "期",
        gis::Geometry::polygon({{ring(rect)}}),
        {{"project", std::string(project)}, {"households", std::int64_t(mRandom.integer(300, 1500))}});
  }
}

void GenerateGeometry::addForest()
{
  // 162 mu per sample town, comfortably over the 150 mu goal.
  const int plots = mOptions.plots;
  if (plots == 0) return;
  std::vector<double> weights(static_cast<std::size_t>(plots));
  double sum = 0;
  for (double &w : weights)
    sum += (w = mRandom.uniform(12, 30));
  const double totalKm2 = 162 * mOptions.scale() / gis::kMuPerSquareMetre / 1e6;
  for (int i = 0; i < plots; ++i) {
    const double areaKm2 = weights[static_cast<std::size_t>(i)] / sum * totalKm2;
    std::vector<Km> rect;
    Km c;
    for (int attempt = 0;; ++attempt) {
      if (attempt == 1000) throw std::runtime_error("generate: no room for a forest plot");
      c = randomPointIn(false);
      rect = rectangle(c, areaKm2, mRandom.uniform(1.0, 2.5), mRandom.uniform(0, std::numbers::pi / 2));
      if (std::all_of(rect.begin(), rect.end(), [&](const Km &p) { return villageAt(p) >= 0; })) break;
    }
    const std::string &village = mVillages[static_cast<std::size_t>(villageAt(c))].name;
    add("forest_plots", code("GYL", i + 1, 6), village + "公益林" + std::to_string(i + 1) + "号地块",
        gis::Geometry::polygon({{ring(rect)}}),
        {{"species", std::string(kSpecies[mRandom.integer(0, static_cast<int>(std::size(kSpecies)) - 1)])}});
  }
}

void GenerateGeometry::addRoads()
{
  // A road along every third grid line each way, vertices at the cell corners and wobbly midpoints.
  int n = 0;
  auto road = [&](std::vector<Km> km, const std::string &name) {
    gis::LineString line;
    for (std::size_t i = 0; i < km.size(); ++i) {
      if (i > 0) {
        const Km a = km[i - 1], b = km[i];
        line.push_back(lonLat({(a.x + b.x) / 2 + mRandom.uniform(-0.04, 0.04),
                               (a.y + b.y) / 2 + mRandom.uniform(-0.04, 0.04)}));
      }
      line.push_back(lonLat(km[i]));
    }
    const char *project = n % 8 == 0 ? "street_greening" : n % 8 == 1 ? "lighting" : "none";
    ++n;
    add("roads", code("DL", n, 4), name, gis::Geometry::lineString(std::move(line)),
        {{"road_class", std::string(n % 2 ? "arterial" : "secondary")}, {"project", std::string(project)}});
  };
  for (int r = 3; r < mRows; r += 3) {
    std::vector<Km> km;
    for (int c = 0; c <= mCols; ++c)
      km.push_back(corner(c, r));
    road(std::move(km), "纬" + std::to_string(r / 3) + "路");
  }
  for (int c = 3; c < mCols; c += 3) {
    std::vector<Km> km;
    for (int r = 0; r < mRows; ++r)
      km.push_back(corner(c, r));
    road(std::move(km), "经" + std::to_string(c / 3) + "路");
  }
}

void GenerateGeometry::addRivers()
{
  const int count = mOptions.rivers;
  // Lengths: log-normal around 260 m like the sample town, scaled to 87.1 km per 263 rivers.
  std::vector<double> lengths(static_cast<std::size_t>(count));
  double sum = 0;
  for (double &l : lengths)
    sum += (l = std::clamp(260 * std::exp(0.65 * mRandom.normal()), 50.0, 1500.0));
  const double totalM = kTownRiverM * count / kTownRivers;
  for (double &l : lengths)
    l *= totalM / sum;

  // Water-quality classes in the sample's shares (9 of 263 worse than V).
  std::vector<std::string> classes;
  const std::vector<int> perClass = apportion(count, {14, 80, 105, 55, 9});
  const char *names[] = {"II", "III", "IV", "V", "劣V"};
  for (std::size_t k = 0; k < perClass.size(); ++k)
    classes.insert(classes.end(), static_cast<std::size_t>(perClass[k]), names[k]);
  mRandom.shuffle(classes);

  const std::size_t nameCount = std::size(kRiverPrefixes) * std::size(kRiverSuffixes);
  for (int i = 0; i < count; ++i) {
    const double target = lengths[static_cast<std::size_t>(i)];
    std::vector<Km> km;
    for (int attempt = 0;; ++attempt) {
      if (attempt == 500) throw std::runtime_error("generate: no room for river " + std::to_string(i + 1));
      km.assign(1, randomPointIn());
      // Plain-country channels run mostly east-west or north-south.
      double heading = std::numbers::pi / 2 * mRandom.integer(0, 3) + 0.26 * mRandom.normal();
      const int vertices = std::max(3, static_cast<int>(target / 60) + 2);
      const double step = target / 1000 / (vertices - 1);
      for (int v = 1; v < vertices; ++v) {
        heading += 0.21 * mRandom.normal();
        km.push_back({km.back().x + step * std::cos(heading), km.back().y + step * std::sin(heading)});
      }
      if (std::all_of(km.begin(), km.end(), [&](const Km &p) { return villageAt(p) >= 0; })) break;
    }
    gis::LineString line;
    line.reserve(km.size());
    for (const Km &p : km)
      line.push_back(lonLat(p));
    // The local frame is planar: scale about the source until the geodesic length is the assigned one.
    for (int k = 0; k < 2; ++k) {
      const double f = target / gis::geodesicLength(line);
      for (auto &p : line)
        p = {line[0].x + f * (p.x - line[0].x), line[0].y + f * (p.y - line[0].y)};
    }
    const auto nameIndex = static_cast<std::size_t>(i) % nameCount;
    const std::size_t repeat = static_cast<std::size_t>(i) / nameCount;
    const std::string name = std::string(kRiverPrefixes[nameIndex / std::size(kRiverSuffixes)]) +
                             (repeat ? std::to_string(repeat + 1) : "") +
                             kRiverSuffixes[nameIndex % std::size(kRiverSuffixes)];
    add("rivers", code("HD", i + 1, 6), name, gis::Geometry::lineString(std::move(line)),
        {{"wq_class", classes[static_cast<std::size_t>(i)]},
         {"level", std::string(target > 600 ? "town" : "village")},
         {"width_m", std::round(mRandom.uniform(3, 15) * 2) / 2}});
  }
}

void GenerateGeometry::addSites()
{
  // The sample town's sites per layer and project (129 in all), apportioned to the requested count.
  struct Kind
  {
    const char *layer, *prefix, *what, *project, *type;
    double weight;
  };
  const std::vector<Kind> kinds = {
      {"toilets", "GC", "公厕", "overhaul", "", 4},
      {"toilets", "GC", "公厕", "beautiful", "", 2},
      {"toilets", "GC", "公厕", "existing", "", 12},
      {"waste_rooms", "LJF", "垃圾房", "sewage_rebuild", "", 8},
      {"waste_rooms", "LJF", "垃圾房", "existing", "", 20},
      {"households", "WZA", "无障碍改造户", "accessibility", "", 67},
      {"elder_care", "YL", "敬老院", "elder_home_complete", "elder_home", 3},
      {"elder_care", "YL", "敬老院", "elder_home_open", "elder_home", 1},
      {"elder_care", "YL", "长者照护之家", "care_home_open", "care_home", 3},
      {"elder_care", "YL", "敬老院", "existing", "elder_home", 1},
      {"facilities", "GG", "社区卫生服务中心", "health_center_complete", "health_center", 1},
      {"facilities", "GG", "社区卫生服务中心", "existing", "health_center", 1},
      {"facilities", "GG", "卫生服务站", "health_station_open", "health_station", 2},
      {"facilities", "GG", "卫生服务站", "existing", "health_station", 1},
      {"facilities", "GG", "文体中心", "culture_center_complete", "culture_sports_center", 1},
      {"facilities", "GG", "体育馆", "sports_venue_build", "sports_venue", 2},
  };
  std::vector<double> weights;
  for (const Kind &k : kinds)
    weights.push_back(k.weight);
  const std::vector<int> counts = apportion(mOptions.sites, weights);
  std::map<std::string, int> perLayer, perVillage;
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    const Kind &kind = kinds[k];
    for (int i = 0; i < counts[k]; ++i) {
      const Km p = randomPointIn();
      const std::string &village = mVillages[static_cast<std::size_t>(villageAt(p))].name;
      data::Attributes attributes{{"project", std::string(kind.project)}};
      if (*kind.type) attributes["facility_type"] = std::string(kind.type);
      if (std::string(kind.layer) == "elder_care") {
        const bool care = std::string(kind.type) == "care_home";
        const int beds = care ? mRandom.integer(35, 48) : mRandom.integer(35, 55);
        attributes["beds"] = std::int64_t(care ? beds : beds + 20);
        if (!care && std::string(kind.project) != "existing") attributes["basic_beds"] = std::int64_t(beds);
      }
      add(kind.layer, code(kind.prefix, ++perLayer[kind.layer], 6),
          village + std::to_string(++perVillage[village + kind.what]) + "号" + kind.what,
          gis::Geometry::point(lonLat(p)), std::move(attributes));
    }
  }
}

} // namespace layers
