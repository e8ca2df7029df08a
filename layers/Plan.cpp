#include "layers/Plan.h"

#include "data/FeatureRules.h"
#include "data/StoreError.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <stdexcept>

namespace layers {

namespace {

const std::set<std::string> kKinds{"count", "length", "area", "attribute_sum", "ratio", "indicator"};
const std::set<std::string> kGroups{"product", "engineering", "services", "environment"};
const std::set<std::string> kComparators{">=", "<=", "=="};
const std::set<std::string> kGeometryTypes{"Point", "LineString", "Polygon"};
const std::set<std::string> kFieldTypes{"text", "integer", "real"};

std::string joined(const std::set<std::string> &values)
{
  std::string out;
  for (const auto &v : values)
    out += (out.empty() ? "" : ", ") + v;
  return out;
}

// Reads one JSON object and names the exact path ("targets[3].goal") in every error, so a user
// editing the plan file by hand knows which line to fix.
class Reader
{
public:
  Reader(const QJsonObject &obj, std::string path, const std::string &file)
      : mObj(obj)
      , mPath(std::move(path))
      , mFile(file)
  {
  }

  [[noreturn]] void fail(const std::string &key, const std::string &what) const
  {
    std::string where = mPath.empty() ? key : (key.empty() ? mPath : mPath + "." + key);
    throw std::runtime_error(mFile + ": " + where + ": " + what);
  }

  bool has(const char *key) const { return mObj.contains(QLatin1String(key)); }

  std::string text(const char *key, bool required = true) const
  {
    QJsonValue v = mObj.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) {
      if (required) fail(key, "missing");
      return {};
    }
    if (!v.isString()) fail(key, "must be a string");
    std::string s = v.toString().toStdString();
    if (required && s.empty()) fail(key, "must not be empty");
    return s;
  }

  std::string oneOf(const char *key, const std::set<std::string> &allowed) const
  {
    std::string s = text(key);
    if (!allowed.count(s)) fail(key, "'" + s + "' is not one of " + joined(allowed));
    return s;
  }

  std::string date(const char *key) const
  {
    static const QRegularExpression re(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    std::string s = text(key);
    if (!re.match(QString::fromStdString(s)).hasMatch()) fail(key, "'" + s + "' is not a date YYYY-MM-DD");
    return s;
  }

  double number(const char *key) const
  {
    QJsonValue v = mObj.value(QLatin1String(key));
    if (v.isUndefined()) fail(key, "missing");
    if (!v.isDouble()) fail(key, "must be a number");
    return v.toDouble();
  }

  bool boolean(const char *key, bool fallback) const
  {
    QJsonValue v = mObj.value(QLatin1String(key));
    if (v.isUndefined()) return fallback;
    if (!v.isBool()) fail(key, "must be true or false");
    return v.toBool();
  }

  QJsonArray array(const char *key, bool required) const
  {
    QJsonValue v = mObj.value(QLatin1String(key));
    if (v.isUndefined()) {
      if (required) fail(key, "missing");
      return {};
    }
    if (!v.isArray()) fail(key, "must be an array");
    return v.toArray();
  }

  std::vector<std::string> strings(const char *key) const
  {
    std::vector<std::string> out;
    QJsonArray a = array(key, false);
    for (qsizetype i = 0; i < a.size(); ++i) {
      if (!a[i].isString()) fail(std::string(key) + "[" + std::to_string(i) + "]", "must be a string");
      out.push_back(a[i].toString().toStdString());
    }
    return out;
  }

  std::optional<Reader> child(const char *key, bool required) const
  {
    QJsonValue v = mObj.value(QLatin1String(key));
    if (v.isUndefined()) {
      if (required) fail(key, "missing");
      return std::nullopt;
    }
    if (!v.isObject()) fail(key, "must be an object");
    return Reader(v.toObject(), mPath.empty() ? key : mPath + "." + key, mFile);
  }

  Reader element(const QJsonArray &a, const char *key, qsizetype i) const
  {
    std::string path = (mPath.empty() ? std::string(key) : mPath + "." + key) + "[" + std::to_string(i) + "]";
    if (!a[i].isObject()) throw std::runtime_error(mFile + ": " + path + ": must be an object");
    return Reader(a[i].toObject(), path, mFile);
  }

  const QJsonObject &object() const { return mObj; }
  const std::string &path() const { return mPath; }
  const std::string &file() const { return mFile; }

private:
  QJsonObject mObj;
  std::string mPath;
  std::string mFile;
};

data::FieldDef parseField(const Reader &r)
{
  data::FieldDef f;
  f.name = r.text("name");
  static const QRegularExpression ascii(QStringLiteral("^[a-z_][a-z0-9_]*$"));
  if (!ascii.match(QString::fromStdString(f.name)).hasMatch())
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
  data::LayerDef l;
  l.id = r.text("id");
  l.nameZh = r.text("name_zh");
  l.nameEn = r.text("name_en");
  l.geometryType = r.oneOf("geometry", kGeometryTypes);
  l.tracked = r.boolean("tracked", false);
  l.sortOrder = r.has("sort_order") ? static_cast<int>(r.number("sort_order")) : 0;
  QJsonArray fields = r.array("fields", false);
  std::set<std::string> names;
  for (qsizetype i = 0; i < fields.size(); ++i) {
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
  if (auto filter = r.child("filter", false)) {
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
  if (t.kind == "attribute_sum" || t.kind == "ratio") {
    t.attribute = r.text("attribute");
    needField(r, "attribute", t.attribute);
  }
  if (t.kind == "attribute_sum") {
    const data::FieldDef *f = findField(layer, t.attribute);
    if (f->type == "text")
      r.fail("attribute", "field '" + t.attribute + "' is text; attribute_sum needs a number");
  }
  if (t.kind == "ratio") {
    t.ratioValues = r.strings("ratio_values");
    if (t.ratioValues.empty()) r.fail("ratio_values", "a ratio target needs at least one value");
  }
  if ((t.kind == "length") && layer.geometryType != "LineString")
    r.fail("", "a length target needs a LineString layer, '" + layer.id + "' is " + layer.geometryType);
  if ((t.kind == "area") && layer.geometryType != "Polygon")
    r.fail("", "an area target needs a Polygon layer, '" + layer.id + "' is " + layer.geometryType);
  t.ruleJson = QJsonDocument(r.object()).toJson(QJsonDocument::Compact).toStdString();
}

Target parseTarget(const Reader &r, const std::vector<data::LayerDef> &layers)
{
  Target t;
  t.id = r.text("id");
  t.group = r.oneOf("group", kGroups);
  t.nameZh = r.text("name_zh");
  t.nameEn = r.text("name_en");
  t.kind = r.oneOf("kind", kKinds);
  t.goal = r.number("goal");
  t.comparator = r.oneOf("comparator", kComparators);
  t.unit = r.text("unit");
  t.unitEn = r.text("unit_en");
  t.source = r.text("source", false);
  if (t.kind == "indicator") {
    if (r.has("layer")) r.fail("layer", "an indicator target is measured, not counted on a layer");
    t.ruleJson = "{}";
    return t;
  }
  t.layerId = r.text("layer");
  auto layer = std::find_if(layers.begin(), layers.end(), [&](const auto &l) { return l.id == t.layerId; });
  if (layer == layers.end()) r.fail("layer", "'" + t.layerId + "' is not one of the plan's layers");
  if (!layer->tracked && t.kind != "ratio")
    r.fail("layer", "layer '" + t.layerId + "' is not tracked, so nothing on it can be done");
  auto rule = r.child("rule", t.kind == "ratio" || t.kind == "attribute_sum");
  parseRule(rule ? *rule : Reader(QJsonObject(), r.path() + ".rule", r.file()), t, *layer);
  return t;
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
  QJsonParseError err;
  QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &err);
  if (err.error != QJsonParseError::NoError)
    throw std::runtime_error(sourceName + ": not valid JSON at byte " + std::to_string(err.offset) + ": " +
                             err.errorString().toStdString());
  if (!doc.isObject()) throw std::runtime_error(sourceName + ": the plan must be a JSON object");
  Reader r(doc.object(), "", sourceName);

  Plan p;
  p.id = r.text("id");
  p.titleZh = r.text("title_zh");
  p.titleEn = r.text("title_en");
  p.docNumber = r.text("docNumber", false);
  p.town = r.text("town");
  p.townEn = r.text("town_en", false);
  p.startDate = r.date("startDate");
  p.deadline = r.date("deadline");
  if (p.deadline < p.startDate) r.fail("deadline", p.deadline + " is before startDate " + p.startDate);

  QJsonArray layers = r.array("layers", true);
  std::set<std::string> layerIds;
  for (qsizetype i = 0; i < layers.size(); ++i) {
    Reader lr = r.element(layers, "layers", i);
    data::LayerDef l = parseLayer(lr);
    if (!layerIds.insert(l.id).second) lr.fail("id", "layer '" + l.id + "' appears twice");
    try {
      data::checkLayerDef(l); // the store's own rules, so a plan that loads can be stored
    } catch (const data::StoreError &e) {
      lr.fail("", e.what());
    }
    p.layers.push_back(std::move(l));
  }

  QJsonArray targets = r.array("targets", true);
  if (targets.isEmpty()) r.fail("targets", "a plan needs at least one target");
  std::set<std::string> targetIds;
  for (qsizetype i = 0; i < targets.size(); ++i) {
    Reader tr = r.element(targets, "targets", i);
    Target t = parseTarget(tr, p.layers);
    if (!targetIds.insert(t.id).second) tr.fail("id", "target '" + t.id + "' appears twice");
    p.targets.push_back(std::move(t));
  }
  p.json = json;
  return p;
}

Plan Plan::fromFile(const std::string &path)
{
  QFile f(QString::fromStdString(path));
  if (!f.open(QIODevice::ReadOnly))
    throw std::runtime_error(path + ": cannot read the plan file: " + f.errorString().toStdString());
  return fromJson(f.readAll().toStdString(), path);
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
    r.kind = t.kind;
    r.goal = t.goal;
    r.comparator = t.comparator;
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
