#include "data/spatialite/LayerViews.h"

#include "data/store/RowDecode.h"

namespace data::layerviews {

std::string geometryColumn(GeometryType type)
{
  constexpr const char *kColumns[] = {"geom_point", "geom_line", "geom_poly"};
  return kColumns[static_cast<int>(type)];
}

std::string spatialIndexTable(GeometryType type)
{
  return "idx_feature_" + geometryColumn(type);
}

std::vector<LayerDef> readLayers(const Database &db)
{
  Statement st = db.prepare("SELECT id, name_zh, name_en, geometry_type, tracked, sort_order, fields_json "
                            "FROM layer ORDER BY sort_order, id");
  return decodeRows(st, rows::layer<Statement>);
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
  const GeometryType type = geometryTypeOf(layer);
  if (type == GeometryType::LineString) {
    cols += ", f.length_m AS length_m";
    if (layer.tracked) cols += ", f.done_m AS done_m";
  }
  if (type == GeometryType::Polygon) cols += ", f.area_m2 AS area_m2";
  cols += ", f.version AS version, f." + geometryColumn(type) + " AS geom";
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
  reg.bindText(1, layer.id).bindText(2, geometryColumn(geometryTypeOf(layer))).run();
}

void rebuildViews(Database &db)
{
  for (const LayerDef &layer : readLayers(db))
    createView(db, layer);
}

} // namespace data::layerviews
