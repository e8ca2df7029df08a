#include "layers/sample/SampleGeometry.h"

#include "gis/Geodesic.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <stdexcept>

namespace layers {

namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;
constexpr double kStepKm = 0.1; // vertex spacing of the generated edges

// Communities lie in the urban north, villages in the south; names other than 革新村, 建东村 and
// 建新村 (named in the plan) are invented.
const char *const kCommunityNames[] = {"江月居委",     "浦航居委", "浦星居委", "浦锦居委",
                                       "世博家园居委", "浦秀居委", "鲁汇居委"};
const char *const kVillageNames[] = {"革新村", "建东村", "建新村", "永丰村", "东风村", "红星村", "光明村",
                                     "新联村", "同心村", "胜利村", "长浜村", "塘口村", "友谊村", "联合村",
                                     "跃进村", "新民村", "群力村", "前进村", "立新村"};
const char *const kRiverPrefixes[] = {"张家", "李家", "王家", "陈家", "沈家", "周家", "杜家", "朱家",
                                      "顾家", "陆家", "金家", "吴家", "徐家", "钱家", "姚家", "蒋家",
                                      "唐家", "严家", "倪家", "闵家", "三友", "友谊", "横",   "直",
                                      "中心", "前进", "新开", "东",   "西",   "南",   "北",   "小",
                                      "大",   "长",   "红星", "油车", "竹园", "庙前", "桥头", "荷花"};
const char *const kRiverSuffixes[] = {"浜", "河", "港", "泾", "沟", "塘", "沥"};
const char *const kEstatePrefixes[] = {"春", "和", "锦", "秀", "悦", "澜", "欣", "景",
                                       "瑞", "翠", "馨", "怡", "康", "丰", "嘉", "华"};
const char *const kSpecies[] = {"香樟", "水杉", "银杏", "女贞", "栾树", "池杉"};

std::string code(const char *prefix, int n, int width = 2)
{
  std::string digits = std::to_string(n);
  return std::string(prefix) + "-" + std::string(std::max(0, width - static_cast<int>(digits.size())), '0') +
         digits;
}

bool allInside(const gis::PreparedGeometry &area, const std::vector<gis::Point> &pts)
{
  return std::all_of(pts.begin(), pts.end(), [&](const gis::Point &p) { return area.contains(p); });
}

} // namespace

SampleGeometry::SampleGeometry(SampleRandom &random)
    : mRandom(random)
{
  const double midLat = (kMinLat + kMaxLat) / 2;
  mKmPerDegLon = gis::geodesicDistance({kMinLon, midLat}, {kMinLon + 0.01, midLat}) / 10.0;
  mKmPerDegLat = gis::geodesicDistance({kMinLon, midLat - 0.005}, {kMinLon, midLat + 0.005}) / 10.0;
  for (double &p : mPhase)
    p = mRandom.uniform(0, kTwoPi);
}

SampleGeometry::~SampleGeometry() = default;

gis::Point SampleGeometry::toLonLat(double xKm, double yKm) const
{
  const double x = mCx + mScale * (xKm - mCx), y = mCy + mScale * (yKm - mCy);
  return {kMinLon + x / mKmPerDegLon, kMinLat + y / mKmPerDegLat};
}

gis::Ring SampleGeometry::ring(const std::vector<gis::Point> &localKm) const
{
  gis::Ring r;
  r.reserve(localKm.size() + 1);
  for (const auto &p : localKm)
    r.push_back(toLonLat(p.x, p.y));
  r.push_back(r.front());
  return r;
}

void SampleGeometry::add(const std::string &layer, const std::string &featureCode, const std::string &name,
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

std::vector<data::Feature> SampleGeometry::build()
{
  mFeatures.clear();
  buildBoundary();
  buildVillages();
  addLakes();
  addBeautifulVillages();
  addEstates();
  addForest();
  addRoads();
  addRivers();
  addSites();
  return std::move(mFeatures);
}

void SampleGeometry::buildBoundary()
{
  // The west edge is the Huangpu's east bank; the town tapers in the north-east.
  auto westX = [&](double y) {
    return 1.7 + 0.5 * std::sin(kTwoPi * y / 8.5 + mPhase[0]) + 0.2 * std::sin(kTwoPi * y / 3.1 + mPhase[1]);
  };
  auto eastX = [&](double y) { return 9.8 + 0.25 * std::sin(kTwoPi * y / 5.0 + mPhase[2]); };
  auto southY = [&](double x) { return 0.85 + 0.25 * std::sin(kTwoPi * x / 4.3 + mPhase[3]); };
  auto northY = [&](double x) {
    return 14.35 + 0.2 * std::sin(kTwoPi * x / 3.7 + mPhase[4]) - 0.6 * std::max(0.0, x - 6.5);
  };
  std::vector<gis::Point> town, river;
  for (int k = 11; k <= 142; ++k)
    town.push_back({westX(k * kStepKm), k * kStepKm});
  for (int k = static_cast<int>((westX(14.2) + 0.3) / kStepKm); k <= 93; ++k)
    town.push_back({k * kStepKm, northY(k * kStepKm)});
  for (int k = 123; k >= 13; --k)
    town.push_back({eastX(k * kStepKm), k * kStepKm});
  for (int k = 94; k >= static_cast<int>((westX(1.1) + 0.3) / kStepKm); --k)
    town.push_back({k * kStepKm, southY(k * kStepKm)});
  // The river runs the whole height of the box: its east bank shares the town's vertices.
  for (int k = 1; k <= 150; ++k)
    river.push_back({westX(k * kStepKm), k * kStepKm});
  for (int k = 150; k >= 1; --k)
    river.push_back(
        {westX(k * kStepKm) - 0.42 - 0.06 * std::sin(kTwoPi * k * kStepKm / 6.0 + mPhase[5]), k * kStepKm});

  mCx = 5.7;
  mCy = 7.6;
  for (int i = 0; i < 4; ++i) {
    gis::Polygon poly{{ring(town)}};
    mScale *= std::sqrt(kTownAreaM2 / gis::geodesicArea(poly));
  }
  mBoundary = gis::Geometry::polygon({{ring(town)}});
  mBoundaryPrepared = std::make_unique<gis::PreparedGeometry>(mBoundary);
  add("boundary", "ZJ-01", "浦江镇（示例）", mBoundary, {{"district", std::string("闵行区")}});
  add("water", "SY-01", "黄浦江", gis::Geometry::polygon({{ring(river)}}),
      {{"water_type", std::string("river")}, {"project", std::string("none")}});
}

void SampleGeometry::buildVillages()
{
  // Jittered grid of seeds, one per cell that falls inside the town.
  std::vector<gis::Point> sites;
  const int cols = 4, rows = 6;
  const double x0 = 1.2, y0 = 0.8, w = 8.8 / cols, h = 13.8 / rows;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      gis::Point p = toLonLat(x0 + (c + 0.5 + mRandom.uniform(-0.3, 0.3)) * w,
                              y0 + (r + 0.5 + mRandom.uniform(-0.3, 0.3)) * h);
      if (mBoundaryPrepared->contains(p)) sites.push_back(p);
    }
  std::sort(sites.begin(), sites.end(), [](const gis::Point &a, const gis::Point &b) { return a.y > b.y; });
  const std::size_t communities = std::min<std::size_t>(6, std::size(kCommunityNames));
  if (sites.size() > communities + std::size(kVillageNames))
    sites.resize(communities + std::size(kVillageNames));

  gis::Envelope clip = mBoundary.envelope();
  clip.minX -= 0.02, clip.minY -= 0.02, clip.maxX += 0.02, clip.maxY += 0.02;
  const std::vector<gis::Polygon> cells = gis::voronoi(sites, clip).polygons();
  for (std::size_t i = 0; i < sites.size(); ++i) {
    auto cell = std::find_if(cells.begin(), cells.end(), [&](const gis::Polygon &c) {
      return gis::PreparedGeometry(gis::Geometry::polygon(c)).contains(sites[i]);
    });
    if (cell == cells.end())
      throw std::runtime_error("sample town: no Voronoi cell holds village seed " + std::to_string(i));
    Village v;
    v.community = i < communities;
    v.name = v.community ? kCommunityNames[i] : kVillageNames[i - communities];
    v.geometry = gis::intersection(gis::Geometry::polygon(*cell), mBoundary);
    v.prepared = std::make_unique<gis::PreparedGeometry>(v.geometry);
    add("villages", code("CJ", static_cast<int>(i) + 1), v.name, v.geometry,
        {{"kind", std::string(v.community ? "community" : "village")}});
    mVillages.push_back(std::move(v));
  }
}

int SampleGeometry::villageAt(const gis::Point &p) const
{
  for (std::size_t i = 0; i < mVillages.size(); ++i)
    if (mVillages[i].prepared->contains(p)) return static_cast<int>(i);
  return -1;
}

const SampleGeometry::Village &SampleGeometry::villageOf(const gis::Point &p) const
{
  int i = villageAt(p);
  return mVillages[static_cast<std::size_t>(std::max(i, 0))];
}

bool SampleGeometry::freeOfLakes(const gis::Point &p) const
{
  for (const auto &lake : mLakes)
    if (lake->contains(p)) return false;
  return true;
}

gis::Point SampleGeometry::randomPointIn()
{
  const gis::Envelope &e = mBoundaryPrepared->envelope();
  for (int attempt = 0; attempt < 10000; ++attempt) {
    gis::Point p{mRandom.uniform(e.minX, e.maxX), mRandom.uniform(e.minY, e.maxY)};
    if (mBoundaryPrepared->contains(p) && freeOfLakes(p)) return p;
  }
  throw std::runtime_error("sample town: found no free point in the town");
}

gis::Polygon SampleGeometry::rectangle(const gis::Point &c, double areaM2, double aspect,
                                       double angleDeg) const
{
  const double a = angleDeg * std::numbers::pi / 180;
  double halfW = std::sqrt(areaM2 * aspect) / 2, halfH = areaM2 / (4 * halfW);
  gis::Polygon poly;
  for (int i = 0; i < 4; ++i) {
    poly.rings.assign(1, {});
    for (auto [sx, sy] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}}) {
      const double dx = sx * halfW, dy = sy * halfH;
      const double ex = dx * std::cos(a) - dy * std::sin(a), ny = dx * std::sin(a) + dy * std::cos(a);
      poly.rings[0].push_back({c.x + ex / 1000 / mKmPerDegLon, c.y + ny / 1000 / mKmPerDegLat});
    }
    const double f = std::sqrt(areaM2 / gis::geodesicArea(poly));
    halfW *= f, halfH *= f;
  }
  return poly;
}

void SampleGeometry::addLakes()
{
  struct Lake
  {
    const char *name;
    double a, b; // semi-axes, km
  };
  int n = 0;
  for (const Lake &lake : {Lake{"榃湖", 0.36, 0.22}, Lake{"涔湖", 0.30, 0.18}}) {
    for (int attempt = 0;; ++attempt) {
      if (attempt == 1000) throw std::runtime_error(std::string("sample town: no room for ") + lake.name);
      const gis::Point c = randomPointIn();
      const double rot = mRandom.uniform(0, std::numbers::pi);
      gis::Ring r;
      for (int k = 0; k < 48; ++k) {
        const double t = kTwoPi * k / 48, dx = lake.a * std::cos(t), dy = lake.b * std::sin(t);
        r.push_back({c.x + (dx * std::cos(rot) - dy * std::sin(rot)) / mKmPerDegLon,
                     c.y + (dx * std::sin(rot) + dy * std::cos(rot)) / mKmPerDegLat});
      }
      r.push_back(r.front());
      if (!allInside(*mBoundaryPrepared, r) ||
          !std::all_of(r.begin(), r.end(), [&](auto &p) { return freeOfLakes(p); }))
        continue;
      gis::Geometry g = gis::Geometry::polygon({{r}});
      mLakes.push_back(std::make_unique<gis::PreparedGeometry>(g));
      add("water", code("SY", 2 + n++), lake.name, g,
          {{"water_type", std::string("lake")}, {"project", std::string("lake_project")}});
      break;
    }
  }
}

void SampleGeometry::addBeautifulVillages()
{
  // Seven villages to accept this year (革新村 first, the plan's model village), and the two the
  // plan names to start: 建东村 and 建新村.
  std::vector<const Village *> accept, start;
  for (const auto &v : mVillages) {
    if (v.community) continue;
    if (v.name == "建东村" || v.name == "建新村")
      start.push_back(&v);
    else if (accept.size() < 7)
      accept.push_back(&v);
  }
  int n = 0;
  for (const auto *list : {&accept, &start})
    for (const Village *v : *list)
      add("beautiful_villages", code("MLXC", ++n), v->name + "美丽乡村", v->geometry,
          {{"phase", std::string(list == &accept ? "accept" : "start")}, {"village", v->name}});
}

void SampleGeometry::addEstates()
{
  const char *projects[] = {"old_housing", "leak_repair"};
  std::vector<std::string> kinds(projects, projects + 2);
  kinds.insert(kinds.end(), 13, "insulation");
  std::vector<std::string> names;
  for (const char *p : kEstatePrefixes)
    names.push_back(std::string("浦江") + p + "苑");
  mRandom.shuffle(names);
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    gis::Polygon poly;
    for (int attempt = 0;; ++attempt) {
      if (attempt == 1000) throw std::runtime_error("sample town: no room for estate " + names[i]);
      gis::Point c = randomPointIn();
      if (attempt < 500 && !villageOf(c).community) continue; // estates are in the urban communities
      poly = rectangle(c, mRandom.uniform(30000, 60000), mRandom.uniform(1.2, 1.8), mRandom.uniform(0, 90));
      if (allInside(*mBoundaryPrepared, poly.rings[0])) break;
    }
    add("estates", code("XQ", static_cast<int>(i) + 1), names[i], gis::Geometry::polygon(poly),
        {{"project", kinds[i]}, {"households", std::int64_t(mRandom.integer(300, 1500))}});
  }
}

void SampleGeometry::addForest()
{
  // Eight plots adding up to 162 mu, comfortably over the 150 mu goal.
  const int plots = 8;
  std::vector<double> weights(plots);
  double sum = 0;
  for (double &w : weights)
    sum += (w = mRandom.uniform(12, 30));
  std::map<std::string, int> perVillage;
  for (int i = 0; i < plots; ++i) {
    const double areaM2 = weights[i] / sum * 162 / gis::kMuPerSquareMetre;
    gis::Polygon poly;
    gis::Point c;
    for (int attempt = 0;; ++attempt) {
      if (attempt == 1000) throw std::runtime_error("sample town: no room for a forest plot");
      c = randomPointIn();
      if (attempt < 500 && villageOf(c).community) continue;
      poly = rectangle(c, areaM2, mRandom.uniform(1.0, 2.5), mRandom.uniform(0, 90));
      if (allInside(*mBoundaryPrepared, poly.rings[0]) &&
          std::all_of(poly.rings[0].begin(), poly.rings[0].end(), [&](auto &p) { return freeOfLakes(p); }))
        break;
    }
    const std::string village = villageOf(c).name;
    add("forest_plots", code("GYL", i + 1),
        village + "公益林" + std::to_string(++perVillage[village]) + "号地块", gis::Geometry::polygon(poly),
        {{"species", std::string(kSpecies[mRandom.integer(0, static_cast<int>(std::size(kSpecies)) - 1)])}});
  }
}

void SampleGeometry::addRoads()
{
  struct Road
  {
    const char *name;
    const char *roadClass;
    const char *project;
    std::vector<gis::Point> km;
  };
  const double W = (kMaxLon - kMinLon) * mKmPerDegLon, H = (kMaxLat - kMinLat) * mKmPerDegLat;
  const std::vector<Road> roads = {
      {"浦星公路", "arterial", "lighting", {{5.2, 0}, {5.0, 5}, {5.3, 10}, {5.1, H}}},
      {"三鲁公路", "arterial", "none", {{8.6, 0}, {8.4, 7}, {8.7, H}}},
      {"沈杜公路", "arterial", "none", {{0, 8.8}, {5, 9.0}, {W, 8.7}}},
      {"陈行公路", "arterial", "none", {{0, 4.2}, {5, 4.5}, {W, 4.0}}},
      {"联航路", "secondary", "street_greening", {{0, 12.9}, {6, 13.0}, {W, 12.8}}},
      {"浦锦路", "secondary", "none", {{0, 11.2}, {W, 11.0}}},
      {"江月路", "secondary", "none", {{0, 13.8}, {W, 13.7}}},
      {"浦秀路", "secondary", "none", {{6.8, 8.8}, {6.9, H}}},
  };
  int n = 0;
  for (const Road &road : roads) {
    gis::LineString line;
    for (std::size_t i = 0; i + 1 < road.km.size(); ++i) {
      const gis::Point a = road.km[i], b = road.km[i + 1];
      const int steps = std::max(1, static_cast<int>(std::hypot(b.x - a.x, b.y - a.y) / 0.5));
      for (int s = 0; s < steps; ++s) {
        const double t = static_cast<double>(s) / steps, wobble = s == 0 ? 0 : mRandom.uniform(-0.04, 0.04);
        line.push_back(toLonLat(a.x + t * (b.x - a.x) + wobble, a.y + t * (b.y - a.y) + wobble));
      }
    }
    line.push_back(toLonLat(road.km.back().x, road.km.back().y));
    // Keep the longest piece inside the town (a road may leave and re-enter at the river bank).
    std::vector<gis::LineString> pieces =
        gis::intersection(gis::Geometry::lineString(line), mBoundary).lines();
    auto longest = std::max_element(pieces.begin(), pieces.end(), [](const auto &a, const auto &b) {
      return gis::geodesicLength(a) < gis::geodesicLength(b);
    });
    if (longest == pieces.end()) continue;
    add("roads", code("DL", ++n), road.name, gis::Geometry::lineString(*longest),
        {{"road_class", std::string(road.roadClass)}, {"project", std::string(road.project)}});
  }
}

void SampleGeometry::addRivers()
{
  // Lengths: log-normal around 260 m, then scaled so they add up to exactly 87.1 km.
  std::vector<double> lengths(kRiverCount);
  double sum = 0;
  for (double &l : lengths)
    sum += (l = std::clamp(260 * std::exp(0.65 * mRandom.normal()), 50.0, 1500.0));
  for (double &l : lengths)
    l *= kRiverTotalM / sum;

  // Water-quality classes: a few per cent worse than V, under the plan's 5 % ceiling.
  std::vector<std::string> classes;
  for (auto [cls, count] : {std::pair{"II", 14}, {"III", 80}, {"IV", 105}, {"V", 55}, {"劣V", 9}})
    classes.insert(classes.end(), count, cls);
  mRandom.shuffle(classes);

  std::vector<std::string> names;
  for (const char *p : kRiverPrefixes)
    for (const char *s : kRiverSuffixes)
      names.push_back(std::string(p) + s);
  mRandom.shuffle(names);

  for (int i = 0; i < kRiverCount; ++i) {
    const double target = lengths[i];
    gis::LineString line;
    for (int attempt = 0;; ++attempt) {
      if (attempt == 500) throw std::runtime_error("sample town: no room for river " + names[i]);
      const gis::Point start = randomPointIn();
      // Plain-country channels run mostly east-west or north-south.
      double heading = 90.0 * mRandom.integer(0, 3) + 15 * mRandom.normal();
      const int vertices = std::max(3, static_cast<int>(target / 60) + 2);
      const double step = target / (vertices - 1);
      line.assign(1, start);
      for (int v = 1; v < vertices; ++v) {
        heading += 12 * mRandom.normal();
        line.push_back(gis::geodesicDirect(line.back(), heading, step));
      }
      // Scale about the start until the geodesic length is the assigned one.
      for (int k = 0; k < 5; ++k) {
        const double f = target / gis::geodesicLength(line);
        for (auto &p : line)
          p = {start.x + f * (p.x - start.x), start.y + f * (p.y - start.y)};
      }
      if (allInside(*mBoundaryPrepared, line) &&
          std::all_of(line.begin(), line.end(), [&](auto &p) { return freeOfLakes(p); }))
        break;
    }
    const double width = std::round(mRandom.uniform(3, 15) * 2) / 2;
    add("rivers", code("HD", i + 1, 3), names[i], gis::Geometry::lineString(line),
        {{"wq_class", classes[i]},
         {"level", std::string(target > 600 ? "town" : "village")},
         {"width_m", width}});
  }
}

void SampleGeometry::addSites()
{
  std::map<std::string, int> perVillage;
  auto numbered = [&](const gis::Point &p, const std::string &what) {
    const std::string v = villageOf(p).name;
    return v + std::to_string(++perVillage[v + what]) + "号" + what;
  };
  auto points = [&](const std::string &layer, const char *prefix, const std::string &what,
                    const std::vector<std::pair<std::string, int>> &projects) {
    int n = 0;
    for (const auto &[project, count] : projects)
      for (int i = 0; i < count; ++i) {
        gis::Point p = randomPointIn();
        add(layer, code(prefix, ++n, 3), numbered(p, what), gis::Geometry::point(p), {{"project", project}});
      }
  };
  points("toilets", "GC", "公厕", {{"overhaul", 4}, {"beautiful", 2}, {"existing", 12}});
  points("waste_rooms", "LJF", "垃圾房", {{"sewage_rebuild", 8}, {"existing", 20}});
  points("households", "WZA", "无障碍改造户", {{"accessibility", 67}});

  // Elder care: 3 homes to complete and 1 to open add 180 basic beds; 3 care homes add 129 beds.
  auto split = [&](int total, int parts, int lo, int hi) {
    std::vector<int> out;
    for (int i = 0; i + 1 < parts; ++i) {
      out.push_back(mRandom.integer(lo, hi));
      total -= out.back();
    }
    out.push_back(total);
    return out;
  };
  const std::vector<int> basic = split(180, 4, 35, 55), careBeds = split(129, 3, 35, 48);
  int n = 0;
  auto elder = [&](const std::string &name, const char *type, const char *project, data::Attributes extra) {
    gis::Point p = randomPointIn();
    extra["facility_type"] = std::string(type);
    extra["project"] = std::string(project);
    add("elder_care", code("YL", ++n), name.empty() ? villageOf(p).name + "长者照护之家" : name,
        gis::Geometry::point(p), std::move(extra));
  };
  const char *homes[] = {"浦江镇第二敬老院", "浦江镇第三敬老院", "浦江镇第四敬老院"};
  for (int i = 0; i < 3; ++i)
    elder(homes[i], "elder_home", "elder_home_complete",
          {{"beds", std::int64_t(basic[i] + 20)}, {"basic_beds", std::int64_t(basic[i])}});
  elder("浦江镇敬老院（新址）", "elder_home", "elder_home_open",
        {{"beds", std::int64_t(basic[3] + 30)}, {"basic_beds", std::int64_t(basic[3])}});
  for (int beds : careBeds)
    elder("", "care_home", "care_home_open", {{"beds", std::int64_t(beds)}});
  elder("浦江镇敬老院", "elder_home", "existing", {{"beds", std::int64_t(120)}});

  n = 0;
  auto facility = [&](const std::string &name, const char *type, const char *project) {
    gis::Point p = randomPointIn();
    add("facilities", code("GG", ++n), name.empty() ? villageOf(p).name + "卫生服务站" : name,
        gis::Geometry::point(p), {{"facility_type", std::string(type)}, {"project", std::string(project)}});
  };
  facility("浦江社区卫生服务中心", "health_center", "existing");
  facility("浦江社区卫生服务中心（南分中心）", "health_center", "health_center_complete");
  facility("", "health_station", "health_station_open");
  facility("", "health_station", "health_station_open");
  facility("", "health_station", "existing");
  facility("浦江镇文体中心", "culture_sports_center", "culture_center_complete");
  facility("浦江体育馆", "sports_venue", "sports_venue_build");
  facility("浦江全民健身中心", "sports_venue", "sports_venue_build");
}

} // namespace layers
