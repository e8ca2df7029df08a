#pragma once

#include "data/io/ImportSource.h"
#include "data/store/Model.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace data {

// How the file's fields land in the target layer: the feature's own name and code, one of the
// layer's fields, or nowhere.
struct FieldMapping
{
  enum class Target { Skip, Name, Code, Field };
  struct Entry
  {
    Target target = Target::Skip;
    std::size_t field = 0; // index into `fields` when target == Field
  };
  std::vector<Entry> entries;        // aligned with SourceData::fields
  std::vector<FieldDef> fields;      // the target layer's schema (for a new layer: made from the file's)
  std::vector<std::string> unmapped; // source fields that go nowhere
};

// Auto-matches by name (case-insensitive; also the layer fields' Chinese and English labels),
// "name" and "code" to the feature's own; `explicitMap` (--map SRC=DST) wins. For a new layer
// (`existing` empty) every other source field becomes a layer field with an ASCII column name.
// Throws ImportError naming the file for a --map naming a field that does not exist.
FieldMapping mapFields(const std::vector<SourceField> &source, const std::optional<LayerDef> &existing,
                       const std::vector<std::pair<std::string, std::string>> &explicitMap,
                       const std::string &file);

// Converts a value to a field's type and checks its value list. Returns "" when fine, else the
// problem ("'abc' is not an integer").
std::string convertValue(const Value &in, const FieldDef &field, Value &out);

// An ASCII column name for a field name in any script ("河道名称" -> "field_3", "Road Name" -> "road_name").
std::string columnName(const std::string &name, std::size_t position);

} // namespace data
