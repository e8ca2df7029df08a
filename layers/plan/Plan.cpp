#include "layers/plan/Plan.h"

#include "data/store/FeatureRules.h"
#include "data/store/StoreError.h"
#include "layers/plan/PlanReader.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>

namespace layers {

namespace {

using planfile::joined;
using planfile::Reader;

template <typename Enum, int N> std::set<std::string> namesOf(const char *(*name)(Enum))
{
  std::set<std::string> out;
  for (int i = 0; i < N; ++i)
    out.insert(name(static_cast<Enum>(i)));
  return out;
}
const std::set<std::string> kKinds = namesOf<data::TargetKind, data::kTargetKindCount>(data::targetKindName);
const std::set<std::string> kGroups{"product", "engineering", "services", "environment"};
const std::set<std::string> kComparators =
    namesOf<data::Comparator, data::kComparatorCount>(data::comparatorSymbol);
const std::set<std::string> kGeometryTypes{"Point", "LineString", "Polygon"};
const std::set<std::string> kFieldTypes{"text", "integer", "real"};

data::FieldDef parseField(const Reader &r)
{
  r.onlyKeys({"name", "type", "required", "values", "label_zh", "label_en"});
  data::FieldDef f;
  f.name = r.text("name");
  static const std::regex ascii("^[a-z_][a-z0-9_]*$");
  if (!std::regex_match(f.name, ascii))
    r.fail("name", "'" + f.name + "' must be lower-case ASCII (a-z, 0-9, _)");
  f.type = r.has("type") ? r.oneOf("type", kFieldTypes) : "text";
  f.required = r.boolean("required", false);
  f.values = r.strings("values");
  f.labelZh = r.text("label_zh", false);
  f.labelEn = r.text("label_en", false);
  return f;
}

data::LayerDef parseLayer(const Reader &r)
{
  r.onlyKeys({"id", "name_zh", "name_en", "geometry", "tracked", "sort_order", "fields"});
  data::LayerDef l;
  l.id = r.text("id");
  l.nameZh = r.text("name_zh");
  l.nameEn = r.text("name_en");
  l.geometryType = r.oneOf("geometry", kGeometryTypes);
  l.tracked = r.boolean("tracked", false);
  l.sortOrder = r.has("sort_order") ? static_cast<int>(r.number("sort_order")) : 0;
  const nlohmann::json fields = r.array("fields", false);
  std::set<std::string> names;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    Reader fr = r.element(fields, "fields", i);
    data::FieldDef f = parseField(fr);
    if (!names.insert(f.name).second) fr.fail("name", "field '" + f.name + "' appears twice");
    l.fields.push_back(std::move(f));
  }
  return l;
}

const data::FieldDef *findField(const data::LayerDef &layer, const std::string &name)
{
  for (const auto &f : layer.fields)
    if (f.name == name) return &f;
  return nullptr;
}

void parseRule(const Reader &r, Target &t, const data::LayerDef &layer)
{
  auto needField = [&](const Reader &at, const char *key, const std::string &name) {
    if (!findField(layer, name)) at.fail(key, "layer '" + layer.id + "' has no field '" + name + "'");
  };
  r.onlyKeys({"filter", "min_status", "attribute", "ratio_values"});
  if (auto filter = r.child("filter", false)) {
    filter->onlyKeys({"attr", "value"});
    t.filterAttr = filter->text("attr");
    t.filterValue = filter->text("value");
    needField(*filter, "attr", t.filterAttr);
    const data::FieldDef *f = findField(layer, t.filterAttr);
    if (!f->values.empty() && std::find(f->values.begin(), f->values.end(), t.filterValue) == f->values.end())
      filter->fail("value", "'" + t.filterValue + "' is not a value of field '" + t.filterAttr + "'");
  }
  if (r.has("min_status")) {
    std::string s = r.text("min_status");
    auto st = data::statusFromName(s);
    if (!st) r.fail("min_status", "'" + s + "' is not one of planned, in_progress, completed, accepted");
    t.minStatus = *st;
  }
  if (t.kind == data::TargetKind::AttributeSum || t.kind == data::TargetKind::Ratio) {
    t.attribute = r.text("attribute");
    needField(r, "attribute", t.attribute);
  }
  if (t.kind == data::TargetKind::AttributeSum) {
    const data::FieldDef *f = findField(layer, t.attribute);
    if (f->type == "text")
      r.fail("attribute", "field '" + t.attribute + "' is text; attribute_sum needs a number");
  }
  if (t.kind == data::TargetKind::Ratio) {
    t.ratioValues = r.strings("ratio_values");
    if (t.ratioValues.empty()) r.fail("ratio_values", "a ratio target needs at least one value");
  }
  if ((t.kind == data::TargetKind::Length) && layer.geometryType != "LineString")
    r.fail("", "a length target needs a LineString layer, '" + layer.id + "' is " + layer.geometryType);
  if ((t.kind == data::TargetKind::Area) && layer.geometryType != "Polygon")
    r.fail("", "an area target needs a Polygon layer, '" + layer.id + "' is " + layer.geometryType);
  t.ruleJson = r.object().dump();
}

Target parseTarget(const Reader &r, const std::vector<data::LayerDef> &layers)
{
  r.onlyKeys({"id", "group", "name_zh", "name_en", "kind", "goal", "comparator", "unit", "unit_en", "source",
              "layer", "rule", "lead", "support", "milestones"});
  Target t;
  t.id = r.text("id");
  t.group = r.oneOf("group", kGroups);
  t.nameZh = r.text("name_zh");
  t.nameEn = r.text("name_en");
  t.kind = *data::targetKindFromName(r.oneOf("kind", kKinds));
  t.goal = r.number("goal");
  t.comparator = *data::comparatorFromSymbol(r.oneOf("comparator", kComparators));
  t.unit = r.text("unit");
  t.unitEn = r.text("unit_en");
  t.source = r.text("source", false);
  t.lead = r.text("lead", false);
  t.support = r.strings("support");
  for (std::size_t i = 0; i < t.support.size(); ++i)
    if (t.support[i].empty()) r.fail("support[" + std::to_string(i) + "]", "must not be empty");
  if (t.kind == data::TargetKind::Indicator) {
    if (r.has("layer")) r.fail("layer", "an indicator target is measured, not counted on a layer");
    t.ruleJson = "{}";
    return t;
  }
  t.layerId = r.text("layer");
  auto layer = std::find_if(layers.begin(), layers.end(), [&](const auto &l) { return l.id == t.layerId; });
  if (layer == layers.end()) r.fail("layer", "'" + t.layerId + "' is not one of the plan's layers");
  if (!layer->tracked && t.kind != data::TargetKind::Ratio)
    r.fail("layer", "layer '" + t.layerId + "' is not tracked, so nothing on it can be done");
  auto rule = r.child("rule", t.kind == data::TargetKind::Ratio || t.kind == data::TargetKind::AttributeSum);
  parseRule(rule ? *rule : Reader(nlohmann::json::object(), r.path() + ".rule", r.file()), t, *layer);
  return t;
}

// Milestones: ascending dates within the plan's period, each with the value expected by then.
std::vector<Milestone> parseMilestones(const Reader &r, const std::string &start, const std::string &deadline)
{
  std::vector<Milestone> out;
  const nlohmann::json list = r.array("milestones", false);
  for (std::size_t i = 0; i < list.size(); ++i) {
    Reader mr = r.element(list, "milestones", i);
    mr.onlyKeys({"date", "value"});
    Milestone m{mr.date("date"), mr.number("value")};
    if (m.date < start || m.date > deadline)
      mr.fail("date", m.date + " is outside the plan's period " + start + " to " + deadline);
    if (!out.empty() && m.date <= out.back().date)
      mr.fail("date", m.date + " is not after the milestone before it (" + out.back().date + ")");
    out.push_back(m);
  }
  return out;
}

void parseHeader(const Reader &r, Plan &p, const planfile::Problems &problems)
{
  r.onlyKeys({"format", "id", "title_zh", "title_en", "docNumber", "town", "town_en", "startDate", "deadline",
              "village_layer", "layers", "targets"});
  problems.attempt([&] { p.id = r.text("id"); });
  problems.attempt([&] { p.titleZh = r.text("title_zh"); });
  problems.attempt([&] { p.titleEn = r.text("title_en"); });
  problems.attempt([&] { p.docNumber = r.text("docNumber", false); });
  problems.attempt([&] { p.town = r.text("town"); });
  problems.attempt([&] { p.townEn = r.text("town_en", false); });
  const bool dates = problems.attempt([&] { p.startDate = r.date("startDate"); }) &&
                     problems.attempt([&] { p.deadline = r.date("deadline"); });
  if (dates && p.deadline < p.startDate)
    problems.attempt([&] { r.fail("deadline", p.deadline + " is before startDate " + p.startDate); });
}

void parseLayers(const Reader &r, Plan &p, const planfile::Problems &problems)
{
  nlohmann::json layers;
  if (!problems.attempt([&] { layers = r.array("layers", true); })) return;
  std::set<std::string> layerIds;
  for (std::size_t i = 0; i < layers.size(); ++i)
    problems.attempt([&] {
      Reader lr = r.element(layers, "layers", i);
      data::LayerDef l = parseLayer(lr);
      if (!layerIds.insert(l.id).second) lr.fail("id", "layer '" + l.id + "' appears twice");
      try {
        data::checkLayerDef(l); // the store's own rules, so a plan that loads can be stored
      } catch (const data::StoreError &e) {
        lr.fail("", e.what());
      }
      p.layers.push_back(std::move(l));
    });
  // The polygons progress is rolled up by: "village_layer", else a layer with the id "villages".
  problems.attempt([&] {
    p.villageLayer = r.text("village_layer", false);
    if (p.villageLayer.empty() && layerIds.count("villages")) p.villageLayer = "villages";
    if (p.villageLayer.empty()) return;
    const auto v =
        std::find_if(p.layers.begin(), p.layers.end(), [&](const auto &l) { return l.id == p.villageLayer; });
    if (v == p.layers.end())
      r.fail("village_layer", "'" + p.villageLayer + "' is not one of the plan's layers");
    if (v->geometryType != "Polygon")
      r.fail("village_layer", "layer '" + p.villageLayer + "' is not a Polygon layer");
  });
}

void parseTargets(const Reader &r, Plan &p, const planfile::Problems &problems)
{
  nlohmann::json targets;
  if (!problems.attempt([&] { targets = r.array("targets", true); })) return;
  if (targets.empty()) problems.attempt([&] { r.fail("targets", "a plan needs at least one target"); });
  std::set<std::string> targetIds;
  for (std::size_t i = 0; i < targets.size(); ++i)
    problems.attempt([&] {
      Reader tr = r.element(targets, "targets", i);
      Target t = parseTarget(tr, p.layers);
      if (!targetIds.insert(t.id).second) tr.fail("id", "target '" + t.id + "' appears twice");
      t.milestones = parseMilestones(tr, p.startDate, p.deadline);
      p.targets.push_back(std::move(t));
    });
}

nlohmann::json parseDocument(const std::string &json, const std::string &sourceName)
{
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error &e) {
    throw std::runtime_error(sourceName + ": not valid JSON at byte " + std::to_string(e.byte) + ": " +
                             std::string(e.what()).substr(std::string(e.what()).find(':') + 2));
  }
  if (!doc.is_object()) throw std::runtime_error(sourceName + ": the plan must be a JSON object");
  return doc;
}

Plan parsePlan(const std::string &json, const std::string &sourceName, const planfile::Problems &problems)
{
  Reader r(parseDocument(json, sourceName), "", sourceName);
  Plan p;
  parseHeader(r, p, problems);
  parseLayers(r, p, problems);
  parseTargets(r, p, problems);
  p.json = json;
  return p;
}

} // namespace

const Target *Plan::target(const std::string &id) const
{
  for (const auto &t : targets)
    if (t.id == id) return &t;
  return nullptr;
}

Plan Plan::fromJson(const std::string &json, const std::string &sourceName)
{
  return parsePlan(json, sourceName, planfile::Problems());
}

std::vector<std::string> Plan::check(const std::string &json, const std::string &sourceName)
{
  std::vector<std::string> problems;
  try {
    parsePlan(json, sourceName, planfile::Problems(&problems));
  } catch (const std::runtime_error &e) {
    problems.push_back(e.what()); // not JSON, or not an object
  }
  return problems;
}

std::string readPlanFile(const std::string &path)
{
  std::ifstream f(path, std::ios::binary);
  std::ostringstream text;
  if (!f || !(text << f.rdbuf()))
    throw std::runtime_error(path + ": cannot read the plan file: " + std::strerror(errno));
  return text.str();
}

Plan Plan::fromFile(const std::string &path)
{
  return fromJson(readPlanFile(path), path);
}

data::PlanRecord Plan::record() const
{
  data::PlanRecord r;
  r.id = id;
  r.titleZh = titleZh;
  r.titleEn = titleEn;
  r.docNumber = docNumber;
  r.startDate = startDate;
  r.deadline = deadline;
  r.json = json;
  return r;
}

std::vector<data::TargetRecord> Plan::targetRecords() const
{
  std::vector<data::TargetRecord> out;
  out.reserve(targets.size());
  for (const auto &t : targets) {
    data::TargetRecord r;
    r.id = t.id;
    r.group = t.group;
    r.nameZh = t.nameZh;
    r.nameEn = t.nameEn;
    r.kind = t.kindName();
    r.goal = t.goal;
    r.comparator = t.comparatorSymbol();
    r.unit = t.unit;
    r.layerId = t.layerId;
    r.ruleJson = t.ruleJson;
    out.push_back(std::move(r));
  }
  return out;
}

std::string bundledPlanDir()
{
  namespace fs = std::filesystem;
  if (const char *env = std::getenv("PLANMAP_DATA_DIR"); env && *env)
    return (fs::path(env) / "plans").string();
  // Installed: PREFIX/bin/planmap and PREFIX/share/planmap/plans. The build folder has the same
  // shape (build/app/planmap, build/tests/test_layers and build/share/planmap/plans), so the
  // program never needs its source tree.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  const fs::path dir = ec ? fs::current_path(ec) : exe.parent_path();
  return (dir / ".." / "share" / "planmap" / "plans").lexically_normal().string();
}

std::string bundledPlanPath(const std::string &planId)
{
  return (std::filesystem::path(bundledPlanDir()) / (planId + ".json")).string();
}

} // namespace layers
