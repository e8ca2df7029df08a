#include "data/spatialite/LayerViews.h"

#include "data/store/Json.h"
#include "data/store/StoreError.h"

namespace data::layerviews {

std::string geometryColumn(const std::string &geometryType)
{
  if (geometryType == "Point") return "geom_point";
  if (geometryType == "LineString") return "geom_line";
  if (geometryType == "Polygon") return "geom_poly";
  throw StoreError(StoreError::Kind::Invalid,
                   "unknown layer geometry type '" + geometryType + "' (Point, LineString or Polygon)");
}

std::string spatialIndexTable(const std::string &geometryType)
{
  return "idx_feature_" + geometryColumn(geometryType);
}

std::string fieldsToJson(const std::vector<FieldDef> &fields)
{
  std::string out = "[";
  for (const FieldDef &f : fields) {
    if (out.size() > 1) out += ',';
    out += "{\"name\":" + json::quote(f.name) + ",\"type\":" + json::quote(f.type) +
           ",\"required\":" + (f.required ? "true" : "false") + ",\"values\":[";
    for (std::size_t i = 0; i < f.values.size(); ++i)
      out += (i ? "," : "") + json::quote(f.values[i]);
    out += "],\"labelZh\":" + json::quote(f.labelZh) + ",\"labelEn\":" + json::quote(f.labelEn) + "}";
  }
  out += ']';
  return out;
}

std::vector<FieldDef> fieldsFromJson(const std::string &text)
{
  const json::Node doc = json::parse(text);
  if (doc.type != json::Node::Type::Array)
    throw StoreError(StoreError::Kind::Invalid, "layer fields must be a JSON array");
  std::vector<FieldDef> fields;
  for (const json::Node &item : doc.items) {
    FieldDef f;
    auto str = [&item](const char *key) {
      const json::Node *n = item.member(key);
      return n && n->type == json::Node::Type::String ? n->string : std::string();
    };
    f.name = str("name");
    f.type = str("type");
    f.labelZh = str("labelZh");
    f.labelEn = str("labelEn");
    if (const json::Node *n = item.member("required"))
      f.required = n->type == json::Node::Type::Bool && n->boolean;
    if (const json::Node *n = item.member("values"))
      for (const json::Node &v : n->items)
        f.values.push_back(v.string);
    fields.push_back(std::move(f));
  }
  return fields;
}

std::vector<LayerDef> readLayers(const Database &db)
{
  Statement st = db.prepare("SELECT id, name_zh, name_en, geometry_type, tracked, sort_order, fields_json "
                            "FROM layer ORDER BY sort_order, id");
  std::vector<LayerDef> layers;
  while (st.step()) {
    LayerDef l;
    l.id = st.text(0);
    l.nameZh = st.text(1);
    l.nameEn = st.text(2);
    l.geometryType = st.text(3);
    l.tracked = st.integer(4) != 0;
    l.sortOrder = static_cast<int>(st.integer(5));
    l.fields = fieldsFromJson(st.text(6));
    layers.push_back(std::move(l));
  }
  return layers;
}

namespace {

std::string quoteIdent(const std::string &name)
{
  std::string out = "\"";
  for (char c : name)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string quoteLiteral(const std::string &s)
{
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string viewSql(const LayerDef &layer)
{
  std::string cols = "f.id AS fid, f.code AS code, f.name AS name";
  for (const FieldDef &f : layer.fields) {
    const std::string sqlType = f.type == "integer" ? "INTEGER" : f.type == "real" ? "REAL" : "TEXT";
    cols += ", CAST(json_extract(f.attrs, " + quoteLiteral("$." + f.name) + ") AS " + sqlType + ") AS " +
            quoteIdent(f.name);
  }
  if (layer.tracked) cols += ", f.status AS status, f.last_event_date AS last_event_date";
  if (layer.geometryType == "LineString") {
    cols += ", f.length_m AS length_m";
    if (layer.tracked) cols += ", f.done_m AS done_m";
  }
  if (layer.geometryType == "Polygon") cols += ", f.area_m2 AS area_m2";
  cols += ", f.version AS version, f." + geometryColumn(layer.geometryType) + " AS geom";
  return "CREATE VIEW " + quoteIdent(layer.id) + " AS SELECT " + cols +
         " FROM feature AS f WHERE f.layer_id = " + quoteLiteral(layer.id);
}

} // namespace

void createView(Database &db, const LayerDef &layer)
{
  Statement unregister = db.prepare("DELETE FROM views_geometry_columns WHERE view_name = ?");
  unregister.bindText(1, layer.id).run();
  db.exec("DROP VIEW IF EXISTS " + quoteIdent(layer.id));
  db.exec(viewSql(layer));
  Statement reg =
      db.prepare("INSERT INTO views_geometry_columns(view_name, view_geometry, view_rowid, "
                 "f_table_name, f_geometry_column, read_only) VALUES(?, 'geom', 'fid', 'feature', ?, 1)");
  reg.bindText(1, layer.id).bindText(2, geometryColumn(layer.geometryType)).run();
}

void rebuildViews(Database &db)
{
  for (const LayerDef &layer : readLayers(db))
    createView(db, layer);
}

} // namespace data::layerviews
