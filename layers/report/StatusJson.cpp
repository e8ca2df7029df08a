#include "layers/report/StatusJson.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace layers {

Json jsonNumber(double v, int decimals)
{
  if (!std::isfinite(v)) return nullptr;
  if (std::fabs(v) >= 1e15) return v;
  // The decimal text rounded as printf rounds it, read back: the shortest form of that double is
  // the same digits, without trailing zeros.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  double rounded = 0;
  std::from_chars(buf, buf + std::char_traits<char>::length(buf), rounded);
  if (rounded == std::floor(rounded)) return static_cast<std::int64_t>(rounded); // also -0 -> 0
  return rounded;
}

std::string dumpJson(const Json &json)
{
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

Json optionalText(const std::string &s)
{
  return s.empty() ? Json(nullptr) : Json(s);
}

// What every document says of a target first, in this order.
Json targetHead(const Target &t)
{
  return {{"id", t.id},
          {"group", t.group},
          {"name_zh", t.nameZh},
          {"name_en", t.nameEn},
          {"kind", t.kindName()},
          {"comparator", t.comparatorSymbol()},
          {"goal", jsonNumber(t.goal)}};
}

} // namespace

Json targetJson(const Target &t, const TargetProgress &p)
{
  const bool unmeasured = t.kind == data::TargetKind::Indicator && !p.latest;
  Json o = targetHead(t);
  o["value"] = unmeasured ? Json(nullptr) : jsonNumber(p.value);
  o["unit"] = t.unit;
  o["unit_en"] = t.unitEn;
  o["percent"] = jsonNumber(p.percent, 2);
  o["met"] = p.met;
  if (!t.layerId.empty()) {
    o["layer"] = t.layerId;
    o["features_done"] = p.featuresDone;
    o["features_total"] = p.featuresTotal;
  }
  if (t.kind == data::TargetKind::Length && t.layerId == "rivers") {
    o["rivers_done"] = p.featuresDone;
    o["rivers_total"] = p.featuresTotal;
  }
  if (t.kind == data::TargetKind::Ratio) {
    o["share_by_count"] = jsonNumber(p.shareByCount, 3);
    o["share_by_length"] = jsonNumber(p.shareByLength, 3);
  }
  if (t.kind == data::TargetKind::Indicator && p.latest) o["latest_date"] = p.latestDate;
  return o;
}

void addScheduleJson(Json &o, const Target &t, const Forecast &f, const TargetProgress *then,
                     const TargetProgress &now)
{
  o["lead"] = optionalText(t.lead);
  o["support"] = t.support;
  o["state"] = targetStateName(f.state);
  o["expected"] = jsonNumber(f.expected, 3);
  if (!then) return;
  const bool measured = t.kind == data::TargetKind::Indicator;
  const bool hasNow = !measured || now.latest, hasThen = !measured || then->latest;
  o["value_then"] = hasThen ? jsonNumber(then->value) : Json(nullptr);
  o["delta"] = hasNow && hasThen ? jsonNumber(now.value - then->value) : Json(nullptr);
}

Json statusJson(const std::string &project, const data::Store &store, const Plan &plan,
                const StatusFigures &figures, bool byVillage)
{
  const Rollup &rollup = figures.rollup;
  Json o = {{"project", project},
            {"synthetic", store.isSynthetic()},
            {"plan", plan.id},
            {"title_zh", plan.titleZh},
            {"title_en", plan.titleEn},
            {"doc_number", plan.docNumber},
            {"as_of", optionalText(rollup.asOf)}};
  Json targets = Json::array();
  for (std::size_t i = 0; i < plan.targets.size() && i < rollup.targets.size(); ++i) {
    Json t = targetJson(plan.targets[i], rollup.targets[i]);
    if (i < figures.forecasts.size())
      addScheduleJson(t, plan.targets[i], figures.forecasts[i],
                      figures.then ? &figures.then->targets[i] : nullptr, rollup.targets[i]);
    targets.push_back(std::move(t));
  }
  o["targets"] = std::move(targets);
  if (byVillage) {
    Json villages = Json::array();
    for (const auto &vp : rollup.villages) {
      Json vt = Json::array();
      for (const auto &tp : vp.targets)
        if (const auto *t = plan.target(tp.targetId)) vt.push_back(targetJson(*t, tp));
      villages.push_back({{"id", vp.villageId}, {"name", vp.villageName}, {"targets", std::move(vt)}});
    }
    o["villages"] = std::move(villages);
  }
  if (figures.then) o["compare"] = figures.compareDate;
  return o;
}

Json unitsJson(const std::vector<UnitProgress> &units)
{
  Json list = Json::array();
  for (const auto &u : units) {
    Json o = {{"unit", optionalText(u.unit)}, {"targets", u.targetIds}, {"supports", u.supportedIds}};
    for (int s = 0; s < kTargetStateCount; ++s)
      o[targetStateName(static_cast<TargetState>(s))] = u.states[s];
    list.push_back(std::move(o));
  }
  return list;
}

Json targetPlanJson(const Target &t)
{
  Json milestones = Json::array();
  for (const auto &m : t.milestones)
    milestones.push_back({{"date", m.date}, {"value", jsonNumber(m.value)}});
  Json o = targetHead(t);
  o["unit"] = t.unit;
  o["lead"] = optionalText(t.lead);
  o["support"] = t.support;
  o["milestones"] = std::move(milestones);
  return o;
}

Json historyJson(const data::Store &store, const data::Feature &feature,
                 const std::vector<data::Event> &events)
{
  Json list = Json::array();
  for (const auto &e : events) {
    Json photos = Json::array();
    for (const auto &a : store.attachments(e.uuid))
      photos.push_back({{"uuid", a.uuid}, {"file", a.fileName}});
    list.push_back({{"uuid", e.uuid},
                    {"kind", data::eventKindName(e.kind)},
                    {"status", data::statusName(e.status)},
                    {"date", e.date},
                    {"user", e.user},
                    {"note", e.note},
                    {"from_m", e.fromM ? jsonNumber(*e.fromM, 3) : Json(nullptr)},
                    {"to_m", e.toM ? jsonNumber(*e.toM, 3) : Json(nullptr)},
                    {"retracts", optionalText(e.retracts)},
                    {"recorded_at", e.recordedAt},
                    {"entered_by", optionalText(e.enteredBy)},
                    {"attachments", std::move(photos)}});
  }
  return {{"feature",
           {{"id", feature.id},
            {"code", feature.code},
            {"name", feature.name},
            {"layer", feature.layerId},
            {"status", data::statusName(feature.status)}}},
          {"events", std::move(list)}};
}

Json featuresJson(const std::string &project, const data::Store &store, const data::LayerDef &layer,
                  const std::vector<data::Feature> &features)
{
  const bool isLine = layer.geometryType == "LineString";
  const bool isPolygon = layer.geometryType == "Polygon";
  Json list = Json::array();
  for (const auto &f : features) {
    Json o = {{"id", f.id}, {"code", f.code}, {"name", f.name}, {"status", data::statusName(f.status)}};
    if (isLine) {
      o["length_m"] = jsonNumber(f.lengthM, 2);
      o["done_m"] = jsonNumber(f.doneM, 2);
    }
    if (isPolygon) o["area_m2"] = jsonNumber(f.areaM2, 1);
    list.push_back(std::move(o));
  }
  return {{"project", project},
          {"layer", layer.id},
          {"synthetic", store.isSynthetic()},
          {"features", std::move(list)}};
}

} // namespace layers
