#include "data/io/ImportMapping.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace data {

namespace {

std::string lower(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trim(const std::string &s)
{
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool isAscii(const std::string &s)
{
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Columns the store's layer views already have.
const std::set<std::string> &reservedColumns()
{
  static const std::set<std::string> names{
      "id",       "fid",     "code",   "name",     "geometry", "geom",       "status", "layer",
      "layer_id", "version", "done_m", "length_m", "area_m2",  "attributes", "rowid",  "last_event_date"};
  return names;
}

std::string numberText(double d)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

std::string quoted(const std::string &s)
{
  return "'" + s.substr(0, 60) + "'";
}

} // namespace

std::string columnName(const std::string &name, std::size_t position)
{
  std::string r;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80)
      r += static_cast<char>(std::tolower(u));
    else if (!r.empty() && r.back() != '_')
      r += '_';
  }
  while (!r.empty() && r.back() == '_')
    r.pop_back();
  // Names in Chinese or other scripts keep their text as the field's label; the column needs ASCII.
  if (r.size() > 50) r.resize(50); // the store allows 63; room for a uniqueness suffix
  if (r.empty() || !isAscii(name) || std::isdigit(static_cast<unsigned char>(r[0])))
    r = "field_" + std::to_string(position + 1);
  if (reservedColumns().count(r)) r += "_1";
  return r;
}

namespace {

// A source field by name, exactly, else ignoring case.
std::optional<std::size_t> sourceIndex(const std::vector<SourceField> &source, const std::string &name)
{
  for (std::size_t i = 0; i < source.size(); ++i)
    if (source[i].name == name) return i;
  for (std::size_t i = 0; i < source.size(); ++i)
    if (lower(source[i].name) == lower(name)) return i;
  return std::nullopt;
}

// A layer field by name (ignoring case) or by its Chinese or English label.
std::optional<std::size_t> targetField(const std::vector<FieldDef> &fields, const std::string &name)
{
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto &f = fields[i];
    if (lower(f.name) == lower(name) || (!f.labelZh.empty() && f.labelZh == name) ||
        (!f.labelEn.empty() && lower(f.labelEn) == lower(name)))
      return i;
  }
  return std::nullopt;
}

std::string fieldNames(const std::vector<SourceField> &source)
{
  std::string s;
  for (const auto &f : source)
    s += (s.empty() ? "" : ", ") + f.name;
  return s.empty() ? std::string("none") : s;
}

// The mapping being built, with the source fields already decided and the field names in use.
struct MappingState
{
  FieldMapping &m;
  const std::vector<SourceField> &source;
  const std::optional<LayerDef> &existing;
  std::vector<bool> decided;
  std::set<std::string> taken;
};

// --map SRC=DST pairs, each deciding one source field.
void applyExplicitMap(MappingState &st, const std::vector<std::pair<std::string, std::string>> &explicitMap,
                      const std::string &file)
{
  FieldMapping &m = st.m;
  for (const auto &[src, dst] : explicitMap) {
    const auto si = sourceIndex(st.source, src);
    if (!si)
      throw ImportError("--map " + src + "=" + dst + ": " + file + " has no field '" + src +
                        "' (fields: " + fieldNames(st.source) + ")");
    st.decided[*si] = true;
    auto &e = m.entries[*si];
    if (dst.empty()) continue; // --map SRC= leaves the field out
    if (lower(dst) == "name")
      e.target = FieldMapping::Target::Name;
    else if (lower(dst) == "code")
      e.target = FieldMapping::Target::Code;
    else if (auto ti = targetField(m.fields, dst)) {
      e.target = FieldMapping::Target::Field;
      e.field = *ti;
    } else if (!st.existing) {
      FieldDef fd;
      fd.name = columnName(dst, m.fields.size());
      fd.type = st.source[*si].type;
      (isAscii(dst) ? fd.labelEn : fd.labelZh) = dst;
      if (st.taken.count(fd.name)) fd.name += "_" + std::to_string(m.fields.size() + 1);
      st.taken.insert(fd.name);
      e.target = FieldMapping::Target::Field;
      e.field = m.fields.size();
      m.fields.push_back(fd);
    } else {
      std::string names;
      for (const auto &f : m.fields)
        names += (names.empty() ? "" : ", ") + f.name;
      throw ImportError("--map " + src + "=" + dst + ": layer " + st.existing->id + " has no field '" + dst +
                        "' (fields: name, code" + (names.empty() ? "" : ", " + names) + ")");
    }
  }
}

// The source fields no --map decided, by name: name, code, a layer field, else a new field of a
// new layer or left out.
void mapByName(MappingState &st)
{
  FieldMapping &m = st.m;
  const std::vector<SourceField> &source = st.source;
  bool nameTaken = false, codeTaken = false;
  for (const auto &e : m.entries) {
    nameTaken |= e.target == FieldMapping::Target::Name;
    codeTaken |= e.target == FieldMapping::Target::Code;
  }
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (st.decided[i]) continue;
    auto &e = m.entries[i];
    const std::string key = lower(source[i].name);
    if (key == "name" && !nameTaken) {
      e.target = FieldMapping::Target::Name;
      nameTaken = true;
    } else if (key == "code" && !codeTaken) {
      e.target = FieldMapping::Target::Code;
      codeTaken = true;
    } else if (auto ti = targetField(m.fields, source[i].name)) {
      e.target = FieldMapping::Target::Field;
      e.field = *ti;
    } else if (!st.existing) {
      FieldDef fd;
      fd.name = columnName(source[i].name, i);
      while (st.taken.count(fd.name))
        fd.name += "_" + std::to_string(i + 1);
      st.taken.insert(fd.name);
      fd.type = source[i].type;
      (isAscii(source[i].name) ? fd.labelEn : fd.labelZh) = source[i].name;
      e.target = FieldMapping::Target::Field;
      e.field = m.fields.size();
      m.fields.push_back(fd);
    } else {
      m.unmapped.push_back(source[i].name);
    }
  }
}

} // namespace

FieldMapping mapFields(const std::vector<SourceField> &source, const std::optional<LayerDef> &existing,
                       const std::vector<std::pair<std::string, std::string>> &explicitMap,
                       const std::string &file)
{
  FieldMapping m;
  m.entries.resize(source.size());
  if (existing) m.fields = existing->fields;
  MappingState st{m, source, existing, std::vector<bool>(source.size(), false), {}};
  for (const auto &f : m.fields)
    st.taken.insert(f.name);
  applyExplicitMap(st, explicitMap, file);
  mapByName(st);
  return m;
}

std::string convertValue(const Value &in, const FieldDef &field, Value &out)
{
  out = std::monostate{};
  if (const auto *s = std::get_if<std::string>(&in); s && field.type != "text" && trim(*s).empty()) {
    // An empty cell in a typed column is a missing value, as spreadsheets mean it.
  } else if (field.type == "integer") {
    if (const auto *i = std::get_if<std::int64_t>(&in))
      out = *i;
    else if (const auto *d = std::get_if<double>(&in)) {
      if (!std::isfinite(*d) || std::floor(*d) != *d || std::fabs(*d) > 9.0e15)
        return "field " + field.name + ": " + numberText(*d) + " is not an integer";
      out = static_cast<std::int64_t>(*d);
    } else if (const auto *s = std::get_if<std::string>(&in)) {
      const std::string t = trim(*s);
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (ec != std::errc() || p != t.data() + t.size())
        return "field " + field.name + ": " + quoted(*s) + " is not an integer";
      out = v;
    }
  } else if (field.type == "real") {
    if (const auto *i = std::get_if<std::int64_t>(&in))
      out = static_cast<double>(*i);
    else if (const auto *d = std::get_if<double>(&in)) {
      if (!std::isfinite(*d))
        return "field " + field.name + ": " + numberText(*d) + " is not a finite number";
      out = *d;
    } else if (const auto *s = std::get_if<std::string>(&in)) {
      const std::string t = trim(*s);
      char *end = nullptr;
      const double v = std::strtod(t.c_str(), &end);
      if (end != t.c_str() + t.size() || !std::isfinite(v))
        return "field " + field.name + ": " + quoted(*s) + " is not a number";
      out = v;
    }
  } else {
    if (const auto *d = std::get_if<double>(&in))
      out = std::isfinite(*d) ? numberText(*d) : std::string();
    else if (!std::holds_alternative<std::monostate>(in))
      out = valueToString(in);
  }
  if (std::holds_alternative<std::monostate>(out)) {
    if (field.required) return "field " + field.name + " is required but empty";
    return {};
  }
  if (!field.values.empty()) {
    const std::string text = valueToString(out);
    if (std::find(field.values.begin(), field.values.end(), text) == field.values.end()) {
      std::string allowed;
      for (const auto &v : field.values)
        allowed += (allowed.empty() ? "" : ", ") + v;
      return "field " + field.name + ": " + quoted(text) + " is not one of " + allowed;
    }
  }
  return {};
}

} // namespace data
