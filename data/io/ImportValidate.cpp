// ImportRun: the checks of each feature read, and the rows they leave to write.
#include "data/io/ImportRun.h"

#include "data/store/FeatureRules.h"
#include "data/store/JsonText.h"
#include "data/store/StoreError.h"
#include "gis/Error.h"
#include "gis/Geodesic.h"
#include "gis/Geos.h"

#include <algorithm>

namespace data::importer {

void ImportRun::validate(SourceFeature &sf)
{
  const std::size_t ordinal = r->ordinal;
  if (!sf.geometry.isEmpty()) {
    ++r->typeCounts[sf.geometry.typeName()];
    r->dims.insert(sf.geometry.dimension());
    // A new layer takes the file's kind; a file of several kinds is refused once read.
    if (r->layerDim < 0) {
      r->layerDim = sf.geometry.dimension();
      r->layerType = layerTypeFor(r->layerDim);
    }
    r->storedLayer.geometryType = r->layerType;
  }
  if (r->firstErrorOrdinal == 0 && !sf.error.empty()) {
    r->firstErrorOrdinal = ordinal;
    r->firstError = sf.error;
  }
  if (r->mappingError) return;

  std::vector<std::string> problems = readValues(sf);
  problems.insert(problems.end(), r->missingRequired.begin(), r->missingRequired.end());
  if (!sf.error.empty()) problems.push_back(sf.error);
  if (sf.error.empty() && sf.geometry.isEmpty()) {
    note(mReport.empty, mReport.counts.empty, [] { return "no geometry"; });
    return;
  }
  gis::Geometry &g = sf.geometry;
  if (!g.isEmpty() && g.dimension() != r->layerDim)
    problems.push_back(std::string("is a ") + g.typeName() + "; layer " + o.layer + " takes " + r->layerType);
  if (!problems.empty()) {
    std::string msg;
    for (const auto &p : problems)
      msg += (msg.empty() ? "" : "; ") + p;
    note(mReport.errors, mReport.counts.errors, [&] { return msg; });
    return;
  }
  if (!repaired(g)) return;
  duplicate(g);
  if (mBoundary->active()) {
    const double d = mBoundary->distanceM(g, o.outsideToleranceM);
    if (d > o.outsideToleranceM)
      note(mReport.outside, mReport.counts.outside,
           [&] { return "at least " + kmText(d) + " outside the town boundary (wrong CRS?)"; });
  }
  double length = 0, area = 0;
  if (r->layerDim == 1) mReport.totalLengthM += length = gis::geodesicLength(g);
  if (r->layerDim == 2) mReport.totalAreaM2 += area = gis::geodesicArea(g);

  // Nothing is written once the file has an error, nor on a dry run: rows are kept only while
  // they may still be written.
  r->row.attrs.clear();
  if (mBulk && mReport.errors.empty()) encodeAttributes();
  if (needsSplit(g, static_cast<GeometryType>(r->layerDim))) {
    ++r->splitFeatures;
    const auto parts = splitParts(g);
    for (std::size_t k = 0; k < parts.size(); ++k)
      emit(r->code.empty() ? r->code : r->code + "-" + std::to_string(k + 1), parts[k],
           r->layerDim == 1 ? gis::geodesicLength(parts[k]) : 0.0, 0.0);
  } else {
    emit(r->code, g, length, area);
  }
}

// Takes the feature's name, code and attributes from its values as the mapping says; returns
// what is wrong with them.
std::vector<std::string> ImportRun::readValues(const SourceFeature &sf)
{
  const FieldMapping &mapping = r->mapping;
  r->name.clear();
  r->code.clear();
  std::vector<std::string> problems;
  std::fill(r->attrs.begin(), r->attrs.end(), nullptr);
  for (std::size_t i = 0; i < mapping.entries.size() && i < sf.values.size(); ++i) {
    const auto &e = mapping.entries[i];
    const Value &v = sf.values[i];
    if (e.target == FieldMapping::Target::Name)
      r->name = valueToString(v);
    else if (e.target == FieldMapping::Target::Code)
      r->code = valueToString(v);
    else if (e.target == FieldMapping::Target::Field) {
      std::string problem = convertValue(v, mapping.fields[e.field], r->converted[i]);
      if (!problem.empty())
        problems.push_back(std::move(problem));
      else if (!std::holds_alternative<std::monostate>(r->converted[i]))
        r->attrs[e.field] = &r->converted[i];
    }
  }
  return problems;
}

// Repairs an invalid geometry where GEOS can; false (and an error in the report) where not.
bool ImportRun::repaired(gis::Geometry &g)
{
  try {
    std::string reason;
    if (g.dimension() > 0 && !plainlyValid(g) && !gis::isValid(g, &reason)) {
      gis::Geometry fixed = gis::makeValid(g);
      if (fixed.isEmpty() || fixed.dimension() != r->layerDim) {
        note(mReport.errors, mReport.counts.errors,
             [&] { return "invalid geometry (" + reason + ") that cannot be repaired"; });
        return false;
      }
      note(mReport.repaired, mReport.counts.repaired, [&] { return reason; });
      g = std::move(fixed);
    }
  } catch (const gis::Error &e) {
    note(mReport.errors, mReport.counts.errors, [&] { return std::string("invalid geometry: ") + e.what(); });
    return false;
  }
  return true;
}

// Notes the feature when an earlier one has the same geometry, name and attributes (in key
// order, as a stored feature has them).
bool ImportRun::duplicate(const gis::Geometry &g)
{
  Digest digest;
  digest.value(static_cast<int>(g.type()));
  for (const auto &part : g.parts()) {
    digest.value(part.size());
    for (const auto &path : part) {
      digest.value(path.size());
      digest.bytes(path.data(), path.size() * sizeof(gis::Point));
    }
  }
  digest.text(r->name);
  for (std::size_t k : r->fieldOrder) {
    if (!r->attrs[k]) continue;
    const Value &v = *r->attrs[k];
    digest.text(r->mapping.fields[k].name);
    digest.value(v.index());
    if (const auto *i = std::get_if<std::int64_t>(&v)) digest.value(*i);
    if (const auto *x = std::get_if<double>(&v)) digest.value(*x);
    if (const auto *t = std::get_if<std::string>(&v)) digest.text(*t);
  }
  const std::size_t first = r->seen.insert(digest.result(), r->ordinal);
  if (first)
    note(
        mReport.duplicates, mReport.counts.duplicates, [] { return ""; }, first);
  return first != 0;
}

// The attributes as attributesToJson writes them, from the pre-quoted keys.
void ImportRun::encodeAttributes()
{
  std::string &json = r->row.attrs;
  json = "{";
  for (std::size_t k : r->fieldOrder) {
    if (!r->attrs[k]) continue;
    if (json.size() > 1) json += ',';
    json += r->fieldKeys[k];
    const Value &v = *r->attrs[k];
    if (const auto *i = std::get_if<std::int64_t>(&v))
      json += std::to_string(*i);
    else if (const auto *x = std::get_if<double>(&v))
      json += jsonNumber(*x);
    else if (const auto *t = std::get_if<std::string>(&v))
      json += jsonQuote(*t);
  }
  json += '}';
}

void ImportRun::emit(const std::string &pieceCode, const gis::Geometry &piece, double pieceLength,
                     double pieceArea)
{
  if (!pieceCode.empty() && !r->codes.insert(pieceCode).second) {
    note(mReport.errors, mReport.counts.errors,
         [&] { return "code " + pieceCode + " appears twice in the file"; });
    return;
  }
  if (!pieceCode.empty() && mProjectCodes->used(pieceCode)) {
    note(mReport.errors, mReport.counts.errors,
         [&] { return "code " + pieceCode + " is already used in the project"; });
    return;
  }
  ++r->toWrite;
  if (o.dryRun) {
    mReport.preview.push_back(piece); // the GUI's map preview
    return;
  }
  if (!mReport.errors.empty()) return;
  if (mBulk) {
    stage(pieceCode, piece, pieceLength, pieceArea);
    return;
  }
  Feature f;
  f.layerId = o.layer;
  f.code = pieceCode;
  f.name = r->name;
  f.geometry = piece;
  for (std::size_t k = 0; k < r->attrs.size(); ++k)
    if (r->attrs[k]) f.attributes[r->mapping.fields[k].name] = *r->attrs[k];
  r->out.push_back(std::move(f));
}

// Encodes a row for the bulk path and spools it; false (and the store's reason, for later) when
// the store would refuse it.
bool ImportRun::stage(const std::string &pieceCode, const gis::Geometry &piece, double pieceLength,
                      double pieceArea)
{
  EncodedFeature &row = r->row;
  try {
    // The store's own polygon checks (closed rings of 4 points or more); points and lines are in
    // its form already (one part, 2 vertices or more, finite: the reader saw to it).
    if (r->layerDim == 2) {
      Feature check;
      check.code = pieceCode;
      check.name = r->name;
      check.geometry = piece;
      storedGeometry(r->storedLayer, check);
    }
    row.code = pieceCode;
    row.name = r->name;
    row.lengthM = pieceLength;
    row.areaM2 = pieceArea;
    row.geometry.clear();
    mBulk->encodeGeometry(row.geometry, piece);
  } catch (const StoreError &e) {
    if (r->storeProblem.empty()) r->storeProblem = e.what();
    return false;
  }
  r->spool.add(row);
  return true;
}

} // namespace data::importer
